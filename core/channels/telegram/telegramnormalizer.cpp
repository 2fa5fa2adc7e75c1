#include "telegramnormalizer.h"

#include <algorithm>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// Telegram ids are integers up to 52 bits: read them as 64-bit, never through int.
QString idString(const QJsonValue &v)
{
    // toInteger() only accepts integral doubles in range; anything else is not an id.
    constexpr qint64 kInvalid = std::numeric_limits<qint64>::min();
    if (v.isDouble()) {
        const qint64 id = v.toInteger(kInvalid);
        return id == kInvalid ? QString() : QString::number(id);
    }
    if (v.isString())
        return v.toString();
    return {};
}

QString personName(const QJsonObject &user)
{
    const QString first = user.value(u"first_name"_s).toString();
    const QString last = user.value(u"last_name"_s).toString();
    return last.isEmpty() ? first : first + u' ' + last;
}

QJsonObject fileAttachment(const QJsonObject &file, const QString &kind)
{
    QJsonObject a{{u"kind"_s, kind}, {u"fileId"_s, file.value(u"file_id"_s).toString()}};
    if (file.contains(u"file_name"_s))
        a.insert(u"name"_s, file.value(u"file_name"_s).toString());
    if (file.contains(u"mime_type"_s))
        a.insert(u"mimeType"_s, file.value(u"mime_type"_s).toString());
    if (file.contains(u"file_size"_s))
        a.insert(u"size"_s, file.value(u"file_size"_s).toInteger());
    if (file.contains(u"duration"_s)) // voice notes, audio, video: seconds
        a.insert(u"duration"_s, file.value(u"duration"_s).toInt());
    if (file.contains(u"width"_s)) {
        a.insert(u"width"_s, file.value(u"width"_s).toInt());
        a.insert(u"height"_s, file.value(u"height"_s).toInt());
    }
    return a;
}

// Fills identity, author and content of a Message object; false when it lacks what we need.
bool readMessage(const QJsonObject &m, InboundMessage &out, NormalizedEvents &events)
{
    const QJsonObject chat = m.value(u"chat"_s).toObject();
    const QString chatId = idString(chat.value(u"id"_s));
    const qint64 messageId = m.value(u"message_id"_s).toInteger(-1);
    if (chatId.isEmpty() || messageId < 0 || !m.value(u"date"_s).isDouble())
        return false;
    const QJsonObject from = m.value(u"from"_s).toObject();
    const QString type = chat.value(u"type"_s).toString();

    out.platform = Platform::Telegram;
    out.platformUserId = chatId;
    out.isGroup = type != u"private"_s;
    out.displayName =
        out.isGroup ? chat.value(u"title"_s).toString() : personName(from.isEmpty() ? chat : from);
    out.username =
        out.isGroup ? chat.value(u"username"_s).toString() : from.value(u"username"_s).toString();
    if (out.isGroup)
        out.senderName = personName(from);
    out.platformMessageId = QString::number(messageId);
    out.sentAt = secondsToMillis(m.value(u"date"_s).toInteger());
    out.kind = MessageKind::Text;

    if (m.contains(u"text"_s)) {
        out.text = m.value(u"text"_s).toString();
        if (m.contains(u"entities"_s))
            out.attachments.append(
                QJsonObject{{u"kind"_s, u"entities"_s}, {u"entities"_s, m.value(u"entities"_s)}});
        return true;
    }
    out.text = m.value(u"caption"_s).toString();
    if (m.contains(u"photo"_s)) {
        // Sizes are usually small → large, which the docs do not promise: take the largest area.
        QJsonObject best;
        qint64 bestArea = -1;
        for (const QJsonValue &v : m.value(u"photo"_s).toArray()) {
            const QJsonObject size = v.toObject();
            // Hostile sizes must not overflow the product (found by fuzzing): real photos are at
            // most a few thousand pixels a side.
            const auto side = [&size](const QString &key) {
                return std::clamp<qint64>(size.value(key).toInteger(), 0, 1'000'000);
            };
            const qint64 area = side(u"width"_s) * side(u"height"_s);
            if (area > bestArea) {
                bestArea = area;
                best = size;
            }
        }
        out.kind = MessageKind::Photo;
        QJsonObject a = fileAttachment(best, u"photo"_s);
        a.insert(u"mimeType"_s, u"image/jpeg"_s);
        out.attachments.append(a);
    } else if (m.contains(u"document"_s)) {
        out.kind = MessageKind::Document;
        out.attachments.append(fileAttachment(m.value(u"document"_s).toObject(), u"document"_s));
    } else if (m.contains(u"voice"_s) || m.contains(u"audio"_s)) {
        out.kind = MessageKind::Audio;
        const QString key = m.contains(u"voice"_s) ? u"voice"_s : u"audio"_s;
        out.attachments.append(fileAttachment(m.value(key).toObject(), key));
    } else if (m.contains(u"video"_s) || m.contains(u"video_note"_s) ||
               m.contains(u"animation"_s)) {
        out.kind = MessageKind::Video;
        const QString key = m.contains(u"video"_s)
                                ? u"video"_s
                                : (m.contains(u"video_note"_s) ? u"video_note"_s : u"animation"_s);
        out.attachments.append(fileAttachment(m.value(key).toObject(), key));
    } else if (m.contains(u"sticker"_s)) {
        out.kind = MessageKind::Sticker;
        const QJsonObject sticker = m.value(u"sticker"_s).toObject();
        out.text = sticker.value(u"emoji"_s).toString();
        out.attachments.append(fileAttachment(sticker, u"sticker"_s));
    } else if (m.contains(u"contact"_s)) {
        const QJsonObject contact = m.value(u"contact"_s).toObject();
        out.kind = MessageKind::Contact;
        // The number itself is personal data: it is kept sealed on the identity (as evidence
        // when the user shared their own), never in the message text.
        const bool own = !from.isEmpty() && contact.contains(u"user_id"_s) &&
                         idString(contact.value(u"user_id"_s)) == idString(from.value(u"id"_s));
        out.attachments.append(QJsonObject{
            {u"kind"_s, u"contact"_s}, {u"name"_s, personName(contact)}, {u"ownNumber"_s, own}});
        out.text = own ? u"Shared their phone number"_s : u"Shared a contact"_s;
        if (own && !out.isGroup) {
            events.identityChanges.append({IdentityChange::Kind::PhoneEvidence, Platform::Telegram,
                                           chatId, contact.value(u"phone_number"_s).toString()});
        }
    } else if (m.contains(u"location"_s)) {
        const QJsonObject loc = m.value(u"location"_s).toObject();
        out.kind = MessageKind::Location;
        out.attachments.append(QJsonObject{{u"kind"_s, u"location"_s},
                                           {u"latitude"_s, loc.value(u"latitude"_s)},
                                           {u"longitude"_s, loc.value(u"longitude"_s)}});
    } else {
        // Service messages (members joining, pinned messages…) and kinds we do not model.
        out.kind = MessageKind::Unsupported;
        QStringList keys = m.keys();
        for (const QString &k :
             {u"message_id"_s, u"from"_s, u"chat"_s, u"date"_s, u"sender_chat"_s,
              u"message_thread_id"_s, u"reply_to_message"_s, u"forward_origin"_s})
            keys.removeAll(k);
        out.attachments.append(QJsonObject{{u"kind"_s, u"unsupported"_s},
                                           {u"fields"_s, QJsonArray::fromStringList(keys)}});
    }
    if (m.contains(u"caption_entities"_s))
        out.attachments.append(QJsonObject{{u"kind"_s, u"entities"_s},
                                           {u"entities"_s, m.value(u"caption_entities"_s)}});
    return true;
}

} // namespace

qint64 telegramUpdateId(const QByteArray &body)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return -1;
    const QJsonValue id = doc.object().value(u"update_id"_s);
    return id.isDouble() ? std::max<qint64>(-1, id.toInteger(-1)) : -1;
}

Result<NormalizedEvents> normalizeTelegramUpdate(const QByteArray &body)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Status::invalidArgument(u"not a JSON object: "_s + error.errorString());
    const QJsonObject update = doc.object();
    if (!update.value(u"update_id"_s).isDouble())
        return Status::invalidArgument(u"update_id is missing"_s);

    NormalizedEvents events;
    if (update.contains(u"message"_s) || update.contains(u"business_message"_s)) {
        const QString key = update.contains(u"message"_s) ? u"message"_s : u"business_message"_s;
        InboundMessage m;
        if (!readMessage(update.value(key).toObject(), m, events))
            return Status::invalidArgument(key + u" lacks chat, message_id or date"_s);
        events.kinds.append(u"message"_s);
        events.messages.append(m);
        return events;
    }
    if (update.contains(u"edited_message"_s) || update.contains(u"edited_business_message"_s)) {
        const QString key = update.contains(u"edited_message"_s) ? u"edited_message"_s
                                                                 : u"edited_business_message"_s;
        const QJsonObject msg = update.value(key).toObject();
        InboundMessage m;
        if (!readMessage(msg, m, events))
            return Status::invalidArgument(key + u" lacks chat, message_id or date"_s);
        events.kinds.append(u"edited_message"_s);
        const Millis editedAt = msg.contains(u"edit_date"_s)
                                    ? secondsToMillis(msg.value(u"edit_date"_s).toInteger())
                                    : m.sentAt;
        events.edits.append(
            {Platform::Telegram, m.platformUserId, m.platformMessageId, m.text, editedAt});
        // If the original never reached us, the edit is the message: store it as such.
        events.messages.append(m);
        return events;
    }
    if (update.contains(u"callback_query"_s)) {
        const QJsonObject cb = update.value(u"callback_query"_s).toObject();
        const QJsonObject from = cb.value(u"from"_s).toObject();
        const QString queryId = cb.value(u"id"_s).toString();
        if (queryId.isEmpty() || from.isEmpty())
            return Status::invalidArgument(u"callback_query lacks id or from"_s);
        const QJsonObject msg = cb.value(u"message"_s).toObject();
        const QJsonObject chat = msg.value(u"chat"_s).toObject();
        InboundMessage m;
        m.platform = Platform::Telegram;
        m.platformUserId =
            chat.isEmpty() ? idString(from.value(u"id"_s)) : idString(chat.value(u"id"_s));
        m.isGroup = !chat.isEmpty() && chat.value(u"type"_s).toString() != u"private"_s;
        m.displayName = m.isGroup ? chat.value(u"title"_s).toString() : personName(from);
        m.username = from.value(u"username"_s).toString();
        if (m.isGroup)
            m.senderName = personName(from);
        m.kind = MessageKind::Callback;
        m.text = cb.value(u"data"_s).toString();
        m.platformMessageId = u"callback:"_s + queryId;
        m.attachments.append(QJsonObject{{u"kind"_s, u"callback"_s},
                                         {u"callbackQueryId"_s, queryId},
                                         {u"messageId"_s, msg.value(u"message_id"_s).toInteger()}});
        events.kinds.append(u"callback_query"_s);
        events.messages.append(m);
        return events;
    }
    if (update.contains(u"my_chat_member"_s)) {
        const QJsonObject member = update.value(u"my_chat_member"_s).toObject();
        const QJsonObject chat = member.value(u"chat"_s).toObject();
        const QString status =
            member.value(u"new_chat_member"_s).toObject().value(u"status"_s).toString();
        const QString chatId = idString(chat.value(u"id"_s));
        if (chatId.isEmpty() || status.isEmpty())
            return Status::invalidArgument(u"my_chat_member lacks chat or new status"_s);
        events.kinds.append(u"my_chat_member"_s);
        const bool gone = status == u"kicked"_s || status == u"left"_s;
        events.identityChanges.append(
            {gone ? IdentityChange::Kind::Blocked : IdentityChange::Kind::Unblocked,
             Platform::Telegram,
             chatId,
             {}});
        return events;
    }
    // channel posts, polls, reactions, new kinds of future API versions: kept, not processed.
    QStringList keys = update.keys();
    keys.removeAll(u"update_id"_s);
    events.kinds.append(keys.isEmpty() ? u"unknown"_s : keys.constFirst());
    events.unknownKind = true;
    return events;
}

} // namespace aiochat
