#pragma once

#include <QString>

namespace aiochat {

/**
 * @brief What a Console API command needs. Every command declares one; the dispatcher checks it
 * against the operator's role before the handler runs.
 */
enum class Permission
{
    ConversationsRead,  ///< list and read conversations and messages
    ConversationsWrite, ///< reply, assign, change status, notes, tags
    ContactsRead,       ///< list customers (personal fields masked)
    ContactsReveal,     ///< see a personal field in clear (audited)
    ContactsWrite,      ///< create, edit, merge, import customers
    SandboxUse,         ///< play a customer in the Sandbox chat
    SystemRead,         ///< metrics, health, version, channel status
    ChannelsManage,     ///< connect channels, set webhooks, switch modes
};

[[nodiscard]] QString toString(Permission p);

} // namespace aiochat
