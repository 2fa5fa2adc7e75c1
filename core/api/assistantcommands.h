#pragma once

namespace aiochat {

class AuditLog;
class ChannelSettings;
class ChatClient;
class ConsoleApi;
class EmbeddingClient;
class EventBus;
class Storage;

/** @brief What the assistant's commands reach besides the store. */
struct AssistantCommandDeps
{
    Storage &storage;
    EventBus &events;
    AuditLog &audit;
    ChannelSettings &settings;
    ChatClient &chat;
    EmbeddingClient &embeddings;
};

/**
 * @brief What the bot did: assistant.interactions {conversationId} lists its turns in a
 * conversation, newest first — outcome, the passages retrieved (documents, chunks, scores), the
 * sources cited, the mode and the timings. No texts: those are the conversation's messages.
 * assistant.suggest {conversationId} drafts a reply to the customer's last message for the
 * operator to edit ({text} or {reason} when there is none).
 *
 * identity.verify {identityId, contactId?} verifies a chat as its customer by hand (an operator
 * who checked an ID card), identity.revoke {identityId} takes a verification back; both audited.
 * assistant.testConnection asks the configured chat and embedding models for a minimal answer
 * and reports each: {chat: {ok, model, ms, reply | error}, embeddings: {ok, dims, ms | error}}.
 */
void registerAssistantCommands(ConsoleApi &api, const AssistantCommandDeps &deps);

} // namespace aiochat
