#include "messagecommands.h"

#include "channels/outbound/outbox.h"
#include "channels/telegram/telegramsender.h"
#include "channels/whatsapp/whatsappclient.h"
#include "channels/whatsapp/whatsapptemplates.h"
#include "config/settings.h"
#include "consoleapi.h"
#include "domain/json.h"
#include "events/eventbus.h"
#include "logging/logging.h"
#include "params.h"
#include "storage/connection.h"
#include "storage/conversationrepository.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

void registerMessageCommands(ConsoleApi &api, Outbox &outbox, Storage &storage, Settings &settings,
                             WhatsAppClient &whatsApp, EventBus &events)
{
    api.registerCore(
        u"message.send"_s, Permission::ConversationsWrite,
        [&outbox, &settings](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            SendRequest s;
            s.conversationId = p.requiredId(u"conversationId"_s);
            s.text = p.optionalString(u"text"_s, 20000);
            s.idempotencyKey = p.optionalString(u"idempotencyKey"_s, 200);
            const QString sharePhone = p.optionalString(u"sharePhoneButton"_s, 100);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            if (req.params.contains(u"template"_s)) {
                const Result<QJsonObject> t = whatsapptemplates::resolve(
                    settings, req.params.value(u"template"_s).toObject());
                if (!t.isOk()) {
                    reply(CommandResponse::error(t.status()));
                    return;
                }
                s.templateSpec = t.value();
            }
            // A file with the text as its caption: {fileName, data (base64)}.
            if (req.params.contains(u"attachment"_s)) {
                const QJsonObject a = req.params.value(u"attachment"_s).toObject();
                const auto decoded =
                    QByteArray::fromBase64Encoding(a.value(u"data"_s).toString().toLatin1(),
                                                   QByteArray::AbortOnBase64DecodingErrors);
                if (!decoded || (*decoded).isEmpty()) {
                    reply(CommandResponse::error(
                        Status::invalidArgument(u"attachment.data: the file, base64-encoded"_s)));
                    return;
                }
                s.fileData = *decoded;
                s.fileName = a.value(u"fileName"_s).toString().left(255);
            }
            if (!sharePhone.isEmpty())
                s.replyMarkup = TelegramSender::sharePhoneKeyboard(sharePhone);
            if (req.params.value(u"entities"_s).isArray())
                s.entities = req.params.value(u"entities"_s).toArray();
            s.sender = SenderKind::Operator;
            s.operatorId = req.op.operatorId;
            s.senderName = req.op.email;
            outbox.send(s, [reply](const Result<QJsonObject> &r) {
                reply(r.isOk() ? CommandResponse::ok(QJsonObject{{u"message"_s, r.value()}})
                               : CommandResponse::error(r.status()));
            });
        });
    auto byMessage = [&outbox](void (Outbox::*action)(qint64, Outbox::Done)) {
        return [&outbox, action](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"messageId"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            (outbox.*action)(id, [reply](const Result<QJsonObject> &r) {
                reply(r.isOk() ? CommandResponse::ok(QJsonObject{{u"message"_s, r.value()}})
                               : CommandResponse::error(r.status()));
            });
        };
    };
    api.registerCore(u"message.retry"_s, Permission::ConversationsWrite, byMessage(&Outbox::retry));
    api.registerCore(u"message.discard"_s, Permission::ConversationsWrite,
                     byMessage(&Outbox::discard));

    api.registerCore(u"templates.list"_s, Permission::ConversationsRead,
                     [&settings](const CommandRequest &, const ConsoleApi::Reply &reply) {
                         QJsonArray out;
                         for (const QJsonValue &v : whatsapptemplates::approved(settings)) {
                             QJsonObject t = v.toObject();
                             t.insert(u"parameterCount"_s, whatsapptemplates::placeholderCount(
                                                               t.value(u"body"_s).toString()));
                             out.append(t);
                         }
                         reply(CommandResponse::ok(QJsonObject{{u"templates"_s, out}}));
                     });

    api.registerCore(
        u"conversation.markRead"_s, Permission::ConversationsWrite,
        [&storage, &whatsApp, &events](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"conversationId"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            auto last =
                std::make_shared<std::pair<QString, QString>>(); // platform, last inbound id
            auto after = std::make_shared<QJsonObject>();
            const PersonalDataCipher &cipher = storage.cipher();
            storage.writer().submit(
                &whatsApp,
                [id, last, after, &cipher](QSqlDatabase &db) -> Status {
                    QSqlQuery q(db);
                    q.prepare(u"UPDATE conversations SET unread_count = 0 WHERE id = ?"_s);
                    q.addBindValue(id);
                    if (Status s = execute(q, u"marking read"_s); !s.isOk())
                        return s;
                    if (q.numRowsAffected() == 0)
                        return Status::notFound(u"no conversation with id "_s +
                                                QString::number(id));
                    q.prepare(
                        u"SELECT c.platform, (SELECT m.platform_message_id FROM messages m WHERE "
                        u"m.conversation_id = c.id AND m.direction = 'in' ORDER BY m.created_at "
                        u"DESC, "
                        u"m.id DESC LIMIT 1) FROM conversations c WHERE c.id = ?"_s);
                    q.addBindValue(id);
                    if (Status s = execute(q, u"marking read"_s); !s.isOk())
                        return s;
                    if (q.next())
                        *last = {q.value(0).toString(), q.value(1).toString()};
                    q.finish();
                    const Result<std::optional<Conversation>> now =
                        ConversationRepository(db, cipher).find(id);
                    if (!now.isOk())
                        return now.status();
                    if (now.value())
                        *after = json::toJson(*now.value());
                    return Status::ok();
                },
                [reply, last, after, &whatsApp, &events](const Status &s) {
                    if (!s.isOk()) {
                        reply(CommandResponse::error(s));
                        return;
                    }
                    // Every console's list drops the unread badge, not only the one that read.
                    if (!after->isEmpty())
                        events.publish(u"conversation.updated"_s, {{u"conversation"_s, *after}});
                    // Blue ticks for the customer; a failure here is not the operator's problem.
                    if (last->first == u"whatsapp"_s && !last->second.isEmpty() &&
                        whatsApp.isConfigured()) {
                        whatsApp.markRead(last->second, [](const WhatsAppReply &r) {
                            if (!r.ok)
                                qCInfo(lcWhatsApp).noquote()
                                    << "mark-as-read failed:" << r.summary();
                        });
                    }
                    reply(CommandResponse::ok(QJsonObject{{u"unreadCount"_s, 0}}));
                });
        });
}

} // namespace aiochat
