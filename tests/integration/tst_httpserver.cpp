// The listener over real loopback sockets: routing (404/405), keep-alive and pipelining, the
// limits enforced while reading (431, 413 before the body is sent, 411), Expect: 100-continue,
// chunked bodies, slow and silent clients cut off, the connection cap, malformed requests, and
// the WebSocket hand-off.
#include "http/httpserver.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {

// Reads whole HTTP responses (status line, headers, Content-Length body) from a raw socket.
struct RawClient
{
    QTcpSocket socket;
    QByteArray buffer;

    bool connectTo(quint16 port)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(3000);
    }

    void send(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
    }

    // The next response, or an empty string if the connection closed first.
    QByteArray nextResponse(int timeoutMs = 5000)
    {
        QByteArray out;
        const bool got = QTest::qWaitFor(
            [&] {
                buffer += socket.readAll();
                const qsizetype end = buffer.indexOf("\r\n\r\n");
                if (end < 0)
                    return socket.state() != QAbstractSocket::ConnectedState;
                qsizetype length = 0;
                for (const QByteArray &line : buffer.left(end).split('\n')) {
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toLongLong();
                }
                if (buffer.size() < end + 4 + length)
                    return socket.state() != QAbstractSocket::ConnectedState;
                out = buffer.left(end + 4 + length);
                buffer.remove(0, end + 4 + length);
                return true;
            },
            timeoutMs);
        Q_UNUSED(got);
        return out;
    }

    bool waitClosed(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; },
                               timeoutMs);
    }
};

int statusOf(const QByteArray &response)
{
    return response.mid(9, 3).toInt();
}

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT

    std::unique_ptr<HttpServer> m_server;
    QList<QByteArray> m_bodies;
    QList<QPair<QByteArray, int>> m_observed;

    void startServer(HttpLimits limits = {})
    {
        m_server = std::make_unique<HttpServer>(limits);
        m_bodies.clear();
        m_observed.clear();
        m_server->setObserver([this](const QByteArray &route, int status) {
            m_observed.append({route, status});
        });
        m_server->addRoute("POST", "/echo", 1024,
                           [this](const HttpRequest &r, const HttpResponder &responder) {
                               m_bodies.append(r.body);
                               responder.send(HttpResponse::text(200, r.body));
                           });
        m_server->addRoute("GET", "/echo", 0,
                           [](const HttpRequest &r, const HttpResponder &responder) {
                               responder.send(HttpResponse::text(200, "query=" + r.query));
                           });
        // Answers after a delay given in the query: pipelined answers must still come in order.
        m_server->addRoute("GET", "/slow", 0,
                           [](const HttpRequest &r, const HttpResponder &responder) {
                               QTimer::singleShot(r.query.toInt(), [responder, q = r.query] {
                                   responder.send(HttpResponse::text(200, q));
                               });
                           });
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0).isOk());
    }

private Q_SLOTS:
    void init() { startServer(); }
    void cleanup() { m_server.reset(); }

    void routesAnswerAndUnknownOnesAreRefused()
    {
        RawClient c;
        QVERIFY(c.connectTo(m_server->serverPort()));
        c.send("GET /echo?a=1 HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray r = c.nextResponse();
        QCOMPARE(statusOf(r), 200);
        QVERIFY(r.endsWith("query=a=1"));
        c.send("DELETE /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        r = c.nextResponse();
        QCOMPARE(statusOf(r), 405);
        QVERIFY2(r.contains("Allow: POST, GET\r\n"), r.constData());
        QVERIFY(c.waitClosed());

        RawClient d;
        QVERIFY(d.connectTo(m_server->serverPort()));
        d.send("GET /nothing-here HTTP/1.1\r\nHost: x\r\n\r\n");
        r = d.nextResponse();
        QCOMPARE(statusOf(r), 404);
        QVERIFY(r.contains("\"not_found\""));
        QVERIFY(m_observed.contains(QPair<QByteArray, int>("unmatched", 404)));
        QVERIFY(m_observed.contains(QPair<QByteArray, int>("/echo", 405)));
    }

    void keepAliveAndPipeliningKeepOrder()
    {
        RawClient c;
        QVERIFY(c.connectTo(m_server->serverPort()));
        // Three requests in one write; the first answers last if not serialised.
        c.send("GET /slow?150 HTTP/1.1\r\nHost: x\r\n\r\nGET /slow?10 HTTP/1.1\r\nHost: x\r\n\r\n"
               "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        QVERIFY(c.nextResponse().endsWith("150"));
        QVERIFY(c.nextResponse().endsWith("10"));
        QVERIFY(c.nextResponse().endsWith("hello"));
        QCOMPARE(c.socket.state(), QAbstractSocket::ConnectedState);
        QCOMPARE(m_server->connectionCount(), 1);
    }

    // A client that keeps sending while its request is answered must not make the server buffer
    // without limit: the server stops reading, and TCP flow control stops the client.
    void bytesSentWhileARequestIsAnsweredWaitInTheSocket()
    {
        std::optional<HttpResponder> held;
        m_server->addRoute("GET", "/held", 0,
                           [&held](const HttpRequest &, const HttpResponder &r) { held = r; });
        RawClient c;
        QVERIFY(c.connectTo(m_server->serverPort()));
        c.send("GET /held HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_VERIFY(held.has_value());

        const QByteArray chunk(1 << 20, 'x');
        constexpr qint64 kStalled = 8 << 20;
        constexpr qint64 kGiveUp = 256LL << 20;
        qint64 queued = 0;
        // Keep the client's queue topped up; it stalls once nobody reads on the other side.
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     if (c.socket.bytesToWrite() >= kStalled)
                                         return true;
                                     while (c.socket.bytesToWrite() < kStalled &&
                                            queued < kGiveUp) {
                                         c.socket.write(chunk);
                                         queued += chunk.size();
                                     }
                                     return queued >= kGiveUp;
                                 }()),
                                 30000);
        QVERIFY2(queued < 64LL << 20,
                 qPrintable(u"the server read %1 MiB while answering"_s.arg(queued >> 20)));
        held->send(HttpResponse::text(200, "done"));
        QCOMPARE(statusOf(c.nextResponse()), 200);
    }

    void headersAboveTheLimitAre431()
    {
        RawClient c;
        QVERIFY(c.connectTo(m_server->serverPort()));
        c.send("GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(17 * 1024, 'a') +
               "\r\n\r\n");
        const QByteArray r = c.nextResponse();
        QCOMPARE(statusOf(r), 431);
        QVERIFY(c.waitClosed());
    }

    void oversizedBodyIsRefusedBeforeItIsSent()
    {
        RawClient c;
        QVERIFY(c.connectTo(m_server->serverPort()));
        // Only the headers go out: the 413 must come without the server waiting for 10 MB.
        c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n");
        const QByteArray r = c.nextResponse();
        QCOMPARE(statusOf(r), 413);
        QVERIFY(r.contains("exceeds 1024 bytes"));
        QVERIFY(c.waitClosed());
        QVERIFY(m_bodies.isEmpty());
    }

    void chunkedBodiesAreCountedWhileReading()
    {
        RawClient c;
        QVERIFY(c.connectTo(m_server->serverPort()));
        c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
               "chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        QVERIFY(c.nextResponse().endsWith("hello world"));

        RawClient big;
        QVERIFY(big.connectTo(m_server->serverPort()));
        big.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" +
                 QByteArray(1024, 'x') + "\r\n10\r\n" + QByteArray(16, 'y') + "\r\n0\r\n\r\n");
        QCOMPARE(statusOf(big.nextResponse()), 413);
        QCOMPARE(m_bodies.size(), 1);
    }

    void postWithoutLengthIs411()
    {
        RawClient c;
        QVERIFY(c.connectTo(m_server->serverPort()));
        c.send("POST /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(statusOf(c.nextResponse()), 411);
    }

    void expectContinueIsAnswered()
    {
        RawClient c;
        QVERIFY(c.connectTo(m_server->serverPort()));
        c.send(
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        QVERIFY(QTest::qWaitFor(
            [&] {
                c.buffer += c.socket.readAll();
                return c.buffer.startsWith("HTTP/1.1 100 Continue\r\n\r\n");
            },
            5000));
        c.buffer.remove(0, 25);
        c.send("data");
        QVERIFY(c.nextResponse().endsWith("data"));
        // Refused bodies get the refusal instead of the invitation.
        RawClient d;
        QVERIFY(d.connectTo(m_server->serverPort()));
        d.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\nExpect: "
               "100-continue\r\n\r\n");
        QCOMPARE(statusOf(d.nextResponse()), 413);
    }

    void malformedRequestsAre400()
    {
        const QList<QByteArray> bad{"GARBAGE\r\n\r\n", "GET /echo HTTP/9.9\r\n\r\n",
                                    "GET /echo HTTP/1.1\r\nHost x\r\n\r\n",
                                    "POST /echo HTTP/1.1\r\nContent-Length: -5\r\n\r\n"};
        for (const QByteArray &request : bad) {
            RawClient c;
            QVERIFY(c.connectTo(m_server->serverPort()));
            c.send(request);
            const int status = statusOf(c.nextResponse());
            QVERIFY2(status == 400 || status == 505, request.constData());
            QVERIFY(c.waitClosed());
        }
    }

    void slowAndSilentClientsAreCutOff()
    {
        HttpLimits limits;
        limits.headerTimeoutMs = 300;
        limits.bodyTimeoutMs = 300;
        limits.idleTimeoutMs = 300;
        startServer(limits);
        // Slowloris: headers trickle in and never finish.
        RawClient slow;
        QVERIFY(slow.connectTo(m_server->serverPort()));
        slow.send("GET /echo HTTP/1.1\r\nHost: x\r\n");
        QCOMPARE(statusOf(slow.nextResponse(3000)), 408);
        QVERIFY(slow.waitClosed(3000));
        // A body that stops half way.
        RawClient stalled;
        QVERIFY(stalled.connectTo(m_server->serverPort()));
        stalled.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part");
        QCOMPARE(statusOf(stalled.nextResponse(3000)), 408);
        // An idle keep-alive connection is closed quietly.
        RawClient idle;
        QVERIFY(idle.connectTo(m_server->serverPort()));
        idle.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(statusOf(idle.nextResponse()), 200);
        QVERIFY(idle.waitClosed(3000));
        QVERIFY(m_bodies.isEmpty());
    }

    void connectionsAboveTheCapGet503()
    {
        HttpLimits limits;
        limits.maxConnections = 2;
        startServer(limits);
        RawClient a;
        RawClient b;
        QVERIFY(a.connectTo(m_server->serverPort()));
        QVERIFY(b.connectTo(m_server->serverPort()));
        QTRY_COMPARE(m_server->connectionCount(), 2);
        RawClient c;
        QVERIFY(c.connectTo(m_server->serverPort()));
        const QByteArray r = c.nextResponse();
        QCOMPARE(statusOf(r), 503);
        QVERIFY(r.contains("Retry-After: 1"));
        // The first two still work.
        a.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(statusOf(a.nextResponse()), 200);
    }

    // One client address cannot hold every connection slot; a trusted proxy may.
    void oneAddressCannotTakeEverySlot()
    {
        HttpLimits limits;
        limits.maxConnectionsPerAddress = 3;
        startServer(limits);
        std::vector<std::unique_ptr<RawClient>> clients;
        for (int i = 0; i < 3; ++i) {
            clients.push_back(std::make_unique<RawClient>());
            QVERIFY(clients.back()->connectTo(m_server->serverPort()));
        }
        QTRY_COMPARE(m_server->connectionCount(), 3);
        RawClient fourth;
        QVERIFY(fourth.connectTo(m_server->serverPort()));
        QCOMPARE(statusOf(fourth.nextResponse()), 503);
        QVERIFY(fourth.waitClosed());

        m_server->setConnectionCapExemption(
            [](const QHostAddress &peer) { return peer.isLoopback(); });
        RawClient proxied;
        QVERIFY(proxied.connectTo(m_server->serverPort()));
        proxied.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(statusOf(proxied.nextResponse()), 200);
    }

    void webSocketUpgradesAreHandedOver()
    {
        m_server->enableWebSockets("/api/v1/ws", 64 * 1024);
        QList<QWebSocket *> accepted;
        connect(m_server.get(), &HttpServer::newWebSocket, this, [&accepted](QWebSocket *ws) {
            accepted.append(ws);
            connect(ws, &QWebSocket::textMessageReceived, ws,
                    [ws](const QString &m) { ws->sendTextMessage(u"echo:"_s + m); });
        });
        QWebSocket client;
        QSignalSpy connected(&client, &QWebSocket::connected);
        client.open(
            QUrl(u"ws://127.0.0.1:"_s + QString::number(m_server->serverPort()) + u"/api/v1/ws"_s));
        QVERIFY(connected.wait(5000));
        QTRY_COMPARE(accepted.size(), 1);
        QCOMPARE(accepted.first()->maxAllowedIncomingMessageSize(), quint64(64 * 1024));
        QSignalSpy received(&client, &QWebSocket::textMessageReceived);
        client.sendTextMessage(u"ping"_s);
        QVERIFY(received.wait(5000));
        QCOMPARE(received.first().first().toString(), u"echo:ping"_s);
        // Plain requests on the same port keep working.
        RawClient c;
        QVERIFY(c.connectTo(m_server->serverPort()));
        c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(statusOf(c.nextResponse()), 200);
        qDeleteAll(accepted);
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
