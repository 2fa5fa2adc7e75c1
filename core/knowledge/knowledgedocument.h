#pragma once

#include "domain/timestamps.h"

#include <QString>

namespace aiochat {

/** @brief A document of the knowledge base as the console lists it. */
struct KnowledgeDocument
{
    qint64 id = 0;
    qint64 contactId = 0; ///< 0: the shared base
    QString fileName;
    QString mimeType;
    qint64 sizeBytes = 0;
    QString sha256;
    QString status; ///< indexing, ready or failed
    QString error;  ///< why it failed
    int pages = 0;
    int chunkCount = 0;
    qint64 createdBy = 0;
    Millis createdAt = 0;
    Millis updatedAt = 0;

    [[nodiscard]] bool isShared() const { return contactId == 0; }
};

/** @brief A passage found for a question, with where it comes from. */
struct KnowledgeHit
{
    qint64 chunkId = 0;
    qint64 documentId = 0;
    QString fileName;
    qint64 contactId = 0; ///< 0: the shared base
    QString headingPath;
    int page = 0;
    double score = 0;
    QString text;
    bool superseded = false;
};

/** @brief The namespace a scope is stored under: "shared" or "contact:<id>". */
[[nodiscard]] inline QString knowledgeNamespace(qint64 contactId)
{
    return contactId ? QStringLiteral("contact:") + QString::number(contactId)
                     : QStringLiteral("shared");
}

} // namespace aiochat
