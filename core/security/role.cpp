#include "role.h"

using namespace Qt::StringLiterals;

namespace aiochat {

QString toString(Role role)
{
    switch (role) {
    case Role::Admin:
        return u"admin"_s;
    case Role::Agent:
        return u"agent"_s;
    case Role::Viewer:
        return u"viewer"_s;
    }
    return u"viewer"_s;
}

std::optional<Role> roleFromString(const QString &name)
{
    if (name == u"admin"_s)
        return Role::Admin;
    if (name == u"agent"_s)
        return Role::Agent;
    if (name == u"viewer"_s)
        return Role::Viewer;
    return std::nullopt;
}

bool roleAllows(Role role, Permission permission)
{
    switch (permission) {
    case Permission::Public:
    case Permission::Authenticated:
    case Permission::ConversationsRead:
    case Permission::ContactsRead:
    case Permission::SystemRead:
    case Permission::KnowledgeRead:
    case Permission::AutomationRead:
        return true;
    case Permission::ConversationsWrite:
    case Permission::KnowledgeWrite:
    case Permission::ContactsReveal:
    case Permission::ContactsWrite:
    case Permission::SandboxUse:
        return role == Role::Admin || role == Role::Agent;
    case Permission::ContactsExport:
    case Permission::ChannelsManage:
    case Permission::OperatorsManage:
    case Permission::AuditRead:
    case Permission::AutomationManage:
        return role == Role::Admin;
    }
    return false;
}

} // namespace aiochat
