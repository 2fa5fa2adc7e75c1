// aiochat-bench-websocket: how fast a customer's message reaches remote consoles over the
// Console API's WebSocket (JSON-RPC 2.0) on loopback.
//
//   A webhook update is posted to the real listener at --rate per second (each text carries its
//   number); consoles signed in on /api/v1/ws receive "message.created" for it. The latency is
//   from posting the update to the event arriving at a console, for every console. The consoles
//   run on a thread of their own, like separate desktops would (their JSON parsing does not
//   delay the poster), and each one reads every frame it is sent.
//
//   one console,   --rate (default 1,000) messages/s        target p99 <= 50 ms
//   --consoles (default 100) consoles, --crowd-rate (default 100) messages/s   target p99 <= 100 ms
//
// Usage: aiochat-bench-websocket [--seconds S] [--rate R] [--consoles N] [--crowd-rate R]
#include "benchstats.h"
#include "benchwebhookload.h"
#include "hostfixture.h"
#include "logging/logsetup.h"
#include "testsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

// When each numbered message was posted, and when consoles saw it: shared by the poster's thread
// and the consoles' thread.
struct Clock
{
    QElapsedTimer since;
    QMutex mutex;
    QHash<qint64, qint64> postedAt; ///< message number → ns
    QList<double> latencies;        ///< ms, one per console per message
    qint64 frames = 0;
    int dropped = 0;  ///< consoles the server let go
    QString lastDrop; ///< its close code and reason
};

// The consoles: plain QWebSockets speaking the protocol, on their own thread.
class Consoles : public QObject
{
public:
    Consoles(Clock &clock, QString url, QString token)
        : m_clock(clock)
        , m_url(std::move(url))
        , m_token(std::move(token))
    {}

    void open(int count)
    {
        for (int i = 0; i < count; ++i) {
            auto *ws = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
            connect(ws, &QWebSocket::connected, this, [this] { ++m_connected; });
            connect(ws, &QWebSocket::disconnected, this, [this, ws] {
                if (m_closing)
                    return;
                const QMutexLocker lock(&m_clock.mutex);
                ++m_clock.dropped;
                m_clock.lastDrop = QString::number(int(ws->closeCode())) + u' ' +
                                   ws->closeReason() + u" ("_s + ws->errorString() + u", after "_s +
                                   QString::number(m_clock.since.elapsed()) + u" ms)"_s;
            });
            connect(ws, &QWebSocket::textMessageReceived, this,
                    [this](const QString &frame) { received(frame); });
            QNetworkRequest request{QUrl(m_url)};
            request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
            ws->open(request);
            m_sockets.append(ws);
        }
    }
    void closeAll()
    {
        m_closing = true;
        qDeleteAll(m_sockets);
        m_closing = false;
        m_sockets.clear();
        m_connected = 0;
    }
    [[nodiscard]] int connected() const { return m_connected; }

private:
    void received(const QString &frame)
    {
        const qint64 now = m_clock.since.nsecsElapsed();
        // Only the message events of the load carry "bench-<n>": found without parsing the
        // rest (a console would parse it; the figure is when the frame arrived).
        const qsizetype at = frame.indexOf(u"\"text\":\"bench-"_s);
        const bool created = frame.contains(u"\"event\":\"message.created\""_s);
        const QMutexLocker lock(&m_clock.mutex);
        ++m_clock.frames;
        if (at < 0 || !created)
            return;
        const qsizetype start = at + 14;
        const qsizetype end = frame.indexOf(u'"', start);
        const qint64 n = frame.mid(start, end - start).toLongLong();
        const auto posted = m_clock.postedAt.constFind(n);
        if (posted != m_clock.postedAt.cend())
            m_clock.latencies.append(double(now - posted.value()) / 1e6);
    }

    Clock &m_clock;
    QString m_url;
    QString m_token;
    QList<QWebSocket *> m_sockets;
    std::atomic<int> m_connected{0};
    bool m_closing = false;
};

// Posts numbered Telegram updates at a steady rate from the main thread.
bench::Percentiles run(HostFixture &fx, Clock &clock, Consoles &consoles, int count, int rate,
                       int seconds, qint64 &delivered, qint64 &expected)
{
    // Operators do not all connect in the same millisecond: ten at a time (the listener caps
    // connections still in their handshake per address).
    for (int opened = 0; opened < count;) {
        const int batch = std::min(10, count - opened);
        QMetaObject::invokeMethod(
            &consoles, [&consoles, batch] { consoles.open(batch); }, Qt::BlockingQueuedConnection);
        opened += batch;
        if (!bench::waitFor([&] { return consoles.connected() == opened; }, 30'000)) {
            std::fprintf(stderr, "only %d of %d consoles connected\n", consoles.connected(),
                         opened);
            std::exit(1);
        }
    }
    {
        const QMutexLocker lock(&clock.mutex);
        clock.latencies.clear();
        clock.postedAt.clear();
    }
    QNetworkAccessManager network;
    static qint64 number = 0;
    QElapsedTimer elapsed;
    elapsed.start();
    const qint64 total = qint64(rate) * seconds;
    qint64 posted = 0;
    int inFlight = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    // Every millisecond, whatever is due by now: a steady rate without a timer per message.
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 due = std::min(total, qint64(double(elapsed.nsecsElapsed()) / 1e9 * rate));
        for (; posted < due; ++posted) {
            const qint64 n = ++number;
            QNetworkRequest request(QUrl(fx.baseUrl() + u"/webhooks/telegram"_s));
            request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
            request.setRawHeader("X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789");
            {
                const QMutexLocker lock(&clock.mutex);
                clock.postedAt.insert(n, clock.since.nsecsElapsed());
            }
            ++inFlight;
            QNetworkReply *reply =
                network.post(request, telegramTextUpdate(n + 1'000'000, 700000 + n % 500,
                                                         u"bench-"_s + QString::number(n)));
            QObject::connect(reply, &QNetworkReply::finished, reply, [reply, &inFlight] {
                --inFlight;
                reply->deleteLater();
            });
        }
    });
    tick.start(1);
    (void)bench::waitFor([&] { return posted >= total && inFlight == 0; }, (seconds + 60) * 1000);
    tick.stop();
    expected = total * count;
    // The last events on their way.
    (void)bench::waitFor(
        [&] {
            const QMutexLocker lock(&clock.mutex);
            return clock.latencies.size() >= expected;
        },
        10'000);
    QList<double> latencies;
    {
        const QMutexLocker lock(&clock.mutex);
        latencies = clock.latencies;
    }
    delivered = latencies.size();
    QMetaObject::invokeMethod(
        &consoles, [&consoles] { consoles.closeAll(); }, Qt::BlockingQueuedConnection);
    return bench::percentiles(latencies);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{u"seconds"_s, u"Seconds of load per figure."_s, u"S"_s, u"10"_s},
         {u"rate"_s, u"Messages per second to one console."_s, u"R"_s, u"1000"_s},
         {u"consoles"_s, u"Consoles in the crowd."_s, u"N"_s, u"100"_s},
         {u"crowd-rate"_s, u"Messages per second to the crowd."_s, u"R"_s, u"100"_s}});
    parser.addHelpOption();
    parser.process(app);
    (void)initLogging({QString(), qEnvironmentVariable("BENCH_LOG", u"error"_s), true});
    const int seconds = parser.value(u"seconds"_s).toInt();
    const int rate = parser.value(u"rate"_s).toInt();
    const int crowd = parser.value(u"consoles"_s).toInt();
    const int crowdRate = parser.value(u"crowd-rate"_s).toInt();

    HostFixture fx(channelSecrets(), {},
                   {{u"assistant/enabled"_s, u"off"_s},
                    {u"ratelimits/enabled"_s, false},
                    {u"listener/rateLimit/api"_s, u"off"_s},
                    {u"log/level"_s, qEnvironmentVariable("BENCH_LOG", u"error"_s)}});
    if (const Status s = fx.start(); !s.isOk()) {
        std::fprintf(stderr, "%s\n", qPrintable(s.message()));
        return 1;
    }
    const Session admin = fx.createOperatorAndLogin(u"bench@example.com"_s, u"admin"_s);
    if (!admin.status.isOk()) {
        std::fprintf(stderr, "%s\n", qPrintable(admin.status.message()));
        return 1;
    }
    QString url = fx.baseUrl();
    url.replace(u"http://"_s, u"ws://"_s);
    url += u"/api/v1/ws"_s;

    Clock clock;
    clock.since.start();
    QThread consoleThread;
    consoleThread.setObjectName(u"consoles"_s);
    Consoles consoles(clock, url, admin.accessToken);
    consoles.moveToThread(&consoleThread);
    consoleThread.start();

    std::printf("aiochat-bench-websocket: webhook -> message.created on consoles over "
                "/api/v1/ws (loopback, %d s per figure)\n",
                seconds);
    qint64 delivered = 0;
    qint64 expected = 0;
    const bench::Percentiles one = run(fx, clock, consoles, 1, rate, seconds, delivered, expected);
    char label[96];
    std::snprintf(label, sizeof label, "1 console, %d messages/s", rate);
    bench::printRow(label, one, "p99 <= 50 ms");
    std::printf("    %lld of %lld events delivered; consoles let go: %d %s\n", delivered, expected,
                clock.dropped, qPrintable(clock.lastDrop));
    const bench::Percentiles many =
        run(fx, clock, consoles, crowd, crowdRate, seconds, delivered, expected);
    std::snprintf(label, sizeof label, "%d consoles, %d messages/s", crowd, crowdRate);
    bench::printRow(label, many, "p99 <= 100 ms");
    std::printf("    %lld of %lld events delivered; %lld frames read by the consoles; consoles "
                "let go: %d %s\n",
                delivered, expected, clock.frames, clock.dropped, qPrintable(clock.lastDrop));
    const auto [rss, hwm] = bench::rssMiB();
    std::printf("  RSS %.0f MiB, peak %.0f MiB (server and consoles in one process)\n", rss, hwm);
    consoleThread.quit();
    consoleThread.wait();
    return delivered == expected ? 0 : 1;
}
