// `aiochat --backup` and `--restore` as an administrator runs them: a backup of a running instance
// (a customer's photo included) restored into a new folder opens with the same customers, texts
// and file; and each bad input the issue names — a truncated file, another application's file, a
// wrong passphrase, a folder in use or not empty, a disk that fills up during the backup —
// fails with its reason and leaves nothing half-done behind.
#include "backup/backup.h"
#include "domain/timestamps.h"
#include "faketelegramserver.h"
#include "hostfixture.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

const QString kToken = u"123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"_s;
const QString kPassphrase = u"kantor pusat 2026 cadangan"_s;

// A PDF of some 400 KB (a scanned policy's size): the backup's file part outweighs the rest.
QByteArray scannedPolicy()
{
    QByteArray pdf = "%PDF-1.4\n";
    for (int i = 0; i < 8000; ++i)
        pdf += "% scanned page data, line " + QByteArray::number(i).rightJustified(6, '0') +
               " ..........\n";
    pdf += "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
           "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
           "trailer << /Root 1 0 R >>\n%%EOF\n";
    return pdf;
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

// The real binary; @p input goes to its standard input (the passphrase). @p shell runs it
// through `bash -c` with that prefix (resource limits).
Run runAiochat(const QStringList &args, const QString &input = {}, const QString &shell = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"AIOCHAT_SECRETS"_s, u"file"_s);
    env.remove(u"DISPLAY"_s);
    env.remove(u"QT_QPA_PLATFORM"_s);
    p.setProcessEnvironment(env);
    if (shell.isEmpty()) {
        p.start(QStringLiteral(AIOCHAT_BINARY), args);
    } else {
        QString command = shell + u" exec '"_s + QStringLiteral(AIOCHAT_BINARY) + u'\'';
        for (const QString &a : args)
            command += u" '"_s + a + u'\'';
        p.start(u"bash"_s, {u"-c"_s, command});
    }
    if (!input.isNull()) {
        p.write((input + u'\n').toUtf8());
        p.closeWriteChannel();
    }
    if (!p.waitForFinished(120'000))
        p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromLocal8Bit(p.readAllStandardOutput()),
            QString::fromLocal8Bit(p.readAllStandardError())};
}

QStringList entriesOf(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

class TestBackup : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeTelegramServer> m_telegram;
    std::unique_ptr<HostFixture> m_fx;
    QTemporaryDir m_work;
    QString m_backup; ///< made once in initTestCase, of a running instance, keys included
    QString m_plain;  ///< the same without keys
    QStringList m_texts;
    QByteArray m_photo;
    QByteArray m_policy;

    HostFixture &fx() { return *m_fx; }

    void startHost(const QString &dataDir)
    {
        QMap<QString, QString> env = channelSecrets();
        env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, kToken);
        env.insert(u"AIOCHAT_TELEGRAM_API_BASE"_s, m_telegram->apiBase());
        m_fx = std::make_unique<HostFixture>(env, dataDir);
        const Status started = m_fx->start();
        QVERIFY2(started.isOk(), qPrintable(started.message()));
    }

    void post(qint64 update, const QJsonObject &fields)
    {
        const HttpResult r =
            fx().request("POST", u"/webhooks/telegram"_s,
                         telegramMessageUpdate(update, 9100 + update % 3, fields, u"Sari"_s),
                         {{"X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789"}});
        QCOMPARE(r.status, 200);
    }

    QByteArray downloaded(qint64 attachmentId)
    {
        const CommandResponse r = fx().call(u"attachment.download"_s, {{u"id"_s, attachmentId}});
        return QByteArray::fromBase64(r.result[u"data"_s].toString().toLatin1());
    }

private Q_SLOTS:
    // One running instance with customers, their texts, a photo and an audited operator action,
    // backed up while it runs (with and without keys); it keeps running for the tests below.
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        m_telegram = std::make_unique<FakeTelegramServer>(kToken);
        QVERIFY(m_telegram->listen());
        startHost(m_work.filePath(u"office"_s));
        m_photo = tinyPng();
        const QString photoId = m_telegram->addFile(m_photo, u"photos/claim.png"_s);
        for (int i = 1; i <= 6; ++i)
            post(i, {{u"text"_s, u"Pesan nomor "_s + QString::number(i)}});
        post(7, {{u"photo"_s, QJsonArray{QJsonObject{{u"file_id"_s, photoId},
                                                     {u"file_unique_id"_s, u"claim"_s},
                                                     {u"width"_s, 1},
                                                     {u"height"_s, 1}}}}});
        m_policy = scannedPolicy();
        const QString policyId = m_telegram->addFile(m_policy, u"documents/policy.pdf"_s);
        post(8, {{u"document"_s, QJsonObject{{u"file_id"_s, policyId},
                                             {u"file_unique_id"_s, u"policy"_s},
                                             {u"file_name"_s, u"polis.pdf"_s},
                                             {u"mime_type"_s, u"application/pdf"_s},
                                             {u"file_size"_s, m_policy.size()}}}});
        QTRY_COMPARE(
            fx().scalarAny(u"SELECT COUNT(*) FROM attachments WHERE state = 'ready'"_s).toInt(), 2);
        QCOMPARE(
            fx().scalarAny(u"SELECT COUNT(*) FROM media_blobs WHERE stored_in = 'file'"_s).toInt(),
            2);
        QVERIFY(fx().createOperatorAndLogin(u"dewi@example.com"_s, u"agent"_s).status.isOk());
        m_texts = fx().messageTexts();
        QCOMPARE(m_texts.size(), 8);

        m_backup = m_work.filePath(u"office.aiochat-backup"_s);
        const Run made = runAiochat(
            {u"--data-dir"_s, fx().dataDir(), u"--backup"_s, m_backup, u"--include-keys"_s},
            kPassphrase);
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
        QVERIFY2(made.out.contains(u"contacts, 3 conversations, 8 messages, 2 files, schema"_s),
                 qPrintable(made.out));
        QVERIFY(made.out.contains(u"keys included"_s));
        m_plain = m_work.filePath(u"plain.aiochat-backup"_s);
        const Run plain = runAiochat({u"--data-dir"_s, fx().dataDir(), u"--backup"_s, m_plain});
        QVERIFY2(plain.exitCode == 0, qPrintable(plain.err));
        QVERIFY(plain.out.contains(u"keys NOT included"_s));
        // Written after the backup: not in it.
        post(9, {{u"text"_s, u"Setelah cadangan"_s}});
        QTRY_COMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM messages"_s).toInt(), 9);
        // Nothing of the snapshot is left beside the backups.
        QCOMPARE(entriesOf(m_work.path()),
                 (QStringList{u"office"_s, u"office.aiochat-backup"_s, u"plain.aiochat-backup"_s}));
    }

    void cleanupTestCase()
    {
        m_fx.reset();
        m_telegram.reset();
    }

    // Restored on "a new machine" (an empty folder): the same texts, the photo, the audit chain.
    void aRestoredBackupOpensWithEverythingItHeld()
    {
        const QString target = m_work.filePath(u"new-pc"_s);
        const Run restored =
            runAiochat({u"--restore"_s, m_backup, u"--data-dir"_s, target}, kPassphrase);
        QVERIFY2(restored.exitCode == 0, qPrintable(restored.err + restored.out));
        QVERIFY2(restored.out.contains(u"8 messages, 2 files"_s), qPrintable(restored.out));
        QVERIFY2(restored.out.contains(u"audit log OK"_s), qPrintable(restored.out));
        QVERIFY(restored.out.contains(u"2 customers' files"_s));

        std::unique_ptr<HostFixture> office = std::move(m_fx); // keeps running beside it
        startHost(target);
        QCOMPARE(fx().messageTexts(), m_texts);
        const qint64 photo =
            fx().scalarAny(u"SELECT id FROM attachments WHERE kind = 'photo'"_s).toLongLong();
        QCOMPARE(downloaded(photo), m_photo);
        const qint64 policy =
            fx().scalarAny(u"SELECT id FROM attachments WHERE kind = 'document'"_s).toLongLong();
        QCOMPARE(downloaded(policy), m_policy);
        // Its operators came along: the agent signs in with the same password.
        QVERIFY(fx().login(u"dewi@example.com"_s, u"correct horse 42"_s).status.isOk());
        m_fx = std::move(office);
    }

    // A backup taken while customers keep writing is one moment of the store: it restores
    // whole, and holds exactly the first N messages for some N (none half-written, no gap).
    void aBackupTakenDuringWritesIsOneMoment()
    {
        const QString file = m_work.filePath(u"busy.aiochat-backup"_s);
        QProcess backup;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"AIOCHAT_SECRETS"_s, u"file"_s);
        backup.setProcessEnvironment(env);
        backup.start(QStringLiteral(AIOCHAT_BINARY),
                     {u"--data-dir"_s, fx().dataDir(), u"--backup"_s, file});
        QVERIFY(backup.waitForStarted());
        const int before = fx().scalarAny(u"SELECT COUNT(*) FROM messages"_s).toInt();
        int sent = 0;
        for (qint64 update = 100; backup.state() != QProcess::NotRunning || sent < 5; ++update) {
            post(update, {{u"text"_s, u"Selama cadangan "_s + QString::number(update)}});
            ++sent;
            QCoreApplication::processEvents();
        }
        QVERIFY(backup.state() == QProcess::NotRunning || backup.waitForFinished(60'000));
        QCOMPARE(backup.exitCode(), 0);
        QTRY_COMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM messages"_s).toInt(), before + sent);

        const QString target = m_work.filePath(u"busy-restore"_s);
        const Run restored = runAiochat({u"--restore"_s, file, u"--data-dir"_s, target});
        QVERIFY2(restored.exitCode == 0, qPrintable(restored.err));
        QVERIFY(QFile::copy(QDir(fx().dataDir()).filePath(u"secrets.json"_s),
                            QDir(target).filePath(u"secrets.json"_s)));
        std::unique_ptr<HostFixture> office = std::move(m_fx);
        startHost(target);
        const QStringList texts = fx().messageTexts();
        m_fx = std::move(office);
        const QStringList all = fx().messageTexts();
        QVERIFY2(texts.size() >= before && texts.size() <= before + sent,
                 qPrintable(QString::number(texts.size())));
        QCOMPARE(texts, all.mid(0, texts.size()));
    }

    // Without keys in it, a backup restores; what needs the keys waits until they are in place.
    void aBackupWithoutKeysNeedsTheKeysToOpen()
    {
        const QString target = m_work.filePath(u"no-keys"_s);
        const Run restored = runAiochat({u"--restore"_s, m_plain, u"--data-dir"_s, target});
        QVERIFY2(restored.exitCode == 0, qPrintable(restored.err));
        QVERIFY2(restored.out.contains(u"has no \"data-keys\" key"_s), qPrintable(restored.out));
        QVERIFY(restored.out.contains(u"audit chain could not be checked yet"_s));
        // The office's key file is the missing piece.
        QVERIFY(QFile::copy(QDir(fx().dataDir()).filePath(u"secrets.json"_s),
                            QDir(target).filePath(u"secrets.json"_s)));
        const Run audit = runAiochat({u"--data-dir"_s, target, u"--verify-audit"_s});
        QVERIFY2(audit.exitCode == 0, qPrintable(audit.err));
        QVERIFY(audit.out.startsWith(u"audit log OK"_s));
    }

    void badBackupsAreRefusedAndRestoreNothing_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("passphrase");
        QTest::addColumn<QString>("why");
        QTest::newRow("truncated")
            << u"truncate"_s << kPassphrase << u"the backup is incomplete: it ends at byte"_s;
        QTest::newRow("another application's file")
            << u"png"_s << kPassphrase << u"this file is not an AIO-CHAT backup"_s;
        QTest::newRow("a byte changed")
            << u"flip"_s << kPassphrase
            << u"the backup is damaged: its checksum does not match its contents"_s;
        QTest::newRow("wrong passphrase")
            << QString() << u"kantor pusat 2025 cadangan"_s
            << u"the passphrase does not open the keys in this backup (nothing was restored)"_s;
    }
    void badBackupsAreRefusedAndRestoreNothing()
    {
        QFETCH(QString, damage);
        QFETCH(QString, passphrase);
        QFETCH(QString, why);
        QFile good(m_backup);
        QVERIFY(good.open(QIODevice::ReadOnly));
        QByteArray bytes = good.readAll();
        if (damage == u"truncate"_s)
            bytes.truncate(bytes.size() * 2 / 3);
        else if (damage == u"png"_s)
            bytes = tinyPng();
        else if (damage == u"flip"_s)
            bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x20);
        const QString file = m_work.filePath(u"bad.aiochat-backup"_s);
        QFile::remove(file);
        QFile bad(file);
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(bytes);
        bad.close();

        const QString target = m_work.filePath(u"bad-restore"_s);
        const Run r = runAiochat({u"--restore"_s, file, u"--data-dir"_s, target}, passphrase);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith(u"aiochat: restore failed: "_s + why), qPrintable(r.err));
        QVERIFY2(entriesOf(target).isEmpty(), qPrintable(entriesOf(target).join(u' ')));
    }

    // A folder in use by a running instance, or holding anything, never receives a restore.
    void aRestoreNeverOverwrites()
    {
        Run r =
            runAiochat({u"--restore"_s, m_backup, u"--data-dir"_s, fx().dataDir()}, kPassphrase);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"AIO-CHAT is running with "_s + fx().dataDir()),
                 qPrintable(r.err));
        const QString used = m_work.filePath(u"used"_s);
        QVERIFY(QDir().mkpath(used));
        QFile note(QDir(used).filePath(u"notes.txt"_s));
        QVERIFY(note.open(QIODevice::WriteOnly));
        note.write("mine");
        note.close();
        r = runAiochat({u"--restore"_s, m_backup, u"--data-dir"_s, used}, kPassphrase);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(used + u" is not empty"_s), qPrintable(r.err));
        QCOMPARE(entriesOf(used), QStringList{u"notes.txt"_s});
    }

    // The disk fills up during the backup (a file-size limit stands in for it), while the
    // snapshot is taken or while the backup file is written: the backup fails with its reason
    // and no partial file — nor the snapshot or its journal — is left.
    void aDiskThatFillsUpLeavesNoPartialBackup_data()
    {
        QTest::addColumn<qint64>("limitKb");
        QTest::addColumn<QString>("why");
        QTest::newRow("during the snapshot")
            << qint64(64)
            << u"taking the snapshot of the database: disk I/O error (is the disk full?)"_s;
        // The snapshot fits; the backup, larger by the 400 KB policy, does not.
        QTest::newRow("writing the backup")
            << (QFileInfo(m_plain).size() - 200 * 1024) / 1024 << u"writing the backup: "_s;
    }
    void aDiskThatFillsUpLeavesNoPartialBackup()
    {
        QFETCH(qint64, limitKb);
        QFETCH(QString, why);
        const QString out = m_work.filePath(u"full"_s);
        QVERIFY(QDir().mkpath(out));
        const Run r = runAiochat(
            {u"--data-dir"_s, fx().dataDir(), u"--backup"_s, QDir(out).filePath(u"b.backup"_s)}, {},
            u"trap '' XFSZ; ulimit -f "_s + QString::number(limitKb) + u';');
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"aiochat: backup failed: "_s + why), qPrintable(r.err));
        QVERIFY2(entriesOf(out).isEmpty(), qPrintable(entriesOf(out).join(u' ')));
    }

    // The daily backup: at its time in the office's zone a backup appears in the folder, the
    // oldest beyond "keep" go (nothing else in the folder does), and the Console API shows it.
    void theDailyBackupRunsAtItsTimeAndKeepsTheNewest()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(u"backups"_s);
        QVERIFY(QDir().mkpath(folder));
        const QStringList older{u"aiochat-2026-11-28-020000.aiochat-backup"_s,
                                u"aiochat-2026-11-29-020000.aiochat-backup"_s,
                                u"aiochat-2026-11-30-020000.aiochat-backup"_s, u"notes.txt"_s};
        for (const QString &name : older) {
            QFile f(QDir(folder).filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        // Two seconds before 09:00 in Jakarta.
        Clock::startAt(
            QDateTime::fromString(u"2026-12-01T01:59:58Z"_s, Qt::ISODate).toMSecsSinceEpoch());
        const auto restoreClock = qScopeGuard([] { Clock::useSystemTime(); });
        HostFixture office({}, dir.path(),
                           {{u"backup/daily"_s, true},
                            {u"backup/at"_s, u"09:00"_s},
                            {u"backup/keep"_s, 2},
                            {u"automation/timeZone"_s, u"Asia/Jakarta"_s}});
        QVERIFY(office.start().isOk());
        QCOMPARE(office.call(u"backup.status"_s).result[u"nextRun"_s].toString(),
                 u"2026-12-01T02:00:00.000Z"_s);
        QTRY_VERIFY_WITH_TIMEOUT(
            office.call(u"backup.status"_s).result[u"last"_s][u"ok"_s].toBool(), 20'000);
        const QJsonObject status = office.call(u"backup.status"_s).result.toObject();
        const QString made = QFileInfo(status[u"last"_s][u"file"_s].toString()).fileName();
        QVERIFY2(made.startsWith(u"aiochat-2026-12-01-0200"_s), qPrintable(made));
        QCOMPARE(status[u"nextRun"_s].toString(), u"2026-12-02T02:00:00.000Z"_s);
        QCOMPARE(entriesOf(folder), (QStringList{u"aiochat-2026-11-30-020000.aiochat-backup"_s,
                                                 made, u"notes.txt"_s}));
        QVERIFY(office.request("GET", u"/metrics"_s)
                    .body.contains("aiochat_backups_total{outcome=\"ok\"} 1"));

        // Settings are checked; a backup on demand is audited.
        const CommandResponse bad =
            office.call(u"backup.configure"_s, {{u"at"_s, u"25:99"_s}, {u"keep"_s, 0}});
        QCOMPARE(bad.status.code(), Status::Code::InvalidArgument);
        QVERIFY(office.call(u"backup.configure"_s, {{u"keep"_s, 3}}).status.isOk());
        QVERIFY(office.call(u"backup.runNow"_s).status.isOk());
        QTRY_COMPARE(office
                         .scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = "
                                 u"'backup.runNow'"_s)
                         .toInt(),
                     1);
    }

    // A backup asked to stop (the instance is shutting down) fails with that reason and leaves
    // no file behind.
    void aCancelledBackupLeavesNothing()
    {
        QTemporaryDir out;
        backup::BackupRequest request;
        request.dataDir = fx().dataDir();
        request.sqlitePath = QDir(fx().dataDir()).filePath(u"aiochat.db"_s);
        request.outputPath = out.filePath(u"stopped.aiochat-backup"_s);
        request.cancelled = std::make_shared<const std::atomic<bool>>(true);
        const Result<backup::BackupResult> made = backup::makeBackup(request);
        QVERIFY(!made.isOk());
        QCOMPARE(made.status().message(), u"the backup was cancelled (AIO-CHAT is stopping)"_s);
        QCOMPARE(entriesOf(out.path()), QStringList());
        request.cancelled = std::make_shared<const std::atomic<bool>>(false);
        QVERIFY(backup::makeBackup(request).isOk());
        QCOMPARE(entriesOf(out.path()), QStringList{u"stopped.aiochat-backup"_s});
    }

    void postgresGetsPgDumpGuidance()
    {
        const Run r = runAiochat({u"--database"_s, u"postgresql://aiochat@127.0.0.1:1/aiochat"_s,
                                  u"--backup"_s, m_work.filePath(u"pg.backup"_s)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"pg_dump --format=custom"_s), qPrintable(r.err));
        QVERIFY(!QFile::exists(m_work.filePath(u"pg.backup"_s)));
    }
};

QTEST_MAIN(TestBackup)
#include "tst_backup.moc"
