// aiochat-bench-ui: the operator console's figures on a large store, measured on the real window.
//
//   xvfb-run -a build/bin/aiochat-bench-ui [--dir DIR] [--conversations N] [--frames F]
//                                          [--inbound-seconds S] [--rate R]
//
// Reuses (or generates) aiochat-bench-store's store of 100,000 conversations and ~1,000,000
// messages, adds one conversation of 10,000 messages, then with the real QML console:
//   - launch to an interactive conversation list (rows shown and a frame presented);
//   - opening the 10,000-message conversation to its first painted frame;
//   - frame times while scrolling the list and that conversation (upward, through older pages):
//     the content moves every frame, so each frame interval is the time the frame took;
//   - frame times while scrolling a conversation of 1,000 customers' photos (thumbnails decoded
//     off the GUI thread) up to the oldest, then back down with the thumbnails cached; RSS;
//   - frame times while R inbound messages per second arrive (the list follows them live);
//   - RSS.
// Frame times come from QQuickWindow::frameSwapped with the basic render loop (GUI-thread stalls
// show up as long frames). Under xvfb the GPU is llvmpipe: figures are pessimistic.
#include "api/consoleapi.h"
#include "backend/attachmentloader.h"
#include "backend/backend.h"
#include "backend/localconsoleclient.h"
#include "benchstats.h"
#include "benchstore.h"
#include "config/options.h"
#include "conversations/conversationservice.h"
#include "host/corehost.h"
#include "logging/logsetup.h"
#include "storage/conversationrepository.h"
#include "storage/identityrepository.h"
#include "storage/messagerepository.h"

#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QPainter>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <QtQml/qqmlextensionplugin.h>
#include <numeric>

Q_IMPORT_QML_PLUGIN(AioChatPlugin)

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {

// A Telegram customer and their open conversation, begun @p count minutes ago (one message a
// minute follows), last active @p idleMs ago.
struct Opened
{
    qint64 identityId = 0;
    qint64 conversationId = 0;
    Millis start = 0;
};

Result<Opened> openConversation(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                const QString &userId, const QString &name, int count,
                                Millis idleMs)
{
    ContactIdentity identity;
    identity.platform = Platform::Telegram;
    identity.platformUserId = userId;
    identity.displayName = name;
    const auto stored = IdentityRepository(db, cipher).upsert(identity);
    if (!stored.isOk())
        return stored.status();
    Conversation c;
    c.identityId = stored.value().id;
    c.platform = Platform::Telegram;
    c.status = ConversationStatus::Open;
    c.title = name;
    c.createdAt = nowMillis() - Millis(count) * 60'000;
    c.lastMessageAt = nowMillis() - idleMs;
    const Result<qint64> conversation = ConversationRepository(db, cipher).insert(c);
    if (!conversation.isOk())
        return conversation.status();
    return Opened{stored.value().id, conversation.value(), c.createdAt};
}

// Runs @p make once per store (in one transaction) and remembers the conversation it made in a
// marker file named @p marker: later runs reuse it.
qint64 madeOnce(Storage &storage, const QString &dir, const QString &marker,
                const std::function<Result<qint64>(QSqlDatabase &)> &make)
{
    QFile file(QDir(dir).filePath(marker));
    if (file.open(QIODevice::ReadOnly))
        return file.readAll().toLongLong();
    qint64 id = 0;
    const Status s = storage.writer().runExclusive([&](QSqlDatabase &db) -> Status {
        db.transaction();
        const Result<qint64> made = make(db);
        if (!made.isOk()) {
            db.rollback();
            return made.status();
        }
        id = made.value();
        return db.commit() ? Status::ok() : Status::internal(u"commit failed"_s);
    });
    if (!s.isOk()) {
        std::fprintf(stderr, "%s\n", qPrintable(s.message()));
        return 0;
    }
    if (file.open(QIODevice::WriteOnly))
        file.write(QByteArray::number(id));
    return id;
}

// One conversation with @p count messages, created once (its id is kept in a marker file).
qint64 ensureBigConversation(Storage &storage, const QString &dir, int count)
{
    const QString marker = u"big-conversation-"_s + QString::number(count);
    return madeOnce(storage, dir, marker, [&](QSqlDatabase &db) -> Result<qint64> {
        const Result<Opened> opened =
            openConversation(db, storage.cipher(), u"bench-big-conversation"_s,
                             u"Bench Long Conversation"_s, count, 3'600'000);
        if (!opened.isOk())
            return opened.status();
        const Millis start = opened->start;
        MessageRepository messages(db, storage.cipher());
        for (int i = 0; i < count; ++i) {
            Message m;
            m.conversationId = opened->conversationId;
            m.identityId = opened->identityId;
            m.direction = i % 2 ? Direction::Outbound : Direction::Inbound;
            m.sender = i % 2 ? SenderKind::Bot : SenderKind::Customer;
            m.text = u"Message %1 of the long conversation: a line or two of text, as customers "
                     u"and the bot write them."_s.arg(i);
            m.status = i % 2 ? DeliveryStatus::Read : DeliveryStatus::Received;
            m.createdAt = start + Millis(i) * 60'000;
            if (const auto r = messages.insert(m); !r.isOk())
                return r.status();
        }
        return opened->conversationId;
    });
}

// One conversation of @p count customers' photos (distinct 800×600 JPEGs, kept as the media
// service keeps them: sealed, a file beside the database, an attachment row ready), made once.
qint64 ensurePictureConversation(Storage &storage, const QString &dir, int count)
{
    const BlobFiles *files = storage.blobFiles();
    const PersonalDataCipher &cipher = storage.cipher();
    const QString marker = u"picture-conversation-"_s + QString::number(count);
    return madeOnce(storage, dir, marker, [&](QSqlDatabase &db) -> Result<qint64> {
        const Result<Opened> opened = openConversation(db, cipher, u"bench-picture-conversation"_s,
                                                       u"Bench Claim Photos"_s, count, 1'800'000);
        if (!opened.isOk())
            return opened.status();
        const Millis start = opened->start;
        MessageRepository messages(db, cipher);
        for (int i = 0; i < count; ++i) {
            // A photo of a claim form: a gradient, a few shapes, its number.
            QImage picture(800, 600, QImage::Format_RGB32);
            QPainter painter(&picture);
            QLinearGradient gradient(0, 0, 800, 600);
            gradient.setColorAt(0, QColor::fromHsv((i * 37) % 360, 90, 230));
            gradient.setColorAt(1, QColor::fromHsv((i * 37 + 120) % 360, 160, 120));
            painter.fillRect(picture.rect(), gradient);
            painter.setPen(QPen(Qt::white, 6));
            for (int k = 0; k < 6; ++k)
                painter.drawRect(40 + k * 60, 60 + (i * 13 + k * 40) % 300, 300, 160);
            painter.setFont(QFont(u"Sans"_s, 48));
            painter.drawText(picture.rect(), Qt::AlignCenter, u"Claim "_s + QString::number(i));
            painter.end();
            QByteArray jpeg;
            QBuffer buffer(&jpeg);
            buffer.open(QIODevice::WriteOnly);
            picture.save(&buffer, "JPEG", 85);
            const QString key = QString::fromLatin1(
                cipher
                    .blindIndex(
                        PersonalField::MediaFile,
                        QString::fromLatin1(
                            QCryptographicHash::hash(jpeg, QCryptographicHash::Sha256).toHex()))
                    .toHex());
            if (Status w = files->write(key, cipher.sealBytes(PersonalField::MediaFile, jpeg));
                !w.isOk())
                return w;
            Message m;
            m.conversationId = opened->conversationId;
            m.identityId = opened->identityId;
            m.direction = Direction::Inbound;
            m.sender = SenderKind::Customer;
            m.kind = MessageKind::Photo;
            m.text = u"photo %1 of my claim"_s.arg(i);
            m.attachments = QJsonArray{QJsonObject{{u"kind"_s, u"photo"_s},
                                                   {u"fileId"_s, u"bench-photo-"_s + key},
                                                   {u"mimeType"_s, u"image/jpeg"_s},
                                                   {u"width"_s, 800},
                                                   {u"height"_s, 600}}};
            m.status = DeliveryStatus::Received;
            m.createdAt = start + Millis(i) * 60'000;
            const auto message = messages.insert(m);
            if (!message.isOk())
                return message.status();
            QSqlQuery q(db);
            q.prepare(u"INSERT INTO media_blobs (blob_key, size, mime, data_enc, stored_in, "
                      u"created_at) VALUES (?, ?, 'image/jpeg', X'', 'file', ?)"_s);
            q.addBindValue(key);
            q.addBindValue(jpeg.size());
            q.addBindValue(m.createdAt);
            if (!q.exec())
                return Status::internal(q.lastError().text());
            q.prepare(u"INSERT INTO attachments (message_id, conversation_id, position, platform, "
                      u"kind, source_ref, file_name, declared_mime, mime, size, width, height, "
                      u"state, blob_key, next_attempt_at, created_at, updated_at) VALUES (?, ?, "
                      u"0, 'telegram', 'photo', ?, ?, 'image/jpeg', 'image/jpeg', ?, 800, 600, "
                      u"'ready', ?, 0, ?, ?)"_s);
            q.addBindValue(message.value().value_or(0));
            q.addBindValue(opened->conversationId);
            q.addBindValue(u"bench-photo-"_s + key);
            q.addBindValue(u"claim-%1.jpg"_s.arg(i));
            q.addBindValue(jpeg.size());
            q.addBindValue(key);
            q.addBindValue(m.createdAt);
            q.addBindValue(m.createdAt);
            if (!q.exec())
                return Status::internal(q.lastError().text());
        }
        return opened->conversationId;
    });
}

// Frame intervals (ms) while @p step runs before every frame, for @p frames frames or until
// @p finished says so.
QList<double> driveFrames(QQuickWindow *window, int frames, const std::function<void()> &step,
                          const std::function<bool()> &finished = {})
{
    QList<double> intervals;
    QElapsedTimer clock;
    clock.start();
    qint64 last = -1;
    int left = frames;
    bool done = false;
    const QMetaObject::Connection c =
        QObject::connect(window, &QQuickWindow::frameSwapped, window, [&] {
            const qint64 now = clock.nsecsElapsed();
            if (last >= 0)
                intervals.append(double(now - last) / 1e6);
            last = now;
            if (--left <= 0 || (finished && finished())) {
                done = true;
                return;
            }
            step();
            window->update();
        });
    step();
    window->update();
    // processEvents() with a time limit spins: it would take a core from the threads measured.
    QTimer tick;
    tick.start(50);
    while (!done)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    QObject::disconnect(c);
    return intervals;
}

void waitFor(const std::function<bool()> &condition)
{
    QTimer tick; // wakes the wait below at least every 20 ms (see driveFrames)
    tick.start(20);
    while (!condition())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

// Runs the event loop for @p ms (and nothing else: no spinning).
void sleepFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

void nextFrame(QQuickWindow *window)
{
    bool swapped = false;
    const QMetaObject::Connection c =
        QObject::connect(window, &QQuickWindow::frameSwapped, window, [&] { swapped = true; });
    window->update();
    waitFor([&] { return swapped; });
    QObject::disconnect(c);
}

void printFrames(const char *what, const QList<double> &intervals, const char *target)
{
    const bench::Percentiles p = bench::percentiles(intervals);
    const qsizetype over32 =
        std::count_if(intervals.begin(), intervals.end(), [](double v) { return v > 32.0; });
    std::printf("  %-40s %4lld frames  p50 %6.1f  p99 %6.1f  max %6.1f ms  >32 ms: %lld   %s\n",
                what, qint64(intervals.size()), p.p50, p.p99, p.max, qint64(over32), target);
}

} // namespace

int main(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsSet("QSG_RENDER_LOOP"))
        qputenv("QSG_RENDER_LOOP", "basic");
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv); // Qt Charts (the Metrics page) needs the widgets application
    QCoreApplication::setOrganizationName(u"aiochat-bench"_s); // the console's own settings
    QCommandLineParser parser;
    parser.addOptions(
        {{u"dir"_s, u"Store directory (shared with aiochat-bench-store)."_s, u"DIR"_s,
          u"/tmp/aiochat-bench-store"_s},
         {u"conversations"_s, u"Conversations in the store."_s, u"N"_s, u"100000"_s},
         {u"frames"_s, u"Frames per scroll measurement."_s, u"F"_s, u"600"_s},
         {u"inbound-seconds"_s, u"Seconds of sustained inbound traffic."_s, u"S"_s, u"10"_s},
         {u"rate"_s, u"Inbound messages per second."_s, u"R"_s, u"1000"_s}});
    parser.addHelpOption();
    parser.process(app);
    const QString dir = parser.value(u"dir"_s);
    const int frames = parser.value(u"frames"_s).toInt();
    const int inboundSeconds = parser.value(u"inbound-seconds"_s).toInt();
    const int rate = parser.value(u"rate"_s).toInt();
    qputenv("AIOCHAT_SECRETS", "file");
    (void)initLogging({QString(), u"warning"_s, true});
    if (!bench::ensureStore(dir, parser.value(u"conversations"_s).toInt(), 10))
        return 1;

    // Launch, as the application does.
    QElapsedTimer launch;
    launch.start();
    Options options;
    options.port = 0;
    options.dataDir = dir;
    options.secretsMode = u"file"_s;
    CoreHost host(options);
    if (const Status s = host.start(); !s.isOk()) {
        std::fprintf(stderr, "%s\n", qPrintable(s.message()));
        return 1;
    }
    LocalConsoleClient client(host.consoleApi(), OperatorContext::localAdministrator());
    Backend::setClient(&client);
    QQuickStyle::setStyle(u"Material"_s);
    QQmlApplicationEngine engine;
    engine.addImportPath(u"qrc:/qt/qml"_s);
    engine.addImageProvider(u"attachment"_s, new AttachmentImageProvider(&client)); // as the shell
    engine.load(QUrl(u"qrc:/qt/qml/AioChat/qml/Main.qml"_s));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().first());
    window->resize(1280, 800);
    QQuickItem *list = nullptr;
    waitFor([&] {
        list = bench::findItem(window, u"conversationList"_s);
        return list && list->property("count").toInt() > 0;
    });
    nextFrame(window);
    const double launchMs = double(launch.nsecsElapsed()) / 1e6;

    const qint64 big = ensureBigConversation(*host.storage(), dir, 10'000);
    if (!big)
        return 1;

    std::printf("aiochat-bench-ui — platform %s, render loop %s, %s\n",
                qPrintable(QGuiApplication::platformName()), qgetenv("QSG_RENDER_LOOP").constData(),
                qPrintable(dir));
    std::printf("  launch to interactive conversation list     %8.1f ms   target ≤ 2000 ms\n",
                launchMs);
    std::printf("  RSS after launch %.0f MiB\n", bench::rssMiB().first);

    // An idle console draws nothing: a running animation (a spinner left on) would cost CPU and
    // delay every answer behind a frame.
    {
        sleepFor(1500); // the spinners' fade-outs and the first pages' arrival
        int idleFrames = 0;
        const QMetaObject::Connection c =
            QObject::connect(window, &QQuickWindow::frameSwapped, window, [&] { ++idleFrames; });
        sleepFor(1000);
        QObject::disconnect(c);
        std::printf("  frames drawn in 1 s of idling                %5d        target 0\n",
                    idleFrames);
    }

    // The backend's part of opening it: the first page of messages, through the console client.
    {
        QList<double> samples;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer t;
            t.start();
            bool answered = false;
            client.call(u"conversation.messages"_s, {{u"conversationId"_s, double(big)}}, &client,
                        [&](const CommandResponse &) { answered = true; });
            waitFor([&] { return answered; });
            samples.append(double(t.nsecsElapsed()) / 1e6);
        }
        bench::printRow("first page of its messages (client round trip)",
                        bench::percentiles(samples), "(part of the 100 ms)");
    }

    // Opening the long conversation: from the click to the first frame showing its messages.
    QObject *view = window->property("conversationsView").value<QObject *>();
    QElapsedTimer open;
    open.start();
    view->setProperty("selectedConversation", double(big));
    QQuickItem *messages = nullptr;
    waitFor([&] {
        messages = bench::findItem(window, u"messageList"_s);
        return messages && messages->property("count").toInt() > 0;
    });
    const double rowsMs = double(open.nsecsElapsed()) / 1e6;
    nextFrame(window);
    const double openMs = double(open.nsecsElapsed()) / 1e6;
    std::printf("  open a 10,000-message conversation (paint)  %8.1f ms   target ≤ 100 ms "
                "(rows in the model after %.1f ms)\n",
                openMs, rowsMs);

    // Scrolling: the content moves every frame.
    const QList<double> messageFrames = driveFrames(window, frames, [&] {
        // Bottom-to-top list: older messages are further up (larger contentY is newer).
        const double y = messages->property("contentY").toDouble();
        const double top = messages->property("originY").toDouble();
        messages->setProperty("contentY", std::max(top, y - 40.0));
    });
    printFrames("scroll the conversation upward", messageFrames, "target: none > 32 ms");
    std::printf("    (%d messages loaded after scrolling)\n", messages->property("count").toInt());
    const QList<double> listFrames = driveFrames(window, frames, [&] {
        const double y = list->property("contentY").toDouble();
        list->setProperty("contentY", y + 40.0);
    });
    printFrames("scroll the conversation list", listFrames, "target: none > 32 ms");
    std::printf("    (%d conversations loaded after scrolling)\n", list->property("count").toInt());
    list->setProperty("contentY", 0.0);

    // A conversation of 1,000 customers' photos, scrolled from the newest to the oldest: each
    // thumbnail is read through the Console API and decoded on the thread pool while the list
    // moves; then back down, the thumbnails cached.
    {
        const qint64 pictures = ensurePictureConversation(*host.storage(), dir, 1000);
        if (!pictures)
            return 1;
        const double rssBefore = bench::rssMiB().first;
        view->setProperty("selectedConversation", double(pictures));
        QQuickItem *photos = nullptr;
        waitFor([&] {
            photos = bench::findItem(window, u"messageList"_s);
            return photos && photos->property("count").toInt() > 0 &&
                   photos->property("count").toInt() <= 1000;
        });
        nextFrame(window);
        // At the pace of the other scroll figures (40 px a frame), then a fast flick's (120 px).
        for (const double step : {40.0, 120.0}) {
            bool top = false;
            const QList<double> up = driveFrames(
                window, 9000,
                [&] {
                    const double y = photos->property("contentY").toDouble();
                    const double origin = photos->property("originY").toDouble();
                    top = y <= origin && photos->property("count").toInt() >= 1000;
                    photos->setProperty("contentY", std::max(origin, y - step));
                },
                [&] { return top; });
            char label[64];
            std::snprintf(label, sizeof label, "scroll 1,000 photo messages up, %.0f px", step);
            printFrames(label, up, "target: none > 32 ms");
            std::printf("    (%d messages loaded, the oldest reached: %s; RSS %.0f → %.0f MiB)\n",
                        photos->property("count").toInt(), top ? "yes" : "no", rssBefore,
                        bench::rssMiB().first);
            if (step == 40.0) { // the flick starts from the newest again
                photos->setProperty("contentY", photos->property("contentHeight").toDouble() +
                                                    photos->property("originY").toDouble() -
                                                    photos->property("height").toDouble());
                nextFrame(window);
            }
        }
        const QList<double> down = driveFrames(window, 600, [&] {
            const double y = photos->property("contentY").toDouble();
            photos->setProperty("contentY", y + 120.0);
        });
        printFrames("scroll them back down", down, "target: none > 32 ms");
        const auto [rssNow, peakNow] = bench::rssMiB();
        std::printf("    (RSS %.0f MiB, peak %.0f MiB: thumbnails cached within 64 MiB)\n", rssNow,
                    peakNow);
    }

    // Sustained inbound traffic, while the list is kept animating.
    ConversationService *service = host.conversations();
    int sent = 0;
    QTimer feeder;
    const int perTick = std::max(1, rate / 100);
    QObject::connect(&feeder, &QTimer::timeout, service, [&, service] {
        for (int i = 0; i < perTick; ++i, ++sent) {
            InboundMessage m;
            m.platform = Platform::Sandbox;
            m.platformUserId = u"bench-live-"_s + QString::number(sent % 500);
            m.displayName = u"Live customer "_s + QString::number(sent % 500);
            m.text = u"Live message "_s + QString::number(sent);
            m.platformMessageId =
                u"bench-"_s + QString::number(launch.nsecsElapsed()) + u'-' + QString::number(sent);
            service->ingest(m);
        }
    });
    feeder.moveToThread(service->thread());
    QMetaObject::invokeMethod(
        &feeder, [&] { feeder.start(10); }, Qt::BlockingQueuedConnection);
    const int liveFrames = inboundSeconds * 60;
    int direction = 1;
    const QList<double> busyFrames = driveFrames(window, liveFrames, [&] {
        const double y = list->property("contentY").toDouble();
        if (y > 2000)
            direction = -1;
        else if (y <= 0)
            direction = 1;
        list->setProperty("contentY", std::max(0.0, y + 8.0 * direction));
    });
    QMetaObject::invokeMethod(
        &feeder,
        [&] {
            feeder.stop();
            feeder.moveToThread(app.thread()); // destroyed here, at the end of main
        },
        Qt::BlockingQueuedConnection);
    const double seconds = busyFrames.isEmpty()
                               ? 1
                               : std::accumulate(busyFrames.begin(), busyFrames.end(), 0.0) / 1000;
    char label[96];
    std::snprintf(label, sizeof label, "frames with %.0f inbound msgs/s", sent / seconds);
    printFrames(label, busyFrames, "target: p99 ≤ 50 ms");
    const auto [rss, peak] = bench::rssMiB();
    std::printf(
        "  RSS %.0f MiB (peak %.0f MiB)                                    target ≤ 300 MB\n", rss,
        peak);
    // CSV import of 10,000 customers (new ones each run): the preview on a reader, the commit as
    // one writer transaction — checked against every customer already stored.
    {
        const QString run = QString::number(QDateTime::currentSecsSinceEpoch() % 100000);
        QString csv = u"name,phone,email,policy_number\n"_s;
        for (int i = 0; i < 10'000; ++i)
            csv += u"Bench %1-%2,+62877%1%3,bench%1-%2@example.com,B%1-%2\n"_s.arg(run).arg(i).arg(
                i, 5, 10, QChar(u'0'));
        for (const bool commit : {false, true}) {
            QElapsedTimer t;
            t.start();
            bool answered = false;
            int rows = 0;
            client.call(u"contacts.import"_s, {{u"csv"_s, csv}, {u"commit"_s, commit}}, &client,
                        [&](const CommandResponse &r) {
                            rows = r.result[commit ? u"imported"_s : u"valid"_s].toInt();
                            answered = true;
                        });
            waitFor([&] { return answered; });
            std::printf("  CSV import, 10,000 rows: %-8s %8.1f ms (%d rows)\n",
                        commit ? "commit" : "preview", double(t.nsecsElapsed()) / 1e6, rows);
        }
    }

    return 0;
}
