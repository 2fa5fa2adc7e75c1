#include "facts.h"

#include "domain/enums.h"
#include "domain/timestamps.h"
#include "storage/connection.h"
#include "storage/messagerepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat::automation {

namespace {

struct Chat
{
    qint64 id = 0;
    QString platform;
    Millis lastInboundAt = 0;
    Millis lastMessageAt = 0;
};

// The conversation a message to the contact goes to: the one they wrote in last.
bool better(const Chat &candidate, const Chat &current)
{
    if (current.id == 0)
        return true;
    if (candidate.lastInboundAt != current.lastInboundAt)
        return candidate.lastInboundAt > current.lastInboundAt;
    return candidate.lastMessageAt > current.lastMessageAt;
}

} // namespace

FactsLoader::FactsLoader(QSqlDatabase db, const PersonalDataCipher &cipher, QStringList fields)
    : m_db(std::move(db))
    , m_cipher(cipher)
    , m_fields(std::move(fields))
{}

Status FactsLoader::loadTags(const QString &table, const QString &ownerColumn, qint64 onlyOwner,
                             QHash<qint64, QJsonArray> &into)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT x."_s + ownerColumn + u", t.name FROM "_s + table +
              u" x JOIN tags t ON t.id = x.tag_id"_s +
              (onlyOwner ? u" WHERE x."_s + ownerColumn + u" = ?"_s : QString()));
    if (onlyOwner)
        q.addBindValue(onlyOwner);
    if (Status s = execute(q, u"reading tags"_s); !s.isOk())
        return s;
    while (q.next())
        into[q.value(0).toLongLong()].append(q.value(1).toString());
    return Status::ok();
}

Status FactsLoader::forEachContact(const std::function<void(const Facts &)> &visit,
                                   qint64 contactId)
{
    const QString only = contactId ? u" AND contact_id = ?"_s : QString();
    QHash<qint64, Chat> chats;
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        // A chat belongs to its identity's customer (verified, or linked by an import), else
        // to the conversation's own.
        const QString owner = u"COALESCE(i.contact_id, v.contact_id)"_s;
        // One customer (an event): only their rows, found through the two contact_id indexes
        // (an expression on the owner would scan every conversation for each event).
        q.prepare(u"SELECT v.id, "_s + owner +
                  u", v.platform, v.last_inbound_at, v.last_message_at FROM conversations v "
                  u"LEFT JOIN contact_identities i ON i.id = v.identity_id WHERE v.is_group = 0 "
                  u"AND "_s +
                  owner + u" IS NOT NULL"_s +
                  (contactId ? u" AND (v.contact_id = ? OR v.identity_id IN (SELECT id FROM "
                               u"contact_identities WHERE contact_id = ?))"_s
                             : QString()));
        if (contactId) {
            q.addBindValue(contactId);
            q.addBindValue(contactId);
        }
        if (Status s = execute(q, u"reading the contacts' chats"_s); !s.isOk())
            return s;
        while (q.next()) {
            if (contactId && q.value(1).toLongLong() != contactId)
                continue; // the conversation's placeholder, but the chat is someone else's now
            const Chat c{q.value(0).toLongLong(), q.value(2).toString(), q.value(3).toLongLong(),
                         q.value(4).toLongLong()};
            Chat &current = chats[q.value(1).toLongLong()];
            if (better(c, current))
                current = c;
        }
    }
    QHash<qint64, QJsonArray> tags;
    if (m_fields.contains(u"contact.tags"_s))
        if (Status s = loadTags(u"contact_tags"_s, u"contact_id"_s, contactId, tags); !s.isOk())
            return s;
    QSet<qint64> verified;
    if (m_fields.contains(u"contact.verified"_s)) {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT DISTINCT contact_id FROM contact_identities "
                  u"WHERE contact_id IS NOT NULL AND verification_expires_at > ?"_s +
                  only);
        q.addBindValue(nowMillis());
        if (contactId)
            q.addBindValue(contactId);
        if (Status s = execute(q, u"reading verifications"_s); !s.isOk())
            return s;
        while (q.next())
            verified.insert(q.value(0).toLongLong());
    }

    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, display_name, language, attributes, attributes_enc, created_at "
              u"FROM contacts WHERE merged_into IS NULL"_s +
              (contactId ? u" AND id = ?"_s : QString()) + u" ORDER BY id"_s);
    if (contactId)
        q.addBindValue(contactId);
    if (Status s = execute(q, u"reading contacts"_s); !s.isOk())
        return s;
    Facts f;
    while (q.next()) {
        f.values.clear();
        f.contactId = q.value(0).toLongLong();
        const Chat chat = chats.value(f.contactId);
        f.conversationId = chat.id;
        f.platform = chat.platform;
        f.lastInboundAt = chat.lastInboundAt;
        const QString language = q.value(2).toString();
        const QJsonObject attributes = QJsonDocument::fromJson(q.value(3).toByteArray()).object();
        for (auto it = attributes.begin(); it != attributes.end(); ++it)
            f.values.insert(u"attr."_s + it.key(), it.value());
        if (const QByteArray sealed = q.value(4).toByteArray(); !sealed.isEmpty()) {
            const Result<QByteArray> personal =
                m_cipher.openBytes(PersonalField::Attributes, sealed);
            if (!personal.isOk())
                return personal.status().prefixed(u"contact "_s + QString::number(f.contactId));
            const QJsonObject values = QJsonDocument::fromJson(personal.value()).object();
            for (auto it = values.begin(); it != values.end(); ++it)
                f.values.insert(u"attr."_s + it.key(), it.value());
        }
        // Before the language had a field of its own it was an attribute.
        f.language = !language.isEmpty() ? language
                     : attributes.value(u"language"_s).toString().toLower().startsWith(u"id"_s)
                         ? u"id"_s
                         : u"en"_s;
        f.values.insert(u"contact.name"_s, q.value(1).toString());
        if (!language.isEmpty())
            f.values.insert(u"contact.language"_s, language);
        if (!chat.platform.isEmpty())
            f.values.insert(u"contact.platform"_s, chat.platform);
        f.values.insert(u"contact.createdAt"_s,
                        QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong(), Qt::UTC)
                            .date()
                            .toString(Qt::ISODate));
        if (m_fields.contains(u"contact.tags"_s))
            f.values.insert(u"contact.tags"_s, tags.value(f.contactId));
        if (m_fields.contains(u"contact.verified"_s))
            f.values.insert(u"contact.verified"_s, verified.contains(f.contactId));
        visit(f);
    }
    return Status::ok();
}

Result<std::optional<Facts>> FactsLoader::forConversation(qint64 conversationId, qint64 messageId,
                                                          const QString &previousStatus)
{
    QSqlQuery q(m_db);
    // The customer is whom the chat belongs to now (an operator may just have verified it as
    // someone else than the conversation's first placeholder).
    q.prepare(u"SELECT COALESCE(i.contact_id, v.contact_id), v.status, v.handler, v.platform, "
              u"v.assignee_id, v.last_inbound_at FROM conversations v "
              u"LEFT JOIN contact_identities i ON i.id = v.identity_id WHERE v.id = ?"_s);
    q.addBindValue(conversationId);
    if (Status s = execute(q, u"reading a conversation"_s); !s.isOk())
        return s;
    if (!q.next() || q.value(0).isNull())
        return std::optional<Facts>();
    const qint64 contactId = q.value(0).toLongLong();
    std::optional<Facts> out;
    if (Status s = forEachContact([&out](const Facts &f) { out = f; }, contactId); !s.isOk())
        return s;
    if (!out)
        return out;
    // An event's conversation is where the rule acts, whichever chat the customer used last.
    out->conversationId = conversationId;
    out->platform = q.value(3).toString();
    out->lastInboundAt = q.value(5).toLongLong();
    out->values.insert(u"conversation.status"_s, q.value(1).toString());
    out->values.insert(u"conversation.handler"_s, q.value(2).toString());
    out->values.insert(u"conversation.platform"_s, q.value(3).toString());
    out->values.insert(u"conversation.assigned"_s, !q.value(4).isNull());
    if (!previousStatus.isEmpty())
        out->values.insert(u"conversation.previousStatus"_s, previousStatus);
    if (m_fields.contains(u"conversation.tags"_s)) {
        QHash<qint64, QJsonArray> tags;
        if (Status s = loadTags(u"conversation_tags"_s, u"conversation_id"_s, conversationId, tags);
            !s.isOk())
            return s;
        out->values.insert(u"conversation.tags"_s, tags.value(conversationId));
    }
    if (messageId) {
        const Result<std::optional<Message>> m = MessageRepository(m_db, m_cipher).find(messageId);
        if (!m.isOk())
            return m.status();
        if (m.value()) {
            out->values.insert(u"message.text"_s, m.value()->text);
            out->values.insert(u"message.kind"_s, toString(m.value()->kind));
        }
    }
    return out;
}

} // namespace aiochat::automation
