#pragma once

#include "channels/normalizedevents.h"
#include "domain/status.h"

#include <QByteArray>

namespace aiochat {

/**
 * @brief Turns one WhatsApp Cloud API webhook notification (entry[] → changes[] → value) into
 * normalised events: inbound messages of every type (text, image, document, audio, video,
 * sticker, location, contacts, interactive button and list replies, template buttons, reactions,
 * unsupported types with their error), delivery statuses, and value-level errors. Contact
 * profile names come from value.contacts[]. Malformed input is an invalid_argument Status.
 */
[[nodiscard]] Result<NormalizedEvents> normalizeWhatsAppNotification(const QByteArray &body);

} // namespace aiochat
