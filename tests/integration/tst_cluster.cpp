// Two instances on one PostgreSQL database: instance A runs in this process (HostFixture),
// instance B is the real binary started as a second process with its own data directory and a
// copy of A's secrets. Events, sessions, sends, journal rows and the Telegram poller are shared
// through the database; the faults are the ones a deployment meets: the server dropping every
// connection (what a PostgreSQL restart looks like from the instances) and one instance killed.
#include "api/consoleapi.h"
#include "faketelegramserver.h"
#include "hostfixture.h"
#include "jsonrpcclient.h"
#include "tcpproxy.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QProcess>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

const QString kToken = u"123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"_s;
const QString kPassword = u"correct horse 42"_s;

// Short leases so a takeover happens within the test's patience.
const QVariantMap kClusterSettings{{u"cluster/heartbeatMs"_s, 200},
                                   {u"cluster/leaseMs"_s, 3000},
                                   {u"ratelimits/enabled"_s, false},
                                   {u"listener/rateLimit/api"_s, u"100000/60"_s}};

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

/** @brief A private text message from @p chatId, as Telegram sends it (message id = update id). */
QJsonObject textUpdate(qint64 updateId, qint64 chatId, const QString &text)
{
    return QJsonDocument::fromJson(telegramTextUpdate(updateId, chatId, text)).object();
}

/** @brief Instance B: the aiochat binary, headless, on the same database. */
class SecondInstance
{
public:
    SecondInstance(const QString &secretsFrom, const QString &databaseUrl,
                   const QMap<QString, QString> &env)
        : m_port(freePort())
    {
        QFile::copy(QDir(secretsFrom).filePath(u"secrets.json"_s),
                    QDir(m_dir.path()).filePath(u"secrets.json"_s));
        QFile::setPermissions(QDir(m_dir.path()).filePath(u"secrets.json"_s),
                              QFile::ReadOwner | QFile::WriteOwner);
        {
            QSettings ini(QDir(m_dir.path()).filePath(u"aiochat.ini"_s), QSettings::IniFormat);
            for (auto it = kClusterSettings.cbegin(); it != kClusterSettings.cend(); ++it)
                ini.setValue(it.key(), it.value());
            ini.setValue(u"assistant/enabled"_s, u"off"_s);
        }
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"AIOCHAT_SECRETS"_s, u"file"_s);
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            environment.insert(it.key(), it.value());
        environment.remove(u"DISPLAY"_s);
        environment.remove(u"QT_QPA_PLATFORM"_s);
        m_process.setProcessEnvironment(environment);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_args = {u"--headless"_s,         u"--data-dir"_s, m_dir.path(), u"--port"_s,
                  QString::number(m_port), u"--database"_s, databaseUrl};
    }
    ~SecondInstance()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(10000))
                m_process.kill();
        }
    }

    bool start()
    {
        m_output.clear();
        m_process.start(QStringLiteral(AIOCHAT_BINARY), m_args);
        const bool up = QTest::qWaitFor(
            [this] {
                m_output += m_process.readAll();
                return m_output.contains("running headless") ||
                       m_process.state() == QProcess::NotRunning;
            },
            30000);
        return up && m_output.contains("running headless");
    }
    void kill() { ::kill(pid_t(m_process.processId()), SIGKILL), m_process.waitForFinished(); }
    bool stop()
    {
        m_process.terminate();
        return m_process.waitForFinished(30000) && m_process.exitCode() == 0;
    }
    [[nodiscard]] QByteArray output()
    {
        m_output += m_process.readAll();
        return m_output;
    }
    [[nodiscard]] QString baseUrl() const
    {
        return u"http://127.0.0.1:"_s + QString::number(m_port);
    }
    [[nodiscard]] QString dataDir() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    quint16 m_port;
    QProcess m_process;
    QStringList m_args;
    QByteArray m_output;
};

/** @brief One HTTP request, waited for; status 0 when the connection failed. */
HttpResult post(QNetworkAccessManager &net, const QString &url, const QJsonObject &body,
                const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = net.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 15000))
        reply->abort();
    HttpResult out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    reply->deleteLater();
    return out;
}

HttpResult command(QNetworkAccessManager &net, const QString &base, const QString &token,
                   const QString &name, const QJsonObject &params = {})
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!token.isEmpty())
        headers.append({"Authorization", "Bearer " + token.toUtf8()});
    return post(net, base + u"/api/v1/commands/"_s + name, params, headers);
}

HttpResult webhook(QNetworkAccessManager &net, const QString &base, const QJsonObject &update)
{
    return post(net, base + u"/webhooks/telegram"_s, update,
                {{"X-Telegram-Bot-Api-Secret-Token",
                  channelSecrets().value(u"AIOCHAT_TELEGRAM_WEBHOOK_SECRET"_s).toUtf8()}});
}

} // namespace

class TestCluster : public QObject
{
    Q_OBJECT

    std::unique_ptr<ScratchDatabase> m_db;
    FakeTelegramServer *m_telegram = nullptr;
    QMap<QString, QString> m_env;

    /** @brief A scratch database and the channel set-up both instances share. */
    bool prepare()
    {
        m_db = std::make_unique<ScratchDatabase>(Engine::Postgres);
        if (!m_db->isValid())
            return false;
        delete m_telegram;
        m_telegram = new FakeTelegramServer(kToken, this);
        if (!m_telegram->listen())
            return false;
        m_env = channelSecrets();
        m_env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, kToken);
        m_env.insert(u"AIOCHAT_TELEGRAM_API_BASE"_s, m_telegram->apiBase());
        return true;
    }

#define AIOCHAT_PREPARE_CLUSTER()                                                                  \
    do {                                                                                           \
        if (!prepare()) {                                                                          \
            if (qEnvironmentVariable("AIOCHAT_REQUIRE_PG") == QStringLiteral("1"))                 \
                QFAIL(qPrintable(m_db->why()));                                                    \
            QSKIP(qPrintable(m_db->why()));                                                        \
        }                                                                                          \
    } while (false)

private Q_SLOTS:
    // A message received by B appears live on a console connected to A; a sign-in on A works on
    // B, and a sign-out on A ends the session on B at once.
    void eventsAndSessionsCrossInstances()
    {
        AIOCHAT_PREPARE_CLUSTER();
        HostFixture a(m_env, {}, kClusterSettings);
        a.useDatabase(m_db->url());
        QVERIFY(a.start().isOk());
        SecondInstance b(a.dataDir(), m_db->url(), m_env);
        QVERIFY2(b.start(), b.output().constData());

        // Signed in on A after B started: B learns of the session from A.
        const Session ana = a.createOperatorAndLogin(u"ana@example.com"_s, u"agent"_s, kPassword);
        QVERIFY(ana.status.isOk());
        QNetworkAccessManager net;
        QTRY_COMPARE_WITH_TIMEOUT(
            command(net, b.baseUrl(), ana.accessToken, u"conversations.list"_s).status, 200, 10000);

        JsonRpcClient console;
        QVERIFY(console.open(u"ws://127.0.0.1:"_s + QString::number(a.host().listenerPort()) +
                                 u"/api/v1/ws"_s,
                             ana.accessToken));
        QCOMPARE(webhook(net, b.baseUrl(), textUpdate(7001, 5501, u"sent to B"_s)).status, 200);
        const std::optional<QJsonObject> created =
            console.waitForEvent(u"message.created"_s, 10000);
        QVERIFY(created.has_value());
        QCOMPARE(created->value(u"data"_s)
                     .toObject()
                     .value(u"message"_s)
                     .toObject()
                     .value(u"text"_s)
                     .toString(),
                 u"sent to B"_s);
        // Stored once, by whichever instance processed it.
        QCOMPARE(a.scalarAny(u"SELECT COUNT(*) FROM messages"_s).toInt(), 1);

        // Signed out on A: B refuses the token from then on, and A's socket is closed.
        QVERIFY(a.callWithToken(ana.accessToken, u"auth.logout"_s).status.isOk());
        QTRY_COMPARE_WITH_TIMEOUT(
            command(net, b.baseUrl(), ana.accessToken, u"conversations.list"_s).status, 401, 10000);

        // A role change on B applies on A.
        const HttpResult adminLogin =
            command(net, b.baseUrl(), {}, u"auth.login"_s,
                    {{u"email"_s, u"root@example.com"_s}, {u"password"_s, kPassword}});
        QCOMPARE(adminLogin.status, 401); // nobody of that name yet: B knows the same operators
        const Session boss = a.createOperatorAndLogin(u"boss@example.com"_s, u"admin"_s, kPassword);
        const Session vera = a.createOperatorAndLogin(u"vera@example.com"_s, u"agent"_s, kPassword);
        QTRY_COMPARE_WITH_TIMEOUT(
            command(net, b.baseUrl(), boss.accessToken, u"operators.list"_s).status, 200, 10000);
        QCOMPARE(command(net, b.baseUrl(), boss.accessToken, u"operator.update"_s,
                         {{u"id"_s, vera.operatorId}, {u"disabled"_s, true}})
                     .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(
            a.callWithToken(vera.accessToken, u"conversations.list"_s).status.code(),
            Status::Code::Unauthenticated, 10000);

        // Channel configuration (a secret among it) set on A applies on B; the listener's guard
        // set on B applies on A.
        auto whatsAppOnB = [&] {
            const QJsonObject status =
                QJsonDocument::fromJson(
                    command(net, b.baseUrl(), boss.accessToken, u"channel.status"_s).body)
                    .object();
            for (const QJsonValue &c :
                 status.value(u"result"_s).toObject().value(u"channels"_s).toArray()) {
                if (c.toObject().value(u"platform"_s).toString() == u"whatsapp"_s)
                    return c.toObject();
            }
            return QJsonObject();
        };
        QVERIFY(!whatsAppOnB().value(u"sending"_s).toBool());
        QVERIFY(a.callWithToken(
                     boss.accessToken, u"channel.configure"_s,
                     {{u"key"_s, u"whatsapp/phoneNumberId"_s}, {u"value"_s, u"106540352242922"_s}})
                    .status.isOk());
        QVERIFY(a.callWithToken(
                     boss.accessToken, u"channel.configure"_s,
                     {{u"key"_s, u"whatsapp-access-token"_s}, {u"value"_s, u"EAAG-shared-token"_s}})
                    .status.isOk());
        QTRY_VERIFY_WITH_TIMEOUT(whatsAppOnB().value(u"sending"_s).toBool(), 10000);
        QCOMPARE(whatsAppOnB().value(u"phoneNumberId"_s).toString(), u"106540352242922"_s);
        QCOMPARE(command(net, b.baseUrl(), boss.accessToken, u"listener.configure"_s,
                         {{u"rateLimitApi"_s, u"5000/60"_s}})
                     .status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(a.call(u"listener.settings"_s)
                                      .result.toObject()
                                      .value(u"saved"_s)
                                      .toObject()
                                      .value(u"rateLimitApi"_s)
                                      .toString(),
                                  u"5000/60"_s, 10000);

        // A change made while B is stopped reaches B when it starts again.
        QVERIFY(b.stop());
        QVERIFY(a.callWithToken(
                     boss.accessToken, u"channel.configure"_s,
                     {{u"key"_s, u"whatsapp/phoneNumberId"_s}, {u"value"_s, u"222333444555"_s}})
                    .status.isOk());
        QVERIFY2(b.start(), b.output().constData());
        QTRY_COMPARE_WITH_TIMEOUT(whatsAppOnB().value(u"phoneNumberId"_s).toString(),
                                  u"222333444555"_s, 10000);
    }

    // Sends queued on both instances go out exactly once — also across every database
    // connection being dropped at once — and what a killed instance had queued or journaled is
    // taken over by the other: nothing acknowledged is lost.
    void sendsOnceAndNothingLostWhenOneDies()
    {
        AIOCHAT_PREPARE_CLUSTER();
        // Both instances reach the server through a relay that can play a server restart.
        QUrl url(m_db->url());
        TcpProxy proxy(url.host(), quint16(url.port(5432)));
        QVERIFY(proxy.port() != 0);
        url.setHost(u"127.0.0.1"_s);
        url.setPort(proxy.port());
        const QString database = url.toString();
        HostFixture a(m_env, {}, kClusterSettings);
        a.useDatabase(database);
        QVERIFY(a.start().isOk());
        SecondInstance b(a.dataDir(), database, m_env);
        QVERIFY2(b.start(), b.output().constData());
        const Session ana = a.createOperatorAndLogin(u"ana@example.com"_s, u"agent"_s, kPassword);
        QVERIFY(ana.status.isOk());
        QNetworkAccessManager net;
        QTRY_COMPARE_WITH_TIMEOUT(
            command(net, b.baseUrl(), ana.accessToken, u"conversations.list"_s).status, 200, 10000);

        // Twenty customers write (through both instances); chat 6000 + c is conversation c.
        constexpr int kChats = 20;
        QList<qint64> conversations;
        for (int c = 0; c < kChats; ++c) {
            const QString base = c % 2 ? b.baseUrl() : a.baseUrl();
            QCOMPARE(webhook(net, base, textUpdate(100 + c, 6000 + c, u"hello"_s)).status, 200);
            QTRY_COMPARE_WITH_TIMEOUT(a.scalarAny(u"SELECT COUNT(*) FROM conversations"_s).toInt(),
                                      c + 1, 10000);
            conversations.append(a.scalarAny(u"SELECT MAX(id) FROM conversations"_s).toLongLong());
        }

        // Replies through both instances, and PostgreSQL restarts in the middle (every connection
        // cut, new ones refused for three seconds). A request made while it is down is refused
        // (503, "database unavailable"); every one accepted goes out exactly once, also those
        // queued or on the wire when the server went away. A refused one goes out at most once:
        // when the connection is cut during its commit, the server may have committed it
        // without the instance hearing so (the error says so).
        QSet<QString> expected;
        QSet<QString> unsure;
        QList<int> refusals;
        int acceptedByA = 0;
        auto reply = [&](int round, int from, int to) {
            for (int i = from; i < to; ++i) {
                const QString text = u"reply %1 to %2"_s.arg(round).arg(i);
                const QJsonObject params{{u"conversationId"_s, conversations.at(i % kChats)},
                                         {u"text"_s, text}};
                int status = 0;
                if (i % 2) { // odd chats through B, even ones through A
                    status = command(net, b.baseUrl(), ana.accessToken, u"message.send"_s, params)
                                 .status;
                } else {
                    const Status s =
                        a.callWithToken(ana.accessToken, u"message.send"_s, params).status;
                    status = s.isOk() ? 200 : (s.code() == Status::Code::Unavailable ? 503 : 500);
                    if (s.isOk())
                        ++acceptedByA;
                }
                if (status == 200) {
                    expected.insert(text);
                } else {
                    refusals.append(status);
                    unsure.insert(text);
                }
            }
        };
        // Every accepted reply delivered, none twice, nothing that was never asked for.
        auto deliveredOnce = [&] {
            QHash<QString, int> times;
            for (const auto &call : m_telegram->sentMessages())
                ++times[call.params.value(u"text"_s).toString()];
            for (auto it = times.cbegin(); it != times.cend(); ++it) {
                if (it.value() > 1 || !(expected.contains(it.key()) || unsure.contains(it.key()))) {
                    qWarning() << "sent" << it.value() << "times:" << it.key();
                    return false;
                }
            }
            for (const QString &t : std::as_const(expected)) {
                if (!times.contains(t)) {
                    qWarning() << "never sent:" << t;
                    return false;
                }
            }
            return true;
        };
        auto allRecorded = [&a] {
            return a.scalarAny(u"SELECT COUNT(*) FROM outbox WHERE state = 'pending'"_s).toInt() ==
                   0;
        };
        reply(1, 0, 100);
        const int relayed = proxy.connectionsSeen();
        proxy.restart(3000);
        reply(1, 100, 150);
        for (int status : std::as_const(refusals))
            QVERIFY2(status == 503, qPrintable(QString::number(status)));
        // Both instances come back by themselves (new connections through the relay).
        QTRY_VERIFY_WITH_TIMEOUT(
            a.callWithToken(ana.accessToken, u"conversations.list"_s).status.isOk() &&
                command(net, b.baseUrl(), ana.accessToken, u"conversations.list"_s).status == 200,
            20000);
        QVERIFY(proxy.connectionsSeen() > relayed);
        const qsizetype refusedWhileDown = refusals.size();
        reply(1, 150, 200);
        QCOMPARE(refusals.size(), refusedWhileDown); // once back, every request is accepted
        QTRY_VERIFY_WITH_TIMEOUT(allRecorded(), 30000);
        QVERIFY(deliveredOnce());
        const int firstRound = int(expected.size());

        // B is killed while 1,000 replies and updates are in hand (500 of each across both
        // instances): while it holds queued replies — Telegram does not answer its first send
        // to each of its chats, so the rest wait behind it — and right after acknowledging a
        // burst of updates; A takes over both once B's lease runs out.
        for (int c = 1; c < kChats; c += 2) {
            FakeTelegramServer::Injection hang;
            hang.method = u"sendMessage"_s;
            hang.chatId = QString::number(6000 + c);
            hang.noAnswer = true;
            m_telegram->inject(hang);
        }
        reply(2, 0, 500);
        QSet<QString> acknowledged;
        for (int i = 0; i < 500; ++i) {
            const QString text = u"burst %1"_s.arg(i);
            if (webhook(net, b.baseUrl(), textUpdate(1000 + i, 6000 + i % kChats, text)).status ==
                200)
                acknowledged.insert(text);
        }
        b.kill();
        QCOMPARE(acknowledged.size(), 500);

        // Every acknowledged update becomes a message, once.
        QTRY_COMPARE_WITH_TIMEOUT(
            a.scalarAny(u"SELECT COUNT(*) FROM inbound_journal WHERE state = 'pending'"_s).toInt(),
            0, 30000);
        QCOMPARE(a.scalarAny(u"SELECT COUNT(*) FROM messages WHERE direction = 'in'"_s).toInt(),
                 kChats + 500);
        // Every accepted reply goes out exactly once (the hung sends never reached a customer;
        // a send that did reach one just before its instance died would go again — Telegram has
        // no idempotency key), and A sent B's leftovers.
        QTRY_VERIFY_WITH_TIMEOUT(allRecorded(), 60000);
        QVERIFY(deliveredOnce());
        QVERIFY(expected.size() >= firstRound + 490);
        const QString instanceA =
            QSysInfo::machineHostName() + u':' + QDir(a.dataDir()).absolutePath();
        QVERIFY(a.scalarAny(u"SELECT COUNT(*) FROM outbox WHERE owner = '"_s + instanceA + u"'"_s)
                    .toInt() > acceptedByA);
    }

    // `aiochat --rotate-data-key` run beside A while B also runs: B takes the new key from the
    // database (sealed under the key it holds), both acknowledge, every value is re-sealed, and
    // both still read everything.
    void keyRotationReachesEveryInstance()
    {
        AIOCHAT_PREPARE_CLUSTER();
        HostFixture a(m_env, {}, kClusterSettings);
        a.useDatabase(m_db->url());
        QVERIFY(a.start().isOk());
        SecondInstance b(a.dataDir(), m_db->url(), m_env);
        QVERIFY2(b.start(), b.output().constData());
        QNetworkAccessManager net;
        QCOMPARE(webhook(net, b.baseUrl(), textUpdate(301, 8801, u"before the rotation"_s)).status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(a.messageTexts(), QStringList{u"before the rotation"_s}, 10000);
        auto keysOf = [](const QString &dir) {
            QFile f(QDir(dir).filePath(u"secrets.json"_s));
            if (!f.open(QIODevice::ReadOnly))
                return qsizetype(-1);
            const QJsonObject secrets = QJsonDocument::fromJson(f.readAll()).object();
            // The key file keeps each value in base64.
            return QJsonDocument::fromJson(
                       QByteArray::fromBase64(secrets.value(u"data-keys"_s).toString().toLatin1()))
                .object()
                .value(u"keys"_s)
                .toArray()
                .size();
        };
        QCOMPARE(keysOf(b.dataDir()), 1);

        QProcess rotation;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"AIOCHAT_SECRETS"_s, u"file"_s);
        rotation.setProcessEnvironment(env);
        rotation.setProcessChannelMode(QProcess::MergedChannels);
        rotation.start(
            QStringLiteral(AIOCHAT_BINARY),
            {u"--data-dir"_s, a.dataDir(), u"--database"_s, m_db->url(), u"--rotate-data-key"_s});
        QVERIFY(rotation.waitForFinished(120'000));
        const QByteArray out = rotation.readAll();
        QVERIFY2(rotation.exitCode() == 0, out.constData());
        QVERIFY2(out.contains("waiting for 2 running instance(s)"), out.constData());

        // B holds both keys now, in its own secrets store, and reads and writes under the new one.
        QCOMPARE(keysOf(b.dataDir()), 2);
        QTRY_VERIFY_WITH_TIMEOUT(
            b.output().contains("data keys taken from the instance that rotated them"), 5000);
        QCOMPARE(webhook(net, b.baseUrl(), textUpdate(302, 8801, u"after the rotation"_s)).status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(a.messageTexts().size(), 2, 10000);
        QCOMPARE(a.messageTexts(),
                 (QStringList{u"before the rotation"_s, u"after the rotation"_s}));
        const Session ana = a.createOperatorAndLogin(u"ana@example.com"_s, u"agent"_s, kPassword);
        const qint64 conversation =
            a.scalarAny(u"SELECT MAX(id) FROM conversations"_s).toLongLong();
        QTRY_COMPARE_WITH_TIMEOUT(command(net, b.baseUrl(), ana.accessToken,
                                          u"conversation.messages"_s,
                                          {{u"conversationId"_s, conversation}})
                                      .status,
                                  200, 10000);
        const QByteArray messages =
            command(net, b.baseUrl(), ana.accessToken, u"conversation.messages"_s,
                    {{u"conversationId"_s, conversation}})
                .body;
        QVERIFY2(messages.contains("before the rotation") &&
                     messages.contains("after the rotation"),
                 messages.constData());
    }

    // One instance polls Telegram; when it dies, the other takes over within seconds, and no
    // update is lost.
    void oneTelegramPollerAndItsTakeover()
    {
        AIOCHAT_PREPARE_CLUSTER();
        m_env.insert(u"AIOCHAT_TELEGRAM_MODE"_s, u"polling"_s);
        HostFixture a(m_env, {}, kClusterSettings);
        a.useDatabase(m_db->url());
        QVERIFY(a.start().isOk());
        auto pollingOnA = [&a] {
            return a.call(u"channel.status"_s)
                .result.toObject()
                .value(u"channels"_s)
                .toArray()
                .first()
                .toObject()
                .value(u"polling"_s)
                .toObject()
                .value(u"active"_s)
                .toBool();
        };
        QTRY_VERIFY_WITH_TIMEOUT(pollingOnA(), 10000); // alone: A polls

        // B joins: it does not poll while A holds the lock.
        SecondInstance b(a.dataDir(), m_db->url(), m_env);
        QVERIFY2(b.start(), b.output().constData());
        QVERIFY(b.output().contains("another instance polls Telegram") ||
                !b.output().contains("long polling started"));
        m_telegram->queueUpdate(textUpdate(501, 7001, u"polled once"_s));
        QTRY_COMPARE_WITH_TIMEOUT(a.scalarAny(u"SELECT COUNT(*) FROM messages"_s).toInt(), 1,
                                  10000);
        QVERIFY(!b.output().contains("long polling started"));

        // A stops (its lock goes with its connection): B polls and receives.
        a.stop();
        QTRY_VERIFY_WITH_TIMEOUT(b.output().contains("long polling started"), 10000);
        m_telegram->queueUpdate(textUpdate(502, 7001, u"polled by B"_s));
        QTRY_COMPARE_WITH_TIMEOUT(m_telegram->pendingUpdates(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(postgresScalar(m_db->url(), u"SELECT COUNT(*) FROM messages"_s),
                                  qint64(2), 10000);
    }
};

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
