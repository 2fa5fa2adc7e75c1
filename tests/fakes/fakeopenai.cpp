#include "fakeopenai.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace aiochat::test::openai {

FakeResponse error(int status, const QString &message, const QString &type, const QString &code)
{
    FakeResponse r{
        status,
        "application/json",
        QJsonDocument(
            QJsonObject{{u"error"_s, QJsonObject{{u"message"_s, message},
                                                 {u"type"_s, type},
                                                 {u"param"_s, QJsonValue()},
                                                 {u"code"_s, code.isEmpty() ? QJsonValue()
                                                                            : QJsonValue(code)}}}})
            .toJson(QJsonDocument::Compact),
        {}};
    if (status == 429 || status >= 500)
        r.headers.append(qMakePair(QByteArray("retry-after-ms"), QByteArray("10")));
    return r;
}

bool accept(const FakeRequest &request, const FakeResponder &responder, const QByteArray &path,
            const QString &key, QStringList &rejections)
{
    if (request.method != "POST" || request.path != path) {
        rejections.append(u"unexpected "_s +
                          QString::fromLatin1(request.method + ' ' + request.path));
        responder.send(error(404, u"Not found"_s, u"invalid_request_error"_s));
        return false;
    }
    if (!key.isEmpty() && request.header("authorization") != "Bearer " + key.toUtf8()) {
        responder.send(error(401, u"Incorrect API key provided"_s, u"invalid_request_error"_s,
                             u"invalid_api_key"_s));
        return false;
    }
    if (!request.header("content-type").startsWith("application/json")) {
        rejections.append(u"content-type "_s + QString::fromLatin1(request.header("content-type")));
        responder.send(
            error(400, u"Content-Type must be application/json"_s, u"invalid_request_error"_s));
        return false;
    }
    return true;
}

} // namespace aiochat::test::openai
