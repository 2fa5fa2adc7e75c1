#pragma once

#include "domain/enums.h"
#include "domain/timestamps.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace aiochat {

/**
 * @brief One message waiting in the outbox, with what a sender needs: where it goes and what
 * it says. payload is {"type":"text","text":…,"replyMarkup":{…}} or
 * {"type":"template","template":{"name":…,"language":…,"parameters":[…]},"text":preview}.
 */
struct OutboundEntry
{
    qint64 id = 0;
    qint64 messageId = 0;
    qint64 conversationId = 0;
    qint64 identityId = 0;
    Platform platform = Platform::Sandbox;
    QString recipient; ///< Telegram chat id, WhatsApp wa_id, Sandbox user (decrypted, memory only)
    QJsonObject payload;
    int attempts = 0;
    int maxAttempts = 3;
    Millis nextAttemptAt = 0;
    Millis lastInboundAt = 0; ///< for WhatsApp's 24-hour customer-service window
    bool recipientBlocked = false;

    [[nodiscard]] bool isTemplate() const
    {
        return payload.value(QStringLiteral("type")).toString() == QStringLiteral("template");
    }
    [[nodiscard]] QString text() const { return payload.value(QStringLiteral("text")).toString(); }
};

/** @brief What happened to one send attempt. */
struct SendResult
{
    enum class Outcome
    {
        Sent,        ///< the platform accepted it
        Retry,       ///< transient: try again after a back-off (or retryAfterMs)
        Failed,      ///< permanent: show the reason to the operator
        ChannelDown, ///< credentials rejected: pause the channel, keep the message waiting
    };
    Outcome outcome = Outcome::Sent;
    QString platformMessageId;
    QString error;        ///< operator-readable reason
    int retryAfterMs = 0; ///< the platform said when (429 retry_after)
    bool recipientBlocked = false;
    QString migratedRecipient; ///< Telegram group upgraded: the new chat id to use from now on
    /// A text sent in several parts: every part's platform id, in order (the first is
    /// platformMessageId). Empty for a message sent whole.
    QStringList partIds;

    [[nodiscard]] static SendResult sent(QString id, QStringList parts = {})
    {
        return {Outcome::Sent, std::move(id), {}, 0, false, {}, std::move(parts)};
    }
    [[nodiscard]] static SendResult retry(QString error, int afterMs = 0)
    {
        return {Outcome::Retry, {}, std::move(error), afterMs, false, {}, {}};
    }
    [[nodiscard]] static SendResult failed(QString error)
    {
        return {Outcome::Failed, {}, std::move(error), 0, false, {}, {}};
    }
    [[nodiscard]] static SendResult down(QString error)
    {
        return {Outcome::ChannelDown, {}, std::move(error), 0, false, {}, {}};
    }
};

} // namespace aiochat
