#pragma once

#include "chunker.h"
#include "domain/status.h"
#include "knowledgedocument.h"
#include "storage/page.h"

#include <QSqlDatabase>

#include <optional>

namespace aiochat {

class PersonalDataCipher;

/** @brief A document with its passages opened (knowledge.get). */
struct KnowledgeDocumentDetail
{
    KnowledgeDocument document;
    QList<DocumentChunk> chunks;
};

/**
 * @brief Documents and their passages in the store. The original file and every passage are
 * sealed; the keyword index gets each passage's terms (messagetext.h, with repeats, so BM25 can
 * weigh them) after a scope token, so a search names its scope inside the MATCH and the index
 * intersects it instead of filtering afterwards.
 */
class KnowledgeRepository
{
public:
    KnowledgeRepository(QSqlDatabase db, const PersonalDataCipher &cipher);

    /** @brief The index token of a scope: "zscopeshared" or "zscopec<id>". */
    [[nodiscard]] static QString scopeToken(qint64 contactId);

    /** @brief What a write did with the upload. */
    struct Stored
    {
        KnowledgeDocument document;
        bool duplicate = false; ///< the same file was there already; nothing changed
        bool replaced = false;  ///< a file of the same name was replaced
    };
    /**
     * @brief Stores @p document (its original @p content sealed) with @p chunks, in the caller's
     * transaction: the same content in the same scope is the existing document; the same name
     * replaces that document's passages.
     */
    [[nodiscard]] Result<Stored> store(const KnowledgeDocument &document, const QByteArray &content,
                                       const QList<DocumentChunk> &chunks);
    /** @brief Replaces a document's passages (re-index) and marks it ready. */
    [[nodiscard]] Status replaceChunks(qint64 documentId, const QList<DocumentChunk> &chunks);
    [[nodiscard]] Status markFailed(qint64 documentId, const QString &reason);

    [[nodiscard]] Result<std::optional<KnowledgeDocument>> find(qint64 id);
    [[nodiscard]] Result<std::optional<KnowledgeDocumentDetail>> detail(qint64 id);
    /** @brief The original file as uploaded (for a re-index). */
    [[nodiscard]] Result<QByteArray> content(qint64 id);
    /** @brief Ids of every document, or of one scope, oldest first. */
    [[nodiscard]] Result<QList<qint64>> ids();

    struct ListQuery
    {
        enum class Scope
        {
            All,
            Shared,
            Contact
        } scope = Scope::All;
        qint64 contactId = 0; ///< with Scope::Contact
        int limit = 50;
        QString cursor;
    };
    /** @brief Newest first, keyset-paged. */
    [[nodiscard]] Result<Page<KnowledgeDocument>> list(const ListQuery &query);
    [[nodiscard]] Status remove(qint64 id);

    /** @brief A contact merged into another: its documents (and their index scope) move. */
    [[nodiscard]] static Status moveContact(QSqlDatabase &db, qint64 from, qint64 into);
    /** @brief Marks the passages changed (knowledge_state.generation); every write above does. */
    [[nodiscard]] static Status touch(QSqlDatabase &db);

private:
    [[nodiscard]] Status insertChunks(qint64 documentId, qint64 contactId,
                                      const QList<DocumentChunk> &chunks);

    QSqlDatabase m_db;
    const PersonalDataCipher &m_cipher;
};

} // namespace aiochat
