#pragma once

#include "planner.h"
#include "security/personaldatacipher.h"

#include <QSqlDatabase>

namespace aiochat::automation {

/** @brief A job taken from the queue to run now. */
struct ClaimedJob
{
    qint64 id = 0;
    QString kind;
    QJsonObject payload;
    qint64 ruleId = 0;
    qint64 runId = 0;
    qint64 contactId = 0;
    qint64 conversationId = 0;
    int attempts = 0; ///< including this one
    int maxAttempts = 3;
    QString idempotencyKey;
    bool contactGone = false; ///< the customer was deleted (or merged away from this chat)
};

/**
 * @brief The durable jobs table (one connection, the caller's transaction). States: pending →
 * running → done, or back to pending with a later run_at (exponential backoff with jitter) until
 * max_attempts, then dead; dead jobs can be retried or discarded. A claimed job carries a lease:
 * after a crash it is pending again (recover) and its idempotency key keeps the send single.
 */
class JobStore
{
public:
    JobStore(QSqlDatabase db, const PersonalDataCipher &cipher);

    /** @brief Queues @p jobs; those whose key exists are skipped. Returns how many were new. */
    [[nodiscard]] Result<int> enqueue(const std::vector<PlannedJob> &jobs, qint64 ruleId,
                                      qint64 runId, int maxAttempts = 3);
    /**
     * @brief Takes up to @p limit due jobs for @p owner (FOR UPDATE SKIP LOCKED on PostgreSQL, so
     * several instances share the queue).
     */
    [[nodiscard]] Result<QList<ClaimedJob>> claim(const QString &owner, Millis now, int limit,
                                                  Millis leaseMs);
    [[nodiscard]] Status complete(qint64 id, qint64 messageId);
    /**
     * @brief A failed attempt: pending again after a backoff when @p retryable and attempts are
     * left, else dead with @p error.
     */
    [[nodiscard]] Status fail(const ClaimedJob &job, const QString &error, bool retryable,
                              Millis now, Millis backoffMs);
    /** @brief Jobs left running by a stopped or crashed instance become pending again. */
    [[nodiscard]] Result<int> recover(const QString &owner, Millis now);
    [[nodiscard]] Result<Millis> nextDue();

    /** @brief Exponential backoff with jitter: 30 s, 60 s, 120 s… ±25 %, at most an hour. */
    [[nodiscard]] static Millis backoff(int attempt, double unitRandom);

private:
    QSqlDatabase m_db;
    const PersonalDataCipher &m_cipher;
};

} // namespace aiochat::automation
