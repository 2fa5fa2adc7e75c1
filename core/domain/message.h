#pragma once

#include "enums.h"
#include "timestamps.h"

#include <QJsonArray>
#include <QString>

namespace aiochat {

/** @brief One message in a conversation, inbound or outbound. */
struct Message
{
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 identityId = 0;
    Direction direction = Direction::Inbound;
    SenderKind sender = SenderKind::Customer;
    qint64 senderOperatorId = 0;
    QString senderName; ///< author shown in group chats
    MessageKind kind = MessageKind::Text;
    QString text;
    QJsonArray attachments; ///< metadata only: name, mimeType, size, platform file id
    QString platformMessageId;
    DeliveryStatus status = DeliveryStatus::Received;
    QString error; ///< why delivery failed, verbatim from the platform where possible
    Millis createdAt = 0;
    Millis editedAt = 0;
};

} // namespace aiochat
