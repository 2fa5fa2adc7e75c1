#include "multipartform.h"

#include <QHttpMultiPart>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace aiochat {

QHttpMultiPart *multipartForm(const QList<std::pair<QString, QByteArray>> &fields,
                              const QString &fileField, const QString &fileName,
                              const QString &mimeType, const QByteArray &data)
{
    auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    for (const auto &[name, value] : fields) {
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader,
                       u"form-data; name=\""_s + name + u'"');
        part.setBody(value);
        multipart->append(part);
    }
    QString safeName = fileName;
    safeName.remove(u'"').remove(u'\r').remove(u'\n');
    QHttpPart file;
    file.setHeader(QNetworkRequest::ContentDispositionHeader,
                   u"form-data; name=\""_s + fileField + u"\"; filename=\""_s + safeName + u'"');
    file.setHeader(QNetworkRequest::ContentTypeHeader, mimeType);
    file.setBody(data);
    multipart->append(file);
    return multipart;
}

} // namespace aiochat
