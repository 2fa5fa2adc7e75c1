#pragma once

namespace aiochat {

class ConsoleApi;
class EventBus;

namespace backup {
class BackupScheduler;
}

/**
 * @brief `backup.status`, `backup.configure {enabled, at, keep, dir}` and `backup.runNow`
 * (administrators; the last two audited); `backup.finished` events when a backup ends.
 */
void registerBackupCommands(ConsoleApi &api, EventBus &events, backup::BackupScheduler &scheduler);

} // namespace aiochat
