#include "httpconnection.h"

#include "httpserver.h"
#include "logging/logging.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

HttpConnection *self(http_parser *p)
{
    return static_cast<HttpConnection *>(p->data);
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, HttpServer *server, const HttpLimits &limits,
                               bool secure)
    : QObject(server)
    , m_socket(socket)
    , m_server(server)
    , m_limits(limits)
    , m_secure(secure)
{
    m_socket->setParent(this);
    http_parser_init(&m_parser, HTTP_REQUEST);
    m_parser.data = this;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::timeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readAvailable);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        setState(State::Closing);
        Q_EMIT closed();
    });
    setState(State::Idle);
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::readAvailable, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::setState(State state)
{
    m_state = state;
    switch (state) {
    case State::Idle:
        m_timer.start(m_limits.idleTimeoutMs);
        break;
    case State::Headers:
        m_timer.start(m_limits.headerTimeoutMs);
        break;
    case State::Body:
        m_timer.start(m_limits.bodyTimeoutMs);
        break;
    case State::Waiting:
    case State::Closing:
        m_timer.stop(); // our own handler is working; not the client's fault
        break;
    }
}

void HttpConnection::timeout()
{
    if (m_state == State::Idle) {
        // A quiet keep-alive connection: close it without a word, as HTTP allows.
        m_socket->disconnectFromHost();
        return;
    }
    qCInfo(lcHttp) << "closing a connection from" << m_socket->peerAddress().toString()
                   << (m_state == State::Headers ? "that was too slow sending headers"
                                                 : "that was too slow sending its body");
    fail(408, "timeout", "the request was not received in time");
}

void HttpConnection::readAvailable()
{
    if (m_state == State::Closing || m_rejected) {
        m_socket->readAll(); // discard: the answer has been given
        return;
    }
    m_buffer.append(m_socket->readAll());
    feed();
}

void HttpConnection::feed()
{
    while (!m_buffer.isEmpty() && m_state != State::Waiting && m_state != State::Closing &&
           !m_rejected) {
        if (m_state == State::Idle)
            setState(State::Headers);
        static const http_parser_settings settings = [] {
            http_parser_settings s{};
            http_parser_settings_init(&s);
            s.on_message_begin = &HttpConnection::onMessageBegin;
            s.on_url = &HttpConnection::onUrl;
            s.on_header_field = &HttpConnection::onHeaderField;
            s.on_header_value = &HttpConnection::onHeaderValue;
            s.on_headers_complete = &HttpConnection::onHeadersComplete;
            s.on_body = &HttpConnection::onBody;
            s.on_message_complete = &HttpConnection::onMessageComplete;
            return s;
        }();
        const size_t parsed = http_parser_execute(&m_parser, &settings, m_buffer.constData(),
                                                  size_t(m_buffer.size()));
        const auto err = HTTP_PARSER_ERRNO(&m_parser);
        m_buffer.remove(0, qsizetype(parsed));
        if (err == HPE_PAUSED) {
            // A complete request is with its handler; the rest waits in the buffer.
            http_parser_pause(&m_parser, 0);
            return;
        }
        if (err != HPE_OK) {
            if (!m_rejected) {
                const QByteArray why = http_errno_description(err);
                fail(400, "malformed_request", "malformed HTTP request: " + why);
            }
            return;
        }
        if (parsed == 0)
            return;
    }
}

bool HttpConnection::countHeaderBytes(size_t length)
{
    m_headerBytes += int(length);
    if (m_headerBytes <= m_limits.maxHeaderBytes)
        return true;
    fail(431, "headers_too_large",
         "the request line and headers exceed " + QByteArray::number(m_limits.maxHeaderBytes) +
             " bytes");
    return false;
}

int HttpConnection::onMessageBegin(http_parser *p)
{
    HttpConnection *c = self(p);
    c->m_request = HttpRequest();
    c->m_request.peer = c->m_socket->peerAddress();
    c->m_request.secure = c->m_secure;
    c->m_url.clear();
    c->m_field.clear();
    c->m_lastWasValue = false;
    c->m_headerBytes = 0;
    c->m_maxBody = c->m_limits.defaultMaxBodyBytes;
    if (c->m_state == State::Idle)
        c->setState(State::Headers);
    return 0;
}

int HttpConnection::onUrl(http_parser *p, const char *at, size_t length)
{
    HttpConnection *c = self(p);
    if (!c->countHeaderBytes(length))
        return -1;
    c->m_url.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeaderField(http_parser *p, const char *at, size_t length)
{
    HttpConnection *c = self(p);
    if (!c->countHeaderBytes(length))
        return -1;
    if (c->m_lastWasValue) {
        c->m_field.clear();
        c->m_lastWasValue = false;
    }
    c->m_field.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeaderValue(http_parser *p, const char *at, size_t length)
{
    HttpConnection *c = self(p);
    if (!c->countHeaderBytes(length))
        return -1;
    if (!c->m_lastWasValue) {
        c->m_request.headers.append({c->m_field.toLower(), QByteArray()});
        c->m_lastWasValue = true;
    }
    c->m_request.headers.last().second.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeadersComplete(http_parser *p)
{
    HttpConnection *c = self(p);
    HttpRequest &r = c->m_request;
    r.method = http_method_str(http_method(p->method));
    http_parser_url url{};
    http_parser_url_init(&url);
    if (http_parser_parse_url(c->m_url.constData(), size_t(c->m_url.size()), 0, &url) != 0) {
        c->fail(400, "malformed_request", "the request target is not a valid path");
        return -1;
    }
    if (url.field_set & (1 << UF_PATH))
        r.path = c->m_url.mid(url.field_data[UF_PATH].off, url.field_data[UF_PATH].len);
    if (url.field_set & (1 << UF_QUERY))
        r.query = c->m_url.mid(url.field_data[UF_QUERY].off, url.field_data[UF_QUERY].len);
    if (p->http_major != 1) {
        c->fail(505, "http_version", "only HTTP/1.x is supported");
        return -1;
    }
    c->m_keepAlive = http_should_keep_alive(p) != 0;

    const HttpServer::Match m = c->m_server->match(r.method, r.path);
    if (m.route < 0) {
        if (!m.allow.isEmpty()) {
            HttpResponse resp = HttpResponse::error(405, "method_not_allowed",
                                                    r.method + " is not allowed on " + r.path);
            resp.headers.append({"Allow", m.allow});
            resp.closeConnection = true;
            c->m_server->observe(r.path, 405);
            c->write(resp, false);
        } else {
            c->fail(404, "not_found", "nothing is served at this path");
        }
        c->m_rejected = true;
        return -1;
    }
    c->m_maxBody = m.maxBody();
    const bool chunked = (p->flags & F_CHUNKED) != 0;
    const bool hasLength = (p->flags & F_CONTENTLENGTH) != 0;
    if (hasLength && p->content_length > quint64(c->m_maxBody)) {
        // Refused before a single body byte is read or buffered.
        c->fail(413, "body_too_large",
                "the body exceeds " + QByteArray::number(c->m_maxBody) + " bytes");
        return -1;
    }
    if (!hasLength && !chunked && (r.method == "POST" || r.method == "PUT")) {
        c->fail(411, "length_required", "a Content-Length or chunked body is required");
        return -1;
    }
    if (r.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0)
        c->m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    c->setState(State::Body);
    return 0;
}

int HttpConnection::onBody(http_parser *p, const char *at, size_t length)
{
    HttpConnection *c = self(p);
    if (c->m_request.body.size() + qsizetype(length) > c->m_maxBody) {
        c->fail(413, "body_too_large",
                "the body exceeds " + QByteArray::number(c->m_maxBody) + " bytes");
        return -1;
    }
    c->m_request.body.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onMessageComplete(http_parser *p)
{
    HttpConnection *c = self(p);
    c->setState(State::Waiting);
    const quint64 serial = ++c->m_serial;
    // Pause: one request at a time, so pipelined answers keep their order.
    http_parser_pause(p, 1);
    const HttpServer::Match m = c->m_server->match(c->m_request.method, c->m_request.path);
    c->m_server->dispatch(m, c->m_request, c, serial);
    return 0;
}

void HttpConnection::respond(quint64 serial, const HttpResponse &response)
{
    if (serial != m_serial || m_state != State::Waiting)
        return;
    const bool keepAlive = m_keepAlive && !response.closeConnection;
    write(response, keepAlive);
    if (!keepAlive)
        return;
    setState(State::Idle);
    m_request = HttpRequest();
    if (!m_buffer.isEmpty())
        QMetaObject::invokeMethod(this, &HttpConnection::feed, Qt::QueuedConnection);
}

void HttpConnection::fail(int status, const QByteArray &code, const QByteArray &message)
{
    if (m_rejected || m_state == State::Closing)
        return;
    m_rejected = true;
    HttpResponse r = HttpResponse::error(status, code, message);
    m_server->observe(m_request.path.isEmpty() ? QByteArray("unmatched") : m_request.path, status);
    write(r, false);
}

void HttpConnection::write(const HttpResponse &response, bool keepAlive)
{
    QByteArray out;
    out.reserve(160 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
           HttpResponse::reasonPhrase(response.status) + "\r\n";
    if (!response.contentType.isEmpty())
        out += "Content-Type: " + response.contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    out += response.body;
    m_socket->write(out);
    if (!keepAlive) {
        setState(State::Closing);
        m_socket->disconnectFromHost(); // after the queued bytes are written
    }
}

} // namespace aiochat
