#include "conversationcommands.h"

#include "consoleapi.h"
#include "domain/json.h"
#include "media/attachmentrepository.h"
#include "params.h"
#include "storage/connection.h"
#include "storage/contactrepository.h"
#include "storage/conversationrepository.h"
#include "storage/identityrepository.h"
#include "storage/messagerepository.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

CommandResponse listConversations(const CommandRequest &req, QSqlDatabase &db,
                                  const PersonalDataCipher &cipher)
{
    Params p(req.params);
    ConversationQuery query;
    query.statuses = p.optionalEnumList<ConversationStatus>(u"status"_s);
    query.platforms = p.optionalEnumList<Platform>(u"platform"_s);
    query.from = p.optionalTime(u"from"_s);
    query.to = p.optionalTime(u"to"_s);
    query.search = p.optionalString(u"search"_s, 200);
    query.limit = p.optionalInt(u"limit"_s, 50, 1, 200);
    query.cursor = p.optionalString(u"cursor"_s, 200);
    query.contactId = p.optionalId(u"contactId"_s);
    const QString assignee = p.optionalString(u"assignee"_s, 20);
    if (!p.isOk())
        return CommandResponse::error(p.status());
    if (assignee == u"me"_s) {
        query.assignee = ConversationQuery::Assignee::Operator;
        query.assigneeId = req.op.operatorId;
    } else if (assignee == u"unassigned"_s) {
        query.assignee = ConversationQuery::Assignee::Unassigned;
    } else if (!assignee.isEmpty() && assignee != u"anyone"_s) {
        return CommandResponse::error(
            Status::invalidArgument(u"assignee: must be me, unassigned or anyone"_s));
    }
    const Result<Page<Conversation>> page = ConversationRepository(db, cipher).list(query);
    if (!page.isOk())
        return CommandResponse::error(page.status());
    QJsonArray items;
    for (const Conversation &c : page.value().items)
        items.append(json::toJson(c));
    return CommandResponse::ok(
        QJsonObject{{u"items"_s, items}, {u"nextCursor"_s, page.value().nextCursor}});
}

CommandResponse getConversation(const CommandRequest &req, QSqlDatabase &db,
                                const PersonalDataCipher &cipher)
{
    Params p(req.params);
    const qint64 id = p.requiredId(u"id"_s);
    if (!p.isOk())
        return CommandResponse::error(p.status());
    const Result<std::optional<Conversation>> c = ConversationRepository(db, cipher).find(id);
    if (!c.isOk())
        return CommandResponse::error(c.status());
    if (!c.value())
        return CommandResponse::error(
            Status::notFound(u"no conversation with id "_s + QString::number(id)));
    QJsonObject result{{u"conversation"_s, json::toJson(*c.value())}};
    const Result<std::optional<ContactIdentity>> identity =
        IdentityRepository(db, cipher).find(c.value()->identityId);
    if (!identity.isOk())
        return CommandResponse::error(identity.status());
    if (identity.value())
        result.insert(u"identity"_s, json::toJson(*identity.value()));
    if (c.value()->contactId) {
        const Result<std::optional<Contact>> contact =
            ContactRepository(db, cipher).find(c.value()->contactId);
        if (!contact.isOk())
            return CommandResponse::error(contact.status());
        if (contact.value())
            result.insert(u"contact"_s, json::toJson(*contact.value()));
    }
    return CommandResponse::ok(result);
}

CommandResponse listMessages(const CommandRequest &req, QSqlDatabase &db,
                             const PersonalDataCipher &cipher)
{
    Params p(req.params);
    const qint64 id = p.requiredId(u"conversationId"_s);
    const int limit = p.optionalInt(u"limit"_s, 50, 1, 500);
    const QString cursor = p.optionalString(u"cursor"_s, 200);
    if (!p.isOk())
        return CommandResponse::error(p.status());
    const Result<Page<Message>> page = MessageRepository(db, cipher).listPage(id, limit, cursor);
    if (!page.isOk())
        return CommandResponse::error(page.status());
    // The files each message carries, with how their download stands.
    QList<qint64> ids;
    for (const Message &m : page.value().items)
        if (!m.attachments.isEmpty())
            ids.append(m.id);
    const Result<QHash<qint64, QJsonArray>> files =
        AttachmentRepository(db, cipher).forMessages(ids);
    if (!files.isOk())
        return CommandResponse::error(files.status());
    QJsonArray items;
    for (const Message &m : page.value().items) {
        QJsonObject o = json::toJson(m);
        if (const auto it = files->constFind(m.id); it != files->constEnd())
            o.insert(u"files"_s, it.value());
        items.append(o);
    }
    return CommandResponse::ok(
        QJsonObject{{u"items"_s, items}, {u"nextCursor"_s, page.value().nextCursor}});
}

} // namespace

void registerConversationCommands(ConsoleApi &api, Storage &storage)
{
    const PersonalDataCipher &cipher = storage.cipher();
    api.registerRead(u"conversations.list"_s, Permission::ConversationsRead,
                     [&cipher](const CommandRequest &req, QSqlDatabase &db) {
                         return listConversations(req, db, cipher);
                     });
    // The tray badge and the title bar: what waits, in one cheap query.
    api.registerRead(
        u"conversations.counts"_s, Permission::ConversationsRead,
        [](const CommandRequest &, QSqlDatabase &db) {
            QSqlQuery q(db);
            q.prepare(u"SELECT status, COUNT(*), COALESCE(SUM(unread_count), 0) "
                      u"FROM conversations WHERE status IN ('open', "
                      u"'needs_attention') GROUP BY status"_s);
            if (Status s = execute(q, u"counting conversations"_s); !s.isOk())
                return CommandResponse::error(s);
            QJsonObject out{{u"needsAttention"_s, 0}, {u"open"_s, 0}, {u"unread"_s, 0}};
            qint64 unread = 0;
            while (q.next()) {
                out.insert(q.value(0).toString() == u"needs_attention"_s ? u"needsAttention"_s
                                                                         : u"open"_s,
                           q.value(1).toLongLong());
                unread += q.value(2).toLongLong();
            }
            out.insert(u"unread"_s, unread);
            return CommandResponse::ok(out);
        });
    api.registerRead(u"conversation.get"_s, Permission::ConversationsRead,
                     [&cipher](const CommandRequest &req, QSqlDatabase &db) {
                         return getConversation(req, db, cipher);
                     });
    api.registerRead(u"conversation.messages"_s, Permission::ConversationsRead,
                     [&cipher](const CommandRequest &req, QSqlDatabase &db) {
                         return listMessages(req, db, cipher);
                     });
}

} // namespace aiochat
