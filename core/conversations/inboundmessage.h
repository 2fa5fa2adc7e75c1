#pragma once

#include "domain/enums.h"
#include "domain/timestamps.h"

#include <QJsonArray>
#include <QString>

namespace aiochat {

/**
 * @brief A customer message after platform normalisation: who wrote it, from where, and what.
 * Channel normalisers produce these; ConversationService threads them into the CRM.
 */
struct InboundMessage
{
    Platform platform = Platform::Sandbox;
    QString platformUserId; ///< the chat identity (user, or group chat for groups)
    QString displayName;    ///< profile name
    QString username;
    bool isGroup = false;
    QString senderName; ///< author inside a group chat
    MessageKind kind = MessageKind::Text;
    QString text;
    QJsonArray attachments;
    QString platformMessageId; ///< dedupe key within the identity
    Millis sentAt = 0;         ///< platform timestamp; arrival time when the platform gives none
    qint64 journalId = 0;
};

} // namespace aiochat
