#pragma once

namespace aiochat {

class ConsoleApi;
class Storage;

/**
 * @brief What the bot did: assistant.interactions {conversationId} lists its turns in a
 * conversation, newest first — outcome, the passages retrieved (documents, chunks, scores), the
 * sources cited, the mode and the timings. No texts: those are the conversation's messages.
 * assistant.suggest {conversationId} drafts a reply to the customer's last message for the
 * operator to edit ({text} or {reason} when there is none).
 */
void registerAssistantCommands(ConsoleApi &api, Storage &storage);

} // namespace aiochat
