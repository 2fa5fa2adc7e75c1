#include "automationservice.h"

#include "api/consoleapi.h"
#include "attributestore.h"
#include "channels/outbound/outbox.h"
#include "channels/whatsapp/whatsapptemplates.h"
#include "config/settings.h"
#include "domain/enums.h"
#include "events/eventbus.h"
#include "facts.h"
#include "logging/logging.h"
#include "metrics/metricsregistry.h"
#include "storage/connection.h"
#include "storage/storage.h"

#include <QJsonDocument>
#include <QPointer>
#include <QSqlQuery>

#include <atomic>

using namespace Qt::StringLiterals;

namespace aiochat::automation {

namespace {

// Both loops wake at least this often: a clock that jumps (NTP, a suspended laptop) is noticed
// within seconds, for the cost of one indexed query.
constexpr int kSchedulerMaxSleepMs = 30'000;
constexpr Millis kDispatcherMaxSleepMs = 5'000;
constexpr int kPlanBatch = 100;
constexpr Millis kLeaseMs = 5 * 60'000;
constexpr qsizetype kStatusMemory = 100'000;

OperatorContext automationPrincipal(qint64 ruleId)
{
    return {0, u"automation"_s, u"admin"_s, 0, u"automation rule "_s + QString::number(ruleId)};
}

// The slot key a run's jobs carry when the rule has no dedupeBy: runs of different slots differ.
QString slotKeyFor(const QString &reason, Millis scheduledFor)
{
    if (reason == u"broadcast"_s)
        return {};
    return (reason == u"manual"_s ? u"now"_s : u"slot"_s) + QString::number(scheduledFor);
}

} // namespace

AutomationService::AutomationService(Deps deps, QString owner, QObject *parent)
    : QObject(parent)
    , m_deps(deps)
    , m_owner(std::move(owner))
    , m_catalog(std::make_shared<FieldCatalog>())
{
    m_scheduler.setSingleShot(true);
    m_dispatchTimer.setSingleShot(true);
    connect(&m_scheduler, &QTimer::timeout, this, &AutomationService::tick);
    connect(&m_dispatchTimer, &QTimer::timeout, this, &AutomationService::dispatch);
    connect(&m_idleTimer, &QTimer::timeout, this, &AutomationService::checkIdle);
    connect(&m_gaugeTimer, &QTimer::timeout, this, &AutomationService::refreshGauges);
    MetricsRegistry &m = m_deps.metrics;
    m.describe("aiochat_jobs", MetricsRegistry::Type::Gauge,
               "Automation jobs by state (pending, running, dead).");
    m.describe("aiochat_automation_actions_total", MetricsRegistry::Type::Counter,
               "Automation actions run, by type and result (done, retry, dead).");
    m.describe("aiochat_reminders_sent_total", MetricsRegistry::Type::Counter,
               "Messages scheduled rules handed to the outbox.");
    m.describe("aiochat_automation_runs_total", MetricsRegistry::Type::Counter,
               "Rule runs, by result (queued, missed).");
    m.describe("aiochat_automation_loops_total", MetricsRegistry::Type::Counter,
               "Rule chains stopped by the loop guard.");
}

AutomationService::~AutomationService()
{
    m_alive->store(false);
}

QString AutomationService::defaultTimeZone() const
{
    const QString configured = m_deps.settings.value(u"automation/timeZone"_s).toString();
    if (isKnownTimeZone(configured))
        return configured;
    return QString::fromUtf8(QTimeZone::systemTimeZoneId());
}

QTimeZone AutomationService::zoneFor(const RuleDefinition &rule) const
{
    if (rule.schedule)
        return rule.schedule->timeZone();
    return QTimeZone(defaultTimeZone().toUtf8());
}

Status AutomationService::start()
{
    m_running = true;
    connect(&m_deps.events, &EventBus::published, this, &AutomationService::onEvent);
    // The built-in reminder exists from the first start, disabled until an admin enables it.
    const QJsonObject builtin = paymentReminderDefinition(defaultTimeZone());
    const QString owner = m_owner;
    const PersonalDataCipher &cipher = m_deps.storage.cipher();
    const Status prepared = m_deps.storage.writer().runExclusive([builtin, owner,
                                                                  &cipher](QSqlDatabase &db) {
        QSqlQuery q(db);
        q.prepare(u"SELECT COUNT(*) FROM automation_rules WHERE builtin = 'payment_reminder'"_s);
        if (Status s = execute(q, u"looking for the built-in rule"_s); !s.isOk())
            return s;
        if (q.next() && q.value(0).toInt() == 0) {
            const Millis now = nowMillis();
            if (Status s = execute(
                    db,
                    u"INSERT INTO automation_rules (name, enabled, builtin, definition, "
                    u"next_run_at, created_at, updated_at) VALUES (?, 0, 'payment_reminder', ?, "
                    u"0, ?, ?)"_s,
                    {builtin.value(u"name"_s).toString(),
                     QString::fromUtf8(QJsonDocument(builtin).toJson(QJsonDocument::Compact)), now,
                     now},
                    u"adding the built-in reminder"_s);
                !s.isOk())
                return s;
        }
        // Whatever this instance (or a crashed one on SQLite) left running is pending again;
        // the idempotency keys keep a send that already happened from happening twice.
        const Result<int> recovered = JobStore(db, cipher).recover(owner, nowMillis());
        return recovered.status();
    });
    if (!prepared.isOk())
        return prepared;
    // How often waiting customers are looked for (conversation.idle rules count in minutes).
    m_idleTimer.start(
        std::max(100, m_deps.settings.value(u"automation/idleCheckMs"_s, 60'000).toInt()));
    m_gaugeTimer.start(15'000);
    reload([this] {
        resumeRuns();
        tick();
        dispatch();
        refreshGauges();
    });
    return Status::ok();
}

void AutomationService::stop()
{
    m_running = false;
    m_alive->store(false);
    m_scheduler.stop();
    m_dispatchTimer.stop();
    m_idleTimer.stop();
    m_gaugeTimer.stop();
    disconnect(&m_deps.events, nullptr, this, nullptr);
}

void AutomationService::reload(std::function<void()> done)
{
    QPointer<AutomationService> self(this);
    m_deps.storage.readers().submit([self, done, alive = m_alive](QSqlDatabase &db) {
        const Result<QList<AttributeDefinition>> attributes = AttributeStore(db).all();
        auto catalog = std::make_shared<FieldCatalog>(
            attributes.isOk() ? attributes.value() : QList<AttributeDefinition>());
        std::map<qint64, LoadedRule> rules;
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(
                u"SELECT id, enabled, builtin, next_run_at, definition FROM automation_rules"_s))
            qCWarning(lcAutomation).noquote() << queryError(q, u"reading the rules"_s).message();
        while (q.next()) {
            LoadedRule r;
            r.id = q.value(0).toLongLong();
            r.enabled = q.value(1).toBool();
            r.builtin = q.value(2).toString();
            r.nextRunAt = q.value(3).toLongLong();
            QList<FieldError> errors;
            auto definition = std::make_shared<RuleDefinition>(RuleDefinition::parse(
                QJsonDocument::fromJson(q.value(4).toByteArray()).object(), *catalog, errors));
            if (errors.isEmpty())
                r.definition = definition;
            else
                r.problem = ContactForm::summary(errors);
            rules.emplace(r.id, std::move(r));
        }
        if (!alive->load())
            return; // stopping: nothing to hand back
        QMetaObject::invokeMethod(
            self,
            [self, catalog, rules = std::move(rules), done]() mutable {
                if (!self)
                    return;
                self->m_catalog = catalog;
                self->m_rules = std::move(rules);
                self->armScheduler();
                if (done)
                    done();
            },
            Qt::QueuedConnection);
    });
}

// ---------------------------------------------------------------------------------------------
// The scheduler

void AutomationService::armScheduler()
{
    if (!m_running)
        return;
    Millis earliest = 0;
    for (const auto &[id, rule] : m_rules)
        if (rule.enabled && rule.definition && rule.definition->schedule && rule.nextRunAt > 0 &&
            (earliest == 0 || rule.nextRunAt < earliest))
            earliest = rule.nextRunAt;
    const Millis now = nowMillis();
    const Millis wait = earliest == 0 ? kSchedulerMaxSleepMs
                                      : std::clamp<Millis>(earliest - now, 0, kSchedulerMaxSleepMs);
    m_scheduler.start(int(wait));
}

void AutomationService::tick()
{
    if (!m_running)
        return;
    const Millis now = nowMillis();
    for (auto &[id, rule] : m_rules) {
        if (!rule.enabled || !rule.definition || !rule.definition->schedule)
            continue;
        const CronSchedule &cron = *rule.definition->schedule;
        if (rule.nextRunAt == 0) {
            // Enabled without a slot yet (a rule saved by an older version): from now on.
            rule.nextRunAt = cron.next(now);
            claimSlot(rule, 0, rule.nextRunAt, false);
            continue;
        }
        if (rule.nextRunAt > now)
            continue;
        // Due. Only the latest missed slot counts: a machine off for three days sends one
        // reminder round, not three — and only if it is recent enough to still make sense.
        const Millis slot = rule.nextRunAt;
        const Millis next = cron.next(now);
        const bool missed = now - slot > qint64(rule.definition->graceHours) * 3'600'000;
        rule.nextRunAt = next;
        claimSlot(rule, slot, next, missed);
    }
    armScheduler();
}

void AutomationService::claimSlot(const LoadedRule &rule, Millis slot, Millis nextRunAt,
                                  bool missed)
{
    auto runId = std::make_shared<qint64>(0);
    const qint64 ruleId = rule.id;
    m_deps.storage.writer().submit(
        this,
        [ruleId, slot, nextRunAt, missed, runId](QSqlDatabase &db) -> Status {
            if (Status s =
                    execute(db, u"UPDATE automation_rules SET next_run_at = ? WHERE id = ?"_s,
                            {nextRunAt, ruleId}, u"moving a rule's next run"_s);
                !s.isOk())
                return s;
            if (slot == 0)
                return Status::ok();
            // The slot's row is the claim: a second claim of the same slot inserts nothing.
            QSqlQuery q(db);
            q.prepare(u"INSERT INTO automation_runs (rule_id, reason, scheduled_for, state, note, "
                      u"started_at, finished_at) VALUES (?, 'schedule', ?, ?, ?, ?, ?) "
                      u"ON CONFLICT (rule_id, scheduled_for) DO NOTHING RETURNING id"_s);
            const Millis now = nowMillis();
            q.addBindValue(ruleId);
            q.addBindValue(slot);
            q.addBindValue(missed ? u"missed"_s : u"running"_s);
            q.addBindValue(missed ? u"missed while the instance was not running (older than the "
                                    u"grace period): not sent"_s
                                  : u""_s);
            q.addBindValue(now);
            q.addBindValue(missed ? now : 0);
            if (Status s = execute(q, u"claiming a rule's slot"_s); !s.isOk())
                return s;
            if (q.next())
                *runId = q.value(0).toLongLong();
            return Status::ok();
        },
        [this, ruleId, slot, missed, runId](const Status &s) {
            if (!s.isOk()) {
                qCWarning(lcAutomation).noquote()
                    << "rule" << ruleId << "could not claim its slot:" << s.message();
                return;
            }
            if (*runId == 0)
                return; // already run (a clock that went back, another instance)
            if (missed) {
                qCWarning(lcAutomation).noquote()
                    << "rule" << ruleId << "missed its run of" << toIsoString(slot)
                    << "(older than its grace period)";
                m_deps.metrics.increment("aiochat_automation_runs_total",
                                         MetricsRegistry::label("result", "missed"));
                return;
            }
            const auto it = m_rules.find(ruleId);
            if (it == m_rules.end() || !it->second.definition)
                return;
            executeRun(*runId, ruleId, it->second.definition, u"rule:"_s + QString::number(ruleId),
                       slotKeyFor(u"schedule"_s, slot), slot);
        });
}

void AutomationService::runNow(qint64 ruleId, std::function<void(const Result<qint64> &)> done)
{
    // The rule as saved this very moment (it may have been edited a millisecond ago).
    reload([this, ruleId, done] { runLoaded(ruleId, done); });
}

void AutomationService::runLoaded(qint64 ruleId, std::function<void(const Result<qint64> &)> done)
{
    const auto it = m_rules.find(ruleId);
    if (it == m_rules.end()) {
        done(Status::notFound(u"no rule with id "_s + QString::number(ruleId)));
        return;
    }
    if (!it->second.definition) {
        done(Status::failedPrecondition(u"the rule does not validate: "_s + it->second.problem));
        return;
    }
    if (it->second.definition->trigger != Trigger::Schedule) {
        done(Status::failedPrecondition(
            u"only scheduled rules run on demand; event rules run when their event happens"_s));
        return;
    }
    const Millis at = nowMillis();
    auto runId = std::make_shared<qint64>(0);
    m_deps.storage.writer().submit(
        this,
        [ruleId, at, runId](QSqlDatabase &db) -> Status {
            QSqlQuery q(db);
            q.prepare(u"INSERT INTO automation_runs (rule_id, reason, scheduled_for, state, "
                      u"started_at) VALUES (?, 'manual', ?, 'running', ?) RETURNING id"_s);
            q.addBindValue(ruleId);
            q.addBindValue(at);
            q.addBindValue(at);
            if (Status s = execute(q, u"starting a run"_s); !s.isOk())
                return s;
            if (!q.next())
                return Status::internal(u"starting a run returned no id"_s);
            *runId = q.value(0).toLongLong();
            return Status::ok();
        },
        [this, ruleId, at, runId, done, definition = it->second.definition](const Status &s) {
            if (!s.isOk()) {
                done(s);
                return;
            }
            executeRun(*runId, ruleId, definition, u"rule:"_s + QString::number(ruleId),
                       slotKeyFor(u"manual"_s, at), at);
            done(*runId);
        });
}

void AutomationService::startBroadcast(qint64 broadcastId,
                                       std::shared_ptr<RuleDefinition> definition,
                                       std::function<void(const Result<qint64> &)> done)
{
    const Millis at = nowMillis();
    auto runId = std::make_shared<qint64>(0);
    m_deps.storage.writer().submit(
        this,
        [broadcastId, at, runId](QSqlDatabase &db) -> Status {
            QSqlQuery q(db);
            q.prepare(u"INSERT INTO automation_runs (broadcast_id, reason, scheduled_for, state, "
                      u"started_at) VALUES (?, 'broadcast', ?, 'running', ?) RETURNING id"_s);
            q.addBindValue(broadcastId);
            q.addBindValue(at);
            q.addBindValue(at);
            if (Status s = execute(q, u"starting a broadcast"_s); !s.isOk())
                return s;
            if (!q.next())
                return Status::internal(u"starting a broadcast returned no id"_s);
            *runId = q.value(0).toLongLong();
            return Status::ok();
        },
        [this, broadcastId, at, runId, definition, done](const Status &s) {
            if (!s.isOk()) {
                done(s);
                return;
            }
            executeRun(*runId, 0, definition, u"broadcast:"_s + QString::number(broadcastId), {},
                       at);
            done(*runId);
        });
}

void AutomationService::executeRun(qint64 runId, qint64 ruleId,
                                   std::shared_ptr<RuleDefinition> definition,
                                   const QString &keyPrefix, const QString &slotKey, Millis at)
{
    Storage &storage = m_deps.storage;
    const PersonalDataCipher &cipher = storage.cipher();
    const std::shared_ptr<const FieldCatalog> catalog = m_catalog;
    const QTimeZone zone = zoneFor(*definition);
    QPointer<AutomationService> self(this);
    const std::shared_ptr<std::atomic<bool>> alive = m_alive;
    storage.readers().submit([=, &storage, &cipher](QSqlDatabase &db) {
        QStringList fields;
        if (definition->conditions)
            definition->conditions->collectFields(fields);
        fields.append(definition->dedupeBy);
        FactsLoader loader(db, cipher, fields);
        Planner planner(*definition, *catalog, keyPrefix, slotKey, at, zone);
        Plan plan;
        auto queued = std::make_shared<std::atomic<int>>(0);
        // Jobs go to the writer in background batches as contacts are read: memory stays
        // bounded and webhook acknowledgements never wait behind a large run.
        const auto flush = [&] {
            if (plan.jobs.empty())
                return;
            auto batch = std::make_shared<std::vector<PlannedJob>>(std::move(plan.jobs));
            plan.jobs.clear();
            storage.writer().submit(
                [batch, queued, ruleId, runId, &cipher](QSqlDatabase &w) -> Status {
                    const Result<int> n = JobStore(w, cipher).enqueue(*batch, ruleId, runId);
                    if (!n.isOk())
                        return n.status();
                    *queued += n.value();
                    return Status::ok();
                },
                {}, DbWriter::Priority::Background);
        };
        const Status read = loader.forEachContact([&](const Facts &f) {
            planner.consider(f, plan, 0, true);
            if (plan.jobs.size() >= kPlanBatch)
                flush();
        });
        flush();
        const int matched = plan.matched;
        const int unreachable = plan.unreachable;
        if (!alive->load())
            return; // stopping: the run resumes at the next start
        storage.writer().submit(
            self.data(),
            [runId, matched, unreachable, queued, read](QSqlDatabase &w) {
                return execute(w,
                               u"UPDATE automation_runs SET state = ?, matched = ?, queued = ?, "
                               u"skipped = ?, note = ?, finished_at = ? WHERE id = ?"_s,
                               {read.isOk() ? u"done"_s : u"failed"_s, matched, queued->load(),
                                unreachable, read.isOk() ? u""_s : read.message(), nowMillis(),
                                runId},
                               u"closing a run"_s);
            },
            [self, runId, matched, queued, read](const Status &s) {
                if (!self)
                    return;
                if (!read.isOk() || !s.isOk())
                    qCWarning(lcAutomation).noquote()
                        << "run" << runId << "failed:" << (read.isOk() ? s : read).message();
                self->m_deps.metrics.increment("aiochat_automation_runs_total",
                                               MetricsRegistry::label("result", "queued"));
                self->m_deps.events.publish(
                    u"automation.run"_s,
                    {{u"runId"_s, runId}, {u"matched"_s, matched}, {u"queued"_s, queued->load()}});
                self->wake();
            },
            DbWriter::Priority::Background);
    });
}

void AutomationService::resumeRuns()
{
    QPointer<AutomationService> self(this);
    m_deps.storage.readers().submit([self, alive = m_alive](QSqlDatabase &db) {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(u"SELECT r.id, r.rule_id, r.broadcast_id, r.reason, r.scheduled_for, "
                    u"b.definition FROM automation_runs r LEFT JOIN broadcasts b "
                    u"ON b.id = r.broadcast_id WHERE r.state = 'running'"_s))
            return;
        struct Pending
        {
            qint64 id, ruleId, broadcastId;
            QString reason;
            Millis scheduledFor;
            QJsonObject broadcast;
        };
        QList<Pending> pending;
        while (q.next())
            pending.append({q.value(0).toLongLong(), q.value(1).toLongLong(),
                            q.value(2).toLongLong(), q.value(3).toString(), q.value(4).toLongLong(),
                            QJsonDocument::fromJson(q.value(5).toByteArray()).object()});
        if (!alive->load())
            return; // stopping: nothing to hand back
        QMetaObject::invokeMethod(
            self,
            [self, pending] {
                if (!self)
                    return;
                for (const Pending &p : pending) {
                    std::shared_ptr<RuleDefinition> definition;
                    QString prefix;
                    if (p.broadcastId) {
                        QList<FieldError> errors;
                        definition = std::make_shared<RuleDefinition>(
                            RuleDefinition::parse(p.broadcast, *self->m_catalog, errors));
                        prefix = u"broadcast:"_s + QString::number(p.broadcastId);
                    } else if (const auto it = self->m_rules.find(p.ruleId);
                               it != self->m_rules.end()) {
                        definition = it->second.definition;
                        prefix = u"rule:"_s + QString::number(p.ruleId);
                    }
                    if (!definition)
                        continue;
                    qCInfo(lcAutomation) << "resuming run" << p.id << "interrupted by a stop";
                    self->executeRun(p.id, p.ruleId, definition, prefix,
                                     slotKeyFor(p.reason, p.scheduledFor), p.scheduledFor);
                }
            },
            Qt::QueuedConnection);
    });
}

// ---------------------------------------------------------------------------------------------
// Event rules

AutomationService::Cause AutomationService::causeFor(qint64 conversationId)
{
    return m_causes.value(conversationId);
}

void AutomationService::onEvent(const QString &name, const QJsonObject &payload)
{
    if (name == u"attributes.updated"_s) {
        reload(); // rules that name a new attribute validate now
    } else if (name == u"message.created"_s) {
        const QJsonObject m = payload.value(u"message"_s).toObject();
        if (m.value(u"direction"_s).toString() == toString(Direction::Inbound))
            trigger(Trigger::MessageReceived, m.value(u"conversationId"_s).toInteger(),
                    m.value(u"id"_s).toInteger(),
                    u"msg"_s + QString::number(m.value(u"id"_s).toInteger()));
    } else if (name == u"conversation.created"_s) {
        const qint64 id = payload.value(u"conversation"_s).toObject().value(u"id"_s).toInteger();
        trigger(Trigger::ConversationCreated, id, 0, u"created"_s + QString::number(id));
    } else if (name == u"conversation.updated"_s) {
        const QJsonObject c = payload.value(u"conversation"_s).toObject();
        const qint64 id = c.value(u"id"_s).toInteger();
        const QString status = c.value(u"status"_s).toString();
        QString previous = payload.value(u"previousStatus"_s).toString();
        if (previous.isEmpty())
            previous = m_statuses.value(id);
        if (m_statuses.size() > kStatusMemory)
            m_statuses.clear(); // a bounded memory; operators' changes carry previousStatus
        m_statuses.insert(id, status);
        if (!previous.isEmpty() && previous != status)
            trigger(Trigger::StatusChanged, id, 0,
                    u"status"_s + QString::number(id) + u':' + c.value(u"updatedAt"_s).toString(),
                    previous);
    } else if (name == u"contact.verified"_s) {
        const qint64 identity = payload.value(u"identityId"_s).toInteger();
        const QString key =
            u"verified"_s + QString::number(identity) + u':' + QString::number(nowMillis());
        const qint64 conversation = payload.value(u"conversationId"_s).toInteger();
        if (conversation) {
            trigger(Trigger::ContactVerified, conversation, 0, key);
            return;
        }
        // Verified by an operator: the rule acts in the chat's latest conversation.
        QPointer<AutomationService> self(this);
        m_deps.storage.readers().submit([self, identity, key, alive = m_alive](QSqlDatabase &db) {
            QSqlQuery q(db);
            q.prepare(u"SELECT id FROM conversations WHERE identity_id = ? "
                      u"ORDER BY last_message_at DESC, id DESC LIMIT 1"_s);
            q.addBindValue(identity);
            if (!q.exec() || !q.next())
                return;
            const qint64 found = q.value(0).toLongLong();
            if (!alive->load())
                return; // stopping: nothing to hand back
            QMetaObject::invokeMethod(
                self,
                [self, found, key] {
                    if (self)
                        self->trigger(Trigger::ContactVerified, found, 0, key);
                },
                Qt::QueuedConnection);
        });
    }
}

void AutomationService::trigger(Trigger type, qint64 conversationId, qint64 messageId,
                                const QString &eventKey, const QString &previousStatus)
{
    if (!m_running || conversationId == 0)
        return;
    QList<std::pair<qint64, std::shared_ptr<RuleDefinition>>> rules;
    for (const auto &[id, rule] : m_rules)
        if (rule.enabled && rule.definition && rule.definition->trigger == type)
            rules.append({id, rule.definition});
    if (rules.isEmpty())
        return;
    const Cause cause = causeFor(conversationId);
    if (cause.depth >= kMaxDepth) {
        qCWarning(lcAutomation).noquote()
            << "automation loop stopped: conversation" << conversationId << "after rules"
            << cause.chain << "(" << toString(type) << ")";
        m_deps.metrics.increment("aiochat_automation_loops_total");
        return;
    }
    const PersonalDataCipher &cipher = m_deps.storage.cipher();
    Storage &storage = m_deps.storage;
    const std::shared_ptr<const FieldCatalog> catalog = m_catalog;
    const QTimeZone zone(defaultTimeZone().toUtf8());
    MetricsRegistry &metrics = m_deps.metrics; // thread-safe
    QPointer<AutomationService> self(this);
    const std::shared_ptr<std::atomic<bool>> alive = m_alive;
    storage.readers().submit([=, &storage, &cipher, &metrics](QSqlDatabase &db) {
        QStringList fields{u"contact.tags"_s, u"contact.verified"_s, u"conversation.tags"_s};
        const Result<std::optional<Facts>> facts =
            FactsLoader(db, cipher, fields)
                .forConversation(conversationId, messageId, previousStatus);
        if (!facts.isOk() || !facts.value())
            return;
        auto jobs = std::make_shared<std::vector<PlannedJob>>();
        for (const auto &[ruleId, definition] : rules) {
            const QString prefix = u"rule:"_s + QString::number(ruleId) +
                                   (definition->dedupeBy.isEmpty() ? u':' + eventKey : QString());
            Planner planner(*definition, *catalog, prefix, {}, nowMillis(), zone);
            Plan plan;
            planner.consider(*facts.value(), plan, 0, true);
            // A rule that a chain of rules it started would run again: the loop ends here.
            if (plan.matched > 0 && cause.chain.contains(ruleId)) {
                qCWarning(lcAutomation).noquote() << "automation loop stopped: rule" << ruleId
                                                  << "would run again on conversation"
                                                  << conversationId << "after rules" << cause.chain;
                metrics.increment("aiochat_automation_loops_total");
                continue;
            }
            QJsonArray chain;
            for (qint64 id : cause.chain)
                chain.append(id);
            chain.append(ruleId);
            for (PlannedJob &job : plan.jobs) {
                job.payload.insert(u"depth"_s, cause.depth + 1);
                job.payload.insert(u"chain"_s, chain);
                job.payload.insert(u"ruleId"_s, ruleId);
            }
            std::move(plan.jobs.begin(), plan.jobs.end(), std::back_inserter(*jobs));
        }
        if (jobs->empty())
            return;
        if (!alive->load())
            return; // stopping: the run resumes at the next start
        storage.writer().submit(
            self.data(),
            [jobs, &cipher](QSqlDatabase &w) {
                // Rule ids travel in each payload; the rows keep the first for the history.
                const qint64 ruleId = jobs->front().payload.value(u"ruleId"_s).toInteger();
                return JobStore(w, cipher).enqueue(*jobs, ruleId, 0).status();
            },
            [self](const Status &s) {
                if (!self)
                    return;
                if (!s.isOk())
                    qCWarning(lcAutomation).noquote() << "queueing a rule's jobs:" << s.message();
                self->wake();
            });
    });
}

void AutomationService::checkIdle()
{
    if (!m_running)
        return;
    for (const auto &[id, rule] : m_rules) {
        if (!rule.enabled || !rule.definition ||
            rule.definition->trigger != Trigger::ConversationIdle)
            continue;
        const Millis now = nowMillis();
        const Millis olderThan = now - qint64(rule.definition->idleMinutes) * 60'000;
        QPointer<AutomationService> self(this);
        m_deps.storage.readers().submit([self, olderThan, alive = m_alive](QSqlDatabase &db) {
            // Waiting customers: their message is the last one, older than the rule's minutes
            // (but not older than a day more — a rule enabled today does not chase last year).
            QSqlQuery q(db);
            q.setForwardOnly(true);
            q.prepare(u"SELECT id, last_inbound_at FROM conversations WHERE status IN ('open', "
                      u"'needs_attention') AND last_inbound_at > 0 AND last_inbound_at <= ? "
                      u"AND last_inbound_at > ? AND last_inbound_at >= last_message_at"_s);
            q.addBindValue(olderThan);
            q.addBindValue(olderThan - 24 * 3'600'000);
            if (Status s = execute(q, u"looking for waiting customers"_s); !s.isOk())
                return;
            QList<std::pair<qint64, Millis>> waiting;
            while (q.next())
                waiting.append({q.value(0).toLongLong(), q.value(1).toLongLong()});
            if (!alive->load())
                return; // stopping: nothing to hand back
            QMetaObject::invokeMethod(
                self,
                [self, waiting] {
                    if (!self)
                        return;
                    for (const auto &[conversation, since] : waiting)
                        self->trigger(Trigger::ConversationIdle, conversation, 0,
                                      u"idle"_s + QString::number(conversation) + u':' +
                                          QString::number(since));
                },
                Qt::QueuedConnection);
        });
        break; // one query serves every idle rule: trigger() plans them all
    }
}

// ---------------------------------------------------------------------------------------------
// The dispatcher

void AutomationService::wake()
{
    if (m_dispatching) {
        m_wakeAgain = true;
        return;
    }
    m_dispatchTimer.start(0);
}

void AutomationService::dispatch()
{
    if (!m_running || m_dispatching)
        return;
    m_dispatching = true;
    m_wakeAgain = false;
    // One background write claims the due jobs and queues their free-text messages in the
    // outbox, marking those jobs done in the same commit: a job is done exactly when its message
    // is queued, so a crash can never send one twice or lose one. What needs the core thread
    // (templates, conversation actions, a closed WhatsApp window) runs afterwards, one by one.
    struct Round
    {
        QList<ClaimedJob> others;
        std::vector<QueuedMessage> queued;
        std::vector<Outcome> finished;
        int claimed = 0;
    };
    auto round = std::make_shared<Round>();
    const PersonalDataCipher &cipher = m_deps.storage.cipher();
    const QString owner = m_owner;
    const int maxAttempts = m_deps.outbox.maxAttempts();
    m_deps.storage.writer().submit(
        this,
        [this, round, owner, maxAttempts, &cipher](QSqlDatabase &db) -> Status {
            JobStore jobs(db, cipher);
            const Millis now = nowMillis();
            const Result<QList<ClaimedJob>> claimed = jobs.claim(owner, now, kClaimBatch, kLeaseMs);
            if (!claimed.isOk())
                return claimed.status();
            round->claimed = int(claimed->size());
            for (const ClaimedJob &job : claimed.value()) {
                if (job.kind != u"send_message"_s || job.contactGone) {
                    round->others.append(job);
                    continue;
                }
                QueuedMessage queued;
                Status s;
                if (Status sp = attempt(
                        db, u"j"_s,
                        [&] {
                            return Outbox::queueIn(db, cipher, sendRequest(job), maxAttempts,
                                                   queued);
                        },
                        s);
                    !sp.isOk())
                    return sp;
                if (s.isOk()) {
                    const qint64 messageId = queued.message.value(u"id"_s).toInteger();
                    if (Status done = jobs.complete(job.id, messageId); !done.isOk())
                        return done;
                    round->queued.push_back(std::move(queued));
                    round->finished.push_back({job, messageId, {}, false});
                    continue;
                }
                // WhatsApp's window closed: the template goes instead, from the core thread.
                if (s.code() == Status::Code::FailedPrecondition &&
                    job.payload.contains(u"template"_s)) {
                    round->others.append(job);
                    continue;
                }
                const bool retryable =
                    s.code() == Status::Code::Unavailable || s.code() == Status::Code::Internal;
                if (Status failed =
                        jobs.fail(job, s.message(), retryable, now,
                                  JobStore::backoff(job.attempts,
                                                    QRandomGenerator::global()->generateDouble()));
                    !failed.isOk())
                    return failed;
                round->finished.push_back({job, 0, s.message(), retryable});
            }
            return Status::ok();
        },
        [this, round](const Status &s) {
            if (!s.isOk()) {
                qCWarning(lcAutomation).noquote() << "dispatching jobs failed:" << s.message();
                m_dispatching = false;
                m_dispatchTimer.start(5'000);
                return;
            }
            for (const QueuedMessage &queued : round->queued)
                m_deps.outbox.queued(queued);
            for (const Outcome &o : round->finished)
                count(o);
            if (!round->finished.empty())
                m_deps.events.publish(u"jobs.updated"_s,
                                      {{u"count"_s, qint64(round->finished.size())}});
            const bool full = round->claimed >= kClaimBatch;
            auto outcomes = std::make_shared<std::vector<Outcome>>();
            if (round->others.isEmpty()) {
                afterRound(full); // everything was recorded in the round's own write
                return;
            }
            auto left = std::make_shared<int>(int(round->others.size()));
            for (const ClaimedJob &job : round->others)
                run(job, [this, outcomes, left, full](Outcome o) {
                    outcomes->push_back(std::move(o));
                    if (--*left == 0)
                        record(outcomes, full);
                });
        },
        DbWriter::Priority::Background);
}

SendRequest AutomationService::sendRequest(const ClaimedJob &job) const
{
    SendRequest request;
    request.conversationId = job.conversationId;
    request.sender = SenderKind::Bot;
    request.senderName = u"Automation"_s;
    // The same key as the job's: a job run again after a crash finds the message it queued.
    request.idempotencyKey = u"auto:"_s + job.idempotencyKey;
    request.text = job.payload.value(u"text"_s).toString();
    return request;
}

void AutomationService::sent(const ClaimedJob &job, bool asTemplate, const Result<QJsonObject> &r,
                             const std::function<void(Outcome)> &done)
{
    if (r.isOk()) {
        done({job, r.value().value(u"id"_s).toInteger(), {}, false});
        return;
    }
    const Status::Code code = r.status().code();
    // WhatsApp's 24-hour window closed: the approved template goes instead, if there is one.
    if (code == Status::Code::FailedPrecondition && !asTemplate &&
        job.payload.contains(u"template"_s)) {
        send(job, true, done);
        return;
    }
    const bool retryable = code == Status::Code::Unavailable || code == Status::Code::Internal;
    done({job, 0, r.status().message(), retryable});
}

void AutomationService::run(const ClaimedJob &job, std::function<void(Outcome)> done)
{
    if (job.contactGone) {
        done({job, 0,
              u"the customer was deleted, or this chat no longer belongs to them, before the "
              u"job ran"_s,
              false});
        return;
    }
    const qint64 conversation = job.conversationId;
    const QString &kind = job.kind;
    if (kind == u"send_message"_s) {
        send(job, false, done);
    } else if (kind == u"send_whatsapp_template"_s) {
        send(job, true, done);
    } else if (kind == u"assign"_s) {
        command(job, u"conversation.assign"_s,
                {{u"id"_s, conversation}, {u"operatorId"_s, job.payload.value(u"operatorId"_s)}},
                done);
    } else if (kind == u"set_status"_s) {
        command(job, u"conversation.setStatus"_s,
                {{u"id"_s, conversation}, {u"status"_s, job.payload.value(u"status"_s)}}, done);
    } else if (kind == u"handoff"_s) {
        command(job, u"conversation.setHandler"_s,
                {{u"id"_s, conversation}, {u"handler"_s, u"human"_s}},
                [this, job, conversation, done](Outcome o) {
                    if (!o.error.isEmpty()) {
                        done(o);
                        return;
                    }
                    command(job, u"conversation.setStatus"_s,
                            {{u"id"_s, conversation}, {u"status"_s, u"needs_attention"_s}}, done);
                });
    } else if (kind == u"note"_s) {
        command(job, u"conversation.addNote"_s,
                {{u"conversationId"_s, conversation},
                 {u"body"_s, job.payload.value(u"text"_s).toString()}},
                done);
    } else if (kind == u"task"_s) {
        // Due counted from when the job runs: a task left by a reminder is due after it went.
        const int hours = job.payload.value(u"dueInHours"_s).toInt();
        QJsonObject params{{u"conversationId"_s, conversation},
                           {u"title"_s, job.payload.value(u"title"_s).toString()},
                           {u"assigneeId"_s, job.payload.value(u"assigneeId"_s).toInteger()}};
        if (hours > 0)
            params.insert(u"dueAt"_s, toIsoString(nowMillis() + qint64(hours) * 3'600'000));
        command(job, u"task.create"_s, params, done);
    } else if (kind == u"tag"_s) {
        // Adds to the conversation's tags (setTags replaces them).
        QPointer<AutomationService> self(this);
        m_deps.api.execute(
            {u"conversation.notes"_s,
             {{u"conversationId"_s, conversation}},
             automationPrincipal(job.ruleId)},
            [self, job, conversation, done, alive = m_alive](const CommandResponse &r) {
                if (!alive->load())
                    return; // stopping: nothing to hand back
                QMetaObject::invokeMethod(
                    self,
                    [self, job, conversation, done, r] {
                        if (!self)
                            return;
                        if (!r.status.isOk()) {
                            done({job, 0, r.status.message(), false});
                            return;
                        }
                        QJsonArray tags = r.result.toObject().value(u"tags"_s).toArray();
                        const QString tag = job.payload.value(u"tag"_s).toString();
                        if (!tags.contains(QJsonValue(tag)))
                            tags.append(tag);
                        self->command(job, u"conversation.setTags"_s,
                                      {{u"id"_s, conversation}, {u"tags"_s, tags}}, done);
                    },
                    Qt::QueuedConnection);
            });
    } else {
        done({job, 0, u"unknown action \""_s + kind + u'"', false});
    }
}

void AutomationService::command(const ClaimedJob &job, const QString &name,
                                const QJsonObject &params, std::function<void(Outcome)> done)
{
    // What this action changes may trigger other rules: they inherit the chain.
    const int depth = job.payload.value(u"depth"_s).toInt();
    QList<qint64> chain;
    for (const QJsonValue &v : job.payload.value(u"chain"_s).toArray())
        chain.append(v.toInteger());
    if (job.ruleId && !chain.contains(job.ruleId))
        chain.append(job.ruleId);
    // The command's events are published before its reply comes back (queued): for exactly
    // that span, what happens to the conversation is this rule's doing.
    Cause &cause = m_causes[job.conversationId];
    cause.depth = std::max(depth, 1);
    cause.chain = chain;
    ++cause.inFlight;
    QPointer<AutomationService> self(this);
    m_deps.api.execute(
        {name, params, automationPrincipal(job.ruleId)},
        [self, job, done, alive = m_alive](const CommandResponse &r) {
            if (!alive->load())
                return; // stopping: nothing to hand back
            QMetaObject::invokeMethod(
                self,
                [self, job, done, r] {
                    if (!self)
                        return;
                    const auto it = self->m_causes.find(job.conversationId);
                    if (it != self->m_causes.end() && --it->inFlight <= 0)
                        self->m_causes.erase(it);
                    const bool retryable = r.status.code() == Status::Code::Unavailable ||
                                           r.status.code() == Status::Code::Internal;
                    done({job, 0, r.status.isOk() ? QString() : r.status.message(), retryable});
                },
                Qt::QueuedConnection);
        });
}

void AutomationService::send(const ClaimedJob &job, bool asTemplate,
                             std::function<void(Outcome)> done)
{
    SendRequest request = sendRequest(job);
    if (asTemplate) {
        const Result<QJsonObject> resolved = whatsapptemplates::resolve(
            m_deps.settings, job.payload.value(u"template"_s).toObject());
        if (!resolved.isOk()) {
            done({job, 0, resolved.status().message(), false});
            return;
        }
        request.text.clear();
        request.templateSpec = resolved.value();
    }
    QPointer<AutomationService> self(this);
    m_deps.outbox.send(request, [self, job, asTemplate, done](const Result<QJsonObject> &r) {
        if (self)
            self->sent(job, asTemplate, r, done);
    });
}

void AutomationService::count(const Outcome &o)
{
    const QByteArray result = o.error.isEmpty()                                   ? "done"
                              : o.retryable && o.job.attempts < o.job.maxAttempts ? "retry"
                                                                                  : "dead";
    m_deps.metrics.increment(
        "aiochat_automation_actions_total",
        MetricsRegistry::labels({{"type", o.job.kind.toUtf8()}, {"result", result}}));
    if (!o.error.isEmpty())
        qCInfo(lcAutomation).noquote()
            << "job" << o.job.id << o.job.kind << result << "-" << o.error;
    const bool send = o.job.kind.startsWith(u"send_"_s);
    if (send && o.error.isEmpty()) {
        const auto rule = m_rules.find(o.job.ruleId);
        if (rule != m_rules.end() && rule->second.definition &&
            rule->second.definition->trigger == Trigger::Schedule)
            m_deps.metrics.increment("aiochat_reminders_sent_total");
    }
}

void AutomationService::record(std::shared_ptr<std::vector<Outcome>> outcomes, bool full)
{
    const PersonalDataCipher &cipher = m_deps.storage.cipher();
    // Backoff for each failure, drawn here (the writer thread has no random source of ours).
    auto backoffs = std::make_shared<std::vector<Millis>>();
    for (const Outcome &o : *outcomes)
        backoffs->push_back(JobStore::backoff(o.job.attempts, m_random.generateDouble()));
    m_deps.storage.writer().submit(
        this,
        [outcomes, backoffs, &cipher](QSqlDatabase &db) -> Status {
            JobStore jobs(db, cipher);
            const Millis now = nowMillis();
            for (size_t i = 0; i < outcomes->size(); ++i) {
                const Outcome &o = outcomes->at(i);
                const Status s = o.error.isEmpty()
                                     ? jobs.complete(o.job.id, o.messageId)
                                     : jobs.fail(o.job, o.error, o.retryable, now, backoffs->at(i));
                if (!s.isOk())
                    return s;
            }
            return Status::ok();
        },
        [this, outcomes, full](const Status &s) {
            if (!s.isOk())
                qCWarning(lcAutomation).noquote() << "recording job outcomes:" << s.message();
            for (const Outcome &o : *outcomes)
                count(o);
            if (!outcomes->empty())
                m_deps.events.publish(u"jobs.updated"_s, {{u"count"_s, qint64(outcomes->size())}});
            afterRound(full);
        },
        DbWriter::Priority::Background);
}

void AutomationService::afterRound(bool full)
{
    {
        {
            m_dispatching = false;
            if (full || m_wakeAgain) {
                wake();
                return;
            }
            // Nothing more due now: sleep until the next job is, or 30 s.
            QPointer<AutomationService> self(this);
            const PersonalDataCipher &c = m_deps.storage.cipher();
            m_deps.storage.readers().submit([self, &c, alive = m_alive](QSqlDatabase &db) {
                const Result<Millis> next = JobStore(db, c).nextDue();
                if (!alive->load())
                    return; // stopping: nothing to hand back
                QMetaObject::invokeMethod(
                    self,
                    [self, next] {
                        if (!self || !self->m_running || self->m_dispatching)
                            return;
                        const Millis at = next.isOk() ? next.value() : 0;
                        const Millis wait = at == 0 ? kDispatcherMaxSleepMs
                                                    : std::clamp<Millis>(at - nowMillis(), 0,
                                                                         kDispatcherMaxSleepMs);
                        if (wait == 0) {
                            self->wake();
                            return;
                        }
                        self->m_dispatchTimer.start(int(wait));
                    },
                    Qt::QueuedConnection);
            });
        }
    }
}

void AutomationService::refreshGauges()
{
    QPointer<AutomationService> self(this);
    m_deps.storage.readers().submit([self, alive = m_alive](QSqlDatabase &db) {
        QSqlQuery q(db);
        if (!q.exec(u"SELECT state, COUNT(*) FROM jobs WHERE state IN ('pending', 'running', "
                    u"'dead') GROUP BY state"_s))
            return;
        QHash<QString, double> counts{{u"pending"_s, 0}, {u"running"_s, 0}, {u"dead"_s, 0}};
        while (q.next())
            counts.insert(q.value(0).toString(), q.value(1).toDouble());
        if (!alive->load())
            return; // stopping: nothing to hand back
        QMetaObject::invokeMethod(
            self,
            [self, counts] {
                if (!self)
                    return;
                for (auto it = counts.begin(); it != counts.end(); ++it)
                    self->m_deps.metrics.set("aiochat_jobs",
                                             MetricsRegistry::label("state", it.key().toUtf8()),
                                             it.value());
            },
            Qt::QueuedConnection);
    });
}

} // namespace aiochat::automation
