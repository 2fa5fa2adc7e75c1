#include "permission.h"

using namespace Qt::StringLiterals;

namespace aiochat {

QString toString(Permission p)
{
    switch (p) {
    case Permission::Public:
        return u"public"_s;
    case Permission::Authenticated:
        return u"authenticated"_s;
    case Permission::ContactsExport:
        return u"contacts.export"_s;
    case Permission::OperatorsManage:
        return u"operators.manage"_s;
    case Permission::AuditRead:
        return u"audit.read"_s;
    case Permission::ConversationsRead:
        return u"conversations.read"_s;
    case Permission::ConversationsWrite:
        return u"conversations.write"_s;
    case Permission::ContactsRead:
        return u"contacts.read"_s;
    case Permission::ContactsReveal:
        return u"contacts.reveal"_s;
    case Permission::ContactsWrite:
        return u"contacts.write"_s;
    case Permission::SandboxUse:
        return u"sandbox.use"_s;
    case Permission::SystemRead:
        return u"system.read"_s;
    case Permission::KnowledgeRead:
        return u"knowledge.read"_s;
    case Permission::KnowledgeWrite:
        return u"knowledge.write"_s;
    case Permission::AutomationRead:
        return u"automation.read"_s;
    case Permission::AutomationManage:
        return u"automation.manage"_s;
    case Permission::ChannelsManage:
        return u"channels.manage"_s;
    }
    return u"unknown"_s;
}

} // namespace aiochat
