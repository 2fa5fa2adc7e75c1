#pragma once

#include "domain/status.h"
#include "httplimits.h"
#include "httpmessage.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

#include <functional>
#include <optional>

class QTcpServer;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace aiochat {

class HttpConnection;

/** @brief Answers one request; may be kept and called later (asynchronous handlers). */
class HttpResponder
{
public:
    HttpResponder() = default;
    HttpResponder(HttpConnection *connection, quint64 serial, class HttpServer *server,
                  QByteArray route);

    /** @brief Sends the response; does nothing if the client went away meanwhile. */
    void send(const HttpResponse &response) const;
    /** @brief Also tells @p after the status sent (the gate learns how its requests ended). */
    void setAfter(std::function<void(int status)> after) { m_after = std::move(after); }
    [[nodiscard]] bool isConnected() const { return !m_connection.isNull(); }

private:
    QPointer<HttpConnection> m_connection;
    quint64 m_serial = 0;
    QPointer<class HttpServer> m_server;
    QByteArray m_route;
    std::function<void(int status)> m_after;
};

/**
 * @brief The embedded HTTP/1.1 listener (QTcpServer, or QSslServer with a certificate). Routes
 * are exact paths with one method and their own body limit; unknown paths get 404, a wrong method
 * 405 with Allow. WebSocket upgrades on the WebSocket path are handed to Qt WebSockets before any
 * byte of the handshake is consumed. Lives in the core thread.
 */
class HttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const HttpRequest &, const HttpResponder &)>;
    /** @brief Called for every answer: route label ("/webhooks/telegram" or "unmatched") and
     * status. */
    using Observer = std::function<void(const QByteArray &route, int status)>;

    explicit HttpServer(HttpLimits limits = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    void addRoute(const QByteArray &method, const QByteArray &path, qint64 maxBodyBytes,
                  Handler handler);
    /** @brief A route for every path starting with @p prefix (exact routes win). */
    void addPrefixRoute(const QByteArray &method, const QByteArray &prefix, qint64 maxBodyBytes,
                        Handler handler);
    /**
     * @brief Consulted for every matched request before its handler: a response refuses it
     * (rate limits, allow-lists), nothing lets it through.
     */
    using Gate = std::function<std::optional<HttpResponse>(const HttpRequest &)>;
    void setGate(Gate gate) { m_gate = std::move(gate); }
    /** @brief Told how each request the gate let through was answered (its status). */
    using GateOutcome = std::function<void(const HttpRequest &, int status)>;
    void setGateOutcome(GateOutcome outcome) { m_gateOutcome = std::move(outcome); }
    /** @brief Serve TLS (1.2 or newer) with this configuration; call before listen(). */
    void setTls(const QSslConfiguration &configuration);
    /** @brief Accept WebSocket upgrades on @p path; each arrives through newWebSocket(). */
    void enableWebSockets(const QByteArray &path, qint64 maxMessageBytes);
    void setObserver(Observer observer) { m_observer = std::move(observer); }
    /**
     * @brief Peers that may hold more than HttpLimits::maxConnectionsPerAddress connections: a
     * tunnel or proxy in front of us carries every client on its one address.
     */
    void setConnectionCapExemption(std::function<bool(const QHostAddress &)> exempt)
    {
        m_capExempt = std::move(exempt);
    }

    [[nodiscard]] Status listen(const QHostAddress &address, quint16 port);
    void close();
    [[nodiscard]] bool isListening() const;
    [[nodiscard]] quint16 serverPort() const;
    [[nodiscard]] QHostAddress serverAddress() const;
    [[nodiscard]] int connectionCount() const { return int(m_connections.size()); }
    [[nodiscard]] const HttpLimits &limits() const { return m_limits; }

    /** @brief Finds the route for a request line; sets @p allow when only the method is wrong. */
    struct Match
    {
        const HttpServer *server = nullptr;
        int route = -1;   ///< index, or -1
        QByteArray allow; ///< for 405
        [[nodiscard]] qint64 maxBody() const;
        [[nodiscard]] QByteArray label() const;
    };
    [[nodiscard]] Match match(const QByteArray &method, const QByteArray &path) const;
    void dispatch(const Match &match, const HttpRequest &request, HttpConnection *connection,
                  quint64 serial);
    void observe(const QByteArray &route, int status) const;

Q_SIGNALS:
    /** @brief An accepted WebSocket and the handshake request it came with (its headers). */
    void newWebSocket(QWebSocket *socket, const aiochat::HttpRequest &upgrade);

private:
    struct Route
    {
        QByteArray method;
        QByteArray path;
        qint64 maxBody;
        Handler handler;
        bool prefix = false;
    };

    void acceptPending();
    [[nodiscard]] bool isWebSocketUpgrade(QTcpSocket *socket) const;
    [[nodiscard]] bool overAddressCap(const QTcpSocket &socket) const;
    void watchForUpgrade(QTcpSocket *socket);
    /** @brief Gates a WebSocket handshake, then hands the socket to Qt WebSockets. */
    void upgrade(QTcpSocket *socket, const QByteArray &head);

    HttpLimits m_limits;
    QList<Route> m_routes;
    QTcpServer *m_server = nullptr;
    QSslConfiguration m_tls;
    bool m_useTls = false;
    QWebSocketServer *m_webSockets = nullptr;
    QByteArray m_webSocketPath;
    qint64 m_maxWebSocketMessage = 1 << 20;
    /// Handshakes under way, by peer address and port, until Qt WebSockets hands the socket back.
    struct Upgrade
    {
        const QTcpSocket *socket = nullptr;
        HttpRequest request;
    };
    QHash<std::pair<QString, quint16>, Upgrade> m_upgrades;
    QList<HttpConnection *> m_connections;
    Observer m_observer;
    Gate m_gate;
    GateOutcome m_gateOutcome;
    std::function<bool(const QHostAddress &)> m_capExempt;
};

} // namespace aiochat
