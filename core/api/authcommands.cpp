#include "authcommands.h"

#include "consoleapi.h"
#include "domain/timestamps.h"
#include "params.h"
#include "security/auditlog.h"
#include "security/authservice.h"
#include "storage/connection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

AuthService::Done replyWith(const ConsoleApi::Reply &reply)
{
    return [reply](const Result<QJsonObject> &r) {
        reply(r.isOk() ? CommandResponse::ok(r.value()) : CommandResponse::error(r.status()));
    };
}

struct Credentials
{
    QString email;
    QString password;
};

// The e-mail and password of auth.login and auth.setupAdmin, or the reply already sent.
std::optional<Credentials> credentials(const CommandRequest &req, const ConsoleApi::Reply &reply)
{
    Params p(req.params);
    Credentials c{p.requiredString(u"email"_s, 200), p.requiredString(u"password"_s, 200)};
    if (!p.isOk()) {
        reply(CommandResponse::error(p.status()));
        return std::nullopt;
    }
    return c;
}

CommandResponse listAudit(const CommandRequest &req, QSqlDatabase &db)
{
    Params p(req.params);
    const QString action = p.optionalString(u"action"_s, 100);
    const qint64 operatorId = p.optionalId(u"operatorId"_s);
    const QString targetType = p.optionalString(u"targetType"_s, 50);
    const QString targetId = p.optionalString(u"targetId"_s, 100);
    const Millis from = p.optionalTime(u"from"_s);
    const Millis to = p.optionalTime(u"to"_s);
    const qint64 before = p.optionalId(u"cursor"_s);
    const int limit = p.optionalInt(u"limit"_s, 100, 1, 500);
    if (!p.isOk())
        return CommandResponse::error(p.status());

    QString sql = u"SELECT id, at, operator_id, operator_email, action, target_type, target_id, "
                  u"detail FROM audit_log WHERE 1 = 1"_s;
    QVariantList binds;
    if (!action.isEmpty()) {
        // "login" finds login.success and login.failure; "contact.reveal" just that.
        sql += u" AND (action = ? OR action LIKE ?)"_s;
        binds << action << QString(action).replace(u'%', u' ').replace(u'_', u' ') + u".%"_s;
    }
    if (operatorId) {
        sql += u" AND operator_id = ?"_s;
        binds << operatorId;
    }
    if (!targetType.isEmpty()) {
        sql += u" AND target_type = ?"_s;
        binds << targetType;
    }
    if (!targetId.isEmpty()) {
        sql += u" AND target_id = ?"_s;
        binds << targetId;
    }
    if (from) {
        sql += u" AND at >= ?"_s;
        binds << from;
    }
    if (to) {
        sql += u" AND at < ?"_s;
        binds << to;
    }
    if (before) {
        sql += u" AND id < ?"_s;
        binds << before;
    }
    sql += u" ORDER BY id DESC LIMIT "_s + QString::number(limit + 1);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (Status s = execute(q, u"reading the audit log"_s); !s.isOk())
        return CommandResponse::error(s);
    QJsonArray items;
    qint64 lastId = 0;
    bool more = false;
    while (q.next()) {
        if (items.size() == limit) {
            more = true;
            break;
        }
        lastId = q.value(0).toLongLong();
        items.append(QJsonObject{
            {u"id"_s, lastId},
            {u"at"_s, toIsoString(q.value(1).toLongLong())},
            {u"operatorId"_s, q.value(2).toLongLong()},
            {u"operatorEmail"_s, q.value(3).toString()},
            {u"action"_s, q.value(4).toString()},
            {u"targetType"_s, q.value(5).toString()},
            {u"targetId"_s, q.value(6).toString()},
            {u"detail"_s, QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object()},
        });
    }
    return CommandResponse::ok(QJsonObject{
        {u"items"_s, items}, {u"nextCursor"_s, more ? QString::number(lastId) : QString()}});
}

} // namespace

void registerAuthCommands(ConsoleApi &api, AuthService &auth, QByteArray auditKey)
{
    api.registerCore(u"auth.status"_s, Permission::Public,
                     [&auth](const CommandRequest &req, const ConsoleApi::Reply &reply) {
                         QJsonObject out{{u"needsSetup"_s, auth.needsSetup()},
                                         {u"signedIn"_s, req.op.operatorId != 0}};
                         if (req.op.operatorId)
                             out.insert(u"operator"_s, auth.operatorJson(req.op.operatorId));
                         reply(CommandResponse::ok(out));
                     });
    api.registerCore(u"auth.setupAdmin"_s, Permission::Public,
                     [&auth](const CommandRequest &req, const ConsoleApi::Reply &reply) {
                         if (const auto c = credentials(req, reply))
                             auth.setupAdministrator(c->email, c->password, req.op.client,
                                                     replyWith(reply));
                     });
    api.registerCore(u"auth.login"_s, Permission::Public,
                     [&auth](const CommandRequest &req, const ConsoleApi::Reply &reply) {
                         if (const auto c = credentials(req, reply))
                             auth.login(c->email, c->password, req.op.client, replyWith(reply));
                     });
    api.registerCore(u"auth.refresh"_s, Permission::Public,
                     [&auth](const CommandRequest &req, const ConsoleApi::Reply &reply) {
                         Params p(req.params);
                         const QString token = p.requiredString(u"refreshToken"_s, 200);
                         if (!p.isOk()) {
                             reply(CommandResponse::error(p.status()));
                             return;
                         }
                         auth.refresh(token, replyWith(reply));
                     });
    api.registerCore(u"auth.logout"_s, Permission::Authenticated,
                     [&auth](const CommandRequest &req, const ConsoleApi::Reply &reply) {
                         auth.logout(req.op, replyWith(reply));
                     });
    api.registerCore(u"auth.me"_s, Permission::Authenticated,
                     [&auth](const CommandRequest &req, const ConsoleApi::Reply &reply) {
                         if (!req.op.operatorId) {
                             reply(CommandResponse::error(Status(Status::Code::Unauthenticated,
                                                                 QObject::tr("log in first"))));
                             return;
                         }
                         reply(CommandResponse::ok(auth.operatorJson(req.op.operatorId)));
                     });
    api.registerCore(u"auth.changePassword"_s, Permission::Authenticated,
                     [&auth](const CommandRequest &req, const ConsoleApi::Reply &reply) {
                         Params p(req.params);
                         const QString current = p.requiredString(u"currentPassword"_s, 200);
                         const QString next = p.requiredString(u"newPassword"_s, 200);
                         if (!p.isOk()) {
                             reply(CommandResponse::error(p.status()));
                             return;
                         }
                         auth.changePassword(req.op, current, next, replyWith(reply));
                     });

    api.registerCore(u"operators.list"_s, Permission::OperatorsManage,
                     [&auth](const CommandRequest &, const ConsoleApi::Reply &reply) {
                         reply(CommandResponse::ok(auth.operatorsJson()));
                     });
    api.registerCore(u"operator.create"_s, Permission::OperatorsManage,
                     [&auth](const CommandRequest &req, const ConsoleApi::Reply &reply) {
                         Params p(req.params);
                         const QString email = p.requiredString(u"email"_s, 200);
                         const QString name = p.optionalString(u"displayName"_s, 200);
                         const QString roleName = p.requiredString(u"role"_s, 20);
                         const QString password = p.requiredString(u"password"_s, 200);
                         if (!p.isOk()) {
                             reply(CommandResponse::error(p.status()));
                             return;
                         }
                         const std::optional<Role> role = roleFromString(roleName);
                         if (!role) {
                             reply(CommandResponse::error(Status::invalidArgument(
                                 u"role: must be admin, agent or viewer"_s)));
                             return;
                         }
                         auth.createOperator(req.op, email,
                                             name.isEmpty() ? email.section(u'@', 0, 0) : name,
                                             *role, password, replyWith(reply));
                     });
    api.registerCore(u"operator.update"_s, Permission::OperatorsManage,
                     [&auth](const CommandRequest &req, const ConsoleApi::Reply &reply) {
                         Params p(req.params);
                         const qint64 id = p.requiredId(u"id"_s);
                         const QString roleName = p.optionalString(u"role"_s, 20);
                         const std::optional<bool> disabled = p.optionalBool(u"disabled"_s);
                         const std::optional<bool> unlock = p.optionalBool(u"unlock"_s);
                         if (!p.isOk()) {
                             reply(CommandResponse::error(p.status()));
                             return;
                         }
                         std::optional<Role> role;
                         if (!roleName.isEmpty()) {
                             role = roleFromString(roleName);
                             if (!role) {
                                 reply(CommandResponse::error(Status::invalidArgument(
                                     u"role: must be admin, agent or viewer"_s)));
                                 return;
                             }
                         }
                         auth.updateOperator(req.op, id, role, disabled, unlock.value_or(false),
                                             replyWith(reply));
                     });

    api.registerRead(u"audit.list"_s, Permission::AuditRead, listAudit);
    api.registerRead(u"audit.verify"_s, Permission::AuditRead,
                     [auditKey](const CommandRequest &, QSqlDatabase &db) {
                         const AuditLog::Verification v = AuditLog::verify(db, auditKey);
                         return CommandResponse::ok(QJsonObject{{u"ok"_s, v.ok},
                                                                {u"entries"_s, v.entries},
                                                                {u"brokenAt"_s, v.brokenAt},
                                                                {u"reason"_s, v.reason}});
                     });
}

} // namespace aiochat
