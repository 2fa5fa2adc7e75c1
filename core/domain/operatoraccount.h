#pragma once

#include "security/role.h"
#include "timestamps.h"

#include <QString>

namespace aiochat {

/** @brief A person who works in the console. The password hash never leaves the backend. */
struct OperatorAccount
{
    qint64 id = 0;
    QString email;
    QString displayName;
    Role role = Role::Agent;
    QString passwordHash;
    bool disabled = false;
    int tokenGeneration = 0; ///< bumped on password change and disable: older tokens stop working
    Millis passwordChangedAt = 0;
    Millis lastLoginAt = 0;
    Millis createdAt = 0;
};

} // namespace aiochat
