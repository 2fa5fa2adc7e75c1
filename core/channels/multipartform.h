#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

class QHttpMultiPart;

namespace aiochat {

/**
 * @brief A multipart/form-data body as both platforms take uploads: text fields, then one file
 * (its name made safe for the header: quotes and line breaks would end it early). The caller
 * posts it and parents it to the reply.
 */
[[nodiscard]] QHttpMultiPart *multipartForm(const QList<std::pair<QString, QByteArray>> &fields,
                                            const QString &fileField, const QString &fileName,
                                            const QString &mimeType, const QByteArray &data);

} // namespace aiochat
