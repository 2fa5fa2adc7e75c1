#pragma once

namespace aiochat {

class ConsoleApi;
class Storage;

/** @brief conversations.list, conversation.get, conversation.messages. */
void registerConversationCommands(ConsoleApi &api, Storage &storage);

} // namespace aiochat
