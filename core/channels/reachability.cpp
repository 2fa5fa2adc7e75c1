#include "reachability.h"

#include "channelsettings.h"
#include "domain/timestamps.h"
#include "security/crypto.h"
#include "telegram/telegramclient.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr int kTimeoutMs = 10'000;

QString joined(const QUrl &base, const QString &path)
{
    QUrl url(base);
    url.setPath(base.path().chopped(base.path().endsWith(u'/') ? 1 : 0) + path);
    return url.toString(QUrl::FullyEncoded);
}

// What an operator can act on, from how the call through the public address ended.
QJsonObject listenerOutcome(QNetworkReply *reply, const QByteArray &expected, bool handshake,
                            qint64 ms)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->read(4096);
    QJsonObject o{{u"ms"_s, ms}, {u"status"_s, status}};
    if (status == 0) {
        o.insert(u"ok"_s, false);
        o.insert(u"detail"_s, u"not reachable: "_s + reply->errorString() +
                                  u" — is the tunnel or proxy running and pointed at this "
                                  u"listener?"_s);
    } else if (status == 200 && body == expected) {
        o.insert(u"ok"_s, true);
        o.insert(u"detail"_s, handshake ? u"this instance answered through the public address"_s
                                        : u"an AIO-CHAT answered through the public address (set "
                                          u"WhatsApp's verify token to prove it is this one)"_s);
    } else if (status == 403 && handshake) {
        o.insert(u"ok"_s, false);
        o.insert(u"detail"_s, u"an AIO-CHAT answered, but not with this verify token: the "
                              u"address leads to another instance"_s);
    } else if (status >= 300 && status < 400) {
        o.insert(u"ok"_s, false);
        o.insert(u"detail"_s, u"redirected (HTTP "_s + QString::number(status) +
                                  u"): platforms do not follow redirects; give the final "
                                  u"address"_s);
    } else {
        o.insert(u"ok"_s, false);
        o.insert(u"detail"_s, u"answered HTTP "_s + QString::number(status) +
                                  u", not as this AIO-CHAT: the tunnel or proxy does not forward "
                                  u"to this listener"_s);
    }
    return o;
}

void checkTelegram(TelegramClient &telegram, const QString &expected,
                   std::function<void(const QJsonObject &)> done)
{
    if (!telegram.isConfigured()) {
        done(QJsonObject{{u"configured"_s, false}, {u"webhookUrl"_s, expected}});
        return;
    }
    telegram.call(u"getWebhookInfo"_s, {}, kTimeoutMs, [expected, done](const TelegramReply &r) {
        QJsonObject o{{u"configured"_s, true}, {u"webhookUrl"_s, expected}};
        if (!r.ok) {
            o.insert(u"error"_s, r.summary());
            done(o);
            return;
        }
        const QJsonObject info = r.result.toObject();
        const QString registered = info.value(u"url"_s).toString();
        o.insert(u"registered"_s, registered);
        o.insert(u"matches"_s, registered == expected);
        o.insert(u"pendingUpdates"_s, info.value(u"pending_update_count"_s).toInt());
        if (info.contains(u"last_error_message"_s)) {
            o.insert(u"lastError"_s, info.value(u"last_error_message"_s).toString());
            o.insert(u"lastErrorAt"_s,
                     toIsoString(secondsToMillis(info.value(u"last_error_date"_s).toInteger())));
        }
        done(o);
    });
}

} // namespace

void checkReachability(const ReachabilityDeps &deps, const QUrl &publicUrl,
                       std::function<void(const QJsonObject &report)> done)
{
    const QString verifyToken = deps.channels.whatsApp().verifyToken;
    const bool handshake = !verifyToken.isEmpty();
    const QByteArray challenge = crypto::randomBytes(12).toHex();
    QUrl target(handshake ? joined(publicUrl, u"/webhooks/whatsapp"_s)
                          : joined(publicUrl, u"/healthz"_s));
    if (handshake) {
        QUrlQuery query;
        query.addQueryItem(u"hub.mode"_s, u"subscribe"_s);
        query.addQueryItem(u"hub.verify_token"_s, verifyToken);
        query.addQueryItem(u"hub.challenge"_s, QString::fromLatin1(challenge));
        target.setQuery(query);
    }
    QNetworkRequest request(target);
    request.setTransferTimeout(kTimeoutMs);
    // A platform does not follow redirects; neither does the check.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    QNetworkReply *reply = deps.network.get(request);
    const QString telegramUrl = joined(publicUrl, u"/webhooks/telegram"_s);
    const QString whatsAppUrl = joined(publicUrl, u"/webhooks/whatsapp"_s);
    TelegramClient &telegram = deps.telegram;
    QObject::connect(reply, &QNetworkReply::finished, reply, [=, &telegram] {
        reply->deleteLater();
        const QJsonObject listener = listenerOutcome(
            reply, handshake ? challenge : QByteArray("ok\n"), handshake, timer->elapsed());
        QJsonObject whatsApp{{u"callbackUrl"_s, whatsAppUrl}, {u"verifyTokenSet"_s, handshake}};
        if (handshake)
            whatsApp.insert(u"handshake"_s, listener);
        checkTelegram(telegram, telegramUrl, [=](const QJsonObject &telegramReport) {
            done(QJsonObject{{u"publicUrl"_s, publicUrl.toString()},
                             {u"listener"_s, listener},
                             {u"whatsapp"_s, whatsApp},
                             {u"telegram"_s, telegramReport}});
        });
    });
}

} // namespace aiochat
