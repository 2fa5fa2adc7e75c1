#include "outboxrecords.h"

#include "cluster/clustersql.h"
#include "domain/json.h"
#include "security/personaldatacipher.h"
#include "storage/connection.h"
#include "storage/conversationrepository.h"
#include "storage/identityrepository.h"
#include "storage/messagerepository.h"
#include "storage/statement.h"

#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat::outboxrecords {

namespace {

const QString kEntrySelect =
    u"SELECT o.id, o.message_id, o.conversation_id, c.identity_id, o.platform, o.payload, "
    u"o.attempts, "
    u"o.max_attempts, o.next_attempt_at, c.last_inbound_at, ci.platform_user_enc, ci.blocked, "
    u"o.payload_enc "
    u"FROM outbox o JOIN conversations c ON c.id = o.conversation_id "
    u"JOIN contact_identities ci ON ci.id = c.identity_id "_s;

} // namespace

Result<QList<OutboundEntry>> claimEntries(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                          bool own, int leaseMs)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(u"UPDATE outbox SET owner = "_s + clustersql::thisInstance() +
                   u" WHERE id IN (SELECT o.id FROM outbox o WHERE o.state = 'pending' AND "_s +
                   (own ? clustersql::ownedHere(u"o.owner"_s)
                        : clustersql::ownerGone(u"o.owner"_s, leaseMs)) +
                   u" ORDER BY o.id FOR UPDATE SKIP LOCKED) RETURNING id"_s))
        return queryError(q, u"preparing the outbox claim"_s);
    if (!q.exec())
        return queryError(q, u"claiming outbox rows"_s);
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    q.finish();
    std::sort(ids.begin(), ids.end());
    QList<OutboundEntry> out;
    constexpr qsizetype kChunk = 500;
    for (qsizetype from = 0; from < ids.size(); from += kChunk) {
        const QList<qint64> part = ids.mid(from, kChunk);
        QVariantList binds;
        for (qint64 id : part)
            binds.append(id);
        Result<QList<OutboundEntry>> loaded =
            loadEntries(db, cipher, u"WHERE o.id IN ("_s + placeholders(part.size()) + u')', binds);
        if (!loaded.isOk())
            return loaded.status();
        out += loaded.value();
    }
    return out;
}

Result<QList<OutboundEntry>> loadEntries(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                         const QString &where, const QVariantList &binds)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(kEntrySelect + where + u" ORDER BY o.id"_s))
        return queryError(q, u"preparing the outbox query"_s);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return queryError(q, u"reading the outbox"_s);
    QList<OutboundEntry> out;
    while (q.next()) {
        OutboundEntry e;
        e.id = q.value(0).toLongLong();
        e.messageId = q.value(1).toLongLong();
        e.conversationId = q.value(2).toLongLong();
        e.identityId = q.value(3).toLongLong();
        e.platform = fromString(q.value(4).toString(), Platform::Sandbox);
        // Sealed since texts are sealed; a row queued by an older version is still clear.
        const QByteArray sealed = q.value(12).toByteArray();
        if (sealed.isEmpty()) {
            e.payload = QJsonDocument::fromJson(q.value(5).toByteArray()).object();
        } else {
            const Result<QByteArray> payload =
                cipher.openBytes(PersonalField::OutboxPayload, sealed);
            if (!payload.isOk())
                return payload.status().prefixed(u"outbox entry "_s + QString::number(e.id));
            e.payload = QJsonDocument::fromJson(payload.value()).object();
        }
        e.attempts = q.value(6).toInt();
        e.maxAttempts = q.value(7).toInt();
        e.nextAttemptAt = q.value(8).toLongLong();
        e.lastInboundAt = q.value(9).toLongLong();
        const Result<QString> recipient =
            cipher.open(PersonalField::PlatformUserId, q.value(10).toByteArray());
        if (!recipient.isOk())
            return recipient.status();
        e.recipient = recipient.value();
        e.recipientBlocked = q.value(11).toBool();
        out.append(e);
    }
    return out;
}

Result<QJsonObject> messageJson(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                qint64 messageId)
{
    const Result<std::optional<Message>> m = MessageRepository(db, cipher).find(messageId);
    if (!m.isOk())
        return m.status();
    if (!m.value())
        return Status::notFound(u"no message with id "_s + QString::number(messageId));
    return json::toJson(*m.value());
}

Status recordSent(QSqlDatabase &db, const PersonalDataCipher &cipher, const Sent &r,
                  QJsonObject &json)
{
    // The hot path of every send: statements prepared once per connection.
    Statement markOutbox(db, u"UPDATE outbox SET state = 'sent', attempts = attempts + 1, "
                             u"last_error = NULL, updated_at = ? WHERE id = ?"_s);
    QSqlQuery &q1 = markOutbox.query();
    q1.addBindValue(nowMillis());
    q1.addBindValue(r.outboxId);
    if (Status s = execute(q1, u"marking a message sent"_s); !s.isOk())
        return s;
    Statement markMessage(db, u"UPDATE messages SET status = 'sent', platform_message_id = ?, "
                              u"error = NULL, updated_at = ? WHERE id = ? AND status = 'queued'"_s);
    QSqlQuery &q2 = markMessage.query();
    q2.addBindValue(r.platformId);
    q2.addBindValue(nowMillis());
    q2.addBindValue(r.messageId);
    if (Status s = execute(q2, u"marking a message sent"_s); !s.isOk())
        return s;
    // A text sent in parts: every part reports its own delivery.
    MessageRepository messages(db, cipher);
    if (!r.partIds.isEmpty()) {
        if (Status s = messages.addParts(r.messageId, r.partIds); !s.isOk())
            return s;
    }
    // Statuses that raced ahead of this answer were kept; they apply now.
    for (const QString &id : r.partIds.isEmpty() ? QStringList{r.platformId} : r.partIds) {
        QList<std::pair<DeliveryStatus, QString>> reports;
        {
            Statement early(db, u"SELECT status, error FROM delivery_reports_pending "
                                u"WHERE platform = ? AND platform_message_id = ? "
                                u"ORDER BY reported_at, id"_s);
            QSqlQuery &q3 = early.query();
            q3.addBindValue(toString(r.platform));
            q3.addBindValue(id);
            if (Status s = execute(q3, u"reading early delivery reports"_s); !s.isOk())
                return s;
            while (q3.next())
                reports.append({fromString(q3.value(0).toString(), DeliveryStatus::Sent),
                                q3.value(1).toString()});
        }
        for (const auto &[status, error] : reports) {
            const Status applied = r.partIds.isEmpty()
                                       ? messages.advanceStatus(r.messageId, status, error).status()
                                       : messages.applyPartReport(id, status, error).status();
            if (!applied.isOk())
                return applied;
        }
        if (!reports.isEmpty()) {
            QSqlQuery q(db);
            q.prepare(u"DELETE FROM delivery_reports_pending WHERE platform = ? AND "
                      u"platform_message_id = ?"_s);
            q.addBindValue(toString(r.platform));
            q.addBindValue(id);
            if (Status s = execute(q, u"clearing early delivery reports"_s); !s.isOk())
                return s;
        }
    }
    const Result<QJsonObject> m = messageJson(db, cipher, r.messageId);
    if (m.isOk())
        json = m.value();
    return m.status();
}

Status recordRetry(QSqlDatabase &db, qint64 outboxId, int attempts, Millis next,
                   const QString &error)
{
    QSqlQuery q(db);
    q.prepare(
        u"UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?"_s);
    q.addBindValue(attempts);
    q.addBindValue(next);
    q.addBindValue(error);
    q.addBindValue(nowMillis());
    q.addBindValue(outboxId);
    return execute(q, u"scheduling a retry"_s);
}

Status recordFailure(QSqlDatabase &db, const PersonalDataCipher &cipher, const Failure &f,
                     QJsonObject &json, QJsonObject &conversation)
{
    QSqlQuery q(db);
    q.prepare(
        u"UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?"_s);
    q.addBindValue(f.error);
    q.addBindValue(nowMillis());
    q.addBindValue(f.outboxId);
    if (Status s = execute(q, u"marking a message failed"_s); !s.isOk())
        return s;
    q.prepare(u"UPDATE messages SET status = 'failed', error = ?, updated_at = ? WHERE id = ?"_s);
    q.addBindValue(f.error);
    q.addBindValue(nowMillis());
    q.addBindValue(f.messageId);
    if (Status s = execute(q, u"marking a message failed"_s); !s.isOk())
        return s;
    if (f.blocked) {
        q.prepare(u"UPDATE contact_identities SET blocked = 1 WHERE id = ?"_s);
        q.addBindValue(f.identityId);
        if (Status s = execute(q, u"marking the customer blocked"_s); !s.isOk())
            return s;
    }
    // An answer that never arrived leaves the customer waiting for a person.
    ConversationRepository conversations(db, cipher);
    if (Status s =
            conversations.markWaiting(f.conversationId, AttentionReason::SendFailed, nowMillis());
        !s.isOk())
        return s;
    const auto fresh = conversations.find(f.conversationId);
    if (fresh.isOk() && fresh.value())
        conversation = json::toJson(*fresh.value());
    const Result<QJsonObject> m = messageJson(db, cipher, f.messageId);
    if (m.isOk())
        json = m.value();
    return m.status();
}

Status recordMigratedGroup(QSqlDatabase &db, const PersonalDataCipher &cipher, qint64 identityId,
                           const QString &newChatId)
{
    QSqlQuery q(db);
    q.prepare(u"UPDATE contact_identities SET platform_user_enc = ?, platform_user_bidx = ? "
              u"WHERE id = ?"_s);
    q.addBindValue(cipher.seal(PersonalField::PlatformUserId, newChatId));
    q.addBindValue(cipher.blindIndex(PersonalField::PlatformUserId,
                                     IdentityRepository::scopedId(Platform::Telegram, newChatId)));
    q.addBindValue(identityId);
    return execute(q, u"moving a migrated group"_s);
}

} // namespace aiochat::outboxrecords
