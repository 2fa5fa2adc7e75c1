#include "openaiendpoint.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace aiochat {

void OpenAiEndpoint::configure(const QString &baseUrl, const QString &apiKey, const QString &model)
{
    m_base = baseUrl;
    while (m_base.endsWith(u'/'))
        m_base.chop(1);
    m_apiKey = apiKey;
    m_model = model;
}

QNetworkRequest OpenAiEndpoint::request(const QString &path, int timeoutMs) const
{
    QNetworkRequest request(QUrl(m_base + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    if (!m_apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_apiKey.toUtf8());
    request.setTransferTimeout(timeoutMs);
    return request;
}

QString OpenAiEndpoint::errorMessage(const QJsonObject &body)
{
    const QJsonValue error = body.value(u"error"_s);
    if (error.isObject())
        return error.toObject().value(u"message"_s).toString();
    if (error.isString())
        return error.toString();
    return body.value(u"message"_s).toString();
}

} // namespace aiochat
