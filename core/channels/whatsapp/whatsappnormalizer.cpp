#include "whatsappnormalizer.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

Millis timestampOf(const QJsonObject &o)
{
    // WhatsApp sends unix seconds as a string.
    bool ok = false;
    const qint64 seconds = o.value(u"timestamp"_s).toString().toLongLong(&ok);
    return ok ? secondsToMillis(seconds) : 0;
}

QString digitsOf(const QString &phone)
{
    QString out;
    for (const QChar c : phone) {
        if (c.isDigit())
            out.append(c);
    }
    return out;
}

QString errorText(const QJsonArray &errors)
{
    if (errors.isEmpty())
        return {};
    const QJsonObject e = errors.first().toObject();
    QString text =
        QString::number(e.value(u"code"_s).toInteger()) + u": "_s + e.value(u"title"_s).toString();
    const QString details = e.value(u"error_data"_s).toObject().value(u"details"_s).toString();
    if (!details.isEmpty() && details != e.value(u"title"_s).toString())
        text += u" — "_s + details;
    return text;
}

QJsonObject media(const QJsonObject &m, const QString &kind)
{
    QJsonObject a{{u"kind"_s, kind}, {u"mediaId"_s, m.value(u"id"_s).toString()}};
    if (m.contains(u"mime_type"_s))
        a.insert(u"mimeType"_s, m.value(u"mime_type"_s).toString());
    if (m.contains(u"filename"_s))
        a.insert(u"name"_s, m.value(u"filename"_s).toString());
    if (m.contains(u"sha256"_s))
        a.insert(u"sha256"_s, m.value(u"sha256"_s).toString());
    return a;
}

void readMessage(const QJsonObject &m, const QHash<QString, QString> &names,
                 NormalizedEvents &events)
{
    InboundMessage out;
    out.platform = Platform::WhatsApp;
    // wa_id and "from" are digits; some references show a leading '+': normalise.
    out.platformUserId = digitsOf(m.value(u"from"_s).toString());
    out.displayName = names.value(out.platformUserId);
    out.platformMessageId = m.value(u"id"_s).toString();
    out.sentAt = timestampOf(m);
    const QString type = m.value(u"type"_s).toString();
    const QJsonObject body = m.value(type).toObject();
    if (out.platformUserId.isEmpty() || out.platformMessageId.isEmpty()) {
        events.errors.append(u"a message without from or id was skipped"_s);
        return;
    }
    if (type == u"text"_s) {
        out.text = body.value(u"body"_s).toString();
    } else if (type == u"image"_s || type == u"document"_s || type == u"audio"_s ||
               type == u"video"_s || type == u"sticker"_s) {
        out.kind = type == u"image"_s      ? MessageKind::Photo
                   : type == u"document"_s ? MessageKind::Document
                   : type == u"audio"_s    ? MessageKind::Audio
                   : type == u"video"_s    ? MessageKind::Video
                                           : MessageKind::Sticker;
        out.text = body.value(u"caption"_s).toString();
        out.attachments.append(media(body, type));
    } else if (type == u"interactive"_s) {
        out.kind = MessageKind::Interactive;
        const QString replyType = body.value(u"type"_s).toString();
        const QJsonObject reply = body.value(replyType).toObject();
        out.text = reply.value(u"title"_s).toString();
        out.attachments.append(
            QJsonObject{{u"kind"_s, replyType},
                        {u"replyId"_s, reply.value(u"id"_s).toString()},
                        {u"description"_s, reply.value(u"description"_s).toString()}});
    } else if (type == u"button"_s) {
        out.kind = MessageKind::Interactive;
        out.text = body.value(u"text"_s).toString();
        out.attachments.append(QJsonObject{{u"kind"_s, u"template_button"_s},
                                           {u"payload"_s, body.value(u"payload"_s).toString()}});
    } else if (type == u"reaction"_s) {
        out.kind = MessageKind::Reaction;
        out.text = body.value(u"emoji"_s).toString();
        out.attachments.append(QJsonObject{
            {u"kind"_s, u"reaction"_s}, {u"reactedTo"_s, body.value(u"message_id"_s).toString()}});
    } else if (type == u"location"_s) {
        out.kind = MessageKind::Location;
        out.text = body.value(u"name"_s).toString();
        out.attachments.append(QJsonObject{{u"kind"_s, u"location"_s},
                                           {u"latitude"_s, body.value(u"latitude"_s)},
                                           {u"longitude"_s, body.value(u"longitude"_s)}});
    } else if (type == u"contacts"_s) {
        out.kind = MessageKind::Contact;
        out.text = u"Shared a contact"_s;
        out.attachments.append(QJsonObject{{u"kind"_s, u"contacts"_s},
                                           {u"count"_s, m.value(u"contacts"_s).toArray().size()}});
    } else {
        // "unsupported", "system", "order", and types newer than this code: kept with any error.
        out.kind = MessageKind::Unsupported;
        out.text = errorText(m.value(u"errors"_s).toArray());
        out.attachments.append(QJsonObject{{u"kind"_s, u"unsupported"_s}, {u"type"_s, type}});
    }
    if (m.contains(u"context"_s))
        out.attachments.append(QJsonObject{
            {u"kind"_s, u"context"_s},
            {u"replyTo"_s, m.value(u"context"_s).toObject().value(u"id"_s).toString()}});
    events.kinds.append(u"message:"_s + type);
    events.messages.append(out);
}

void readStatus(const QJsonObject &s, NormalizedEvents &events)
{
    const QString status = s.value(u"status"_s).toString();
    DeliveryReport r;
    r.platformMessageId = s.value(u"id"_s).toString();
    r.at = timestampOf(s);
    if (status == u"sent"_s)
        r.status = DeliveryStatus::Sent;
    else if (status == u"delivered"_s)
        r.status = DeliveryStatus::Delivered;
    else if (status == u"read"_s || status == u"played"_s)
        r.status = DeliveryStatus::Read;
    else if (status == u"failed"_s) {
        r.status = DeliveryStatus::Failed;
        r.error = errorText(s.value(u"errors"_s).toArray());
    } else {
        events.errors.append(u"unknown status \""_s + status + u'"');
        return;
    }
    if (r.platformMessageId.isEmpty())
        return;
    events.kinds.append(u"status:"_s + status);
    events.reports.append(r);
}

} // namespace

Result<NormalizedEvents> normalizeWhatsAppNotification(const QByteArray &body)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Status::invalidArgument(u"not a JSON object: "_s + error.errorString());
    const QJsonObject root = doc.object();
    if (!root.value(u"entry"_s).isArray())
        return Status::invalidArgument(u"entry[] is missing"_s);

    NormalizedEvents events;
    for (const QJsonValue &entry : root.value(u"entry"_s).toArray()) {
        for (const QJsonValue &change : entry.toObject().value(u"changes"_s).toArray()) {
            const QJsonObject c = change.toObject();
            const QJsonObject value = c.value(u"value"_s).toObject();
            if (c.value(u"field"_s).toString() != u"messages"_s) {
                events.kinds.append(u"field:"_s + c.value(u"field"_s).toString());
                continue;
            }
            QHash<QString, QString> names;
            for (const QJsonValue &v : value.value(u"contacts"_s).toArray()) {
                const QJsonObject contact = v.toObject();
                names.insert(digitsOf(contact.value(u"wa_id"_s).toString()),
                             contact.value(u"profile"_s).toObject().value(u"name"_s).toString());
            }
            for (const QJsonValue &m : value.value(u"messages"_s).toArray())
                readMessage(m.toObject(), names, events);
            for (const QJsonValue &s : value.value(u"statuses"_s).toArray())
                readStatus(s.toObject(), events);
            for (const QJsonValue &e : value.value(u"errors"_s).toArray()) {
                events.kinds.append(u"errors"_s);
                events.errors.append(errorText(QJsonArray{e}));
            }
        }
    }
    events.unknownKind =
        events.messages.isEmpty() && events.reports.isEmpty() && events.errors.isEmpty();
    if (events.kinds.isEmpty())
        events.kinds.append(u"empty"_s);
    return events;
}

} // namespace aiochat
