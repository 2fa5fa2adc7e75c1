// Crash safety: a headless aiochat process under webhook load is killed with SIGKILL at an
// arbitrary moment, then restarted. Every update that got a 200 must be present exactly once
// (journal row and message), and nothing may be half-present: every journal row ends up as
// exactly one processed message, acknowledged or not.
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {

const QByteArray kSecret = "crash-test-secret-0123456789";

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QByteArray updateRequest(qint64 id)
{
    const QByteArray body =
        QJsonDocument(
            QJsonObject{
                {u"update_id"_s, id},
                {u"message"_s, QJsonObject{{u"message_id"_s, id},
                                           {u"chat"_s, QJsonObject{{u"id"_s, 1000 + id % 50},
                                                                   {u"type"_s, u"private"_s}}},
                                           {u"from"_s, QJsonObject{{u"id"_s, 1000 + id % 50},
                                                                   {u"is_bot"_s, false},
                                                                   {u"first_name"_s, u"Load"_s}}},
                                           {u"date"_s, 1767225600},
                                           {u"text"_s, u"update "_s + QString::number(id)}}}})
            .toJson(QJsonDocument::Compact);
    return "POST /webhooks/telegram HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
           "application/json\r\n"
           "X-Telegram-Bot-Api-Secret-Token: " +
           kSecret + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// One keep-alive connection sending one update at a time and recording the answers.
struct LoadClient
{
    QTcpSocket socket;
    QByteArray buffer;
    qint64 inFlight = -1;
};

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

    static QProcessEnvironment environment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"AIOCHAT_SECRETS"_s, u"file"_s);
        env.insert(u"AIOCHAT_TELEGRAM_WEBHOOK_SECRET"_s, QString::fromLatin1(kSecret));
        env.remove(u"DISPLAY"_s);
        env.remove(u"QT_QPA_PLATFORM"_s);
        return env;
    }

    static bool startProcess(QProcess &p, const QString &dir, quint16 port)
    {
        p.setProcessEnvironment(environment());
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(AIOCHAT_BINARY),
                {u"--headless"_s, u"--data-dir"_s, dir, u"--port"_s, QString::number(port)});
        QByteArray out;
        return QTest::qWaitFor(
                   [&] {
                       out += p.readAll();
                       return out.contains("running headless") || p.state() == QProcess::NotRunning;
                   },
                   20000) &&
               out.contains("running headless");
    }

private Q_SLOTS:
    void acknowledgedUpdatesSurviveSigkill()
    {
        QTemporaryDir dir;
        const quint16 port = freePort();
        QProcess server;
        QVERIFY(startProcess(server, dir.path(), port));

        constexpr int kClients = 16;
        constexpr int kKillAfterAcks = 1500;
        QSet<qint64> acknowledged;
        QSet<qint64> refused;
        qint64 nextId = 1;
        std::vector<std::unique_ptr<LoadClient>> clients;
        bool killed = false;
        auto sendNext = [&](LoadClient *c) {
            if (killed || c->socket.state() != QAbstractSocket::ConnectedState)
                return;
            c->inFlight = nextId++;
            c->socket.write(updateRequest(c->inFlight));
        };
        for (int i = 0; i < kClients; ++i) {
            auto c = std::make_unique<LoadClient>();
            LoadClient *raw = c.get();
            connect(&raw->socket, &QTcpSocket::connected, this, [&, raw] { sendNext(raw); });
            connect(&raw->socket, &QTcpSocket::readyRead, this, [&, raw] {
                raw->buffer += raw->socket.readAll();
                for (;;) {
                    const qsizetype end = raw->buffer.indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    const qsizetype lengthAt = raw->buffer.indexOf("Content-Length: ");
                    const qint64 length =
                        raw->buffer
                            .mid(lengthAt + 16,
                                 raw->buffer.indexOf("\r\n", lengthAt) - lengthAt - 16)
                            .toLongLong();
                    if (raw->buffer.size() < end + 4 + length)
                        return;
                    const int status = raw->buffer.mid(9, 3).toInt();
                    raw->buffer.remove(0, end + 4 + length);
                    (status == 200 ? acknowledged : refused).insert(raw->inFlight);
                    raw->inFlight = -1;
                    if (!killed && acknowledged.size() >= kKillAfterAcks) {
                        // Mid-load, with requests in flight on every other connection.
                        killed = true;
                        ::kill(pid_t(server.processId()), SIGKILL);
                        return;
                    }
                    sendNext(raw);
                }
            });
            raw->socket.connectToHost(QHostAddress::LocalHost, port);
            clients.push_back(std::move(c));
        }
        QVERIFY(QTest::qWaitFor([&] { return killed; }, 60000));
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::CrashExit);
        QVERIFY(refused.isEmpty()); // nothing was refused before the kill
        const qint64 sent = nextId - 1;
        qInfo() << "sent" << sent << "acknowledged" << acknowledged.size() << "before SIGKILL";

        // Restart: the journal's unprocessed rows are processed.
        QProcess again;
        QVERIFY(startProcess(again, dir.path(), freePort()));
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"crash-check"_s);
        db.setDatabaseName(dir.filePath(u"aiochat.db"_s));
        QVERIFY(db.open());
        auto scalar = [&db](const QString &sql) {
            QSqlQuery q(db);
            return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(u"SELECT COUNT(*) FROM inbound_journal WHERE state = 'pending'"_s), qint64(0),
            30000);

        QHash<qint64, int> journal;
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT event_key, state FROM inbound_journal"_s));
            while (q.next()) {
                QCOMPARE(q.value(1).toString(), u"processed"_s);
                ++journal[q.value(0).toString().section(u':', 0, 0).toLongLong()];
            }
        }
        QHash<qint64, int> messages;
        {
            QSqlQuery q(db);
            // What customers sent (the bot's answers are messages too).
            QVERIFY(q.exec(u"SELECT platform_message_id FROM messages WHERE direction = 'in'"_s));
            while (q.next())
                ++messages[q.value(0).toLongLong()];
        }
        // Every acknowledged update: exactly once, all the way through.
        for (qint64 id : std::as_const(acknowledged)) {
            QVERIFY2(journal.value(id) == 1,
                     qPrintable(u"journal copies of "_s + QString::number(id)));
            QVERIFY2(messages.value(id) == 1, qPrintable(u"messages for "_s + QString::number(id)));
        }
        // Nothing half-present: every stored update (acknowledged or cut off) became one message.
        for (auto it = journal.cbegin(); it != journal.cend(); ++it) {
            QCOMPARE(it.value(), 1);
            QVERIFY2(messages.value(it.key()) == 1, qPrintable(QString::number(it.key())));
            QVERIFY(it.key() >= 1 && it.key() <= sent);
        }
        QCOMPARE(messages.size(), journal.size());
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"crash-check"_s);
        ::kill(pid_t(again.processId()), SIGTERM);
        QVERIFY(again.waitForFinished(20000));
        QCOMPARE(again.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
