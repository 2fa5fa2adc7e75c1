#pragma once

namespace aiochat {

class ConsoleApi;
class EventBus;
class Outbox;
class Settings;
class Storage;
class WhatsAppClient;

/**
 * @brief message.send, message.retry, message.discard, templates.list and conversation.markRead.
 */
void registerMessageCommands(ConsoleApi &api, Outbox &outbox, Storage &storage, Settings &settings,
                             WhatsAppClient &whatsApp, EventBus &events);

} // namespace aiochat
