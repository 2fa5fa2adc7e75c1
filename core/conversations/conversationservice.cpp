#include "conversationservice.h"

#include "media/attachmentrepository.h"

#include "domain/json.h"
#include "events/eventbus.h"
#include "logging/logging.h"
#include "storage/connection.h"
#include "storage/contactrepository.h"
#include "storage/conversationrepository.h"
#include "storage/identityrepository.h"
#include "storage/messagerepository.h"
#include "storage/storage.h"

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

ConversationService::ConversationService(Storage &storage, EventBus &events, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_events(events)
{}

Result<IngestOutcome> ConversationService::ingestInTransaction(QSqlDatabase &db,
                                                               const PersonalDataCipher &cipher,
                                                               const InboundMessage &in)
{
    const Millis now = nowMillis();
    const Millis at = in.sentAt ? in.sentAt : now;

    ContactIdentity wanted;
    wanted.platform = in.platform;
    wanted.platformUserId = in.platformUserId;
    wanted.displayName = in.displayName;
    wanted.username = in.username;
    wanted.isGroup = in.isGroup;
    wanted.lastSeenAt = now;
    IdentityRepository identities(db, cipher);
    const Result<ContactIdentity> identity = identities.upsert(wanted);
    if (!identity.isOk())
        return identity.status();

    // A new person becomes a customer in the CRM. On WhatsApp the chat id is a phone number, so
    // a contact already known by that number is found (blind index) instead of duplicated;
    // this links, it does not verify. Group chats have no single customer.
    qint64 contactId = identity->contactId;
    if (contactId == 0 && !in.isGroup) {
        ContactRepository contacts(db, cipher);
        if (in.platform == Platform::WhatsApp) {
            const Result<QList<Contact>> known =
                contacts.findBy(PersonalField::Phone, in.platformUserId);
            if (!known.isOk())
                return known.status();
            if (known.value().size() == 1)
                contactId = known.value().constFirst().id;
        }
        if (contactId == 0) {
            Contact c;
            c.displayName = in.displayName.isEmpty() ? in.username : in.displayName;
            if (in.platform == Platform::WhatsApp)
                c.phone = u'+' + in.platformUserId;
            const Result<qint64> created = contacts.insert(c);
            if (!created.isOk())
                return created.status();
            contactId = created.value();
        }
        if (const Status linked = identities.linkToContact(identity->id, contactId); !linked.isOk())
            return linked;
    }

    IngestOutcome out;
    ConversationRepository conversations(db, cipher);
    MessageRepository messages(db, cipher);

    // A retry of a message we already have changes nothing, even if its conversation was
    // resolved since: check before a new conversation could be opened for it.
    if (!in.platformMessageId.isEmpty()) {
        const Result<bool> stored =
            messages.existsByPlatformId(identity->id, Direction::Inbound, in.platformMessageId);
        if (!stored.isOk())
            return stored.status();
        if (stored.value()) {
            out.duplicate = true;
            return out;
        }
    }

    const Result<qint64> active = conversations.activeIdForIdentity(identity->id);
    if (!active.isOk())
        return active.status();
    qint64 conversationId = active.value();
    if (conversationId == 0) {
        Conversation c;
        c.contactId = contactId;
        c.identityId = identity->id;
        c.platform = in.platform;
        c.isGroup = in.isGroup;
        c.lastMessageAt = at;
        c.createdAt = now;
        const Result<qint64> id = conversations.insert(c);
        if (!id.isOk())
            return id.status();
        conversationId = id.value();
        out.conversationCreated = true;
    }

    Message m;
    m.conversationId = conversationId;
    m.identityId = identity->id;
    m.direction = Direction::Inbound;
    m.sender = SenderKind::Customer;
    m.senderName = in.senderName;
    m.kind = in.kind;
    m.text = in.text;
    m.attachments = in.attachments;
    m.platformMessageId = in.platformMessageId;
    m.status = DeliveryStatus::Received;
    m.createdAt = at;
    const Result<std::optional<qint64>> id = messages.insert(m);
    if (!id.isOk())
        return id.status();
    if (!id.value()) {
        out.duplicate = true;
        return out;
    }
    m.id = *id.value();
    out.message = m;
    // The files it carries are fetched later, but queued now: with the message, or not at all.
    if (!m.attachments.isEmpty()) {
        if (Status s = AttachmentRepository(db, cipher).queueFor(m, in.platform); !s.isOk())
            return s;
    }

    const Status touched = conversations.recordActivity(conversationId, at, true);
    if (!touched.isOk())
        return touched;
    // Where a person owns the conversation, nobody else will answer: the customer now waits.
    const Status waiting =
        conversations.markWaiting(conversationId, AttentionReason::CustomerWaiting, at, true);
    if (!waiting.isOk())
        return waiting;
    const Result<std::optional<Conversation>> fresh = conversations.find(conversationId);
    if (!fresh.isOk())
        return fresh.status();
    if (!fresh.value())
        return Status::internal(u"conversation vanished while storing a message"_s);
    out.conversation = *fresh.value();
    // The bot's turn is stored with the message: it is answered even if we crash right now.
    if (out.conversation.handler == Handler::Bot && !out.conversation.isGroup &&
        m.kind == MessageKind::Text && !m.text.trimmed().isEmpty()) {
        if (Status s = execute(db,
                               u"INSERT INTO assistant_turns (message_id, conversation_id, state, "
                               u"created_at, updated_at) VALUES (?, ?, 'pending', ?, ?)"_s,
                               {m.id, conversationId, now, now}, u"queueing the bot's turn"_s);
            !s.isOk())
            return s;
    }
    return out;
}

void ConversationService::ingest(const InboundMessage &message, IngestDone done)
{
    auto outcome = std::make_shared<Result<IngestOutcome>>(Status::internal(u"not run"_s));
    const PersonalDataCipher &cipher = m_storage.cipher();
    m_storage.writer().submit(
        this,
        [outcome, &cipher, message](QSqlDatabase &db) {
            *outcome = ingestInTransaction(db, cipher, message);
            return outcome->isOk() ? Status::ok() : outcome->status();
        },
        [this, outcome, done](const Status &status) {
            if (!status.isOk()) {
                qCWarning(lcConversations)
                    << "storing an inbound message failed:" << status.message();
                if (done)
                    done(status);
                return;
            }
            announce(outcome->value());
            if (done)
                done(*outcome);
        });
}

void ConversationService::announce(const IngestOutcome &outcome)
{
    if (outcome.duplicate)
        return;
    const QJsonObject conversation = json::toJson(outcome.conversation);
    if (outcome.conversationCreated)
        m_events.publish(u"conversation.created"_s, {{u"conversation"_s, conversation}});
    m_events.publish(u"message.created"_s, {{u"message"_s, json::toJson(outcome.message)},
                                            {u"conversation"_s, conversation}});
    m_events.publish(u"conversation.updated"_s, {{u"conversation"_s, conversation}});
}

} // namespace aiochat
