// `aiochat --headless` as systemd runs it (aiochat.service, Type=notify, WatchdogSec=): the test
// plays systemd's side of sd_notify — a datagram socket in NOTIFY_SOCKET, WATCHDOG_USEC — and
// sees READY=1 with a status, watchdog pings, STOPPING=1 on SIGTERM; a
// process the watchdog aborts loses nothing it acknowledged; and with standard error going to
// the journal (JOURNAL_STREAM), nothing is logged a second time to the console or a file.
#include "storage/connection.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

/** @brief systemd's end of sd_notify: a datagram socket that keeps every message it receives. */
class NotifySocket : public QObject
{
    Q_OBJECT
public:
    explicit NotifySocket(const QString &path)
        : m_path(path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray name = QFile::encodeName(path);
        std::memcpy(address.sun_path, name.constData(),
                    std::min(sizeof(address.sun_path) - 1, std::size_t(name.size())));
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            return;
        m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this] {
            char buffer[4096];
            for (;;) {
                const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
                if (n <= 0)
                    break;
                m_messages.append(QString::fromUtf8(buffer, n));
            }
        });
    }
    ~NotifySocket() override
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    [[nodiscard]] bool isValid() const { return m_notifier != nullptr; }
    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] const QStringList &messages() const { return m_messages; }
    [[nodiscard]] int count(const QString &message) const { return int(m_messages.count(message)); }

private:
    QString m_path;
    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QStringList m_messages;
};

QProcessEnvironment serviceEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"AIOCHAT_SECRETS"_s, u"file"_s);
    env.insert(u"AIOCHAT_TELEGRAM_WEBHOOK_SECRET"_s, u"tg-secret-0123456789"_s);
    env.remove(u"DISPLAY"_s);
    env.remove(u"QT_QPA_PLATFORM"_s);
    env.remove(u"NOTIFY_SOCKET"_s);
    env.remove(u"WATCHDOG_USEC"_s);
    env.remove(u"WATCHDOG_PID"_s);
    env.remove(u"JOURNAL_STREAM"_s);
    return env;
}

int messagesIn(const QString &dataDir)
{
    int count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        db.setDatabaseName(QDir(dataDir).filePath(u"aiochat.db"_s));
        QSqlQuery q(db);
        if (db.open() && q.exec(u"SELECT COUNT(*) FROM messages WHERE direction = 'in'"_s) &&
            q.next())
            count = q.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(u"check"_s);
    return count;
}

} // namespace

class TestService : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // The port the service reports in its READY status.
    static quint16 portIn(const NotifySocket &notify)
    {
        static const QRegularExpression port(u"webhooks on port (\\d+)"_s);
        for (const QString &m : notify.messages())
            if (const auto match = port.match(m); match.hasMatch())
                return quint16(match.captured(1).toUInt());
        return 0;
    }

    void start(QProcess &p, const QProcessEnvironment &env, const QString &dataDir)
    {
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(AIOCHAT_BINARY),
                {u"--headless"_s, u"--data-dir"_s, dataDir, u"--port"_s, u"0"_s});
        QVERIFY(p.waitForStarted());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void readyWatchdogAndStopping()
    {
        NotifySocket notify(m_dir.filePath(u"notify"_s));
        QVERIFY(notify.isValid());
        QProcessEnvironment env = serviceEnvironment();
        env.insert(u"NOTIFY_SOCKET"_s, notify.path());
        env.insert(u"WATCHDOG_USEC"_s, u"400000"_s); // WatchdogSec=0.4 s: a ping every 200 ms
        QProcess p;
        start(p, env, m_dir.filePath(u"service"_s));
        QTRY_VERIFY_WITH_TIMEOUT(portIn(notify) > 0, 20'000);
        QCOMPARE(notify.messages().first(),
                 u"READY=1\nSTATUS=serving; webhooks on port "_s + QString::number(portIn(notify)));
        QTRY_VERIFY_WITH_TIMEOUT(notify.count(u"WATCHDOG=1"_s) >= 3, 10'000);
        p.terminate();
        QVERIFY(p.waitForFinished(20'000));
        QCOMPARE(p.exitCode(), 0);
        QTRY_COMPARE(notify.count(u"STOPPING=1"_s), 1);
    }

    // What the watchdog does to a hung service — SIGABRT — then systemd's restart: every update
    // acknowledged before the abort is stored, once.
    void anAbortedServiceLosesNothingItAcknowledged()
    {
        const QString dataDir = m_dir.filePath(u"aborted"_s);
        NotifySocket notify(m_dir.filePath(u"notify-abort"_s));
        QVERIFY(notify.isValid());
        QProcessEnvironment env = serviceEnvironment();
        env.insert(u"NOTIFY_SOCKET"_s, notify.path());
        QProcess p;
        start(p, env, dataDir);
        QTRY_VERIFY_WITH_TIMEOUT(portIn(notify) > 0, 20'000);

        QNetworkAccessManager network;
        for (int i = 1; i <= 20; ++i) {
            const QJsonObject update{
                {u"update_id"_s, 500 + i},
                {u"message"_s,
                 QJsonObject{{u"message_id"_s, i},
                             {u"date"_s, 1767225600},
                             {u"chat"_s, QJsonObject{{u"id"_s, 77}, {u"type"_s, u"private"_s}}},
                             {u"from"_s, QJsonObject{{u"id"_s, 77}, {u"first_name"_s, u"Rani"_s}}},
                             {u"text"_s, u"pesan "_s + QString::number(i)}}}};
            QNetworkRequest request(QUrl(u"http://127.0.0.1:"_s + QString::number(portIn(notify)) +
                                         u"/webhooks/telegram"_s));
            request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
            request.setRawHeader("X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789");
            QNetworkReply *reply =
                network.post(request, QJsonDocument(update).toJson(QJsonDocument::Compact));
            QSignalSpy finished(reply, &QNetworkReply::finished);
            QVERIFY(finished.wait(10'000));
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            reply->deleteLater();
        }
        ::kill(pid_t(p.processId()), SIGABRT);
        QVERIFY(p.waitForFinished(20'000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);

        NotifySocket again(m_dir.filePath(u"notify-again"_s));
        env.insert(u"NOTIFY_SOCKET"_s, again.path());
        QProcess restarted;
        start(restarted, env, dataDir);
        QTRY_VERIFY_WITH_TIMEOUT(portIn(again) > 0, 20'000);
        restarted.terminate();
        QVERIFY(restarted.waitForFinished(20'000));
        QCOMPARE(messagesIn(dataDir), 20);
    }

    // Standard error is the journal: lines go to the journal only — not to standard error, not
    // to a log file in the state directory. Elsewhere both are written, as before.
    void underTheJournalNothingIsLoggedTwice()
    {
        for (const bool journal : {false, true}) {
            const QString dataDir = m_dir.filePath(journal ? u"journal"_s : u"console"_s);
            const QString stderrFile = m_dir.filePath(journal ? u"j.err"_s : u"c.err"_s);
            QFile created(stderrFile);
            QVERIFY(created.open(QIODevice::WriteOnly));
            created.close();
            struct stat info
            {};
            QVERIFY(::stat(QFile::encodeName(stderrFile).constData(), &info) == 0);
            NotifySocket notify(m_dir.filePath(journal ? u"notify-j"_s : u"notify-c"_s));
            QProcessEnvironment env = serviceEnvironment();
            env.insert(u"NOTIFY_SOCKET"_s, notify.path());
            if (journal)
                env.insert(u"JOURNAL_STREAM"_s,
                           QString::number(info.st_dev) + u':' + QString::number(info.st_ino));
            QProcess p;
            p.setStandardErrorFile(stderrFile, QIODevice::Append);
            start(p, env, dataDir);
            QTRY_VERIFY_WITH_TIMEOUT(portIn(notify) > 0, 20'000);
            p.terminate();
            QVERIFY(p.waitForFinished(20'000));
            QFile err(stderrFile);
            QVERIFY(err.open(QIODevice::ReadOnly));
            const QByteArray printed = err.readAll();
            const bool logFile = QFile::exists(QDir(dataDir).filePath(u"logs/aiochat.log"_s));
            if (journal) {
                QVERIFY2(printed.isEmpty(), printed.constData());
                QVERIFY(!logFile);
            } else {
                QVERIFY(printed.contains("AIO-CHAT stopped"));
                QVERIFY(logFile);
            }
        }
    }
};

QTEST_MAIN(TestService)
#include "tst_service.moc"
