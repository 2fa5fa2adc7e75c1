#include "attachmentcommands.h"

#include "consoleapi.h"
#include "media/attachmentrepository.h"
#include "media/mediafetcher.h"
#include "params.h"
#include "storage/storage.h"

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr int kMaxChunk = 1024 * 1024;

} // namespace

void registerAttachmentCommands(ConsoleApi &api, Storage &storage, MediaFetcher &fetcher)
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
    api.registerRead(u"attachment.download"_s, Permission::ConversationsRead,
                     [&cipher](const CommandRequest &req, QSqlDatabase &db) {
                         Params p(req.params);
                         const qint64 id = p.requiredId(u"id"_s);
                         const int offset =
                             p.optionalInt(u"offset"_s, 0, 0, std::numeric_limits<int>::max());
                         const int length = p.optionalInt(u"length"_s, kMaxChunk, 1, kMaxChunk);
                         if (!p.isOk())
                             return CommandResponse::error(p.status());
                         AttachmentRepository repo(db, cipher);
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
    api.auditOnSuccess(u"attachment.download"_s, u"attachment"_s);

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
}

} // namespace aiochat
