#include "backupcommands.h"

#include "backup/backupscheduler.h"
#include "consoleapi.h"
#include "events/eventbus.h"

using namespace Qt::StringLiterals;

namespace aiochat {

void registerBackupCommands(ConsoleApi &api, EventBus &events, backup::BackupScheduler &scheduler)
{
    api.registerCore(u"backup.status"_s, Permission::ChannelsManage,
                     [&scheduler](const CommandRequest &, const ConsoleApi::Reply &reply) {
                         reply(CommandResponse::ok(scheduler.status()));
                     });
    api.registerCore(u"backup.configure"_s, Permission::ChannelsManage,
                     [&scheduler](const CommandRequest &req, const ConsoleApi::Reply &reply) {
                         const Status s = scheduler.configure(req.params);
                         reply(s.isOk() ? CommandResponse::ok(scheduler.status())
                                        : CommandResponse::error(s));
                     });
    api.registerCore(u"backup.runNow"_s, Permission::ChannelsManage,
                     [&scheduler](const CommandRequest &, const ConsoleApi::Reply &reply) {
                         const Status s = scheduler.runNow();
                         reply(s.isOk() ? CommandResponse::ok(scheduler.status())
                                        : CommandResponse::error(s));
                     });
    api.auditOnSuccess(u"backup.configure"_s, u"backup"_s);
    api.auditOnSuccess(u"backup.runNow"_s, u"backup"_s);
    QObject::connect(
        &scheduler, &backup::BackupScheduler::finished, &scheduler,
        [&events](const QJsonObject &outcome) { events.publish(u"backup.finished"_s, outcome); });
}

} // namespace aiochat
