// aiochat-bench-media: customers' files fetched while webhooks keep arriving.
//
//   downloads   --files documents (default 100, --kib KiB each) arrive in one burst from as many
//               Telegram chats; the fake Bot API server holds its getFile answers until the burst
//               is stored, then lets the media service fetch them all — files/s and MB/s from
//               then until the last is checked, sealed and kept
//   webhooks    text updates posted at --rate per second: acknowledgement latency without
//               downloads, then while the files download (same load; the burst's own arrival is
//               not counted) — target p99 ≤ baseline + 5 ms
//
// Usage: aiochat-bench-media [--files N] [--kib K] [--rate R] [--concurrent C] [--rounds N]
#include "api/consoleapi.h"
#include "benchstats.h"
#include "benchwebhookload.h"
#include "faketelegramserver.h"
#include "hostfixture.h"
#include "logging/logsetup.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QThread>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;
using aiochat::bench::waitFor;
using aiochat::bench::WebhookLoad;

namespace {

QByteArray documentUpdate(qint64 updateId, qint64 userId, const QString &fileId, qint64 size)
{
    const QJsonObject from{{u"id"_s, userId}, {u"is_bot"_s, false}, {u"first_name"_s, u"Ina"_s}};
    const QJsonObject chat{
        {u"id"_s, userId}, {u"type"_s, u"private"_s}, {u"first_name"_s, u"Ina"_s}};
    const QJsonObject message{
        {u"message_id"_s, updateId},
        {u"from"_s, from},
        {u"chat"_s, chat},
        {u"date"_s, 1767225600},
        {u"caption"_s, u"my scan"_s},
        {u"document"_s, QJsonObject{{u"file_id"_s, fileId},
                                    {u"file_unique_id"_s, u"u"_s + fileId},
                                    {u"file_name"_s, u"scan.bin"_s},
                                    {u"mime_type"_s, u"application/octet-stream"_s},
                                    {u"file_size"_s, size}}}};
    return QJsonDocument(QJsonObject{{u"update_id"_s, updateId}, {u"message"_s, message}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{u"files"_s, u"files in the burst"_s, u"n"_s, u"100"_s},
         {u"kib"_s, u"size of each file in KiB"_s, u"k"_s, u"512"_s},
         {u"rate"_s, u"webhook updates per second meanwhile"_s, u"r"_s, u"200"_s},
         {u"concurrent"_s, u"downloads at a time (setting media/concurrent)"_s, u"n"_s, u"4"_s},
         {u"rounds"_s, u"quiet and download windows, alternating"_s, u"n"_s, u"3"_s}});
    parser.addHelpOption();
    parser.process(app);
    (void)initLogging({QString(), u"error"_s, true});
    const int files = parser.value(u"files"_s).toInt();
    const int kib = parser.value(u"kib"_s).toInt();
    const int rate = parser.value(u"rate"_s).toInt();

    const QString token = u"123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"_s;
    // The fake platform serves its files from a thread of its own: on the benchmark's thread it
    // would delay the webhook load it measures, as Telegram's servers never would.
    QThread platformThread;
    auto *telegramServer = new FakeTelegramServer(token);
    telegramServer->moveToThread(&platformThread);
    QObject::connect(&platformThread, &QThread::finished, telegramServer, &QObject::deleteLater);
    platformThread.start();
    FakeTelegramServer &telegram = *telegramServer;
    const auto onPlatform = [telegramServer](const std::function<void()> &work) {
        QMetaObject::invokeMethod(telegramServer, work, Qt::BlockingQueuedConnection);
    };
    bool listening = false;
    onPlatform([&] { listening = telegram.listen(); });
    if (!listening)
        return 1;
    QMap<QString, QString> env = channelSecrets();
    env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, token);
    env.insert(u"AIOCHAT_TELEGRAM_API_BASE"_s, telegram.apiBase());
    HostFixture fx(env, {},
                   {{u"assistant/enabled"_s, u"off"_s},
                    {u"media/concurrent"_s, parser.value(u"concurrent"_s).toInt()}});
    if (Status s = fx.start(); !s.isOk()) {
        std::fprintf(stderr, "start: %s\n", qPrintable(s.message()));
        return 1;
    }
    const int rounds = std::max(1, parser.value(u"rounds"_s).toInt());
    const int concurrent = parser.value(u"concurrent"_s).toInt();
    std::printf("aiochat-bench-media: %d rounds of %d files of %d KiB in one burst, webhook load "
                "%d/s\n",
                rounds, files, kib, rate);
    int kept = 0;
    int failed = 0;
    QObject::connect(fx.host().consoleApi(), &ConsoleApi::event, &app,
                     [&](const QString &name, const QJsonObject &payload) {
                         if (name != u"attachment.updated"_s)
                             return;
                         const QString state =
                             payload.value(u"attachment"_s).toObject().value(u"state"_s).toString();
                         if (state == u"ready"_s)
                             ++kept;
                         else if (state == u"failed"_s)
                             ++failed;
                     });
    // Rounds alternate a quiet window and a download window under the same load, so that what
    // else the machine does meanwhile weighs on both alike.
    QList<double> quietSamples;
    QList<double> busySamples;
    double busySeconds = 0;
    QRandomGenerator random(42);
    QNetworkAccessManager network;
    for (int round = 0; round < rounds; ++round) {
        // Distinct contents (each is kept, none is a duplicate of another).
        QStringList ids;
        for (int i = 0; i < files; ++i) {
            QByteArray content(kib * 1024, Qt::Uninitialized);
            random.fillRange(reinterpret_cast<quint32 *>(content.data()), content.size() / 4);
            onPlatform([&] {
                ids.append(telegram.addFile(content, u"documents/file_"_s +
                                                         QString::number(round * files + i) +
                                                         u".bin"_s));
            });
        }
        // The files' messages arrive first; their downloads wait for the measured window.
        onPlatform([&] { telegram.holdFiles(true); });
        int accepted = 0;
        for (int i = 0; i < files; ++i) {
            QNetworkRequest request(QUrl(fx.baseUrl() + u"/webhooks/telegram"_s));
            request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
            request.setRawHeader("X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789");
            const int n = round * files + i;
            QNetworkReply *reply = network.post(
                request, documentUpdate(900000 + n, 700000 + n, ids.at(i), qint64(kib) * 1024));
            QObject::connect(reply, &QNetworkReply::finished, &app, [reply, &accepted] {
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
                    ++accepted;
                reply->deleteLater();
            });
        }
        const auto held = [&] {
            int n = 0;
            onPlatform([&] { n = telegram.heldFiles(); });
            return n;
        };
        if (!waitFor([&] { return accepted == files && held() >= std::min(files, concurrent); },
                     60'000)) {
            std::fprintf(stderr, "the burst was not stored: %d of %d accepted\n", accepted, files);
            return 1;
        }

        WebhookLoad load(fx, rate);
        load.start();
        QEventLoop idle;
        QTimer::singleShot(1500, &idle, &QEventLoop::quit);
        idle.exec();
        quietSamples += load.stop();

        const int before = kept + failed;
        load.start();
        QElapsedTimer t;
        t.start();
        onPlatform([&] { telegram.holdFiles(false); });
        if (!waitFor([&] { return kept + failed >= before + files; }, 300'000)) {
            std::fprintf(stderr, "downloads stalled at %d of %d\n", kept + failed - before, files);
            return 1;
        }
        busySeconds += double(t.nsecsElapsed()) / 1e9;
        busySamples += load.stop();
    }
    const int total = rounds * files;
    std::printf("  files kept                                      %d of %d (%d failed) in %.2f s: "
                "%.0f files/s, %.1f MB/s\n",
                kept, total, failed, busySeconds, total / busySeconds,
                double(total) * kib / 1024.0 / busySeconds);
    bench::printRow("webhook ack, no downloads", bench::percentiles(quietSamples), "");
    bench::printRow("webhook ack, while the files download", bench::percentiles(busySamples),
                    "p99 ≤ baseline + 5 ms");
    std::printf("  (%lld and %lld acknowledgements measured)\n",
                static_cast<long long>(quietSamples.size()),
                static_cast<long long>(busySamples.size()));
    const auto [rss, hwm] = bench::rssMiB();
    std::printf("  memory                                          RSS %.0f MiB, peak %.0f MiB\n",
                rss, hwm);
    platformThread.quit();
    platformThread.wait();
    return failed == 0 ? 0 : 1;
}
