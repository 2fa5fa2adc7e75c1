// aiochat-bench-cluster: two headless instances on one PostgreSQL database against one, in the
// same run — acknowledged webhook throughput (wrk on the same machine) and sends through both
// instances counted at a fake Telegram for duplicates, also with one instance SIGKILLed while
// its sends are queued.
//
//   aiochat-bench-cluster [--duration S] [--connections C] [--sends N] [--wrk PATH]
//
// Needs a PostgreSQL server: AIOCHAT_TEST_PG_URL (as the tests; a scratch database per run).
// On a small machine the instances, the server and wrk share the cores: the ratio says what a
// second instance adds there, not what it adds on its own machine.
#include "benchwrk.h"
#include "faketelegramserver.h"
#include "testsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::bench;

namespace {

const QByteArray kTelegramSecret = "bench-secret-0123456789";
const QString kBotToken = u"123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"_s;
const QString kPassword = u"correct horse 42"_s;
// The webhook limit and platform pacing are off: the runs measure the instances, not the
// guard or Telegram's rules.
const QByteArray kIni = "[listener]\nrateLimit\\webhook=off\nrateLimit\\api=1000000/60\n"
                        "[ratelimits]\nenabled=false\n[assistant]\nenabled=off\n";

/** @brief An instance's data directory: settings, and the keys the first one made. */
std::unique_ptr<QTemporaryDir> dataDir(const QString &secretsFrom = {})
{
    auto dir = std::make_unique<QTemporaryDir>();
    QFile ini(dir->filePath(u"aiochat.ini"_s));
    if (ini.open(QIODevice::WriteOnly))
        ini.write(kIni);
    if (!secretsFrom.isEmpty()) {
        QFile::copy(QDir(secretsFrom).filePath(u"secrets.json"_s),
                    dir->filePath(u"secrets.json"_s));
        QFile::setPermissions(dir->filePath(u"secrets.json"_s),
                              QFile::ReadOwner | QFile::WriteOwner);
    }
    return dir;
}

bool startInstance(Server &server, const QString &dir, const QString &url,
                   const QProcessEnvironment &env)
{
    return server.start(QCoreApplication::applicationDirPath() + u"/aiochat"_s,
                        {u"--headless"_s, u"--data-dir"_s, dir, u"--log-level"_s, u"warning"_s,
                         u"--database"_s, url},
                        env);
}

/** @brief wrk against each port at once (connections shared out); the combined result. */
WrkResult loadAll(const QString &wrk, const QStringList &scripts, const QList<quint16> &ports,
                  int connections, int seconds)
{
    QList<WrkResult> results(ports.size());
    QList<QThread *> threads;
    for (qsizetype i = 0; i < ports.size(); ++i) {
        threads.append(QThread::create([&, i] {
            results[i] = runWrk(wrk, scripts.at(i), ports.at(i),
                                std::max(1, connections / int(ports.size())), seconds);
        }));
        threads.last()->start();
    }
    WrkResult total;
    for (qsizetype i = 0; i < threads.size(); ++i) {
        threads.at(i)->wait();
        delete threads.at(i);
        total.requests += results.at(i).requests;
        total.non2xx += results.at(i).non2xx;
        total.socketErrors += results.at(i).socketErrors;
        total.seconds = std::max(total.seconds, results.at(i).seconds);
        total.p50 = std::max(total.p50, results.at(i).p50);
        total.p90 = std::max(total.p90, results.at(i).p90);
        total.p99 = std::max(total.p99, results.at(i).p99);
        total.max = std::max(total.max, results.at(i).max);
    }
    return total;
}

QJsonObject call(QNetworkAccessManager &net, quint16 port, const QString &token,
                 const QString &name, const QJsonObject &params, int *status = nullptr)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/api/v1/commands/%2"_s.arg(port).arg(name)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    QNetworkReply *reply = net.post(request, QJsonDocument(params).toJson());
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 30000))
        reply->abort();
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject out = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return out;
}

void printLoad(const char *what, const WrkResult &r, qint64 journal)
{
    std::printf("  %-40s %8.0f /s  p50 %6.2f  p99 %7.2f  max %7.2f ms  (%lld acknowledged, %lld "
                "journal rows: %s)\n",
                what, r.rate(), r.p50, r.p99, r.max, r.ok(), journal,
                journal >= r.ok() ? "none lost" : "LOST UPDATES");
}

struct SendFigures
{
    int accepted = 0;
    int delivered = 0;
    int duplicates = 0;
    double seconds = 0;
};

/**
 * @brief @p count message.send calls spread over both instances and @p chats conversations, 32
 * at a time; with @p killB the second instance is SIGKILLed once half are accepted. Waits until
 * every accepted message reached the fake, then counts texts that arrived more than once.
 */
SendFigures sendThroughBoth(test::FakeTelegramServer &telegram, const QList<quint16> &ports,
                            const QString &token, const QList<qint64> &conversations, int count,
                            const QString &tag, Server *killB)
{
    QNetworkAccessManager net;
    SendFigures f;
    QSet<QString> accepted;
    int next = 0;
    int inFlight = 0;
    bool killed = false;
    QElapsedTimer timer;
    timer.start();
    const qsizetype before = telegram.sentMessages().size();
    std::function<void()> pump = [&] {
        while (inFlight < 32 && next < count) {
            const int i = next++;
            const bool viaB = i % 2 && !killed;
            const QString text = u"%1 %2"_s.arg(tag).arg(i);
            QNetworkRequest request(QUrl(
                u"http://127.0.0.1:%1/api/v1/commands/message.send"_s.arg(ports.at(viaB ? 1 : 0))));
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
            QNetworkReply *reply = net.post(
                request, QJsonDocument(QJsonObject{{u"conversationId"_s,
                                                    conversations.at(i % conversations.size())},
                                                   {u"text"_s, text}})
                             .toJson());
            ++inFlight;
            QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, text] {
                --inFlight;
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
                    accepted.insert(text);
                reply->deleteLater();
                if (killB && !killed && accepted.size() >= count / 2) {
                    killed = true;
                    ::kill(pid_t(killB->process.processId()), SIGKILL);
                }
                pump();
            });
        }
    };
    pump();
    (void)QTest::qWaitFor([&] { return next >= count && inFlight == 0; }, 300000);
    (void)QTest::qWaitFor(
        [&] {
            QSet<QString> seen;
            for (qsizetype i = before; i < telegram.sentMessages().size(); ++i)
                seen.insert(telegram.sentMessages().at(i).params.value(u"text"_s).toString());
            return seen.contains(accepted);
        },
        300000);
    f.seconds = timer.nsecsElapsed() / 1e9;
    QHash<QString, int> times;
    const QList<test::FakeTelegramServer::Call> sent = telegram.sentMessages();
    for (qsizetype i = before; i < sent.size(); ++i)
        ++times[sent.at(i).params.value(u"text"_s).toString()];
    f.accepted = int(accepted.size());
    for (auto it = times.cbegin(); it != times.cend(); ++it) {
        ++f.delivered;
        f.duplicates += it.value() - 1;
    }
    return f;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QCommandLineParser parser;
    parser.addOptions({{u"duration"_s, u"Seconds per load run."_s, u"S"_s, u"15"_s},
                       {u"connections"_s, u"Concurrent connections in all."_s, u"C"_s, u"64"_s},
                       {u"sends"_s, u"Messages sent through the instances."_s, u"N"_s, u"1000"_s},
                       {u"wrk"_s, u"The wrk binary."_s, u"PATH"_s, u"wrk"_s}});
    parser.addHelpOption();
    parser.process(app);
    const int seconds = parser.value(u"duration"_s).toInt();
    const int connections = parser.value(u"connections"_s).toInt();
    const int sends = parser.value(u"sends"_s).toInt();
    const QString wrk = parser.value(u"wrk"_s);

    test::FakeTelegramServer telegram(kBotToken);
    if (!telegram.listen())
        return 1;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"AIOCHAT_SECRETS"_s, u"file"_s);
    env.insert(u"AIOCHAT_TELEGRAM_WEBHOOK_SECRET"_s, QString::fromLatin1(kTelegramSecret));
    env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, kBotToken);
    env.insert(u"AIOCHAT_TELEGRAM_API_BASE"_s, telegram.apiBase());
    env.remove(u"DISPLAY"_s);
    env.remove(u"QT_QPA_PLATFORM"_s);

    QTemporaryDir work;
    QStringList scripts;
    for (qint64 offset : {qint64(1), qint64(500'000'000'000)}) {
        scripts.append(work.filePath(u"telegram-%1.lua"_s.arg(offset)));
        QFile f(scripts.last());
        if (!f.open(QIODevice::WriteOnly))
            return 1;
        f.write(telegramScript(offset, kTelegramSecret));
    }

    std::printf("AIO-CHAT on one PostgreSQL database: one instance vs two — wrk -t2, %d "
                "connections in all, %d s per run, %d-core machine (instances, server and load "
                "share it)\n\n",
                connections, seconds, QThread::idealThreadCount());

    // One instance.
    test::ScratchDatabase single(Engine::Postgres);
    if (!single.isValid()) {
        std::fprintf(stderr, "%s\n", qPrintable(single.why()));
        return 1;
    }
    const auto oneDir = dataDir();
    Server one;
    if (!startInstance(one, oneDir->path(), single.url(), env)) {
        std::fprintf(stderr, "the instance did not start\n");
        return 1;
    }
    const WrkResult alone = loadAll(wrk, {scripts.at(0)}, {one.port}, connections, seconds);
    one.stop();
    printLoad("one instance", alone,
              test::postgresScalar(single.url(), u"SELECT COUNT(*) FROM inbound_journal"_s));

    // Two instances.
    test::ScratchDatabase shared(Engine::Postgres);
    const auto aDir = dataDir();
    Server a;
    if (!startInstance(a, aDir->path(), shared.url(), env))
        return 1;
    const auto bDir = dataDir(aDir->path());
    Server b;
    if (!startInstance(b, bDir->path(), shared.url(), env))
        return 1;
    const WrkResult both = loadAll(wrk, scripts, {a.port, b.port}, connections, seconds);
    printLoad("two instances (load split)", both,
              test::postgresScalar(shared.url(), u"SELECT COUNT(*) FROM inbound_journal"_s));
    std::printf("  %-40s %8.2f ×\n", "two / one", both.rate() / std::max(1.0, alone.rate()));
    QElapsedTimer drain;
    drain.start();
    while (test::postgresScalar(
               shared.url(), u"SELECT COUNT(*) FROM inbound_journal WHERE state = 'pending'"_s) > 0)
        QThread::msleep(200);
    std::printf("  %-40s %lld messages, backlog processed %.1f s after the load\n\n", "in the CRM",
                test::postgresScalar(shared.url(), u"SELECT COUNT(*) FROM messages"_s),
                drain.nsecsElapsed() / 1e9);

    // Sends through both.
    QNetworkAccessManager net;
    const QJsonObject admin =
        call(net, a.port, {}, u"auth.setupAdmin"_s,
             {{u"email"_s, u"admin@example.com"_s}, {u"password"_s, kPassword}});
    const QString token = admin.value(u"result"_s).toObject().value(u"accessToken"_s).toString();
    int status = 0;
    (void)QTest::qWaitFor(
        [&] {
            call(net, b.port, token, u"conversations.list"_s, {}, &status);
            return status == 200;
        },
        10000);
    QList<qint64> conversations;
    for (const QJsonValue &c :
         call(net, a.port, token, u"conversations.list"_s, {{u"limit"_s, 100}})
             .value(u"result"_s)
             .toObject()
             .value(u"items"_s)
             .toArray())
        conversations.append(c.toObject().value(u"id"_s).toInteger());
    if (token.isEmpty() || status != 200 || conversations.isEmpty()) {
        std::fprintf(stderr, "cannot sign in on both instances\n");
        return 1;
    }
    const SendFigures f = sendThroughBoth(telegram, {a.port, b.port}, token, conversations, sends,
                                          u"reply"_s, nullptr);
    std::printf("sends through both instances, %d conversations:\n", int(conversations.size()));
    std::printf("  %-40s %d accepted, %d delivered, %d duplicated  (%.0f /s end to end)\n",
                "both running", f.accepted, f.delivered, f.duplicates, f.accepted / f.seconds);
    const SendFigures k =
        sendThroughBoth(telegram, {a.port, b.port}, token, conversations, sends, u"killed"_s, &b);
    std::printf("  %-40s %d accepted, %d delivered, %d duplicated  (all delivered %.1f s after "
                "the first send)\n",
                "B SIGKILLed half-way", k.accepted, k.delivered, k.duplicates, k.seconds);
    a.stop();
    return 0;
}
