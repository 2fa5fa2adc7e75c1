// The Console API over WebSocket (JSON-RPC 2.0) against a real CoreHost and its listener on
// loopback: calls and errors, batches, signing in, events by role with resume, sessions that end,
// and bad clients — binary, huge, slow, silent, too many, refused by the guard.
#include "api/consolesocket.h"
#include "host/corehost.h"
#include "host/listenerservice.h"
#include "hostfixture.h"
#include "jsonrpcclient.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QTcpSocket>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

constexpr int kInvalidRequest = -32600;

QString wsUrl(HostFixture &fx, const QString &query = {})
{
    QString url = fx.baseUrl();
    url.replace(u"http://"_s, u"ws://"_s);
    return url + u"/api/v1/ws"_s + query;
}

int errorCode(const std::optional<QJsonObject> &answer)
{
    return answer ? answer->value(u"error"_s).toObject().value(u"code"_s).toInt() : 0;
}

QString dataCode(const std::optional<QJsonObject> &answer)
{
    return answer ? answer->value(u"error"_s)[u"data"_s][u"code"_s].toString() : QString();
}

// The next message.created event whose message reads @p text.
std::optional<QJsonObject> waitForMessage(JsonRpcClient &client, const QString &text)
{
    while (const std::optional<QJsonObject> e = client.waitForEvent(u"message.created"_s)) {
        if (e->value(u"data"_s)[u"message"_s][u"text"_s].toString() == text)
            return e;
    }
    return std::nullopt;
}

// The number of console sockets the server holds, read on its own thread.
int sessionsOf(HostFixture &fx)
{
    int n = -1;
    ConsoleSocketServer *server = fx.host().listener()->consoleSockets();
    QMetaObject::invokeMethod(
        server, [&n, server] { n = server->sessionCount(); }, Qt::BlockingQueuedConnection);
    return n;
}

} // namespace

class TestConsoleSocket : public QObject
{
    Q_OBJECT

    std::unique_ptr<HostFixture> m_fx;
    Session m_admin;
    Session m_viewer;
    qint64 m_update = 0;

    HostFixture &fx() { return *m_fx; }

    // A customer writes on Telegram (through the real webhook).
    void customerWrites(const QString &text)
    {
        const qint64 update = ++m_update;
        const HttpResult r =
            fx().request("POST", u"/webhooks/telegram"_s,
                         telegramMessageUpdate(update, 550000 + update, {{u"text"_s, text}}),
                         {{"X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789"}});
        QCOMPARE(r.status, 200);
    }

    // A host of its own for tests that need other listener settings.
    static std::unique_ptr<HostFixture> hostWith(const QVariantMap &settings)
    {
        QVariantMap all{{u"assistant/enabled"_s, u"off"_s}};
        for (auto it = settings.cbegin(); it != settings.cend(); ++it)
            all.insert(it.key(), it.value());
        auto fx = std::make_unique<HostFixture>(channelSecrets(), QString(), all);
        const Status s = fx->start();
        if (!s.isOk())
            qWarning("%s", qPrintable(s.message()));
        return fx;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_fx = hostWith({{u"listener/wsReplayEvents"_s, 20}});
        QVERIFY(m_fx->host().listener());
        m_admin = fx().createOperatorAndLogin(u"ada@example.com"_s, u"admin"_s);
        m_viewer = fx().createOperatorAndLogin(u"vera@example.com"_s, u"viewer"_s);
        QVERIFY(m_admin.status.isOk());
        QVERIFY(m_viewer.status.isOk());
    }

    void cleanupTestCase() { m_fx.reset(); }

    void commandsAnswerAsJsonRpc()
    {
        JsonRpcClient client;
        QVERIFY(client.open(wsUrl(fx()), m_admin.accessToken));
        std::optional<QJsonObject> r = client.call(u"auth.me"_s);
        QVERIFY(r);
        QCOMPARE(r->value(u"jsonrpc"_s).toString(), u"2.0"_s);
        QCOMPARE(r->value(u"result"_s)[u"email"_s].toString(), u"ada@example.com"_s);
        r = client.call(u"conversations.list"_s, {{u"limit"_s, 5}});
        QVERIFY(r && r->value(u"result"_s)[u"items"_s].isArray());

        // The Console API's failures: a documented number, its own code in data.
        r = client.call(u"conversation.get"_s, {{u"id"_s, 987654321}});
        QCOMPARE(errorCode(r), -32004);
        QCOMPARE(dataCode(r), u"not_found"_s);
        r = client.call(u"conversations.list"_s, {{u"limit"_s, 0}});
        QCOMPARE(errorCode(r), -32602);
        QCOMPARE(dataCode(r), u"invalid_argument"_s);
        QVERIFY(r->value(u"error"_s)[u"message"_s].toString().startsWith(u"limit:"_s));
        // JSON-RPC's own.
        r = client.call(u"no.such.method"_s);
        QCOMPARE(errorCode(r), -32601);
        client.sendRaw(uR"({"jsonrpc":"2.0","id":7,"method":"auth.me","params":[1,2]})"_s);
        QCOMPARE(errorCode(client.answer(7)), -32602);
        client.sendRaw(uR"({"jsonrpc":"1.0","id":8,"method":"auth.me"})"_s);
        QCOMPARE(errorCode(client.answer(8)), kInvalidRequest);
        client.sendRaw(u"{not json"_s);
        std::optional<QJsonValue> other = client.nextOther();
        QVERIFY(other && other->isObject());
        QCOMPARE(other->toObject()[u"error"_s][u"code"_s].toInt(), -32700);
        QVERIFY(other->toObject()[u"id"_s].isNull());
        client.sendRaw(u"[]"_s);
        other = client.nextOther();
        QVERIFY(other);
        QCOMPARE(other->toObject()[u"error"_s][u"code"_s].toInt(), kInvalidRequest);
        client.sendRaw(u"42"_s);
        other = client.nextOther();
        QVERIFY(other);
        QCOMPARE(other->toObject()[u"error"_s][u"code"_s].toInt(), kInvalidRequest);

        // A batch: one answer per call with an id, none for the notification, in one array.
        client.sendRaw(uR"([{"jsonrpc":"2.0","id":"a","method":"auth.me"},
                            {"jsonrpc":"2.0","method":"auth.me"},
                            {"jsonrpc":"2.0","id":"c","method":"nope"},
                            17])"_s);
        other = client.nextOther();
        QVERIFY(other && other->isArray());
        const QJsonArray batch = other->toArray();
        QCOMPARE(batch.size(), 3);
        QStringList ids;
        for (const QJsonValue &a : batch)
            ids.append(a[u"id"_s].isNull() ? u"null"_s : a[u"id"_s].toString());
        ids.sort();
        QCOMPARE(ids, (QStringList{u"a"_s, u"c"_s, u"null"_s}));
        // A batch of notifications only gets no answer at all; the next call still does.
        client.sendRaw(uR"([{"jsonrpc":"2.0","method":"auth.me"}])"_s);
        QVERIFY(client.call(u"auth.me"_s));
        QVERIFY(!client.nextOther(300));
    }

    void signingInOnTheSocket()
    {
        JsonRpcClient client;
        QVERIFY(client.open(wsUrl(fx())));
        std::optional<QJsonObject> r = client.call(u"conversations.list"_s);
        QCOMPARE(errorCode(r), -32001);
        QCOMPARE(dataCode(r), u"unauthenticated"_s);
        r = client.call(u"auth.token"_s, {{u"token"_s, u"forged.token"_s}});
        QCOMPARE(errorCode(r), -32001);
        // A login on the socket signs the socket in.
        r = client.call(u"auth.login"_s, {{u"email"_s, u"vera@example.com"_s},
                                          {u"password"_s, u"correct horse 42"_s}});
        QVERIFY(r && r->contains(u"result"_s));
        r = client.call(u"auth.me"_s);
        QCOMPARE(r->value(u"result"_s)[u"role"_s].toString(), u"viewer"_s);
        // The role still decides: a viewer cannot send.
        r = client.call(u"message.send"_s, {{u"conversationId"_s, 1}, {u"text"_s, u"hi"_s}});
        QCOMPARE(errorCode(r), -32003);
        QCOMPARE(dataCode(r), u"permission_denied"_s);

        // Or with an access token it already has.
        JsonRpcClient second;
        QVERIFY(second.open(wsUrl(fx())));
        r = second.call(u"auth.token"_s, {{u"token"_s, m_admin.accessToken}});
        QVERIFY(r);
        QCOMPARE(r->value(u"result"_s)[u"operator"_s][u"email"_s].toString(), u"ada@example.com"_s);
        QVERIFY(r->value(u"result"_s)[u"seq"_s].isDouble());

        // A renewal on the socket signs it in with the new token too.
        const Session rita = fx().createOperatorAndLogin(u"rita@example.com"_s, u"agent"_s);
        JsonRpcClient renewed;
        QVERIFY(renewed.open(wsUrl(fx())));
        QCOMPARE(errorCode(renewed.call(u"auth.me"_s)), -32001);
        r = renewed.call(u"auth.refresh"_s, {{u"refreshToken"_s, rita.refreshToken}});
        QVERIFY(r && r->value(u"result"_s)[u"accessToken"_s].isString());
        r = renewed.call(u"auth.me"_s);
        QCOMPARE(r->value(u"result"_s)[u"email"_s].toString(), u"rita@example.com"_s);

        // A bad token in the handshake: the socket is closed at once, saying why.
        JsonRpcClient forged;
        (void)forged.open(wsUrl(fx()), u"forged.token"_s);
        QVERIFY(forged.waitForClose());
        QCOMPARE(int(forged.closeCode()), 4001);
    }

    void eventsFollowTheRoleAndResume()
    {
        JsonRpcClient admin;
        JsonRpcClient viewer;
        QVERIFY(admin.open(wsUrl(fx()), m_admin.accessToken));
        QVERIFY(viewer.open(wsUrl(fx()), m_viewer.accessToken));
        QVERIFY(admin.call(u"auth.me"_s));
        QVERIFY(viewer.call(u"auth.me"_s));

        customerWrites(u"Hello from Telegram"_s);
        const std::optional<QJsonObject> a = admin.waitForEvent(u"message.created"_s);
        const std::optional<QJsonObject> v = viewer.waitForEvent(u"message.created"_s);
        QVERIFY(a && v);
        QCOMPARE(a->value(u"seq"_s).toInteger(), v->value(u"seq"_s).toInteger());
        QCOMPARE(a->value(u"data"_s)[u"message"_s][u"text"_s].toString(), u"Hello from Telegram"_s);

        // A contact's personal fields travel masked, to the viewer too.
        const CommandResponse created =
            fx().call(u"contact.create"_s,
                      {{u"displayName"_s, u"Budi"_s}, {u"phone"_s, u"+6281234567890"_s}});
        QVERIFY2(created.status.isOk(), qPrintable(created.status.message()));
        const std::optional<QJsonObject> contact = viewer.waitForEvent(u"contact.updated"_s);
        QVERIFY(contact);
        const QString phone = contact->value(u"data"_s)[u"contact"_s][u"phone"_s].toString();
        QVERIFY2(phone.contains(u"•"_s) && !phone.contains(u"234567"_s), qPrintable(phone));

        // The Sandbox's replies are for those who may use it, not for a viewer.
        const CommandResponse sent = fx().call(
            u"sandbox.send"_s, {{u"user"_s, u"sandy"_s}, {u"text"_s, u"a sandbox question"_s}});
        QVERIFY2(sent.status.isOk(), qPrintable(sent.status.message()));
        const std::optional<QJsonObject> sandboxMessage = admin.waitForEvent(u"message.created"_s);
        QVERIFY(sandboxMessage);
        const qint64 conversation =
            sandboxMessage->value(u"data"_s)[u"message"_s][u"conversationId"_s].toInteger();
        QVERIFY(fx().call(u"message.send"_s,
                          {{u"conversationId"_s, conversation}, {u"text"_s, u"an answer"_s}})
                    .status.isOk());
        const std::optional<QJsonObject> reply = admin.waitForEvent(u"sandbox.reply"_s);
        QVERIFY(reply);
        const qint64 replySeq = reply->value(u"seq"_s).toInteger();
        customerWrites(u"after the sandbox"_s);
        const std::optional<QJsonObject> later = waitForMessage(viewer, u"after the sandbox"_s);
        QVERIFY(later);
        QVERIFY(later->value(u"seq"_s).toInteger() > replySeq);
        qint64 last = 0;
        for (const QJsonObject &e : viewer.events()) {
            QVERIFY(e.value(u"event"_s).toString() != u"sandbox.reply"_s);
            QVERIFY(e.value(u"seq"_s).toInteger() > last); // in order
            last = e.value(u"seq"_s).toInteger();
        }

        // The viewer goes away; what happens meanwhile is replayed when it comes back.
        viewer.socket().close();
        QVERIFY(viewer.waitForClose());
        customerWrites(u"while you were away"_s);
        QVERIFY(waitForMessage(admin, u"while you were away"_s));
        JsonRpcClient back;
        QVERIFY(back.open(wsUrl(fx(), u"?after="_s + QString::number(last)), m_viewer.accessToken));
        QVERIFY(waitForMessage(back, u"while you were away"_s));
        QCOMPARE(back.events().first().value(u"seq"_s).toInteger(), last + 1);

        // Gone too long (more than the 20 events kept): told to reload.
        for (int i = 0; i < 8; ++i)
            customerWrites(u"busy "_s + QString::number(i));
        QTRY_VERIFY(admin.events().size() >= 20);
        JsonRpcClient stale;
        QVERIFY(
            stale.open(wsUrl(fx(), u"?after="_s + QString::number(last)), m_viewer.accessToken));
        const std::optional<QJsonValue> reset = stale.nextOther();
        QVERIFY(reset);
        QCOMPARE(reset->toObject()[u"method"_s].toString(), u"events.reset"_s);
        QVERIFY(reset->toObject()[u"params"_s][u"seq"_s].toInteger() > last + 20);
        QVERIFY(stale.events().isEmpty());
    }

    void endedSessionsCloseTheirSockets()
    {
        const Session agent = fx().createOperatorAndLogin(u"gus@example.com"_s, u"agent"_s);
        JsonRpcClient client;
        QVERIFY(client.open(wsUrl(fx()), agent.accessToken));
        QVERIFY(client.call(u"auth.me"_s));
        // Signed out elsewhere (the REST mapping, another window).
        QVERIFY(fx().callWithToken(agent.accessToken, u"auth.logout"_s).status.isOk());
        QVERIFY(client.waitForClose(5000));
        QCOMPARE(int(client.closeCode()), 4001);
        QVERIFY(client.closeReason().startsWith(u"the session ended"_s));

        // Signing out on the socket itself keeps it open for the next sign-in.
        const Session gwen = fx().createOperatorAndLogin(u"gwen@example.com"_s, u"agent"_s);
        JsonRpcClient own;
        QVERIFY(own.open(wsUrl(fx()), gwen.accessToken));
        QVERIFY(own.call(u"auth.logout"_s)->contains(u"result"_s));
        QCOMPARE(errorCode(own.call(u"auth.me"_s)), -32001);
        QVERIFY(own.isOpen());
        QVERIFY(own.call(u"auth.login"_s, {{u"email"_s, u"gwen@example.com"_s},
                                           {u"password"_s, u"correct horse 42"_s}})
                    ->contains(u"result"_s));
        QCOMPARE(own.call(u"auth.me"_s)->value(u"result"_s)[u"email"_s].toString(),
                 u"gwen@example.com"_s);
        QVERIFY(own.isOpen());

        // A viewer made an agent: the next command on the same socket runs with the new role.
        const Session vic = fx().createOperatorAndLogin(u"vic@example.com"_s, u"viewer"_s);
        JsonRpcClient promoted;
        QVERIFY(promoted.open(wsUrl(fx()), vic.accessToken));
        const QJsonObject send{{u"conversationId"_s, 987654321}, {u"text"_s, u"hi"_s}};
        QCOMPARE(dataCode(promoted.call(u"message.send"_s, send)), u"permission_denied"_s);
        QVERIFY(
            fx().call(u"operator.update"_s, {{u"id"_s, vic.operatorId}, {u"role"_s, u"agent"_s}})
                .status.isOk());
        QCOMPARE(dataCode(promoted.call(u"message.send"_s, send)), u"not_found"_s);
        // Disabled: every session ends, and the socket with it.
        QVERIFY(fx().call(u"operator.update"_s, {{u"id"_s, vic.operatorId}, {u"disabled"_s, true}})
                    .status.isOk());
        QVERIFY(promoted.waitForClose(5000));
        QCOMPARE(int(promoted.closeCode()), 4001);
    }

    void badFramesAreRefused()
    {
        JsonRpcClient binary;
        QVERIFY(binary.open(wsUrl(fx()), m_admin.accessToken));
        binary.sendBinary(QByteArray(16, '\x01'));
        QVERIFY(binary.waitForClose());
        QCOMPARE(binary.closeCode(), QWebSocketProtocol::CloseCodeDatatypeNotSupported);

        // Before signing in a message may be 64 KiB at most.
        JsonRpcClient anonymous;
        QVERIFY(anonymous.open(wsUrl(fx())));
        anonymous.sendRaw(QString(100 * 1024, u'x'));
        QVERIFY(anonymous.waitForClose());
        QCOMPARE(anonymous.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);

        // Signed in, 10 MB of not-JSON is a parse error and the connection carries on.
        JsonRpcClient big;
        QVERIFY(big.open(wsUrl(fx()), m_admin.accessToken));
        big.sendRaw(QString(10 * 1000 * 1000, u'x'));
        const std::optional<QJsonValue> parse = big.nextOther(20000);
        QVERIFY(parse);
        QCOMPARE(parse->toObject()[u"error"_s][u"code"_s].toInt(), -32700);
        QVERIFY(big.call(u"auth.me"_s));
    }

    void aThousandCommandsInFlight()
    {
        JsonRpcClient client;
        QVERIFY(client.open(wsUrl(fx()), m_admin.accessToken));
        QList<qint64> ids;
        for (int i = 0; i < 1000; ++i)
            ids.append(client.post(i % 2 ? u"auth.me"_s : u"conversations.list"_s,
                                   i % 2 ? QJsonObject() : QJsonObject{{u"limit"_s, 1}}));
        QTRY_COMPARE_WITH_TIMEOUT(client.answered(), 1000, 30000);
        for (qint64 id : std::as_const(ids)) {
            const std::optional<QJsonObject> r = client.answer(id, 0);
            QVERIFY(r);
            QVERIFY2(r->contains(u"result"_s), QJsonDocument(*r).toJson().constData());
        }
    }

    void theGuardCoversTheSocket()
    {
        // Commands on a socket count against their own limit.
        {
            auto limited = hostWith({{u"listener/rateLimit/socketCommands"_s, u"5/60"_s}});
            const Session s = limited->createOperatorAndLogin(u"ada@example.com"_s, u"admin"_s);
            JsonRpcClient client;
            QString url = limited->baseUrl().replace(u"http://"_s, u"ws://"_s) + u"/api/v1/ws"_s;
            QVERIFY(client.open(url, s.accessToken));
            for (int i = 0; i < 5; ++i)
                QVERIFY(client.call(u"auth.me"_s)->contains(u"result"_s));
            const std::optional<QJsonObject> r = client.call(u"auth.me"_s);
            QCOMPARE(errorCode(r), -32029);
            QCOMPARE(dataCode(r), u"resource_exhausted"_s);
            QVERIFY(r->value(u"error"_s)[u"data"_s][u"retryAfterSeconds"_s].toInt() > 0);
        }
        // An address outside the api allow-list cannot even open one.
        {
            auto closed = hostWith({{u"listener/allow/api"_s, u"10.0.0.0/8"_s}});
            QTcpSocket raw;
            raw.connectToHost(QHostAddress::LocalHost, closed->host().listener()->port());
            QVERIFY(raw.waitForConnected(5000));
            raw.write("GET /api/v1/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Version: 13\r\n\r\n");
            QByteArray answer;
            QVERIFY(QTest::qWaitFor(
                [&] {
                    answer += raw.readAll();
                    return answer.contains("\r\n\r\n");
                },
                5000));
            QVERIFY2(answer.startsWith("HTTP/1.1 403"), answer.constData());
            QCOMPARE(sessionsOf(*closed), 0);
        }
    }

    void clientsThatStopReadingOrAnsweringAreLetGo()
    {
        auto fast = hostWith({{u"listener/wsMaxQueuedKb"_s, 64},
                              {u"listener/wsPingSeconds"_s, 1},
                              {u"listener/wsSignInSeconds"_s, 1}});
        // A socket that never signs in is not kept.
        JsonRpcClient anonymous;
        QString fastUrl = fast->baseUrl().replace(u"http://"_s, u"ws://"_s) + u"/api/v1/ws"_s;
        QVERIFY(anonymous.open(fastUrl));
        QVERIFY(anonymous.waitForClose(5000));
        QCOMPARE(anonymous.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QCOMPARE(anonymous.closeReason(), u"sign in first"_s);
        const Session s = fast->createOperatorAndLogin(u"ada@example.com"_s, u"admin"_s);
        // A raw client: the handshake, then never a byte read (nor a pong sent).
        QTcpSocket raw;
        raw.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
        raw.setReadBufferSize(1);
        raw.connectToHost(QHostAddress::LocalHost, fast->host().listener()->port());
        QVERIFY(raw.waitForConnected(5000));
        raw.write("GET /api/v1/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " +
                  s.accessToken.toUtf8() + "\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(sessionsOf(*fast), 1, 5000);
        // Silent: no pong within two ping intervals closes it.
        QTRY_COMPARE_WITH_TIMEOUT(sessionsOf(*fast), 0, 10000);

        // A reader that stops reading while events pour in: let go at 64 KiB waiting. Its
        // receive buffer is made small before it connects (the kernel would otherwise take
        // megabytes for it), and it never reads a byte.
        auto slow = hostWith({{u"listener/wsMaxQueuedKb"_s, 64}});
        const Session t = slow->createOperatorAndLogin(u"ada@example.com"_s, u"admin"_s);
        const int stuck = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(stuck >= 0);
        const auto closeStuck = qScopeGuard([stuck] { ::close(stuck); });
        const int small = 4096;
        QCOMPARE(::setsockopt(stuck, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(slow->host().listener()->port());
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::connect(stuck, reinterpret_cast<const sockaddr *>(&to), sizeof to), 0);
        const QByteArray handshake =
            "GET /api/v1/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " +
            t.accessToken.toUtf8() + "\r\n\r\n";
        QCOMPARE(::write(stuck, handshake.constData(), size_t(handshake.size())),
                 ssize_t(handshake.size()));
        QTRY_COMPARE_WITH_TIMEOUT(sessionsOf(*slow), 1, 5000);
        const QString text(3000, u'w');
        int sent = 0;
        while (sessionsOf(*slow) == 1 && sent < 400) {
            QVERIFY(slow->call(u"sandbox.send"_s,
                               {{u"user"_s, u"u"_s + QString::number(sent)}, {u"text"_s, text}})
                        .status.isOk());
            ++sent;
        }
        QTRY_COMPARE_WITH_TIMEOUT(sessionsOf(*slow), 0, 10000);
        QVERIFY2(sent < 400, "the stuck client was never let go");
        // The instance carries on for everyone else.
        JsonRpcClient other;
        QString url = slow->baseUrl().replace(u"http://"_s, u"ws://"_s) + u"/api/v1/ws"_s;
        QVERIFY(other.open(url, t.accessToken));
        QVERIFY(other.call(u"auth.me"_s)->contains(u"result"_s));
    }
};

QTEST_GUILESS_MAIN(TestConsoleSocket)
#include "tst_consolesocket.moc"
