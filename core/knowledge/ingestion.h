#pragma once

#include "chunker.h"
#include "documentextractor.h"
#include "domain/status.h"
#include "knowledgerepository.h"

#include <QByteArray>
#include <QSqlDatabase>

namespace aiochat {

class PersonalDataCipher;

/**
 * @brief A file's way into the knowledge base, in two steps so the slow one never holds the
 * writer: prepare() reads and splits it (any worker thread, no store), write() stores the result
 * in one transaction on the writer. A file that cannot be read is refused by prepare(); nothing
 * is stored for it.
 */
namespace ingestion {

struct Prepared
{
    ExtractedDocument document;
    QByteArray content; ///< the file as uploaded (kept sealed, for a re-index)
    QString sha256;
    QList<DocumentChunk> chunks;
};

[[nodiscard]] Result<Prepared> prepare(const QString &fileName, const QByteArray &data);

/**
 * @brief Stores @p prepared in the shared base (@p contactId 0) or the customer's own documents;
 * a customer that does not exist or was merged into another is refused.
 */
[[nodiscard]] Result<KnowledgeRepository::Stored> write(QSqlDatabase &db,
                                                        const PersonalDataCipher &cipher,
                                                        const Prepared &prepared, qint64 contactId,
                                                        qint64 operatorId);

} // namespace ingestion
} // namespace aiochat
