#pragma once

#include "coreservice.h"
#include "http/httpserver.h"

#include <QHostAddress>
#include <QObject>

namespace aiochat {

class ChannelSettings;
class InboundJournal;
class MetricsRegistry;
class Settings;
class Storage;

/**
 * @brief The embedded webhook listener as a service: the HTTP server with the platform webhook
 * routes, /healthz, /readyz and /metrics, bound to --listen/--port (TLS when the settings name a
 * certificate and key).
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
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    /** @brief http(s)://address:port, for Settings and the start-up log. */
    [[nodiscard]] QString localUrl() const;

private:
    void addSystemRoutes();
    void refreshGauges(const std::function<void()> &then);

    QHostAddress m_address;
    quint16 m_port;
    Storage &m_storage;
    MetricsRegistry &m_metrics;
    Settings &m_settings;
    HttpServer m_server;
};

} // namespace aiochat
