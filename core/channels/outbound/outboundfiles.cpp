#include "outboundfiles.h"

#include "media/mediacheck.h"
#include "security/personaldatacipher.h"
#include "storage/connection.h"

#include <QCryptographicHash>
#include <QLocale>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat::outboundfiles {

namespace {

constexpr qint64 kMiB = 1024 * 1024;

} // namespace

Result<Prepared> prepare(const QByteArray &data, const QString &fileName, Platform platform)
{
    if (data.isEmpty())
        return Status::invalidArgument(u"attachment: the file is empty"_s);
    Prepared p;
    p.mime = media::sniffMime(data);
    p.fileName = media::safeFileName(fileName, p.mime);
    if (Status s = media::checkContent(QString(), p.fileName, p.mime); !s.isOk())
        return Status::invalidArgument(u"attachment: "_s + s.message());
    const bool picture = p.mime == u"image/jpeg"_s || p.mime == u"image/png"_s;
    const qint64 photoLimit = platform == Platform::WhatsApp ? 5 * kMiB : 10 * kMiB;
    const qint64 limit = platform == Platform::WhatsApp ? 100 * kMiB : 50 * kMiB;
    if (data.size() > limit)
        return Status::invalidArgument(u"attachment: "_s + toString(platform) +
                                       u" accepts files up to "_s + media::megabytes(limit) +
                                       u"; this one is "_s + media::megabytes(data.size()));
    p.photo = picture && data.size() <= photoLimit;
    return p;
}

Result<qint64> keep(QSqlDatabase &db, const PersonalDataCipher &cipher, const QByteArray &data,
                    const Prepared &file, qint64 messageId, const Conversation &conversation)
{
    const QString digest =
        QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    const QString key =
        QString::fromLatin1(cipher.blindIndex(PersonalField::MediaFile, digest).toHex());
    const Millis now = nowMillis();
    if (Status s = execute(db,
                           u"INSERT INTO media_blobs (blob_key, size, mime, data_enc, created_at) "
                           u"VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"_s,
                           {key, qint64(data.size()), file.mime,
                            cipher.sealBytes(PersonalField::MediaFile, data), now},
                           u"keeping a file to send"_s);
        !s.isOk())
        return s;
    const QSize size = media::imageSize(data);
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO attachments (message_id, conversation_id, position, platform, kind, "
              u"source_ref, file_name, declared_mime, mime, size, width, height, blob_key, state, "
              u"created_at, updated_at) VALUES (?, ?, 0, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, 'ready', "
              u"?, ?) RETURNING id"_s);
    for (const QVariant &v :
         {QVariant(messageId), QVariant(conversation.id), QVariant(toString(conversation.platform)),
          QVariant(file.photo ? u"photo"_s : u"document"_s), QVariant(file.fileName),
          QVariant(file.mime), QVariant(file.mime), QVariant(qint64(data.size())),
          QVariant(size.isValid() ? size.width() : 0), QVariant(size.isValid() ? size.height() : 0),
          QVariant(key), QVariant(now), QVariant(now)})
        q.addBindValue(v);
    if (Status s = execute(q, u"recording a file to send"_s); !s.isOk())
        return s;
    if (!q.next())
        return Status::internal(u"the file to send has no row"_s);
    return q.value(0).toLongLong();
}

} // namespace aiochat::outboundfiles
