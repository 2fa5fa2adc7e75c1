#include "assistantservice.h"

#include "channels/channelsettings.h"
#include "channels/outbound/outbox.h"
#include "domain/json.h"
#include "events/eventbus.h"
#include "guard.h"
#include "knowledge/retriever.h"
#include "logging/logging.h"
#include "offlineanswerer.h"
#include "security/personaldatacipher.h"
#include "storage/connection.h"
#include "storage/contactrepository.h"
#include "storage/conversationrepository.h"
#include "storage/identityrepository.h"
#include "storage/messagerepository.h"
#include "storage/storage.h"
#include "verification.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

using Plan = AssistantService::Plan;

// On a reader: the oldest open turn and what the bot will do about it (nothing is written).
Result<std::optional<Plan>> planNext(QSqlDatabase &db, const PersonalDataCipher &cipher)
{
    QSqlQuery q(db);
    if (!q.exec(u"SELECT id, message_id, conversation_id FROM assistant_turns WHERE state = "
                u"'pending' ORDER BY id LIMIT 1"_s))
        return queryError(q, u"reading the bot's turns"_s);
    if (!q.next())
        return std::optional<Plan>();
    Plan plan;
    plan.turnId = q.value(0).toLongLong();
    plan.messageId = q.value(1).toLongLong();
    plan.conversationId = q.value(2).toLongLong();
    q.finish();

    const Result<std::optional<Conversation>> conversation =
        ConversationRepository(db, cipher).find(plan.conversationId);
    const Result<std::optional<Message>> message =
        MessageRepository(db, cipher).find(plan.messageId);
    if (!conversation.isOk())
        return conversation.status();
    if (!message.isOk())
        return message.status();
    // A person owns it, or it is over: the bot says nothing (the handler is state in the store,
    // read now, not when the message came in).
    if (!conversation.value() || !message.value() ||
        conversation.value()->handler != Handler::Bot ||
        conversation.value()->status == ConversationStatus::Resolved ||
        conversation.value()->status == ConversationStatus::Closed) {
        plan.silent = true;
        plan.outcome = u"silent"_s;
        return std::optional<Plan>(plan);
    }
    const QString text = message.value()->text;
    const assistant::Language language =
        assistant::detectLanguage(text, assistant::Language::English);
    plan.identityId = conversation.value()->identityId;

    switch (assistant::classify(text)) {
    case assistant::Intent::Handoff:
        plan.reply = assistant::handoff(language);
        plan.outcome = u"handoff"_s;
        return std::optional<Plan>(plan);
    case assistant::Intent::Greeting:
        plan.reply = assistant::greeting(language);
        plan.outcome = u"greeting"_s;
        return std::optional<Plan>(plan);
    case assistant::Intent::Question:
        break;
    }

    // Scope, decided here and nowhere else: the shared base, plus the customer's own documents
    // only while this chat identity is verified as that customer.
    qint64 scope = 0;
    const Result<std::optional<ContactIdentity>> identity =
        IdentityRepository(db, cipher).find(conversation.value()->identityId);
    if (!identity.isOk())
        return identity.status();
    if (identity.value() && identity.value()->contactId && identity.value()->verifiedAt > 0 &&
        identity.value()->verificationExpiresAt > nowMillis())
        scope = identity.value()->contactId;

    // Verification: a policy number and a date of birth, in one message or two, at any moment.
    QString question = text;
    if (scope == 0) {
        QSqlQuery v(db);
        v.prepare(u"SELECT verify_failures, verify_locked_until, verify_pending_message, "
                  u"verify_policy_enc FROM contact_identities WHERE id = ?"_s);
        v.addBindValue(plan.identityId);
        if (Status s = execute(v, u"reading the verification state"_s); !s.isOk())
            return s;
        const bool found = v.next();
        const int failures = found ? v.value(0).toInt() : 0;
        const bool locked = found && v.value(1).toLongLong() > nowMillis();
        const qint64 pendingQuestion = found ? v.value(2).toLongLong() : 0;
        const QByteArray pendingPolicy = found ? v.value(3).toByteArray() : QByteArray();
        v.finish();
        const assistant::Claims claims = assistant::extractClaims(text);
        QString policy = claims.policies.value(0);
        if (policy.isEmpty() && !pendingPolicy.isEmpty()) {
            const Result<QString> opened = cipher.open(PersonalField::PolicyNumber, pendingPolicy);
            if (opened.isOk())
                policy = opened.value();
        }
        const bool claiming = !claims.policies.isEmpty() || !claims.dates.isEmpty();
        if (claiming && locked) {
            plan.reply = assistant::verificationLocked(language);
            plan.outcome = u"verification_failed"_s;
            return std::optional<Plan>(plan);
        }
        if (claiming && !claims.dates.isEmpty() && !policy.isEmpty()) {
            // Look the policy up by its blind index and compare the date; the answer never says
            // which of the two did not match.
            const Result<QList<Contact>> holders =
                ContactRepository(db, cipher).findBy(PersonalField::PolicyNumber, policy);
            if (!holders.isOk())
                return holders.status();
            qint64 match = 0;
            for (const Contact &c : holders.value()) {
                for (const QDate &d : claims.dates) {
                    if (c.dateOfBirth.isValid() && c.dateOfBirth == d)
                        match = c.id;
                }
            }
            if (match == 0) {
                plan.verification = Plan::Verification::Failed;
                plan.failures = failures + 1;
                plan.reply = plan.failures >= assistant::kMaxVerificationFailures
                                 ? assistant::verificationLocked(language)
                                 : assistant::verificationFailed(language);
                plan.outcome = u"verification_failed"_s;
                return std::optional<Plan>(plan);
            }
            plan.verification = Plan::Verification::Verified;
            plan.contactId = match;
            scope = match;
            plan.outcome = u"verified"_s;
            // The question asked before, answered now; or only the thanks.
            if (pendingQuestion) {
                const Result<std::optional<Message>> asked =
                    MessageRepository(db, cipher).find(pendingQuestion);
                if (asked.isOk() && asked.value())
                    question = asked.value()->text;
            } else {
                plan.reply = assistant::verified(language);
                return std::optional<Plan>(plan);
            }
        } else if (claiming && claims.dates.isEmpty()) {
            plan.verification = Plan::Verification::RememberPolicy;
            plan.sealedPolicy = cipher.seal(PersonalField::PolicyNumber, policy);
            plan.reply = assistant::askForDateOfBirth(language);
            plan.outcome = u"verification_requested"_s;
            return std::optional<Plan>(plan);
        } else if (claiming) {
            plan.reply = assistant::askForPolicyNumber(language);
            plan.outcome = u"verification_requested"_s;
            return std::optional<Plan>(plan);
        } else if (assistant::isPersonalQuestion(text)) {
            // Nothing personal before the chat is proven: ask, and remember the question.
            plan.verification = Plan::Verification::RememberQuestion;
            plan.reply = assistant::askToVerify(language);
            plan.outcome = u"verification_requested"_s;
            return std::optional<Plan>(plan);
        }
    }

    // About someone else ("my brother's policy …"): declined, without saying whose it is.
    if (scope != 0 && plan.verification != Plan::Verification::Verified) {
        const Result<QSet<qint64>> others = assistant::othersNamedIn(db, cipher, text, scope);
        if (!others.isOk())
            return others.status();
        if (!others->isEmpty()) {
            plan.reply = assistant::declineOthers(language);
            plan.outcome = u"declined"_s;
            return std::optional<Plan>(plan);
        }
    }

    QElapsedTimer timer;
    timer.start();
    const Result<QList<KnowledgeHit>> hits = Retriever(db, cipher).retrieve(question, scope, 5);
    plan.retrievalMs = timer.elapsed();
    if (!hits.isOk())
        return hits.status();
    for (const KnowledgeHit &h : hits.value())
        plan.retrieved.append(QJsonObject{{u"documentId"_s, h.documentId},
                                          {u"fileName"_s, h.fileName},
                                          {u"chunkId"_s, h.chunkId},
                                          {u"score"_s, h.score}});
    const assistant::Extract answer = assistant::extractiveAnswer(question, hits.value());
    const QString thanks = plan.verification == Plan::Verification::Verified
                               ? assistant::verified(language) + u"\n\n"_s
                               : QString();
    if (!answer.confident) {
        plan.reply = thanks + assistant::dontKnow(language);
        plan.waitForPerson = true;
        if (plan.verification != Plan::Verification::Verified)
            plan.outcome = u"no_answer"_s;
        return std::optional<Plan>(plan);
    }
    // The last check before anything leaves: no other customer's policy number, phone or e-mail
    // in the reply, whatever the documents held. A blocked reply is replaced and flagged.
    const Result<QSet<qint64>> leaked = assistant::othersNamedIn(db, cipher, answer.text, scope);
    if (!leaked.isOk())
        return leaked.status();
    if (!leaked->isEmpty()) {
        qCWarning(lcConversations) << "the bot's reply named another customer's details and was"
                                   << "blocked (conversation" << plan.conversationId << ")";
        plan.reply = thanks + assistant::dontKnow(language);
        plan.outcome = u"blocked"_s;
        plan.waitForPerson = true;
        return std::optional<Plan>(plan);
    }
    // Only what was retrieved is cited: the sources are the passages quoted.
    plan.reply = thanks + answer.text + u"\n\n"_s +
                 assistant::sourcesLine(hits.value(), answer.used, language);
    if (plan.verification != Plan::Verification::Verified)
        plan.outcome = u"answered"_s;
    for (int i : answer.used) {
        const KnowledgeHit &h = hits->at(i);
        plan.citations.append(QJsonObject{
            {u"documentId"_s, h.documentId}, {u"fileName"_s, h.fileName}, {u"page"_s, h.page}});
    }
    return std::optional<Plan>(plan);
}

// What a turn's verification changes on the chat identity (and its conversation).
Status applyVerification(QSqlDatabase &db, const Plan &plan)
{
    const Millis now = nowMillis();
    switch (plan.verification) {
    case Plan::Verification::None:
        return Status::ok();
    case Plan::Verification::RememberPolicy:
        return execute(db, u"UPDATE contact_identities SET verify_policy_enc = ? WHERE id = ?"_s,
                       {plan.sealedPolicy, plan.identityId}, u"remembering a policy number"_s);
    case Plan::Verification::RememberQuestion:
        return execute(db,
                       u"UPDATE contact_identities SET verify_pending_message = ? WHERE id = ?"_s,
                       {plan.messageId, plan.identityId}, u"remembering a question"_s);
    case Plan::Verification::Verified:
        if (Status s = execute(
                db,
                u"UPDATE contact_identities SET contact_id = ?, verified_at = ?, "
                u"verification_expires_at = ?, verify_failures = 0, verify_locked_until = 0, "
                u"verify_pending_message = NULL, verify_policy_enc = NULL WHERE id = ?"_s,
                {plan.contactId, now, now + assistant::kVerificationValidMs, plan.identityId},
                u"verifying a chat"_s);
            !s.isOk())
            return s;
        return execute(db,
                       u"UPDATE conversations SET contact_id = ?, updated_at = ? WHERE id = ?"_s,
                       {plan.contactId, now, plan.conversationId},
                       u"linking the conversation to its customer"_s);
    case Plan::Verification::Failed:
        return execute(db,
                       u"UPDATE contact_identities SET verify_failures = ?, verify_policy_enc = "
                       u"NULL, verify_locked_until = ? WHERE id = ?"_s,
                       {plan.failures >= assistant::kMaxVerificationFailures ? 0 : plan.failures,
                        plan.failures >= assistant::kMaxVerificationFailures
                            ? now + assistant::kVerificationLockMs
                            : qint64(0),
                        plan.identityId},
                       u"counting a failed verification"_s);
    }
    return Status::ok();
}

QString compact(const QJsonArray &a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

} // namespace

AssistantService::AssistantService(Storage &storage, Outbox &outbox, EventBus &events,
                                   ChannelSettings &settings, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_outbox(outbox)
    , m_events(events)
    , m_settings(settings)
{
    connect(&m_settings, &ChannelSettings::changed, this, &AssistantService::kick);
    // A customer's message in a conversation the bot handles: its turn was stored with it.
    connect(&m_events, &EventBus::published, this,
            [this](const QString &name, const QJsonObject &payload) {
                if (name == u"message.created"_s &&
                    payload.value(u"message"_s).toObject().value(u"direction"_s).toString() ==
                        u"in"_s)
                    kick();
            });
}

Status AssistantService::start()
{
    m_running = true;
    kick(); // turns left pending by a stop or a crash
    return Status::ok();
}

void AssistantService::stop()
{
    m_running = false;
}

void AssistantService::kick()
{
    if (!m_running || !m_settings.llm().assistantEnabled)
        return;
    if (m_busy) {
        m_again = true;
        return;
    }
    m_busy = true;
    m_again = false;
    const PersonalDataCipher &cipher = m_storage.cipher();
    QPointer<AssistantService> self(this);
    m_storage.readers().submit([self, &cipher](QSqlDatabase &db) {
        auto planned = std::make_shared<Result<std::optional<Plan>>>(planNext(db, cipher));
        QMetaObject::invokeMethod(
            self,
            [self, planned] {
                if (!self)
                    return;
                if (!planned->isOk()) {
                    qCWarning(lcConversations).noquote()
                        << "the bot could not plan a turn:" << planned->status().message();
                    self->m_busy = false;
                    return;
                }
                if (!planned->value()) {
                    self->m_busy = false;
                    if (self->m_again)
                        self->kick();
                    return;
                }
                const Plan plan = *planned->value();
                if (plan.silent) {
                    self->finish(plan, 0);
                    return;
                }
                SendRequest request;
                request.conversationId = plan.conversationId;
                request.text = plan.reply;
                request.sender = SenderKind::Bot;
                request.senderName = u"Bot"_s;
                // The same turn redone after a restart finds its answer queued already.
                request.idempotencyKey = u"assistant:"_s + QString::number(plan.messageId);
                self->m_outbox.send(request, [self, plan](const Result<QJsonObject> &sent) {
                    if (!self)
                        return;
                    if (!sent.isOk())
                        qCWarning(lcConversations).noquote()
                            << "the bot's answer was not queued:" << sent.status().message();
                    self->finish(plan, sent.isOk() ? sent->value(u"id"_s).toInteger() : 0);
                });
            },
            Qt::QueuedConnection);
    });
}

void AssistantService::finish(const Plan &plan, qint64 replyMessageId)
{
    auto conversation = std::make_shared<QJsonObject>();
    const PersonalDataCipher &cipher = m_storage.cipher();
    m_storage.writer().submit(
        this,
        [plan, replyMessageId, conversation, &cipher](QSqlDatabase &db) -> Status {
            if (Status s = execute(db,
                                   u"UPDATE assistant_turns SET state = 'done', updated_at = ? "
                                   u"WHERE id = ?"_s,
                                   {nowMillis(), plan.turnId}, u"closing the bot's turn"_s);
                !s.isOk())
                return s;
            if (plan.silent)
                return Status::ok();
            if (Status s =
                    execute(db,
                            u"INSERT INTO assistant_interactions (conversation_id, message_id, "
                            u"reply_message_id, outcome, mode, retrieved, citations, retrieval_ms, "
                            u"created_at) VALUES (?, ?, ?, ?, 'offline', ?, ?, ?, ?) "
                            u"ON CONFLICT (message_id) DO NOTHING"_s,
                            {plan.conversationId, plan.messageId,
                             replyMessageId ? QVariant(replyMessageId)
                                            : QVariant(QMetaType(QMetaType::LongLong)),
                             plan.outcome, compact(plan.retrieved), compact(plan.citations),
                             plan.retrievalMs, nowMillis()},
                            u"logging the bot's turn"_s);
                !s.isOk())
                return s;
            if (Status s = applyVerification(db, plan); !s.isOk())
                return s;
            ConversationRepository conversations(db, cipher);
            // Verification failed too often: a person takes over.
            const bool lockedOut = plan.verification == Plan::Verification::Failed &&
                                   plan.failures >= assistant::kMaxVerificationFailures;
            // A person was asked for: they own it now, and the bot is silent until handed back.
            if (plan.outcome == u"handoff"_s || lockedOut) {
                if (Status s = execute(db,
                                       u"UPDATE conversations SET handler = 'human', updated_at "
                                       u"= ? WHERE id = ?"_s,
                                       {nowMillis(), plan.conversationId},
                                       u"handing a conversation over"_s);
                    !s.isOk())
                    return s;
                if (Status s =
                        conversations.markWaiting(plan.conversationId,
                                                  lockedOut ? AttentionReason::BotCouldNotAnswer
                                                            : AttentionReason::AskedForHuman,
                                                  nowMillis());
                    !s.isOk())
                    return s;
            } else if (plan.waitForPerson) {
                if (Status s = conversations.markWaiting(
                        plan.conversationId, AttentionReason::BotCouldNotAnswer, nowMillis());
                    !s.isOk())
                    return s;
            } else {
                return Status::ok();
            }
            const Result<std::optional<Conversation>> fresh =
                conversations.find(plan.conversationId);
            if (fresh.isOk() && fresh.value())
                *conversation = json::toJson(*fresh.value());
            return Status::ok();
        },
        [this, plan, conversation](const Status &s) {
            m_busy = false;
            if (!s.isOk()) {
                qCWarning(lcConversations).noquote()
                    << "closing the bot's turn failed:" << s.message();
                return;
            }
            if (!conversation->isEmpty())
                m_events.publish(u"conversation.updated"_s, {{u"conversation"_s, *conversation}});
            Q_EMIT turnDone(plan.messageId, plan.outcome);
            kick(); // the next one, if any
        });
}

} // namespace aiochat
