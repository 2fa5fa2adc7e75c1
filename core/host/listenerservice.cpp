#include "listenerservice.h"

#include "channels/channelsettings.h"
#include "channels/inboundjournal.h"
#include "channels/webhookroutes.h"
#include "config/settings.h"
#include "logging/logging.h"
#include "metrics/metricsregistry.h"
#include "storage/connection.h"
#include "storage/dbreaderpool.h"
#include "storage/storage.h"

#include <QFile>
#include <QSqlQuery>
#include <QSslKey>

using namespace Qt::StringLiterals;

namespace aiochat {

ListenerService::ListenerService(QHostAddress address, quint16 port, Storage &storage,
                                 InboundJournal &journal, MetricsRegistry &metrics,
                                 const ChannelSettings &channels, Settings &settings,
                                 QObject *parent)
    : QObject(parent)
    , m_address(std::move(address))
    , m_port(port)
    , m_storage(storage)
    , m_metrics(metrics)
    , m_settings(settings)
    , m_server(HttpLimits{}, this)
{
    m_metrics.describe("aiochat_http_requests_total", MetricsRegistry::Type::Counter,
                       "HTTP requests answered by the listener, by route and status.");
    m_metrics.describe("aiochat_conversations", MetricsRegistry::Type::Gauge,
                       "Conversations by status (open, needs_attention).");
    m_metrics.describe("aiochat_journal_pending", MetricsRegistry::Type::Gauge,
                       "Journal rows acknowledged but not yet processed.");
    m_server.setObserver([this](const QByteArray &route, int status) {
        m_metrics.increment(
            "aiochat_http_requests_total",
            MetricsRegistry::labels({{"route", route}, {"status", QByteArray::number(status)}}));
    });
    registerTelegramWebhook(m_server, journal, metrics, channels);
    registerWhatsAppWebhook(m_server, journal, metrics, channels);
    addSystemRoutes();
}

QString ListenerService::localUrl() const
{
    const QHostAddress a = m_server.serverAddress();
    const QString host =
        a.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + a.toString() + u']' : a.toString();
    return (m_settings.value(u"listener/tlsCertificate"_s).toString().isEmpty() ? u"http://"_s
                                                                                : u"https://"_s) +
           host + u':' + QString::number(m_server.serverPort());
}

Status ListenerService::start()
{
    const QString certPath = m_settings.value(u"listener/tlsCertificate"_s).toString();
    const QString keyPath = m_settings.value(u"listener/tlsKey"_s).toString();
    if (!certPath.isEmpty() || !keyPath.isEmpty()) {
        QFile cert(certPath);
        QFile key(keyPath);
        if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
            return Status::failedPrecondition(
                u"cannot read the TLS certificate or key (listener/tlsCertificate, listener/tlsKey)"_s);
        const QList<QSslCertificate> chain = QSslCertificate::fromData(cert.readAll(), QSsl::Pem);
        const QByteArray keyPem = key.readAll();
        const QSslKey privateKey(keyPem, QSsl::Rsa, QSsl::Pem);
        const QSslKey ecKey =
            privateKey.isNull() ? QSslKey(keyPem, QSsl::Ec, QSsl::Pem) : QSslKey();
        if (chain.isEmpty() || (privateKey.isNull() && ecKey.isNull()))
            return Status::failedPrecondition(u"the TLS certificate or key is not valid PEM"_s);
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificateChain(chain);
        tls.setPrivateKey(privateKey.isNull() ? ecKey : privateKey);
        m_server.setTls(tls);
    }
    const Status s = m_server.listen(m_address, m_port);
    if (!s.isOk())
        return s;
    qCInfo(lcHttp).noquote() << "listening on" << localUrl();
    return Status::ok();
}

void ListenerService::stop()
{
    m_server.close();
}

void ListenerService::refreshGauges(const std::function<void()> &then)
{
    // Counted on a reader: never SQL on the core thread.
    QPointer<ListenerService> self(this);
    MetricsRegistry &metrics = m_metrics;
    m_storage.readers().submit([self, &metrics, then](QSqlDatabase &db) {
        QSqlQuery q(db);
        if (q.exec(u"SELECT status, COUNT(*) FROM conversations WHERE status IN ('open', "
                   u"'needs_attention') "
                   u"GROUP BY status"_s)) {
            metrics.set("aiochat_conversations", MetricsRegistry::label("status", "open"), 0);
            metrics.set("aiochat_conversations",
                        MetricsRegistry::label("status", "needs_attention"), 0);
            while (q.next())
                metrics.set("aiochat_conversations",
                            MetricsRegistry::label("status", q.value(0).toByteArray()),
                            q.value(1).toDouble());
        }
        if (q.exec(u"SELECT COUNT(*) FROM inbound_journal WHERE state = 'pending'"_s) && q.next())
            metrics.set("aiochat_journal_pending", {}, q.value(0).toDouble());
        if (self)
            QMetaObject::invokeMethod(self.data(), then, Qt::QueuedConnection);
    });
}

void ListenerService::addSystemRoutes()
{
    // Liveness: the process answers.
    m_server.addRoute("GET", "/healthz", 0,
                      [](const HttpRequest &, const HttpResponder &responder) {
                          responder.send(HttpResponse::text(200, "ok\n"));
                      });
    // Readiness: migrations are done (the store is open) and a write transaction commits.
    m_server.addRoute(
        "GET", "/readyz", 0, [this](const HttpRequest &, const HttpResponder &responder) {
            m_storage.writer().submit(
                this,
                [](QSqlDatabase &db) {
                    return executeDirect(
                        db, u"UPDATE settings SET updated_at = updated_at WHERE key = ''"_s);
                },
                [responder](const Status &s) {
                    if (s.isOk())
                        responder.send(HttpResponse::json(200, R"({"ready":true})"));
                    else
                        responder.send(
                            HttpResponse::error(503, "storage_unavailable", s.message().toUtf8()));
                });
        });
    m_server.addRoute(
        "GET", "/metrics", 0, [this](const HttpRequest &, const HttpResponder &responder) {
            refreshGauges([this, responder] {
                HttpResponse r = HttpResponse::text(200, m_metrics.renderPrometheus());
                r.contentType = "text/plain; version=0.0.4; charset=utf-8";
                responder.send(r);
            });
        });
}

} // namespace aiochat
