#pragma once

#include "domain/status.h"
#include "knowledge/knowledgerepository.h"

#include <QByteArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace aiochat {

class ConsoleApi;
class Embedder;
class EmbeddingClient;
class EventBus;
class Storage;
class VectorIndex;

/** @brief A document as the Console API shows it (knowledge.* and attachment.addToKnowledge). */
[[nodiscard]] QJsonObject documentJson(const KnowledgeDocument &document);

/** @brief A file to add to the knowledge base (the shared base when contactId is 0). */
struct IngestRequest
{
    QString fileName;
    QByteArray bytes;
    qint64 contactId = 0;
    qint64 operatorId = 0;
    /** @brief More to write in the same commit (e.g. the message the file came from). */
    std::function<Status(QSqlDatabase &, const KnowledgeRepository::Stored &)> alsoInTransaction;
};

/**
 * @brief The one way a file becomes knowledge: read and split on a worker thread, stored in one
 * commit, announced ("knowledge.updated" unless it was there already). @p done runs on
 * @p context's thread.
 */
void ingestFile(Storage &storage, EventBus &events, QObject *context, IngestRequest request,
                std::function<void(const Result<KnowledgeRepository::Stored> &)> done);

/** @brief What vector search needs: the embedder's state, the endpoint, the index. */
struct KnowledgeVectors
{
    Embedder &embedder;
    EmbeddingClient &client;
    VectorIndex &index;
    /** @brief The endpoint's request limit now (settings can change). */
    std::function<int()> timeoutMs;
};

/**
 * @brief The knowledge base: knowledge.upload (read and split on a worker thread, stored in one
 * transaction), knowledge.list, knowledge.get (with its passages), knowledge.delete,
 * knowledge.reindex and knowledge.search (the retrieval the bot uses). A customer's documents
 * are personal data: reading their passages or searching them needs the reveal right as well.
 * With an embedding endpoint, knowledge.search embeds the question first (5 s at most; without an
 * answer it searches by keyword alone and says so); knowledge.status tells how far embedding is.
 * Changes are announced as "knowledge.updated".
 */
void registerKnowledgeCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                               KnowledgeVectors vectors);

} // namespace aiochat
