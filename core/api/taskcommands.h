#pragma once

namespace aiochat {

class ConsoleApi;
class EventBus;
class Storage;

/**
 * @brief Follow-up tasks on a conversation: tasks.list (a conversation's, or everyone's open ones
 * — mine, unassigned — soonest due first), task.create and task.update (title, due time,
 * assignee, done or open again). Operators create them by hand; automation rules through the
 * "task" action. Each change publishes task.created / task.updated so every console follows.
 */
void registerTaskCommands(ConsoleApi &api, Storage &storage, EventBus &events);

} // namespace aiochat
