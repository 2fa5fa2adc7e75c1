#pragma once

#include "conversations/inboundmessage.h"
#include "domain/enums.h"
#include "domain/timestamps.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace aiochat {

/** @brief A customer edited a message we stored (Telegram edited_message). */
struct MessageEdit
{
    Platform platform = Platform::Telegram;
    QString platformUserId; ///< the chat identity
    QString platformMessageId;
    QString text;
    Millis editedAt = 0;
};

/** @brief A platform's report on one of our outbound messages (WhatsApp statuses[]). */
struct DeliveryReport
{
    Platform platform = Platform::WhatsApp;
    QString platformMessageId; ///< e.g. the wamid we got when sending
    DeliveryStatus status = DeliveryStatus::Sent;
    Millis at = 0;
    QString error; ///< "131047: Re-engagement message — details" for failures
};

/** @brief Something about an identity changed without a message (blocked the bot, shared a phone).
 */
struct IdentityChange
{
    enum class Kind
    {
        Blocked,
        Unblocked,
        PhoneEvidence
    };
    Kind kind = Kind::Blocked;
    Platform platform = Platform::Telegram;
    QString platformUserId;
    QString phone; ///< PhoneEvidence: a number the user shared about themselves
};

/**
 * @brief What one journal entry (a webhook request or a polled update) means for the CRM. A
 * normaliser fills it from the raw bytes; the journal processor applies it in one transaction.
 */
struct NormalizedEvents
{
    QList<InboundMessage> messages;
    QList<MessageEdit> edits;
    QList<DeliveryReport> reports;
    QList<IdentityChange> identityChanges;
    QStringList kinds; ///< update kinds seen, for metrics ("message", "statuses", "unknown"…)
    QStringList
        errors; ///< platform-reported errors (WhatsApp value-level errors), for logs and metrics
    bool unknownKind = false; ///< nothing we process: acknowledged and kept, never retried
};

} // namespace aiochat
