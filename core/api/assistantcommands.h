#pragma once

namespace aiochat {

class ConsoleApi;

/**
 * @brief What the bot did: assistant.interactions {conversationId} lists its turns in a
 * conversation, newest first — outcome, the passages retrieved (documents, chunks, scores), the
 * sources cited, the mode and the timings. No texts: those are the conversation's messages.
 */
void registerAssistantCommands(ConsoleApi &api);

} // namespace aiochat
