#include "automationcommands.h"

#include "automation/attributestore.h"
#include "automation/automationservice.h"
#include "automation/facts.h"
#include "automation/planner.h"
#include "consoleapi.h"
#include "events/eventbus.h"
#include "params.h"
#include "storage/connection.h"
#include "storage/contactrepository.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

using namespace automation;

namespace {

constexpr int kPreviewDefault = 50;

Result<FieldCatalog> loadCatalog(QSqlDatabase &db)
{
    const Result<QList<AttributeDefinition>> attributes = AttributeStore(db).all();
    if (!attributes.isOk())
        return attributes.status();
    return FieldCatalog(attributes.value());
}

CommandResponse invalidDefinition(const QList<FieldError> &errors)
{
    return CommandResponse::error(Status::invalidArgument(ContactForm::summary(errors)),
                                  QJsonObject{{u"fields"_s, ContactForm::toJson(errors)}});
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonArray isoList(const QList<Millis> &times)
{
    QJsonArray out;
    for (Millis t : times)
        out.append(toIsoString(t));
    return out;
}

// Counts behind a run: its jobs by state, and what became of the messages they queued.
QJsonObject runCounts(QSqlDatabase &db, qint64 runId)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT j.state, COALESCE(m.status, ''), COUNT(*) FROM jobs j LEFT JOIN messages m "
              u"ON m.id = j.message_id WHERE j.run_id = ? GROUP BY j.state, m.status"_s);
    q.addBindValue(runId);
    int pending = 0, dead = 0, sent = 0, failed = 0, done = 0, cancelled = 0;
    if (q.exec()) {
        while (q.next()) {
            const QString state = q.value(0).toString();
            const QString message = q.value(1).toString();
            const int n = q.value(2).toInt();
            if (state == u"pending"_s || state == u"running"_s)
                pending += n;
            else if (state == u"dead"_s)
                dead += n;
            else if (state == u"cancelled"_s || state == u"discarded"_s)
                cancelled += n;
            else if (message == u"failed"_s)
                failed += n;
            else if (message == u"sent"_s || message == u"delivered"_s || message == u"read"_s)
                sent += n;
            else
                done += n; // queued in the outbox, or a conversation action
        }
    }
    return {{u"pending"_s, pending},      {u"inOutbox"_s, done}, {u"sent"_s, sent},
            {u"failed"_s, failed + dead}, {u"dead"_s, dead},     {u"cancelled"_s, cancelled}};
}

QJsonObject runJson(QSqlDatabase &db, const QSqlQuery &q)
{
    const qint64 id = q.value(0).toLongLong();
    QJsonObject run{{u"id"_s, id},
                    {u"ruleId"_s, q.value(1).toLongLong()},
                    {u"broadcastId"_s, q.value(2).toLongLong()},
                    {u"reason"_s, q.value(3).toString()},
                    {u"scheduledFor"_s, toIsoString(q.value(4).toLongLong())},
                    {u"state"_s, q.value(5).toString()},
                    {u"matched"_s, q.value(6).toInt()},
                    {u"queued"_s, q.value(7).toInt()},
                    {u"unreachable"_s, q.value(8).toInt()},
                    {u"note"_s, q.value(9).toString()},
                    {u"startedAt"_s, toIsoString(q.value(10).toLongLong())},
                    {u"finishedAt"_s, toIsoString(q.value(11).toLongLong())}};
    const QJsonObject counts = runCounts(db, id);
    for (auto it = counts.begin(); it != counts.end(); ++it)
        run.insert(it.key(), it.value());
    return run;
}

const QString kRunColumns = u"id, COALESCE(rule_id, 0), COALESCE(broadcast_id, 0), reason, "
                            u"scheduled_for, state, matched, queued, skipped, note, started_at, "
                            u"finished_at"_s;

// A rule as the console lists it: definition, summary, next runs, the last run's counts.
QJsonObject ruleJson(QSqlDatabase &db, const FieldCatalog &catalog, const QSqlQuery &q)
{
    const qint64 id = q.value(0).toLongLong();
    const QJsonObject definition = QJsonDocument::fromJson(q.value(4).toByteArray()).object();
    QList<FieldError> errors;
    const RuleDefinition parsed = RuleDefinition::parse(definition, catalog, errors);
    const bool enabled = q.value(2).toBool();
    QJsonObject rule{{u"id"_s, id},
                     {u"name"_s, q.value(1).toString()},
                     {u"enabled"_s, enabled},
                     {u"builtin"_s, q.value(3).toString()},
                     {u"definition"_s, definition},
                     {u"trigger"_s, toString(parsed.trigger)},
                     {u"summary"_s, parsed.summary()},
                     {u"problems"_s, ContactForm::toJson(errors)},
                     {u"nextRunAt"_s, enabled ? toIsoString(q.value(5).toLongLong()) : QString()},
                     {u"updatedAt"_s, toIsoString(q.value(6).toLongLong())}};
    if (parsed.schedule)
        rule.insert(u"nextRuns"_s, isoList(parsed.schedule->nextRuns(nowMillis(), 3)));
    QSqlQuery last(db);
    last.prepare(u"SELECT "_s + kRunColumns +
                 u" FROM automation_runs WHERE rule_id = ? ORDER BY id DESC LIMIT 1"_s);
    last.addBindValue(id);
    if (last.exec() && last.next())
        rule.insert(u"lastRun"_s, runJson(db, last));
    return rule;
}

// Checks a definition against the store's attributes; the next slot when it is a schedule.
struct Checked
{
    RuleDefinition rule;
    QList<FieldError> errors;
    Millis nextRunAt = 0;
};

Checked check(QSqlDatabase &db, const QJsonObject &definition)
{
    Checked c;
    const Result<FieldCatalog> catalog = loadCatalog(db);
    if (!catalog.isOk()) {
        c.errors.append({u"definition"_s, catalog.status().message()});
        return c;
    }
    c.rule = RuleDefinition::parse(definition, catalog.value(), c.errors);
    if (c.rule.trigger == Trigger::Broadcast)
        c.errors.append({u"trigger.type"_s, u"a broadcast is sent with broadcast.create"_s});
    if (c.rule.schedule)
        c.nextRunAt = c.rule.schedule->next(nowMillis());
    return c;
}

void registerAttributeCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                               AutomationService &service)
{
    api.registerRead(u"attributes.list"_s, Permission::ContactsRead,
                     [](const CommandRequest &, QSqlDatabase &db) {
                         const Result<QList<AttributeDefinition>> all = AttributeStore(db).all();
                         if (!all.isOk())
                             return CommandResponse::error(all.status());
                         QJsonArray out;
                         for (const AttributeDefinition &a : all.value())
                             out.append(a.toJson());
                         return CommandResponse::ok(QJsonObject{{u"attributes"_s, out}});
                     });
    const PersonalDataCipher &cipher = storage.cipher();
    api.registerCore(
        u"attributes.define"_s, Permission::AutomationManage,
        [&storage, &events, &service, &cipher](const CommandRequest &req,
                                               const ConsoleApi::Reply &reply) {
            const Result<AttributeDefinition> d = AttributeDefinition::fromJson(req.params);
            if (!d.isOk()) {
                reply(CommandResponse::error(
                    d.status(),
                    QJsonObject{{u"fields"_s,
                                 ContactForm::toJson({{d.status().message().section(u':', 0, 0),
                                                       d.status().message()}})}}));
                return;
            }
            const AttributeDefinition definition = d.value();
            storage.writer().submit(
                &events,
                [definition, &cipher](QSqlDatabase &db) -> Status {
                    if (Status s = AttributeStore(db).save(definition); !s.isOk())
                        return s;
                    // Values move to where the definition says they belong now: sealed when
                    // personal, readable when not. Each holder is rewritten in this transaction.
                    QSqlQuery holders(db);
                    holders.prepare(u"SELECT id FROM contacts WHERE merged_into IS NULL AND "
                                    u"(attributes LIKE ? OR attributes_enc IS NOT NULL)"_s);
                    holders.addBindValue(u"%\""_s + definition.key + u"\"%"_s);
                    if (Status s = execute(holders, u"finding the attribute's values"_s); !s.isOk())
                        return s;
                    QList<qint64> ids;
                    while (holders.next())
                        ids.append(holders.value(0).toLongLong());
                    ContactRepository contacts(db, cipher);
                    for (qint64 id : ids) {
                        const Result<std::optional<Contact>> c = contacts.find(id);
                        if (!c.isOk())
                            return c.status();
                        if (!c.value() || !c.value()->attributes.contains(definition.key))
                            continue;
                        const bool sealedNow = c.value()->sealedAttributes.contains(definition.key);
                        if (sealedNow == definition.personal)
                            continue;
                        if (Status s = contacts.update(*c.value()); !s.isOk())
                            return s;
                    }
                    return Status::ok();
                },
                [&events, &service, definition, reply](const Status &s) {
                    if (!s.isOk()) {
                        reply(CommandResponse::error(s));
                        return;
                    }
                    service.reload();
                    events.publish(u"attributes.updated"_s, {{u"key"_s, definition.key}});
                    reply(CommandResponse::ok(QJsonObject{{u"attribute"_s, definition.toJson()}}));
                });
        });
    api.registerCore(
        u"attributes.delete"_s, Permission::AutomationManage,
        [&storage, &events, &service](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const QString key = p.requiredString(u"key"_s, 40);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            storage.writer().submit(
                &events,
                [key](QSqlDatabase &db) -> Status {
                    // A rule that names the attribute would stop validating: say which.
                    QSqlQuery q(db);
                    q.prepare(u"SELECT name FROM automation_rules WHERE definition LIKE ?"_s);
                    q.addBindValue(u"%attr."_s + key + u"%"_s);
                    if (Status s = execute(q, u"looking for rules using the attribute"_s);
                        !s.isOk())
                        return s;
                    QStringList users;
                    while (q.next())
                        users.append(q.value(0).toString());
                    if (!users.isEmpty())
                        return Status::failedPrecondition(u"used by the rule(s) "_s +
                                                          users.join(u", "_s) +
                                                          u": change them first"_s);
                    return AttributeStore(db).remove(key);
                },
                [&events, &service, key, reply](const Status &s) {
                    if (!s.isOk()) {
                        reply(CommandResponse::error(s));
                        return;
                    }
                    service.reload();
                    events.publish(u"attributes.updated"_s, {{u"key"_s, key}});
                    reply(CommandResponse::ok(QJsonObject{{u"key"_s, key}}));
                });
        });
}

// Saves a rule (create when id is 0), checked on the writer against the attributes as they are.
void saveRule(Storage &storage, EventBus &events, AutomationService &service, qint64 id,
              const QJsonObject &definition, std::optional<bool> enabled,
              const ConsoleApi::Reply &reply)
{
    auto errors = std::make_shared<QList<FieldError>>();
    auto savedId = std::make_shared<qint64>(id);
    storage.writer().submit(
        &events,
        [id, definition, enabled, errors, savedId](QSqlDatabase &db) -> Status {
            Checked c = check(db, definition);
            bool on = enabled.value_or(false);
            if (id) {
                QSqlQuery q(db);
                q.prepare(u"SELECT enabled FROM automation_rules WHERE id = ?"_s);
                q.addBindValue(id);
                if (Status s = execute(q, u"reading the rule"_s); !s.isOk())
                    return s;
                if (!q.next())
                    return Status::notFound(u"no rule with id "_s + QString::number(id));
                on = enabled.value_or(q.value(0).toBool());
            }
            if (!c.errors.isEmpty()) {
                *errors = c.errors;
                return Status::invalidArgument(ContactForm::summary(c.errors));
            }
            const Millis now = nowMillis();
            const Millis next = on ? c.nextRunAt : 0;
            if (id)
                return execute(
                    db,
                    u"UPDATE automation_rules SET name = ?, enabled = ?, definition = ?, "
                    u"next_run_at = ?, updated_at = ? WHERE id = ?"_s,
                    {c.rule.name, on ? 1 : 0, compact(definition), next, now, id},
                    u"saving the rule"_s);
            QSqlQuery q(db);
            q.prepare(u"INSERT INTO automation_rules (name, enabled, definition, next_run_at, "
                      u"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"_s);
            for (const QVariant &v :
                 QVariantList{c.rule.name, on ? 1 : 0, compact(definition), next, now, now})
                q.addBindValue(v);
            if (Status s = execute(q, u"adding the rule"_s); !s.isOk())
                return s;
            if (q.next())
                *savedId = q.value(0).toLongLong();
            return Status::ok();
        },
        [&events, &service, errors, savedId, reply](const Status &s) {
            if (!errors->isEmpty()) {
                reply(invalidDefinition(*errors));
                return;
            }
            if (!s.isOk()) {
                reply(CommandResponse::error(s));
                return;
            }
            service.reload();
            events.publish(u"automation.updated"_s, {{u"ruleId"_s, *savedId}});
            reply(CommandResponse::ok(QJsonObject{{u"id"_s, *savedId}}));
        });
}

void registerRuleCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                          AutomationService &service)
{
    api.registerRead(
        u"automation.fields"_s, Permission::AutomationRead,
        [&service](const CommandRequest &, QSqlDatabase &db) {
            const Result<FieldCatalog> catalog = loadCatalog(db);
            if (!catalog.isOk())
                return CommandResponse::error(catalog.status());
            return CommandResponse::ok(
                QJsonObject{{u"fields"_s, catalog->toJson()},
                            {u"triggers"_s,
                             QJsonArray{u"schedule"_s, u"message.received"_s,
                                        u"conversation.created"_s, u"conversation.statusChanged"_s,
                                        u"contact.verified"_s, u"conversation.idle"_s}},
                            {u"actions"_s,
                             QJsonArray{u"send_message"_s, u"send_whatsapp_template"_s, u"assign"_s,
                                        u"tag"_s, u"set_status"_s, u"handoff"_s, u"note"_s}},
                            {u"filters"_s, QJsonArray{u"date"_s, u"money"_s, u"number"_s,
                                                      u"upper"_s, u"lower"_s}},
                            {u"timeZone"_s, service.defaultTimeZone()}});
        });
    api.registerRead(u"automation.list"_s, Permission::AutomationRead,
                     [](const CommandRequest &, QSqlDatabase &db) {
                         const Result<FieldCatalog> catalog = loadCatalog(db);
                         if (!catalog.isOk())
                             return CommandResponse::error(catalog.status());
                         QSqlQuery q(db);
                         if (!q.exec(u"SELECT id, name, enabled, builtin, definition, "
                                     u"next_run_at, updated_at FROM automation_rules "
                                     u"ORDER BY builtin DESC, name, id"_s))
                             return CommandResponse::error(queryError(q, u"reading rules"_s));
                         QJsonArray out;
                         while (q.next())
                             out.append(ruleJson(db, catalog.value(), q));
                         return CommandResponse::ok(QJsonObject{{u"rules"_s, out}});
                     });
    api.registerRead(
        u"automation.get"_s, Permission::AutomationRead,
        [](const CommandRequest &req, QSqlDatabase &db) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            if (!p.isOk())
                return CommandResponse::error(p.status());
            const Result<FieldCatalog> catalog = loadCatalog(db);
            if (!catalog.isOk())
                return CommandResponse::error(catalog.status());
            QSqlQuery q(db);
            q.prepare(u"SELECT id, name, enabled, builtin, definition, next_run_at, "
                      u"updated_at FROM automation_rules WHERE id = ?"_s);
            q.addBindValue(id);
            if (Status s = execute(q, u"reading the rule"_s); !s.isOk())
                return CommandResponse::error(s);
            if (!q.next())
                return CommandResponse::error(
                    Status::notFound(u"no rule with id "_s + QString::number(id)));
            return CommandResponse::ok(QJsonObject{{u"rule"_s, ruleJson(db, catalog.value(), q)}});
        });
    api.registerCore(
        u"automation.create"_s, Permission::AutomationManage,
        [&storage, &events, &service](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const std::optional<bool> enabled = p.optionalBool(u"enabled"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            saveRule(storage, events, service, 0, req.params.value(u"definition"_s).toObject(),
                     enabled, reply);
        });
    api.registerCore(
        u"automation.update"_s, Permission::AutomationManage,
        [&storage, &events, &service](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            const std::optional<bool> enabled = p.optionalBool(u"enabled"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            saveRule(storage, events, service, id, req.params.value(u"definition"_s).toObject(),
                     enabled, reply);
        });
    api.registerCore(
        u"automation.setEnabled"_s, Permission::AutomationManage,
        [&storage, &events, &service](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            const std::optional<bool> enabled = p.optionalBool(u"enabled"_s);
            if (!p.isOk() || !enabled) {
                reply(CommandResponse::error(
                    p.isOk() ? Status::invalidArgument(u"enabled: true or false is required"_s)
                             : p.status()));
                return;
            }
            // The stored definition, checked again: enabling the built-in reminder before its
            // attributes exist says which ones are missing.
            auto definition = std::make_shared<QJsonObject>();
            storage.readers().submit(
                [&storage, &events, &service, id, enabled, reply, definition](QSqlDatabase &db) {
                    QSqlQuery q(db);
                    q.prepare(u"SELECT definition FROM automation_rules WHERE id = ?"_s);
                    q.addBindValue(id);
                    if (!q.exec() || !q.next()) {
                        reply(CommandResponse::error(
                            Status::notFound(u"no rule with id "_s + QString::number(id))));
                        return;
                    }
                    *definition = QJsonDocument::fromJson(q.value(0).toByteArray()).object();
                    QMetaObject::invokeMethod(
                        &events,
                        [&storage, &events, &service, id, enabled, reply, definition] {
                            saveRule(storage, events, service, id, *definition, enabled, reply);
                        },
                        Qt::QueuedConnection);
                });
        });
    api.registerCore(
        u"automation.delete"_s, Permission::AutomationManage,
        [&storage, &events, &service](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            storage.writer().submit(
                &events,
                [id](QSqlDatabase &db) -> Status {
                    QSqlQuery q(db);
                    q.prepare(u"SELECT builtin FROM automation_rules WHERE id = ?"_s);
                    q.addBindValue(id);
                    if (Status s = execute(q, u"reading the rule"_s); !s.isOk())
                        return s;
                    if (!q.next())
                        return Status::notFound(u"no rule with id "_s + QString::number(id));
                    if (!q.value(0).toString().isEmpty())
                        return Status::failedPrecondition(
                            u"the built-in rule cannot be deleted: disable it instead"_s);
                    // Queued work of the rule is dropped with it; what was sent stays sent.
                    if (Status s = execute(db,
                                           u"UPDATE jobs SET state = 'discarded', last_error = "
                                           u"'the rule was deleted' WHERE rule_id = ? AND state "
                                           u"= 'pending'"_s,
                                           {id}, u"dropping the rule's jobs"_s);
                        !s.isOk())
                        return s;
                    return execute(db, u"DELETE FROM automation_rules WHERE id = ?"_s, {id},
                                   u"deleting the rule"_s);
                },
                [&events, &service, id, reply](const Status &s) {
                    if (!s.isOk()) {
                        reply(CommandResponse::error(s));
                        return;
                    }
                    service.reload();
                    events.publish(u"automation.updated"_s, {{u"ruleId"_s, id}});
                    reply(CommandResponse::ok(QJsonObject{{u"id"_s, id}}));
                });
        });
    // Who the rule would hit at a moment, with each message as it would be sent. Works on a
    // saved rule or on a definition being edited (nothing is written).
    api.registerRead(
        u"automation.dryRun"_s, Permission::AutomationManage,
        [&storage, &service](const CommandRequest &req, QSqlDatabase &db) {
            Params p(req.params);
            const qint64 ruleId = p.optionalId(u"ruleId"_s);
            const Millis at = p.optionalTime(u"at"_s);
            const int limit = p.optionalInt(u"limit"_s, kPreviewDefault, 1, 1000);
            if (!p.isOk())
                return CommandResponse::error(p.status());
            QJsonObject definition = req.params.value(u"definition"_s).toObject();
            if (ruleId) {
                QSqlQuery q(db);
                q.prepare(u"SELECT definition FROM automation_rules WHERE id = ?"_s);
                q.addBindValue(ruleId);
                if (!q.exec() || !q.next())
                    return CommandResponse::error(
                        Status::notFound(u"no rule with id "_s + QString::number(ruleId)));
                definition = QJsonDocument::fromJson(q.value(0).toByteArray()).object();
            }
            const Result<FieldCatalog> catalog = loadCatalog(db);
            if (!catalog.isOk())
                return CommandResponse::error(catalog.status());
            QList<FieldError> errors;
            const RuleDefinition rule = RuleDefinition::parse(definition, catalog.value(), errors);
            if (!errors.isEmpty())
                return invalidDefinition(errors);
            const Millis when = at ? at : nowMillis();
            QStringList fields;
            if (rule.conditions)
                rule.conditions->collectFields(fields);
            const QTimeZone zone = rule.schedule ? rule.schedule->timeZone()
                                                 : QTimeZone(service.defaultTimeZone().toUtf8());
            Planner planner(rule, catalog.value(), u"dry"_s, {}, when, zone);
            Plan plan;
            const Status read =
                FactsLoader(db, storage.cipher(), fields).forEachContact([&](const Facts &f) {
                    planner.consider(f, plan, limit, false);
                });
            if (!read.isOk())
                return CommandResponse::error(read);
            QJsonObject out{{u"at"_s, toIsoString(when)},    {u"considered"_s, plan.considered},
                            {u"matched"_s, plan.matched},    {u"unreachable"_s, plan.unreachable},
                            {u"recipients"_s, plan.preview}, {u"summary"_s, rule.summary()}};
            if (rule.schedule)
                out.insert(u"nextRuns"_s, isoList(rule.schedule->nextRuns(when, 5)));
            return CommandResponse::ok(out);
        });
    api.registerCore(u"automation.runNow"_s, Permission::AutomationManage,
                     [&service](const CommandRequest &req, const ConsoleApi::Reply &reply) {
                         Params p(req.params);
                         const qint64 id = p.requiredId(u"id"_s);
                         if (!p.isOk()) {
                             reply(CommandResponse::error(p.status()));
                             return;
                         }
                         service.runNow(id, [reply](const Result<qint64> &run) {
                             reply(run.isOk()
                                       ? CommandResponse::ok(QJsonObject{{u"runId"_s, run.value()}})
                                       : CommandResponse::error(run.status()));
                         });
                     });
    api.registerRead(u"automation.runs"_s, Permission::AutomationRead,
                     [](const CommandRequest &req, QSqlDatabase &db) {
                         Params p(req.params);
                         const qint64 ruleId = p.optionalId(u"ruleId"_s);
                         const qint64 broadcastId = p.optionalId(u"broadcastId"_s);
                         const qint64 runId = p.optionalId(u"runId"_s);
                         const int limit = p.optionalInt(u"limit"_s, 20, 1, 200);
                         if (!p.isOk())
                             return CommandResponse::error(p.status());
                         QSqlQuery q(db);
                         q.prepare(u"SELECT "_s + kRunColumns + u" FROM automation_runs WHERE "_s +
                                   (runId         ? u"id = ?"_s
                                    : ruleId      ? u"rule_id = ?"_s
                                    : broadcastId ? u"broadcast_id = ?"_s
                                                  : u"1 = 1"_s) +
                                   u" ORDER BY id DESC LIMIT "_s + QString::number(limit));
                         if (runId || ruleId || broadcastId)
                             q.addBindValue(runId ? runId : ruleId ? ruleId : broadcastId);
                         if (Status s = execute(q, u"reading runs"_s); !s.isOk())
                             return CommandResponse::error(s);
                         QJsonArray out;
                         while (q.next())
                             out.append(runJson(db, q));
                         return CommandResponse::ok(QJsonObject{{u"runs"_s, out}});
                     });
}

void registerJobCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                         AutomationService &service)
{
    api.registerRead(
        u"jobs.list"_s, Permission::AutomationRead,
        [](const CommandRequest &req, QSqlDatabase &db) {
            Params p(req.params);
            const QString state = p.optionalString(u"state"_s, 20);
            const qint64 runId = p.optionalId(u"runId"_s);
            const int limit = p.optionalInt(u"limit"_s, 100, 1, 500);
            if (!p.isOk())
                return CommandResponse::error(p.status());
            QStringList where{u"1 = 1"_s};
            QVariantList binds;
            if (!state.isEmpty()) {
                where.append(u"j.state = ?"_s);
                binds.append(state);
            }
            if (runId) {
                where.append(u"j.run_id = ?"_s);
                binds.append(runId);
            }
            QSqlQuery q(db);
            q.prepare(u"SELECT j.id, j.kind, j.state, j.attempts, j.max_attempts, j.run_at, "
                      u"j.last_error, COALESCE(j.rule_id, 0), COALESCE(r.name, ''), "
                      u"COALESCE(j.contact_id, 0), COALESCE(c.display_name, ''), "
                      u"COALESCE(j.conversation_id, 0), COALESCE(j.message_id, 0), j.updated_at, "
                      u"COALESCE(j.run_id, 0) FROM jobs j "
                      u"LEFT JOIN automation_rules r ON r.id = j.rule_id "
                      u"LEFT JOIN contacts c ON c.id = j.contact_id WHERE "_s +
                      where.join(u" AND "_s) + u" ORDER BY j.id DESC LIMIT "_s +
                      QString::number(limit));
            for (const QVariant &b : binds)
                q.addBindValue(b);
            if (Status s = execute(q, u"reading jobs"_s); !s.isOk())
                return CommandResponse::error(s);
            QJsonArray out;
            while (q.next())
                out.append(QJsonObject{{u"id"_s, q.value(0).toLongLong()},
                                       {u"kind"_s, q.value(1).toString()},
                                       {u"state"_s, q.value(2).toString()},
                                       {u"attempts"_s, q.value(3).toInt()},
                                       {u"maxAttempts"_s, q.value(4).toInt()},
                                       {u"runAt"_s, toIsoString(q.value(5).toLongLong())},
                                       {u"lastError"_s, q.value(6).toString()},
                                       {u"ruleId"_s, q.value(7).toLongLong()},
                                       {u"ruleName"_s, q.value(8).toString()},
                                       {u"contactId"_s, q.value(9).toLongLong()},
                                       {u"contactName"_s, q.value(10).toString()},
                                       {u"conversationId"_s, q.value(11).toLongLong()},
                                       {u"messageId"_s, q.value(12).toLongLong()},
                                       {u"updatedAt"_s, toIsoString(q.value(13).toLongLong())},
                                       {u"runId"_s, q.value(14).toLongLong()}});
            return CommandResponse::ok(QJsonObject{{u"jobs"_s, out}});
        });
    for (const bool retry : {true, false}) {
        api.registerCore(
            retry ? u"jobs.retry"_s : u"jobs.discard"_s, Permission::AutomationManage,
            [&storage, &events, &service, retry](const CommandRequest &req,
                                                 const ConsoleApi::Reply &reply) {
                Params p(req.params);
                const qint64 id = p.requiredId(u"id"_s);
                if (!p.isOk()) {
                    reply(CommandResponse::error(p.status()));
                    return;
                }
                storage.writer().submit(
                    &events,
                    [id, retry](QSqlDatabase &db) -> Status {
                        QSqlQuery q(db);
                        q.prepare(retry ? u"UPDATE jobs SET state = 'pending', attempts = 0, "
                                          u"run_at = ?, updated_at = ? WHERE id = ? AND state IN "
                                          u"('dead', 'discarded')"_s
                                        : u"UPDATE jobs SET state = 'discarded', run_at = ?, "
                                          u"updated_at = ? WHERE id = ? AND state IN ('dead', "
                                          u"'pending')"_s);
                        q.addBindValue(nowMillis());
                        q.addBindValue(nowMillis());
                        q.addBindValue(id);
                        if (Status s = execute(q, u"changing a job"_s); !s.isOk())
                            return s;
                        if (q.numRowsAffected() == 0)
                            return Status::failedPrecondition(
                                retry ? u"only a dead or discarded job can be retried"_s
                                      : u"only a dead or pending job can be discarded"_s);
                        return Status::ok();
                    },
                    [&events, &service, id, retry, reply](const Status &s) {
                        if (!s.isOk()) {
                            reply(CommandResponse::error(s));
                            return;
                        }
                        if (retry)
                            service.wake();
                        events.publish(u"jobs.updated"_s, {{u"id"_s, id}});
                        reply(CommandResponse::ok(QJsonObject{{u"id"_s, id}}));
                    });
            });
    }
}

void registerBroadcastCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                               AutomationService &service)
{
    api.registerCore(
        u"broadcast.create"_s, Permission::AutomationManage,
        [&storage, &events, &service](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const QString name = p.requiredString(u"name"_s, 120);
            const int throttle = p.optionalInt(u"throttlePerMinute"_s, 60, 0, 100000);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            const QJsonObject definition{
                {u"name"_s, name},
                {u"trigger"_s,
                 QJsonObject{{u"type"_s, u"broadcast"_s}, {u"throttlePerMinute"_s, throttle}}},
                {u"conditions"_s, req.params.value(u"conditions"_s)},
                {u"actions"_s, req.params.value(u"actions"_s)}};
            auto errors = std::make_shared<QList<FieldError>>();
            auto parsed = std::make_shared<RuleDefinition>();
            auto id = std::make_shared<qint64>(0);
            const qint64 by = req.op.operatorId;
            storage.writer().submit(
                &events,
                [definition, errors, parsed, id, by](QSqlDatabase &db) -> Status {
                    const Result<FieldCatalog> catalog = loadCatalog(db);
                    if (!catalog.isOk())
                        return catalog.status();
                    *parsed = RuleDefinition::parse(definition, catalog.value(), *errors);
                    if (!errors->isEmpty())
                        return Status::invalidArgument(ContactForm::summary(*errors));
                    QSqlQuery q(db);
                    q.prepare(u"INSERT INTO broadcasts (name, definition, state, created_by, "
                              u"created_at, updated_at) VALUES (?, ?, 'running', ?, ?, ?) "
                              u"RETURNING id"_s);
                    q.addBindValue(definition.value(u"name"_s).toString());
                    q.addBindValue(compact(definition));
                    q.addBindValue(by ? QVariant(by) : QVariant(QMetaType(QMetaType::LongLong)));
                    q.addBindValue(nowMillis());
                    q.addBindValue(nowMillis());
                    if (Status s = execute(q, u"saving the broadcast"_s); !s.isOk())
                        return s;
                    if (q.next())
                        *id = q.value(0).toLongLong();
                    return Status::ok();
                },
                [&events, &service, errors, parsed, id, reply](const Status &s) {
                    if (!errors->isEmpty()) {
                        reply(invalidDefinition(*errors));
                        return;
                    }
                    if (!s.isOk()) {
                        reply(CommandResponse::error(s));
                        return;
                    }
                    service.startBroadcast(
                        *id, parsed, [&events, id, reply](const Result<qint64> &run) {
                            if (!run.isOk()) {
                                reply(CommandResponse::error(run.status()));
                                return;
                            }
                            events.publish(u"broadcast.updated"_s, {{u"id"_s, *id}});
                            reply(CommandResponse::ok(
                                QJsonObject{{u"id"_s, *id}, {u"runId"_s, run.value()}}));
                        });
                });
        });
    const auto broadcastJson = [](QSqlDatabase &db, const QSqlQuery &q) {
        const qint64 id = q.value(0).toLongLong();
        QJsonObject b{
            {u"id"_s, id},
            {u"name"_s, q.value(1).toString()},
            {u"state"_s, q.value(2).toString()},
            {u"createdAt"_s, toIsoString(q.value(3).toLongLong())},
            {u"definition"_s, QJsonDocument::fromJson(q.value(4).toByteArray()).object()}};
        QSqlQuery run(db);
        run.prepare(u"SELECT "_s + kRunColumns +
                    u" FROM automation_runs WHERE broadcast_id = ? ORDER BY id DESC LIMIT 1"_s);
        run.addBindValue(id);
        if (run.exec() && run.next())
            b.insert(u"run"_s, runJson(db, run));
        return b;
    };
    api.registerRead(u"broadcast.list"_s, Permission::AutomationRead,
                     [broadcastJson](const CommandRequest &, QSqlDatabase &db) {
                         QSqlQuery q(db);
                         if (!q.exec(u"SELECT id, name, state, created_at, definition FROM "
                                     u"broadcasts ORDER BY id DESC LIMIT 100"_s))
                             return CommandResponse::error(queryError(q, u"reading broadcasts"_s));
                         QJsonArray out;
                         while (q.next())
                             out.append(broadcastJson(db, q));
                         return CommandResponse::ok(QJsonObject{{u"broadcasts"_s, out}});
                     });
    api.registerRead(
        u"broadcast.get"_s, Permission::AutomationRead,
        [broadcastJson](const CommandRequest &req, QSqlDatabase &db) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            if (!p.isOk())
                return CommandResponse::error(p.status());
            QSqlQuery q(db);
            q.prepare(u"SELECT id, name, state, created_at, definition FROM "
                      u"broadcasts WHERE id = ?"_s);
            q.addBindValue(id);
            if (!q.exec() || !q.next())
                return CommandResponse::error(
                    Status::notFound(u"no broadcast with id "_s + QString::number(id)));
            return CommandResponse::ok(QJsonObject{{u"broadcast"_s, broadcastJson(db, q)}});
        });
    api.registerCore(
        u"broadcast.cancel"_s, Permission::AutomationManage,
        [&storage, &events](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            auto cancelled = std::make_shared<int>(0);
            storage.writer().submit(
                &events,
                [id, cancelled](QSqlDatabase &db) -> Status {
                    if (Status s = execute(db,
                                           u"UPDATE broadcasts SET state = 'cancelled', "
                                           u"updated_at = ? WHERE id = ?"_s,
                                           {nowMillis(), id}, u"cancelling the broadcast"_s);
                        !s.isOk())
                        return s;
                    // What has not gone to the outbox yet stays unsent.
                    QSqlQuery q(db);
                    q.prepare(u"UPDATE jobs SET state = 'cancelled', updated_at = ? WHERE state "
                              u"= 'pending' AND run_id IN (SELECT id FROM automation_runs WHERE "
                              u"broadcast_id = ?)"_s);
                    q.addBindValue(nowMillis());
                    q.addBindValue(id);
                    if (Status s = execute(q, u"cancelling the broadcast's jobs"_s); !s.isOk())
                        return s;
                    *cancelled = q.numRowsAffected();
                    return Status::ok();
                },
                [&events, id, cancelled, reply](const Status &s) {
                    if (!s.isOk()) {
                        reply(CommandResponse::error(s));
                        return;
                    }
                    events.publish(u"broadcast.updated"_s, {{u"id"_s, id}});
                    reply(CommandResponse::ok(
                        QJsonObject{{u"id"_s, id}, {u"cancelled"_s, *cancelled}}));
                });
        });
}

} // namespace

void registerAutomationCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                                AutomationService &service)
{
    registerAttributeCommands(api, storage, events, service);
    registerRuleCommands(api, storage, events, service);
    registerJobCommands(api, storage, events, service);
    registerBroadcastCommands(api, storage, events, service);
    for (const char16_t *name :
         {u"attributes.define", u"attributes.delete", u"automation.create", u"automation.update",
          u"automation.delete", u"automation.setEnabled", u"automation.runNow", u"jobs.retry",
          u"jobs.discard", u"broadcast.create", u"broadcast.cancel"})
        api.auditOnSuccess(QString::fromUtf16(name), u"automation"_s);
}

} // namespace aiochat
