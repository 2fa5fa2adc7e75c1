#include "json.h"

#include "logging/redactor.h"

using namespace Qt::StringLiterals;

namespace aiochat::json {

QJsonObject toJson(const Conversation &c)
{
    return QJsonObject{
        {u"id"_s, c.id},
        {u"contactId"_s, c.contactId},
        {u"identityId"_s, c.identityId},
        {u"platform"_s, toString(c.platform)},
        {u"status"_s, toString(c.status)},
        {u"handler"_s, toString(c.handler)},
        {u"assigneeId"_s, c.assigneeId},
        {u"assigneeName"_s, c.assigneeName},
        {u"isGroup"_s, c.isGroup},
        {u"unreadCount"_s, c.unreadCount},
        {u"title"_s, c.title},
        {u"lastMessagePreview"_s, c.lastMessagePreview},
        {u"lastMessageKind"_s, toString(c.lastMessageKind)},
        {u"lastMessageAt"_s, toIsoString(c.lastMessageAt)},
        {u"lastInboundAt"_s, toIsoString(c.lastInboundAt)},
        {u"createdAt"_s, toIsoString(c.createdAt)},
        {u"updatedAt"_s, toIsoString(c.updatedAt)},
        {u"resolvedAt"_s, toIsoString(c.resolvedAt)},
        {u"attentionReason"_s, toString(c.attentionReason)},
        {u"waitingSince"_s, toIsoString(c.waitingSince)},
        {u"matchedText"_s, c.matchedText},
        // WhatsApp accepts free text only within 24 hours of the customer's last message.
        {u"replyWindowClosesAt"_s, c.platform == Platform::WhatsApp && c.lastInboundAt > 0
                                       ? toIsoString(c.lastInboundAt + 24LL * 3600 * 1000)
                                       : QString()},
    };
}

QJsonObject toJson(const Message &m)
{
    return QJsonObject{
        {u"id"_s, m.id},
        {u"conversationId"_s, m.conversationId},
        {u"direction"_s, toString(m.direction)},
        {u"sender"_s, toString(m.sender)},
        {u"senderOperatorId"_s, m.senderOperatorId},
        {u"senderName"_s, m.senderName},
        {u"kind"_s, toString(m.kind)},
        {u"text"_s, m.text},
        {u"attachments"_s, m.attachments},
        {u"platformMessageId"_s, m.platformMessageId},
        {u"status"_s, toString(m.status)},
        {u"error"_s, m.error},
        {u"createdAt"_s, toIsoString(m.createdAt)},
        {u"editedAt"_s, toIsoString(m.editedAt)},
    };
}

const QStringList &personalFieldNames()
{
    static const QStringList names{u"phone"_s, u"email"_s, u"policyNumber"_s, u"dateOfBirth"_s,
                                   u"attributes"_s};
    return names;
}

QJsonObject toJson(const Contact &c, const QStringList &revealed)
{
    const QString dob = c.dateOfBirth.isValid() ? c.dateOfBirth.toString(Qt::ISODate) : QString();
    auto field = [&revealed](const QString &name, const QString &value, const QString &masked) {
        return revealed.contains(name) ? value : masked;
    };
    // Personal attribute values are masked like the other personal fields.
    QJsonObject attributes = c.attributes;
    if (!revealed.contains(u"attributes"_s))
        for (const QString &key : c.sealedAttributes)
            if (attributes.contains(key))
                attributes.insert(key, u"••••"_s);
    return QJsonObject{
        {u"id"_s, c.id},
        {u"displayName"_s, c.displayName},
        {u"phone"_s, field(u"phone"_s, c.phone, redact::phone(c.phone))},
        {u"email"_s, field(u"email"_s, c.email, redact::email(c.email))},
        {u"policyNumber"_s, field(u"policyNumber"_s, c.policyNumber, redact::tail(c.policyNumber))},
        {u"dateOfBirth"_s,
         field(u"dateOfBirth"_s, dob, dob.isEmpty() ? QString() : u"••••-••-••"_s)},
        {u"revealed"_s, QJsonArray::fromStringList(revealed)},
        {u"attributes"_s, attributes},
        {u"sealedAttributes"_s, QJsonArray::fromStringList(c.sealedAttributes)},
        {u"language"_s, c.language},
        {u"createdAt"_s, toIsoString(c.createdAt)},
        {u"updatedAt"_s, toIsoString(c.updatedAt)},
    };
}

QJsonObject toJson(const ContactIdentity &i)
{
    return QJsonObject{
        {u"id"_s, i.id},
        {u"contactId"_s, i.contactId},
        {u"platform"_s, toString(i.platform)},
        {u"platformUserId"_s, redact::tail(i.platformUserId)},
        {u"displayName"_s, i.displayName},
        {u"username"_s, i.username},
        {u"isGroup"_s, i.isGroup},
        {u"blocked"_s, i.blocked},
        {u"verified"_s, i.verificationExpiresAt > nowMillis()},
        {u"verifiedAt"_s, toIsoString(i.verifiedAt)},
        {u"verificationExpiresAt"_s, toIsoString(i.verificationExpiresAt)},
        {u"verifiedBy"_s, i.verifiedBy},
        {u"verifyFailures"_s, i.verifyFailures},
        {u"verifyLocked"_s, i.verifyLockedUntil > nowMillis()},
        {u"verifyLockedUntil"_s, toIsoString(i.verifyLockedUntil)},
        {u"createdAt"_s, toIsoString(i.createdAt)},
        {u"lastSeenAt"_s, toIsoString(i.lastSeenAt)},
    };
}

} // namespace aiochat::json
