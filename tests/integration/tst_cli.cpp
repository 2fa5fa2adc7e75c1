// The aiochat binary as a user runs it: one-line errors with exit code 2, help and version,
// headless start and a clean exit 0 on SIGTERM and SIGINT, and a failed migration that names
// its step and leaves the database untouched.
#include "storage/connection.h"

#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

class TestCli : public QObject
{
    Q_OBJECT

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    static Run run(const QStringList &args,
                   const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(AIOCHAT_BINARY), args);
        p.waitForFinished(30000);
        return {p.exitCode(), QString::fromLocal8Bit(p.readAllStandardOutput()),
                QString::fromLocal8Bit(p.readAllStandardError())};
    }

    static QProcessEnvironment headlessEnv()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"AIOCHAT_SECRETS"_s, u"file"_s);
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        env.remove(u"QT_QPA_PLATFORM"_s);
        return env;
    }

    /** @brief Starts the real binary headless with @p args; what it prints collects in @p output.
     */
    void startHeadless(QProcess &p, QString &output, const QStringList &args)
    {
        p.setProcessEnvironment(headlessEnv());
        p.setProcessChannelMode(QProcess::MergedChannels);
        connect(&p, &QProcess::readyRead, this,
                [&p, &output] { output += QString::fromLocal8Bit(p.readAll()); });
        p.start(QStringLiteral(AIOCHAT_BINARY), args);
    }

private Q_SLOTS:
    void badOptionsExitWithCode2AndOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown") << QStringList{u"--frobnicate"_s}
                                 << u"aiochat: Unknown option 'frobnicate'."_s;
        QTest::newRow("port") << QStringList{u"--port"_s, u"http"_s}
                              << u"aiochat: --port: \"http\" is not a port number (0-65535)"_s;
        QTest::newRow("database")
            << QStringList{u"--database"_s, u"oracle://db/x"_s}
            << u"aiochat: --database: unsupported database \"oracle\"; use sqlite:// or postgresql://"_s;
    }
    void badOptionsExitWithCode2AndOneLine()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, message + u'\n');
        QVERIFY(r.out.isEmpty());
    }

    void environmentErrorsExitWithCode2()
    {
        QProcessEnvironment env = headlessEnv();
        env.insert(u"AIOCHAT_LOG_LEVEL"_s, u"chatty"_s);
        const Run r = run({}, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.startsWith(u"aiochat: --log-level"_s));
    }

    void helpAndVersion()
    {
        Run r = run({u"--version"_s});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), u"aiochat "_s + QStringLiteral(AIOCHAT_VERSION));
        r = run({u"--help"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(u"--data-dir <DIR>"_s));
        QVERIFY(r.out.contains(u"AIOCHAT_DATABASE"_s));
    }

    void headlessStopsCleanlyOnSignals_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }
    void headlessStopsCleanlyOnSignals()
    {
        QFETCH(int, signalNumber);
        QTemporaryDir dir;
        QProcess p;
        QString output;
        startHeadless(p, output, {u"--data-dir"_s, dir.path(), u"--demo"_s, u"--port"_s, u"0"_s});
        QTRY_VERIFY2_WITH_TIMEOUT(output.contains(u"running headless"_s), qPrintable(output),
                                  20000);
        ::kill(pid_t(p.processId()), signalNumber);
        QVERIFY(p.waitForFinished(20000));
        output += QString::fromLocal8Bit(p.readAll());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(output.contains(u"AIO-CHAT stopped"_s));
        // Everything written before the signal is in the database: the demo store is complete.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
            db.setDatabaseName(dir.filePath(u"aiochat.db"_s));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT COUNT(*) FROM conversations"_s) && q.next());
            QVERIFY(q.value(0).toInt() >= 200);
            QVERIFY(q.exec(u"SELECT COUNT(*) FROM messages"_s) && q.next());
            QVERIFY(q.value(0).toInt() >= 2000);
        }
        QSqlDatabase::removeDatabase(u"check"_s);
        QVERIFY(QFile::exists(dir.filePath(u"logs/aiochat.log"_s)));
    }

    // Every file the application writes holds personal data or keys: owner only, also for a data
    // directory an older version left readable to others.
    void filesAreOwnerOnly()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(u"logs"_s));
        QFile old(dir.filePath(u"logs/aiochat.log"_s));
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.close();
        QFile::setPermissions(old.fileName(), QFile::ReadOwner | QFile::WriteOwner |
                                                  QFile::ReadGroup | QFile::ReadOther);
        QFile::setPermissions(dir.filePath(u"logs"_s), QFile::ReadOwner | QFile::WriteOwner |
                                                           QFile::ExeOwner | QFile::ReadOther |
                                                           QFile::ExeOther);
        QProcess p;
        QString output;
        startHeadless(p, output, {u"--data-dir"_s, dir.path(), u"--port"_s, u"0"_s});
        QTRY_VERIFY2_WITH_TIMEOUT(output.contains(u"running headless"_s), qPrintable(output),
                                  20000);
        const QFileDevice::Permissions others = QFile::ReadGroup | QFile::WriteGroup |
                                                QFile::ExeGroup | QFile::ReadOther |
                                                QFile::WriteOther | QFile::ExeOther;
        const QStringList names{
            u"."_s,           u"aiochat.db"_s, u"aiochat.db-wal"_s,  u"secrets.json"_s,
            u"aiochat.ini"_s, u"logs"_s,       u"logs/aiochat.log"_s};
        for (const QString &name : names) {
            const QString path = dir.filePath(name);
            if (!QFile::exists(path) && name == u"aiochat.ini"_s)
                continue; // only written once something is saved
            QVERIFY2(QFile::exists(path), qPrintable(name));
            QVERIFY2(!(QFile::permissions(path) & others),
                     qPrintable(name + u": "_s + QString::number(QFile::permissions(path), 16)));
        }
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(20000));
    }

    void createAdminReadsThePasswordFromStandardInput()
    {
        QTemporaryDir dir;
        auto createAdmin = [&](const QByteArray &stdinText, const QProcessEnvironment &env) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(AIOCHAT_BINARY),
                    {u"--data-dir"_s, dir.path(), u"--create-admin"_s, u"Boss@Example.com"_s});
            p.write(stdinText);
            p.closeWriteChannel();
            p.waitForFinished(30000);
            return Run{p.exitCode(), QString::fromLocal8Bit(p.readAllStandardOutput()),
                       QString::fromLocal8Bit(p.readAllStandardError())};
        };
        Run r = createAdmin("short\n", headlessEnv());
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.out + r.err,
                 u"aiochat: password: the password needs at least 10 characters\n"_s);
        r = createAdmin("correct horse 42\n", headlessEnv());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(
            r.out,
            u"administrator boss@example.com created (operator 1); sign in with it in the console\n"_s);
        QProcessEnvironment env = headlessEnv();
        env.insert(u"AIOCHAT_ADMIN_PASSWORD"_s, u"another horse 43"_s);
        r = createAdmin({}, env);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err, u"aiochat: an operator with this e-mail exists\n"_s);

        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"admin"_s);
        db.setDatabaseName(dir.filePath(u"aiochat.db"_s));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"SELECT role, password_hash FROM operators"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"admin"_s);
        QVERIFY(q.value(1).toString().startsWith(u"scrypt$ln=15,r=8,p=1$"_s));
        QVERIFY(!q.value(1).toString().contains(u"horse"_s));
        QVERIFY(!q.next());
        q.finish();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"admin"_s);
        // Nothing secret reaches the log.
        QFile log(dir.filePath(u"logs/aiochat.log"_s));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(!log.readAll().contains("horse"));
    }

    void verifyAuditNamesTheFirstBrokenEntry()
    {
        QTemporaryDir dir;
        QProcessEnvironment env = headlessEnv();
        env.insert(u"AIOCHAT_ADMIN_PASSWORD"_s, u"correct horse 42"_s);
        for (const QString &email : {u"a@example.com"_s, u"b@example.com"_s, u"c@example.com"_s}) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(AIOCHAT_BINARY),
                    {u"--data-dir"_s, dir.path(), u"--create-admin"_s, email});
            QVERIFY(p.waitForFinished(30000));
            QCOMPARE(p.exitCode(), 0);
        }
        const QStringList args{u"--data-dir"_s, dir.path(), u"--verify-audit"_s};
        Run r = run(args, headlessEnv());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, u"audit log OK: 3 entries, chain intact\n"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tamper"_s);
            db.setDatabaseName(dir.filePath(u"aiochat.db"_s));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"UPDATE audit_log SET detail = '{\"role\":\"agent\"}' WHERE id = 2"_s));
        }
        QSqlDatabase::removeDatabase(u"tamper"_s);
        r = run(args, headlessEnv());
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.out, u"audit log BROKEN at entry 2: entry 2 was altered (1 entries before it "
                        u"check out)\n"_s);
    }

    // `--ingest` for bulk loads: a folder is walked, each file reported, exit 1 when any failed;
    // `--contact` names the customer by policy number, and an unknown one stops before anything.
    void ingestAddsFilesAndReportsEach()
    {
        QTemporaryDir data;
        QTemporaryDir docs;
        QVERIFY(QDir(docs.path()).mkpath(u"faq"_s));
        const auto write = [&docs](const QString &name, const QByteArray &content) {
            QFile f(docs.filePath(name));
            return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
        };
        QVERIFY(write(u"faq/claims.md"_s, "# Claims\n\nSend the invoice within 30 days."));
        QVERIFY(write(u"faq/hours.txt"_s, "Open Monday to Friday."));
        QVERIFY(write(u"faq/empty.md"_s, ""));
        Run r = run({u"--data-dir"_s, data.path(), u"--ingest"_s, docs.filePath(u"faq"_s)},
                    headlessEnv());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(
            r.out.contains(u"ready   "_s + docs.filePath(u"faq/claims.md"_s) + u" (1 passage)"_s),
            qPrintable(r.out));
        QVERIFY(r.out.contains(u"ready   "_s + docs.filePath(u"faq/hours.txt"_s)));
        QVERIFY(r.out.endsWith(u"2 ready, 1 failed\n"_s));
        QCOMPARE(r.err,
                 u"failed  "_s + docs.filePath(u"faq/empty.md"_s) + u": the file is empty\n"_s);

        r = run({u"--data-dir"_s, data.path(), u"--ingest"_s, docs.filePath(u"faq/claims.md"_s)},
                headlessEnv());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(u"same    "_s), qPrintable(r.out));

        r = run({u"--data-dir"_s, data.path(), u"--ingest"_s, u"--contact"_s, u"POL-0000-404"_s,
                 docs.filePath(u"faq/claims.md"_s)},
                headlessEnv());
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err,
                 u"aiochat: --contact: no customer has the id or policy number POL-0000-404\n"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"count"_s);
            db.setDatabaseName(data.filePath(u"aiochat.db"_s));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT COUNT(*), MIN(namespace) FROM documents"_s) && q.next());
            QCOMPARE(q.value(0).toInt(), 2);
            QCOMPARE(q.value(1).toString(), u"shared"_s);
        }
        QSqlDatabase::removeDatabase(u"count"_s);
    }

    void aSecondInstanceOnTheSameDataDirectoryIsRefused()
    {
        QTemporaryDir dir;
        QProcess first;
        first.setProcessEnvironment(headlessEnv());
        first.setProcessChannelMode(QProcess::MergedChannels);
        QString output;
        connect(&first, &QProcess::readyRead, this,
                [&] { output += QString::fromLocal8Bit(first.readAll()); });
        first.start(QStringLiteral(AIOCHAT_BINARY),
                    {u"--data-dir"_s, dir.path(), u"--port"_s, u"0"_s});
        QTRY_VERIFY2_WITH_TIMEOUT(output.contains(u"running headless"_s), qPrintable(output),
                                  20000);
        const Run second = run({u"--data-dir"_s, dir.path(), u"--port"_s, u"0"_s}, headlessEnv());
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains(
                     u"\naiochat: AIO-CHAT is already running with the data directory "_s +
                     dir.path() + u" (process "_s + QString::number(first.processId())),
                 qPrintable(second.err));
        ::kill(pid_t(first.processId()), SIGTERM);
        QVERIFY(first.waitForFinished(20000));
        QCOMPARE(first.exitCode(), 0);
    }

    void failedMigrationNamesTheStepAndChangesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"aiochat.db"_s);
        {
            // Someone else's table is in the way of the first migration.
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"prep"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"CREATE TABLE contacts (legacy TEXT)"_s));
        }
        QSqlDatabase::removeDatabase(u"prep"_s);

        const Run r =
            run({u"--headless"_s, u"--data-dir"_s, dir.path(), u"--port"_s, u"0"_s}, headlessEnv());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"aiochat: database: migration 0001_initial failed at statement"_s),
                 qPrintable(r.err));
        QVERIFY(r.err.contains(u"CREATE TABLE contacts"_s));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"after"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QCOMPARE(db.tables(), QStringList{u"contacts"_s});
        }
        QSqlDatabase::removeDatabase(u"after"_s);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
