#include "knowledgecommands.h"

#include "consoleapi.h"
#include "domain/timestamps.h"
#include "events/eventbus.h"
#include "knowledge/embedder.h"
#include "knowledge/ingestion.h"
#include "knowledge/knowledgerepository.h"
#include "knowledge/retriever.h"
#include "knowledge/vectorindex.h"
#include "llm/embeddingclient.h"
#include "params.h"
#include "security/role.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

QJsonObject documentJson(const KnowledgeDocument &d)
{
    return {{u"id"_s, d.id},
            {u"scope"_s, d.isShared() ? u"shared"_s : u"contact"_s},
            {u"contactId"_s, d.contactId ? QJsonValue(d.contactId) : QJsonValue()},
            {u"fileName"_s, d.fileName},
            {u"mimeType"_s, d.mimeType},
            {u"sizeBytes"_s, d.sizeBytes},
            {u"sha256"_s, d.sha256},
            {u"status"_s, d.status},
            {u"error"_s, d.error},
            {u"pages"_s, d.pages},
            {u"chunkCount"_s, d.chunkCount},
            {u"createdBy"_s, d.createdBy ? QJsonValue(d.createdBy) : QJsonValue()},
            {u"createdAt"_s, toIsoString(d.createdAt)},
            {u"updatedAt"_s, toIsoString(d.updatedAt)}};
}

void ingestFile(Storage &storage, EventBus &events, QObject *context, IngestRequest request,
                std::function<void(const Result<KnowledgeRepository::Stored> &)> done)
{
    auto shared = std::make_shared<const IngestRequest>(std::move(request));
    QtConcurrent::run([shared] { return ingestion::prepare(shared->fileName, shared->bytes); })
        .then(context, [&storage, &events, context, shared,
                        done](const Result<ingestion::Prepared> &prepared) {
            if (!prepared.isOk()) {
                done(prepared.status());
                return;
            }
            auto stored = std::make_shared<KnowledgeRepository::Stored>();
            const PersonalDataCipher &cipher = storage.cipher();
            storage.writer().submit(
                context,
                [prepared, shared, stored, &cipher](QSqlDatabase &db) -> Status {
                    const Result<KnowledgeRepository::Stored> r = ingestion::write(
                        db, cipher, prepared.value(), shared->contactId, shared->operatorId);
                    if (!r.isOk())
                        return r.status();
                    *stored = r.value();
                    return shared->alsoInTransaction ? shared->alsoInTransaction(db, *stored)
                                                     : Status::ok();
                },
                [&events, stored, done](const Status &s) {
                    if (!s.isOk()) {
                        done(s);
                        return;
                    }
                    if (!stored->duplicate)
                        events.publish(u"knowledge.updated"_s,
                                       {{u"document"_s, documentJson(stored->document)}});
                    done(*stored);
                });
        });
}

namespace {

QJsonObject toJson(const KnowledgeDocument &d)
{
    return documentJson(d);
}

QJsonObject toJson(const DocumentChunk &c)
{
    return {{u"id"_s, c.id},     {u"ordinal"_s, c.ordinal}, {u"headingPath"_s, c.headingPath},
            {u"page"_s, c.page}, {u"words"_s, c.words},     {u"superseded"_s, c.superseded},
            {u"text"_s, c.text}};
}

QJsonObject toJson(const KnowledgeHit &h)
{
    return {{u"chunkId"_s, h.chunkId},
            {u"documentId"_s, h.documentId},
            {u"fileName"_s, h.fileName},
            {u"scope"_s, h.contactId ? u"contact"_s : u"shared"_s},
            {u"contactId"_s, h.contactId ? QJsonValue(h.contactId) : QJsonValue()},
            {u"headingPath"_s, h.headingPath},
            {u"page"_s, h.page},
            {u"score"_s, h.score},
            {u"superseded"_s, h.superseded},
            {u"text"_s, h.text}};
}

// A customer's documents are personal data: their text needs the reveal right too.
bool mayReadCustomerText(const CommandRequest &req)
{
    const std::optional<Role> role = roleFromString(req.op.role);
    return role && roleAllows(*role, Permission::ContactsReveal);
}

CommandResponse denied()
{
    return CommandResponse::error(Status::permissionDenied(
        u"a customer's documents are personal data; your role may not read them"_s));
}

// "shared" or "contact" plus contactId, as upload and list take them.
struct Scope
{
    bool ok = false;
    qint64 contactId = 0;
    QString error;
};

Scope scopeOf(Params &p, bool required)
{
    const QString scope = p.optionalString(u"scope"_s, 20);
    const qint64 contactId = p.optionalId(u"contactId"_s);
    if (scope.isEmpty() && !required)
        return {true, contactId, {}};
    if (scope == u"shared"_s) {
        if (contactId)
            return {false, 0, u"contactId: the shared base belongs to no customer"_s};
        return {true, 0, {}};
    }
    if (scope == u"contact"_s) {
        if (!contactId)
            return {false, 0, u"contactId: required for a customer's document"_s};
        return {true, contactId, {}};
    }
    return {false, 0, u"scope: must be shared or contact"_s};
}

CommandResponse listDocuments(const CommandRequest &req, QSqlDatabase &db,
                              const PersonalDataCipher &cipher)
{
    Params p(req.params);
    KnowledgeRepository::ListQuery query;
    const QString scope = p.optionalString(u"scope"_s, 20);
    query.contactId = p.optionalId(u"contactId"_s);
    query.cursor = p.optionalString(u"cursor"_s, 200);
    query.limit = p.optionalInt(u"limit"_s, 50, 1, 200);
    if (!p.isOk())
        return CommandResponse::error(p.status());
    if (scope == u"shared"_s)
        query.scope = KnowledgeRepository::ListQuery::Scope::Shared;
    else if (scope == u"contact"_s || query.contactId)
        query.scope = KnowledgeRepository::ListQuery::Scope::Contact;
    else if (!scope.isEmpty() && scope != u"all"_s)
        return CommandResponse::error(
            Status::invalidArgument(u"scope: must be shared, contact or all"_s));
    if (query.scope == KnowledgeRepository::ListQuery::Scope::Contact && !query.contactId)
        return CommandResponse::error(
            Status::invalidArgument(u"contactId: required for a customer's documents"_s));
    const Result<Page<KnowledgeDocument>> page = KnowledgeRepository(db, cipher).list(query);
    if (!page.isOk())
        return CommandResponse::error(page.status());
    QJsonArray items;
    for (const KnowledgeDocument &d : page->items)
        items.append(toJson(d));
    return CommandResponse::ok(
        QJsonObject{{u"items"_s, items}, {u"nextCursor"_s, page->nextCursor}});
}

CommandResponse getDocument(const CommandRequest &req, QSqlDatabase &db,
                            const PersonalDataCipher &cipher)
{
    Params p(req.params);
    const qint64 id = p.requiredId(u"id"_s);
    if (!p.isOk())
        return CommandResponse::error(p.status());
    KnowledgeRepository repo(db, cipher);
    const Result<std::optional<KnowledgeDocument>> found = repo.find(id);
    if (!found.isOk())
        return CommandResponse::error(found.status());
    if (!found.value())
        return CommandResponse::error(
            Status::notFound(u"no document with id "_s + QString::number(id)));
    if (!found.value()->isShared() && !mayReadCustomerText(req))
        return denied();
    const Result<std::optional<KnowledgeDocumentDetail>> detail = repo.detail(id);
    if (!detail.isOk())
        return CommandResponse::error(detail.status());
    QJsonArray chunks;
    for (const DocumentChunk &c : detail.value()->chunks)
        chunks.append(toJson(c));
    return CommandResponse::ok(
        QJsonObject{{u"document"_s, toJson(detail.value()->document)}, {u"chunks"_s, chunks}});
}

struct SearchRequest
{
    QString query;
    qint64 contactId = 0;
    int limit = 5;
};

Result<SearchRequest> searchRequest(const CommandRequest &req)
{
    Params p(req.params);
    SearchRequest out;
    out.query = p.requiredString(u"query"_s, Retriever::kMaxQueryChars);
    out.contactId = p.optionalId(u"contactId"_s);
    out.limit = p.optionalInt(u"limit"_s, 5, 1, 50);
    if (!p.isOk())
        return p.status();
    if (out.contactId && !mayReadCustomerText(req))
        return Status::permissionDenied(
            u"a customer's documents are personal data; your role may not read them"_s);
    if (Retriever::keywords(out.query).isEmpty())
        return Status::invalidArgument(
            u"query: nothing to search for (only punctuation or common words)"_s);
    return out;
}

} // namespace

void registerKnowledgeCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                               KnowledgeVectors vectors)
{
    const PersonalDataCipher &cipher = storage.cipher();
    api.registerRead(u"knowledge.list"_s, Permission::KnowledgeRead,
                     [&cipher](const CommandRequest &req, QSqlDatabase &db) {
                         return listDocuments(req, db, cipher);
                     });
    api.registerRead(u"knowledge.get"_s, Permission::KnowledgeRead,
                     [&cipher](const CommandRequest &req, QSqlDatabase &db) {
                         return getDocument(req, db, cipher);
                     });
    api.registerRead(
        u"knowledge.status"_s, Permission::KnowledgeRead,
        [&embedder = vectors.embedder](const CommandRequest &, QSqlDatabase &) {
            return CommandResponse::ok(QJsonObject{{u"embeddings"_s, embedder.status()}});
        });
    // The retrieval the bot uses. The question's vector comes from the endpoint (asynchronous,
    // on the core thread); the store is read on the reader pool.
    api.registerCore(
        u"knowledge.search"_s, Permission::KnowledgeRead,
        [&storage, &events, vectors](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            const Result<SearchRequest> asked = searchRequest(req);
            if (!asked.isOk()) {
                reply(CommandResponse::error(asked.status()));
                return;
            }
            const SearchRequest r = asked.value();
            const PersonalDataCipher &cipher = storage.cipher();
            VectorIndex *index = &vectors.index;
            EventBus *context = &events;
            auto run = [&storage, &cipher, r, index, context, reply](const QVector<float> &vector,
                                                                     const QString &vectorError) {
                storage.readers().submit([=, &cipher](QSqlDatabase &db) {
                    const Result<QList<KnowledgeHit>> hits =
                        Retriever(db, cipher)
                            .retrieve(r.query, r.contactId, r.limit, vector,
                                      vector.isEmpty() ? nullptr : index);
                    CommandResponse response;
                    if (!hits.isOk()) {
                        response = CommandResponse::error(hits.status());
                    } else {
                        QJsonArray out;
                        for (const KnowledgeHit &h : hits.value())
                            out.append(toJson(h));
                        QJsonObject result{{u"hits"_s, out}, {u"vectors"_s, !vector.isEmpty()}};
                        if (!vectorError.isEmpty())
                            result.insert(u"vectorError"_s, vectorError);
                        response = CommandResponse::ok(result);
                    }
                    QMetaObject::invokeMethod(
                        context, [reply, response] { reply(response); }, Qt::QueuedConnection);
                });
            };
            if (!vectors.embedder.ready()) {
                run({}, {});
                return;
            }
            vectors.client.embed({r.query}, std::min(5000, vectors.timeoutMs()),
                                 [run](const Result<EmbeddingClient::Vectors> &v) {
                                     if (v.isOk())
                                         run(v.value().value(0), {});
                                     else
                                         run({}, v.status().message());
                                 });
        });

    // Reading and splitting a file (a PDF of many pages) runs on a worker thread; only the
    // store write goes to the writer.
    api.registerCore(
        u"knowledge.upload"_s, Permission::KnowledgeWrite,
        [&storage, &events](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const Scope scope = scopeOf(p, true);
            const QString fileName = p.requiredString(u"fileName"_s, 255);
            // An empty file is the extractor's to refuse, with its own words.
            const QString data = p.optionalString(u"data"_s, 40 * 1024 * 1024);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            if (!scope.ok) {
                reply(CommandResponse::error(Status::invalidArgument(scope.error)));
                return;
            }
            const auto decoded = QByteArray::fromBase64Encoding(
                data.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded) {
                reply(CommandResponse::error(Status::invalidArgument(u"data: not valid base64"_s)));
                return;
            }
            const QByteArray bytes = *decoded;
            const qint64 operatorId = req.op.operatorId;
            ingestFile(
                storage, events, &events, {fileName, bytes, scope.contactId, operatorId, {}},
                [reply](const Result<KnowledgeRepository::Stored> &stored) {
                    if (!stored.isOk()) {
                        reply(CommandResponse::error(stored.status()));
                        return;
                    }
                    reply(CommandResponse::ok(QJsonObject{{u"document"_s, toJson(stored->document)},
                                                          {u"duplicate"_s, stored->duplicate},
                                                          {u"replaced"_s, stored->replaced}}));
                });
        });

    api.registerCore(
        u"knowledge.delete"_s, Permission::KnowledgeWrite,
        [&storage, &events](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            const PersonalDataCipher &cipher = storage.cipher();
            storage.writer().submit(
                &events,
                [id, &cipher](QSqlDatabase &db) {
                    return KnowledgeRepository(db, cipher).remove(id);
                },
                [id, reply, &events](const Status &s) {
                    if (!s.isOk()) {
                        reply(CommandResponse::error(s));
                        return;
                    }
                    events.publish(u"knowledge.updated"_s, {{u"deleted"_s, id}});
                    reply(CommandResponse::ok(QJsonObject{{u"deleted"_s, id}}));
                });
        });

    // Re-reads the kept original of one document, or of every document, and splits it again
    // (after a chunking change); a file that no longer reads is marked failed with the reason.
    api.registerCore(
        u"knowledge.reindex"_s, Permission::KnowledgeWrite,
        [&storage, &events](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.optionalId(u"id"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            Storage *store = &storage;
            QtConcurrent::run([store, id]() -> Result<int> {
                const PersonalDataCipher &cipher = store->cipher();
                QList<qint64> ids{id};
                if (!id) {
                    Result<QList<qint64>> all = Status::internal(u"unset"_s);
                    const Status s = store->writer().run([&](QSqlDatabase &db) {
                        all = KnowledgeRepository(db, cipher).ids();
                        return all.status();
                    });
                    if (!s.isOk())
                        return s;
                    ids = all.value();
                }
                int done = 0;
                for (qint64 one : std::as_const(ids)) {
                    QByteArray content;
                    Status s = store->writer().run([&](QSqlDatabase &db) {
                        const Result<QByteArray> c = KnowledgeRepository(db, cipher).content(one);
                        if (c.isOk())
                            content = c.value();
                        return c.status();
                    });
                    if (!s.isOk())
                        return s;
                    QString name;
                    (void)store->writer().run([&](QSqlDatabase &db) {
                        const auto d = KnowledgeRepository(db, cipher).find(one);
                        if (d.isOk() && d.value())
                            name = d.value()->fileName;
                        return Status::ok();
                    });
                    const Result<ingestion::Prepared> prepared = ingestion::prepare(name, content);
                    s = store->writer().run([&](QSqlDatabase &db) {
                        KnowledgeRepository repo(db, cipher);
                        return prepared.isOk() ? repo.replaceChunks(one, prepared->chunks)
                                               : repo.markFailed(one, prepared.status().message());
                    });
                    if (!s.isOk())
                        return s;
                    ++done;
                }
                return done;
            }).then(&events, [reply, &events](const Result<int> &done) {
                if (!done.isOk()) {
                    reply(CommandResponse::error(done.status()));
                    return;
                }
                events.publish(u"knowledge.updated"_s, {{u"reindexed"_s, done.value()}});
                reply(CommandResponse::ok(QJsonObject{{u"reindexed"_s, done.value()}}));
            });
        });
}

} // namespace aiochat
