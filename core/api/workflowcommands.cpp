#include "workflowcommands.h"

#include "consoleapi.h"
#include "domain/json.h"
#include "events/eventbus.h"
#include "metrics/metricsregistry.h"
#include "params.h"
#include "storage/connection.h"
#include "storage/conversationrepository.h"
#include "storage/operatorrepository.h"
#include "storage/storage.h"
#include "storage/tagrepository.h"
#include "tagparams.h"

#include <QJsonArray>
#include <QPointer>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

using Change =
    std::function<Status(QSqlDatabase &, ConversationRepository &, const Conversation &before)>;

// Runs @p change on the writer, then answers with the conversation as it is now and tells every
// console.
void changeConversation(Storage &storage, EventBus &events, qint64 id, Change change,
                        const ConsoleApi::Reply &reply, std::function<void()> committed = {})
{
    auto after = std::make_shared<QJsonObject>();
    auto previousStatus = std::make_shared<QString>();
    const PersonalDataCipher &cipher = storage.cipher();
    storage.writer().submit(
        &events,
        [id, change, after, previousStatus, &cipher](QSqlDatabase &db) -> Status {
            ConversationRepository conversations(db, cipher);
            const Result<std::optional<Conversation>> before = conversations.find(id);
            if (!before.isOk())
                return before.status();
            if (!before.value())
                return Status::notFound(u"no conversation with id "_s + QString::number(id));
            if (Status s = change(db, conversations, *before.value()); !s.isOk())
                return s;
            const Result<std::optional<Conversation>> now = conversations.find(id);
            if (!now.isOk())
                return now.status();
            *after = json::toJson(*now.value());
            if (now.value()->status != before.value()->status)
                *previousStatus = toString(before.value()->status);
            return Status::ok();
        },
        [&events, after, previousStatus, reply, committed](const Status &s) {
            if (!s.isOk()) {
                reply(CommandResponse::error(s));
                return;
            }
            if (committed)
                committed();
            // Rules on conversation.statusChanged need to know where it came from.
            QJsonObject event{{u"conversation"_s, *after}};
            if (!previousStatus->isEmpty())
                event.insert(u"previousStatus"_s, *previousStatus);
            events.publish(u"conversation.updated"_s, event);
            reply(CommandResponse::ok(QJsonObject{{u"conversation"_s, *after}}));
        });
}

CommandResponse listNotes(const CommandRequest &req, QSqlDatabase &db)
{
    Params p(req.params);
    const qint64 id = p.requiredId(u"conversationId"_s);
    if (!p.isOk())
        return CommandResponse::error(p.status());
    QSqlQuery q(db);
    q.prepare(u"SELECT n.id, n.body, n.created_at, n.author_id, COALESCE(o.display_name, '') "
              u"FROM notes n LEFT JOIN operators o ON o.id = n.author_id "
              u"WHERE n.conversation_id = ? ORDER BY n.created_at, n.id"_s);
    q.addBindValue(id);
    if (Status s = execute(q, u"reading notes"_s); !s.isOk())
        return CommandResponse::error(s);
    QJsonArray notes;
    while (q.next())
        notes.append(QJsonObject{{u"id"_s, q.value(0).toLongLong()},
                                 {u"body"_s, q.value(1).toString()},
                                 {u"createdAt"_s, toIsoString(q.value(2).toLongLong())},
                                 {u"authorId"_s, q.value(3).toLongLong()},
                                 {u"authorName"_s, q.value(4).toString()}});
    const Result<QStringList> tags = TagRepository(db).of(TagRepository::Owner::Conversation, id);
    if (!tags.isOk())
        return CommandResponse::error(tags.status());
    return CommandResponse::ok(
        QJsonObject{{u"notes"_s, notes}, {u"tags"_s, QJsonArray::fromStringList(tags.value())}});
}

} // namespace

void registerWorkflowCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                              MetricsRegistry &metrics)
{
    metrics.describe("aiochat_resolution_seconds", MetricsRegistry::Type::Histogram,
                     "Time from a conversation's start to its resolution.",
                     {60, 300, 900, 3600, 4 * 3600, 24 * 3600, 72 * 3600, 7 * 24 * 3600});
    api.registerCore(
        u"conversation.setStatus"_s, Permission::ConversationsWrite,
        [&storage, &events, &metrics](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            const QString name = p.requiredString(u"status"_s, 30);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            const std::optional<ConversationStatus> status = fromString<ConversationStatus>(name);
            if (!status) {
                reply(CommandResponse::error(Status::invalidArgument(
                    u"status: must be open, needs_attention, resolved or closed"_s)));
                return;
            }
            // A conversation resolved now (not re-resolved) feeds aiochat_resolution_seconds.
            auto resolved = std::make_shared<std::pair<QByteArray, double>>(QByteArray(), -1.0);
            changeConversation(
                storage, events, id,
                [status, resolved](QSqlDatabase &, ConversationRepository &conversations,
                                   const Conversation &c) {
                    if (*status == ConversationStatus::Resolved &&
                        c.status != ConversationStatus::Resolved)
                        *resolved = {toString(c.platform).toUtf8(),
                                     double(nowMillis() - c.createdAt) / 1000.0};
                    return conversations.setStatus(c.id, *status);
                },
                reply,
                [resolved, &metrics] {
                    if (resolved->second >= 0)
                        metrics.observe("aiochat_resolution_seconds",
                                        MetricsRegistry::label("platform", resolved->first),
                                        resolved->second);
                });
        });

    api.registerCore(
        u"conversation.assign"_s, Permission::ConversationsWrite,
        [&storage, &events](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            const qint64 assignee = p.optionalId(u"operatorId"_s); // absent or 0: unassigned
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            changeConversation(
                storage, events, id,
                [assignee](QSqlDatabase &db, ConversationRepository &,
                           const Conversation &c) -> Status {
                    if (assignee) {
                        if (Status s = checkActiveOperator(db, assignee, u"operatorId"_s);
                            !s.isOk())
                            return s;
                    }
                    return execute(
                        db,
                        u"UPDATE conversations SET assignee_id = ?, updated_at = ? "
                        u"WHERE id = ?"_s,
                        {assignee ? QVariant(assignee) : QVariant(QMetaType(QMetaType::LongLong)),
                         nowMillis(), c.id},
                        u"assigning a conversation"_s);
                },
                reply);
        });

    // Taking over silences the bot and, when nobody owns the conversation, makes it yours;
    // handing back lets the bot answer again.
    api.registerCore(
        u"conversation.setHandler"_s, Permission::ConversationsWrite,
        [&storage, &events](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            const QString name = p.requiredString(u"handler"_s, 10);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            const std::optional<Handler> handler = fromString<Handler>(name);
            if (!handler) {
                reply(CommandResponse::error(
                    Status::invalidArgument(u"handler: must be bot or human"_s)));
                return;
            }
            const qint64 me = req.op.operatorId;
            changeConversation(
                storage, events, id,
                [handler, me](QSqlDatabase &db, ConversationRepository &conversations,
                              const Conversation &c) {
                    const qint64 assignee =
                        *handler == Handler::Human && c.assigneeId == 0 ? me : c.assigneeId;
                    if (Status s = execute(db,
                                           u"UPDATE conversations SET handler = ?, assignee_id = "
                                           u"?, updated_at = ? WHERE id = ?"_s,
                                           {toString(*handler),
                                            assignee ? QVariant(assignee)
                                                     : QVariant(QMetaType(QMetaType::LongLong)),
                                            nowMillis(), c.id},
                                           u"changing who answers"_s);
                        !s.isOk())
                        return s;
                    // Handed back, the bot answers again: nobody waits for a person any more.
                    // Taken over, the customer still waits until the operator writes.
                    return *handler == Handler::Bot ? conversations.clearWaiting(c.id)
                                                    : Status::ok();
                },
                reply);
        });

    api.registerCore(
        u"conversation.setTags"_s, Permission::ConversationsWrite,
        [&storage, &events](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            const Result<TagsRequest> asked = tagsRequest(req.params);
            if (!asked.isOk()) {
                reply(CommandResponse::error(asked.status()));
                return;
            }
            changeConversation(
                storage, events, asked.value().id,
                [tags = asked.value().tags](QSqlDatabase &db, ConversationRepository &,
                                            const Conversation &c) -> Status {
                    if (Status s = TagRepository(db).replace(TagRepository::Owner::Conversation,
                                                             c.id, tags);
                        !s.isOk())
                        return s;
                    return execute(db, u"UPDATE conversations SET updated_at = ? WHERE id = ?"_s,
                                   {nowMillis(), c.id}, u"tagging"_s);
                },
                reply);
        });

    api.registerCore(
        u"conversation.addNote"_s, Permission::ConversationsWrite,
        [&storage, &events](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"conversationId"_s);
            const QString body = p.requiredString(u"body"_s, 10'000);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            const qint64 author = req.op.operatorId;
            auto note = std::make_shared<QJsonObject>();
            storage.writer().submit(
                &events,
                [id, body, author, note](QSqlDatabase &db) -> Status {
                    QSqlQuery q(db);
                    q.prepare(u"INSERT INTO notes (conversation_id, contact_id, author_id, body, "
                              u"created_at) SELECT id, contact_id, ?, ?, ? FROM conversations "
                              u"WHERE id = ? RETURNING id, created_at"_s);
                    q.addBindValue(author ? QVariant(author)
                                          : QVariant(QMetaType(QMetaType::LongLong)));
                    q.addBindValue(body);
                    q.addBindValue(nowMillis());
                    q.addBindValue(id);
                    if (Status s = execute(q, u"adding a note"_s); !s.isOk())
                        return s;
                    if (!q.next())
                        return Status::notFound(u"no conversation with id "_s +
                                                QString::number(id));
                    *note = QJsonObject{{u"id"_s, q.value(0).toLongLong()},
                                        {u"conversationId"_s, id},
                                        {u"body"_s, body},
                                        {u"authorId"_s, author},
                                        {u"createdAt"_s, toIsoString(q.value(1).toLongLong())}};
                    return Status::ok();
                },
                [&events, note, reply](const Status &s) {
                    if (!s.isOk()) {
                        reply(CommandResponse::error(s));
                        return;
                    }
                    events.publish(u"note.created"_s, {{u"note"_s, *note}});
                    reply(CommandResponse::ok(QJsonObject{{u"note"_s, *note}}));
                });
        });

    api.registerRead(u"conversation.notes"_s, Permission::ConversationsRead, listNotes);

    api.registerRead(u"operators.directory"_s, Permission::ConversationsRead,
                     [](const CommandRequest &, QSqlDatabase &db) {
                         QSqlQuery q(db);
                         if (!q.exec(u"SELECT id, display_name, role FROM operators WHERE "
                                     u"disabled = 0 ORDER BY display_name"_s))
                             return CommandResponse::error(
                                 queryError(q, u"reading the operators"_s));
                         QJsonArray out;
                         while (q.next())
                             out.append(QJsonObject{{u"id"_s, q.value(0).toLongLong()},
                                                    {u"displayName"_s, q.value(1).toString()},
                                                    {u"role"_s, q.value(2).toString()}});
                         return CommandResponse::ok(QJsonObject{{u"operators"_s, out}});
                     });
}

} // namespace aiochat
