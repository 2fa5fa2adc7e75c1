#include "webhookroutes.h"

#include "channelsettings.h"
#include "http/httpserver.h"
#include "inboundjournal.h"
#include "logging/logging.h"
#include "metrics/metricsregistry.h"
#include "security/crypto.h"
#include "telegram/telegramnormalizer.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

void describeRejects(MetricsRegistry &metrics)
{
    metrics.describe("aiochat_webhook_rejects_total", MetricsRegistry::Type::Counter,
                     "Webhook requests refused, by platform and reason.");
}

HttpResponse reject(MetricsRegistry &metrics, const QByteArray &platform, int status,
                    const QByteArray &reason, const QByteArray &message)
{
    metrics.increment("aiochat_webhook_rejects_total",
                      MetricsRegistry::labels({{"platform", platform}, {"reason", reason}}));
    return HttpResponse::error(status, reason, message);
}

// A missing secret is a configuration problem the operator must hear about, but platforms retry
// every few seconds: say it at most once a minute.
void warnMissing(const char *platform, const QStringList &missing)
{
    static QHash<QByteArray, qint64> lastWarned;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 &last = lastWarned[platform];
    if (now - last < 60'000)
        return;
    last = now;
    qCWarning(lcInbound).noquote()
        << platform << "webhook refused: not configured; set" << missing.join(u", "_s);
}

void journalAndAnswer(InboundJournal &journal, MetricsRegistry &metrics, JournalEntry entry,
                      const HttpResponder &responder, const QByteArray &platform)
{
    journal.append(entry, [responder, &metrics, platform](const Status &status, bool) {
        if (status.isOk()) {
            responder.send(HttpResponse::empty(200));
            return;
        }
        // Nothing was stored: the platform must retry later, and will.
        HttpResponse r = reject(metrics, platform, 503, "storage_unavailable",
                                "the request could not be stored; retry later");
        r.headers.append({QByteArray("Retry-After"), QByteArray("5")});
        responder.send(r);
    });
}

} // namespace

void registerTelegramWebhook(HttpServer &server, InboundJournal &journal, MetricsRegistry &metrics,
                             const ChannelSettings &channels)
{
    describeRejects(metrics);
    server.addRoute(
        "POST", "/webhooks/telegram", kTelegramMaxBody,
        [&journal, &metrics, &channels](const HttpRequest &request,
                                        const HttpResponder &responder) {
            const QString secret = channels.telegram().webhookSecret;
            if (secret.isEmpty()) {
                warnMissing("telegram", channels.telegramWebhookMissing());
                responder.send(reject(metrics, "telegram", 403, "not_configured",
                                      "the Telegram webhook secret is not configured"));
                return;
            }
            const QByteArray given = request.header("x-telegram-bot-api-secret-token");
            if (given.isEmpty()) {
                responder.send(reject(metrics, "telegram", 401, "missing_secret",
                                      "X-Telegram-Bot-Api-Secret-Token is missing"));
                return;
            }
            if (!crypto::constantTimeEquals(given, secret.toUtf8())) {
                responder.send(reject(metrics, "telegram", 403, "bad_secret",
                                      "X-Telegram-Bot-Api-Secret-Token does not match"));
                return;
            }
            if (request.body.isEmpty()) {
                responder.send(reject(metrics, "telegram", 400, "empty_body", "the body is empty"));
                return;
            }
            const qint64 updateId = telegramUpdateId(request.body);
            if (updateId < 0) {
                responder.send(reject(metrics, "telegram", 400, "malformed",
                                      "the body is not a Telegram Update with an update_id"));
                return;
            }
            // update_id restarts at random after a quiet week: the body hash keeps a
            // new update from being mistaken for an old one with the same id.
            JournalEntry entry;
            entry.platform = Platform::Telegram;
            entry.eventKey = QString::number(updateId) + u':' +
                             QString::fromLatin1(crypto::sha256(request.body).toHex().left(16));
            entry.headers = QJsonObject{{u"source"_s, u"webhook"_s}};
            entry.body = request.body;
            journalAndAnswer(journal, metrics, entry, responder, "telegram");
        });
}

void registerWhatsAppWebhook(HttpServer &server, InboundJournal &journal, MetricsRegistry &metrics,
                             const ChannelSettings &channels)
{
    describeRejects(metrics);
    server.addRoute(
        "GET", "/webhooks/whatsapp", 0,
        [&metrics, &channels](const HttpRequest &request, const HttpResponder &responder) {
            const QString token = channels.whatsApp().verifyToken;
            if (token.isEmpty()) {
                warnMissing("whatsapp", channels.whatsAppWebhookMissing());
                responder.send(reject(metrics, "whatsapp", 403, "not_configured",
                                      "the WhatsApp verify token is not configured"));
                return;
            }
            const QString mode = request.queryValue(u"hub.mode"_s);
            const QString given = request.queryValue(u"hub.verify_token"_s);
            const QString challenge = request.queryValue(u"hub.challenge"_s);
            if (mode != u"subscribe"_s || challenge.isEmpty() ||
                !crypto::constantTimeEquals(given.toUtf8(), token.toUtf8())) {
                responder.send(reject(metrics, "whatsapp", 403, "bad_verify_token",
                                      "hub.mode, hub.verify_token or hub.challenge is wrong"));
                return;
            }
            qCInfo(lcWhatsApp) << "webhook verification handshake answered";
            responder.send(HttpResponse::text(200, challenge.toUtf8()));
        });

    server.addRoute(
        "POST", "/webhooks/whatsapp", kWhatsAppMaxBody,
        [&journal, &metrics, &channels](const HttpRequest &request,
                                        const HttpResponder &responder) {
            const QString appSecret = channels.whatsApp().appSecret;
            if (appSecret.isEmpty()) {
                warnMissing("whatsapp", channels.whatsAppWebhookMissing());
                responder.send(reject(metrics, "whatsapp", 403, "not_configured",
                                      "the WhatsApp app secret is not configured"));
                return;
            }
            const QByteArray header = request.header("x-hub-signature-256");
            if (!header.startsWith("sha256=")) {
                responder.send(reject(metrics, "whatsapp", 401, "missing_signature",
                                      "X-Hub-Signature-256 is missing"));
                return;
            }
            // The signature covers the raw bytes exactly as sent (Meta's escaped form):
            // never re-serialise before checking.
            const QByteArray expected =
                crypto::hmacSha256(appSecret.toUtf8(), request.body).toHex();
            if (!crypto::constantTimeEquals(header.mid(7).toLower(), expected)) {
                responder.send(reject(metrics, "whatsapp", 401, "bad_signature",
                                      "X-Hub-Signature-256 does not match the body"));
                return;
            }
            if (request.body.isEmpty()) {
                responder.send(reject(metrics, "whatsapp", 400, "empty_body", "the body is empty"));
                return;
            }
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject()) {
                responder.send(
                    reject(metrics, "whatsapp", 400, "malformed",
                           "the body is not a JSON object: " + error.errorString().toUtf8()));
                return;
            }
            JournalEntry entry;
            entry.platform = Platform::WhatsApp;
            // A redelivery carries the same bytes; per-message ids dedupe the rest.
            entry.eventKey = QString::fromLatin1(crypto::sha256(request.body).toHex());
            entry.headers = QJsonObject{{u"source"_s, u"webhook"_s}};
            entry.body = request.body;
            journalAndAnswer(journal, metrics, entry, responder, "whatsapp");
        });
}

} // namespace aiochat
