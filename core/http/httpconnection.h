#pragma once

#include "httplimits.h"
#include "httpmessage.h"

#include <QObject>
#include <QTimer>

#include <http_parser.h>

class QTcpSocket;

namespace aiochat {

class HttpServer;

/**
 * @brief One client connection: feeds bytes to http_parser, enforces the limits while reading
 * (header size, body size before buffering, timeouts), hands complete requests to the server one
 * at a time (pipelined requests wait their turn) and writes the responses in order.
 */
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, HttpServer *server, const HttpLimits &limits, bool secure);
    ~HttpConnection() override;

    /** @brief Sends the answer to request number @p serial; ignored if that request is gone. */
    void respond(quint64 serial, const HttpResponse &response);
    [[nodiscard]] QTcpSocket *socket() const { return m_socket; }

Q_SIGNALS:
    void closed();

private:
    enum class State
    {
        Idle,
        Headers,
        Body,
        Waiting,
        Closing
    };

    static int onMessageBegin(http_parser *p);
    static int onUrl(http_parser *p, const char *at, size_t length);
    static int onHeaderField(http_parser *p, const char *at, size_t length);
    static int onHeaderValue(http_parser *p, const char *at, size_t length);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t length);
    static int onMessageComplete(http_parser *p);

    void readAvailable();
    void feed();
    void fail(int status, const QByteArray &code, const QByteArray &message);
    void write(const HttpResponse &response, bool keepAlive);
    void setState(State state);
    void timeout();
    [[nodiscard]] bool countHeaderBytes(size_t length);

    QTcpSocket *m_socket;
    HttpServer *m_server;
    HttpLimits m_limits;
    bool m_secure;
    http_parser m_parser{};
    QTimer m_timer;
    State m_state = State::Idle;

    QByteArray m_buffer; ///< received, not yet parsed (the parser is paused while a request waits)
    HttpRequest m_request;
    QByteArray m_url;
    QByteArray m_field;
    bool m_lastWasValue = false;
    int m_headerBytes = 0;
    qint64 m_maxBody = 0;
    bool m_keepAlive = true;
    bool m_rejected = false; ///< an error answer was sent: stop reading
    quint64 m_serial = 0;
};

} // namespace aiochat
