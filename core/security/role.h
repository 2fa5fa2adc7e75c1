#pragma once

#include "permission.h"

#include <QList>
#include <QString>

#include <optional>

namespace aiochat {

/** @brief What an operator may do: everything, the daily work, or look only. */
enum class Role
{
    Admin,
    Agent,
    Viewer
};

[[nodiscard]] QString toString(Role role);
[[nodiscard]] std::optional<Role> roleFromString(const QString &name);

/**
 * @brief The permission matrix, enforced by the Console API before any handler runs:
 * admin — everything; agent — conversations, customers (incl. revealing personal fields), sending,
 * verification, knowledge, the Sandbox; viewer — read-only, personal fields masked.
 */
[[nodiscard]] bool roleAllows(Role role, Permission permission);

} // namespace aiochat
