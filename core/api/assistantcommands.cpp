#include "assistantcommands.h"

#include "assistant/suggestion.h"
#include "assistant/verification.h"
#include "channels/channelsettings.h"
#include "consoleapi.h"
#include "domain/json.h"
#include "domain/timestamps.h"
#include "events/eventbus.h"
#include "llm/chatclient.h"
#include "llm/embeddingclient.h"
#include "params.h"
#include "security/auditlog.h"
#include "storage/connection.h"
#include "storage/contactrepository.h"
#include "storage/identityrepository.h"
#include "storage/storage.h"

#include <QElapsedTimer>

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// Sets or clears a chat identity's verification by an operator, with its audit entry.
void changeVerification(const AssistantCommandDeps &deps, const CommandRequest &req,
                        const ConsoleApi::Reply &reply, bool verify)
{
    Params p(req.params);
    const qint64 identityId = p.requiredId(u"identityId"_s);
    const qint64 asked = p.optionalId(u"contactId"_s);
    if (!p.isOk()) {
        reply(CommandResponse::error(p.status()));
        return;
    }
    auto saved = std::make_shared<QJsonObject>();
    const PersonalDataCipher &cipher = deps.storage.cipher();
    AuditLog &audit = deps.audit;
    deps.storage.writer().submit(
        &deps.events,
        [identityId, asked, verify, saved, &cipher, &audit, op = req.op](QSqlDatabase &db) {
            IdentityRepository identities(db, cipher);
            const Result<std::optional<ContactIdentity>> found = identities.find(identityId);
            if (!found.isOk())
                return found.status();
            if (!found.value())
                return Status::notFound(u"no chat identity with id "_s +
                                        QString::number(identityId));
            if (found.value()->isGroup)
                return Status::invalidArgument(u"a group chat cannot be verified"_s);
            const qint64 contactId = asked ? asked : found.value()->contactId;
            if (verify) {
                const Result<std::optional<Contact>> customer =
                    ContactRepository(db, cipher).find(contactId);
                if (!customer.isOk())
                    return customer.status();
                if (!contactId || !customer.value())
                    return Status::notFound(u"no customer to verify this chat as"_s);
            }
            const Millis now = nowMillis();
            const Status changed =
                verify
                    ? execute(db,
                              u"UPDATE contact_identities SET contact_id = ?, verified_at = ?, "
                              u"verification_expires_at = ?, verified_by = 'operator', "
                              u"verify_failures = 0, verify_locked_until = 0 WHERE id = ?"_s,
                              {contactId, now, now + assistant::kVerificationValidMs, identityId},
                              u"verifying a chat"_s)
                    : execute(db,
                              u"UPDATE contact_identities SET verified_at = 0, "
                              u"verification_expires_at = 0, verified_by = '' WHERE id = ?"_s,
                              {identityId}, u"revoking a verification"_s);
            if (!changed.isOk())
                return changed;
            if (Status s = audit.append(
                    db, AuditEntry::by(op, verify ? u"identity.verify"_s : u"identity.revoke"_s,
                                       u"identity"_s, QString::number(identityId),
                                       {{u"contact"_s, QString::number(contactId)}}));
                !s.isOk())
                return s;
            const Result<std::optional<ContactIdentity>> fresh = identities.find(identityId);
            if (!fresh.isOk())
                return fresh.status();
            *saved = json::toJson(*fresh.value());
            return Status::ok();
        },
        [&events = deps.events, saved, reply, verify](const Status &s) {
            if (!s.isOk()) {
                reply(CommandResponse::error(s));
                return;
            }
            events.publish(u"identity.updated"_s, {{u"identity"_s, *saved}});
            if (verify)
                events.publish(u"contact.verified"_s,
                               {{u"contactId"_s, saved->value(u"contactId"_s)},
                                {u"identityId"_s, saved->value(u"id"_s)},
                                {u"by"_s, u"operator"_s}});
            reply(CommandResponse::ok(QJsonObject{{u"identity"_s, *saved}}));
        });
}

} // namespace

void registerAssistantCommands(ConsoleApi &api, const AssistantCommandDeps &deps)
{
    Storage &storage = deps.storage;
    const PersonalDataCipher &cipher = storage.cipher();
    api.registerCore(u"identity.verify"_s, Permission::ContactsWrite,
                     [deps](const CommandRequest &req, const ConsoleApi::Reply &reply) {
                         changeVerification(deps, req, reply, true);
                     });
    api.registerCore(u"identity.revoke"_s, Permission::ContactsWrite,
                     [deps](const CommandRequest &req, const ConsoleApi::Reply &reply) {
                         changeVerification(deps, req, reply, false);
                     });
    // The endpoint as configured, tried with the smallest request each model accepts.
    api.registerCore(
        u"assistant.testConnection"_s, Permission::ChannelsManage,
        [deps](const CommandRequest &, const ConsoleApi::Reply &reply) {
            const LlmConfig &llm = deps.settings.llm();
            const int timeout = std::min(llm.timeoutMs, 30'000);
            auto result = std::make_shared<QJsonObject>();
            auto pending = std::make_shared<int>(2);
            auto done = [result, pending, reply] {
                if (--*pending == 0)
                    reply(CommandResponse::ok(*result));
            };
            auto chatTimer = std::make_shared<QElapsedTimer>();
            chatTimer->start();
            if (!deps.chat.isConfigured()) {
                result->insert(u"chat"_s, QJsonObject{{u"ok"_s, false},
                                                      {u"error"_s, u"no chat model is set: "
                                                                   u"answers are offline"_s}});
                done();
            } else {
                deps.chat.complete(
                    {{u"user"_s, u"Reply with the single word OK."_s}}, 5, timeout,
                    [result, chatTimer, done, model = llm.chatModel](const Result<ChatAnswer> &a) {
                        QJsonObject chat{{u"ok"_s, a.isOk()}, {u"ms"_s, chatTimer->elapsed()}};
                        if (a.isOk()) {
                            chat.insert(u"model"_s, a->model.isEmpty() ? model : a->model);
                            chat.insert(u"reply"_s, a->text.left(40));
                        } else {
                            chat.insert(u"error"_s, a.status().message());
                        }
                        result->insert(u"chat"_s, chat);
                        done();
                    });
            }
            if (!llm.embeddings()) {
                result->insert(u"embeddings"_s,
                               QJsonObject{{u"ok"_s, false},
                                           {u"error"_s, u"no embedding model is set: search "
                                                        u"uses keywords only"_s}});
                done();
                return;
            }
            deps.embeddings.embed(
                {u"connection test"_s}, timeout,
                [result, chatTimer, done](const Result<EmbeddingClient::Vectors> &v) {
                    QJsonObject embeddings{{u"ok"_s, v.isOk()}, {u"ms"_s, chatTimer->elapsed()}};
                    if (v.isOk())
                        embeddings.insert(u"dims"_s, v->isEmpty() ? 0 : v->first().size());
                    else
                        embeddings.insert(u"error"_s, v.status().message());
                    result->insert(u"embeddings"_s, embeddings);
                    done();
                });
        });
    // A draft for the operator: the bot's retrieval and rules, never sent by itself.
    api.registerRead(
        u"assistant.suggest"_s, Permission::ConversationsWrite,
        [&cipher](const CommandRequest &req, QSqlDatabase &db) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"conversationId"_s);
            if (!p.isOk())
                return CommandResponse::error(p.status());
            const Result<assistant::Suggestion> s = assistant::suggestReply(db, cipher, id);
            if (!s.isOk())
                return CommandResponse::error(s.status());
            return CommandResponse::ok(QJsonObject{{u"text"_s, s->text}, {u"reason"_s, s->reason}});
        });
    api.registerRead(
        u"assistant.interactions"_s, Permission::ConversationsRead,
        [](const CommandRequest &req, QSqlDatabase &db) {
            Params p(req.params);
            const qint64 conversationId = p.requiredId(u"conversationId"_s);
            const int limit = p.optionalInt(u"limit"_s, 50, 1, 200);
            // One message's turn: the bot's reply, or the customer's message it answered.
            const qint64 replyTo = p.optionalId(u"messageId"_s);
            if (!p.isOk())
                return CommandResponse::error(p.status());
            QSqlQuery q(db);
            q.setForwardOnly(true);
            q.prepare(u"SELECT id, message_id, reply_message_id, outcome, mode, model, retrieved, "
                      u"citations, retrieval_ms, llm_ms, prompt_tokens, completion_tokens, "
                      u"created_at, note FROM assistant_interactions WHERE conversation_id = ? "_s +
                      (replyTo ? u"AND (reply_message_id = ? OR message_id = ?) "_s : QString()) +
                      u"ORDER BY id DESC LIMIT "_s + QString::number(limit));
            q.addBindValue(conversationId);
            if (replyTo) {
                q.addBindValue(replyTo);
                q.addBindValue(replyTo);
            }
            if (Status s = execute(q, u"reading the bot's turns"_s); !s.isOk())
                return CommandResponse::error(s);
            QJsonArray out;
            while (q.next()) {
                out.append(QJsonObject{
                    {u"id"_s, q.value(0).toLongLong()},
                    {u"messageId"_s, q.value(1).toLongLong()},
                    {u"replyMessageId"_s,
                     q.value(2).isNull() ? QJsonValue() : QJsonValue(q.value(2).toLongLong())},
                    {u"outcome"_s, q.value(3).toString()},
                    {u"mode"_s, q.value(4).toString()},
                    {u"model"_s, q.value(5).toString()},
                    {u"retrieved"_s, QJsonDocument::fromJson(q.value(6).toByteArray()).array()},
                    {u"citations"_s, QJsonDocument::fromJson(q.value(7).toByteArray()).array()},
                    {u"retrievalMs"_s, q.value(8).toLongLong()},
                    {u"llmMs"_s, q.value(9).toLongLong()},
                    {u"promptTokens"_s, q.value(10).toLongLong()},
                    {u"completionTokens"_s, q.value(11).toLongLong()},
                    {u"createdAt"_s, toIsoString(q.value(12).toLongLong())},
                    {u"note"_s, q.value(13).toString()}});
            }
            return CommandResponse::ok(QJsonObject{{u"interactions"_s, out}});
        });
}

} // namespace aiochat
