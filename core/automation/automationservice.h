#pragma once

#include "automation/jobstore.h"
#include "automation/rule.h"
#include "channels/outbound/outbox.h"
#include "host/coreservice.h"

#include <QHash>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <atomic>
#include <functional>
#include <map>
#include <memory>

namespace aiochat {

class ConsoleApi;
class EventBus;
class MetricsRegistry;
class Outbox;
class Settings;
class Storage;

namespace automation {

/** @brief A saved rule as the service runs it. */
struct LoadedRule
{
    qint64 id = 0;
    bool enabled = false;
    QString builtin;
    Millis nextRunAt = 0;
    std::shared_ptr<RuleDefinition> definition; ///< null when it no longer validates
    QString problem; ///< why it does not validate (e.g. an attribute was removed)
};

/**
 * @brief The automation engine, a core service. Three parts, all driven from the core thread:
 *
 * - the **scheduler** wakes at the next slot of any enabled scheduled rule (and at least every
 *   30 s, so a clock jump is noticed), claims the slot in `automation_runs` (unique per rule and
 *   slot — a slot runs once, whatever the clock does), plans on the reader pool and queues the jobs
 *   in background batches on the writer. A slot missed while the instance was off runs once if it
 *   is within the rule's grace period, otherwise it is recorded as missed.
 * - **event rules** (message received, conversation created, status changed, customer verified,
 *   conversation idle) are planned for the one conversation concerned. A rule's own actions may
 *   cause events; a chain stops after kMaxDepth rules or when a rule would fire twice in it.
 * - the **dispatcher** claims due jobs, runs each (a send through the outbox with the job's
 *   idempotency key; conversation actions through the Console API as the "automation" principal)
 *   and records the outcomes in one write: done, retried later with backoff, or dead with the
 * reason.
 */
class AutomationService : public QObject, public CoreService
{
    Q_OBJECT
public:
    static constexpr int kMaxDepth = 3;
    static constexpr int kClaimBatch = 15;

    struct Deps
    {
        Storage &storage;
        Outbox &outbox;
        EventBus &events;
        ConsoleApi &api;
        MetricsRegistry &metrics;
        Settings &settings;
    };

    AutomationService(Deps deps, QString owner, QObject *parent = nullptr);
    ~AutomationService() override;

    [[nodiscard]] QString serviceName() const override { return QStringLiteral("automation"); }
    [[nodiscard]] Status start() override;
    void stop() override;

    /** @brief The instance's time zone: setting automation/timeZone, else the system's. */
    [[nodiscard]] QString defaultTimeZone() const;

    /** @brief Reads the rules and attribute definitions again (after a change). */
    void reload(std::function<void()> done = {});
    /** @brief Runs a rule's segment now (a scheduled rule outside its schedule). */
    void runNow(qint64 ruleId, std::function<void(const Result<qint64> &)> done);
    /** @brief Starts a broadcast's single run. */
    void startBroadcast(qint64 broadcastId, std::shared_ptr<RuleDefinition> definition,
                        std::function<void(const Result<qint64> &)> done);
    /** @brief Looks for due jobs now (after a retry, a new broadcast…). */
    void wake();

private:
    struct Outcome
    {
        ClaimedJob job;
        qint64 messageId = 0;
        QString error;
        bool retryable = false;
    };
    struct Cause
    {
        int depth = 0;
        QList<qint64> chain;
        int inFlight = 0; ///< the rule's commands on this conversation not answered yet
    };

    void runLoaded(qint64 ruleId, std::function<void(const Result<qint64> &)> done);
    void tick();
    void armScheduler();
    void claimSlot(const LoadedRule &rule, Millis slot, Millis nextRunAt, bool missed);
    /** @brief Plans a run on the reader pool and queues its jobs (resumable, idempotent). */
    void executeRun(qint64 runId, qint64 ruleId, std::shared_ptr<RuleDefinition> definition,
                    const QString &keyPrefix, const QString &slotKey, Millis at);
    void resumeRuns();

    void onEvent(const QString &name, const QJsonObject &payload);
    void trigger(Trigger type, qint64 conversationId, qint64 messageId, const QString &eventKey,
                 const QString &previousStatus = {});
    void checkIdle();

    void dispatch();
    void run(const ClaimedJob &job, std::function<void(Outcome)> done);
    void send(const ClaimedJob &job, bool asTemplate, std::function<void(Outcome)> done);
    [[nodiscard]] SendRequest sendRequest(const ClaimedJob &job) const;
    void sent(const ClaimedJob &job, bool asTemplate, const Result<QJsonObject> &r,
              const std::function<void(Outcome)> &done);
    void command(const ClaimedJob &job, const QString &name, const QJsonObject &params,
                 std::function<void(Outcome)> done);
    void record(std::shared_ptr<std::vector<Outcome>> outcomes, bool full);
    /** @brief An outcome in the metrics and, when it failed, the log. */
    void count(const Outcome &o);
    /** @brief The next round now (the last one was full), or a sleep until the next due job. */
    void afterRound(bool full);
    void refreshGauges();

    [[nodiscard]] Cause causeFor(qint64 conversationId);
    [[nodiscard]] QTimeZone zoneFor(const RuleDefinition &rule) const;

    Deps m_deps;
    QString m_owner;
    bool m_running = false;
    std::map<qint64, LoadedRule> m_rules;
    std::shared_ptr<const FieldCatalog> m_catalog;
    QTimer m_scheduler{this};
    QTimer m_dispatchTimer{this};
    QTimer m_idleTimer{this};
    QTimer m_gaugeTimer{this};
    bool m_dispatching = false;
    bool m_wakeAgain = false;
    QHash<qint64, Cause> m_causes;     ///< by conversation: the rule whose action runs on it
    QHash<qint64, QString> m_statuses; ///< last status seen per conversation (bounded)
    QRandomGenerator m_random{QRandomGenerator::securelySeeded()};
    /**
     * @brief False once stopping: work finishing on reader threads then hands nothing back (the
     * service may be deleted before the reader pool is joined).
     */
    std::shared_ptr<std::atomic<bool>> m_alive = std::make_shared<std::atomic<bool>>(true);
};

} // namespace automation
} // namespace aiochat
