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
};

/**
 * @brief channel.status, channel.configure, telegram.getMe / getWebhookInfo / setWebhook /
 * deleteWebhook / setMode, sandbox.send and metrics.snapshot.
 */
void registerChannelCommands(ConsoleApi &api, const ChannelCommandContext &context);

} // namespace aiochat
