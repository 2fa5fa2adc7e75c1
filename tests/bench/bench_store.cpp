// aiochat-bench-store: the foundation's performance figures on a large SQLite store.
//
//   aiochat-bench-store [--dir DIR] [--conversations N] [--messages-per-conversation M]
//   [--iterations K]
//
// Builds (once; reused afterwards) a store of 100,000 conversations and ~1,000,000 messages with
// the demo generator, then measures through the real Console API path (core thread → reader pool →
// SQLite → reply): the first page of conversations.list, filtered and searched pages, and a page of
// conversation.messages; then launch-to-populated-list with the real QML console offscreen, and
// RSS. A naive query without the inbox index runs in the same process as the baseline.
#include "api/consoleapi.h"
#include "backend/backend.h"
#include "backend/localconsoleclient.h"
#include "benchstats.h"
#include "benchstore.h"
#include "config/options.h"
#include "config/secretstore.h"
#include "demo/demodatagenerator.h"
#include "host/corehost.h"
#include "logging/logsetup.h"
#include "security/datakeyring.h"
#include "storage/messagetext.h"
#include "storage/storage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>
#include <optional>

Q_IMPORT_QML_PLUGIN(AioChatPlugin)

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {

CommandResponse call(ConsoleApi *api, const QString &name, const QJsonObject &params)
{
    std::optional<CommandResponse> response;
    QObject receiver;
    QMetaObject::invokeMethod(
        api,
        [&, api] {
            api->execute({name, params, OperatorContext::localAdministrator()},
                         [&](const CommandResponse &r) {
                             QMetaObject::invokeMethod(
                                 &receiver, [&response, r] { response = r; }, Qt::QueuedConnection);
                         });
        },
        Qt::QueuedConnection);
    while (!response)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    return *response;
}

bench::Percentiles measure(ConsoleApi *api, const QString &name,
                           const std::function<QJsonObject(int)> &params, int iterations,
                           int *rows = nullptr)
{
    QList<double> samples;
    for (int i = 0; i < iterations; ++i) {
        QElapsedTimer t;
        t.start();
        const CommandResponse r = call(api, name, params(i));
        samples.append(double(t.nsecsElapsed()) / 1e6);
        if (!r.status.isOk()) {
            std::fprintf(stderr, "%s failed: %s\n", qPrintable(name),
                         qPrintable(r.status.message()));
            std::exit(1);
        }
        if (rows)
            *rows = int(r.result.toObject().value(u"items"_s).toArray().size());
    }
    return bench::percentiles(samples);
}

} // namespace

int main(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv); // Qt Charts in the console needs QApplication
    QCoreApplication::setOrganizationName(u"aiochat-bench"_s); // the console's own settings
    QCommandLineParser parser;
    parser.addOptions(
        {{u"dir"_s, u"Store directory (reused when it exists)."_s, u"DIR"_s,
          u"/tmp/aiochat-bench-store"_s},
         {u"conversations"_s, u"Conversations to generate."_s, u"N"_s, u"100000"_s},
         {u"messages-per-conversation"_s, u"Average messages per conversation."_s, u"M"_s, u"10"_s},
         {u"iterations"_s, u"Samples per measurement."_s, u"K"_s, u"200"_s}});
    parser.addHelpOption();
    parser.process(app);
    const QString dir = parser.value(u"dir"_s);
    const int conversations = parser.value(u"conversations"_s).toInt();
    const int perConversation = parser.value(u"messages-per-conversation"_s).toInt();
    const int iterations = parser.value(u"iterations"_s).toInt();
    qputenv("AIOCHAT_SECRETS", "file");
    (void)initLogging({QString(), u"warning"_s, true});

    // 1. The store, generated once.
    if (!bench::ensureStore(dir, conversations, perConversation))
        return 1;

    // 2. Launch: core start, the real console QML offscreen, until the list shows rows.
    QElapsedTimer launch;
    launch.start();
    Options options;
    options.port = 0; // never the default 8080: tests run in parallel
    options.dataDir = dir;
    options.secretsMode = u"file"_s;
    CoreHost host(options);
    if (const Status s = host.start(); !s.isOk()) {
        std::fprintf(stderr, "%s\n", qPrintable(s.message()));
        return 1;
    }
    const double coreStartMs = launch.nsecsElapsed() / 1e6;
    LocalConsoleClient client(host.consoleApi(), OperatorContext::localAdministrator());
    Backend::setClient(&client);
    QQuickStyle::setStyle(u"Material"_s);
    QQmlApplicationEngine engine;
    engine.addImportPath(u"qrc:/qt/qml"_s);
    engine.load(QUrl(u"qrc:/qt/qml/AioChat/qml/Main.qml"_s));
    if (engine.rootObjects().isEmpty())
        return 1;
    QQuickItem *list = bench::findItem(engine.rootObjects().first(), u"conversationList"_s);
    while (!list || list->property("count").toInt() == 0) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        if (!list)
            list = bench::findItem(engine.rootObjects().first(), u"conversationList"_s);
    }
    const double launchMs = launch.nsecsElapsed() / 1e6;

    ConsoleApi *api = host.consoleApi();
    QJsonArray ids;
    {
        const CommandResponse r =
            call(api, u"conversations.list"_s, {{u"status"_s, u"resolved"_s}, {u"limit"_s, 200}});
        for (const QJsonValue &v : r.result.toObject().value(u"items"_s).toArray())
            ids.append(v.toObject().value(u"id"_s));
    }
    qint64 totalMessages = 0;
    qint64 totalConversations = 0;
    (void)host.storage()->writer().run([&](QSqlDatabase &db) {
        QSqlQuery q(db);
        q.exec(u"SELECT (SELECT COUNT(*) FROM conversations), (SELECT COUNT(*) FROM messages)"_s);
        q.next();
        totalConversations = q.value(0).toLongLong();
        totalMessages = q.value(1).toLongLong();
        return Status::ok();
    });

    std::printf("\nAIO-CHAT storage benchmark — SQLite, %lld conversations, %lld messages, %d "
                "samples each\n",
                totalConversations, totalMessages, iterations);
    std::printf("(Console API round trips: core thread → reader pool → SQLite → reply)\n\n");
    int rows = 0;
    const auto first = measure(
        api, u"conversations.list"_s,
        [](int) {
            return QJsonObject{{u"limit"_s, 50}};
        },
        iterations, &rows);
    bench::printRow("conversations.list, first page (50)", first, "≤ 20 ms");
    const auto filtered = measure(
        api, u"conversations.list"_s,
        [](int) {
            return QJsonObject{
                {u"limit"_s, 50}, {u"status"_s, u"open"_s}, {u"platform"_s, u"whatsapp"_s}};
        },
        iterations);
    bench::printRow("conversations.list, status+platform filter", filtered, "≤ 50 ms");
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto ranged = measure(
        api, u"conversations.list"_s,
        [&](int) {
            return QJsonObject{{u"limit"_s, 50},
                               {u"from"_s, now.addDays(-60).toString(Qt::ISODate)},
                               {u"to"_s, now.addDays(-30).toString(Qt::ISODate)}};
        },
        iterations);
    bench::printRow("conversations.list, 30-day date range", ranged, "≤ 50 ms");
    const QStringList terms{u"invoice"_s,  u"refund"_s,  u"premium"_s,
                            u"hospital"_s, u"address"_s, u"beneficiary"_s};
    const auto searched = measure(
        api, u"conversations.list"_s,
        [&](int i) {
            return QJsonObject{{u"limit"_s, 50}, {u"search"_s, terms.at(i % terms.size())}};
        },
        iterations);
    bench::printRow("conversations.list, full-text search", searched, "≤ 50 ms");
    const auto searchedFiltered = measure(
        api, u"conversations.list"_s,
        [&](int i) {
            return QJsonObject{{u"limit"_s, 50},
                               {u"search"_s, terms.at(i % terms.size())},
                               {u"status"_s, u"open"_s}};
        },
        iterations);
    bench::printRow("conversations.list, search + status filter", searchedFiltered, "≤ 50 ms");
    // Numbers are indexed as keyed hashes (texts are sealed): an exact lookup of an amount and
    // of a platform error code that the demo texts carry.
    const QStringList numbers{u"Rp 5.000.000"_s, u"131047"_s};
    const auto searchedNumber = measure(
        api, u"conversations.list"_s,
        [&](int i) {
            return QJsonObject{{u"limit"_s, 50}, {u"search"_s, numbers.at(i % numbers.size())}};
        },
        iterations);
    bench::printRow("conversations.list, exact number search", searchedNumber, "≤ 50 ms");
    const auto messages = measure(
        api, u"conversation.messages"_s,
        [&](int i) {
            return QJsonObject{{u"conversationId"_s, ids.at(i % ids.size())}, {u"limit"_s, 50}};
        },
        iterations);
    bench::printRow("conversation.messages, page (50)", messages, "≤ 5 ms");

    // Baseline in the same run: the inbox order computed by sorting the whole table, as a store
    // without the inbox index (or with OFFSET paging) must.
    QList<double> naive;
    for (int i = 0; i < std::min(iterations, 20); ++i) {
        QElapsedTimer t;
        t.start();
        (void)host.storage()->writer().run([](QSqlDatabase &db) {
            QSqlQuery q(db);
            q.exec(u"SELECT id FROM conversations NOT INDEXED ORDER BY CASE WHEN status = "
                   u"'needs_attention' "
                   u"THEN 1 ELSE 0 END DESC, last_message_at DESC, id DESC LIMIT 50"_s);
            while (q.next()) {
            }
            return Status::ok();
        });
        naive.append(t.nsecsElapsed() / 1e6);
    }
    bench::printRow("baseline: same first page by full sort", bench::percentiles(naive),
                    "(comparison)");
    // What a sealed store without a search index would have to do: open every text and look
    // (for a word no message has, so the whole table is read, as for any rare term).
    QList<double> scan;
    const PersonalDataCipher &cipher = host.storage()->cipher();
    for (int i = 0; i < std::min(iterations, 3); ++i) {
        QElapsedTimer t;
        t.start();
        (void)host.storage()->writer().run([&](QSqlDatabase &db) {
            QSqlQuery q(db);
            q.setForwardOnly(true);
            q.exec(u"SELECT conversation_id, text_enc FROM messages ORDER BY id DESC"_s);
            QSet<qint64> found;
            while (q.next() && found.size() < 50) {
                if (messagetext::open(cipher, q.value(1).toByteArray(), QString())
                        .contains(u"kecelakaan"_s, Qt::CaseInsensitive))
                    found.insert(q.value(0).toLongLong());
            }
            return Status::ok();
        });
        scan.append(t.nsecsElapsed() / 1e6);
    }
    bench::printRow("baseline: open every text and look", bench::percentiles(scan), "(comparison)");

    const auto [rss, peak] = bench::rssMiB();
    std::printf("\n  core start (storage open, threads up)        %8.1f ms\n", coreStartMs);
    std::printf("  launch to populated conversation list        %8.1f ms   target ≤ 2000 ms (%d "
                "rows shown)\n",
                launchMs, list->property("count").toInt());
    std::printf("  RSS now %.1f MiB, peak %.1f MiB                        target ≤ 300 MiB\n", rss,
                peak);
    host.stop();
    return 0;
}
