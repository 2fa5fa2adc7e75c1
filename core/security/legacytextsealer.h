#pragma once

#include "domain/status.h"
#include "host/coreservice.h"

#include <QObject>
#include <QSqlDatabase>

namespace aiochat {

class PersonalDataCipher;
class Storage;

/**
 * @brief Seals the message texts, earlier versions and queued payloads that a version from
 * before sealed texts stored in clear (migration 0009), and indexes their search terms.
 *
 * Runs once after such an upgrade, as background work on the writer in small batches, so
 * webhooks and operators never wait behind it; until a row is reached it reads (and shows) as
 * before but is not found by search. Lives on the core thread.
 */
class LegacyTextSealer : public QObject, public CoreService
{
    Q_OBJECT

public:
    LegacyTextSealer(Storage &storage, QObject *parent = nullptr);

    [[nodiscard]] QString serviceName() const override { return QStringLiteral("text sealer"); }
    /** @brief Starts the walk; finished() follows (after one batch when nothing is clear). */
    [[nodiscard]] Status start() override;
    /** @brief No further batch is queued; the walk resumes at the next start. */
    void stop() override { m_stopped = true; }

    /**
     * @brief Seals up to @p limit clear rows of each table in the current transaction. Returns
     * how many were sealed; 0 means nothing clear is left.
     */
    [[nodiscard]] static Result<int> sealBatch(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                               int limit);
    /** @brief Seals everything still clear, batch after batch (maintenance jobs, tests). */
    [[nodiscard]] static Result<qint64> sealAll(Storage &storage);

Q_SIGNALS:
    void finished(qint64 sealed);
    void failed(const QString &reason);

private:
    void next();

    Storage &m_storage;
    qint64 m_sealed = 0;
    bool m_stopped = false;
};

} // namespace aiochat
