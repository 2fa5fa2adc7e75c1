#include "listenerservice.h"

#include "api/consoleapi.h"
#include "api/consolesocket.h"
#include "channels/channelsettings.h"
#include "channels/inboundjournal.h"
#include "channels/webhookroutes.h"
#include "config/settings.h"
#include "logging/logging.h"
#include "metrics/metricsregistry.h"
#include "security/crypto.h"
#include "storage/connection.h"
#include "storage/dbreaderpool.h"
#include "storage/dbsettings.h"
#include "storage/storage.h"

#include <QFile>
#include <QJsonDocument>
#include <QPointer>
#include <QSqlQuery>
#include <QSslKey>
#include <QWebSocket>

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
    , m_channels(channels)
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
    // The tunnel in front of us carries every platform and remote console on one address.
    m_server.setConnectionCapExemption(
        [this](const QHostAddress &peer) { return m_guard.isTrustedProxy(peer); });
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

bool ListenerService::metricsAllowed(const HttpRequest &request) const
{
    // Straight from this machine (a scraper beside us): fine. Through a tunnel the peer is
    // loopback too, but the tunnel says whom it forwards for.
    const bool forwarded =
        !request.header("X-Forwarded-For").isEmpty() || !request.header("Forwarded").isEmpty();
    if (request.peer.isLoopback() && !forwarded)
        return true;
    // An allow-list for the system routes was set on purpose; the guard has already applied it.
    if (!m_guard.policy().allow.value(RouteGroup::System).isEmpty())
        return true;
    const QString &token = m_channels.metricsToken();
    const QByteArray given = request.header("Authorization");
    return !token.isEmpty() && given.startsWith("Bearer ") &&
           crypto::constantTimeEquals(given.mid(7), token.toUtf8());
}

void ListenerService::enableApi(ConsoleApi &api)
{
    m_api = &api;
    m_server.addPrefixRoute("POST", "/api/v1/commands/", 256 * 1024,
                            [this](const HttpRequest &request, const HttpResponder &responder) {
                                runCommand(request, responder);
                            });
    // A document upload carries its file (up to 20 MiB, base64 in JSON): its own body limit.
    m_server.addRoute("POST", "/api/v1/commands/knowledge.upload", 28 * 1024 * 1024,
                      [this](const HttpRequest &request, const HttpResponder &responder) {
                          runCommand(request, responder);
                      });
    ConsoleSocketServer::Options options;
    options.pingIntervalMs =
        std::clamp(m_settings.value(u"listener/wsPingSeconds"_s, 30).toInt(), 1, 3600) * 1000;
    options.maxQueuedBytes =
        qint64(std::clamp(m_settings.value(u"listener/wsMaxQueuedKb"_s, 8192).toInt(), 16,
                          1024 * 1024)) *
        1024;
    options.signInTimeoutMs =
        std::clamp(m_settings.value(u"listener/wsSignInSeconds"_s, 30).toInt(), 1, 3600) * 1000;
    options.replayEvents =
        std::clamp(m_settings.value(u"listener/wsReplayEvents"_s, 10'000).toInt(), 0, 1'000'000);
    m_sockets = new ConsoleSocketServer(
        api, [&api](const QString &token) { return api.authenticate(token); }, options, this);
    m_sockets->setCommandGate([this](const HttpRequest &upgrade) {
        return m_guard.checkSocketCommand(upgrade, nowMillis());
    });
    m_sockets->setClientAddress(
        [this](const HttpRequest &upgrade) { return m_guard.clientAddress(upgrade).toString(); });
    m_server.enableWebSockets("/api/v1/ws", options.maxMessageBytes);
    connect(&m_server, &HttpServer::newWebSocket, m_sockets, &ConsoleSocketServer::accept);
}

namespace {

int httpStatusFor(Status::Code code)
{
    switch (code) {
    case Status::Code::Ok:
        return 200;
    case Status::Code::InvalidArgument:
        return 400;
    case Status::Code::Unauthenticated:
        return 401;
    case Status::Code::PermissionDenied:
        return 403;
    case Status::Code::NotFound:
        return 404;
    case Status::Code::AlreadyExists:
    case Status::Code::FailedPrecondition:
        return 409;
    case Status::Code::ResourceExhausted:
        return 429;
    case Status::Code::Unavailable:
        return 503;
    case Status::Code::Internal:
        break;
    }
    return 500;
}

} // namespace

void ListenerService::runCommand(const HttpRequest &request, const HttpResponder &responder)
{
    const QString name =
        QString::fromUtf8(request.path.mid(qsizetype(strlen("/api/v1/commands/"))));
    QJsonObject params;
    if (!request.body.trimmed().isEmpty()) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            responder.send(HttpResponse::error(400, "invalid_json",
                                               "the body must be a JSON object of parameters"));
            return;
        }
        params = doc.object();
    }
    QString token;
    const QByteArray authorization = request.header("authorization");
    if (authorization.size() > 7 && authorization.left(7).toLower() == "bearer ")
        token = QString::fromLatin1(authorization.mid(7).trimmed());
    const QString client = u"api "_s + m_guard.clientAddress(request).toString();
    QPointer<ListenerService> self(this);
    m_api->executeWithToken(
        name, params, token, client, [self, responder](const CommandResponse &response) {
            // Read commands answer from a reader thread: send from ours — if it still exists
            // (the readers outlive the listener at shutdown).
            if (!self)
                return;
            QMetaObject::invokeMethod(
                self.data(),
                [responder, response] {
                    HttpResponse r = HttpResponse::json(
                        httpStatusFor(response.status.code()),
                        QJsonDocument(response.toJson()).toJson(QJsonDocument::Compact));
                    if (response.status.code() == Status::Code::Unauthenticated)
                        r.headers.append({QByteArray("WWW-Authenticate"), QByteArray("Bearer")});
                    r.headers.append({QByteArray("Cache-Control"), QByteArray("no-store")});
                    responder.send(r);
                },
                Qt::QueuedConnection);
        });
}

Result<QSslConfiguration> ListenerService::loadTls(const QString &certificatePath,
                                                   const QString &keyPath)
{
    QFile cert(certificatePath);
    QFile key(keyPath);
    if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
        return Status::failedPrecondition(
            u"cannot read the TLS certificate or key (listener/tlsCertificate, listener/tlsKey)"_s);
    const QList<QSslCertificate> chain = QSslCertificate::fromData(cert.readAll(), QSsl::Pem);
    const QByteArray keyPem = key.readAll();
    const QSslKey privateKey(keyPem, QSsl::Rsa, QSsl::Pem);
    const QSslKey ecKey = privateKey.isNull() ? QSslKey(keyPem, QSsl::Ec, QSsl::Pem) : QSslKey();
    if (chain.isEmpty() || (privateKey.isNull() && ecKey.isNull()))
        return Status::failedPrecondition(u"the TLS certificate or key is not valid PEM"_s);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(privateKey.isNull() ? ecKey : privateKey);
    return tls;
}

Status ListenerService::reloadGuard()
{
    Result<ListenerGuard::Policy> policy = ListenerGuard::policyFromSettings(m_settings);
    if (!policy.isOk())
        return policy.status();
    m_guard = ListenerGuard(std::move(policy).value());
    return Status::ok();
}

Status ListenerService::start()
{
    Result<ListenerGuard::Policy> policy = ListenerGuard::policyFromSettings(m_settings);
    if (!policy.isOk())
        return policy.status();
    m_guard = ListenerGuard(std::move(policy).value());
    m_server.setGate(
        [this](const HttpRequest &request) { return m_guard.check(request, nowMillis()); });
    m_server.setGateOutcome([this](const HttpRequest &request, int status) {
        m_guard.recordOutcome(request, status, nowMillis());
    });

    const QString certPath = m_settings.value(u"listener/tlsCertificate"_s).toString();
    const QString keyPath = m_settings.value(u"listener/tlsKey"_s).toString();
    if (!certPath.isEmpty() || !keyPath.isEmpty()) {
        const Result<QSslConfiguration> tls = loadTls(certPath, keyPath);
        if (!tls.isOk())
            return tls.status();
        m_server.setTls(tls.value());
        m_tlsCertificate = certPath;
        m_tlsKey = keyPath;
    }
    const Status s = m_server.listen(m_address, m_port);
    if (!s.isOk())
        return s;
    qCInfo(lcHttp).noquote() << "listening on" << localUrl();
    return Status::ok();
}

void ListenerService::stop()
{
    if (m_sockets)
        m_sockets->closeAll();
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
                    // Ready means a write commits now: the probe changes a row (a statement
                    // that changes nothing writes no page and passes on a full disk).
                    return dbsettings::write(db, u"readyz.probe"_s, QString::number(nowMillis()));
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
        "GET", "/metrics", 0, [this](const HttpRequest &request, const HttpResponder &responder) {
            if (!metricsAllowed(request)) {
                responder.send(HttpResponse::error(
                    401, "unauthenticated",
                    "metrics beyond this machine need Authorization: Bearer with the metrics "
                    "token (AIOCHAT_METRICS_TOKEN), or a listener/allow/system list"));
                return;
            }
            refreshGauges([this, responder] {
                HttpResponse r = HttpResponse::text(200, m_metrics.renderPrometheus());
                r.contentType = "text/plain; version=0.0.4; charset=utf-8";
                responder.send(r);
            });
        });
}

} // namespace aiochat
