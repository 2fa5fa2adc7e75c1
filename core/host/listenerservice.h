#pragma once

#include "coreservice.h"
#include "http/httpserver.h"
#include "http/listenerguard.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

namespace aiochat {

class ChannelSettings;
class ConsoleApi;
class ConsoleSocketServer;
class InboundJournal;
class MetricsRegistry;
class Settings;
class Storage;

/**
 * @brief The embedded webhook listener as a service: the HTTP server with the platform webhook
 * routes, the Console API over HTTP, /healthz, /readyz and /metrics, bound to --listen/--port
 * (TLS when the settings name a certificate and key), behind the ListenerGuard's rate limits
 * and allow-lists.
 */
class ListenerService : public QObject, public CoreService
{
    Q_OBJECT
public:
    ListenerService(QHostAddress address, quint16 port, Storage &storage, InboundJournal &journal,
                    MetricsRegistry &metrics, const ChannelSettings &channels, Settings &settings,
                    QObject *parent = nullptr);

    [[nodiscard]] QString serviceName() const override
    {
        return QStringLiteral("webhook listener");
    }
    [[nodiscard]] Status start() override;
    void stop() override;

    [[nodiscard]] HttpServer &server() { return m_server; }
    /**
     * @brief Serves the Console API over HTTP: POST /api/v1/commands/<name> with a JSON body of
     * parameters and "Authorization: Bearer <access token>" (none for auth.login and the other
     * public commands); and over WebSocket at GET /api/v1/ws as JSON-RPC 2.0 with events
     * (ConsoleSocketServer, docs/console-protocol.md). Call before start().
     */
    void enableApi(ConsoleApi &api);
    /** @brief The console WebSockets (after enableApi()). */
    [[nodiscard]] ConsoleSocketServer *consoleSockets() const { return m_sockets; }
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    /** @brief http(s)://address:port, for Settings and the start-up log. */
    [[nodiscard]] QString localUrl() const;
    /** @brief The address and port asked for at start (the port may be 0 in tests). */
    [[nodiscard]] QHostAddress requestedAddress() const { return m_address; }
    [[nodiscard]] quint16 requestedPort() const { return m_port; }
    /** @brief The TLS files in use since start ("" when serving plain HTTP). */
    [[nodiscard]] QString tlsCertificate() const { return m_tlsCertificate; }
    [[nodiscard]] QString tlsKey() const { return m_tlsKey; }
    /**
     * @brief Applies the rate limits, allow-lists and trusted proxies now in the settings to
     * the next request (the address, port and TLS files need a restart).
     */
    [[nodiscard]] Status reloadGuard();
    /** @brief Loads a PEM certificate chain and its RSA or EC key, or says what is wrong. */
    [[nodiscard]] static Result<QSslConfiguration> loadTls(const QString &certificatePath,
                                                           const QString &keyPath);

Q_SIGNALS:
    /**
     * @brief An administrator changed the guard (rate limits, allow-lists, trusted proxies) —
     * settings key → value, "" removed: instances sharing the database apply them too. The
     * address, port and TLS files belong to each machine and are not in it.
     */
    void guardConfigured(const QVariantMap &changes);

private:
    void addSystemRoutes();
    void runCommand(const HttpRequest &request, const HttpResponder &responder);
    void refreshGauges(const std::function<void()> &then);
    /** @brief /metrics answers loopback, a configured system allow-list, or the metrics token. */
    [[nodiscard]] bool metricsAllowed(const HttpRequest &request) const;

    QHostAddress m_address;
    quint16 m_port;
    Storage &m_storage;
    MetricsRegistry &m_metrics;
    Settings &m_settings;
    const ChannelSettings &m_channels;
    QString m_tlsCertificate;
    QString m_tlsKey;
    HttpServer m_server;
    ListenerGuard m_guard;
    ConsoleApi *m_api = nullptr;
    ConsoleSocketServer *m_sockets = nullptr;
};

} // namespace aiochat
