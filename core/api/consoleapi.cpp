#include "consoleapi.h"

#include "events/eventbus.h"
#include "logging/logging.h"
#include "storage/dbreaderpool.h"

#include <QElapsedTimer>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace aiochat {

QJsonObject CommandResponse::toJson() const
{
    if (status.isOk())
        return {{u"ok"_s, true}, {u"result"_s, result}};
    return {{u"ok"_s, false},
            {u"error"_s,
             QJsonObject{{u"code"_s, status.codeName()}, {u"message"_s, status.message()}}}};
}

ConsoleApi::ConsoleApi(DbReaderPool &readers, EventBus &events, QObject *parent)
    : QObject(parent)
    , m_readers(readers)
{
    connect(&events, &EventBus::published, this, &ConsoleApi::event);
}

void ConsoleApi::registerRead(const QString &name, Permission permission, ReadHandler handler)
{
    Q_ASSERT(!m_commands.contains(name));
    m_commands.insert(name, Entry{{name, permission, true}, std::move(handler), {}});
}

void ConsoleApi::registerCore(const QString &name, Permission permission, CoreHandler handler)
{
    Q_ASSERT(!m_commands.contains(name));
    m_commands.insert(name, Entry{{name, permission, false}, {}, std::move(handler)});
}

QList<ConsoleApi::CommandInfo> ConsoleApi::commands() const
{
    QList<CommandInfo> out;
    for (const Entry &e : m_commands)
        out.append(e.info);
    std::sort(out.begin(), out.end(),
              [](const CommandInfo &a, const CommandInfo &b) { return a.name < b.name; });
    return out;
}

bool ConsoleApi::isAllowed(const OperatorContext &op, Permission permission)
{
    Q_UNUSED(permission);
    return op.role == u"admin"_s;
}

void ConsoleApi::execute(const CommandRequest &request, const Reply &reply)
{
    const auto it = m_commands.constFind(request.name);
    if (it == m_commands.constEnd()) {
        reply(CommandResponse::error(
            Status::notFound(u"unknown command \""_s + request.name + u'"')));
        return;
    }
    if (!isAllowed(request.op, it->info.permission)) {
        qCInfo(lcApi).noquote() << "denied" << request.name << "to operator"
                                << request.op.operatorId;
        reply(CommandResponse::error(
            Status::permissionDenied(u"your role may not use "_s + request.name + u" (needs "_s +
                                     toString(it->info.permission) + u')')));
        return;
    }
    if (it->info.reader) {
        ReadHandler handler = it->read;
        m_readers.submit([handler, request, reply](QSqlDatabase &db) {
            QElapsedTimer timer;
            timer.start();
            const CommandResponse response = handler(request, db);
            qCDebug(lcApi).noquote()
                << request.name << "took" << timer.nsecsElapsed() / 1000 << "µs";
            reply(response);
        });
        return;
    }
    it->core(request, reply);
}

} // namespace aiochat
