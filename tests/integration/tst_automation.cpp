// Automation end to end on a real host (SQLite and PostgreSQL): customer attributes, the built-in
// payment reminder on its schedule to the fake Telegram and WhatsApp servers — the right
// customers, amounts and dates in their language, each once, across runs and restarts —, the
// dry run at a fixed moment, a missed slot after a stop, jobs that die with their reason and
// are retried, event rules and the loop guard, merged and deleted customers, broadcasts, and
// instances sharing the queue on PostgreSQL.
#include "automation/jobstore.h"
#include "domain/timestamps.h"
#include "faketelegramserver.h"
#include "fakewhatsappserver.h"
#include "hostfixture.h"
#include "security/crypto.h"
#include "storage/connection.h"
#include "storage/storage.h"
#include "testsupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QSysInfo>
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
    return whatsAppTextUpdate(from, wamid, text, kPhoneId, u"WA"_s);
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
                                                      {u"automation/idleCheckMs"_s, 200},
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
        // Metrics: reminders sent (counted when the job's outcome is recorded), jobs by state.
        QTRY_VERIFY(
            fx().request("GET", u"/metrics"_s).body.contains("aiochat_reminders_sent_total 1"));
        const QByteArray metrics = fx().request("GET", u"/metrics"_s).body;
        QVERIFY2(metrics.contains(
                     "aiochat_automation_actions_total{type=\"send_message\",result=\"done\"} 1"),
                 metrics.constData());
        QVERIFY(metrics.contains("aiochat_jobs{state=\"dead\"} 0"));
        // …and on the Metrics page: the reminders of the day (three scheduled, one by hand).
        const QJsonObject automation =
            ok(u"metrics.history"_s, {{u"range"_s, u"7d"_s}}).result[u"automation"_s].toObject();
        QCOMPARE(automation[u"remindersSent"_s].toInt(), 4);
        QCOMPARE(automation[u"jobs"_s][u"dead"_s].toInt(), 0);
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

    // CSV: columns that name no contact field are offered as attributes with the type their
    // values suggest; a value that does not read as its type refuses the file (nothing is
    // half-imported, not even the definitions); export writes the attributes back.
    void csvImportOffersAttributes()
    {
        const QString bad = u"name,language,telegram_user_id,payment_due_date,monthly_premium_idr\n"
                            u"Siti Rahma,id,7201,03/12/2026,1.250.000\n"
                            u"John Tan,en,7202,soon,450000\n"_s;
        CommandResponse preview = ok(u"contacts.import"_s, {{u"csv"_s, bad}});
        QVERIFY(preview.status.isOk());
        const QJsonArray offered = preview.result[u"attributes"_s].toArray();
        QCOMPARE(offered.size(), 2);
        QCOMPARE(offered.at(0)[u"key"_s].toString(), u"payment_due_date"_s);
        QCOMPARE(offered.at(0)[u"type"_s].toString(), u"text"_s); // "soon" is not a date
        QCOMPARE(offered.at(1)[u"type"_s].toString(), u"number"_s);
        // The importer says it is a date: then line 3 is wrong, and nothing is imported.
        const QJsonObject choices{{u"payment_due_date"_s, QJsonObject{{u"type"_s, u"date"_s}}}};
        const CommandResponse refused =
            fx().call(u"contacts.import"_s,
                      {{u"csv"_s, bad}, {u"commit"_s, true}, {u"attributes"_s, choices}});
        QCOMPARE(refused.status.code(), Status::Code::InvalidArgument);
        const QJsonArray errors = refused.result[u"errors"_s].toArray();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0)[u"line"_s].toInt(), 3);
        QCOMPARE(errors.at(0)[u"errors"_s][0][u"field"_s].toString(), u"attr.payment_due_date"_s);
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM contacts"_s).toInt(), 0);
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM attribute_definitions"_s).toInt(), 0);

        QString good = bad;
        good.replace(u"soon"_s, u"2026-12-01"_s);
        preview = ok(u"contacts.import"_s, {{u"csv"_s, good}});
        QCOMPARE(preview.result[u"attributes"_s][0][u"type"_s].toString(), u"date"_s);
        const QJsonObject personal{{u"monthly_premium_idr"_s, QJsonObject{{u"personal"_s, true}}}};
        QVERIFY(ok(u"contacts.import"_s,
                   {{u"csv"_s, good}, {u"commit"_s, true}, {u"attributes"_s, personal}})
                    .status.isOk());
        QCOMPARE(fx().scalarAny(u"SELECT type FROM attribute_definitions WHERE key = "
                                u"'payment_due_date'"_s)
                     .toString(),
                 u"date"_s);
        // The premium is personal: sealed, not in the readable JSON.
        QCOMPARE(fx().scalarAny(u"SELECT attributes FROM contacts WHERE display_name = 'Siti "
                                u"Rahma'"_s)
                     .toString(),
                 uR"({"payment_due_date":"2026-12-03"})"_s);
        QVERIFY(!fx().scalarAny(u"SELECT attributes_enc FROM contacts WHERE display_name = 'Siti "
                                u"Rahma'"_s)
                     .toByteArray()
                     .isEmpty());
        const QString csv = ok(u"contacts.export"_s).result[u"csv"_s].toString();
        QVERIFY2(csv.startsWith(u"id,name,phone,email,policy_number,date_of_birth,language,"
                                u"payment_due_date,monthly_premium_idr\r\n"_s),
                 qPrintable(csv));
        QVERIFY2(csv.contains(u",id,2026-12-03,1250000\r\n"_s), qPrintable(csv));
        // A customer read without revealing sees the personal value masked.
        const qint64 siti =
            fx().scalarAny(u"SELECT id FROM contacts WHERE display_name = 'Siti Rahma'"_s)
                .toLongLong();
        const QJsonObject shown = ok(u"contact.get"_s, {{u"id"_s, siti}})
                                      .result[u"contact"_s][u"attributes"_s]
                                      .toObject();
        QCOMPARE(shown[u"monthly_premium_idr"_s].toString(), u"••••"_s);
        QCOMPARE(shown[u"payment_due_date"_s].toString(), u"2026-12-03"_s);

        // The customer list filters the way rules select: due today or earlier → John only.
        const QJsonObject dueToday{{u"field"_s, u"attr.payment_due_date"_s},
                                   {u"op"_s, u"daysUntil"_s},
                                   {u"cmp"_s, u"lte"_s},
                                   {u"value"_s, 0}};
        const QJsonArray found =
            ok(u"contacts.list"_s, {{u"where"_s, dueToday}}).result[u"items"_s].toArray();
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.at(0)[u"displayName"_s].toString(), u"John Tan"_s);
        // Comparing a personal value is a way of reading it: not for a viewer.
        const Session viewer = fx().createOperatorAndLogin(u"viewer@example.com"_s, u"viewer"_s);
        const QJsonObject rich{
            {u"field"_s, u"attr.monthly_premium_idr"_s}, {u"op"_s, u"gt"_s}, {u"value"_s, 1000000}};
        QCOMPARE(fx().callWithToken(viewer.accessToken, u"contacts.list"_s, {{u"where"_s, rich}})
                     .status.code(),
                 Status::Code::PermissionDenied);
        QCOMPARE(ok(u"contacts.list"_s, {{u"where"_s, rich}}).result[u"items"_s].toArray().size(),
                 1);
        QCOMPARE(
            fx().callWithToken(viewer.accessToken, u"contacts.list"_s, {{u"where"_s, dueToday}})
                .result[u"items"_s]
                .toArray()
                .size(),
            1);
    }

    // Jobs that cannot succeed die with their reason and can be retried: a template that is
    // not approved; after it is, a retry sends it. A customer deleted before their job ran is
    // not written to.
    void deadJobsShowWhyAndCanBeRetried()
    {
        defineAttributes();
        QVERIFY(!reminderCustomers().contains(0));
        // Only Budi (WhatsApp, window closed) is due before the 30th.
        const QJsonObject rule = QJsonDocument::fromJson(R"({
            "name": "Overdue",
            "trigger": {"type": "schedule", "cron": "0 9 * * *", "timeZone": "Asia/Jakarta"},
            "conditions": {"all": [{"field": "attr.payment_due_date", "op": "lt", "value": "2026-11-30"}]},
            "actions": [{"type": "send_message", "text": "Overdue, {{contact.name}}",
                         "whatsappTemplate": {"name": "overdue_notice", "language": "en",
                                              "parameters": ["{{contact.name}}"]}}],
            "dedupeBy": "attr.payment_due_date"
        })")
                                     .object();
        const qint64 id =
            ok(u"automation.create"_s, {{u"definition"_s, rule}}).result[u"id"_s].toInteger();
        QVERIFY(id > 0);
        QVERIFY(ok(u"automation.runNow"_s, {{u"id"_s, id}}).status.isOk());
        QTRY_COMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM jobs WHERE state = 'dead'"_s).toInt(),
                     1);
        const QJsonObject dead =
            ok(u"jobs.list"_s, {{u"state"_s, u"dead"_s}}).result[u"jobs"_s][0].toObject();
        QVERIFY2(
            dead[u"lastError"_s].toString().contains(u"no approved template \"overdue_notice\""_s),
            qPrintable(dead[u"lastError"_s].toString()));
        QCOMPARE(dead[u"contactName"_s].toString(), u"Budi Santoso"_s);
        QCOMPARE(sends(), 0);
        // The template gets approved; the job is retried and goes out once.
        QVERIFY(ok(u"channel.configure"_s,
                   {{u"key"_s, u"whatsapp/templates"_s},
                    {u"value"_s,
                     uR"([{"name":"overdue_notice","language":"en","body":"Overdue, {{1}}"}])"_s}})
                    .status.isOk());
        QVERIFY(ok(u"jobs.retry"_s, {{u"id"_s, dead[u"id"_s].toInteger()}}).status.isOk());
        QTRY_COMPARE(whatsAppTo(u"6281300000003"_s).size(), 1);
        QCOMPARE(whatsAppTo(u"6281300000003"_s).first().body[u"template"_s][u"name"_s].toString(),
                 u"overdue_notice"_s);
        QTRY_COMPARE(fx().scalarAny(u"SELECT state FROM jobs"_s).toString(), u"done"_s);

        // A throttled run: Siti's job waits a minute; she is deleted meanwhile.
        QJsonObject soon = rule;
        soon[u"name"_s] = u"Soon"_s;
        soon[u"conditions"_s] =
            QJsonDocument::fromJson(
                R"({"field": "contact.name", "op": "in", "value": ["John Tan", "Siti Rahma"]})")
                .object();
        QJsonObject trigger = soon[u"trigger"_s].toObject();
        trigger[u"throttlePerMinute"_s] = 1;
        soon[u"trigger"_s] = trigger;
        soon.remove(u"dedupeBy"_s);
        const qint64 throttled =
            ok(u"automation.create"_s, {{u"definition"_s, soon}}).result[u"id"_s].toInteger();
        QVERIFY(ok(u"automation.runNow"_s, {{u"id"_s, throttled}}).status.isOk());
        QTRY_COMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM jobs WHERE rule_id = "_s +
                                    QString::number(throttled) + u" AND state = 'done'"_s)
                         .toInt(),
                     1);
        const qint64 waiting =
            fx().scalarAny(u"SELECT contact_id FROM jobs WHERE rule_id = "_s +
                           QString::number(throttled) + u" AND state = 'pending'"_s)
                .toLongLong();
        QVERIFY(waiting > 0);
        QVERIFY(fx().scalarAny(u"DELETE FROM contacts WHERE id = "_s + QString::number(waiting) +
                               u" RETURNING id"_s)
                    .isValid());
        Clock::startAt(nowMillis() + 61'000);
        QVERIFY(ok(u"jobs.retry"_s, {{u"id"_s, 999999}}).status.code() ==
                Status::Code::FailedPrecondition);
        QTRY_COMPARE_WITH_TIMEOUT(fx().scalarAny(u"SELECT state FROM jobs WHERE contact_id = "_s +
                                                 QString::number(waiting) + u" AND rule_id = "_s +
                                                 QString::number(throttled))
                                      .toString(),
                                  u"dead"_s, 15'000);
        QVERIFY(fx().scalarAny(u"SELECT last_error FROM jobs WHERE contact_id = "_s +
                               QString::number(waiting) + u" AND rule_id = "_s +
                               QString::number(throttled))
                    .toString()
                    .contains(u"deleted"_s));
    }

    // A customer merged into another while their reminder waits: it still goes to their chat
    // (now the kept customer's), once.
    void aJobOfAMergedCustomerStillReachesTheChat()
    {
        defineAttributes();
        QVERIFY(!reminderCustomers().contains(0));
        const QJsonObject rule = QJsonDocument::fromJson(R"({
            "name": "Two, a minute apart",
            "trigger": {"type": "schedule", "cron": "0 9 * * *", "timeZone": "Asia/Jakarta",
                        "throttlePerMinute": 1},
            "conditions": {"field": "contact.name", "op": "in", "value": ["Siti Rahma", "Ana Putri"]},
            "actions": [{"type": "send_message", "text": "Hello {{contact.name}}",
                         "whatsappTemplate": {"name": "payment_reminder", "language": "en",
                                              "parameters": ["{{contact.name}}", "x", "y"]}}]
        })")
                                     .object();
        const qint64 id =
            ok(u"automation.create"_s, {{u"definition"_s, rule}}).result[u"id"_s].toInteger();
        QVERIFY(ok(u"automation.runNow"_s, {{u"id"_s, id}}).status.isOk());
        QTRY_COMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(),
                     1);
        const qint64 waiting =
            fx().scalarAny(u"SELECT contact_id FROM jobs WHERE state = 'pending'"_s).toLongLong();
        QVERIFY(waiting > 0);
        const QString waitingName =
            fx().scalarAny(u"SELECT display_name FROM contacts WHERE id = "_s +
                           QString::number(waiting))
                .toString();
        const qint64 keeper = ok(u"contact.create"_s, {{u"displayName"_s, u"Keeper"_s}})
                                  .result[u"contact"_s][u"id"_s]
                                  .toInteger();
        QVERIFY(
            ok(u"contact.merge"_s, {{u"keepId"_s, keeper}, {u"mergeId"_s, waiting}}).status.isOk());
        Clock::startAt(nowMillis() + 61'000);
        QTRY_COMPARE_WITH_TIMEOUT(
            fx().scalarAny(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(), 2, 15'000);
        const qint64 user = waitingName == u"Siti Rahma"_s ? 7101 : 7104;
        QTRY_COMPARE(telegramTexts(user), QStringList{u"Hello "_s + waitingName});
    }

    // Event rules: a customer who writes "invoice" gets the conversation tagged and a note; two
    // rules that undo each other's status stop after a few rounds (logged), not forever.
    void eventRulesAndTheLoopGuard()
    {
        const QJsonObject billing = QJsonDocument::fromJson(R"({
            "name": "Billing questions",
            "trigger": {"type": "message.received"},
            "conditions": {"all": [{"field": "message.text", "op": "contains", "value": "invoice"}]},
            "actions": [{"type": "tag", "tag": "billing"},
                        {"type": "note", "text": "Asked about an invoice: {{message.text}}"},
                        {"type": "task", "title": "Send {{contact.name}} the invoice",
                         "dueInHours": 4}]
        })")
                                        .object();
        const qint64 billingRule =
            ok(u"automation.create"_s, {{u"definition"_s, billing}, {u"enabled"_s, true}})
                .result[u"id"_s]
                .toInteger();
        QVERIFY(billingRule > 0);
        const auto pingPong = [](const char *name, const char *from, const char *to) {
            return QJsonObject{
                {u"name"_s, QString::fromLatin1(name)},
                {u"trigger"_s, QJsonObject{{u"type"_s, u"conversation.statusChanged"_s}}},
                {u"conditions"_s, QJsonObject{{u"field"_s, u"conversation.status"_s},
                                              {u"op"_s, u"eq"_s},
                                              {u"value"_s, QString::fromLatin1(from)}}},
                {u"actions"_s, QJsonArray{QJsonObject{{u"type"_s, u"set_status"_s},
                                                      {u"status"_s, QString::fromLatin1(to)}}}}};
        };
        QVERIFY(
            ok(u"automation.create"_s,
               {{u"definition"_s, pingPong("Reopen", "resolved", "open")}, {u"enabled"_s, true}})
                .status.isOk());
        QVERIFY(
            ok(u"automation.create"_s,
               {{u"definition"_s, pingPong("Resolve", "open", "resolved")}, {u"enabled"_s, true}})
                .status.isOk());

        const HttpResult r = fx().request(
            "POST", u"/webhooks/telegram"_s,
            telegramTextUpdate(++m_update, 7301, u"Where is my invoice for November?"_s),
            {{"X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789"}});
        QCOMPARE(r.status, 200);
        QTRY_COMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM notes"_s).toInt(), 1);
        const qint64 conversation = fx().scalarAny(u"SELECT id FROM conversations"_s).toLongLong();
        // The tag (read, then set) may land after the note.
        QTRY_COMPARE(ok(u"conversation.notes"_s, {{u"conversationId"_s, conversation}})
                         .result[u"tags"_s]
                         .toArray(),
                     QJsonArray{u"billing"_s});
        const CommandResponse notes =
            ok(u"conversation.notes"_s, {{u"conversationId"_s, conversation}});
        QCOMPARE(notes.result[u"notes"_s][0][u"body"_s].toString(),
                 u"Asked about an invoice: Where is my invoice for November?"_s);
        // The follow-up task, due four hours after the rule ran, says which rule left it.
        QTRY_COMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM tasks"_s).toInt(), 1);
        const QJsonObject task = ok(u"tasks.list"_s, {{u"conversationId"_s, conversation}})
                                     .result[u"items"_s][0]
                                     .toObject();
        QCOMPARE(task[u"title"_s].toString(),
                 u"Send "_s + fx().scalarAny(u"SELECT display_name FROM contacts"_s).toString() +
                     u" the invoice"_s);
        QCOMPARE(task[u"createdBy"_s].toString(),
                 u"automation rule "_s + QString::number(billingRule));
        const qint64 dueIn = fromIsoString(task[u"dueAt"_s].toString()) - nowMillis();
        QVERIFY2(dueIn > 3 * 3'600'000 && dueIn <= 4 * 3'600'000,
                 qPrintable(QString::number(dueIn)));

        // An operator resolves: Reopen → open → Resolve → resolved → Reopen… until the guard.
        QVERIFY(
            ok(u"conversation.setStatus"_s, {{u"id"_s, conversation}, {u"status"_s, u"resolved"_s}})
                .status.isOk());
        QTRY_VERIFY(
            fx().request("GET", u"/metrics"_s).body.contains("aiochat_automation_loops_total 1"));
        const int actions =
            fx().scalarAny(u"SELECT COUNT(*) FROM jobs WHERE kind = 'set_status'"_s).toInt();
        QVERIFY2(actions >= 1 && actions <= 4, qPrintable(QString::number(actions)));
    }

    // A customer left waiting gets a person: conversation.idle hands off and notes it, once per
    // wait; a chat an operator verifies gets a welcome (contact.verified).
    void idleAndVerifiedTriggers()
    {
        const QJsonObject idle = QJsonDocument::fromJson(R"({
            "name": "Nobody answered",
            "trigger": {"type": "conversation.idle", "minutes": 5},
            "actions": [{"type": "handoff"}, {"type": "assign", "operatorId": 0},
                        {"type": "note", "text": "Waited 5 minutes without a reply"}]
        })")
                                     .object();
        QVERIFY(ok(u"automation.create"_s, {{u"definition"_s, idle}, {u"enabled"_s, true}})
                    .status.isOk());
        const QJsonObject welcome = QJsonDocument::fromJson(R"({
            "name": "Welcome verified",
            "trigger": {"type": "contact.verified"},
            "actions": [{"type": "send_message",
                         "text": {"en": "Thank you {{contact.name}}, you are verified."}}]
        })")
                                        .object();
        QVERIFY(ok(u"automation.create"_s, {{u"definition"_s, welcome}, {u"enabled"_s, true}})
                    .status.isOk());
        // Written now (the message's own date is when the wait starts).
        QJsonObject update =
            QJsonDocument::fromJson(telegramTextUpdate(++m_update, 7401, u"Hello?"_s)).object();
        QJsonObject message = update[u"message"_s].toObject();
        message[u"date"_s] = nowMillis() / 1000;
        update[u"message"_s] = message;
        const HttpResult r = fx().request(
            "POST", u"/webhooks/telegram"_s, QJsonDocument(update).toJson(QJsonDocument::Compact),
            {{"X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789"}});
        QCOMPARE(r.status, 200);
        QTRY_COMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM conversations"_s).toInt(), 1);
        QCOMPARE(fx().scalarAny(u"SELECT status FROM conversations"_s).toString(), u"open"_s);
        // Six minutes later (the check runs every 200 ms in this test): handed to a person.
        Clock::startAt(at(kNow) + 6 * 60'000);
        QTRY_COMPARE(fx().scalarAny(u"SELECT status FROM conversations"_s).toString(),
                     u"needs_attention"_s);
        QTRY_COMPARE(fx().scalarAny(u"SELECT handler FROM conversations"_s).toString(), u"human"_s);
        QTRY_COMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM notes"_s).toInt(), 1);
        // The same wait is one set of jobs, however often the check finds it.
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM jobs WHERE idempotency_key LIKE "
                                u"'%:idle%'"_s)
                     .toInt(),
                 3);

        // An operator verifies the chat as a customer: the welcome goes to that chat.
        const qint64 customer = ok(u"contact.create"_s, {{u"displayName"_s, u"Rina Wijaya"_s}})
                                    .result[u"contact"_s][u"id"_s]
                                    .toInteger();
        const qint64 identity =
            fx().scalarAny(u"SELECT identity_id FROM conversations"_s).toLongLong();
        QVERIFY(ok(u"identity.verify"_s, {{u"identityId"_s, identity}, {u"contactId"_s, customer}})
                    .status.isOk());
        QTRY_COMPARE(telegramTexts(7401),
                     QStringList{u"Thank you Rina Wijaya, you are verified."_s});
    }

    // A broadcast to a segment, throttled: it starts, shows its progress and can be cancelled;
    // what had not gone out stays unsent.
    void broadcastsAreThrottledAndCancellable()
    {
        defineAttributes();
        QVERIFY(!reminderCustomers().contains(0));
        const CommandResponse created =
            ok(u"broadcast.create"_s,
               {{u"name"_s, u"Office closed"_s},
                {u"throttlePerMinute"_s, 1},
                {u"conditions"_s,
                 QJsonDocument::fromJson(
                     R"({"field": "contact.platform", "op": "eq", "value": "telegram"})")
                     .object()},
                {u"actions"_s,
                 QJsonArray{QJsonObject{
                     {u"type"_s, u"send_message"_s},
                     {u"text"_s, QJsonObject{{u"en"_s, u"Our office is closed on Friday."_s},
                                             {u"id"_s, u"Kantor kami tutup hari Jumat."_s}}}}}}});
        QVERIFY(created.status.isOk());
        const qint64 id = created.result[u"id"_s].toInteger();
        // Siti first (Indonesian), Ana a minute later.
        QTRY_COMPARE(telegramTexts(7101), QStringList{u"Kantor kami tutup hari Jumat."_s});
        const QJsonObject progress =
            ok(u"broadcast.get"_s, {{u"id"_s, id}}).result[u"broadcast"_s].toObject();
        QCOMPARE(progress[u"run"_s][u"matched"_s].toInt(), 2);
        QCOMPARE(progress[u"run"_s][u"pending"_s].toInt(), 1);
        const CommandResponse cancelled = ok(u"broadcast.cancel"_s, {{u"id"_s, id}});
        QCOMPARE(cancelled.result[u"cancelled"_s].toInt(), 1);
        Clock::startAt(nowMillis() + 120'000);
        QCOMPARE(
            ok(u"broadcast.get"_s, {{u"id"_s, id}}).result[u"broadcast"_s][u"state"_s].toString(),
            u"cancelled"_s);
        QVERIFY(telegramTexts(7104).isEmpty());
        // WhatsApp customers outside their window need a template: refused without one.
        const CommandResponse refused = fx().call(
            u"broadcast.create"_s,
            {{u"name"_s, u"Everyone"_s},
             {u"actions"_s,
              QJsonArray{QJsonObject{{u"type"_s, u"send_message"_s}, {u"text"_s, u"Hi"_s}}}}});
        QCOMPARE(fieldsOf(refused), QStringList{u"actions[0].whatsappTemplate"_s});
    }

    // The platform refuses every reminder (the bot was blocked): the outbox retries with
    // backoff and marks each message failed with Telegram's reason; the run counts them as
    // failed and nothing else is lost.
    void aPlatformThatRefusesEveryReminder()
    {
        defineAttributes();
        QVERIFY(!reminderCustomers().contains(0));
        m_telegram->inject({u"sendMessage"_s,
                            {},
                            403,
                            u"Forbidden: bot was blocked by the user"_s,
                            {},
                            false,
                            100});
        const qint64 rule = builtinRule();
        QVERIFY(
            ok(u"automation.setEnabled"_s, {{u"id"_s, rule}, {u"enabled"_s, true}}).status.isOk());
        QVERIFY(ok(u"automation.runNow"_s, {{u"id"_s, rule}}).status.isOk());
        QTRY_COMPARE_WITH_TIMEOUT(
            fx().scalarAny(u"SELECT COUNT(*) FROM messages WHERE status = 'failed'"_s).toInt(), 1,
            20'000);
        QTRY_COMPARE(ok(u"automation.runs"_s, {{u"ruleId"_s, rule}})
                         .result[u"runs"_s][0][u"failed"_s]
                         .toInt(),
                     1);
        QTRY_COMPARE(whatsAppTo(u"6281300000002"_s).size(), 1); // the others still go out
        QTRY_COMPARE(whatsAppTo(u"6281300000003"_s).size(), 1);
    }

    // A process killed while its jobs were running: after the restart they are taken again
    // (their lease is this instance's), and each message's idempotency key finds the message
    // already queued — nobody gets a second reminder. (Free-text sends are queued in the same
    // commit that marks their job done, so a kill cannot split them at all.)
    void jobsInterruptedByAKillDoNotSendTwice()
    {
        defineAttributes();
        QVERIFY(!reminderCustomers().contains(0));
        const qint64 rule = builtinRule();
        QVERIFY(ok(u"automation.runNow"_s, {{u"id"_s, rule}}).status.isOk());
        QTRY_COMPARE(sends(), 3);
        QTRY_COMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(),
                     3);
        // The platforms' answers recorded too (a fake counts a send when it arrives, before the
        // outbox hears back; a stop in between is a resend by design — at least once).
        QTRY_COMPARE(
            fx().scalarAny(u"SELECT COUNT(*) FROM messages WHERE status = 'sent'"_s).toInt(), 3);
        m_fx.reset();
        // What a SIGKILL between "message queued" and "job recorded" leaves behind.
        {
            startHost();
            // The instance's own lease (as the killed process held it), not yet run out.
            const QString owner =
                QSysInfo::machineHostName() + u':' + QDir(fx().dataDir()).absolutePath();
            QVERIFY(fx().scalarAny(u"UPDATE jobs SET state = 'running', locked_by = '"_s + owner +
                                   u"', locked_until = "_s +
                                   QString::number(nowMillis() + 3'600'000) + u" RETURNING id"_s)
                        .isValid());
        }
        restartHost();
        QTRY_COMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(),
                     3);
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM messages WHERE direction = 'out'"_s).toInt(),
                 3);
        QCOMPARE(sends(), 3);
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
        QTRY_COMPARE(
            fx().scalarAny(u"SELECT COUNT(*) FROM messages WHERE status = 'sent'"_s).toInt(), 3);
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

    // Several instances on one PostgreSQL share the queue: while one instance's claim is still
    // open (its transaction not committed), another takes the other due jobs at once instead of
    // waiting for it or taking the same ones.
    void instancesShareTheQueueOnPostgres()
    {
        QFETCH_GLOBAL(QString, engine);
        if (engine != u"postgres"_s)
            QSKIP("SQLite has one writer: there is nothing to share");
        Storage &storage = *fx().host().storage();
        const PersonalDataCipher &cipher = storage.cipher();
        // Due in ten days: the running host's own dispatcher leaves them alone.
        const Millis later = nowMillis() + 10 * 86'400'000LL;
        std::vector<automation::PlannedJob> planned;
        for (int i = 0; i < 10; ++i)
            planned.push_back({u"note"_s, 0, 0, u"shared:"_s + QString::number(i), later,
                               QJsonObject{{u"text"_s, u"job "_s + QString::number(i)}}});
        const Status queued = storage.writer().run([&](QSqlDatabase &db) -> Status {
            return automation::JobStore(db, cipher).enqueue(planned, 0, 0).status();
        });
        QVERIFY2(queued.isOk(), qPrintable(queued.message()));

        const auto open = [this](const QString &name) {
            Result<QSqlDatabase> db = openConnection(m_db->config(), name, ConnectionRole::Writer);
            return db.isOk() ? db.value() : QSqlDatabase();
        };
        {
            QSqlDatabase a = open(u"instance-a"_s);
            QSqlDatabase b = open(u"instance-b"_s);
            QVERIFY(a.isOpen() && b.isOpen());
            // Were the rows locked for B to wait on, it would fail here instead of hanging.
            QVERIFY(QSqlQuery(b).exec(u"SET lock_timeout = '3s'"_s));
            QVERIFY(a.transaction());
            QVERIFY(b.transaction());
            const Millis due = later + 1;
            const auto first = automation::JobStore(a, cipher).claim(u"a"_s, due, 6, 60'000);
            QVERIFY2(first.isOk(), qPrintable(first.status().message()));
            const auto second = automation::JobStore(b, cipher).claim(u"b"_s, due, 6, 60'000);
            QVERIFY2(second.isOk(), qPrintable(second.status().message()));
            QCOMPARE(first->size(), 6);
            QCOMPARE(second->size(), 4);
            QSet<qint64> ids;
            for (const auto &job : first.value() + second.value())
                ids.insert(job.id);
            QCOMPARE(ids.size(), 10); // none twice
            QVERIFY(a.commit());
            QVERIFY(b.commit());
        }
        closeConnection(u"instance-a"_s);
        closeConnection(u"instance-b"_s);
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM jobs WHERE locked_by = 'a'"_s).toInt(), 6);
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM jobs WHERE locked_by = 'b'"_s).toInt(), 4);
    }
};

QTEST_GUILESS_MAIN(TestAutomation)
#include "tst_automation.moc"
