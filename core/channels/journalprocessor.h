#pragma once

#include "conversations/conversationservice.h"
#include "domain/message.h"
#include "host/coreservice.h"

#include <QObject>

#include <functional>

namespace aiochat {

class EventBus;
class MetricsRegistry;
class Storage;

/**
 * @brief Turns journal rows into CRM changes: reads pending rows in id order, opens the sealed
 * body, normalises it for its platform and applies it — each row in its own savepoint inside the
 * writer's transaction, together with marking it processed, so a row is either fully applied or
 * not at all. Idempotent (platform message ids are unique), so re-processing after a crash is
 * harmless. Runs one batch at a time; started at launch to drain what a previous run left.
 */
class JournalProcessor : public QObject, public CoreService
{
    Q_OBJECT
public:
    /** @brief Rows whose processing failed this many times are set aside as "failed". */
    static constexpr int kMaxAttempts = 5;

    JournalProcessor(Storage &storage, ConversationService &conversations, EventBus &events,
                     MetricsRegistry &metrics, QObject *parent = nullptr);

    [[nodiscard]] QString serviceName() const override
    {
        return QStringLiteral("journal processor");
    }
    [[nodiscard]] Status start() override;
    void stop() override;

    /** @brief New rows exist: process them soon (coalesced with a batch already running). */
    void schedule();
    [[nodiscard]] bool isBusy() const { return m_busy; }
    /**
     * @brief Several instances share the database: rows are claimed with SKIP LOCKED, and only
     * this instance's or those of an instance whose lease (@p leaseMs) ran out.
     */
    void shareWithOthers(int leaseMs) { m_sharedLeaseMs = leaseMs; }

Q_SIGNALS:
    /** @brief The backlog is empty (every committed row has been processed or set aside). */
    void drained();
    /** @brief A Telegram button press was stored; Telegram wants it answered. */
    void telegramCallbackQuery(const QString &callbackQueryId);

private:
    struct BatchResult
    {
        QList<IngestOutcome> ingested;
        QList<Message> updated; ///< edits and delivery statuses
        QList<QJsonObject> identities;
        QList<QPair<QByteArray, QByteArray>> kinds; ///< (platform, kind) per update, for metrics
        QStringList platformErrors;
        int rows = 0;
        int failedRows = 0;
        bool yielded = false; ///< stopped early for waiting work: more rows may be pending
        bool more = false;    ///< the read was full: more rows may be pending
    };

    void runBatch();
    [[nodiscard]] static Status processBatch(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                             BatchResult &out, int sharedLeaseMs,
                                             const std::function<bool()> &shouldYield);
    void finishBatch(const Status &status, const BatchResult &result);

    Storage &m_storage;
    ConversationService &m_conversations;
    EventBus &m_events;
    MetricsRegistry &m_metrics;
    bool m_running = false;
    bool m_busy = false;
    bool m_again = false;
    int m_sharedLeaseMs = 0;
};

} // namespace aiochat
