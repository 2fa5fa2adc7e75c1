// The command line and its AIOCHAT_* environment twins: defaults, precedence, and one-line
// errors for every bad value.
#include "config/commandline.h"

#include <QCoreApplication>
#include <QDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

class TestCommandLine : public QObject
{
    Q_OBJECT

    static CommandLineOutcome parse(QStringList args, QProcessEnvironment env = {})
    {
        args.prepend(u"aiochat"_s);
        return parseCommandLine(args, env);
    }

private Q_SLOTS:
    void defaults()
    {
        const CommandLineOutcome out = parse({});
        QCOMPARE(out.action, CommandLineOutcome::Action::Run);
        QCOMPARE(out.options.headless, false);
        QCOMPARE(out.options.listenAddress, u"127.0.0.1"_s);
        QCOMPARE(out.options.port, quint16(8080));
        QCOMPARE(out.options.logLevel, u"info"_s);
        QVERIFY(out.options.databaseUrl.isEmpty());
        QVERIFY(out.options.dataDir.endsWith(u"/aiochat"_s));
    }

    void everyOptionParses()
    {
        const CommandLineOutcome out =
            parse({u"--headless"_s, u"--data-dir"_s, u"/tmp/x/../aio"_s, u"--database"_s,
                   u"postgresql://u:p@db:5433/crm"_s, u"--listen"_s, u"0.0.0.0"_s, u"--port"_s,
                   u"9000"_s, u"--log-level"_s, u"debug"_s, u"--demo"_s, u"--connect"_s,
                   u"https://office-pc:8443"_s});
        QCOMPARE(out.action, CommandLineOutcome::Action::Run);
        QVERIFY(out.options.headless);
        QVERIFY(out.options.demo);
        QCOMPARE(out.options.dataDir, u"/tmp/aio"_s);
        QCOMPARE(out.options.databaseUrl, u"postgresql://u:p@db:5433/crm"_s);
        QCOMPARE(out.options.listenAddress, u"0.0.0.0"_s);
        QCOMPARE(out.options.port, quint16(9000));
        QCOMPARE(out.options.logLevel, u"debug"_s);
        QCOMPARE(out.options.connectUrl, u"https://office-pc:8443"_s);
    }

    void environmentFillsInAndCommandLineWins()
    {
        QProcessEnvironment env;
        env.insert(u"AIOCHAT_DATA_DIR"_s, u"/srv/aiochat"_s);
        env.insert(u"AIOCHAT_PORT"_s, u"8443"_s);
        env.insert(u"AIOCHAT_HEADLESS"_s, u"true"_s);
        env.insert(u"AIOCHAT_LOG_LEVEL"_s, u"warning"_s);
        const CommandLineOutcome out = parse({u"--port"_s, u"9001"_s}, env);
        QCOMPARE(out.action, CommandLineOutcome::Action::Run);
        QCOMPARE(out.options.dataDir, u"/srv/aiochat"_s);
        QCOMPARE(out.options.port, quint16(9001));
        QVERIFY(out.options.headless);
        QCOMPARE(out.options.logLevel, u"warning"_s);
    }

    void badValuesGiveOneLineErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown option") << QStringList{u"--bogus"_s} << u"Unknown option 'bogus'"_s;
        QTest::newRow("port text") << QStringList{u"--port"_s, u"abc"_s} << u"--port: \"abc\""_s;
        QTest::newRow("port range")
            << QStringList{u"--port"_s, u"70000"_s} << u"--port: \"70000\""_s;
        QTest::newRow("listen") << QStringList{u"--listen"_s, u"localhost:80"_s}
                                << u"not an IP address"_s;
        QTest::newRow("level") << QStringList{u"--log-level"_s, u"loud"_s} << u"--log-level"_s;
        QTest::newRow("connect scheme")
            << QStringList{u"--connect"_s, u"ftp://office-pc"_s} << u"--connect: \"ftp"_s;
        QTest::newRow("connect host")
            << QStringList{u"--connect"_s, u"office-pc:8443"_s} << u"--connect"_s;
        QTest::newRow("database scheme")
            << QStringList{u"--database"_s, u"mysql://x/y"_s} << u"unsupported database"_s;
        QTest::newRow("database name")
            << QStringList{u"--database"_s, u"postgresql://host"_s} << u"needs a database name"_s;
        QTest::newRow("missing value")
            << QStringList{u"--port"_s} << u"Missing value after '--port'"_s;
        QTest::newRow("positional")
            << QStringList{u"extra"_s} << u"unexpected argument \"extra\""_s;
        QTest::newRow("keys without a backup")
            << QStringList{u"--include-keys"_s} << u"--include-keys goes with --backup"_s;
        QTest::newRow("backup and restore")
            << QStringList{u"--backup"_s, u"a"_s, u"--restore"_s, u"b"_s} << u"run one at a time"_s;
        QTest::newRow("backup without a file")
            << QStringList{u"--backup"_s, u" "_s} << u"--backup: name the file to write"_s;
    }

    void backupAndRestoreNameTheirFile()
    {
        CommandLineOutcome out = parse({u"--backup"_s, u"nightly.backup"_s, u"--include-keys"_s});
        QCOMPARE(out.action, CommandLineOutcome::Action::Run);
        QCOMPARE(out.options.task, MaintenanceTask::Backup);
        QCOMPARE(out.options.backupFile, QDir::current().absoluteFilePath(u"nightly.backup"_s));
        QVERIFY(out.options.includeKeys);
        out = parse({u"--restore"_s, u"/srv/nightly.backup"_s, u"--data-dir"_s, u"/srv/new"_s});
        QCOMPARE(out.options.task, MaintenanceTask::Restore);
        QCOMPARE(out.options.backupFile, u"/srv/nightly.backup"_s);
        QCOMPARE(out.options.dataDir, u"/srv/new"_s);
        QVERIFY(!out.options.includeKeys);
    }

    void badValuesGiveOneLineErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const CommandLineOutcome out = parse(args);
        QCOMPARE(out.action, CommandLineOutcome::Action::Error);
        QVERIFY2(out.text.contains(expected), qPrintable(out.text));
        QVERIFY(!out.text.trimmed().contains(u'\n'));
    }

    void badEnvironmentIsAnErrorToo()
    {
        QProcessEnvironment env;
        env.insert(u"AIOCHAT_PORT"_s, u"eighty"_s);
        QCOMPARE(parse({}, env).action, CommandLineOutcome::Action::Error);
        QProcessEnvironment secrets;
        secrets.insert(u"AIOCHAT_SECRETS"_s, u"vault"_s);
        QVERIFY(parse({}, secrets).text.contains(u"AIOCHAT_SECRETS"_s));
    }

    void helpListsEveryOptionAndItsVariable()
    {
        const CommandLineOutcome out = parse({u"--help"_s});
        QCOMPARE(out.action, CommandLineOutcome::Action::ShowHelp);
        for (const QString &s :
             {u"--headless"_s, u"--data-dir"_s, u"--database"_s, u"--listen"_s, u"--port"_s,
              u"--log-level"_s, u"--demo"_s, u"--version"_s, u"AIOCHAT_DATA_DIR"_s,
              u"AIOCHAT_DATABASE"_s, u"AIOCHAT_SECRETS"_s})
            QVERIFY2(out.text.contains(s), qPrintable(s));
        QCoreApplication::setApplicationVersion(u"9.8.7"_s);
        const CommandLineOutcome version = parse({u"--version"_s});
        QCOMPARE(version.action, CommandLineOutcome::Action::ShowVersion);
        QCOMPARE(version.text, u"aiochat 9.8.7"_s);
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
