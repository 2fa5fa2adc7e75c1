#include "attachmentcommands.h"

#include "consoleapi.h"
#include "events/eventbus.h"
#include "knowledge/knowledgerepository.h"
#include "knowledgecommands.h"
#include "media/attachmentrepository.h"
#include "media/mediafetcher.h"
#include "params.h"
#include "storage/connection.h"
#include "storage/storage.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr int kMaxChunk = 1024 * 1024;

// Whom a file from a chat belongs to: the customer the chat proved to be (verification), or —
// for a chat that did not — the customer the operator confirms (@p confirmed).
struct Owner
{
    QByteArray bytes;
    QString fileName;
    qint64 messageId = 0;
    qint64 contactId = 0;
};

Result<Owner> ownerOf(QSqlDatabase &db, const PersonalDataCipher &cipher, const BlobFiles *files,
                      qint64 id, qint64 confirmed)
{
    AttachmentRepository repo(db, cipher, files);
    const Result<QJsonObject> a = repo.find(id);
    if (!a.isOk())
        return a.status();
    const Result<QByteArray> bytes = repo.content(id);
    if (!bytes.isOk())
        return bytes.status();
    QSqlQuery q(db);
    q.prepare(u"SELECT i.contact_id, i.verified_at, i.verification_expires_at FROM messages m "
              u"JOIN contact_identities i ON i.id = m.identity_id WHERE m.id = ?"_s);
    q.addBindValue(a->value(u"messageId"_s).toInteger());
    if (Status s = execute(q, u"reading who sent the file"_s); !s.isOk())
        return s;
    if (!q.next())
        return Status::notFound(u"the message of this file is gone"_s);
    const qint64 chatContact = q.value(0).toLongLong();
    const bool verified = q.value(1).toLongLong() > 0 && q.value(2).toLongLong() > nowMillis();
    Owner o;
    o.bytes = bytes.value();
    o.fileName = a->value(u"fileName"_s).toString();
    o.messageId = a->value(u"messageId"_s).toInteger();
    if (verified) {
        if (confirmed && confirmed != chatContact)
            return Status::invalidArgument(
                u"contactId: this chat is verified as another customer; their files go to "
                u"their own documents"_s);
        o.contactId = chatContact;
    } else {
        if (!confirmed)
            return Status::failedPrecondition(
                u"this chat has not proved who the customer is: confirm the customer "
                u"(contactId) to add the file to their documents"_s);
        o.contactId = confirmed;
    }
    return o;
}

} // namespace

void registerAttachmentCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                                MediaFetcher &fetcher)
{
    const PersonalDataCipher &cipher = storage.cipher();
    api.registerRead(u"attachment.get"_s, Permission::ConversationsRead,
                     [&cipher](const CommandRequest &req, QSqlDatabase &db) {
                         Params p(req.params);
                         const qint64 id = p.requiredId(u"id"_s);
                         if (!p.isOk())
                             return CommandResponse::error(p.status());
                         const Result<QJsonObject> a = AttachmentRepository(db, cipher).find(id);
                         if (!a.isOk())
                             return CommandResponse::error(a.status());
                         return CommandResponse::ok(QJsonObject{{u"attachment"_s, a.value()}});
                     });

    // The bytes travel inside the Console API (in process, or over the console's own
    // authenticated connection): no URL, no path, nothing another program could reuse.
    const BlobFiles *files = storage.blobFiles();
    api.registerRead(u"attachment.download"_s, Permission::ConversationsRead,
                     [&cipher, files](const CommandRequest &req, QSqlDatabase &db) {
                         Params p(req.params);
                         const qint64 id = p.requiredId(u"id"_s);
                         const int offset =
                             p.optionalInt(u"offset"_s, 0, 0, std::numeric_limits<int>::max());
                         const int length = p.optionalInt(u"length"_s, kMaxChunk, 1, kMaxChunk);
                         if (!p.isOk())
                             return CommandResponse::error(p.status());
                         AttachmentRepository repo(db, cipher, files);
                         const Result<QJsonObject> a = repo.find(id);
                         if (!a.isOk())
                             return CommandResponse::error(a.status());
                         const Result<QByteArray> bytes = repo.content(id);
                         if (!bytes.isOk())
                             return CommandResponse::error(bytes.status());
                         const QByteArray chunk = bytes->mid(offset, length);
                         const qint64 total = bytes->size();
                         return CommandResponse::ok(
                             QJsonObject{{u"id"_s, id},
                                         {u"fileName"_s, a->value(u"fileName"_s)},
                                         {u"mimeType"_s, a->value(u"mimeType"_s)},
                                         {u"offset"_s, offset},
                                         {u"total"_s, total},
                                         {u"done"_s, offset + chunk.size() >= total},
                                         {u"data"_s, QString::fromLatin1(chunk.toBase64())}});
                     });
    // One entry per opening (its first chunk), not one per megabyte read.
    api.auditOnSuccess(u"attachment.download"_s, u"attachment"_s, [](const QJsonObject &params) {
        return params.value(u"offset"_s).toInteger() == 0;
    });

    api.registerCore(
        u"attachment.retry"_s, Permission::ConversationsWrite,
        [&storage, &fetcher](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            auto json = std::make_shared<QJsonObject>();
            const PersonalDataCipher &cipher = storage.cipher();
            storage.writer().submit(
                &fetcher,
                [id, json, &cipher](QSqlDatabase &db) -> Status {
                    AttachmentRepository repo(db, cipher);
                    if (Status s = repo.retry(id); !s.isOk())
                        return s;
                    const Result<QJsonObject> a = repo.find(id);
                    if (a.isOk())
                        *json = a.value();
                    return a.status();
                },
                [&fetcher, json, reply](const Status &s) {
                    if (!s.isOk()) {
                        reply(CommandResponse::error(s));
                        return;
                    }
                    fetcher.wake();
                    reply(CommandResponse::ok(QJsonObject{{u"attachment"_s, *json}}));
                });
        });

    // A customer's PDF or text, sent in a chat, becomes their own knowledge in one step: the bot
    // answers them from it (and nobody else). Read and split on a worker thread like an upload.
    api.registerCore(
        u"attachment.addToKnowledge"_s, Permission::KnowledgeWrite,
        [&storage, &events, &fetcher](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            const qint64 confirmed = p.optionalId(u"contactId"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            auto owner = std::make_shared<Owner>();
            const PersonalDataCipher &cipher = storage.cipher();
            const qint64 operatorId = req.op.operatorId;
            storage.writer().submit(
                &fetcher,
                [id, confirmed, owner, &cipher,
                 files = storage.blobFiles()](QSqlDatabase &db) -> Status {
                    const Result<Owner> o = ownerOf(db, cipher, files, id, confirmed);
                    if (o.isOk())
                        *owner = o.value();
                    return o.status();
                },
                [&storage, &events, &fetcher, owner, operatorId, reply](const Status &s) {
                    if (!s.isOk()) {
                        reply(CommandResponse::error(s));
                        return;
                    }
                    const qint64 messageId = owner->messageId;
                    ingestFile(
                        storage, events, &fetcher,
                        {owner->fileName, owner->bytes, owner->contactId, operatorId,
                         [messageId](QSqlDatabase &db, const KnowledgeRepository::Stored &stored) {
                             return execute(db,
                                            u"UPDATE documents SET source_message_id = ? WHERE "
                                            u"id = ? AND source_message_id IS NULL"_s,
                                            {messageId, stored.document.id},
                                            u"linking the document to its message"_s);
                         }},
                        [owner, reply](const Result<KnowledgeRepository::Stored> &stored) {
                            if (!stored.isOk()) {
                                reply(CommandResponse::error(stored.status()));
                                return;
                            }
                            reply(CommandResponse::ok(
                                QJsonObject{{u"document"_s, documentJson(stored->document)},
                                            {u"contactId"_s, owner->contactId},
                                            {u"messageId"_s, owner->messageId},
                                            {u"duplicate"_s, stored->duplicate}}));
                        });
                });
        });
    api.auditOnSuccess(u"attachment.addToKnowledge"_s, u"attachment"_s);
}

} // namespace aiochat
