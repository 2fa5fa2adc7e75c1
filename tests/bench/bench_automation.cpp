// aiochat-bench-automation: the payment reminder on a store of 100,000 customers with
// attributes, 10,000 of them due within three days and reachable in a chat.
//
//   evaluate   automation.dryRun of the rule over every customer (facts read, personal
//              attributes opened, conditions checked, messages rendered) — target ≤ 2 s
//   queue      "run now" until the run has queued its 10,000 jobs — target ≤ 2 s
//   webhooks   Telegram updates posted at --rate per second meanwhile, acknowledgement latency
//              with and without the run (same load) — target p99 ≤ 20 ms added
//   dispatch   from the run queued until every job is handed to the outbox — target ≥ 2,000
//              jobs/s (the platforms' rate limits then govern the sending)
//
// Usage: aiochat-bench-automation [--contacts N] [--due N] [--rate R]
#include "benchstats.h"
#include "benchwebhookload.h"
#include "faketelegramserver.h"
#include "hostfixture.h"
#include "logging/logsetup.h"
#include "security/personaldatacipher.h"
#include "storage/connection.h"
#include "storage/identityrepository.h"
#include "storage/storage.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSqlQuery>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;
using aiochat::bench::waitFor;
using aiochat::bench::WebhookLoad;

namespace {

// Customers straight into the store (as an import would leave them), the due ones with a
// Telegram chat (a fake Bot API server on loopback receives what the outbox sends, at
// Telegram's pace).
Status writeCustomers(Storage &storage, int contacts, int due)
{
    const PersonalDataCipher &cipher = storage.cipher();
    const Millis now = nowMillis();
    const QDate today = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).date();
    constexpr int kChunk = 5000;
    for (int start = 0; start < contacts; start += kChunk) {
        const int end = std::min(start + kChunk, contacts);
        const Status s = storage.writer().run([&, start, end](QSqlDatabase &db) -> Status {
            QSqlQuery contact(db);
            QSqlQuery identity(db);
            QSqlQuery conversation(db);
            contact.prepare(
                u"INSERT INTO contacts (display_name, attributes, language, created_at, "
                u"updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id"_s);
            identity.prepare(u"INSERT INTO contact_identities (contact_id, platform, "
                             u"platform_user_enc, platform_user_bidx, display_name, created_at, "
                             u"last_seen_at) VALUES (?, 'telegram', ?, ?, ?, ?, ?) RETURNING id"_s);
            conversation.prepare(u"INSERT INTO conversations (contact_id, identity_id, platform, "
                                 u"last_message_at, last_inbound_at, created_at, updated_at) "
                                 u"VALUES (?, ?, 'telegram', ?, ?, ?, ?)"_s);
            for (int i = start; i < end; ++i) {
                // Every tenth customer (up to --due) pays within three days; the rest later.
                const bool isDue = i % 10 == 0 && i / 10 < due;
                const QDate payDay = today.addDays(isDue ? i % 4 : 10 + i % 40);
                const QJsonObject attributes{{u"payment_due_date"_s, payDay.toString(Qt::ISODate)},
                                             {u"monthly_premium_idr"_s, 250000 + (i % 40) * 50000}};
                const QString name = u"Customer "_s + QString::number(i);
                contact.addBindValue(name);
                contact.addBindValue(
                    QString::fromUtf8(QJsonDocument(attributes).toJson(QJsonDocument::Compact)));
                contact.addBindValue(i % 3 == 0 ? u"en"_s : u"id"_s);
                contact.addBindValue(now);
                contact.addBindValue(now);
                if (Status st = execute(contact, u"a customer"_s); !st.isOk())
                    return st;
                contact.next();
                const qint64 id = contact.value(0).toLongLong();
                contact.finish();
                if (!isDue)
                    continue;
                const QString uid = QString::number(900000000LL + i);
                // As IdentityRepository indexes them: scoped by platform.
                identity.addBindValue(id);
                identity.addBindValue(cipher.seal(PersonalField::PlatformUserId, uid));
                identity.addBindValue(
                    cipher.blindIndex(PersonalField::PlatformUserId,
                                      IdentityRepository::scopedId(Platform::Telegram, uid)));
                identity.addBindValue(name);
                identity.addBindValue(now);
                identity.addBindValue(now);
                if (Status st = execute(identity, u"a chat"_s); !st.isOk())
                    return st;
                identity.next();
                const qint64 identityId = identity.value(0).toLongLong();
                identity.finish();
                for (const QVariant &v : QVariantList{id, identityId, now, now, now, now})
                    conversation.addBindValue(v);
                if (Status st = execute(conversation, u"a conversation"_s); !st.isOk())
                    return st;
            }
            return Status::ok();
        });
        if (!s.isOk())
            return s;
    }
    return Status::ok();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{u"contacts"_s, u"customers in the store"_s, u"n"_s, u"100000"_s},
         {u"due"_s, u"customers due within three days"_s, u"n"_s, u"10000"_s},
         {u"rate"_s, u"webhook updates per second meanwhile"_s, u"r"_s, u"200"_s},
         {u"unlimited"_s, u"lift the platforms' sending limits too: the outbox sends all it is "
                          u"given at once, competing with the dispatch"_s}});
    parser.addHelpOption();
    parser.process(app);
    (void)initLogging({QString(), u"error"_s, true});
    const int contacts = parser.value(u"contacts"_s).toInt();
    const int due = std::min(parser.value(u"due"_s).toInt(), contacts / 10);
    const int rate = parser.value(u"rate"_s).toInt();

    const QString token = u"123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"_s;
    FakeTelegramServer telegram(token);
    if (!telegram.listen())
        return 1;
    QMap<QString, QString> env = channelSecrets();
    env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, token);
    env.insert(u"AIOCHAT_TELEGRAM_API_BASE"_s, telegram.apiBase());
    const bool unlimited = parser.isSet(u"unlimited"_s);
    HostFixture fx(env, {},
                   {{u"automation/timeZone"_s, u"UTC"_s}, {u"ratelimits/enabled"_s, !unlimited}});
    if (Status s = fx.start(); !s.isOk()) {
        std::fprintf(stderr, "start: %s\n", qPrintable(s.message()));
        return 1;
    }
    QElapsedTimer setup;
    setup.start();
    if (Status s = writeCustomers(*fx.host().storage(), contacts, due); !s.isOk()) {
        std::fprintf(stderr, "store: %s\n", qPrintable(s.message()));
        return 1;
    }
    for (const auto &[key, type] : {std::pair{u"payment_due_date"_s, u"date"_s},
                                    std::pair{u"monthly_premium_idr"_s, u"number"_s}})
        (void)fx.call(u"attributes.define"_s, {{u"key"_s, key}, {u"type"_s, type}});
    QJsonObject rule = QJsonDocument::fromJson(R"json({
        "name": "Payment due (bench)",
        "trigger": {"type": "schedule", "cron": "0 9 * * *", "timeZone": "UTC"},
        "conditions": {"all": [
            {"field": "attr.payment_due_date", "op": "daysUntil", "cmp": "lte", "value": 3},
            {"field": "contact.platform", "op": "eq", "value": "telegram"}]},
        "actions": [{"type": "send_message", "text": {
            "en": "Hello {{contact.name}}, your premium of {{attr.monthly_premium_idr | money}} is due on {{attr.payment_due_date | date}}.",
            "id": "Halo {{contact.name}}, premi Anda sebesar {{attr.monthly_premium_idr | money}} jatuh tempo pada {{attr.payment_due_date | date}}."}}],
        "dedupeBy": "attr.payment_due_date"
})json")
                           .object();
    const CommandResponse created = fx.call(u"automation.create"_s, {{u"definition"_s, rule}});
    const qint64 ruleId = created.result[u"id"_s].toInteger();
    if (!ruleId) {
        std::fprintf(stderr, "rule: %s\n", qPrintable(created.status.message()));
        return 1;
    }
    std::printf("aiochat-bench-automation: %d customers, %d due and reachable (store written in "
                "%.1f s), webhook load %d/s\n",
                contacts, due, double(setup.elapsed()) / 1000, rate);

    // 1. Evaluating the rule over every customer.
    QList<double> evaluations;
    int matched = 0;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer t;
        t.start();
        const CommandResponse dry =
            fx.call(u"automation.dryRun"_s, {{u"ruleId"_s, ruleId}, {u"limit"_s, 20}});
        evaluations.append(double(t.nsecsElapsed()) / 1e6);
        matched = dry.result[u"matched"_s].toInt();
    }
    const bench::Percentiles eval = bench::percentiles(evaluations);
    std::printf("  evaluate the rule (dry run, %d matched)       median %8.0f ms  max %8.0f ms   "
                "target ≤ 2000 ms\n",
                matched, eval.p50, eval.max);

    // 2. Baseline: webhook acknowledgements with nothing else going on.
    WebhookLoad load(fx, rate);
    load.start();
    QEventLoop idle;
    QTimer::singleShot(3000, &idle, &QEventLoop::quit);
    idle.exec();
    const bench::Percentiles baseline = bench::percentiles(load.stop());

    // 3. The run, under the same load: queued, then dispatched into the outbox.
    qint64 runId = 0;
    int queued = -1;
    int dispatched = 0;
    QElapsedTimer sinceQueued;
    QObject::connect(fx.host().consoleApi(), &ConsoleApi::event, &app,
                     [&](const QString &name, const QJsonObject &payload) {
                         if (name == u"automation.run"_s &&
                             payload.value(u"runId"_s).toInteger() == runId) {
                             queued = payload.value(u"queued"_s).toInt();
                             sinceQueued.start();
                         } else if (name == u"jobs.updated"_s) {
                             dispatched += payload.value(u"count"_s).toInt();
                         }
                     });
    load.start();
    QElapsedTimer run;
    run.start();
    runId = fx.call(u"automation.runNow"_s, {{u"id"_s, ruleId}}).result[u"runId"_s].toInteger();
    if (!waitFor([&] { return queued >= 0; }, 120'000)) {
        std::fprintf(stderr, "the run did not finish\n");
        return 1;
    }
    const double queueMs = double(run.nsecsElapsed()) / 1e6;
    const QList<double> whileQueueing = load.take();
    if (!waitFor([&] { return dispatched >= queued; }, 300'000)) {
        std::fprintf(stderr, "dispatch stalled at %d of %d\n", dispatched, queued);
        return 1;
    }
    const double dispatchMs = double(sinceQueued.nsecsElapsed()) / 1e6;
    const QList<double> whileDispatching = load.stop();
    const bench::Percentiles during = bench::percentiles(whileQueueing + whileDispatching);
    std::printf("  run now → %d jobs queued                       %8.0f ms                     "
                "target ≤ 2000 ms\n",
                queued, queueMs);
    std::printf("  jobs dispatched into the outbox                 %8.0f jobs/s (%d in %.0f ms)   "
                "target ≥ 2000 jobs/s\n",
                double(queued) / (dispatchMs / 1000), queued, dispatchMs);
    bench::printRow("webhook ack, baseline", baseline, "");
    bench::printRow("webhook ack, while the run queues its jobs", bench::percentiles(whileQueueing),
                    "");
    bench::printRow("webhook ack, while the jobs are dispatched",
                    bench::percentiles(whileDispatching), "");
    bench::printRow("webhook ack, during the run and dispatch", during, "p99 ≤ baseline + 20 ms");
    const auto [rss, hwm] = bench::rssMiB();
    std::printf("  memory                                          RSS %.0f MiB, peak %.0f MiB\n",
                rss, hwm);
    return 0;
}
