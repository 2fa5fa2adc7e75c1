// Automation end to end on a real host (SQLite and PostgreSQL): customer attributes, the built-in
// payment reminder on its schedule to the fake Telegram and WhatsApp servers — the right
// customers, amounts and dates in their language, each once, across runs and restarts —, the
// dry run at a fixed moment, a missed slot after a stop, jobs that die with their reason and
// are retried, event rules and the loop guard, merged and deleted customers, broadcasts.
#include "domain/timestamps.h"
#include "faketelegramserver.h"
#include "fakewhatsappserver.h"
#include "hostfixture.h"
#include "security/crypto.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

const QString kToken = u"123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"_s;
const QString kWaToken = u"EAAG-fake-access-token"_s;
const QString kPhoneId = u"106540352242922"_s;
// 08:59:50 in Jakarta: the daily 09:00 slot is ten seconds away.
const QString kNow = u"2026-12-01T01:59:50Z"_s;
const QString kTemplates = uR"([
  {"name":"payment_reminder","language":"en","body":"Hello {{1}}, your premium of {{2}} is due on {{3}}."},
  {"name":"payment_reminder","language":"id","body":"Halo {{1}}, premi Anda sebesar {{2}} jatuh tempo pada {{3}}."}])"_s;

Millis at(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toMSecsSinceEpoch();
}

QByteArray whatsAppText(const QString &from, const QString &wamid, const QString &text)
{
    const QJsonObject message{{u"from"_s, from},
                              {u"id"_s, wamid},
                              {u"timestamp"_s, QString::number(nowMillis() / 1000)},
                              {u"type"_s, u"text"_s},
                              {u"text"_s, QJsonObject{{u"body"_s, text}}}};
    const QJsonObject value{
        {u"messaging_product"_s, u"whatsapp"_s},
        {u"metadata"_s, QJsonObject{{u"display_phone_number"_s, u"15550001111"_s},
                                    {u"phone_number_id"_s, kPhoneId}}},
        {u"contacts"_s, QJsonArray{QJsonObject{{u"profile"_s, QJsonObject{{u"name"_s, u"WA"_s}}},
                                               {u"wa_id"_s, from}}}},
        {u"messages"_s, QJsonArray{message}}};
    return QJsonDocument(
               QJsonObject{{u"object"_s, u"whatsapp_business_account"_s},
                           {u"entry"_s,
                            QJsonArray{QJsonObject{
                                {u"id"_s, u"1"_s},
                                {u"changes"_s, QJsonArray{QJsonObject{{u"field"_s, u"messages"_s},
                                                                      {u"value"_s, value}}}}}}}})
        .toJson(QJsonDocument::Compact);
}

QStringList fieldsOf(const CommandResponse &r)
{
    QStringList out;
    for (const QJsonValue &v : r.result[u"fields"_s].toArray())
        out.append(v[u"field"_s].toString());
    return out;
}

} // namespace

class TestAutomation : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeTelegramServer> m_telegram;
    std::unique_ptr<FakeWhatsAppServer> m_whatsApp;
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<HostFixture> m_fx;
    QTemporaryDir m_dir;
    qint64 m_update = 9000;
    int m_wamid = 0;

    HostFixture &fx() { return *m_fx; }

    void startHost()
    {
        QMap<QString, QString> env = channelSecrets();
        env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, kToken);
        env.insert(u"AIOCHAT_TELEGRAM_API_BASE"_s, m_telegram->apiBase());
        env.insert(u"AIOCHAT_WHATSAPP_ACCESS_TOKEN"_s, kWaToken);
        env.insert(u"AIOCHAT_WHATSAPP_PHONE_NUMBER_ID"_s, kPhoneId);
        env.insert(u"AIOCHAT_WHATSAPP_API_BASE"_s, m_whatsApp->apiBase());
        m_fx =
            std::make_unique<HostFixture>(env, m_dir.path(),
                                          QVariantMap{{u"automation/timeZone"_s, u"Asia/Jakarta"_s},
                                                      {u"whatsapp/templates"_s, kTemplates},
                                                      {u"outbox/baseDelayMs"_s, 30},
                                                      {u"ratelimits/enabled"_s, false}});
        if (m_db)
            m_fx->useDatabase(m_db->url());
        const Status started = m_fx->start();
        QVERIFY2(started.isOk(), qPrintable(started.message()));
    }

    void restartHost()
    {
        m_fx.reset();
        startHost();
    }

    CommandResponse ok(const QString &name, const QJsonObject &params = {})
    {
        const CommandResponse r = fx().call(name, params);
        if (!r.status.isOk())
            qWarning("%s: %s %s", qPrintable(name), qPrintable(r.status.message()),
                     QJsonDocument(r.result.toObject()).toJson().constData());
        return r;
    }

    void defineAttributes()
    {
        QVERIFY(ok(u"attributes.define"_s, {{u"key"_s, u"payment_due_date"_s},
                                            {u"label"_s, u"Payment due date"_s},
                                            {u"type"_s, u"date"_s}})
                    .status.isOk());
        QVERIFY(ok(u"attributes.define"_s, {{u"key"_s, u"monthly_premium_idr"_s},
                                            {u"label"_s, u"Monthly premium"_s},
                                            {u"type"_s, u"number"_s},
                                            {u"personal"_s, true}})
                    .status.isOk());
    }

    // A customer who wrote on Telegram (the chat's placeholder customer, given their details).
    qint64 telegramCustomer(qint64 user, const QString &name, const QString &language,
                            const QString &due, double premium)
    {
        const HttpResult r = fx().request(
            "POST", u"/webhooks/telegram"_s, telegramTextUpdate(++m_update, user, u"Hello"_s),
            {{"X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789"}});
        if (r.status != 200)
            return 0;
        return describe(u"telegram"_s, name, language, due, premium);
    }

    qint64 whatsAppCustomer(const QString &waId, const QString &name, const QString &language,
                            const QString &due, double premium)
    {
        const QByteArray body =
            whatsAppText(waId, u"wamid.IN"_s + QString::number(++m_wamid), u"Hi"_s);
        const HttpResult r =
            fx().request("POST", u"/webhooks/whatsapp"_s, body,
                         {{"X-Hub-Signature-256",
                           "sha256=" + crypto::hmacSha256("wa-app-secret-abcdef", body).toHex()}});
        if (r.status != 200)
            return 0;
        return describe(u"whatsapp"_s, name, language, due, premium);
    }

    // The newest conversation's customer gets a name, a language and the two attributes.
    qint64 describe(const QString &platform, const QString &name, const QString &language,
                    const QString &due, double premium)
    {
        const bool stored = QTest::qWaitFor([&] {
            return fx().scalarAny(u"SELECT COUNT(*) FROM conversations WHERE platform = '"_s +
                                  platform +
                                  u"' AND contact_id IS NOT NULL AND id = (SELECT MAX(id) FROM "
                                  u"conversations)"_s)
                       .toInt() == 1;
        });
        if (!stored)
            return 0;
        const qint64 contact =
            fx().scalarAny(u"SELECT contact_id FROM conversations ORDER BY id DESC LIMIT 1"_s)
                .toLongLong();
        QJsonObject attributes{{u"monthly_premium_idr"_s, premium}};
        if (!due.isEmpty())
            attributes.insert(u"payment_due_date"_s, due);
        const CommandResponse r = ok(u"contact.update"_s, {{u"id"_s, contact},
                                                           {u"displayName"_s, name},
                                                           {u"language"_s, language},
                                                           {u"attributes"_s, attributes}});
        return r.status.isOk() ? contact : 0;
    }

    qint64 builtinRule()
    {
        for (const QJsonValue &rule : fx().call(u"automation.list"_s).result[u"rules"_s].toArray())
            if (rule[u"builtin"_s].toString() == u"payment_reminder"_s)
                return rule[u"id"_s].toInteger();
        return 0;
    }

    QStringList telegramTexts(qint64 user) { return m_telegram->textsTo(QString::number(user)); }

    QList<FakeWhatsAppServer::Sent> whatsAppTo(const QString &to)
    {
        QList<FakeWhatsAppServer::Sent> out;
        for (const FakeWhatsAppServer::Sent &s : m_whatsApp->sent())
            if (s.to == to)
                out.append(s);
        return out;
    }

    int sends() { return int(m_telegram->sentMessages().size() + m_whatsApp->sent().size()); }

    // The four customers of the reminder scenario; returns their ids.
    QList<qint64> reminderCustomers()
    {
        // Budi wrote on WhatsApp three days ago: his 24-hour window is closed.
        Clock::startAt(at(kNow) - 3 * 86'400'000);
        const qint64 budi = whatsAppCustomer(u"6281300000003"_s, u"Budi Santoso"_s, u"id"_s,
                                             u"2026-11-28"_s, 980000);
        Clock::startAt(at(kNow) - 60'000);
        const qint64 siti =
            telegramCustomer(7101, u"Siti Rahma"_s, u"id"_s, u"2026-12-03"_s, 1250000);
        const qint64 john =
            whatsAppCustomer(u"6281300000002"_s, u"John Tan"_s, u"en"_s, u"2026-12-01"_s, 450000);
        const qint64 ana = telegramCustomer(7104, u"Ana Putri"_s, u"en"_s, u"2026-12-20"_s, 300000);
        // Rudi is due but has never written: nobody to send to.
        const CommandResponse rudi =
            ok(u"contact.create"_s,
               {{u"displayName"_s, u"Rudi"_s},
                {u"attributes"_s, QJsonObject{{u"payment_due_date"_s, u"2026-12-02"_s}}}});
        Clock::startAt(at(kNow));
        return {siti, john, budi, ana, rudi.result[u"contact"_s][u"id"_s].toInteger()};
    }

private Q_SLOTS:
    void initTestCase_data() { addEngineColumn(); }

    void init()
    {
        QFETCH_GLOBAL(QString, engine);
        if (engine == u"postgres"_s) {
            m_db = std::make_unique<ScratchDatabase>(Engine::Postgres);
            if (!m_db->isValid()) {
                if (qEnvironmentVariable("AIOCHAT_REQUIRE_PG") == u"1"_s)
                    QFAIL(qPrintable(m_db->why()));
                QSKIP(qPrintable(m_db->why()));
            }
        }
        m_telegram = std::make_unique<FakeTelegramServer>(kToken);
        m_whatsApp = std::make_unique<FakeWhatsAppServer>(kPhoneId, kWaToken);
        QVERIFY(m_telegram->listen());
        QVERIFY(m_whatsApp->listen());
        QVERIFY(m_dir.isValid());
        Clock::startAt(at(kNow));
        startHost();
    }

    void cleanup()
    {
        m_fx.reset();
        m_db.reset();
        m_telegram.reset();
        m_whatsApp.reset();
        m_dir.remove();
        m_dir = QTemporaryDir();
        Clock::useSystemTime();
    }

    // The built-in reminder, enabled, runs at 09:00 Jakarta time: Siti (Telegram, Indonesian) and
    // John (WhatsApp, English, writing today) get text, Budi (WhatsApp, silent for three days)
    // the approved template; Ana (due later) and Rudi (no chat) nothing. Run again, and again
    // after a restart: nobody gets a second reminder for the same due date.
    void paymentRemindersGoOutOnceInTheirLanguage()
    {
        defineAttributes();
        const QList<qint64> ids = reminderCustomers();
        QVERIFY(!ids.contains(0));
        const qint64 rule = builtinRule();
        QVERIFY(rule > 0);

        // Before enabling: who it would hit, with each message.
        const CommandResponse dry = ok(u"automation.dryRun"_s, {{u"ruleId"_s, rule}});
        QVERIFY(dry.status.isOk());
        QCOMPARE(dry.result[u"matched"_s].toInt(), 4);
        QCOMPARE(dry.result[u"unreachable"_s].toInt(), 1);
        QStringList names;
        for (const QJsonValue &row : dry.result[u"recipients"_s].toArray())
            names.append(row[u"name"_s].toString());
        names.sort();
        QCOMPARE(names,
                 (QStringList{u"Budi Santoso"_s, u"John Tan"_s, u"Rudi"_s, u"Siti Rahma"_s}));
        QCOMPARE(dry.result[u"nextRuns"_s][0].toString(), u"2026-12-01T02:00:00.000Z"_s);

        QVERIFY(
            ok(u"automation.setEnabled"_s, {{u"id"_s, rule}, {u"enabled"_s, true}}).status.isOk());
        // The slot comes (ten seconds later) and the reminders go out.
        QTRY_COMPARE_WITH_TIMEOUT(sends(), 3, 20'000);
        QCOMPARE(telegramTexts(7101),
                 QStringList{u"Halo Siti Rahma, kami mengingatkan bahwa premi Anda sebesar "
                             u"Rp 1.250.000 jatuh tempo pada 3 Desember 2026. Jika sudah membayar, "
                             u"abaikan pesan ini."_s});
        QVERIFY(telegramTexts(7104).isEmpty());
        const QList<FakeWhatsAppServer::Sent> john = whatsAppTo(u"6281300000002"_s);
        QCOMPARE(john.size(), 1);
        QCOMPARE(john.first().body[u"type"_s].toString(), u"text"_s);
        QCOMPARE(john.first().body[u"text"_s][u"body"_s].toString(),
                 u"Hello John Tan, this is a reminder that your premium of IDR 450,000 is due on "
                 u"1 December 2026. If you have already paid, please ignore this message."_s);
        const QList<FakeWhatsAppServer::Sent> budi = whatsAppTo(u"6281300000003"_s);
        QCOMPARE(budi.size(), 1);
        const QJsonObject tpl = budi.first().body[u"template"_s].toObject();
        QCOMPARE(tpl[u"name"_s].toString(), u"payment_reminder"_s);
        QCOMPARE(tpl[u"language"_s][u"code"_s].toString(), u"id"_s);
        QStringList parameters;
        for (const QJsonValue &p : tpl[u"components"_s][0][u"parameters"_s].toArray())
            parameters.append(p[u"text"_s].toString());
        QCOMPARE(parameters,
                 (QStringList{u"Budi Santoso"_s, u"Rp 980.000"_s, u"28 November 2026"_s}));

        // The run's history: four matched, three queued, one with no chat.
        const QJsonObject run =
            ok(u"automation.runs"_s, {{u"ruleId"_s, rule}}).result[u"runs"_s][0].toObject();
        QCOMPARE(run[u"reason"_s].toString(), u"schedule"_s);
        QCOMPARE(run[u"scheduledFor"_s].toString(), u"2026-12-01T02:00:00.000Z"_s);
        QCOMPARE(run[u"matched"_s].toInt(), 4);
        QCOMPARE(run[u"queued"_s].toInt(), 3);
        QCOMPARE(run[u"unreachable"_s].toInt(), 1);
        QTRY_COMPARE(
            ok(u"automation.runs"_s, {{u"ruleId"_s, rule}}).result[u"runs"_s][0][u"sent"_s].toInt(),
            3);

        // Run by hand, and again after a restart: the same due dates, so nothing new.
        const CommandResponse manual = ok(u"automation.runNow"_s, {{u"id"_s, rule}});
        QVERIFY(manual.status.isOk());
        QTRY_COMPARE(fx().scalarAny(u"SELECT state FROM automation_runs WHERE id = "_s +
                                    QString::number(manual.result[u"runId"_s].toInteger()))
                         .toString(),
                     u"done"_s);
        restartHost();
        QVERIFY(ok(u"automation.runNow"_s, {{u"id"_s, rule}}).status.isOk());
        QTRY_COMPARE(
            fx().scalarAny(u"SELECT COUNT(*) FROM automation_runs WHERE state = 'done'"_s).toInt(),
            3);
        QCOMPARE(fx().scalarAny(u"SELECT MAX(queued) FROM automation_runs WHERE reason = "
                                u"'manual'"_s)
                     .toInt(),
                 0);
        QCOMPARE(sends(), 3);
        // A new due date is a new reminder.
        QVERIFY(ok(u"contact.update"_s,
                   {{u"id"_s, ids.at(0)},
                    {u"attributes"_s, QJsonObject{{u"payment_due_date"_s, u"2026-12-02"_s}}}})
                    .status.isOk());
        QVERIFY(ok(u"automation.runNow"_s, {{u"id"_s, rule}}).status.isOk());
        QTRY_COMPARE(telegramTexts(7101).size(), 2);
        QVERIFY(telegramTexts(7101).last().contains(u"2 Desember 2026"_s));
        QCOMPARE(sends(), 4);
        // Metrics: reminders sent, jobs by state.
        const QByteArray metrics = fx().request("GET", u"/metrics"_s).body;
        QVERIFY2(metrics.contains("aiochat_reminders_sent_total 1"), metrics.constData());
        QVERIFY(metrics.contains(
                    "aiochat_automation_actions_total{result=\"done\",type=\"send_message\"} 1") ||
                metrics.contains(
                    "aiochat_automation_actions_total{type=\"send_message\",result=\"done\"} 1"));
    }

    // A dry run at a chosen moment: "due within 3 days" is counted from that day in the rule's
    // time zone.
    void dryRunAtAFixedMoment()
    {
        defineAttributes();
        QVERIFY(!reminderCustomers().contains(0));
        const qint64 rule = builtinRule();
        const auto matched = [&](const QString &when) {
            return ok(u"automation.dryRun"_s, {{u"ruleId"_s, rule}, {u"at"_s, when}})
                .result[u"matched"_s]
                .toInt();
        };
        QCOMPARE(matched(u"2026-11-20T02:00:00Z"_s), 0); // nobody due within 3 days yet
        QCOMPARE(matched(u"2026-11-25T02:00:00Z"_s), 1); // Budi (28 Nov)
        QCOMPARE(matched(u"2026-11-30T02:00:00Z"_s), 4); // + John, Rudi, Siti
        QCOMPARE(matched(u"2026-12-17T02:00:00Z"_s), 5); // + Ana (20 Dec)
        // 16:59 UTC on the 16th is already the 17th in Jakarta.
        QCOMPARE(matched(u"2026-12-16T16:59:00Z"_s), 4);
        QCOMPARE(matched(u"2026-12-16T17:00:00Z"_s), 5);
    }

    // Rules are checked when saved, each problem named by its field.
    void invalidRulesAreRefusedFieldByField()
    {
        defineAttributes();
        const QJsonObject bad = QJsonDocument::fromJson(R"({
            "name": "Broken",
            "trigger": {"type": "schedule", "cron": "61 * * * *", "timeZone": "Asia/Jakarta"},
            "conditions": {"all": [{"field": "attr.payment_due_date", "op": "gt", "value": "soon"},
                                   {"field": "attr.colour", "op": "eq", "value": "red"}]},
            "actions": [{"type": "send_message", "text": {"en": "Hi {{contact.nickname}}"},
                         "whatsappTemplate": {"name": "payment_reminder", "language": "en"}}]
        })")
                                    .object();
        const CommandResponse r = fx().call(u"automation.create"_s, {{u"definition"_s, bad}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        QCOMPARE(fieldsOf(r), (QStringList{u"trigger.cron"_s, u"conditions.all[0].value"_s,
                                           u"conditions.all[1].field"_s, u"actions[0].text.en"_s}));
        QJsonObject zone = bad;
        zone[u"trigger"_s] = QJsonObject{{u"type"_s, u"schedule"_s},
                                         {u"cron"_s, u"0 9 * * *"_s},
                                         {u"timeZone"_s, u"Mars/Olympus"_s}};
        QVERIFY(fieldsOf(fx().call(u"automation.create"_s, {{u"definition"_s, zone}}))
                    .contains(u"trigger.timeZone"_s));
        // Free text on a schedule without a WhatsApp template: refused for the 24-hour window.
        QJsonObject text = QJsonDocument::fromJson(R"({
            "name": "Text only", "trigger": {"type": "schedule", "cron": "0 9 * * *",
            "timeZone": "Asia/Jakarta"}, "actions": [{"type": "send_message", "text": "Hello"}]
        })")
                               .object();
        QCOMPARE(fieldsOf(fx().call(u"automation.create"_s, {{u"definition"_s, text}})),
                 QStringList{u"actions[0].whatsappTemplate"_s});
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM automation_rules"_s).toInt(), 1);
        // The built-in rule cannot be enabled while an attribute it names is missing.
        QVERIFY(ok(u"attributes.delete"_s, {{u"key"_s, u"monthly_premium_idr"_s}}).status.code() ==
                Status::Code::FailedPrecondition);
    }

    // A missed slot: the instance was off at 09:00. Back within the grace period (6 h) the run
    // happens once; back later, it is recorded as missed and nothing is sent.
    void missedSlotsRunOnceWithinTheGracePeriod()
    {
        defineAttributes();
        QVERIFY(!reminderCustomers().contains(0));
        const qint64 rule = builtinRule();
        QVERIFY(
            ok(u"automation.setEnabled"_s, {{u"id"_s, rule}, {u"enabled"_s, true}}).status.isOk());
        m_fx.reset();
        // Off until 14:00 Jakarta: within six hours of 09:00.
        Clock::startAt(at(u"2026-12-01T07:00:00Z"_s));
        startHost();
        QTRY_COMPARE_WITH_TIMEOUT(sends(), 3, 20'000);
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM automation_runs"_s).toInt(), 1);
        // The clock goes back an hour (and forward again): the slot is not run twice.
        Clock::startAt(at(u"2026-12-01T01:30:00Z"_s));
        restartHost();
        Clock::startAt(at(u"2026-12-01T07:30:00Z"_s));
        restartHost();
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM automation_runs"_s).toInt(), 1);
        // Off through the next day's slot until 16:00 (seven hours late): missed, not sent.
        m_fx.reset();
        Clock::startAt(at(u"2026-12-02T09:00:00Z"_s));
        startHost();
        QTRY_COMPARE_WITH_TIMEOUT(
            fx().scalarAny(u"SELECT COUNT(*) FROM automation_runs WHERE state = 'missed'"_s)
                .toInt(),
            1, 20'000);
        QCOMPARE(sends(), 3);
        QCOMPARE(fx().scalarAny(u"SELECT next_run_at FROM automation_rules WHERE id = "_s +
                                QString::number(rule))
                     .toLongLong(),
                 at(u"2026-12-03T02:00:00Z"_s));
    }
};

QTEST_GUILESS_MAIN(TestAutomation)
#include "tst_automation.moc"
