#include "download.h"

#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

void fetchBytes(QNetworkAccessManager &network, QNetworkRequest request, qint64 maxBytes,
                QObject *context, std::function<void(Download)> done, DownloadProgress progress)
{
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = network.get(request);
    auto body = std::make_shared<QByteArray>();
    auto tooLarge = std::make_shared<bool>(false);
    const auto refuse = [reply, tooLarge] {
        *tooLarge = true;
        reply->abort();
    };
    QObject::connect(reply, &QNetworkReply::metaDataChanged, context, [reply, maxBytes, refuse] {
        const qint64 announced = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (announced > maxBytes)
            refuse();
    });
    if (progress)
        QObject::connect(reply, &QNetworkReply::downloadProgress, context,
                         [progress](qint64 received, qint64 total) { progress(received, total); });
    QObject::connect(reply, &QNetworkReply::readyRead, context, [reply, body, maxBytes, refuse] {
        body->append(reply->readAll());
        if (body->size() > maxBytes) {
            body->clear();
            refuse();
        }
    });
    QObject::connect(
        reply, &QNetworkReply::finished, context, [reply, body, tooLarge, done = std::move(done)] {
            reply->deleteLater();
            Download d;
            d.tooLarge = *tooLarge;
            d.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            d.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toString();
            if (d.tooLarge) {
                d.error = u"the file is larger than allowed"_s;
            } else if (d.httpStatus == 0) {
                d.transport = true;
                // errorString() may quote the URL, and the URL may hold a token.
                d.error = reply->error() == QNetworkReply::OperationCanceledError
                              ? u"timed out"_s
                              : QString::fromLatin1(
                                    QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(
                                        reply->error()));
            } else {
                body->append(reply->readAll());
                d.data = std::move(*body);
                if (d.httpStatus / 100 != 2)
                    d.error = u"HTTP "_s + QString::number(d.httpStatus);
            }
            done(std::move(d));
        });
}

} // namespace aiochat
