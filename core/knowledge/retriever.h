#pragma once

#include "domain/status.h"
#include "knowledgedocument.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVector>

namespace aiochat {

class PersonalDataCipher;
class VectorIndex;

/**
 * @brief retrieve(query, contact | none, k): the passages a question may be answered from.
 *
 * Scope is decided here, before anything is read: the shared base plus, when a contact is given,
 * that contact's own documents — never another's. It is named inside the index query (a scope
 * token) and checked again on every row read. Keyword ranking is BM25 (SQLite FTS5) or ts_rank
 * (PostgreSQL) over the passages' terms; English and Indonesian stop words are left out of the
 * question, Unicode is folded, nothing is stemmed, and numbers match exactly. Lists are fused
 * by reciprocal rank (k = 60) so vector hits can join them; then passages that mark themselves
 * archived or superseded, and passages of an older document that a newer one in the same scope
 * covers, are ranked below the current text. A pure function of the store: no network.
 */
class Retriever
{
public:
    Retriever(QSqlDatabase db, const PersonalDataCipher &cipher);

    /** @brief The longest question looked at (longer input is refused by the API). */
    static constexpr int kMaxQueryChars = 2000;

    /**
     * @brief The @p k best passages for @p query. With @p vectors and the question's embedding
     * (@p queryVector, same model), the vector list joins the keyword list in the fusion.
     */
    [[nodiscard]] Result<QList<KnowledgeHit>> retrieve(const QString &query, qint64 contactId,
                                                       int k,
                                                       const QVector<float> &queryVector = {},
                                                       const VectorIndex *vectors = nullptr);

    /** @brief The words of @p query that carry meaning (stop words dropped), for tests. */
    [[nodiscard]] static QStringList keywords(const QString &query);

private:
    [[nodiscard]] Result<QList<qint64>> keywordCandidates(const QString &query, qint64 contactId,
                                                          int limit);

    QSqlDatabase m_db;
    const PersonalDataCipher &m_cipher;
};

} // namespace aiochat
