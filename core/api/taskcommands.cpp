#include "taskcommands.h"

#include "consoleapi.h"
#include "events/eventbus.h"
#include "params.h"
#include "storage/connection.h"
#include "storage/operatorrepository.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QSqlQuery>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr int kTitleLength = 300;
constexpr int kDescriptionLength = 4000;

const QString kSelect =
    u"SELECT t.id, t.conversation_id, t.contact_id, t.title, t.description, t.status, t.due_at, "
    u"t.assignee_id, COALESCE(NULLIF(a.display_name, ''), a.email, ''), t.created_by, "
    u"COALESCE(NULLIF(c.display_name, ''), c.email, ''), t.source, t.created_at, t.completed_at, "
    u"COALESCE(NULLIF(d.display_name, ''), d.email, '') "
    u"FROM tasks t LEFT JOIN operators a ON a.id = t.assignee_id "
    u"LEFT JOIN operators c ON c.id = t.created_by "
    u"LEFT JOIN operators d ON d.id = t.completed_by "_s;

QJsonObject taskJson(const QSqlQuery &q)
{
    const QString creator = q.value(10).toString();
    return QJsonObject{{u"id"_s, q.value(0).toLongLong()},
                       {u"conversationId"_s, q.value(1).toLongLong()},
                       {u"contactId"_s, q.value(2).toLongLong()},
                       {u"title"_s, q.value(3).toString()},
                       {u"description"_s, q.value(4).toString()},
                       {u"status"_s, q.value(5).toString()},
                       {u"dueAt"_s, toIsoString(q.value(6).toLongLong())},
                       {u"assigneeId"_s, q.value(7).toLongLong()},
                       {u"assigneeName"_s, q.value(8).toString()},
                       {u"createdById"_s, q.value(9).toLongLong()},
                       // An operator's name, or what created it ("automation rule 7").
                       {u"createdBy"_s, creator.isEmpty() ? q.value(11).toString() : creator},
                       {u"createdAt"_s, toIsoString(q.value(12).toLongLong())},
                       {u"completedAt"_s, toIsoString(q.value(13).toLongLong())},
                       {u"completedBy"_s, q.value(14).toString()}};
}

Result<QJsonObject> readTask(QSqlDatabase &db, qint64 id)
{
    QSqlQuery q(db);
    q.prepare(kSelect + u"WHERE t.id = ?"_s);
    q.addBindValue(id);
    if (Status s = execute(q, u"reading a task"_s); !s.isOk())
        return s;
    if (!q.next())
        return Status::notFound(u"no task with id "_s + QString::number(id));
    return taskJson(q);
}

Status checkAssignee(QSqlDatabase &db, qint64 assignee)
{
    return assignee ? checkActiveOperator(db, assignee, u"assigneeId"_s) : Status::ok();
}

QVariant idOrNull(qint64 id)
{
    return id ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong));
}

CommandResponse listTasks(const CommandRequest &req, QSqlDatabase &db)
{
    Params p(req.params);
    const qint64 conversation = p.optionalId(u"conversationId"_s);
    const qint64 contact = p.optionalId(u"contactId"_s);
    const QString assignee = p.optionalString(u"assignee"_s, 20);
    const QString status = p.optionalString(u"status"_s, 10);
    const int limit = p.optionalInt(u"limit"_s, 100, 1, 500);
    if (!p.isOk())
        return CommandResponse::error(p.status());
    QStringList where;
    QVariantList binds;
    if (conversation) {
        where << u"t.conversation_id = ?"_s;
        binds << conversation;
    }
    if (contact) {
        where << u"t.contact_id = ?"_s;
        binds << contact;
    }
    if (assignee == u"me"_s) {
        where << u"t.assignee_id = ?"_s;
        binds << req.op.operatorId;
    } else if (assignee == u"unassigned"_s) {
        where << u"t.assignee_id IS NULL"_s;
    } else if (!assignee.isEmpty() && assignee != u"anyone"_s) {
        return CommandResponse::error(
            Status::invalidArgument(u"assignee: must be me, unassigned or anyone"_s));
    }
    // A conversation's pane shows all of its tasks; elsewhere, what is still to do.
    const QString wanted = status.isEmpty() ? (conversation ? u"all"_s : u"open"_s) : status;
    if (wanted == u"open"_s || wanted == u"done"_s) {
        where << u"t.status = ?"_s;
        binds << wanted;
    } else if (wanted != u"all"_s) {
        return CommandResponse::error(
            Status::invalidArgument(u"status: must be open, done or all"_s));
    }
    QSqlQuery q(db);
    // Open before done; the soonest due first, undated after dated; then oldest first.
    q.prepare(kSelect + (where.isEmpty() ? QString() : u"WHERE "_s + where.join(u" AND "_s)) +
              u" ORDER BY CASE WHEN t.status = 'open' THEN 0 ELSE 1 END, "
              u"CASE WHEN t.due_at = 0 THEN 1 ELSE 0 END, t.due_at, t.created_at, t.id "
              u"LIMIT "_s +
              QString::number(limit));
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (Status s = execute(q, u"reading tasks"_s); !s.isOk())
        return CommandResponse::error(s);
    QJsonArray items;
    while (q.next())
        items.append(taskJson(q));
    return CommandResponse::ok(QJsonObject{{u"items"_s, items}});
}

// Runs @p change on the writer, then answers with the task as stored and tells every console.
void changeTask(Storage &storage, EventBus &events, const QString &event,
                std::function<Result<qint64>(QSqlDatabase &)> change,
                const ConsoleApi::Reply &reply)
{
    auto task = std::make_shared<QJsonObject>();
    storage.writer().submit(
        &events,
        [change, task](QSqlDatabase &db) -> Status {
            const Result<qint64> id = change(db);
            if (!id.isOk())
                return id.status();
            const Result<QJsonObject> stored = readTask(db, id.value());
            if (stored.isOk())
                *task = stored.value();
            return stored.status();
        },
        [&events, event, task, reply](const Status &s) {
            if (!s.isOk()) {
                reply(CommandResponse::error(s));
                return;
            }
            events.publish(event, {{u"task"_s, *task}});
            reply(CommandResponse::ok(QJsonObject{{u"task"_s, *task}}));
        });
}

} // namespace

void registerTaskCommands(ConsoleApi &api, Storage &storage, EventBus &events)
{
    api.registerRead(u"tasks.list"_s, Permission::ConversationsRead, listTasks);

    api.registerCore(
        u"task.create"_s, Permission::ConversationsWrite,
        [&storage, &events](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 conversation = p.requiredId(u"conversationId"_s);
            const QString title = p.requiredString(u"title"_s, kTitleLength).trimmed();
            const QString description = p.optionalString(u"description"_s, kDescriptionLength);
            const Millis due = p.optionalTime(u"dueAt"_s);
            const qint64 assignee = p.optionalId(u"assigneeId"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            const qint64 creator = req.op.operatorId;
            // Without an operator behind it, the task says what made it.
            const QString source = creator ? QString() : req.op.client;
            changeTask(
                storage, events, u"task.created"_s,
                [=](QSqlDatabase &db) -> Result<qint64> {
                    if (Status s = checkAssignee(db, assignee); !s.isOk())
                        return s;
                    QSqlQuery q(db);
                    q.prepare(u"INSERT INTO tasks (title, description, contact_id, "
                              u"conversation_id, assignee_id, status, due_at, created_by, source, "
                              u"created_at, updated_at) SELECT ?, ?, contact_id, id, ?, 'open', ?, "
                              u"?, ?, ?, ? FROM conversations WHERE id = ? RETURNING id"_s);
                    const Millis now = nowMillis();
                    for (const QVariant &v :
                         {QVariant(title), QVariant(notNull(description)), idOrNull(assignee),
                          QVariant(due), idOrNull(creator), QVariant(notNull(source)),
                          QVariant(now), QVariant(now), QVariant(conversation)})
                        q.addBindValue(v);
                    if (Status s = execute(q, u"adding a task"_s); !s.isOk())
                        return s;
                    if (!q.next())
                        return Status::notFound(u"no conversation with id "_s +
                                                QString::number(conversation));
                    return q.value(0).toLongLong();
                },
                reply);
        });

    api.registerCore(
        u"task.update"_s, Permission::ConversationsWrite,
        [&storage, &events](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            const QString status = p.optionalString(u"status"_s, 10);
            const bool hasTitle = req.params.contains(u"title"_s);
            const QString title = p.optionalString(u"title"_s, kTitleLength).trimmed();
            const bool hasDescription = req.params.contains(u"description"_s);
            const QString description = p.optionalString(u"description"_s, kDescriptionLength);
            const bool hasDue = req.params.contains(u"dueAt"_s); // "" or null: no due time
            const Millis due = p.optionalTime(u"dueAt"_s);
            const bool hasAssignee = req.params.contains(u"assigneeId"_s); // 0: unassigned
            const qint64 assignee = p.optionalId(u"assigneeId"_s);
            if (p.isOk() && hasTitle && title.isEmpty())
                p.fail(u"title"_s, u"a task needs a title"_s);
            if (p.isOk() && !status.isEmpty() && status != u"open"_s && status != u"done"_s)
                p.fail(u"status"_s, u"must be open or done"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            const qint64 me = req.op.operatorId;
            changeTask(
                storage, events, u"task.updated"_s,
                [=](QSqlDatabase &db) -> Result<qint64> {
                    QStringList sets{u"updated_at = ?"_s};
                    const Millis now = nowMillis();
                    QVariantList binds{now};
                    if (hasTitle) {
                        sets << u"title = ?"_s;
                        binds << title;
                    }
                    if (hasDescription) {
                        sets << u"description = ?"_s;
                        binds << notNull(description);
                    }
                    if (hasDue) {
                        sets << u"due_at = ?"_s;
                        binds << due;
                    }
                    if (hasAssignee) {
                        if (Status s = checkAssignee(db, assignee); !s.isOk())
                            return s;
                        sets << u"assignee_id = ?"_s;
                        binds << idOrNull(assignee);
                    }
                    if (status == u"done"_s) {
                        // Ticking off a task that is already done keeps who did it and when.
                        sets << u"completed_at = CASE WHEN status = 'done' THEN completed_at "
                                u"ELSE ? END"_s
                             << u"completed_by = CASE WHEN status = 'done' THEN completed_by "
                                u"ELSE ? END"_s
                             << u"status = 'done'"_s;
                        binds << now << idOrNull(me);
                    } else if (status == u"open"_s) {
                        sets << u"status = 'open'"_s << u"completed_at = 0"_s
                             << u"completed_by = NULL"_s;
                    }
                    binds << id;
                    if (Status s = execute(
                            db, u"UPDATE tasks SET "_s + sets.join(u", "_s) + u" WHERE id = ?"_s,
                            binds, u"changing a task"_s);
                        !s.isOk())
                        return s;
                    return id; // a missing task: readTask says not found
                },
                reply);
        });
}

} // namespace aiochat
