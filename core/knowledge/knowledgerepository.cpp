#include "knowledgerepository.h"

#include "security/personaldatacipher.h"
#include "storage/connection.h"
#include "storage/keysetpage.h"
#include "storage/messagetext.h"

#include <QCryptographicHash>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

const QString kColumns =
    u"d.id, d.contact_id, d.file_name, d.mime_type, d.size_bytes, d.sha256, d.status, d.error, "
    u"d.pages, d.chunk_count, d.created_by, d.created_at, d.updated_at"_s;

KnowledgeDocument fromRow(const QSqlQuery &q)
{
    KnowledgeDocument d;
    d.id = q.value(0).toLongLong();
    d.contactId = q.value(1).toLongLong();
    d.fileName = q.value(2).toString();
    d.mimeType = q.value(3).toString();
    d.sizeBytes = q.value(4).toLongLong();
    d.sha256 = q.value(5).toString();
    d.status = q.value(6).toString();
    d.error = q.value(7).toString();
    d.pages = q.value(8).toInt();
    d.chunkCount = q.value(9).toInt();
    d.createdBy = q.value(10).toLongLong();
    d.createdAt = q.value(11).toLongLong();
    d.updatedAt = q.value(12).toLongLong();
    return d;
}

QVariant idOrNull(qint64 id)
{
    return id ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong));
}

} // namespace

KnowledgeRepository::KnowledgeRepository(QSqlDatabase db, const PersonalDataCipher &cipher)
    : m_db(std::move(db))
    , m_cipher(cipher)
{}

QString KnowledgeRepository::scopeToken(qint64 contactId)
{
    return contactId ? u"zscopec"_s + QString::number(contactId) : u"zscopeshared"_s;
}

Status KnowledgeRepository::touch(QSqlDatabase &db)
{
    return execute(db, u"UPDATE knowledge_state SET generation = generation + 1 WHERE id = 1"_s, {},
                   u"marking the knowledge base changed"_s);
}

Status KnowledgeRepository::insertChunks(qint64 documentId, qint64 contactId,
                                         const QList<DocumentChunk> &chunks)
{
    if (Status s = touch(m_db); !s.isOk())
        return s;
    Statement statement(
        m_db, u"INSERT INTO chunks (document_id, namespace, ordinal, page, heading_enc, text_enc, "
              u"terms, word_count, content_hash, superseded) "
              u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    if (!statement.status().isOk())
        return statement.status();
    QSqlQuery &q = statement.query();
    const QString ns = knowledgeNamespace(contactId);
    const QString scope = scopeToken(contactId);
    for (const DocumentChunk &c : chunks) {
        // Titles carry meaning: the heading path is indexed with the passage.
        const QString terms = scope + u' ' +
                              messagetext::searchTerms(m_cipher, c.headingPath + u'\n' + c.text,
                                                       messagetext::Repeats::Keep);
        const QByteArray heading = m_cipher.seal(PersonalField::DocumentText, c.headingPath);
        q.addBindValue(documentId);
        q.addBindValue(ns);
        q.addBindValue(c.ordinal);
        q.addBindValue(c.page);
        q.addBindValue(heading.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray))
                                         : QVariant(heading));
        q.addBindValue(m_cipher.seal(PersonalField::DocumentText, c.text));
        q.addBindValue(terms);
        q.addBindValue(c.words);
        q.addBindValue(QString::fromLatin1(
            QCryptographicHash::hash(c.text.toUtf8(), QCryptographicHash::Sha256).toHex()));
        q.addBindValue(int(c.superseded));
        if (Status s = execute(q, u"storing a passage"_s); !s.isOk())
            return s;
    }
    return Status::ok();
}

Result<KnowledgeRepository::Stored> KnowledgeRepository::store(const KnowledgeDocument &document,
                                                               const QByteArray &content,
                                                               const QList<DocumentChunk> &chunks)
{
    const QString ns = knowledgeNamespace(document.contactId);
    Stored out;
    // The same file in the same scope: it is there already.
    {
        Statement same(m_db, u"SELECT "_s + kColumns +
                                 u" FROM documents d WHERE d.namespace = ? AND d.sha256 = ?"_s);
        if (!same.status().isOk())
            return same.status();
        same.query().addBindValue(ns);
        same.query().addBindValue(document.sha256);
        if (Status s = execute(same.query(), u"looking for the same file"_s); !s.isOk())
            return s;
        if (same.query().next()) {
            out.document = fromRow(same.query());
            out.duplicate = true;
            return out;
        }
    }
    const Millis now = nowMillis();
    qint64 id = 0;
    {
        Statement named(m_db, u"SELECT id FROM documents WHERE namespace = ? AND file_name = ?"_s);
        if (!named.status().isOk())
            return named.status();
        named.query().addBindValue(ns);
        named.query().addBindValue(document.fileName);
        if (Status s = execute(named.query(), u"looking for the file name"_s); !s.isOk())
            return s;
        if (named.query().next())
            id = named.query().value(0).toLongLong();
    }
    const QByteArray sealed = m_cipher.sealBytes(PersonalField::DocumentFile, content);
    if (id) {
        // A changed file of the same name replaces the old one's passages.
        out.replaced = true;
        if (Status s = execute(m_db, u"DELETE FROM chunks WHERE document_id = ?"_s, {id},
                               u"replacing passages"_s);
            !s.isOk())
            return s;
        if (Status s = execute(m_db,
                               u"UPDATE documents SET mime_type = ?, size_bytes = ?, sha256 = ?, "
                               u"status = ?, error = NULL, pages = ?, chunk_count = ?, "
                               u"content_enc = ?, created_by = ?, updated_at = ? WHERE id = ?"_s,
                               {document.mimeType, document.sizeBytes, document.sha256,
                                document.status, document.pages, int(chunks.size()), sealed,
                                idOrNull(document.createdBy), now, id},
                               u"replacing a document"_s);
            !s.isOk())
            return s;
    } else {
        Statement insert(m_db, u"INSERT INTO documents (namespace, contact_id, file_name, "
                               u"mime_type, size_bytes, sha256, status, pages, chunk_count, "
                               u"content_enc, created_by, created_at, updated_at) "
                               u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
        if (!insert.status().isOk())
            return insert.status();
        QSqlQuery &q = insert.query();
        for (const QVariant &v :
             QVariantList{ns, idOrNull(document.contactId), document.fileName, document.mimeType,
                          document.sizeBytes, document.sha256, document.status, document.pages,
                          int(chunks.size()), sealed, idOrNull(document.createdBy), now, now})
            q.addBindValue(v);
        if (Status s = execute(q, u"storing a document"_s); !s.isOk())
            return s;
        if (!q.next())
            return Status::internal(u"storing a document returned no id"_s);
        id = q.value(0).toLongLong();
    }
    if (Status s = insertChunks(id, document.contactId, chunks); !s.isOk())
        return s;
    const Result<std::optional<KnowledgeDocument>> stored = find(id);
    if (!stored.isOk())
        return stored.status();
    out.document = stored.value().value_or(KnowledgeDocument{});
    return out;
}

Status KnowledgeRepository::replaceChunks(qint64 documentId, const QList<DocumentChunk> &chunks)
{
    const Result<std::optional<KnowledgeDocument>> d = find(documentId);
    if (!d.isOk())
        return d.status();
    if (!d.value())
        return Status::notFound(u"no document with id "_s + QString::number(documentId));
    if (Status s = execute(m_db, u"DELETE FROM chunks WHERE document_id = ?"_s, {documentId},
                           u"replacing passages"_s);
        !s.isOk())
        return s;
    if (Status s = insertChunks(documentId, d.value()->contactId, chunks); !s.isOk())
        return s;
    return execute(m_db,
                   u"UPDATE documents SET status = 'ready', error = NULL, chunk_count = ?, "
                   u"updated_at = ? WHERE id = ?"_s,
                   {int(chunks.size()), nowMillis(), documentId}, u"re-indexing a document"_s);
}

Status KnowledgeRepository::markFailed(qint64 documentId, const QString &reason)
{
    return execute(m_db,
                   u"UPDATE documents SET status = 'failed', error = ?, updated_at = ? "
                   u"WHERE id = ?"_s,
                   {reason, nowMillis(), documentId}, u"marking a document failed"_s);
}

Result<std::optional<KnowledgeDocument>> KnowledgeRepository::find(qint64 id)
{
    Statement statement(m_db, u"SELECT "_s + kColumns + u" FROM documents d WHERE d.id = ?"_s);
    if (!statement.status().isOk())
        return statement.status();
    statement.query().addBindValue(id);
    if (Status s = execute(statement.query(), u"reading a document"_s); !s.isOk())
        return s;
    if (!statement.query().next())
        return std::optional<KnowledgeDocument>();
    return std::optional<KnowledgeDocument>(fromRow(statement.query()));
}

Result<std::optional<KnowledgeDocumentDetail>> KnowledgeRepository::detail(qint64 id)
{
    const Result<std::optional<KnowledgeDocument>> d = find(id);
    if (!d.isOk())
        return d.status();
    if (!d.value())
        return std::optional<KnowledgeDocumentDetail>();
    KnowledgeDocumentDetail out{*d.value(), {}};
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(u"SELECT ordinal, page, heading_enc, text_enc, word_count, superseded, id "
                   u"FROM chunks WHERE document_id = ? ORDER BY ordinal"_s))
        return queryError(q, u"reading passages"_s);
    q.addBindValue(id);
    if (Status s = execute(q, u"reading passages"_s); !s.isOk())
        return s;
    while (q.next()) {
        DocumentChunk c;
        c.ordinal = q.value(0).toInt();
        c.id = q.value(6).toLongLong();
        c.page = q.value(1).toInt();
        const Result<QString> heading =
            m_cipher.open(PersonalField::DocumentText, q.value(2).toByteArray());
        const Result<QString> text =
            m_cipher.open(PersonalField::DocumentText, q.value(3).toByteArray());
        if (!heading.isOk() || !text.isOk())
            return (heading.isOk() ? text.status() : heading.status()).prefixed(u"passage"_s);
        c.headingPath = heading.value();
        c.text = text.value();
        c.words = q.value(4).toInt();
        c.superseded = q.value(5).toBool();
        out.chunks.append(c);
    }
    return std::optional<KnowledgeDocumentDetail>(out);
}

Result<QByteArray> KnowledgeRepository::content(qint64 id)
{
    QSqlQuery q(m_db);
    if (!q.prepare(u"SELECT content_enc FROM documents WHERE id = ?"_s))
        return queryError(q, u"reading a document file"_s);
    q.addBindValue(id);
    if (Status s = execute(q, u"reading a document file"_s); !s.isOk())
        return s;
    if (!q.next())
        return Status::notFound(u"no document with id "_s + QString::number(id));
    return m_cipher.openBytes(PersonalField::DocumentFile, q.value(0).toByteArray());
}

Result<QList<qint64>> KnowledgeRepository::ids()
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT id FROM documents ORDER BY id"_s))
        return queryError(q, u"listing documents"_s);
    QList<qint64> out;
    while (q.next())
        out.append(q.value(0).toLongLong());
    return out;
}

Result<Page<KnowledgeDocument>> KnowledgeRepository::list(const ListQuery &query)
{
    const int limit = std::clamp(query.limit, 1, 200);
    QString sql = u"SELECT "_s + kColumns + u" FROM documents d WHERE 1 = 1"_s;
    QVariantList binds;
    if (query.scope != ListQuery::Scope::All) {
        sql += u" AND d.namespace = ?"_s;
        binds << knowledgeNamespace(query.scope == ListQuery::Scope::Shared ? 0 : query.contactId);
    }
    if (!query.cursor.isEmpty()) {
        const Result<QStringList> parts = keyset::decode(query.cursor, 2);
        if (!parts.isOk())
            return parts.status();
        sql += u" AND (d.updated_at < ? OR (d.updated_at = ? AND d.id < ?))"_s;
        binds << parts->at(0).toLongLong() << parts->at(0).toLongLong()
              << parts->at(1).toLongLong();
    }
    sql += u" ORDER BY d.updated_at DESC, d.id DESC LIMIT "_s + QString::number(limit + 1);
    return keyset::fetch<KnowledgeDocument>(
        m_db, sql, binds, limit, u"listing documents"_s,
        [](const QSqlQuery &q) { return Result<KnowledgeDocument>(fromRow(q)); },
        [](const KnowledgeDocument &d) {
            return QStringList{QString::number(d.updatedAt), QString::number(d.id)};
        });
}

Status KnowledgeRepository::remove(qint64 id)
{
    if (Status s = touch(m_db); !s.isOk())
        return s;
    if (Status s = execute(m_db, u"DELETE FROM chunks WHERE document_id = ?"_s, {id},
                           u"deleting passages"_s);
        !s.isOk())
        return s;
    QSqlQuery q(m_db);
    if (!q.prepare(u"DELETE FROM documents WHERE id = ?"_s))
        return queryError(q, u"deleting a document"_s);
    q.addBindValue(id);
    if (Status s = execute(q, u"deleting a document"_s); !s.isOk())
        return s;
    if (q.numRowsAffected() == 0)
        return Status::notFound(u"no document with id "_s + QString::number(id));
    return Status::ok();
}

Status KnowledgeRepository::moveContact(QSqlDatabase &db, qint64 from, qint64 into)
{
    if (Status s = touch(db); !s.isOk())
        return s;
    const QString oldToken = scopeToken(from);
    const QString newNs = knowledgeNamespace(into);
    // The scope token leads every passage's terms: swap it, and the index follows (trigger).
    if (Status s =
            execute(db,
                    u"UPDATE chunks SET namespace = ?, terms = ? || substr(terms, ?) "
                    u"WHERE namespace = ?"_s,
                    {newNs, scopeToken(into), int(oldToken.size()) + 1, knowledgeNamespace(from)},
                    u"moving passages"_s);
        !s.isOk())
        return s;
    // A file the surviving customer also has (same content or name) stays once: theirs.
    if (Status s = execute(db,
                           u"DELETE FROM documents WHERE contact_id = ? AND (sha256 IN (SELECT "
                           u"sha256 FROM documents WHERE contact_id = ?) OR file_name IN (SELECT "
                           u"file_name FROM documents WHERE contact_id = ?))"_s,
                           {from, into, into}, u"dropping duplicate documents"_s);
        !s.isOk())
        return s;
    return execute(db, u"UPDATE documents SET contact_id = ?, namespace = ? WHERE contact_id = ?"_s,
                   {into, newNs, from}, u"moving documents"_s);
}

} // namespace aiochat
