#include "permission.h"

using namespace Qt::StringLiterals;

namespace aiochat {

QString toString(Permission p)
{
    switch (p) {
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
    case Permission::ChannelsManage:
        return u"channels.manage"_s;
    }
    return u"unknown"_s;
}

} // namespace aiochat
