#pragma once

#include <QString>

namespace aiochat {

/**
 * @brief What a Console API command needs. Every command declares one; the dispatcher checks it
 * against the operator's role before the handler runs.
 */
enum class Permission
{
    Public,             ///< anyone, before logging in (login, first-run setup, status)
    Authenticated,      ///< any signed-in operator acting on their own account
    ConversationsRead,  ///< list and read conversations and messages
    ConversationsWrite, ///< reply, assign, change status, notes, tags
    ContactsRead,       ///< list customers (personal fields masked)
    ContactsReveal,     ///< see a personal field in clear (audited)
    ContactsWrite,      ///< create, edit, merge, import customers
    ContactsExport,     ///< export customers with their personal fields (audited)
    SandboxUse,         ///< play a customer in the Sandbox chat
    SystemRead,         ///< metrics, health, version, channel status
    ChannelsManage,     ///< connect channels, set webhooks, switch modes
    OperatorsManage,    ///< create, disable, unlock operators and change roles
    AuditRead,          ///< read the audit log
    KnowledgeRead,      ///< list documents, search the knowledge base (a customer's: + reveal)
    KnowledgeWrite,     ///< upload, delete and re-index documents
    AutomationRead,     ///< see rules, their runs, jobs and broadcasts
    AutomationManage,   ///< define attributes; write, enable and run rules; broadcasts; jobs
};

[[nodiscard]] QString toString(Permission p);

} // namespace aiochat
