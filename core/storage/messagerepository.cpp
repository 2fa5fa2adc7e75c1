#include "messagerepository.h"

#include "keysetpage.h"

#include "connection.h"
#include "messagetext.h"
#include "statement.h"

#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

const QString kColumns =
    u"id, conversation_id, identity_id, direction, sender, sender_operator_id, "
    u"sender_name, kind, text, attachments, platform_message_id, status, error, "
    u"created_at, edited_at, text_enc"_s;

Message fromRow(const QSqlQuery &q, const PersonalDataCipher &cipher)
{
    Message m;
    m.id = q.value(0).toLongLong();
    m.conversationId = q.value(1).toLongLong();
    m.identityId = q.value(2).toLongLong();
    m.direction = fromString(q.value(3).toString(), Direction::Inbound);
    m.sender = fromString(q.value(4).toString(), SenderKind::Customer);
    m.senderOperatorId = q.value(5).toLongLong();
    m.senderName = q.value(6).toString();
    m.kind = fromString(q.value(7).toString(), MessageKind::Unsupported);
    m.text = messagetext::open(cipher, q.value(15).toByteArray(), q.value(8).toString());
    const QByteArray attachments = q.value(9).toByteArray();
    if (!attachments.isEmpty())
        m.attachments = QJsonDocument::fromJson(attachments).array();
    m.platformMessageId = q.value(10).toString();
    m.status = fromString(q.value(11).toString(), DeliveryStatus::Received);
    m.error = q.value(12).toString();
    m.createdAt = q.value(13).toLongLong();
    m.editedAt = q.value(14).toLongLong();
    return m;
}

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

QVariant blobOrNull(const QByteArray &b)
{
    return b.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(b);
}

} // namespace

MessageRepository::MessageRepository(QSqlDatabase db, const PersonalDataCipher &cipher)
    : m_db(std::move(db))
    , m_cipher(cipher)
{}

Result<std::optional<qint64>> MessageRepository::insert(const Message &m)
{
    Statement qStatement(m_db,
                         u"INSERT INTO messages (conversation_id, identity_id, direction, sender, "
                         u"sender_operator_id, sender_name, kind, text_enc, search_terms, "
                         u"attachments, platform_message_id, status, error, created_at, "
                         u"edited_at, updated_at) "
                         u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                         u"ON CONFLICT DO NOTHING RETURNING id"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    const Millis now = nowMillis();
    q.addBindValue(m.conversationId);
    q.addBindValue(m.identityId);
    q.addBindValue(toString(m.direction));
    q.addBindValue(toString(m.sender));
    q.addBindValue(m.senderOperatorId ? QVariant(m.senderOperatorId)
                                      : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(notNull(m.senderName));
    q.addBindValue(toString(m.kind));
    const messagetext::Sealed sealed = messagetext::seal(m_cipher, m.text);
    q.addBindValue(blobOrNull(sealed.text));
    q.addBindValue(textOrNull(sealed.searchTerms));
    q.addBindValue(m.attachments.isEmpty()
                       ? QVariant(QMetaType(QMetaType::QString))
                       : QVariant(QString::fromUtf8(
                             QJsonDocument(m.attachments).toJson(QJsonDocument::Compact))));
    q.addBindValue(textOrNull(m.platformMessageId));
    q.addBindValue(toString(m.status));
    q.addBindValue(textOrNull(m.error));
    q.addBindValue(m.createdAt ? m.createdAt : now);
    q.addBindValue(m.editedAt);
    q.addBindValue(now);
    s = execute(q, u"inserting a message"_s);
    if (!s.isOk())
        return s;
    if (!q.next())
        return std::optional<qint64>(); // duplicate: stored before
    return std::optional<qint64>(q.value(0).toLongLong());
}

Result<std::optional<Message>> MessageRepository::find(qint64 id)
{
    Statement qStatement(m_db, u"SELECT "_s + kColumns + u" FROM messages WHERE id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(id);
    s = execute(q, u"reading a message"_s);
    if (!s.isOk())
        return s;
    if (!q.next())
        return std::optional<Message>();
    return std::optional<Message>(fromRow(q, m_cipher));
}

Result<std::optional<Message>> MessageRepository::findByPlatformId(qint64 identityId,
                                                                   Direction direction,
                                                                   const QString &platformMessageId)
{
    Statement qStatement(m_db, u"SELECT "_s + kColumns +
                                   u" FROM messages WHERE identity_id = ? AND direction = ? AND "
                                   u"platform_message_id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(identityId);
    q.addBindValue(toString(direction));
    q.addBindValue(platformMessageId);
    s = execute(q, u"reading a message"_s);
    if (!s.isOk())
        return s;
    if (!q.next())
        return std::optional<Message>();
    return std::optional<Message>(fromRow(q, m_cipher));
}

Result<bool> MessageRepository::existsByPlatformId(qint64 identityId, Direction direction,
                                                   const QString &platformMessageId)
{
    Statement st(m_db, u"SELECT 1 FROM messages WHERE identity_id = ? AND direction = ? AND "
                       u"platform_message_id = ?"_s);
    if (!st.status().isOk())
        return st.status();
    QSqlQuery &q = st.query();
    q.addBindValue(identityId);
    q.addBindValue(toString(direction));
    q.addBindValue(platformMessageId);
    if (const Status s = execute(q, u"checking for a stored message"_s); !s.isOk())
        return s;
    return q.next();
}

Result<std::optional<Message>>
MessageRepository::findOutboundByPlatformId(const QString &platformMessageId)
{
    Statement qStatement(
        m_db, u"SELECT "_s + kColumns +
                  u" FROM messages WHERE direction = 'out' AND platform_message_id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(platformMessageId);
    s = execute(q, u"reading an outbound message"_s);
    if (!s.isOk())
        return s;
    if (!q.next())
        return std::optional<Message>();
    return std::optional<Message>(fromRow(q, m_cipher));
}

namespace {
int statusRank(DeliveryStatus s)
{
    switch (s) {
    case DeliveryStatus::Received:
    case DeliveryStatus::Queued:
        return 0;
    case DeliveryStatus::Sent:
        return 1;
    case DeliveryStatus::Delivered:
        return 2;
    case DeliveryStatus::Read:
        return 3;
    case DeliveryStatus::Failed:
        return 4;
    }
    return 0;
}
} // namespace

Result<bool> MessageRepository::advanceStatus(qint64 id, DeliveryStatus status,
                                              const QString &error)
{
    const Result<std::optional<Message>> current = find(id);
    if (!current.isOk())
        return current.status();
    if (!current.value())
        return Status::notFound(u"no message with id "_s + QString::number(id));
    const DeliveryStatus was = current.value()->status;
    // Failed is terminal; otherwise only forward. A failure after "delivered" cannot happen on
    // WhatsApp, but if a platform says so the failure is what the operator needs to see.
    if (was == DeliveryStatus::Failed || statusRank(status) <= statusRank(was))
        return false;
    Statement qStatement(
        m_db, u"UPDATE messages SET status = ?, error = ?, updated_at = ? WHERE id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(toString(status));
    q.addBindValue(textOrNull(status == DeliveryStatus::Failed ? error : QString()));
    q.addBindValue(nowMillis());
    q.addBindValue(id);
    s = execute(q, u"updating a delivery status"_s);
    if (!s.isOk())
        return s;
    return true;
}

Status MessageRepository::addParts(qint64 messageId, const QStringList &platformIds)
{
    Statement st(m_db, u"INSERT INTO message_parts (platform_message_id, message_id, part, status) "
                       u"VALUES (?, ?, ?, 'sent') ON CONFLICT (platform_message_id) DO NOTHING"_s);
    if (!st.status().isOk())
        return st.status();
    QSqlQuery &q = st.query();
    for (qsizetype i = 0; i < platformIds.size(); ++i) {
        q.addBindValue(platformIds.at(i));
        q.addBindValue(messageId);
        q.addBindValue(int(i) + 1);
        if (Status s = execute(q, u"recording a message part"_s); !s.isOk())
            return s;
    }
    return Status::ok();
}

Result<MessageRepository::PartReport>
MessageRepository::applyPartReport(const QString &platformMessageId, DeliveryStatus status,
                                   const QString &error)
{
    PartReport out;
    QSqlQuery q(m_db);
    q.prepare(u"SELECT message_id, status FROM message_parts WHERE platform_message_id = ?"_s);
    q.addBindValue(platformMessageId);
    if (Status s = execute(q, u"reading a message part"_s); !s.isOk())
        return s;
    if (!q.next())
        return out;
    out.messageId = q.value(0).toLongLong();
    const DeliveryStatus was = fromString(q.value(1).toString(), DeliveryStatus::Sent);
    q.finish();
    if (was != DeliveryStatus::Failed && statusRank(status) > statusRank(was)) {
        q.prepare(
            u"UPDATE message_parts SET status = ?, error = ? WHERE platform_message_id = ?"_s);
        q.addBindValue(toString(status));
        q.addBindValue(textOrNull(status == DeliveryStatus::Failed ? error : QString()));
        q.addBindValue(platformMessageId);
        if (Status s = execute(q, u"updating a message part"_s); !s.isOk())
            return s;
    }
    // The message is as far along as its slowest part; a failed part decides.
    q.prepare(u"SELECT part, status, COALESCE(error, '') FROM message_parts WHERE message_id = ? "
              u"ORDER BY part"_s);
    q.addBindValue(out.messageId);
    if (Status s = execute(q, u"reading a message's parts"_s); !s.isOk())
        return s;
    DeliveryStatus least = DeliveryStatus::Read;
    QString failure;
    int parts = 0;
    int failedPart = 0;
    while (q.next()) {
        ++parts;
        const DeliveryStatus part = fromString(q.value(1).toString(), DeliveryStatus::Sent);
        if (part == DeliveryStatus::Failed && failedPart == 0) {
            failedPart = q.value(0).toInt();
            failure = q.value(2).toString();
        } else if (part != DeliveryStatus::Failed && statusRank(part) < statusRank(least)) {
            least = part;
        }
    }
    q.finish();
    const Result<bool> advanced =
        failedPart ? advanceStatus(out.messageId, DeliveryStatus::Failed,
                                   u"part "_s + QString::number(failedPart) + u" of "_s +
                                       QString::number(parts) + u": "_s + failure)
                   : advanceStatus(out.messageId, least, {});
    if (!advanced.isOk())
        return advanced.status();
    out.advanced = advanced.value();
    return out;
}

Result<Page<Message>> MessageRepository::listPage(qint64 conversationId, int limit,
                                                  const QString &cursor)
{
    limit = std::clamp(limit, 1, 500);
    QString sql = u"SELECT "_s + kColumns + u" FROM messages WHERE conversation_id = ?"_s;
    QVariantList binds{conversationId};
    if (!cursor.isEmpty()) {
        const Result<QStringList> parts = keyset::decode(cursor, 2);
        if (!parts.isOk())
            return parts.status();
        sql += u" AND (created_at < ? OR (created_at = ? AND id < ?))"_s;
        binds << parts->at(0).toLongLong() << parts->at(0).toLongLong()
              << parts->at(1).toLongLong();
    }
    sql += u" ORDER BY created_at DESC, id DESC LIMIT "_s + QString::number(limit + 1);
    return keyset::fetch<Message>(
        m_db, sql, binds, limit, u"listing messages"_s,
        [this](const QSqlQuery &q) { return Result<Message>(fromRow(q, m_cipher)); },
        [](const Message &m) {
            return QStringList{QString::number(m.createdAt), QString::number(m.id)};
        });
}

Status MessageRepository::edit(qint64 id, const QString &text, Millis editedAt)
{
    Statement keepStatement(m_db, u"INSERT INTO message_edits (message_id, previous_text, "
                                  u"previous_text_enc, edited_at) "
                                  u"SELECT id, text, text_enc, ? FROM messages WHERE id = ?"_s);
    Status s = keepStatement.status();
    QSqlQuery &keep = keepStatement.query();
    if (!s.isOk())
        return s;
    keep.addBindValue(editedAt);
    keep.addBindValue(id);
    s = execute(keep, u"keeping the previous text"_s);
    if (!s.isOk())
        return s;
    if (keep.numRowsAffected() == 0)
        return Status::notFound(u"no message with id "_s + QString::number(id));
    Statement qStatement(
        m_db, u"UPDATE messages SET text = NULL, text_enc = ?, search_terms = ?, edited_at = ?, "
              u"updated_at = ? WHERE id = ?"_s);
    s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    const messagetext::Sealed sealed = messagetext::seal(m_cipher, text);
    q.addBindValue(blobOrNull(sealed.text));
    q.addBindValue(textOrNull(sealed.searchTerms));
    q.addBindValue(editedAt);
    q.addBindValue(nowMillis());
    q.addBindValue(id);
    return execute(q, u"editing a message"_s);
}

Result<qint64> MessageRepository::countForConversation(qint64 conversationId)
{
    Statement qStatement(m_db, u"SELECT COUNT(*) FROM messages WHERE conversation_id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(conversationId);
    s = execute(q, u"counting messages"_s);
    if (!s.isOk())
        return s;
    if (!q.next())
        return qint64(0);
    return q.value(0).toLongLong();
}

} // namespace aiochat
