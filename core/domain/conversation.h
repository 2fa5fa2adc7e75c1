#pragma once

#include "enums.h"
#include "timestamps.h"

#include <QString>

namespace aiochat {

/** @brief A thread of messages with one chat identity, as listed in the console. */
struct Conversation
{
    qint64 id = 0;
    qint64 contactId = 0;
    qint64 identityId = 0;
    Platform platform = Platform::Sandbox;
    ConversationStatus status = ConversationStatus::Open;
    Handler handler = Handler::Bot;
    qint64 assigneeId = 0;
    QString assigneeName; ///< the assigned operator's name, for lists
    bool isGroup = false;
    int unreadCount = 0;
    QString title;              ///< contact or profile name shown in the list
    QString lastMessagePreview; ///< first characters of the newest message
    MessageKind lastMessageKind = MessageKind::Text;
    Millis lastMessageAt = 0;
    Millis lastInboundAt = 0;
    Millis createdAt = 0;
    Millis updatedAt = 0;
    Millis resolvedAt = 0;
    Millis firstResponseAt = 0; ///< first answer (bot or operator); 0 until then
    AttentionReason attentionReason = AttentionReason::None; ///< set with NeedsAttention
    Millis waitingSince = 0; ///< when the customer started to wait (NeedsAttention only)
    QString matchedText;     ///< search results: the part of the message that matched
};

} // namespace aiochat
