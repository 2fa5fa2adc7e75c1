#include "httpserver.h"

#include "httpconnection.h"
#include "httprequestparser.h"
#include "logging/logging.h"

#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace Qt::StringLiterals;

namespace aiochat {

HttpResponder::HttpResponder(HttpConnection *connection, quint64 serial, HttpServer *server,
                             QByteArray route)
    : m_connection(connection)
    , m_serial(serial)
    , m_server(server)
    , m_route(std::move(route))
{}

void HttpResponder::send(const HttpResponse &response) const
{
    if (m_server)
        m_server->observe(m_route, response.status);
    if (m_after)
        m_after(response.status);
    if (m_connection)
        m_connection->respond(m_serial, response);
}

qint64 HttpServer::Match::maxBody() const
{
    return route >= 0 ? server->m_routes.at(route).maxBody : server->m_limits.defaultMaxBodyBytes;
}

QByteArray HttpServer::Match::label() const
{
    return route >= 0 ? server->m_routes.at(route).path : QByteArray("unmatched");
}

HttpServer::HttpServer(HttpLimits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{}

HttpServer::~HttpServer()
{
    close();
}

void HttpServer::addRoute(const QByteArray &method, const QByteArray &path, qint64 maxBodyBytes,
                          Handler handler)
{
    m_routes.append({method, path, maxBodyBytes, std::move(handler), false});
}

void HttpServer::addPrefixRoute(const QByteArray &method, const QByteArray &prefix,
                                qint64 maxBodyBytes, Handler handler)
{
    m_routes.append({method, prefix, maxBodyBytes, std::move(handler), true});
}

void HttpServer::setTls(const QSslConfiguration &configuration)
{
    m_tls = configuration;
    m_tls.setProtocol(QSsl::TlsV1_2OrLater);
    m_useTls = true;
}

void HttpServer::enableWebSockets(const QByteArray &path, qint64 maxMessageBytes)
{
    m_webSocketPath = path;
    m_maxWebSocketMessage = maxMessageBytes;
    if (!m_webSockets) {
        m_webSockets = new QWebSocketServer(u"AIO-CHAT"_s, QWebSocketServer::NonSecureMode, this);
        connect(m_webSockets, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *ws = m_webSockets->nextPendingConnection()) {
                // Qt's default allows ~2 GiB messages: never accept that from the network.
                ws->setMaxAllowedIncomingMessageSize(quint64(m_maxWebSocketMessage));
                ws->setMaxAllowedIncomingFrameSize(quint64(m_maxWebSocketMessage));
                const HttpRequest request =
                    m_upgrades.take({ws->peerAddress().toString(), ws->peerPort()}).request;
                Q_EMIT newWebSocket(ws, request);
            }
        });
    }
}

Status HttpServer::listen(const QHostAddress &address, quint16 port)
{
    close();
    if (m_useTls) {
        auto *ssl = new QSslServer(this);
        ssl->setSslConfiguration(m_tls);
        ssl->setHandshakeTimeout(m_limits.headerTimeoutMs);
        m_server = ssl;
        connect(ssl, &QSslServer::errorOccurred, this,
                [](QSslSocket *socket, QAbstractSocket::SocketError) {
                    qCInfo(lcHttp)
                        << "TLS connection failed from" << socket->peerAddress().toString() << ":"
                        << socket->errorString();
                });
    } else {
        m_server = new QTcpServer(this);
    }
    // Connections beyond the cap are still accepted, to be told 503 instead of hanging.
    m_server->setMaxPendingConnections(m_limits.maxConnections);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::acceptPending);
    if (!m_server->listen(address, port)) {
        const QString error = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return Status::unavailable(u"cannot listen on "_s + address.toString() + u':' +
                                   QString::number(port) + u": "_s + error);
    }
    return Status::ok();
}

void HttpServer::close()
{
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
    const QList<HttpConnection *> open = std::exchange(m_connections, {});
    for (HttpConnection *c : open) {
        c->socket()->abort();
        delete c;
    }
}

bool HttpServer::isListening() const
{
    return m_server && m_server->isListening();
}

quint16 HttpServer::serverPort() const
{
    return m_server ? m_server->serverPort() : 0;
}

QHostAddress HttpServer::serverAddress() const
{
    return m_server ? m_server->serverAddress() : QHostAddress();
}

void HttpServer::acceptPending()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_connections.size() >= m_limits.maxConnections || overAddressCap(*socket)) {
            observe("unmatched", 503);
            socket->write(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\n"
                "Connection: close\r\n\r\n");
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            continue;
        }
        if (m_webSockets)
            watchForUpgrade(socket);
        else {
            auto *connection = new HttpConnection(socket, this, m_limits, m_useTls);
            m_connections.append(connection);
            connect(connection, &HttpConnection::closed, this, [this, connection] {
                m_connections.removeOne(connection);
                connection->deleteLater();
            });
        }
    }
}

bool HttpServer::overAddressCap(const QTcpSocket &socket) const
{
    // One client must not take every slot. Counted: its HTTP connections, and its sockets still
    // waiting to say whether they upgrade to a WebSocket (children of the QTcpServer until then).
    const QHostAddress peer = socket.peerAddress();
    if (m_capExempt && m_capExempt(peer))
        return false;
    qsizetype count = 0;
    for (const HttpConnection *c : m_connections)
        count += c->socket()->peerAddress() == peer ? 1 : 0;
    for (const QTcpSocket *s : m_server->findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly))
        count += s != &socket && s->peerAddress() == peer ? 1 : 0;
    return count >= m_limits.maxConnectionsPerAddress;
}

bool HttpServer::isWebSocketUpgrade(QTcpSocket *socket) const
{
    const QByteArray head = socket->peek(m_limits.maxHeaderBytes);
    if (!head.startsWith("GET " + m_webSocketPath + ' ') &&
        !head.startsWith("GET " + m_webSocketPath + '?'))
        return false;
    return head.toLower().contains("\nupgrade: websocket");
}

void HttpServer::watchForUpgrade(QTcpSocket *socket)
{
    // Decide from the first request's headers, without consuming them: a WebSocket handshake must
    // reach QWebSocketServer intact.
    auto decide = [this, socket] {
        const QByteArray head = socket->peek(m_limits.maxHeaderBytes);
        if (!head.contains("\r\n\r\n") && head.size() < m_limits.maxHeaderBytes &&
            socket->state() == QAbstractSocket::ConnectedState)
            return; // wait for the rest of the headers
        disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
        if (isWebSocketUpgrade(socket)) {
            upgrade(socket, head);
            return;
        }
        auto *connection = new HttpConnection(socket, this, m_limits, m_useTls);
        m_connections.append(connection);
        connect(connection, &HttpConnection::closed, this, [this, connection] {
            m_connections.removeOne(connection);
            connection->deleteLater();
        });
    };
    connect(socket, &QTcpSocket::readyRead, this, decide);
    // A client that connects and says nothing is cut off like any slow client.
    QTimer::singleShot(m_limits.headerTimeoutMs, socket, [this, socket] {
        if (socket->parent() == this || socket->parent() == m_server)
            socket->abort();
    });
    if (socket->bytesAvailable() > 0)
        decide();
}

void HttpServer::upgrade(QTcpSocket *socket, const QByteArray &head)
{
    // The handshake is read as a request like any other, so the gate (allow-lists, rate limits)
    // judges it before Qt WebSockets sees a byte, and the session learns its headers.
    HttpRequestParser parser(m_limits, [](const QByteArray &, const QByteArray &) {
        return HttpRequestParser::RouteInfo{0, {}};
    });
    QByteArray bytes = head.left(head.indexOf("\r\n\r\n") + 4);
    HttpResponse refusal;
    bool refused = false;
    HttpRequest request;
    if (parser.feed(bytes) != HttpRequestParser::Event::RequestComplete) {
        refusal = HttpResponse::error(400, "bad_request", "a malformed WebSocket handshake");
        refused = true;
    } else {
        request = parser.takeRequest();
        request.peer = socket->peerAddress();
        request.secure = m_useTls;
        if (const std::optional<HttpResponse> no = m_gate ? m_gate(request) : std::nullopt) {
            refusal = *no;
            refused = true;
        }
    }
    if (refused) {
        observe(m_webSocketPath, refusal.status);
        socket->write(refusal.serialize(false));
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    observe(m_webSocketPath, 101);
    const std::pair<QString, quint16> key{socket->peerAddress().toString(), socket->peerPort()};
    m_upgrades.insert(key, {socket, request});
    // A handshake Qt WebSockets refuses ends with the socket deleted: its entry goes with it.
    connect(socket, &QObject::destroyed, this, [this, key, socket] {
        const auto found = m_upgrades.constFind(key);
        if (found != m_upgrades.cend() && found->socket == socket)
            m_upgrades.erase(found);
    });
    socket->setParent(nullptr);
    m_webSockets->handleConnection(socket);
}

HttpServer::Match HttpServer::match(const QByteArray &method, const QByteArray &path) const
{
    Match m;
    m.server = this;
    QList<QByteArray> allowed;
    // Exact paths first, then prefixes ("/api/v1/commands/" + a command name).
    for (const bool prefix : {false, true}) {
        for (int i = 0; i < m_routes.size(); ++i) {
            const Route &r = m_routes.at(i);
            if (r.prefix != prefix || (prefix ? !path.startsWith(r.path) : r.path != path))
                continue;
            if (r.method == method) {
                m.route = i;
                return m;
            }
            allowed.append(r.method);
        }
        if (!allowed.isEmpty())
            break;
    }
    m.allow = allowed.join(", ");
    return m;
}

void HttpServer::dispatch(const Match &match, const HttpRequest &request,
                          HttpConnection *connection, quint64 serial)
{
    const Route &route = m_routes.at(match.route);
    HttpResponder responder(connection, serial, this, route.path);
    if (m_gate) {
        if (const std::optional<HttpResponse> refusal = m_gate(request)) {
            responder.send(*refusal);
            return;
        }
    }
    if (m_gateOutcome) {
        HttpRequest head = request;
        head.body.clear(); // what the gate looks at: the route, the peer and the headers
        responder.setAfter([outcome = m_gateOutcome, head](int status) { outcome(head, status); });
    }
    route.handler(request, responder);
}

void HttpServer::observe(const QByteArray &route, int status) const
{
    if (m_observer)
        m_observer(route, status);
}

} // namespace aiochat
