#include "whatsappclient.h"

#include "channels/multipartform.h"

#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace aiochat {

QString WhatsAppReply::summary() const
{
    if (transportError)
        return u"network: "_s + errorMessage;
    QString s = errorMessage.isEmpty() ? u"HTTP "_s + QString::number(httpStatus) : errorMessage;
    if (!details.isEmpty())
        s += u" — "_s + details;
    return s;
}

WhatsAppClient::WhatsAppClient(QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{}

void WhatsAppClient::setCredentials(const QString &apiBase, const QString &phoneNumberId,
                                    const QString &accessToken)
{
    m_apiBase = apiBase;
    m_phoneNumberId = phoneNumberId;
    m_token = accessToken;
}

namespace {

WhatsAppReply readReply(QNetworkReply *reply)
{
    WhatsAppReply r;
    r.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (r.httpStatus == 0) {
        r.transportError = true;
        r.errorMessage =
            reply->error() == QNetworkReply::OperationCanceledError
                ? u"timed out"_s
                : QString::fromLatin1(QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(
                      reply->error()));
        return r;
    }
    r.body = QJsonDocument::fromJson(reply->readAll()).object();
    const QJsonObject error = r.body.value(u"error"_s).toObject();
    r.ok = r.httpStatus / 100 == 2 && error.isEmpty();
    if (!r.ok) {
        r.errorCode = error.value(u"code"_s).toInt();
        r.errorMessage = error.value(u"message"_s).toString();
        r.details = error.value(u"error_data"_s).toObject().value(u"details"_s).toString();
    }
    return r;
}

} // namespace

void WhatsAppClient::postMessage(const QJsonObject &body, int timeoutMs, Done done)
{
    if (!isConfigured()) {
        WhatsAppReply r;
        r.transportError = true;
        r.errorMessage = u"WhatsApp sending is not configured"_s;
        done(r);
        return;
    }
    QNetworkRequest request(QUrl(m_apiBase + u'/' + m_phoneNumberId + u"/messages"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply =
        m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        done(readReply(reply));
    });
}

void WhatsAppClient::markRead(const QString &platformMessageId, Done done)
{
    postMessage(QJsonObject{{u"messaging_product"_s, u"whatsapp"_s},
                            {u"status"_s, u"read"_s},
                            {u"message_id"_s, platformMessageId}},
                15'000, std::move(done));
}

void WhatsAppClient::mediaInfo(const QString &mediaId, int timeoutMs, Done done)
{
    // A media id is digits; anything else would change the path the token is sent to.
    static const QRegularExpression digits(u"^[0-9]{1,40}$"_s);
    if (!isConfigured() || !digits.match(mediaId).hasMatch()) {
        WhatsAppReply r;
        r.transportError = true;
        r.errorMessage =
            isConfigured() ? u"not a WhatsApp media id"_s : u"WhatsApp is not configured"_s;
        done(r);
        return;
    }
    QNetworkRequest request(QUrl(m_apiBase + u'/' + mediaId));
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network.get(request);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        done(readReply(reply));
    });
}

void WhatsAppClient::downloadMedia(const QString &url, qint64 maxBytes, int timeoutMs,
                                   std::function<void(Download)> done, DownloadProgress progress)
{
    const QUrl target(url);
    if (!isConfigured() || !target.isValid() ||
        (target.scheme() != u"https"_s && target.scheme() != u"http"_s)) {
        Download d;
        d.transport = true;
        d.error = u"WhatsApp gave an unusable media URL"_s;
        done(d);
        return;
    }
    QNetworkRequest request(target);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setTransferTimeout(timeoutMs);
    fetchBytes(m_network, request, maxBytes, this, std::move(done), std::move(progress));
}

void WhatsAppClient::uploadMedia(const QByteArray &data, const QString &mimeType,
                                 const QString &fileName, int timeoutMs, Done done)
{
    if (!isConfigured()) {
        WhatsAppReply r;
        r.transportError = true;
        r.errorMessage = u"WhatsApp sending is not configured"_s;
        done(r);
        return;
    }
    QHttpMultiPart *multipart =
        multipartForm({{u"messaging_product"_s, "whatsapp"}, {u"type"_s, mimeType.toUtf8()}},
                      u"file"_s, fileName, mimeType, data);
    QNetworkRequest request(QUrl(m_apiBase + u'/' + m_phoneNumberId + u"/media"_s));
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = m_network.post(request, multipart);
    multipart->setParent(reply);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        done(readReply(reply));
    });
}

} // namespace aiochat
