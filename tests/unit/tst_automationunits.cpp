// The automation engine's pure parts: cron in time zones, conditions, templates, attributes,
// rule validation and the planner's keys.
#include "automation/attributes.h"
#include "automation/condition.h"
#include "automation/cron.h"
#include "automation/messagetemplate.h"
#include "automation/planner.h"
#include "automation/rule.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::automation;

namespace {

Millis utc(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toMSecsSinceEpoch();
}

QString utcString(Millis ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QList<AttributeDefinition> paymentAttributes()
{
    AttributeDefinition due;
    due.key = u"payment_due_date"_s;
    due.label = u"Payment due date"_s;
    due.type = AttributeType::Date;
    AttributeDefinition premium;
    premium.key = u"monthly_premium_idr"_s;
    premium.label = u"Monthly premium"_s;
    premium.type = AttributeType::Number;
    premium.personal = true;
    AttributeDefinition plan;
    plan.key = u"plan"_s;
    plan.type = AttributeType::Choice;
    plan.options = {u"Gold"_s, u"Silver"_s};
    return {due, premium, plan};
}

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

Facts customer(const QString &due, double premium, const QString &language = u"en"_s)
{
    Facts f;
    f.contactId = 7;
    f.conversationId = 70;
    f.platform = u"telegram"_s;
    f.language = language;
    f.values.insert(u"contact.name"_s, u"Siti Rahma"_s);
    if (!due.isEmpty())
        f.values.insert(u"attr.payment_due_date"_s, due);
    f.values.insert(u"attr.monthly_premium_idr"_s, premium);
    return f;
}

} // namespace

class TestAutomationUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dailyCronInJakarta()
    {
        const Result<CronSchedule> cron = CronSchedule::parse(u"0 9 * * *"_s, u"Asia/Jakarta"_s);
        QVERIFY(cron.isOk());
        // 09:00 in Jakarta (UTC+7) is 02:00 UTC; just after it, the next is the following day.
        QCOMPARE(utcString(cron->next(utc(u"2026-12-01T00:00:00Z"_s))), u"2026-12-01T02:00:00Z"_s);
        QCOMPARE(utcString(cron->next(utc(u"2026-12-01T02:00:00Z"_s))), u"2026-12-02T02:00:00Z"_s);
        const QList<Millis> runs = cron->nextRuns(utc(u"2026-12-31T03:00:00Z"_s), 2);
        QCOMPARE(runs.size(), 2);
        QCOMPARE(utcString(runs.at(0)), u"2027-01-01T02:00:00Z"_s);
        QCOMPARE(utcString(runs.at(1)), u"2027-01-02T02:00:00Z"_s);
    }

    void londonSpringForward()
    {
        // 29 March 2026: 01:00 GMT becomes 02:00 BST; 01:30 does not exist that day.
        const Result<CronSchedule> nine = CronSchedule::parse(u"0 9 * * *"_s, u"Europe/London"_s);
        QVERIFY(nine.isOk());
        QCOMPARE(utcString(nine->next(utc(u"2026-03-28T12:00:00Z"_s))), u"2026-03-29T08:00:00Z"_s);
        QCOMPARE(utcString(nine->next(utc(u"2026-03-27T12:00:00Z"_s))), u"2026-03-28T09:00:00Z"_s);
        const Result<CronSchedule> gap = CronSchedule::parse(u"30 1 * * *"_s, u"Europe/London"_s);
        QVERIFY(gap.isOk());
        // Runs once, at the end of the gap (02:00 BST = 01:00 UTC), then the next day as usual.
        const QList<Millis> runs = gap->nextRuns(utc(u"2026-03-28T12:00:00Z"_s), 2);
        QCOMPARE(utcString(runs.at(0)), u"2026-03-29T01:00:00Z"_s);
        QCOMPARE(utcString(runs.at(1)), u"2026-03-30T00:30:00Z"_s);
    }

    void londonFallBack()
    {
        // 25 October 2026: 02:00 BST becomes 01:00 GMT; 01:30 happens twice — run once.
        const Result<CronSchedule> twice = CronSchedule::parse(u"30 1 * * *"_s, u"Europe/London"_s);
        QVERIFY(twice.isOk());
        const QList<Millis> runs = twice->nextRuns(utc(u"2026-10-24T12:00:00Z"_s), 2);
        QCOMPARE(utcString(runs.at(0)), u"2026-10-25T00:30:00Z"_s);
        QCOMPARE(utcString(runs.at(1)), u"2026-10-26T01:30:00Z"_s);
        const Result<CronSchedule> nine = CronSchedule::parse(u"0 9 * * *"_s, u"Europe/London"_s);
        QCOMPARE(utcString(nine->next(utc(u"2026-10-24T12:00:00Z"_s))), u"2026-10-25T09:00:00Z"_s);
    }

    void cronFields()
    {
        // Weekdays at 08:15 and 17:45; both day fields restricted → either matches.
        const Result<CronSchedule> work =
            CronSchedule::parse(u"15,45 8-17/9 * * MON-FRI"_s, u"UTC"_s);
        QVERIFY2(work.isOk(), qPrintable(work.status().message()));
        // Friday 2026-12-04 18:00 → Monday 08:15.
        QCOMPARE(utcString(work->next(utc(u"2026-12-04T18:00:00Z"_s))), u"2026-12-07T08:15:00Z"_s);
        const Result<CronSchedule> either = CronSchedule::parse(u"0 0 1 * 0"_s, u"UTC"_s);
        QVERIFY(either.isOk());
        // From Tue 2026-12-01 noon: Sunday the 6th comes before the 1st of January.
        QCOMPARE(utcString(either->next(utc(u"2026-12-01T12:00:00Z"_s))),
                 u"2026-12-06T00:00:00Z"_s);
        const Result<CronSchedule> sunday7 = CronSchedule::parse(u"0 0 * * 7"_s, u"UTC"_s);
        QVERIFY(sunday7.isOk());
        QCOMPARE(utcString(sunday7->next(utc(u"2026-12-01T12:00:00Z"_s))),
                 u"2026-12-06T00:00:00Z"_s);
        const Result<CronSchedule> leap = CronSchedule::parse(u"0 0 29 2 *"_s, u"UTC"_s);
        QCOMPARE(utcString(leap->next(utc(u"2026-12-01T12:00:00Z"_s))), u"2028-02-29T00:00:00Z"_s);
    }

    void invalidCron_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("message");
        QTest::newRow("minute 61")
            << u"61 * * * *"_s << u"UTC"_s << u"minute: 61 is out of range"_s;
        QTest::newRow("three fields") << u"* * *"_s << u"UTC"_s << u"five fields are needed"_s;
        QTest::newRow("zero step") << u"*/0 * * * *"_s << u"UTC"_s << u"must be a positive"_s;
        QTest::newRow("backwards") << u"0 9-5 * * *"_s << u"UTC"_s << u"runs backwards"_s;
        QTest::newRow("word") << u"0 nine * * *"_s << u"UTC"_s << u"hour: \"nine\" is not"_s;
        QTest::newRow("unknown zone") << u"0 9 * * *"_s << u"Asia/Atlantis"_s
                                      << u"timeZone: \"Asia/Atlantis\" is not a known"_s;
    }
    void invalidCron()
    {
        QFETCH(QString, expression);
        QFETCH(QString, zone);
        QFETCH(QString, message);
        const Result<CronSchedule> cron = CronSchedule::parse(expression, zone);
        QVERIFY(!cron.isOk());
        QVERIFY2(cron.status().message().contains(message), qPrintable(cron.status().message()));
    }

    // Debian's own default zone and the tz database's links are zones too, not only the
    // canonical names.
    void zonesAsSystemsNameThem()
    {
        for (const QString &zone : {u"Etc/UTC"_s, u"US/Pacific"_s, u"Asia/Jakarta"_s}) {
            const Result<CronSchedule> cron = CronSchedule::parse(u"0 9 * * *"_s, zone);
            QVERIFY2(cron.isOk(), qPrintable(zone + u": "_s + cron.status().message()));
        }
        QVERIFY(isKnownTimeZone(u"Etc/UTC"_s));
        QVERIFY(!isKnownTimeZone(u""_s));
        QVERIFY(!isKnownTimeZone(u"Mars/Base"_s));
    }

    void attributeValues()
    {
        const QList<AttributeDefinition> defs = paymentAttributes();
        const AttributeDefinition &due = defs.at(0);
        const AttributeDefinition &premium = defs.at(1);
        for (const QString &written : {u"2026-12-04"_s, u"04/12/2026"_s, u"4 December 2026"_s,
                                       u"4 Des 2026"_s, u"04-12-2026"_s}) {
            const Result<QJsonValue> v = parseAttributeValue(due, written);
            QVERIFY2(v.isOk(), qPrintable(written));
            QCOMPARE(v->toString(), u"2026-12-04"_s);
        }
        QVERIFY(!parseAttributeValue(due, u"soon"_s).isOk());
        QCOMPARE(parseAttributeValue(premium, u"1.250.000"_s)->toDouble(), 1250000.0);
        QCOMPARE(parseAttributeValue(premium, u"Rp 1,250,000"_s)->toDouble(), 1250000.0);
        QCOMPARE(parseAttributeValue(premium, u"1250000.50"_s)->toDouble(), 1250000.5);
        QCOMPARE(parseAttributeValue(premium, u"0.5"_s)->toDouble(), 0.5);
        QVERIFY(!parseAttributeValue(premium, u"a lot"_s).isOk());
        QCOMPARE(parseAttributeValue(defs.at(2), u"gold"_s)->toString(), u"Gold"_s);
        QVERIFY(!parseAttributeValue(defs.at(2), u"Platinum"_s).isOk());
        QVERIFY(parseAttributeValue(premium, u""_s)->isNull());

        QCOMPARE(toString(inferAttributeType({u"2026-12-04"_s, u"05/01/2027"_s, u""_s})),
                 u"date"_s);
        QCOMPARE(toString(inferAttributeType({u"1250000"_s, u"980.000"_s})), u"number"_s);
        QCOMPARE(toString(inferAttributeType({u"yes"_s, u"no"_s})), u"boolean"_s);
        QCOMPARE(toString(inferAttributeType({u"Gold"_s, u"12"_s})), u"text"_s);
        QCOMPARE(attributeKeyFromHeader(u"Payment Due Date"_s), u"payment_due_date"_s);

        QVERIFY(!AttributeDefinition::fromJson(json(R"({"key":"Phone","type":"text"})")).isOk());
        QVERIFY(!AttributeDefinition::fromJson(json(R"({"key":"phone","type":"text"})")).isOk());
        QVERIFY(!AttributeDefinition::fromJson(json(R"({"key":"x","type":"money"})")).isOk());
        QVERIFY(
            AttributeDefinition::fromJson(json(R"({"key":"x","type":"money","currency":"idr"})"))
                .isOk());
    }

    void formats()
    {
        QCOMPARE(formatDate(QDate(2026, 12, 4), u"en"_s), u"4 December 2026"_s);
        QCOMPARE(formatDate(QDate(2026, 12, 4), u"id"_s), u"4 Desember 2026"_s);
        QCOMPARE(formatMoney(1250000, u"IDR"_s, u"id"_s), u"Rp 1.250.000"_s);
        QCOMPARE(formatMoney(1250000, u"IDR"_s, u"en"_s), u"IDR 1,250,000"_s);
        QCOMPARE(formatMoney(19.5, u"USD"_s, u"en"_s), u"USD 19.50"_s);
    }

    void conditions()
    {
        const FieldCatalog catalog(paymentAttributes());
        QList<FieldError> errors;
        const auto dueSoon = Condition::parse(
            json(
                R"({"all":[{"field":"attr.payment_due_date","op":"daysUntil","cmp":"lte","value":3},
                           {"field":"attr.monthly_premium_idr","op":"gt","value":0}]})"),
            catalog, FieldScope::Contact, errors);
        QVERIFY2(errors.isEmpty(), qPrintable(ContactForm::summary(errors)));
        const EvalContext today{QDate(2026, 12, 1)};
        QVERIFY(dueSoon->matches(customer(u"2026-12-04"_s, 1), today));  // in 3 days
        QVERIFY(dueSoon->matches(customer(u"2026-12-01"_s, 1), today));  // today
        QVERIFY(dueSoon->matches(customer(u"2026-11-20"_s, 1), today));  // overdue
        QVERIFY(!dueSoon->matches(customer(u"2026-12-05"_s, 1), today)); // in 4 days
        QVERIFY(!dueSoon->matches(customer({}, 1), today));              // no date
        QVERIFY(!dueSoon->matches(customer(u"2026-12-02"_s, 0), today)); // nothing to pay

        const auto any = Condition::parse(
            json(R"({"any":[{"field":"contact.name","op":"contains","value":"SITI"},
                           {"field":"attr.plan","op":"in","value":["Gold"]}]})"),
            catalog, FieldScope::Contact, errors);
        QVERIFY(errors.isEmpty());
        QVERIFY(any->matches(customer({}, 1), today));
        const auto missing =
            Condition::parse(json(R"({"field":"attr.plan","op":"exists","value":false})"), catalog,
                             FieldScope::Contact, errors);
        QVERIFY(missing->matches(customer({}, 1), today));
    }

    void conditionErrors_data()
    {
        QTest::addColumn<QString>("condition");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("date with text")
            << uR"({"all":[{"field":"attr.payment_due_date","op":"gt","value":"tomorrow"}]})"_s
            << u"conditions.all[0].value"_s << u"is not a date"_s;
        QTest::newRow("unknown field") << uR"({"field":"attr.colour","op":"eq","value":"x"})"_s
                                       << u"conditions.field"_s << u"unknown field"_s;
        QTest::newRow("operator for type") << uR"({"field":"contact.name","op":"gt","value":"A"})"_s
                                           << u"conditions.op"_s << u"not an operator for text"_s;
        QTest::newRow("choice") << uR"({"field":"attr.plan","op":"eq","value":"Platinum"})"_s
                                << u"conditions.value"_s << u"must be one of Gold, Silver"_s;
        QTest::newRow("message in schedule")
            << uR"({"field":"message.text","op":"contains","value":"hi"})"_s
            << u"conditions.field"_s << u"not known when this rule runs"_s;
        QTest::newRow("days without number")
            << uR"({"field":"attr.payment_due_date","op":"daysUntil","cmp":"lte","value":"3"})"_s
            << u"conditions.value"_s << u"number of days"_s;
    }
    void conditionErrors()
    {
        QFETCH(QString, condition);
        QFETCH(QString, field);
        QFETCH(QString, message);
        QList<FieldError> errors;
        (void)Condition::parse(QJsonDocument::fromJson(condition.toUtf8()).object(),
                               FieldCatalog(paymentAttributes()), FieldScope::Contact, errors);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().field, field);
        QVERIFY2(errors.first().message.contains(message), qPrintable(errors.first().message));
    }

    void templates()
    {
        const FieldCatalog catalog(paymentAttributes());
        const QString text = u"Hi {{contact.firstName}}, {{attr.monthly_premium_idr | money}} is "
                             u"due on {{attr.payment_due_date | date}}."_s;
        QList<FieldError> errors;
        MessageTemplate::validate(text, catalog, FieldScope::Contact, u"t"_s, errors);
        QVERIFY(errors.isEmpty());
        const EvalContext today{QDate(2026, 12, 1)};
        QCOMPARE(MessageTemplate::render(text, customer(u"2026-12-04"_s, 1250000), catalog, today,
                                         u"en"_s),
                 u"Hi Siti, IDR 1,250,000 is due on 4 December 2026."_s);
        QCOMPARE(MessageTemplate::render(text, customer(u"2026-12-04"_s, 1250000), catalog, today,
                                         u"id"_s),
                 u"Hi Siti, Rp 1.250.000 is due on 4 Desember 2026."_s);
        MessageTemplate::validate(
            u"Dear {{contact.nickname}}, {{attr.plan | money}} {{x | shout}}"_s, catalog,
            FieldScope::Contact, u"t"_s, errors);
        QCOMPARE(errors.size(), 3);
        QVERIFY(errors.at(0).message.contains(u"unknown placeholder {{contact.nickname}}"_s));
        QVERIFY(errors.at(1).message.contains(u"is not a number"_s));
        QVERIFY(errors.at(2).message.contains(u"unknown placeholder {{x}}"_s));
        errors.clear();
        MessageTemplate::validate(u"{{today | shout}} {{contact.name"_s, catalog,
                                  FieldScope::Contact, u"t"_s, errors);
        QCOMPARE(errors.size(), 2);
    }

    void ruleValidation()
    {
        const FieldCatalog catalog(paymentAttributes());
        QList<FieldError> errors;
        const RuleDefinition builtin =
            RuleDefinition::parse(paymentReminderDefinition(u"Asia/Jakarta"_s), catalog, errors);
        QVERIFY2(errors.isEmpty(), qPrintable(ContactForm::summary(errors)));
        QCOMPARE(builtin.summary(), u"Daily at 09:00 (Asia/Jakarta)"_s);

        // Free text from a schedule: WhatsApp's window would be closed.
        QJsonObject def = paymentReminderDefinition(u"Asia/Jakarta"_s);
        QJsonArray actions = def.value(u"actions"_s).toArray();
        QJsonObject send = actions.at(0).toObject();
        send.remove(u"whatsappTemplate"_s);
        actions[0] = send;
        def.insert(u"actions"_s, actions);
        (void)RuleDefinition::parse(def, catalog, errors);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().field, u"actions[0].whatsappTemplate"_s);
        // …unless the rule keeps WhatsApp customers out.
        errors.clear();
        def.insert(u"conditions"_s,
                   json(R"({"all":[{"field":"contact.platform","op":"ne","value":"whatsapp"}]})"));
        (void)RuleDefinition::parse(def, catalog, errors);
        QVERIFY(errors.isEmpty());

        errors.clear();
        (void)RuleDefinition::parse(
            json(
                R"({"name":"x","trigger":{"type":"schedule","cron":"61 * * * *","timeZone":"Mars/Base"},
                    "actions":[{"type":"tag","tag":""},{"type":"send_message","text":{"en":"Hi {{contact.nick}}"}}]})"),
            catalog, errors);
        QStringList fields;
        for (const FieldError &e : errors)
            fields.append(e.field);
        QVERIFY2(fields.contains(u"trigger.timeZone"_s), qPrintable(fields.join(u","_s)));
        QVERIFY(fields.contains(u"actions[0].tag"_s));
        QVERIFY(fields.contains(u"actions[1].text.en"_s));
        // Without a known zone the cron is not even read; a bad cron in a good zone is named.
        errors.clear();
        (void)RuleDefinition::parse(
            json(R"({"name":"x","trigger":{"type":"schedule","cron":"61 * * * *","timeZone":"UTC"},
                    "actions":[{"type":"handoff"}]})"),
            catalog, errors);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().field, u"trigger.cron"_s);
        // A follow-up task: a title (with placeholders checked), a due time in whole hours.
        errors.clear();
        (void)RuleDefinition::parse(json(R"({"name":"x","trigger":{"type":"message.received"},
                    "actions":[{"type":"task","title":"Call {{contact.name}}","dueInHours":24},
                               {"type":"task","title":" ","dueInHours":1.5},
                               {"type":"task","title":"Call {{contact.nick}}","assigneeId":-1}]})"),
                                    catalog, errors);
        fields.clear();
        for (const FieldError &e : errors)
            fields.append(e.field);
        QCOMPARE(fields, (QStringList{u"actions[1].title"_s, u"actions[1].dueInHours"_s,
                                      u"actions[2].title"_s, u"actions[2].assigneeId"_s}));
    }

    void plannerKeysAndLanguages()
    {
        const FieldCatalog catalog(paymentAttributes());
        QList<FieldError> errors;
        const RuleDefinition rule =
            RuleDefinition::parse(paymentReminderDefinition(u"Asia/Jakarta"_s), catalog, errors);
        const Millis at = utc(u"2026-12-01T02:00:00Z"_s);
        Planner first(rule, catalog, u"rule:1"_s, u"slot1"_s, at, QTimeZone("Asia/Jakarta"));
        Plan plan;
        first.consider(customer(u"2026-12-04"_s, 1250000, u"id"_s), plan, 10, true);
        first.consider(customer(u"2027-01-04"_s, 1250000), plan, 10, true);
        QCOMPARE(plan.matched, 1);
        QCOMPARE(plan.jobs.size(), size_t(1));
        QCOMPARE(plan.jobs.front().idempotencyKey, u"rule:1:c7:2026-12-04:a0"_s);
        QVERIFY(plan.jobs.front().payload.value(u"text"_s).toString().startsWith(
            u"Halo Siti Rahma, kami mengingatkan bahwa premi Anda sebesar Rp 1.250.000 jatuh "
            u"tempo pada 4 Desember 2026."_s));
        // Another day's run of the same due date: the same key, so the same single job.
        Planner later(rule, catalog, u"rule:1"_s, u"slot2"_s, at + 86'400'000,
                      QTimeZone("Asia/Jakarta"));
        Plan again;
        later.consider(customer(u"2026-12-04"_s, 1250000, u"id"_s), again, 10, true);
        QCOMPARE(again.jobs.front().idempotencyKey, plan.jobs.front().idempotencyKey);
        // WhatsApp outside its window: the preview shows the template that will go instead.
        Facts wa = customer(u"2026-12-04"_s, 1250000);
        wa.platform = u"whatsapp"_s;
        wa.lastInboundAt = at - 3 * 86'400'000;
        Plan viaTemplate;
        later.consider(wa, viaTemplate, 10, true);
        QVERIFY(viaTemplate.preview.first()[u"text"_s].toString().startsWith(
            u"[template payment_reminder] Siti Rahma · IDR 1,250,000"_s));
        QCOMPARE(viaTemplate.jobs.front().payload[u"template"_s][u"language"_s].toString(),
                 u"en"_s);
    }
};

QTEST_GUILESS_MAIN(TestAutomationUnits)
#include "tst_automationunits.moc"
