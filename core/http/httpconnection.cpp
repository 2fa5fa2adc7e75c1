#include "httpconnection.h"

#include "httpserver.h"
#include "logging/logging.h"

#include <QTcpSocket>

#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace aiochat {

HttpConnection::HttpConnection(QTcpSocket *socket, HttpServer *server, const HttpLimits &limits,
                               bool secure)
    : QObject(server)
    , m_socket(socket)
    , m_server(server)
    , m_limits(limits)
    , m_secure(secure)
    , m_parser(limits, [server](const QByteArray &method, const QByteArray &path) {
        const HttpServer::Match m = server->match(method, path);
        return HttpRequestParser::RouteInfo{m.route >= 0 ? m.maxBody() : -1, m.allow};
    })
{
    m_socket->setParent(this);
    // While a request is being answered we stop reading: what the client sends meanwhile stays
    // in the socket, which holds at most this much before TCP flow control makes the client
    // wait. Without the cap one busy connection could make us buffer without limit.
    m_socket->setReadBufferSize(kSocketReadBuffer);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::timeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readAvailable);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        m_state = State::Closing;
        m_timer.stop();
        Q_EMIT closed();
    });
    restartTimer();
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::readAvailable, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::restartTimer()
{
    // Idle between requests, headers from their first byte, then the body: each has its own
    // budget so a slow or silent client is cut off without touching well-behaved ones.
    if (m_state != State::Reading) {
        m_timer.stop();
        return;
    }
    if (m_parser.inBody())
        m_timer.start(m_limits.bodyTimeoutMs);
    else if (m_parser.inHeaders() || !m_buffer.isEmpty())
        m_timer.start(m_limits.headerTimeoutMs);
    else
        m_timer.start(m_limits.idleTimeoutMs);
}

void HttpConnection::timeout()
{
    if (m_state != State::Reading)
        return;
    if (!m_parser.inHeaders() && !m_parser.inBody()) {
        // A quiet keep-alive connection: close it without a word, as HTTP allows.
        m_socket->disconnectFromHost();
        return;
    }
    qCInfo(lcHttp) << "closing a connection from" << m_socket->peerAddress().toString()
                   << (m_parser.inBody() ? "that was too slow sending its body"
                                         : "that was too slow sending headers");
    m_server->observe("unmatched", 408);
    write(HttpResponse::error(408, "timeout", "the request was not received in time"), false, true);
}

void HttpConnection::readAvailable()
{
    if (m_state == State::Waiting)
        return; // pipelined bytes wait in the socket (see the constructor) until we answer
    const QByteArray data = m_socket->readAll();
    if (m_state == State::Closing)
        return; // the answer has been given; the rest is discarded
    const bool wasIdle = !m_parser.inHeaders() && !m_parser.inBody() && m_buffer.isEmpty();
    m_buffer.append(data);
    if (m_state == State::Reading) {
        process();
        if (wasIdle && m_state == State::Reading)
            restartTimer();
    }
}

void HttpConnection::process()
{
    while (m_state == State::Reading && !m_buffer.isEmpty()) {
        const bool wasInBody = m_parser.inBody();
        const HttpRequestParser::Event event = m_parser.feed(m_buffer);
        switch (event) {
        case HttpRequestParser::Event::NeedMore:
            if (!wasInBody && m_parser.inBody())
                restartTimer();
            return;
        case HttpRequestParser::Event::Continue100:
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            restartTimer();
            continue;
        case HttpRequestParser::Event::Failed: {
            const HttpRequestParser::Failure &f = m_parser.failure();
            HttpResponse r = HttpResponse::error(f.status, f.code, f.message);
            if (!f.allow.isEmpty())
                r.headers.append({QByteArray("Allow"), f.allow});
            const QByteArray path = m_parser.request().path;
            m_server->observe(path.isEmpty() || f.status == 404 ? QByteArray("unmatched") : path,
                              f.status);
            // The client may still be sending the body we refused: linger so it can read why.
            write(r, false, true);
            return;
        }
        case HttpRequestParser::Event::RequestComplete: {
            m_state = State::Waiting;
            m_timer.stop();
            m_keepAlive = m_parser.keepAlive();
            HttpRequest request = m_parser.takeRequest();
            request.peer = m_socket->peerAddress();
            request.secure = m_secure;
            const quint64 serial = ++m_serial;
            m_server->dispatch(m_server->match(request.method, request.path), request, this,
                               serial);
            return;
        }
        }
    }
}

void HttpConnection::respond(quint64 serial, const HttpResponse &response)
{
    if (serial != m_serial || m_state != State::Waiting)
        return;
    const bool keepAlive = m_keepAlive && !response.closeConnection;
    write(response, keepAlive);
    if (!keepAlive)
        return;
    m_state = State::Reading;
    restartTimer();
    if (!m_buffer.isEmpty() || m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::readAvailable, Qt::QueuedConnection);
}

void HttpConnection::lingerAndClose()
{
    // Closing a socket with unread input makes the kernel send a reset, and the client may never
    // see the answer. So: send everything, shut down our side (FIN), discard what still arrives,
    // and close when the client does or after a short grace period.
    auto finish = [this] {
        if (m_socket->bytesToWrite() > 0)
            return;
        disconnect(m_socket, &QTcpSocket::bytesWritten, this, nullptr);
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        QTimer::singleShot(2000, this, [this] { m_socket->abort(); });
    };
    connect(m_socket, &QTcpSocket::bytesWritten, this, finish);
    m_socket->flush();
    finish();
}

void HttpConnection::write(const HttpResponse &response, bool keepAlive, bool linger)
{
    m_socket->write(response.serialize(keepAlive));
    if (!keepAlive) {
        m_state = State::Closing;
        m_timer.stop();
        if (linger)
            lingerAndClose();
        else
            m_socket->disconnectFromHost(); // after the queued bytes are written
    }
}

} // namespace aiochat
