#include "consoleapi.h"

#include "events/eventbus.h"
#include "logging/logging.h"
#include "security/auditlog.h"
#include "security/role.h"
#include "storage/dbreaderpool.h"
#include "storage/dbwriter.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace aiochat {

QJsonObject CommandResponse::toJson() const
{
    if (status.isOk())
        return {{u"ok"_s, true}, {u"result"_s, result}};
    QJsonObject error{{u"code"_s, status.codeName()}, {u"message"_s, status.message()}};
    if (!result.isNull() && !result.isUndefined())
        error.insert(u"details"_s, result);
    return {{u"ok"_s, false}, {u"error"_s, error}};
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
    m_commands.insert(name, Entry{{name, permission, true, {}, {}}, std::move(handler), {}});
}

void ConsoleApi::registerCore(const QString &name, Permission permission, CoreHandler handler)
{
    Q_ASSERT(!m_commands.contains(name));
    m_commands.insert(name, Entry{{name, permission, false, {}, {}}, {}, std::move(handler)});
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
    if (permission == Permission::Public)
        return true;
    const std::optional<Role> role = roleFromString(op.role);
    return role && roleAllows(*role, permission);
}

std::optional<Permission> ConsoleApi::permissionOf(const QString &name) const
{
    const auto it = m_commands.constFind(name);
    if (it == m_commands.constEnd())
        return std::nullopt;
    return it->info.permission;
}

Result<OperatorContext> ConsoleApi::authenticate(const QString &accessToken) const
{
    if (!m_authenticator)
        return Status(Status::Code::Unavailable, u"authentication is not available"_s);
    return m_authenticator(accessToken);
}

void ConsoleApi::executeWithToken(const QString &name, const QJsonObject &params,
                                  const QString &accessToken, const QString &client,
                                  const Reply &reply)
{
    CommandRequest request{name, params, {}};
    request.op.client = client;
    const std::optional<Permission> permission = permissionOf(name);
    if (!permission) {
        reply(CommandResponse::error(Status::notFound(u"unknown command \""_s + name + u'"')));
        return;
    }
    if (!accessToken.isEmpty() || *permission != Permission::Public) {
        if (!m_authenticator) {
            reply(CommandResponse::error(
                Status(Status::Code::Unavailable, u"authentication is not available"_s)));
            return;
        }
        Result<OperatorContext> op = m_authenticator(accessToken);
        if (!op.isOk()) {
            // A stale token does not stop a public command (the login screen after a restart).
            if (*permission != Permission::Public) {
                reply(CommandResponse::error(op.status()));
                return;
            }
        } else {
            request.op = std::move(op).value();
            request.op.client = client;
        }
    }
    execute(request, reply);
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
    const bool audit = !it->info.auditTarget.isEmpty() &&
                       (!it->info.auditWhen || it->info.auditWhen(request.params));
    const Reply answer = audit ? audited(request, it->info.auditTarget, reply) : reply;
    if (it->info.reader) {
        ReadHandler handler = it->read;
        m_readers.submit([handler, request, reply = answer](QSqlDatabase &db) {
            QElapsedTimer timer;
            timer.start();
            const CommandResponse response = handler(request, db);
            qCDebug(lcApi).noquote()
                << request.name << "took" << timer.nsecsElapsed() / 1000 << "µs";
            reply(response);
        });
        return;
    }
    it->core(request, answer);
}

void ConsoleApi::setAuditLog(const AuditLog *log, DbWriter *writer)
{
    m_audit = log;
    m_auditWriter = writer;
}

void ConsoleApi::auditOnSuccess(const QString &name, const QString &targetType)
{
    const auto it = m_commands.find(name);
    Q_ASSERT(it != m_commands.end());
    if (it != m_commands.end())
        it->info.auditTarget = targetType;
}

void ConsoleApi::auditOnSuccess(const QString &name, const QString &targetType,
                                std::function<bool(const QJsonObject &params)> when)
{
    auditOnSuccess(name, targetType);
    const auto it = m_commands.find(name);
    if (it != m_commands.end())
        it->info.auditWhen = std::move(when);
}

ConsoleApi::Reply ConsoleApi::audited(const CommandRequest &request, const QString &targetType,
                                      const Reply &reply) const
{
    if (!m_audit || !m_auditWriter)
        return reply;
    const AuditLog *log = m_audit;
    DbWriter *writer = m_auditWriter;
    QJsonValue target = request.params.value(u"id"_s);
    if (target.isUndefined())
        target = request.params.value(u"platform"_s);
    if (target.isUndefined())
        target = request.params.value(u"key"_s); // a setting's name; never its value
    const QString targetId =
        target.isDouble() ? QString::number(target.toInteger()) : target.toString();
    const AuditEntry entry =
        AuditEntry::by(request.op, request.name, targetType, targetId,
                       {{u"params"_s, QJsonArray::fromStringList(request.params.keys())}});
    return [log, writer, entry, reply](const CommandResponse &response) {
        if (response.status.isOk()) {
            // Queued behind the change itself on the single writer, so the trace follows it.
            writer->submit([log, entry](QSqlDatabase &db) { return log->append(db, entry); },
                           [action = entry.action](const Status &s) {
                               if (!s.isOk())
                                   qCWarning(lcSecurity).noquote()
                                       << "audit entry for" << action << "failed:" << s.message();
                           });
        }
        reply(response);
    };
}

} // namespace aiochat
