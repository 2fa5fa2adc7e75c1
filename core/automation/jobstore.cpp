#include "jobstore.h"

#include "storage/connection.h"
#include "storage/statement.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace aiochat::automation {

namespace {

QVariant nullableId(qint64 id)
{
    return id ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong));
}

} // namespace

JobStore::JobStore(QSqlDatabase db, const PersonalDataCipher &cipher)
    : m_db(std::move(db))
    , m_cipher(cipher)
{}

Millis JobStore::backoff(int attempt, double unitRandom)
{
    const double base = 30'000.0 * std::pow(2.0, std::max(0, attempt - 1));
    return Millis(std::min(base * (0.75 + 0.5 * unitRandom), 3'600'000.0));
}

Result<int> JobStore::enqueue(const std::vector<PlannedJob> &jobs, qint64 ruleId, qint64 runId,
                              int maxAttempts)
{
    Statement insert(m_db,
                     u"INSERT INTO jobs (queue, kind, payload_enc, idempotency_key, rule_id, "
                     u"run_id, contact_id, conversation_id, state, run_at, attempts, max_attempts, "
                     u"created_at, updated_at) VALUES ('automation', ?, ?, ?, ?, ?, ?, ?, "
                     u"'pending', ?, 0, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING"_s);
    if (!insert.status().isOk())
        return insert.status();
    QSqlQuery &q = insert.query();
    const Millis now = nowMillis();
    int added = 0;
    for (const PlannedJob &job : jobs) {
        q.addBindValue(job.kind);
        q.addBindValue(
            m_cipher.sealBytes(PersonalField::AutomationJob,
                               QJsonDocument(job.payload).toJson(QJsonDocument::Compact)));
        q.addBindValue(job.idempotencyKey);
        q.addBindValue(nullableId(ruleId));
        q.addBindValue(nullableId(runId));
        q.addBindValue(nullableId(job.contactId));
        q.addBindValue(nullableId(job.conversationId));
        q.addBindValue(job.runAt);
        q.addBindValue(maxAttempts);
        q.addBindValue(now);
        q.addBindValue(now);
        if (Status s = execute(q, u"queueing a job"_s); !s.isOk())
            return s;
        added += q.numRowsAffected() > 0 ? 1 : 0;
    }
    return added;
}

Result<QList<ClaimedJob>> JobStore::claim(const QString &owner, Millis now, int limit,
                                          Millis leaseMs)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE jobs SET state = 'running', locked_by = ?, locked_until = ?, "
              u"attempts = attempts + 1, updated_at = ? WHERE id IN (SELECT id FROM jobs "
              u"WHERE state = 'pending' AND run_at <= ? ORDER BY run_at, id LIMIT ?"_s +
              (isPostgres(m_db) ? u" FOR UPDATE SKIP LOCKED"_s : QString()) +
              u") RETURNING id, kind, payload_enc, rule_id, run_id, contact_id, "
              u"conversation_id, attempts, max_attempts, idempotency_key, "
              u"(SELECT COUNT(*) FROM contacts c WHERE c.id = jobs.contact_id), "
              u"(SELECT COALESCE(i.contact_id, v.contact_id) FROM conversations v LEFT JOIN "
              u"contact_identities i ON i.id = v.identity_id WHERE v.id = jobs.conversation_id), "
              u"(SELECT c.merged_into FROM contacts c WHERE c.id = jobs.contact_id)"_s);
    q.addBindValue(owner);
    q.addBindValue(now + leaseMs);
    q.addBindValue(now);
    q.addBindValue(now);
    q.addBindValue(limit);
    if (Status s = execute(q, u"claiming jobs"_s); !s.isOk())
        return s;
    QList<ClaimedJob> out;
    while (q.next()) {
        ClaimedJob j;
        j.id = q.value(0).toLongLong();
        j.kind = q.value(1).toString();
        const Result<QByteArray> payload =
            m_cipher.openBytes(PersonalField::AutomationJob, q.value(2).toByteArray());
        if (!payload.isOk())
            return payload.status().prefixed(u"job "_s + QString::number(j.id));
        j.payload = QJsonDocument::fromJson(payload.value()).object();
        j.ruleId = q.value(3).toLongLong();
        j.runId = q.value(4).toLongLong();
        j.contactId = q.value(5).toLongLong();
        j.conversationId = q.value(6).toLongLong();
        j.attempts = q.value(7).toInt();
        j.maxAttempts = q.value(8).toInt();
        j.idempotencyKey = q.value(9).toString();
        // Deleted, or the chat now belongs to someone else than the customer (or whom they were
        // merged into): the action was meant for a person who is not there any more.
        const qint64 chatOwner = q.value(11).toLongLong();
        const qint64 mergedInto = q.value(12).toLongLong();
        j.contactGone = j.contactId != 0 && (q.value(10).toLongLong() == 0 ||
                                             (chatOwner != j.contactId && chatOwner != mergedInto));
        out.append(j);
    }
    std::sort(out.begin(), out.end(),
              [](const ClaimedJob &a, const ClaimedJob &b) { return a.id < b.id; });
    return out;
}

Status JobStore::complete(qint64 id, qint64 messageId)
{
    Statement q(m_db, u"UPDATE jobs SET state = 'done', message_id = ?, locked_by = '', "
                      u"last_error = '', updated_at = ? WHERE id = ?"_s);
    if (!q.status().isOk())
        return q.status();
    q.query().addBindValue(nullableId(messageId));
    q.query().addBindValue(nowMillis());
    q.query().addBindValue(id);
    return execute(q.query(), u"finishing a job"_s);
}

Status JobStore::fail(const ClaimedJob &job, const QString &error, bool retryable, Millis now,
                      Millis backoffMs)
{
    const bool again = retryable && job.attempts < job.maxAttempts;
    Statement q(m_db, u"UPDATE jobs SET state = ?, run_at = ?, last_error = ?, locked_by = '', "
                      u"updated_at = ? WHERE id = ?"_s);
    if (!q.status().isOk())
        return q.status();
    q.query().addBindValue(again ? u"pending"_s : u"dead"_s);
    q.query().addBindValue(again ? now + backoffMs : now);
    q.query().addBindValue(error.left(500));
    q.query().addBindValue(now);
    q.query().addBindValue(job.id);
    return execute(q.query(), u"recording a failed job"_s);
}

Result<int> JobStore::recover(const QString &owner, Millis now)
{
    // SQLite has one instance per database (the data-directory lock): whatever runs is ours. On
    // PostgreSQL another instance may hold a job: only ours, or leases that ran out.
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE jobs SET state = 'pending', locked_by = '', updated_at = ? "
              u"WHERE state = 'running' AND (? OR locked_by = ? OR locked_until < ?)"_s);
    q.addBindValue(now);
    q.addBindValue(!isPostgres(m_db));
    q.addBindValue(owner);
    q.addBindValue(now);
    if (Status s = execute(q, u"recovering jobs"_s); !s.isOk())
        return s;
    return q.numRowsAffected();
}

Result<Millis> JobStore::nextDue()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT MIN(run_at) FROM jobs WHERE state = 'pending'"_s))
        return queryError(q, u"reading the next job"_s);
    return q.next() ? q.value(0).toLongLong() : Millis(0);
}

} // namespace aiochat::automation
