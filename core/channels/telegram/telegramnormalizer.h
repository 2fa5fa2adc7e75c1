#pragma once

#include "channels/normalizedevents.h"
#include "domain/status.h"

#include <QByteArray>

namespace aiochat {

/**
 * @brief Turns one Telegram Update (the webhook body or one element of getUpdates) into
 * normalised events: messages and edits (text, entities, photos as their largest size, documents,
 * captions, contacts, locations…), callback button presses, and my_chat_member block/unblock.
 * Group chats become one identity per chat, flagged, with the author kept per message.
 * Malformed input is an invalid_argument Status; unknown update kinds are reported, not errors.
 */
[[nodiscard]] Result<NormalizedEvents> normalizeTelegramUpdate(const QByteArray &body);

/** @brief The update_id of a webhook body, or -1 when the body is not a Telegram Update. */
[[nodiscard]] qint64 telegramUpdateId(const QByteArray &body);

} // namespace aiochat
