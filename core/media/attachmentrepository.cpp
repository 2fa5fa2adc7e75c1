#include "attachmentrepository.h"

#include "security/personaldatacipher.h"
#include "storage/blobfiles.h"
#include "storage/connection.h"

#include <QSet>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// The kinds a platform keeps a file for (the others — locations, contacts, entities — are data).
bool downloadable(const QJsonObject &a, Platform platform)
{
    static const QStringList kinds{u"photo"_s,     u"document"_s, u"voice"_s,
                                   u"audio"_s,     u"video"_s,    u"video_note"_s,
                                   u"animation"_s, u"sticker"_s,  u"image"_s};
    if (!kinds.contains(a.value(u"kind"_s).toString()))
        return false;
    if (platform == Platform::Telegram)
        return !a.value(u"fileId"_s).toString().isEmpty();
    if (platform == Platform::WhatsApp)
        return !a.value(u"mediaId"_s).toString().isEmpty();
    return false;
}

const QString kColumns =
    u"a.id, a.message_id, a.conversation_id, a.position, a.platform, a.kind, a.file_name, "
    u"a.declared_mime, a.mime, a.size, a.duration, a.width, a.height, a.state, a.error, "
    u"a.attempts, a.updated_at"_s;

QJsonObject rowJson(const QSqlQuery &q)
{
    return QJsonObject{{u"id"_s, q.value(0).toLongLong()},
                       {u"messageId"_s, q.value(1).toLongLong()},
                       {u"conversationId"_s, q.value(2).toLongLong()},
                       {u"position"_s, q.value(3).toInt()},
                       {u"platform"_s, q.value(4).toString()},
                       {u"kind"_s, q.value(5).toString()},
                       {u"fileName"_s, q.value(6).toString()},
                       {u"declaredMime"_s, q.value(7).toString()},
                       {u"mimeType"_s, q.value(8).toString()},
                       {u"size"_s, q.value(9).toLongLong()},
                       {u"duration"_s, q.value(10).toInt()},
                       {u"width"_s, q.value(11).toInt()},
                       {u"height"_s, q.value(12).toInt()},
                       {u"state"_s, q.value(13).toString()},
                       {u"error"_s, q.value(14).toString()},
                       {u"attempts"_s, q.value(15).toInt()},
                       {u"updatedAt"_s, toIsoString(q.value(16).toLongLong())}};
}

} // namespace

AttachmentRepository::AttachmentRepository(QSqlDatabase db, const PersonalDataCipher &cipher,
                                           const BlobFiles *files)
    : m_db(std::move(db))
    , m_cipher(cipher)
    , m_files(files)
{}

Status AttachmentRepository::queueFor(const Message &message, Platform platform)
{
    const Millis now = nowMillis();
    for (qsizetype i = 0; i < message.attachments.size(); ++i) {
        const QJsonObject a = message.attachments.at(i).toObject();
        if (!downloadable(a, platform))
            continue;
        const QString ref = platform == Platform::Telegram ? a.value(u"fileId"_s).toString()
                                                           : a.value(u"mediaId"_s).toString();
        if (Status s = execute(
                m_db,
                u"INSERT INTO attachments (message_id, conversation_id, position, platform, kind, "
                u"source_ref, file_name, declared_mime, size, duration, width, height, state, "
                u"next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                u"?, ?, 'pending', ?, ?, ?) ON CONFLICT DO NOTHING"_s,
                {message.id, message.conversationId, int(i), toString(platform),
                 a.value(u"kind"_s).toString(), ref, notNull(a.value(u"name"_s).toString()),
                 notNull(a.value(u"mimeType"_s).toString()), a.value(u"size"_s).toInteger(),
                 a.value(u"duration"_s).toInt(), a.value(u"width"_s).toInt(),
                 a.value(u"height"_s).toInt(), now, now, now},
                u"queueing an attachment's download"_s);
            !s.isOk())
            return s;
    }
    return Status::ok();
}

Result<QList<PendingDownload>> AttachmentRepository::claimDue(Millis now, int limit)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE attachments SET state = 'downloading', attempts = attempts + 1, "
              u"updated_at = ? WHERE id IN (SELECT id FROM attachments WHERE state = 'pending' "
              u"AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"_s +
              (isPostgres(m_db) ? u" FOR UPDATE SKIP LOCKED"_s : QString()) +
              u") RETURNING id, message_id, conversation_id, platform, kind, source_ref, "
              u"file_name, declared_mime, attempts"_s);
    q.addBindValue(now);
    q.addBindValue(now);
    q.addBindValue(limit);
    if (Status s = execute(q, u"claiming downloads"_s); !s.isOk())
        return s;
    QList<PendingDownload> out;
    while (q.next()) {
        PendingDownload d;
        d.id = q.value(0).toLongLong();
        d.messageId = q.value(1).toLongLong();
        d.conversationId = q.value(2).toLongLong();
        d.platform = fromString(q.value(3).toString(), Platform::Telegram);
        d.kind = q.value(4).toString();
        d.sourceRef = q.value(5).toString();
        d.fileName = q.value(6).toString();
        d.declaredMime = q.value(7).toString();
        d.attempts = q.value(8).toInt();
        out.append(d);
    }
    return out;
}

Status AttachmentRepository::recover()
{
    return execute(m_db,
                   u"UPDATE attachments SET state = 'pending', next_attempt_at = 0 "
                   u"WHERE state = 'downloading'"_s,
                   {}, u"recovering downloads"_s);
}

Result<Millis> AttachmentRepository::nextDue()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT MIN(next_attempt_at) FROM attachments WHERE state = 'pending'"_s))
        return queryError(q, u"finding the next download"_s);
    if (!q.next() || q.value(0).isNull())
        return Millis(0);
    return q.value(0).toLongLong();
}

Result<qint64> AttachmentRepository::usage()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT COALESCE(SUM(size), 0) FROM media_blobs"_s) || !q.next())
        return queryError(q, u"measuring the media kept"_s);
    return q.value(0).toLongLong();
}

Result<bool> AttachmentRepository::hasBlob(const QString &blobKey)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT 1 FROM media_blobs WHERE blob_key = ?"_s);
    q.addBindValue(blobKey);
    if (Status s = execute(q, u"looking for a kept file"_s); !s.isOk())
        return s;
    return q.next();
}

Status AttachmentRepository::store(const FetchedFile &f)
{
    const Millis now = nowMillis();
    if (f.inFile) {
        // Another download of the same content may have been refused and swept its file.
        if (!m_files || !m_files->contains(f.blobKey))
            return Status::unavailable(u"the file was removed before it was recorded"_s);
        if (Status s = execute(m_db,
                               u"INSERT INTO media_blobs (blob_key, size, mime, data_enc, "
                               u"stored_in, created_at) VALUES (?, ?, ?, X'', 'file', ?) "
                               u"ON CONFLICT DO NOTHING"_s,
                               {f.blobKey, f.size, f.mime, now}, u"keeping a file"_s);
            !s.isOk())
            return s;
    } else if (!f.sealed.isEmpty()) {
        if (Status s = execute(m_db,
                               u"INSERT INTO media_blobs (blob_key, size, mime, data_enc, "
                               u"created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"_s,
                               {f.blobKey, f.size, f.mime, f.sealed, now}, u"keeping a file"_s);
            !s.isOk())
            return s;
    }
    return execute(m_db,
                   u"UPDATE attachments SET state = 'ready', error = '', blob_key = ?, mime = ?, "
                   u"file_name = ?, size = ?, width = ?, height = ?, updated_at = ? WHERE id = ?"_s,
                   {f.blobKey, f.mime, f.fileName, f.size, f.width, f.height, now, f.attachmentId},
                   u"recording a downloaded file"_s);
}

Status AttachmentRepository::fail(qint64 id, const QString &error, bool retryable, Millis retryAt)
{
    return execute(m_db,
                   u"UPDATE attachments SET state = CASE WHEN ? = 1 AND attempts < ? THEN "
                   u"'pending' ELSE 'failed' END, error = ?, next_attempt_at = ?, updated_at = ? "
                   u"WHERE id = ?"_s,
                   {retryable ? 1 : 0, kMaxAttempts, error, retryAt, nowMillis(), id},
                   u"recording a failed download"_s);
}

Status AttachmentRepository::retry(qint64 id)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE attachments SET state = 'pending', attempts = 0, error = '', "
              u"next_attempt_at = 0, updated_at = ? WHERE id = ? AND state = 'failed'"_s);
    q.addBindValue(nowMillis());
    q.addBindValue(id);
    if (Status s = execute(q, u"retrying a download"_s); !s.isOk())
        return s;
    if (q.numRowsAffected() == 0) {
        const Result<QJsonObject> a = find(id);
        if (!a.isOk())
            return a.status();
        return Status::failedPrecondition(u"only a failed download can be retried; this one is "_s +
                                          a->value(u"state"_s).toString());
    }
    return Status::ok();
}

Result<QJsonObject> AttachmentRepository::find(qint64 id)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT "_s + kColumns + u" FROM attachments a WHERE a.id = ?"_s);
    q.addBindValue(id);
    if (Status s = execute(q, u"reading an attachment"_s); !s.isOk())
        return s;
    if (!q.next())
        return Status::notFound(u"no attachment with id "_s + QString::number(id));
    return rowJson(q);
}

Result<QHash<qint64, QJsonArray>> AttachmentRepository::forMessages(const QList<qint64> &ids)
{
    QHash<qint64, QJsonArray> out;
    if (ids.isEmpty())
        return out;
    QSqlQuery q(m_db);
    q.prepare(u"SELECT "_s + kColumns + u" FROM attachments a WHERE a.message_id IN ("_s +
              placeholders(ids.size()) + u") ORDER BY a.message_id, a.position"_s);
    for (qint64 id : ids)
        q.addBindValue(id);
    if (Status s = execute(q, u"reading attachments"_s); !s.isOk())
        return s;
    while (q.next()) {
        const QJsonObject a = rowJson(q);
        out[a.value(u"messageId"_s).toInteger()].append(a);
    }
    return out;
}

Result<QByteArray> AttachmentRepository::content(qint64 id)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT a.state, b.data_enc, b.stored_in, b.blob_key FROM attachments a "
              u"LEFT JOIN media_blobs b ON b.blob_key = a.blob_key WHERE a.id = ?"_s);
    q.addBindValue(id);
    if (Status s = execute(q, u"reading a file"_s); !s.isOk())
        return s;
    if (!q.next())
        return Status::notFound(u"no attachment with id "_s + QString::number(id));
    if (q.value(0).toString() != u"ready"_s || q.value(1).isNull())
        return Status::failedPrecondition(u"the file is not downloaded ("_s +
                                          q.value(0).toString() + u')');
    if (q.value(2).toString() == u"file"_s) {
        if (!m_files)
            return Status::failedPrecondition(u"the file is kept beside the database, which "
                                              u"this connection cannot reach"_s);
        const Result<QByteArray> sealed = m_files->read(q.value(3).toString());
        if (!sealed.isOk())
            return sealed.status();
        return m_cipher.openBytes(PersonalField::MediaFile, sealed.value());
    }
    return m_cipher.openBytes(PersonalField::MediaFile, q.value(1).toByteArray());
}

Result<int> AttachmentRepository::sweepFiles()
{
    if (!m_files)
        return 0;
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT blob_key FROM media_blobs WHERE stored_in = 'file'"_s))
        return queryError(q, u"listing the kept files"_s);
    QSet<QString> recorded;
    while (q.next())
        recorded.insert(q.value(0).toString());
    int removed = 0;
    for (const QString &key : m_files->keys()) {
        if (recorded.contains(key))
            continue;
        if (Status s = m_files->remove(key); !s.isOk())
            return s;
        ++removed;
    }
    return removed;
}

} // namespace aiochat
