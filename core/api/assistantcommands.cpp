#include "assistantcommands.h"

#include "assistant/suggestion.h"
#include "consoleapi.h"
#include "domain/timestamps.h"
#include "params.h"
#include "storage/connection.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

void registerAssistantCommands(ConsoleApi &api, Storage &storage)
{
    const PersonalDataCipher &cipher = storage.cipher();
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
