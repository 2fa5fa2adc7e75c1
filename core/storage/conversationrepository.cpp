#include "conversationrepository.h"

#include "connection.h"
#include "keysetpage.h"
#include "messagetext.h"
#include "statement.h"

#include <QSet>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

const QString kAttention = u"(CASE WHEN c.status = 'needs_attention' THEN 1 ELSE 0 END)"_s;
// Within each half of the inbox: waiting conversations longest wait first, the others newest
// first — one descending key, so one keyset cursor and one index (conversations_inbox) serve both.
const QString kRank =
    u"(CASE WHEN c.status = 'needs_attention' THEN -c.waiting_since ELSE c.last_message_at END)"_s;

const QString kSelect =
    u"SELECT c.id, c.contact_id, c.identity_id, c.platform, c.status, c.handler, c.assignee_id, "
    u"c.is_group, c.unread_count, c.last_message_at, c.last_inbound_at, c.created_at, "
    u"c.updated_at, c.resolved_at, COALESCE(NULLIF(ct.display_name, ''), ci.display_name), "
    u"(SELECT m.kind || ':' || COALESCE(SUBSTR(m.text, 1, 160), '') FROM messages m "
    u"WHERE m.conversation_id = c.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1), "
    u"c.first_response_at, c.attention_reason, c.waiting_since, "
    u"(SELECT COALESCE(NULLIF(o.display_name, ''), o.email) FROM operators o "
    u"WHERE o.id = c.assignee_id), "
    u"(SELECT m.text_enc FROM messages m WHERE m.conversation_id = c.id "
    u"ORDER BY m.created_at DESC, m.id DESC LIMIT 1) "
    u"FROM conversations c JOIN contact_identities ci ON ci.id = c.identity_id "
    u"LEFT JOIN contacts ct ON ct.id = c.contact_id"_s;

Conversation fromRow(const QSqlQuery &q, const PersonalDataCipher &cipher)
{
    Conversation c;
    c.id = q.value(0).toLongLong();
    c.contactId = q.value(1).toLongLong();
    c.identityId = q.value(2).toLongLong();
    c.platform = fromString(q.value(3).toString(), Platform::Sandbox);
    c.status = fromString(q.value(4).toString(), ConversationStatus::Open);
    c.handler = fromString(q.value(5).toString(), Handler::Bot);
    c.assigneeId = q.value(6).toLongLong();
    c.isGroup = q.value(7).toBool();
    c.unreadCount = q.value(8).toInt();
    c.lastMessageAt = q.value(9).toLongLong();
    c.lastInboundAt = q.value(10).toLongLong();
    c.createdAt = q.value(11).toLongLong();
    c.updatedAt = q.value(12).toLongLong();
    c.resolvedAt = q.value(13).toLongLong();
    c.title = q.value(14).toString();
    const QString preview = q.value(15).toString();
    const qsizetype colon = preview.indexOf(u':');
    if (colon > 0) {
        c.lastMessageKind = fromString(preview.left(colon), MessageKind::Unsupported);
        // A sealed text (every row since texts are sealed) replaces the clear one's slot.
        const QByteArray sealed = q.value(20).toByteArray();
        c.lastMessagePreview = sealed.isEmpty()
                                   ? preview.mid(colon + 1)
                                   : messagetext::open(cipher, sealed, QString()).left(160);
    }
    c.firstResponseAt = q.value(16).toLongLong();
    c.attentionReason = fromString(q.value(17).toString(), AttentionReason::None);
    c.waitingSince = q.value(18).toLongLong();
    c.assigneeName = q.value(19).toString();
    return c;
}

} // namespace

ConversationRepository::ConversationRepository(QSqlDatabase db, const PersonalDataCipher &cipher)
    : m_db(std::move(db))
    , m_cipher(cipher)
{}

Result<qint64> ConversationRepository::insert(const Conversation &c)
{
    Statement qStatement(m_db,
                         u"INSERT INTO conversations (contact_id, identity_id, platform, status, "
                         u"handler, assignee_id, is_group, unread_count, last_message_at, "
                         u"last_inbound_at, created_at, updated_at, attention_reason, "
                         u"waiting_since) "
                         u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    const Millis now = c.createdAt ? c.createdAt : nowMillis();
    const QVariant nullId(QMetaType(QMetaType::LongLong));
    q.addBindValue(c.contactId ? QVariant(c.contactId) : nullId);
    q.addBindValue(c.identityId);
    q.addBindValue(toString(c.platform));
    q.addBindValue(toString(c.status));
    q.addBindValue(toString(c.handler));
    q.addBindValue(c.assigneeId ? QVariant(c.assigneeId) : nullId);
    q.addBindValue(int(c.isGroup));
    q.addBindValue(c.unreadCount);
    q.addBindValue(c.lastMessageAt ? c.lastMessageAt : now);
    q.addBindValue(c.lastInboundAt);
    q.addBindValue(now);
    q.addBindValue(c.updatedAt ? c.updatedAt : now);
    // A conversation that starts out waiting waits for a reason, from a time.
    const bool waiting = c.status == ConversationStatus::NeedsAttention;
    q.addBindValue(toString(!waiting ? AttentionReason::None
                            : c.attentionReason != AttentionReason::None
                                ? c.attentionReason
                                : AttentionReason::CustomerWaiting));
    q.addBindValue(
        !waiting ? 0
                 : (c.waitingSince ? c.waitingSince : (c.lastMessageAt ? c.lastMessageAt : now)));
    s = execute(q, u"inserting a conversation"_s);
    if (!s.isOk())
        return s;
    if (!q.next())
        return Status::internal(u"inserting a conversation returned no id"_s);
    return q.value(0).toLongLong();
}

Result<std::optional<Conversation>> ConversationRepository::find(qint64 id)
{
    Statement qStatement(m_db, kSelect + u" WHERE c.id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(id);
    s = execute(q, u"reading a conversation"_s);
    if (!s.isOk())
        return s;
    if (!q.next())
        return std::optional<Conversation>();
    return std::optional<Conversation>(fromRow(q, m_cipher));
}

Result<std::optional<Conversation>> ConversationRepository::findActiveForIdentity(qint64 identityId)
{
    Statement qStatement(
        m_db, kSelect + u" WHERE c.identity_id = ? AND c.status IN ('open', 'needs_attention') "
                        u"ORDER BY c.id DESC LIMIT 1"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(identityId);
    s = execute(q, u"finding the active conversation"_s);
    if (!s.isOk())
        return s;
    if (!q.next())
        return std::optional<Conversation>();
    return std::optional<Conversation>(fromRow(q, m_cipher));
}

Result<qint64> ConversationRepository::activeIdForIdentity(qint64 identityId)
{
    Statement st(m_db, u"SELECT id FROM conversations WHERE identity_id = ? AND status IN ('open', "
                       u"'needs_attention') ORDER BY id DESC LIMIT 1"_s);
    if (!st.status().isOk())
        return st.status();
    QSqlQuery &q = st.query();
    q.addBindValue(identityId);
    if (const Status s = execute(q, u"finding the active conversation"_s); !s.isOk())
        return s;
    return q.next() ? q.value(0).toLongLong() : qint64(0);
}

Result<Page<Conversation>> ConversationRepository::list(const ConversationQuery &query)
{
    QString filter;
    QVariantList binds;
    auto inList = [&](const QString &column, const QStringList &values) {
        if (values.isEmpty())
            return;
        filter += u" AND "_s + column + u" IN ("_s;
        for (qsizetype i = 0; i < values.size(); ++i) {
            filter += i ? u", ?"_s : u"?"_s;
            binds << values.at(i);
        }
        filter += u')';
    };
    QStringList statuses;
    for (ConversationStatus st : query.statuses)
        statuses << toString(st);
    QStringList platforms;
    for (Platform p : query.platforms)
        platforms << toString(p);
    inList(u"c.status"_s, statuses);
    inList(u"c.platform"_s, platforms);
    if (query.from > 0) {
        filter += u" AND c.last_message_at >= ?"_s;
        binds << query.from;
    }
    if (query.to > 0) {
        filter += u" AND c.last_message_at < ?"_s;
        binds << query.to;
    }
    if (query.assignee == ConversationQuery::Assignee::Unassigned) {
        filter += u" AND c.assignee_id IS NULL"_s;
    } else if (query.assignee == ConversationQuery::Assignee::Operator) {
        filter += u" AND c.assignee_id = ?"_s;
        binds << query.assigneeId;
    }
    if (query.contactId > 0) {
        filter += u" AND c.contact_id = ?"_s;
        binds << query.contactId;
    }

    if (!query.search.trimmed().isEmpty())
        return listBySearch(query, filter, binds);

    const int limit = std::clamp(query.limit, 1, 500);
    QString sql = kSelect + u" WHERE 1 = 1"_s + filter;
    if (!query.cursor.isEmpty()) {
        const Result<QStringList> decoded = keyset::decode(query.cursor, 3);
        if (!decoded.isOk())
            return decoded.status();
        const QStringList &parts = decoded.value();
        sql += u" AND ("_s + kAttention + u" < ? OR ("_s + kAttention + u" = ? AND ("_s + kRank +
               u" < ? OR ("_s + kRank + u" = ? AND c.id < ?))))"_s;
        binds << parts[0].toInt() << parts[0].toInt() << parts[1].toLongLong()
              << parts[1].toLongLong() << parts[2].toLongLong();
    }
    sql += u" ORDER BY "_s + kAttention + u" DESC, "_s + kRank + u" DESC, c.id DESC LIMIT "_s +
           QString::number(limit + 1);
    return keyset::fetch<Conversation>(
        m_db, sql, binds, limit, u"listing conversations"_s,
        [this](const QSqlQuery &q) { return Result<Conversation>(fromRow(q, m_cipher)); },
        [](const Conversation &last) {
            const bool waiting = last.status == ConversationStatus::NeedsAttention;
            return QStringList{QString::number(waiting ? 1 : 0),
                               QString::number(waiting ? -last.waitingSince : last.lastMessageAt),
                               QString::number(last.id)};
        });
}

Result<QList<Conversation>> ConversationRepository::fetchByIds(const QList<qint64> &ids,
                                                               const QString &filterSql,
                                                               const QVariantList &filterBinds)
{
    if (ids.isEmpty())
        return QList<Conversation>();
    QString sql = kSelect + u" WHERE c.id IN ("_s;
    for (qsizetype i = 0; i < ids.size(); ++i)
        sql += i ? u", ?"_s : u"?"_s;
    sql += u')' + filterSql;
    Statement qStatement(m_db, sql);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    for (qint64 id : ids)
        q.addBindValue(id);
    for (const QVariant &b : filterBinds)
        q.addBindValue(b);
    s = execute(q, u"reading conversations"_s);
    if (!s.isOk())
        return s;
    QList<Conversation> out;
    while (q.next())
        out.append(fromRow(q, m_cipher));
    return out;
}

Result<Page<Conversation>> ConversationRepository::listBySearch(const ConversationQuery &query,
                                                                const QString &filterSql,
                                                                const QVariantList &filterBinds)
{
    const int limit = std::clamp(query.limit, 1, 200);
    const QString text = query.search.trimmed();
    const bool pg = isPostgres(m_db);
    Page<Conversation> page;
    QSet<qint64> seen;

    // First page: customers whose name starts with the search come first; that is usually who
    // an operator is looking for.
    qint64 hitCursor = 0;
    if (query.cursor.isEmpty()) {
        // Matching customers and profiles are found by prefix through their name indexes
        // first; only their conversations are then sorted, never the whole table.
        const QString nameMatch = pg ? u"lower(display_name) LIKE ?"_s : u"display_name LIKE ?"_s;
        Statement qStatement(
            m_db, u"SELECT c.id FROM conversations c WHERE (c.contact_id IN (SELECT id "
                  u"FROM contacts WHERE "_s +
                      nameMatch +
                      u" LIMIT 500) OR c.identity_id IN (SELECT id FROM "
                      u"contact_identities WHERE "_s +
                      nameMatch + u" LIMIT 500))"_s + filterSql +
                      u" ORDER BY c.last_message_at DESC LIMIT "_s + QString::number(limit));
        Status s = qStatement.status();
        QSqlQuery &q = qStatement.query();
        if (!s.isOk())
            return s;
        const QString like = text.toLower().replace(u'%', u' ').replace(u'_', u' ') + u'%';
        q.addBindValue(like);
        q.addBindValue(like);
        for (const QVariant &b : filterBinds)
            q.addBindValue(b);
        s = execute(q, u"searching customer names"_s);
        if (!s.isOk())
            return s;
        QList<qint64> ids;
        while (q.next())
            ids.append(q.value(0).toLongLong());
        Result<QList<Conversation>> rows = fetchByIds(ids, QString(), {});
        if (!rows.isOk())
            return rows.status();
        std::sort(rows.value().begin(), rows.value().end(),
                  [](const Conversation &a, const Conversation &b) {
                      return a.lastMessageAt > b.lastMessageAt;
                  });
        for (const Conversation &c : rows.value()) {
            page.items.append(c);
            seen.insert(c.id);
        }
    } else {
        const Result<QStringList> parts = keyset::decode(query.cursor, 2);
        if (!parts.isOk() || parts->at(0) != u"s"_s)
            return Status::invalidArgument(u"malformed cursor"_s);
        hitCursor = parts->at(1).toLongLong();
    }

    // Then message hits, newest first. The index yields them in rowid order, so the walk stops
    // as soon as the page is full instead of ranking every match. It holds search terms, not
    // texts: numbers, dates and e-mails are looked up by their keyed hash (messagetext.h).
    const QString match =
        pg ? messagetext::tsQuery(m_cipher, text) : messagetext::ftsQuery(m_cipher, text);
    if (match.isEmpty())
        return page;
    QSqlQuery hits(m_db);
    hits.setForwardOnly(true);
    const QString sql =
        pg ? u"SELECT m.conversation_id, m.id FROM messages m WHERE m.search @@ "
             u"to_tsquery('simple', ?)"_s +
                 (hitCursor ? u" AND m.id < ?"_s : QString()) + u" ORDER BY m.id DESC"_s
           : u"SELECT m.conversation_id, f.rowid FROM messages_fts f JOIN messages m "
             u"ON m.id = f.rowid WHERE messages_fts MATCH ?"_s +
                 (hitCursor ? u" AND f.rowid < ?"_s : QString()) + u" ORDER BY f.rowid DESC"_s;
    Status s = prepare(hits, sql);
    if (!s.isOk())
        return s;
    hits.addBindValue(match);
    if (hitCursor)
        hits.addBindValue(hitCursor);
    s = execute(hits, u"searching messages"_s);
    if (!s.isOk())
        return s;

    // Candidates are checked against the other filters in batches.
    QList<qint64> batch;
    QHash<qint64, qint64> hitOf;
    qint64 lastHit = 0;
    bool exhausted = false;
    while (page.items.size() < limit && !exhausted) {
        batch.clear();
        while (batch.size() < 64) {
            if (!hits.next()) {
                exhausted = true;
                break;
            }
            const qint64 conv = hits.value(0).toLongLong();
            if (seen.contains(conv))
                continue;
            seen.insert(conv);
            batch.append(conv);
            hitOf.insert(conv, hits.value(1).toLongLong());
        }
        Result<QList<Conversation>> rows = fetchByIds(batch, filterSql, filterBinds);
        if (!rows.isOk())
            return rows.status();
        QHash<qint64, Conversation> byId;
        for (const Conversation &c : rows.value())
            byId.insert(c.id, c);
        const QHash<qint64, QString> texts = matchedTexts(batch, hitOf, text);
        for (qint64 id : std::as_const(batch)) {
            if (page.items.size() == limit) {
                exhausted = false;
                break;
            }
            lastHit = hitOf.value(id);
            if (byId.contains(id)) {
                Conversation c = byId.value(id);
                c.matchedText = texts.value(id);
                page.items.append(c);
            }
        }
    }
    if (page.items.size() == limit && lastHit > 0)
        page.nextCursor = keyset::encode({u"s"_s, QString::number(lastHit)});
    return page;
}

QHash<qint64, QString> ConversationRepository::matchedTexts(const QList<qint64> &conversations,
                                                            const QHash<qint64, qint64> &hitOf,
                                                            const QString &search)
{
    // The message that matched, cut around the first searched word, so the list shows why a
    // conversation is there rather than its latest message.
    QHash<qint64, QString> out;
    if (conversations.isEmpty())
        return out;
    QString sql = u"SELECT id, conversation_id, text, text_enc FROM messages WHERE id IN ("_s;
    QVariantList binds;
    for (qint64 c : conversations) {
        sql += binds.isEmpty() ? u"?"_s : u", ?"_s;
        binds << hitOf.value(c);
    }
    sql += u')';
    QSqlQuery q(m_db);
    if (!prepare(q, sql).isOk())
        return out;
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (!execute(q, u"reading matched messages"_s).isOk())
        return out;
    const QString first = search.simplified().section(u' ', 0, 0);
    while (q.next()) {
        const QString text =
            messagetext::open(m_cipher, q.value(3).toByteArray(), q.value(2).toString())
                .simplified();
        const qsizetype at = first.isEmpty() ? -1 : text.indexOf(first, 0, Qt::CaseInsensitive);
        const qsizetype from = std::max<qsizetype>(0, at - 40);
        QString snippet = text.mid(from, 160);
        if (from > 0)
            snippet.prepend(u'…');
        if (from + 160 < text.size())
            snippet.append(u'…');
        out.insert(q.value(1).toLongLong(), snippet);
    }
    return out;
}

Status ConversationRepository::recordActivity(qint64 id, Millis at, bool inbound)
{
    Statement qStatement(
        m_db,
        u"UPDATE conversations SET "
        u"last_message_at = CASE WHEN ? > last_message_at THEN ? ELSE last_message_at END, "
        u"last_inbound_at = CASE WHEN ? = 1 AND ? > last_inbound_at THEN ? ELSE last_inbound_at "
        u"END, "
        u"unread_count = unread_count + ?, updated_at = ? WHERE id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(at);
    q.addBindValue(at);
    q.addBindValue(int(inbound));
    q.addBindValue(at);
    q.addBindValue(at);
    q.addBindValue(inbound ? 1 : 0);
    q.addBindValue(nowMillis());
    q.addBindValue(id);
    return execute(q, u"recording conversation activity"_s);
}

Status ConversationRepository::setStatus(qint64 id, ConversationStatus status)
{
    // Flagged by hand: waiting from now, unless it already waits; any other status ends the wait.
    Statement qStatement(
        m_db, u"UPDATE conversations SET status = ?, resolved_at = ?, updated_at = ?, "
              u"attention_reason = CASE WHEN ? = 0 THEN '' WHEN attention_reason = '' THEN ? "
              u"ELSE attention_reason END, "
              u"waiting_since = CASE WHEN ? = 0 THEN 0 WHEN waiting_since = 0 THEN ? "
              u"ELSE waiting_since END WHERE id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    const Millis now = nowMillis();
    const int waiting = status == ConversationStatus::NeedsAttention ? 1 : 0;
    q.addBindValue(toString(status));
    q.addBindValue(
        status == ConversationStatus::Resolved || status == ConversationStatus::Closed ? now : 0);
    q.addBindValue(now);
    q.addBindValue(waiting);
    q.addBindValue(toString(AttentionReason::CustomerWaiting));
    q.addBindValue(waiting);
    q.addBindValue(now);
    q.addBindValue(id);
    s = execute(q, u"changing a conversation's status"_s);
    if (s.isOk() && q.numRowsAffected() == 0)
        return Status::notFound(u"no conversation with id "_s + QString::number(id));
    return s;
}

Status ConversationRepository::markWaiting(qint64 id, AttentionReason reason, Millis since,
                                           bool onlyWhenHumanOwned)
{
    // The newest reason is shown; the wait counts from when it began.
    Statement st(m_db,
                 u"UPDATE conversations SET status = 'needs_attention', attention_reason = ?, "
                 u"waiting_since = CASE WHEN status = 'needs_attention' AND waiting_since > 0 "
                 u"THEN waiting_since ELSE ? END, updated_at = ? "
                 u"WHERE id = ? AND status IN ('open', 'needs_attention') AND (? = 0 OR handler = "
                 u"'human')"_s);
    if (!st.status().isOk())
        return st.status();
    QSqlQuery &q = st.query();
    q.addBindValue(toString(reason));
    q.addBindValue(since);
    q.addBindValue(nowMillis());
    q.addBindValue(id);
    q.addBindValue(onlyWhenHumanOwned ? 1 : 0);
    return execute(q, u"marking a conversation as waiting"_s);
}

Status ConversationRepository::clearWaiting(qint64 id)
{
    Statement st(m_db, u"UPDATE conversations SET status = 'open', attention_reason = '', "
                       u"waiting_since = 0, updated_at = ? "
                       u"WHERE id = ? AND status = 'needs_attention'"_s);
    if (!st.status().isOk())
        return st.status();
    QSqlQuery &q = st.query();
    q.addBindValue(nowMillis());
    q.addBindValue(id);
    return execute(q, u"ending a conversation's wait"_s);
}

Status ConversationRepository::linkContact(qint64 id, qint64 contactId)
{
    Statement qStatement(m_db,
                         u"UPDATE conversations SET contact_id = ?, updated_at = ? WHERE id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(contactId);
    q.addBindValue(nowMillis());
    q.addBindValue(id);
    return execute(q, u"linking a conversation to a contact"_s);
}

} // namespace aiochat
