#pragma once

#include "httplimits.h"
#include "httpmessage.h"
#include "httprequestparser.h"

#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace aiochat {

class HttpServer;

/**
 * @brief One client connection: feeds received bytes to an HttpRequestParser, runs the header,
 * body and idle timers, hands each complete request to the server (pipelined requests wait their
 * turn) and writes the answers in order.
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
        Reading,
        Waiting,
        Closing
    };

    static constexpr qint64 kSocketReadBuffer = 64 * 1024;

    void readAvailable();
    void process();
    void write(const HttpResponse &response, bool keepAlive, bool linger = false);
    void lingerAndClose();
    void restartTimer();
    void timeout();

    QTcpSocket *m_socket;
    HttpServer *m_server;
    HttpLimits m_limits;
    bool m_secure;
    HttpRequestParser m_parser;
    QTimer m_timer{this};
    State m_state = State::Reading;
    QByteArray m_buffer; ///< received, not yet parsed (kept while a request waits for its answer)
    bool m_keepAlive = true;
    quint64 m_serial = 0;
};

} // namespace aiochat
