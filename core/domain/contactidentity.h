#pragma once

#include "enums.h"
#include "timestamps.h"

#include <QString>

namespace aiochat {

/**
 * @brief One chat identity of a customer on a platform (a Telegram user or group chat, a WhatsApp
 * number, a Sandbox tester). A contact may have several; an identity may not be linked yet.
 */
struct ContactIdentity
{
    qint64 id = 0;
    qint64 contactId = 0; ///< 0 until linked to a CRM contact
    Platform platform = Platform::Sandbox;
    QString platformUserId; ///< Telegram user/chat id, WhatsApp wa_id; personal data
    QString displayName;    ///< profile name as the platform reports it
    QString username;       ///< Telegram @username, if any
    bool isGroup = false;
    bool blocked = false; ///< the customer blocked the bot
    Millis verifiedAt = 0;
    Millis verificationExpiresAt = 0;
    QString verifiedBy;           ///< "customer", "customer+phone" or "operator"
    int verifyFailures = 0;       ///< failed attempts since the last success or lock
    Millis verifyLockedUntil = 0; ///< no attempt is checked before this
    Millis createdAt = 0;
    Millis lastSeenAt = 0;
};

} // namespace aiochat
