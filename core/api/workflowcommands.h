#pragma once

namespace aiochat {

class ConsoleApi;
class EventBus;
class MetricsRegistry;
class Storage;

/**
 * @brief What operators do to a conversation besides writing: status (resolve, reopen),
 * assignment, taking over from the bot and handing back, tags, private notes — plus
 * operators.directory, the names an assignment menu offers. Each change publishes
 * conversation.updated (notes: note.created) so every console follows.
 */
void registerWorkflowCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                              MetricsRegistry &metrics);

} // namespace aiochat
