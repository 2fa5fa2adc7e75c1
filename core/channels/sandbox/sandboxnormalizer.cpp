#include "sandboxnormalizer.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace aiochat {

Result<NormalizedEvents> normalizeSandboxMessage(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    InboundMessage m;
    m.platform = Platform::Sandbox;
    m.platformUserId = o.value(u"user"_s).toString();
    m.displayName = o.value(u"name"_s).toString();
    m.text = o.value(u"text"_s).toString();
    m.platformMessageId = o.value(u"id"_s).toString();
    m.sentAt = o.value(u"sentAt"_s).toInteger();
    if (m.platformUserId.isEmpty() || m.platformMessageId.isEmpty() || m.text.isEmpty())
        return Status::invalidArgument(u"a sandbox message needs user, id and text"_s);
    NormalizedEvents events;
    events.kinds.append(u"message"_s);
    events.messages.append(m);
    return events;
}

} // namespace aiochat
