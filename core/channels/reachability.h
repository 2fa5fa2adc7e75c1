#pragma once

#include <QJsonObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace aiochat {

class ChannelSettings;
class TelegramClient;

/**
 * @brief Whether the platforms can reach this instance at its public address (a tunnel or a
 * reverse proxy in front of the listener), checked end to end, as `channel.checkReachability`:
 *
 * - `listener`: this instance calls itself through the public address with WhatsApp's verify
 *   handshake and a fresh challenge — only this listener, with this verify token, echoes it —
 *   or, with no verify token set, `/healthz`;
 * - `whatsapp`: the callback URL to register with Meta and that handshake's result;
 * - `telegram`: the webhook URL to register, what Telegram has registered (getWebhookInfo), and
 *   the last delivery error Telegram reports.
 *
 * Runs on the core thread; @p done gets the report (never an error: each part says what failed).
 */
struct ReachabilityDeps
{
    QNetworkAccessManager &network;
    TelegramClient &telegram;
    const ChannelSettings &channels;
};

void checkReachability(const ReachabilityDeps &deps, const QUrl &publicUrl,
                       std::function<void(const QJsonObject &report)> done);

} // namespace aiochat
