#pragma once

#include "domain/conversation.h"
#include "domain/status.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

namespace aiochat {

class PersonalDataCipher;

/** @brief Files operators send: checked before they are queued, kept while they wait. */
namespace outboundfiles {

/** @brief What a file to send is, by its bytes. */
struct Prepared
{
    QString fileName;   ///< safe to show and to send
    QString mime;       ///< read from the content
    bool photo = false; ///< sent as a picture (JPEG or PNG within the platform's photo limit)
};

/**
 * @brief Checks a file before it is queued for @p platform: not empty, not a program, within the
 * platform's limit (Telegram: 50 MB, photos 10 MB; WhatsApp: documents 100 MB, images 5 MB — a
 * larger picture goes as a document).
 */
[[nodiscard]] Result<Prepared> prepare(const QByteArray &data, const QString &fileName,
                                       Platform platform);

/** @brief Keeps the file sealed for message @p messageId (in the caller's transaction). */
[[nodiscard]] Result<qint64> keep(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                  const QByteArray &data, const Prepared &file, qint64 messageId,
                                  const Conversation &conversation);

} // namespace outboundfiles
} // namespace aiochat
