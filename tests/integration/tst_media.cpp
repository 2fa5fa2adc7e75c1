// Files customers send, end to end on a real host (SQLite and PostgreSQL): a Telegram photo and
// document and a WhatsApp image reach the fake platforms' file endpoints, are kept sealed and
// once per content, and come back through the Console API (audited); and each bad input the
// issue names — an unknown file, an expired WhatsApp URL, a file over the limit, a "PDF" that is
// a program, a decompression bomb, a hostile file name, a full quota — leaves the message in
// place and the file failed with its reason (and a retry that works once the cause is gone).
#include "api/consoleapi.h"
#include "domain/timestamps.h"
#include "faketelegramserver.h"
#include "fakewhatsappserver.h"
#include "hostfixture.h"
#include "security/crypto.h"
#include "storage/blobfiles.h"
#include "storage/storage.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPainter>
#include <QPdfWriter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

const QString kToken = u"123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"_s;
const QString kWaToken = u"EAAG-fake-access-token"_s;
const QString kPhoneId = u"106540352242922"_s;

// A PNG header that announces 100,000 × 100,000 pixels: tiny on the wire, 40 GB decoded.
QByteArray bombPng()
{
    QByteArray png = tinyPng();
    const char side[4] = {0x00, 0x01, char(0x86), char(0xA0)}; // 100,000 big-endian
    png.replace(16, 4, QByteArray(side, 4));
    png.replace(20, 4, QByteArray(side, 4));
    return png;
}

QByteArray smallPdf()
{
    return "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
           "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
           "trailer << /Root 1 0 R >>\n%%EOF\n";
}

// A real one-page PDF with the customer's policy terms in it.
QByteArray policyPdf(const QStringList &lines)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"policy.pdf"_s);
    {
        QPdfWriter writer(path);
        writer.setResolution(72);
        QPainter painter(&writer);
        int y = 60;
        for (const QString &line : lines) {
            painter.drawText(50, y, line);
            y += 20;
        }
    }
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray elfProgram()
{
    QByteArray elf("\x7f"
                   "ELF\x02\x01\x01\x00",
                   8);
    elf.append(QByteArray(8, '\0'));
    elf.append(QByteArray("\x02\x00\x3e\x00\x01\x00\x00\x00", 8)); // executable, x86-64
    elf.append(QByteArray(200, '\0'));
    return elf;
}

QByteArray telegramFileUpdate(qint64 updateId, qint64 userId, QJsonObject fileFields)
{
    fileFields.insert(u"caption"_s, u"for my claim"_s);
    return telegramMessageUpdate(updateId, userId, fileFields, u"Sari"_s);
}

// A one-pixel photo as Telegram describes it (one size).
QJsonObject photoFields(const QString &fileId, const QString &uniqueId)
{
    return QJsonObject{{u"photo"_s, QJsonArray{QJsonObject{{u"file_id"_s, fileId},
                                                           {u"file_unique_id"_s, uniqueId},
                                                           {u"width"_s, 1},
                                                           {u"height"_s, 1}}}}};
}

QJsonObject document(const QString &fileId, const QString &name, const QString &mime, qint64 size)
{
    return QJsonObject{{u"document"_s, QJsonObject{{u"file_id"_s, fileId},
                                                   {u"file_unique_id"_s, u"u"_s + fileId},
                                                   {u"file_name"_s, name},
                                                   {u"mime_type"_s, mime},
                                                   {u"file_size"_s, size}}}};
}

} // namespace

class TestMedia : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeTelegramServer> m_telegram;
    std::unique_ptr<FakeWhatsAppServer> m_whatsApp;
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<HostFixture> m_fx;
    std::unique_ptr<QTemporaryDir> m_dir; ///< for a test that restarts the instance
    qint64 m_update = 7000;

    HostFixture &fx() { return *m_fx; }

    // In @p dataDir when the test restarts the instance (else a directory of its own).
    void startHost(const QVariantMap &settings = {}, const QString &dataDir = {})
    {
        QMap<QString, QString> env = channelSecrets();
        env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, kToken);
        env.insert(u"AIOCHAT_TELEGRAM_API_BASE"_s, m_telegram->apiBase());
        env.insert(u"AIOCHAT_WHATSAPP_ACCESS_TOKEN"_s, kWaToken);
        env.insert(u"AIOCHAT_WHATSAPP_PHONE_NUMBER_ID"_s, kPhoneId);
        env.insert(u"AIOCHAT_WHATSAPP_API_BASE"_s, m_whatsApp->apiBase());
        QVariantMap all{{u"assistant/enabled"_s, u"off"_s}};
        all.insert(settings);
        m_fx = std::make_unique<HostFixture>(env, dataDir, all);
        if (m_db)
            m_fx->useDatabase(m_db->url());
        const Status started = m_fx->start();
        QVERIFY2(started.isOk(), qPrintable(started.message()));
    }

    // Posts a Telegram update; returns the files of the message it stored, once they settled.
    QJsonArray telegramSends(const QJsonObject &fileFields)
    {
        const qint64 update = ++m_update;
        const HttpResult r =
            fx().request("POST", u"/webhooks/telegram"_s,
                         telegramFileUpdate(update, 880000 + update, fileFields),
                         {{"X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789"}});
        if (r.status != 200)
            return {};
        return settledFiles(u"SELECT MAX(id) FROM messages"_s);
    }

    QJsonArray settledFiles(const QString &messageQuery)
    {
        QJsonArray files;
        const auto settled = [&] {
            const qint64 message = fx().scalarAny(messageQuery).toLongLong();
            const qint64 conversation =
                fx().scalarAny(u"SELECT conversation_id FROM messages WHERE id = "_s +
                               QString::number(message))
                    .toLongLong();
            const QJsonArray items =
                fx().call(u"conversation.messages"_s, {{u"conversationId"_s, conversation}})
                    .result[u"items"_s]
                    .toArray();
            for (const QJsonValue &m : items) {
                if (m[u"id"_s].toInteger() != message)
                    continue;
                files = m[u"files"_s].toArray();
                for (const QJsonValue &f : std::as_const(files)) {
                    const QString state = f[u"state"_s].toString();
                    if (state != u"ready"_s && state != u"failed"_s)
                        return false;
                }
                return !files.isEmpty();
            }
            return false;
        };
        QElapsedTimer t;
        t.start();
        while (!settled() && t.elapsed() < 15'000)
            QTest::qWait(20);
        return files;
    }

    QByteArray downloaded(qint64 attachmentId)
    {
        QByteArray out;
        for (int offset = 0;;) {
            const CommandResponse r =
                fx().call(u"attachment.download"_s,
                          {{u"id"_s, attachmentId}, {u"offset"_s, offset}, {u"length"_s, 100}});
            if (!r.status.isOk())
                return {};
            const QByteArray chunk =
                QByteArray::fromBase64(r.result[u"data"_s].toString().toLatin1());
            out += chunk;
            offset += int(chunk.size());
            if (r.result[u"done"_s].toBool() || chunk.isEmpty())
                return out;
        }
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
    }

    void cleanup()
    {
        m_fx.reset();
        m_dir.reset();
        m_db.reset();
        m_telegram.reset();
        m_whatsApp.reset();
    }

    void telegramFilesAreKeptSealedOnceAndReadBack()
    {
        startHost();
        QSignalSpy events(fx().host().consoleApi(), &ConsoleApi::event);
        const QByteArray png = tinyPng();
        const QString photoId = m_telegram->addFile(png, u"photos/file_1.png"_s);
        const QJsonArray photo =
            telegramSends({{u"photo"_s, QJsonArray{QJsonObject{{u"file_id"_s, photoId},
                                                               {u"file_unique_id"_s, u"p1"_s},
                                                               {u"width"_s, 1},
                                                               {u"height"_s, 1},
                                                               {u"file_size"_s, png.size()}}}}});
        QCOMPARE(photo.size(), 1);
        QCOMPARE(photo[0][u"state"_s].toString(), u"ready"_s);
        QCOMPARE(photo[0][u"mimeType"_s].toString(), u"image/png"_s);
        QCOMPARE(photo[0][u"size"_s].toInteger(), png.size());
        QCOMPARE(photo[0][u"width"_s].toInt(), 1);
        const qint64 photoAttachment = photo[0][u"id"_s].toInteger();
        QCOMPARE(downloaded(photoAttachment), png);
        QCOMPARE(m_telegram->downloadsOf(u"photos/file_1.png"_s), 1);
        // Consoles followed it: downloading, how far, then kept.
        QStringList seen;
        for (const QList<QVariant> &e : std::as_const(events)) {
            const QJsonObject payload = e.at(1).toJsonObject();
            if (e.at(0).toString() == u"attachment.updated"_s)
                seen.append(payload[u"attachment"_s][u"state"_s].toString());
            else if (e.at(0).toString() == u"attachment.progress"_s &&
                     payload[u"id"_s].toInteger() == photoAttachment)
                seen.append(u"progress "_s + QString::number(payload[u"received"_s].toInteger()) +
                            u'/' + QString::number(payload[u"total"_s].toInteger()));
        }
        const QString done =
            u"progress "_s + QString::number(png.size()) + u'/' + QString::number(png.size());
        QCOMPARE(seen, (QStringList{u"downloading"_s, done, u"ready"_s}));

        const QByteArray pdf = smallPdf();
        const QString pdfId = m_telegram->addFile(pdf, u"documents/file_2.pdf"_s);
        const QJsonArray doc =
            telegramSends(document(pdfId, u"polis-sari.pdf"_s, u"application/pdf"_s, pdf.size()));
        QCOMPARE(doc[0][u"state"_s].toString(), u"ready"_s);
        QCOMPARE(doc[0][u"fileName"_s].toString(), u"polis-sari.pdf"_s);
        QCOMPARE(doc[0][u"mimeType"_s].toString(), u"application/pdf"_s);
        QCOMPARE(downloaded(doc[0][u"id"_s].toInteger()), pdf);

        // The same picture again (another chat forwards it): kept once.
        const QString againId = m_telegram->addFile(png, u"photos/file_3.png"_s);
        const QJsonArray again = telegramSends(photoFields(againId, u"p3"_s));
        QCOMPARE(again[0][u"state"_s].toString(), u"ready"_s);
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM media_blobs"_s).toInt(), 2);
        QCOMPARE(
            fx().scalarAny(u"SELECT COUNT(*) FROM attachments WHERE state = 'ready'"_s).toInt(), 3);
        // Sealed at rest: the stored bytes are not the file's. On SQLite they are a file beside
        // the database (the row keeps none); on PostgreSQL in the table, for every instance.
        const QString where = u" FROM media_blobs WHERE size = "_s + QString::number(pdf.size());
        QByteArray stored = fx().scalarAny(u"SELECT data_enc"_s + where).toByteArray();
        if (const BlobFiles *files = fx().host().storage()->blobFiles()) {
            QCOMPARE(fx().scalarAny(u"SELECT stored_in"_s + where).toString(), u"file"_s);
            QVERIFY(stored.isEmpty());
            const QString key = fx().scalarAny(u"SELECT blob_key"_s + where).toString();
            QCOMPARE(files->keys().size(), 2);
            stored = files->read(key).value();
        } else {
            QCOMPARE(fx().scalarAny(u"SELECT stored_in"_s + where).toString(), u"database"_s);
        }
        QVERIFY(!stored.isEmpty());
        QVERIFY(!stored.contains("%PDF"));
        // Who opened what is on record: once per opening, however many chunks it took (the
        // PDF was read 100 bytes at a time).
        QVERIFY(pdf.size() > 100); // more than one chunk
        const auto openings = [this](qint64 id) {
            return fx()
                .scalarAny(u"SELECT COUNT(*) FROM audit_log WHERE action = "
                           u"'attachment.download' AND target_id = '"_s +
                           QString::number(id) + u"'"_s)
                .toInt();
        };
        // (The entries are queued on the writer: one more write there comes after them.)
        QVERIFY(fx().host()
                    .storage()
                    ->writer()
                    .run([](QSqlDatabase &) { return Status::ok(); })
                    .isOk());
        QCOMPARE(openings(photoAttachment), 1);
        QCOMPARE(openings(doc[0][u"id"_s].toInteger()), 1);
        const QByteArray metrics = fx().request("GET", u"/metrics"_s).body;
        QVERIFY2(metrics.contains(
                     "aiochat_media_downloads_total{platform=\"telegram\",result=\"ok\"} 3"),
                 metrics.constData());
    }

    void whatsAppMediaIsFetchedAgainWhenItsUrlExpired()
    {
        startHost();
        const QByteArray png = tinyPng();
        const QString media = m_whatsApp->addMedia(png, u"image/png"_s, 300'000, 1);
        const QJsonObject message{{u"from"_s, u"6281234567890"_s},
                                  {u"id"_s, u"wamid.MEDIA1"_s},
                                  {u"timestamp"_s, QString::number(nowMillis() / 1000)},
                                  {u"type"_s, u"image"_s},
                                  {u"image"_s, QJsonObject{{u"id"_s, media},
                                                           {u"mime_type"_s, u"image/png"_s},
                                                           {u"caption"_s, u"receipt"_s}}}};
        QJsonObject body =
            QJsonDocument::fromJson(
                whatsAppTextUpdate(u"6281234567890"_s, u"wamid.X"_s, u"x"_s, kPhoneId))
                .object();
        // The text notification's shape, with the image message instead.
        QJsonArray entry = body[u"entry"_s].toArray();
        QJsonObject e = entry[0].toObject();
        QJsonArray changes = e[u"changes"_s].toArray();
        QJsonObject change = changes[0].toObject();
        QJsonObject value = change[u"value"_s].toObject();
        value[u"messages"_s] = QJsonArray{message};
        change[u"value"_s] = value;
        changes[0] = change;
        e[u"changes"_s] = changes;
        entry[0] = e;
        body[u"entry"_s] = entry;
        const QByteArray raw = QJsonDocument(body).toJson(QJsonDocument::Compact);
        const HttpResult r =
            fx().request("POST", u"/webhooks/whatsapp"_s, raw,
                         {{"X-Hub-Signature-256",
                           "sha256=" + crypto::hmacSha256("wa-app-secret-abcdef", raw).toHex()}});
        QCOMPARE(r.status, 200);
        const QJsonArray files = settledFiles(u"SELECT MAX(id) FROM messages"_s);
        QCOMPARE(files.size(), 1);
        QCOMPARE(files[0][u"state"_s].toString(), u"ready"_s);
        QCOMPARE(downloaded(files[0][u"id"_s].toInteger()), png);
        QCOMPARE(m_whatsApp->mediaUrlsIssued(), 2); // the first had expired: asked again
    }

    void badFilesFailWithTheirReasonAndTheMessageStays()
    {
        startHost({{u"media/maxFileMb"_s, 1}});
        // Unknown to Telegram (getFile answers 404): failed at once, not retried.
        m_telegram->inject({u"getFile"_s, {}, 404, u"Not Found: file not found"_s, {}, false, 1});
        const QString gone = m_telegram->addFile(smallPdf(), u"documents/gone.pdf"_s);
        QJsonArray f = telegramSends(document(gone, u"gone.pdf"_s, u"application/pdf"_s, 300));
        QCOMPARE(f[0][u"state"_s].toString(), u"failed"_s);
        QVERIFY2(f[0][u"error"_s].toString().contains(u"404"_s),
                 qPrintable(f[0][u"error"_s].toString()));
        QCOMPARE(f[0][u"attempts"_s].toInt(), 1);
        // …until an operator retries (the platform has it again).
        const qint64 goneId = f[0][u"id"_s].toInteger();
        QVERIFY(fx().call(u"attachment.retry"_s, {{u"id"_s, goneId}}).status.isOk());
        QTRY_COMPARE(fx().call(u"attachment.get"_s, {{u"id"_s, goneId}})
                         .result[u"attachment"_s][u"state"_s]
                         .toString(),
                     u"ready"_s);
        QCOMPARE(fx().call(u"attachment.retry"_s, {{u"id"_s, goneId}}).status.code(),
                 Status::Code::FailedPrecondition);

        // A "PDF" that is a program.
        const QString program = m_telegram->addFile(elfProgram(), u"documents/setup.pdf"_s);
        f = telegramSends(document(program, u"invoice.pdf"_s, u"application/pdf"_s, 224));
        QCOMPARE(f[0][u"state"_s].toString(), u"failed"_s);
        QVERIFY2(f[0][u"error"_s].toString().contains(u"program"_s),
                 qPrintable(f[0][u"error"_s].toString()));
        QCOMPARE(fx().call(u"attachment.download"_s, {{u"id"_s, f[0][u"id"_s].toInteger()}})
                     .status.code(),
                 Status::Code::FailedPrecondition);

        // Over the limit (1 MB here): never downloaded.
        const QByteArray big(1536 * 1024, 'x');
        const QString large = m_telegram->addFile(big, u"documents/big.txt"_s);
        f = telegramSends(document(large, u"big.txt"_s, u"text/plain"_s, big.size()));
        QCOMPARE(f[0][u"state"_s].toString(), u"failed"_s);
        QVERIFY2(f[0][u"error"_s].toString().contains(u"over the limit of 1.0 MB"_s),
                 qPrintable(f[0][u"error"_s].toString()));
        QCOMPARE(m_telegram->downloadsOf(u"documents/big.txt"_s), 0);

        // A decompression bomb: refused from its header, never decoded.
        const QString bomb = m_telegram->addFile(bombPng(), u"photos/bomb.png"_s);
        f = telegramSends({{u"photo"_s, QJsonArray{QJsonObject{{u"file_id"_s, bomb},
                                                               {u"file_unique_id"_s, u"b"_s},
                                                               {u"width"_s, 90},
                                                               {u"height"_s, 90}}}}});
        QCOMPARE(f[0][u"state"_s].toString(), u"failed"_s);
        QVERIFY2(f[0][u"error"_s].toString().contains(u"100000 × 100000"_s),
                 qPrintable(f[0][u"error"_s].toString()));

        // A name with path separators and 500 characters: kept under a safe one.
        const QString hostile = u"../../etc/"_s + QString(500, u'a') + u".pdf"_s;
        const QString named = m_telegram->addFile(smallPdf() + "\n% 2", u"documents/n.pdf"_s);
        f = telegramSends(document(named, hostile, u"application/pdf"_s, 300));
        QCOMPARE(f[0][u"state"_s].toString(), u"ready"_s);
        const QString safe = f[0][u"fileName"_s].toString();
        QVERIFY2(!safe.contains(u'/') && !safe.contains(u"..") && safe.size() <= 120 &&
                     safe.endsWith(u".pdf"_s),
                 qPrintable(safe));

        // Every message is there, with its caption, whatever happened to its file.
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM messages WHERE direction = 'in'"_s).toInt(),
                 5);
        QCOMPARE(
            fx().scalarAny(u"SELECT COUNT(*) FROM attachments WHERE state = 'failed'"_s).toInt(),
            3);
    }

    // A disk too full to take a file and leave the database its room: the message stays, the
    // file is failed saying why (an operator retries once there is room), and everything else —
    // a text message, a file already kept — goes on working. SQLite only: PostgreSQL keeps the
    // bytes in its own storage.
    void aFullDiskFailsTheFileAndNothingElse()
    {
        if (m_db)
            QSKIP("files are kept as files beside SQLite databases only");
        m_dir = std::make_unique<QTemporaryDir>();
        startHost({}, m_dir->path());
        const QByteArray pdf = smallPdf();
        const QJsonArray kept = telegramSends(document(
            m_telegram->addFile(pdf, u"documents/a.pdf"_s), u"a.pdf"_s, u"application/pdf"_s, 300));
        QCOMPARE(kept[0][u"state"_s].toString(), u"ready"_s);
        m_fx.reset();

        // Restarted asking to keep more free space than this disk has: for the service, full.
        startHost({{u"media/keepFreeMb"_s, 1'000'000'000}}, m_dir->path());
        const QString photoId = m_telegram->addFile(tinyPng(), u"photos/full.png"_s);
        const QJsonArray f = telegramSends(photoFields(photoId, u"f"_s));
        QCOMPARE(f[0][u"state"_s].toString(), u"failed"_s);
        QVERIFY2(f[0][u"error"_s].toString().contains(u"the disk is full"_s),
                 qPrintable(f[0][u"error"_s].toString()));
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM media_blobs"_s).toInt(), 1);
        QCOMPARE(fx().host().storage()->blobFiles()->keys().size(), 1);
        // The file kept before still opens; a text message is stored and listed.
        QCOMPARE(downloaded(kept[0][u"id"_s].toInteger()), pdf);
        const HttpResult text = fx().request(
            "POST", u"/webhooks/telegram"_s,
            telegramFileUpdate(++m_update, 880001, {{u"text"_s, u"did you get my claim?"_s}}),
            {{"X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789"}});
        QCOMPARE(text.status, 200);
        QTRY_COMPARE(
            fx().scalarAny(u"SELECT COUNT(*) FROM messages WHERE direction = 'in'"_s).toInt(), 3);
        m_fx.reset();

        // With room again (the setting back to a sensible reserve), the operator's retry keeps it.
        startHost({{u"media/keepFreeMb"_s, 16}}, m_dir->path());
        const qint64 failedId = f[0][u"id"_s].toInteger();
        QVERIFY(fx().call(u"attachment.retry"_s, {{u"id"_s, failedId}}).status.isOk());
        QTRY_COMPARE(fx().call(u"attachment.get"_s, {{u"id"_s, failedId}})
                         .result[u"attachment"_s][u"state"_s]
                         .toString(),
                     u"ready"_s);
        QCOMPARE(downloaded(failedId), tinyPng());
    }

    // A file written without its row (a crash between the two, a refused download) is removed
    // when the service starts; kept files stay.
    void filesNoRowRefersToAreSweptAtStart()
    {
        if (m_db)
            QSKIP("files are kept as files beside SQLite databases only");
        m_dir = std::make_unique<QTemporaryDir>();
        startHost({}, m_dir->path());
        const QJsonArray kept =
            telegramSends(document(m_telegram->addFile(smallPdf(), u"documents/k.pdf"_s),
                                   u"k.pdf"_s, u"application/pdf"_s, 300));
        QCOMPARE(kept[0][u"state"_s].toString(), u"ready"_s);
        const BlobFiles files = *fx().host().storage()->blobFiles();
        const QString stray = u"ffee0123456789abcdef0123456789ab"_s;
        QVERIFY(files.write(stray, "left behind").isOk());
        QCOMPARE(files.keys().size(), 2);
        m_fx.reset();
        startHost({}, m_dir->path());
        QCOMPARE(files.keys().size(), 1);
        QVERIFY(!files.contains(stray));
        QCOMPARE(downloaded(kept[0][u"id"_s].toInteger()), smallPdf());
    }

    void aFullQuotaRefusesNewFilesOnly()
    {
        startHost({{u"media/quotaMb"_s, 0}});
        const QString id = m_telegram->addFile(smallPdf(), u"documents/q.pdf"_s);
        const QJsonArray f =
            telegramSends(document(id, u"q.pdf"_s, u"application/pdf"_s, smallPdf().size()));
        QCOMPARE(f[0][u"state"_s].toString(), u"failed"_s);
        QVERIFY2(f[0][u"error"_s].toString().contains(u"space for files is full"_s),
                 qPrintable(f[0][u"error"_s].toString()));
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM media_blobs"_s).toInt(), 0);
    }

    // A PDF a customer sent becomes their own knowledge in one step: at once for a verified
    // chat, only with the operator's confirmation of who it is for an unverified one; linked to
    // its message, audited, searchable in that customer's documents only.
    void aCustomersPdfBecomesTheirKnowledge()
    {
        startHost();
        const QByteArray pdf = policyPdf({u"Policy NMA-LIFE-204817 schedule"_s,
                                          u"Dental care is covered up to Rp 7.500.000 a year."_s});
        QVERIFY(pdf.startsWith("%PDF"));
        const QString id = m_telegram->addFile(pdf, u"documents/policy.pdf"_s);
        const QJsonArray f =
            telegramSends(document(id, u"my-policy.pdf"_s, u"application/pdf"_s, pdf.size()));
        QCOMPARE(f[0][u"state"_s].toString(), u"ready"_s);
        const qint64 attachment = f[0][u"id"_s].toInteger();
        const qint64 message = f[0][u"messageId"_s].toInteger();
        const qint64 chatContact =
            fx().scalarAny(u"SELECT i.contact_id FROM messages m JOIN contact_identities i ON "
                           u"i.id = m.identity_id WHERE m.id = "_s +
                           QString::number(message))
                .toLongLong();
        QVERIFY(chatContact > 0);

        // Not verified: the operator must say whose it is.
        CommandResponse r = fx().call(u"attachment.addToKnowledge"_s, {{u"id"_s, attachment}});
        QCOMPARE(r.status.code(), Status::Code::FailedPrecondition);
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM documents"_s).toInt(), 0);
        r = fx().call(u"attachment.addToKnowledge"_s,
                      {{u"id"_s, attachment}, {u"contactId"_s, chatContact}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"contactId"_s].toInteger(), chatContact);
        QCOMPARE(r.result[u"document"_s][u"scope"_s].toString(), u"contact"_s);
        QCOMPARE(r.result[u"document"_s][u"fileName"_s].toString(), u"my-policy.pdf"_s);
        const qint64 documentId = r.result[u"document"_s][u"id"_s].toInteger();
        QCOMPARE(fx().scalarAny(u"SELECT source_message_id FROM documents WHERE id = "_s +
                                QString::number(documentId))
                     .toLongLong(),
                 message);
        // Searchable in that customer's documents, not in the shared base.
        const auto hits = [this](qint64 contactId) {
            QJsonObject params{{u"query"_s, u"dental care covered"_s}};
            if (contactId)
                params.insert(u"contactId"_s, contactId);
            return fx().call(u"knowledge.search"_s, params).result[u"hits"_s].toArray();
        };
        QTRY_VERIFY(!hits(chatContact).isEmpty());
        QVERIFY(hits(chatContact)[0][u"text"_s].toString().contains(u"7.500.000"_s));
        for (const QJsonValue &h : hits(0))
            QVERIFY(!h[u"text"_s].toString().contains(u"7.500.000"_s));
        QTRY_VERIFY(fx().scalarAny(u"SELECT COUNT(*) FROM audit_log WHERE action = "
                                   u"'attachment.addToKnowledge'"_s)
                        .toInt() == 1);

        // Verified as that customer: no confirmation needed, and another customer is refused.
        QVERIFY(fx().scalarAny(u"UPDATE contact_identities SET verified_at = 1, "
                               u"verification_expires_at = 4102444800000 WHERE contact_id = "_s +
                               QString::number(chatContact) + u" RETURNING id"_s)
                    .isValid());
        const qint64 sameChat = attachment;
        r = fx().call(u"attachment.addToKnowledge"_s, {{u"id"_s, sameChat}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"contactId"_s].toInteger(), chatContact);
        QCOMPARE(r.result[u"duplicate"_s].toBool(), true); // the same file, already there
        r = fx().call(u"attachment.addToKnowledge"_s,
                      {{u"id"_s, sameChat}, {u"contactId"_s, chatContact + 1000}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);

        // A picture is not a document.
        const QString photo = m_telegram->addFile(tinyPng(), u"photos/k.png"_s);
        const QJsonArray p = telegramSends(photoFields(photo, u"k"_s));
        r = fx().call(u"attachment.addToKnowledge"_s,
                      {{u"id"_s, p[0][u"id"_s].toInteger()}, {u"contactId"_s, chatContact}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
    }

    // An operator sends files back: a document and a photo on Telegram (multipart sendDocument
    // and sendPhoto, the caption with them), an image on WhatsApp (uploaded, then the image
    // message naming its media id); the sent file shows in the conversation; a program is refused.
    void operatorsSendFilesBack()
    {
        startHost();
        // Two chats to answer: a Telegram customer and a WhatsApp customer, both writing now.
        HttpResult r = fx().request("POST", u"/webhooks/telegram"_s,
                                    telegramTextUpdate(++m_update, 880123, u"send my policy"_s),
                                    {{"X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789"}});
        QCOMPARE(r.status, 200);
        const QByteArray wa =
            whatsAppTextUpdate(u"6281299990000"_s, u"wamid.IN1"_s, u"and a photo"_s, kPhoneId);
        r = fx().request("POST", u"/webhooks/whatsapp"_s, wa,
                         {{"X-Hub-Signature-256",
                           "sha256=" + crypto::hmacSha256("wa-app-secret-abcdef", wa).toHex()}});
        QCOMPARE(r.status, 200);
        QTRY_COMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM conversations"_s).toInt(), 2);
        const qint64 tg =
            fx().scalarAny(u"SELECT id FROM conversations WHERE platform = 'telegram'"_s)
                .toLongLong();
        const qint64 wac =
            fx().scalarAny(u"SELECT id FROM conversations WHERE platform = 'whatsapp'"_s)
                .toLongLong();
        const auto send = [this](qint64 conversation, const QString &text, const QString &name,
                                 const QByteArray &data) {
            return fx().call(u"message.send"_s,
                             {{u"conversationId"_s, conversation},
                              {u"text"_s, text},
                              {u"attachment"_s,
                               QJsonObject{{u"fileName"_s, name},
                                           {u"data"_s, QString::fromLatin1(data.toBase64())}}}});
        };
        const QByteArray pdf = smallPdf();
        CommandResponse sent = send(tg, u"Your policy, as promised"_s, u"polis.pdf"_s, pdf);
        QVERIFY2(sent.status.isOk(), qPrintable(sent.status.message()));
        QCOMPARE(sent.result[u"message"_s][u"kind"_s].toString(), u"document"_s);
        const qint64 docMessage = sent.result[u"message"_s][u"id"_s].toInteger();
        QTRY_COMPARE(m_telegram->callsOf(u"sendDocument"_s).size(), 1);
        const QJsonObject call = m_telegram->callsOf(u"sendDocument"_s).first().params;
        QCOMPARE(call[u"chat_id"_s].toInteger(), 880123);
        QCOMPARE(call[u"caption"_s].toString(), u"Your policy, as promised"_s);
        QCOMPARE(call[u"document"_s][u"fileName"_s].toString(), u"polis.pdf"_s);
        QCOMPARE(QByteArray::fromBase64(call[u"document"_s][u"data"_s].toString().toLatin1()), pdf);
        QTRY_COMPARE(fx().scalarAny(u"SELECT status FROM messages WHERE id = "_s +
                                    QString::number(docMessage))
                         .toString(),
                     u"sent"_s);
        sent = send(tg, QString(), u"receipt.png"_s, tinyPng());
        QVERIFY2(sent.status.isOk(), qPrintable(sent.status.message()));
        QCOMPARE(sent.result[u"message"_s][u"kind"_s].toString(), u"photo"_s);
        QTRY_COMPARE(m_telegram->callsOf(u"sendPhoto"_s).size(), 1);
        QVERIFY(!m_telegram->callsOf(u"sendPhoto"_s).first().params.contains(u"caption"_s));

        sent = send(wac, u"Here it is"_s, u"photo.png"_s, tinyPng());
        QVERIFY2(sent.status.isOk(), qPrintable(sent.status.message()));
        QTRY_COMPARE(m_whatsApp->uploads().size(), 1);
        QCOMPARE(m_whatsApp->mediaContent(m_whatsApp->uploads().first()), tinyPng());
        QTRY_VERIFY(!m_whatsApp->sent().isEmpty());
        const QJsonObject body = m_whatsApp->sent().last().body;
        QCOMPARE(body[u"type"_s].toString(), u"image"_s);
        QCOMPARE(body[u"image"_s][u"id"_s].toString(), m_whatsApp->uploads().first());
        QCOMPARE(body[u"image"_s][u"caption"_s].toString(), u"Here it is"_s);

        // The conversation shows what was sent, kept like what customers send.
        const QJsonArray items =
            fx().call(u"conversation.messages"_s, {{u"conversationId"_s, tg}, {u"limit"_s, 5}})
                .result[u"items"_s]
                .toArray();
        bool shown = false;
        for (const QJsonValue &m : items)
            if (m[u"id"_s].toInteger() == docMessage) {
                const QJsonObject file = m[u"files"_s][0].toObject();
                QCOMPARE(file[u"state"_s].toString(), u"ready"_s);
                QCOMPARE(file[u"mimeType"_s].toString(), u"application/pdf"_s);
                QCOMPARE(downloaded(file[u"id"_s].toInteger()), pdf);
                shown = true;
            }
        QVERIFY(shown);

        // A program is never sent, whatever it is called.
        const int before = fx().scalarAny(u"SELECT COUNT(*) FROM messages"_s).toInt();
        sent = send(tg, u"invoice"_s, u"invoice.pdf"_s, elfProgram());
        QCOMPARE(sent.status.code(), Status::Code::InvalidArgument);
        QVERIFY2(sent.status.message().contains(u"program"_s), qPrintable(sent.status.message()));
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM messages"_s).toInt(), before);
    }

    // The viewer role sees files (and its opens are audited like anyone's); retrying is work.
    void viewersOpenFilesButDoNotRetry()
    {
        startHost();
        const QString id = m_telegram->addFile(tinyPng(), u"photos/v.png"_s);
        const QJsonArray f = telegramSends(photoFields(id, u"v"_s));
        const qint64 attachment = f[0][u"id"_s].toInteger();
        const Session vera = fx().createOperatorAndLogin(u"vera@example.com"_s, u"viewer"_s);
        const CommandResponse r =
            fx().callWithToken(vera.accessToken, u"attachment.download"_s, {{u"id"_s, attachment}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(QByteArray::fromBase64(r.result[u"data"_s].toString().toLatin1()), tinyPng());
        QCOMPARE(
            fx().callWithToken(vera.accessToken, u"attachment.retry"_s, {{u"id"_s, attachment}})
                .status.code(),
            Status::Code::PermissionDenied);
        QCOMPARE(fx().call(u"attachment.get"_s, {{u"id"_s, 424242}}).status.code(),
                 Status::Code::NotFound);
    }
};

QTEST_MAIN(TestMedia) // QPdfWriter draws the customer's PDF
#include "tst_media.moc"
