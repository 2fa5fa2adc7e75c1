// aiochat-bench-inbound: webhook throughput of a headless aiochat, measured with wrk on the same
// machine, against a bare responder (the same HTTP server answering 200 without the journal) in
// the same run, so the cost of durability is a visible ratio.
//
//   aiochat-bench-inbound [--duration S] [--connections C] [--million] [--wrk PATH]
//   aiochat-bench-inbound --bare-responder PORT        (used by the benchmark itself)
//
// Reported: acknowledged requests/s and latency percentiles for Telegram updates (process-kill
// durability and power-loss durability), signed WhatsApp batches (messages/s), the journal
// rows counted afterwards against wrk's 2xx count, processing (journal → CRM) throughput, and
// with --million the RSS after 1,000,000 updates.
#include "benchwrk.h"
#include "http/httpserver.h"
#include "security/crypto.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::bench;

namespace {

const QByteArray kTelegramSecret = "bench-secret-0123456789";
const QByteArray kWhatsAppSecret = "bench-app-secret-abcdef";
constexpr int kBatch = 5; // messages per WhatsApp request

QByteArray whatsAppScript(const QString &file)
{
    return QByteArray(R"LUA(
local reqs = {}
local idx = 0
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  local t = tonumber(tid) or 0
  local n = 0
  for line in io.lines(")LUA") +
           file.toUtf8() + R"LUA(") do
    if n % 2 == t then
      local tab = line:find("\t")
      reqs[#reqs + 1] = wrk.format("POST", "/webhooks/whatsapp", {["Content-Type"]="application/json",
        ["X-Hub-Signature-256"]="sha256=" .. line:sub(1, tab - 1)}, line:sub(tab + 1))
    end
    n = n + 1
  end
end
function request()
  idx = idx + 1
  if idx > #reqs then idx = 1 end
  return reqs[idx]
end
)LUA" + kDone;
}

// Signed WhatsApp notifications, each a batch of kBatch unique messages, as "signature\tbody".
void writeWhatsAppRequests(const QString &path, int count)
{
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    for (int i = 0; i < count; ++i) {
        QJsonArray messages;
        QJsonArray contacts;
        for (int k = 0; k < kBatch; ++k) {
            const QString from = u"62812"_s + QString::number(100000 + (i * kBatch + k) % 5000);
            contacts.append(QJsonObject{
                {u"profile"_s, QJsonObject{{u"name"_s, u"Pelanggan "_s + from.right(4)}}},
                {u"wa_id"_s, from}});
            messages.append(QJsonObject{
                {u"from"_s, from},
                {u"id"_s, u"wamid.bench."_s + QString::number(i) + u'.' + QString::number(k)},
                {u"timestamp"_s, u"1767225600"_s},
                {u"type"_s, u"text"_s},
                {u"text"_s, QJsonObject{{u"body"_s, u"Kapan jatuh tempo premi saya?"_s}}}});
        }
        const QJsonObject value{
            {u"messaging_product"_s, u"whatsapp"_s},
            {u"metadata"_s, QJsonObject{{u"display_phone_number"_s, u"15550783881"_s},
                                        {u"phone_number_id"_s, u"106540352242922"_s}}},
            {u"contacts"_s, contacts},
            {u"messages"_s, messages}};
        const QByteArray body =
            QJsonDocument(
                QJsonObject{{u"object"_s, u"whatsapp_business_account"_s},
                            {u"entry"_s,
                             QJsonArray{QJsonObject{
                                 {u"id"_s, u"102290129340398"_s},
                                 {u"changes"_s, QJsonArray{QJsonObject{{u"field"_s, u"messages"_s},
                                                                       {u"value"_s, value}}}}}}}})
                .toJson(QJsonDocument::Compact);
        f.write(crypto::hmacSha256(kWhatsAppSecret, body).toHex() + '\t' + body + '\n');
    }
}

qint64 scalar(const QString &dbPath, const QString &sql)
{
    const QString name = u"bench-"_s + QString::number(quintptr(&dbPath));
    qint64 v = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(dbPath);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                v = q.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return v;
}

void printRun(const char *what, const WrkResult &r, double perRequest = 1)
{
    std::printf("  %-46s %9.0f /s   p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%lld "
                "ok, %lld non-2xx, %lld socket errors)\n",
                what, r.rate() * perRequest, r.p50, r.p90, r.p99, r.max, r.ok(), r.non2xx,
                r.socketErrors);
}

int bareResponder(quint16 port)
{
    // The baseline: the same listener, routes and limits, answering 200 without any work.
    HttpServer server;
    server.addRoute(
        "POST", "/webhooks/telegram", 1024 * 1024,
        [](const HttpRequest &, const HttpResponder &r) { r.send(HttpResponse::empty(200)); });
    server.addRoute(
        "POST", "/webhooks/whatsapp", 4 * 1024 * 1024,
        [](const HttpRequest &, const HttpResponder &r) { r.send(HttpResponse::empty(200)); });
    if (!server.listen(QHostAddress::LocalHost, port).isOk())
        return 1;
    std::printf("bare responder ready\n");
    std::fflush(stdout);
    std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress shows up as it happens, even in a pipe
    QCommandLineParser parser;
    parser.addOptions(
        {{u"duration"_s, u"Seconds per measured run."_s, u"S"_s, u"15"_s},
         {u"connections"_s, u"Concurrent connections."_s, u"C"_s, u"64"_s},
         {u"million"_s, u"Also run to 1,000,000 updates and report RSS."_s},
         {u"wrk"_s, u"The wrk binary."_s, u"PATH"_s, u"wrk"_s},
         {u"bare-responder"_s, u"Internal: run the baseline responder on PORT."_s, u"PORT"_s}});
    parser.addHelpOption();
    parser.process(app);
    if (parser.isSet(u"bare-responder"_s))
        return bareResponder(quint16(parser.value(u"bare-responder"_s).toUInt()));

    const int seconds = parser.value(u"duration"_s).toInt();
    const int connections = parser.value(u"connections"_s).toInt();
    const QString wrk = parser.value(u"wrk"_s);
    const QString aiochat = QCoreApplication::applicationDirPath() + u"/aiochat"_s;
    QTemporaryDir work;
    const QString tgScript = work.filePath(u"telegram.lua"_s);
    {
        QFile f(tgScript);
        f.open(QIODevice::WriteOnly);
        f.write(telegramScript(1, kTelegramSecret));
    }
    const QString waData = work.filePath(u"whatsapp-requests.txt"_s);
    const QString waScript = work.filePath(u"whatsapp.lua"_s);
    // Enough unique batches that wrk never replays one (a replay is deduplicated, not stored).
    writeWhatsAppRequests(waData, 26000 * seconds);
    {
        QFile f(waScript);
        f.open(QIODevice::WriteOnly);
        f.write(whatsAppScript(waData));
    }

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"AIOCHAT_SECRETS"_s, u"file"_s);
    env.insert(u"AIOCHAT_TELEGRAM_WEBHOOK_SECRET"_s, QString::fromLatin1(kTelegramSecret));
    env.insert(u"AIOCHAT_WHATSAPP_APP_SECRET"_s, QString::fromLatin1(kWhatsAppSecret));
    env.insert(u"AIOCHAT_WHATSAPP_VERIFY_TOKEN"_s, u"bench"_s);
    env.remove(u"DISPLAY"_s);
    env.remove(u"QT_QPA_PLATFORM"_s);

    std::printf("AIO-CHAT inbound benchmark — wrk -t2 -c%d, %d s per run, %d-core machine, load "
                "generator on the same machine\n\n",
                connections, seconds, QThread::idealThreadCount());

    // Baseline.
    Server bare;
    bare.port = freePort();
    bare.process.start(QCoreApplication::applicationFilePath(),
                       {u"--bare-responder"_s, QString::number(bare.port)});
    if (!bare.process.waitForReadyRead(5000))
        return 1;
    const WrkResult baseline = runWrk(wrk, tgScript, bare.port, connections, seconds);
    bare.stop();
    printRun("bare responder (HTTP only, no journal)", baseline);

    // The listener's rate limit would (rightly) stop one address sending this much: these runs
    // measure the pipeline, so the webhook limit is off unless a run says otherwise.
    const QByteArray noLimit = "[listener]\nrateLimit\\webhook=off\n";
    auto runAiochat = [&](const char *label, const QString &script, const QByteArray &ini,
                          double perRequest, bool waitForProcessing, const QString &platform) {
        QTemporaryDir dataDir;
        {
            QFile file(dataDir.filePath(u"aiochat.ini"_s));
            file.open(QIODevice::WriteOnly);
            file.write(ini);
        }
        Server server;
        if (!server.start(
                aiochat,
                {u"--headless"_s, u"--data-dir"_s, dataDir.path(), u"--log-level"_s, u"warning"_s},
                env)) {
            std::fprintf(stderr, "aiochat did not start\n");
            std::exit(1);
        }
        QElapsedTimer loadTimer;
        loadTimer.start();
        const WrkResult r = runWrk(wrk, script, server.port, connections, seconds);
        printRun(label, r, perRequest);
        const QString db = dataDir.filePath(u"aiochat.db"_s);
        if (waitForProcessing) {
            while (scalar(db, u"SELECT COUNT(*) FROM inbound_journal WHERE state = 'pending'"_s) >
                   0)
                QThread::msleep(200);
            const double total = loadTimer.nsecsElapsed() / 1e9;
            const qint64 messages = scalar(db, u"SELECT COUNT(*) FROM messages"_s);
            std::printf(
                "  %-46s %9.0f /s   (%lld messages in the CRM %.1f s after the load started)\n",
                "  processing: journal → conversations", double(messages) / total, messages, total);
        }
        const double rss = rssMiB(server.process.processId(), "VmRSS:");
        const double hwm = rssMiB(server.process.processId(), "VmHWM:");
        server.stop();
        const qint64 rows = scalar(
            db, u"SELECT COUNT(*) FROM inbound_journal WHERE platform = '"_s + platform + u"'"_s);
        std::printf("  %-46s %lld journal rows for %lld acknowledged requests: %s;  RSS %.0f MiB "
                    "(peak %.0f MiB)\n",
                    "  stored after stop", rows, r.ok(),
                    rows >= r.ok() ? "none lost" : "LOST UPDATES", rss, hwm);
        return r;
    };

    const WrkResult tg = runAiochat("aiochat: Telegram updates (process durability)", tgScript,
                                    noLimit, 1, true, u"telegram"_s);
    std::printf("  %-46s %9.2f × the bare responder's rate\n\n", "  overhead ratio",
                baseline.rate() / std::max(1.0, tg.rate()));
    runAiochat("aiochat: Telegram updates (power-loss durability)", tgScript,
               noLimit + "[storage]\ndurability=power-loss\n", 1, false, u"telegram"_s);
    std::printf("\n");
    runAiochat("aiochat: WhatsApp signed batches (messages/s)", waScript, noLimit, kBatch, false,
               u"whatsapp"_s);

    // The listener guard's cost: every request checked against a per-IP token bucket (set high
    // enough never to refuse) and the Telegram allow-list (loopback added so the load passes).
    std::printf("\nlistener guard (rate limits and allow-lists), same load:\n");
    const WrkResult off =
        runAiochat("aiochat: Telegram updates, guard off", tgScript,
                   "[listener]\nrateLimit\\webhook=off\n", 1, false, u"telegram"_s);
    const WrkResult on =
        runAiochat("aiochat: Telegram updates, guard on", tgScript,
                   "[listener]\nrateLimit\\webhook=1000000000/60\nrateLimit\\api=100/900\n"
                   "allow\\telegram=\"telegram, 127.0.0.0/8\"\nallow\\whatsapp=\"127.0.0.0/8\"\n",
                   1, false, u"telegram"_s);
    std::printf("  %-46s %+8.1f %%   (target: no more than -10 %%)\n", "  throughput change",
                100.0 * (on.rate() - off.rate()) / std::max(1.0, off.rate()));

    if (parser.isSet(u"million"_s)) {
        std::printf("\n1,000,000 updates:\n");
        QTemporaryDir dataDir;
        {
            QFile file(dataDir.filePath(u"aiochat.ini"_s));
            file.open(QIODevice::WriteOnly);
            file.write(noLimit);
        }
        Server server;
        server.start(
            aiochat,
            {u"--headless"_s, u"--data-dir"_s, dataDir.path(), u"--log-level"_s, u"warning"_s},
            env);
        qint64 acked = 0;
        int round = 0;
        while (acked < 1'000'000) {
            const QString script =
                work.filePath(u"telegram-"_s + QString::number(round) + u".lua"_s);
            QFile f(script);
            f.open(QIODevice::WriteOnly);
            f.write(telegramScript(qint64(round + 2) * 100'000'000'000LL, kTelegramSecret));
            f.close();
            const WrkResult r = runWrk(wrk, script, server.port, connections, 20);
            acked += r.ok();
            ++round;
            std::printf("  %lld acknowledged so far (%.0f /s, p99 %.2f ms), RSS %.0f MiB\n", acked,
                        r.rate(), r.p99, rssMiB(server.process.processId(), "VmRSS:"));
            std::fflush(stdout);
        }
        const double rss = rssMiB(server.process.processId(), "VmRSS:");
        const double hwm = rssMiB(server.process.processId(), "VmHWM:");
        server.stop();
        const qint64 rows =
            scalar(dataDir.filePath(u"aiochat.db"_s), u"SELECT COUNT(*) FROM inbound_journal"_s);
        std::printf("  RSS after %lld updates: %.0f MiB (peak %.0f MiB), target ≤ 150 MiB; %lld "
                    "journal rows: %s\n",
                    acked, rss, hwm, rows, rows >= acked ? "none lost" : "LOST UPDATES");
    }
    return 0;
}
