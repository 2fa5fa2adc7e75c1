#pragma once

#include "channels/normalizedevents.h"
#include "domain/status.h"

#include <QByteArray>

namespace aiochat {

/**
 * @brief The Sandbox channel's journal body:
 * {"user":"…","name":"…","text":"…","id":"…","sentAt":ms}. Written by sandbox.send, so it is
 * trusted to be well formed, but still validated.
 */
[[nodiscard]] Result<NormalizedEvents> normalizeSandboxMessage(const QByteArray &body);

} // namespace aiochat
