#include "telegramclient.h"

#include "channels/multipartform.h"

#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace aiochat {

QString TelegramReply::summary() const
{
    if (transportError)
        return u"network: "_s + description;
    if (ok)
        return u"ok"_s;
    return QString::number(errorCode ? errorCode : httpStatus) + u' ' + description;
}

namespace {

// A Bot API answer read from its reply (success, error body or no answer at all).
TelegramReply readReply(QNetworkReply *reply)
{
    TelegramReply r;
    r.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (r.httpStatus == 0) {
        r.transportError = true;
        // errorString() may quote the URL, which holds the token: describe the error by kind.
        r.description =
            reply->error() == QNetworkReply::OperationCanceledError
                ? u"timed out"_s
                : QString::fromLatin1(QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(
                      reply->error()));
        return r;
    }
    // Read only when there was an answer: an aborted reply is closed (Qt warns when read).
    const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
    r.ok = o.value(u"ok"_s).toBool() && r.httpStatus / 100 == 2;
    r.result = o.value(u"result"_s);
    r.errorCode = o.value(u"error_code"_s).toInt();
    r.description = o.value(u"description"_s).toString();
    const QJsonObject p = o.value(u"parameters"_s).toObject();
    r.retryAfter = p.value(u"retry_after"_s).toInt();
    r.migrateToChatId = p.value(u"migrate_to_chat_id"_s).toInteger();
    if (!r.ok && r.description.isEmpty())
        r.description =
            u"HTTP "_s + QString::number(r.httpStatus) + u" without a Bot API error body"_s;
    if (r.retryAfter == 0 && r.httpStatus == 429)
        r.retryAfter = reply->rawHeader("Retry-After").toInt();
    return r;
}

TelegramReply notConfigured()
{
    TelegramReply r;
    r.transportError = true;
    r.description = u"the Telegram bot token is not configured"_s;
    return r;
}

} // namespace

TelegramClient::TelegramClient(QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{}

void TelegramClient::setCredentials(const QString &apiBase, const QString &token)
{
    m_apiBase = apiBase;
    m_token = token;
}

void TelegramClient::call(const QString &method, const QJsonObject &params, int timeoutMs,
                          Done done)
{
    if (!isConfigured()) {
        done(notConfigured());
        return;
    }
    QNetworkRequest request = methodRequest(method, timeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    answer(m_network.post(request, QJsonDocument(params).toJson(QJsonDocument::Compact)),
           std::move(done));
}

QNetworkRequest TelegramClient::methodRequest(const QString &method, int timeoutMs) const
{
    QNetworkRequest request(QUrl(m_apiBase + u"/bot"_s + m_token + u'/' + method));
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    return request;
}

void TelegramClient::answer(QNetworkReply *reply, Done done)
{
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        done(readReply(reply));
    });
}

void TelegramClient::downloadFile(const QString &filePath, qint64 maxBytes, int timeoutMs,
                                  std::function<void(Download)> done, DownloadProgress progress)
{
    // A path from getFile is relative ("photos/file_3.jpg"): nothing that climbs out of it.
    if (!isConfigured() || filePath.isEmpty() || filePath.startsWith(u'/') ||
        filePath.contains(u".."_s) || filePath.contains(u'?') || filePath.contains(u'#')) {
        Download d;
        d.transport = true;
        d.error = isConfigured() ? u"Telegram gave an unusable file path"_s
                                 : u"the Telegram bot token is not configured"_s;
        done(d);
        return;
    }
    QNetworkRequest request(QUrl(m_apiBase + u"/file/bot"_s + m_token + u'/' + filePath));
    request.setTransferTimeout(timeoutMs);
    fetchBytes(m_network, request, maxBytes, this, std::move(done), std::move(progress));
}

void TelegramClient::upload(const QString &method, const QJsonObject &params,
                            const QString &fileField, const QString &fileName,
                            const QString &mimeType, const QByteArray &data, int timeoutMs,
                            Done done)
{
    if (!isConfigured()) {
        done(notConfigured());
        return;
    }
    QList<std::pair<QString, QByteArray>> fields;
    for (auto it = params.begin(); it != params.end(); ++it) {
        const QJsonValue v = it.value();
        fields.append({it.key(), v.isString() ? v.toString().toUtf8()
                                 : v.isDouble()
                                     ? QByteArray::number(v.toInteger())
                                     : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)});
    }
    QHttpMultiPart *multipart = multipartForm(fields, fileField, fileName, mimeType, data);
    QNetworkReply *reply = m_network.post(methodRequest(method, timeoutMs), multipart);
    multipart->setParent(reply);
    answer(reply, std::move(done));
}

} // namespace aiochat
