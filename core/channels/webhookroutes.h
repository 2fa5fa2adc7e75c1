#pragma once

#include <QtGlobal>

namespace aiochat {

class ChannelSettings;
class HttpServer;
class InboundJournal;
class MetricsRegistry;

/** @brief Body limits per route: what the platforms can legitimately send, with headroom. */
constexpr qint64 kTelegramMaxBody = 1024 * 1024;
constexpr qint64 kWhatsAppMaxBody = 4 * 1024 * 1024;

/**
 * @brief POST /webhooks/telegram: the secret token header (constant-time compare), a JSON Update
 * with an update_id, then the journal; 200 only after the commit, 503 if it fails.
 */
void registerTelegramWebhook(HttpServer &server, InboundJournal &journal, MetricsRegistry &metrics,
                             const ChannelSettings &channels);

/**
 * @brief GET /webhooks/whatsapp (hub.* verification handshake) and POST /webhooks/whatsapp
 * (X-Hub-Signature-256 over the raw body bytes, then the journal).
 */
void registerWhatsAppWebhook(HttpServer &server, InboundJournal &journal, MetricsRegistry &metrics,
                             const ChannelSettings &channels);

} // namespace aiochat
