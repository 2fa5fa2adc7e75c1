#pragma once

namespace aiochat {

class ChannelSettings;
class ConsoleApi;
class InboundJournal;
class ListenerService;
class MetricsRegistry;
class Outbox;
class TelegramClient;
class TelegramPoller;
} // namespace aiochat

class QNetworkAccessManager;

namespace aiochat {

/** @brief What the channel commands work with. */
struct ChannelCommandContext
{
    ChannelSettings &channels;
    InboundJournal &journal;
    MetricsRegistry &metrics;
    TelegramClient &telegram;
    TelegramPoller &poller;
    ListenerService &listener;
    Outbox &outbox;
    QNetworkAccessManager &network; ///< for the reachability check (core thread)
};

/**
 * @brief channel.status, channel.configure, telegram.getMe / getWebhookInfo / setWebhook /
 * deleteWebhook / setMode, channel.checkReachability, sandbox.send and metrics.snapshot.
 */
void registerChannelCommands(ConsoleApi &api, const ChannelCommandContext &context);

} // namespace aiochat
