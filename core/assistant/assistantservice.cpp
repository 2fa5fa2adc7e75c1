#include "assistantservice.h"

#include "channels/channelsettings.h"
#include "channels/outbound/outbox.h"
#include "contacts/contactmerge.h"
#include "domain/json.h"
#include "events/eventbus.h"
#include "guard.h"
#include "knowledge/embedder.h"
#include "knowledge/retriever.h"
#include "knowledge/vectorindex.h"
#include "llm/chatclient.h"
#include "llm/embeddingclient.h"
#include "logging/logging.h"
#include "metrics/metricsregistry.h"
#include "prompt.h"
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
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

using Plan = AssistantService::Plan;
using PlanPtr = std::shared_ptr<Plan>;

constexpr int kAnswerTokens = 400;
constexpr int kEmbedTimeoutMs = 2000;

QString digitsOf(const QString &s)
{
    QString out;
    for (QChar c : s) {
        if (c.isDigit())
            out += c;
    }
    return out;
}

// The language to answer in when the message does not tell: the customer's, when the CRM has it
// ("language" attribute: "id", "Indonesian", "Bahasa Indonesia").
assistant::Language contactLanguage(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                    qint64 contactId)
{
    if (!contactId)
        return assistant::Language::English;
    const Result<std::optional<Contact>> c = ContactRepository(db, cipher).find(contactId);
    if (!c.isOk() || !c.value())
        return assistant::Language::English;
    const QString l = c.value()->attributes.value(u"language"_s).toString().trimmed().toLower();
    return l == u"id"_s || l.startsWith(u"indones"_s) || l.startsWith(u"bahasa"_s)
               ? assistant::Language::Indonesian
               : assistant::Language::English;
}

// "customer+phone" when the chat's own phone is the customer's: a WhatsApp wa_id, or a Telegram
// contact the user shared about themselves.
QString verifiedBy(QSqlDatabase &db, const PersonalDataCipher &cipher, const ContactIdentity &who,
                   const Contact &customer)
{
    const QString phone = digitsOf(customer.phone);
    if (phone.isEmpty())
        return u"customer"_s;
    QString chatPhone;
    if (who.platform == Platform::WhatsApp) {
        chatPhone = digitsOf(who.platformUserId);
    } else {
        const Result<QString> shared = IdentityRepository(db, cipher).phoneEvidence(who.id);
        if (shared.isOk())
            chatPhone = digitsOf(shared.value());
    }
    return !chatPhone.isEmpty() && chatPhone == phone ? u"customer+phone"_s : u"customer"_s;
}

// Step 1, on a reader: what the bot will do about a turn, up to retrieval (nothing is written).
Result<Plan> decide(QSqlDatabase &db, const PersonalDataCipher &cipher, Plan plan)
{
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
        return plan;
    }
    const QString text = message.value()->text;
    plan.identityId = conversation.value()->identityId;
    const Result<std::optional<ContactIdentity>> identity =
        IdentityRepository(db, cipher).find(plan.identityId);
    if (!identity.isOk())
        return identity.status();
    // The customer's record is read (and opened) only when the message itself does not tell.
    assistant::Language language = assistant::detectLanguage(text, assistant::Language::English);
    if (language != assistant::detectLanguage(text, assistant::Language::Indonesian))
        language = contactLanguage(db, cipher, identity.value() ? identity.value()->contactId : 0);
    plan.language = language;

    switch (assistant::classify(text)) {
    case assistant::Intent::Handoff:
        plan.reply = assistant::handoff(language);
        plan.outcome = u"handoff"_s;
        return plan;
    case assistant::Intent::Greeting:
        plan.reply = assistant::greeting(language);
        plan.outcome = u"greeting"_s;
        return plan;
    case assistant::Intent::Question:
        break;
    }

    // Scope, decided here and nowhere else: the shared base, plus the customer's own documents
    // only while this chat identity is verified as that customer.
    qint64 scope = 0;
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
            return plan;
        }
        if (claiming && !claims.dates.isEmpty() && !policy.isEmpty()) {
            // Look the policy up by its blind index and compare the date; the answer never says
            // which of the two did not match.
            const Result<QList<Contact>> holders =
                ContactRepository(db, cipher).findBy(PersonalField::PolicyNumber, policy);
            if (!holders.isOk())
                return holders.status();
            const Contact *match = nullptr;
            for (const Contact &c : holders.value()) {
                for (const QDate &d : claims.dates) {
                    if (c.dateOfBirth.isValid() && c.dateOfBirth == d)
                        match = &c;
                }
            }
            if (!match) {
                plan.verification = Plan::Verification::Failed;
                plan.failures = failures + 1;
                plan.reply = plan.failures >= assistant::kMaxVerificationFailures
                                 ? assistant::verificationLocked(language)
                                 : assistant::verificationFailed(language);
                plan.outcome = u"verification_failed"_s;
                return plan;
            }
            plan.verification = Plan::Verification::Verified;
            plan.contactId = match->id;
            plan.verifiedBy = identity.value() ? verifiedBy(db, cipher, *identity.value(), *match)
                                               : u"customer"_s;
            scope = match->id;
            plan.outcome = u"verified"_s;
            // The question asked before, answered now; or only the thanks.
            if (pendingQuestion) {
                const Result<std::optional<Message>> asked =
                    MessageRepository(db, cipher).find(pendingQuestion);
                if (asked.isOk() && asked.value())
                    question = asked.value()->text;
                plan.thanks = assistant::verified(language) + u"\n\n"_s;
            } else {
                plan.reply = assistant::verified(language);
                return plan;
            }
        } else if (claiming && claims.dates.isEmpty()) {
            plan.verification = Plan::Verification::RememberPolicy;
            plan.sealedPolicy = cipher.seal(PersonalField::PolicyNumber, policy);
            plan.reply = assistant::askForDateOfBirth(language);
            plan.outcome = u"verification_requested"_s;
            return plan;
        } else if (claiming) {
            plan.reply = assistant::askForPolicyNumber(language);
            plan.outcome = u"verification_requested"_s;
            return plan;
        } else if (assistant::isPersonalQuestion(text)) {
            // Nothing personal before the chat is proven: ask, and remember the question.
            plan.verification = Plan::Verification::RememberQuestion;
            plan.reply = assistant::askToVerify(language);
            plan.outcome = u"verification_requested"_s;
            return plan;
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
            return plan;
        }
    }
    plan.needsAnswer = true;
    plan.question = question;
    plan.scope = scope;
    return plan;
}

// The safe answer when nothing can be said: "I don't know", and a colleague takes it.
void dontKnow(Plan &plan, const QString &outcome)
{
    plan.reply = plan.thanks + assistant::dontKnow(plan.language);
    plan.waitForPerson = true;
    if (plan.verification != Plan::Verification::Verified || outcome == u"blocked"_s)
        plan.outcome = outcome;
}

Status extractAnswer(QSqlDatabase &db, const PersonalDataCipher &cipher, Plan &plan);

// Step 3, on a reader: retrieval within the scope, then the offline answer, checked — unless
// the model will write the answer (@p modelFirst): then only if the model fails.
Status retrieveAndExtract(QSqlDatabase &db, const PersonalDataCipher &cipher, Plan &plan,
                          const QVector<float> &vector, const VectorIndex *index, bool modelFirst)
{
    QElapsedTimer timer;
    timer.start();
    const Result<QList<KnowledgeHit>> hits =
        Retriever(db, cipher)
            .retrieve(plan.question, plan.scope, 5, vector, vector.isEmpty() ? nullptr : index);
    plan.retrievalMs = timer.elapsed();
    if (!hits.isOk())
        return hits.status();
    plan.hits = hits.value();
    for (const KnowledgeHit &h : plan.hits)
        plan.retrieved.append(QJsonObject{{u"documentId"_s, h.documentId},
                                          {u"fileName"_s, h.fileName},
                                          {u"chunkId"_s, h.chunkId},
                                          {u"score"_s, h.score}});
    if (modelFirst && !plan.hits.isEmpty())
        return Status::ok();
    return extractAnswer(db, cipher, plan);
}

// The offline answer: the best sentences of the passages retrieved, checked by the guard.
Status extractAnswer(QSqlDatabase &db, const PersonalDataCipher &cipher, Plan &plan)
{
    plan.extracted = true;
    const assistant::Extract answer = assistant::extractiveAnswer(plan.question, plan.hits);
    if (!answer.confident) {
        dontKnow(plan, u"no_answer"_s);
        return Status::ok();
    }
    // The last check before anything leaves: no other customer's policy number, phone or e-mail
    // in the reply, whatever the documents held. A blocked reply is replaced and flagged.
    const Result<QSet<qint64>> leaked =
        assistant::othersNamedIn(db, cipher, answer.text, plan.scope);
    if (!leaked.isOk())
        return leaked.status();
    if (!leaked->isEmpty()) {
        dontKnow(plan, u"blocked"_s);
        plan.note = u"the quoted passage named another customer's details"_s;
        return Status::ok();
    }
    // Only what was retrieved is cited: the sources are the passages quoted.
    plan.reply = plan.thanks + answer.text + u"\n\n"_s +
                 assistant::sourcesLine(plan.hits, answer.used, plan.language);
    if (plan.verification != Plan::Verification::Verified)
        plan.outcome = u"answered"_s;
    for (int i : answer.used) {
        const KnowledgeHit &h = plan.hits.at(i);
        plan.citations.append(QJsonObject{{u"documentId"_s, h.documentId},
                                          {u"fileName"_s, h.fileName},
                                          {u"page"_s, h.page},
                                          {u"chunkId"_s, h.chunkId}});
    }
    return Status::ok();
}

// Step 4b, on the core thread: the model's reply read for its answer and citations. When the
// model found no answer the bot says it does not know; the reply is checked for other customers'
// details by guardModelReply() in the write that queues it.
void takeModelReply(Plan &plan, const QString &reply)
{
    const assistant::ModelReply read = assistant::readModelReply(reply, int(plan.hits.size()));
    plan.citations = QJsonArray();
    if (read.noAnswer) {
        dontKnow(plan, u"no_answer"_s);
        return;
    }
    QList<int> cited = read.cited;
    if (cited.isEmpty()) {
        for (int i = 0; i < plan.hits.size(); ++i)
            cited.append(i);
    }
    plan.modelText = read.text;
    plan.reply = plan.thanks + read.text + u"\n\n"_s +
                 assistant::sourcesLine(plan.hits, cited, plan.language);
    if (plan.verification != Plan::Verification::Verified)
        plan.outcome = u"answered"_s;
    plan.waitForPerson = false;
    for (int i : cited) {
        const KnowledgeHit &h = plan.hits.at(i);
        plan.citations.append(QJsonObject{{u"documentId"_s, h.documentId},
                                          {u"fileName"_s, h.fileName},
                                          {u"page"_s, h.page},
                                          {u"chunkId"_s, h.chunkId}});
    }
}

// The last check before the model's words leave, in the write that queues them: a reply naming
// another customer's policy number, phone or e-mail is replaced by "I don't know" and flagged.
Status guardModelReply(QSqlDatabase &db, const PersonalDataCipher &cipher, Plan &plan)
{
    if (plan.modelText.isEmpty())
        return Status::ok();
    const Result<QSet<qint64>> leaked =
        assistant::othersNamedIn(db, cipher, plan.modelText, plan.scope);
    if (!leaked.isOk())
        return leaked.status();
    plan.modelText.clear();
    if (leaked->isEmpty())
        return Status::ok();
    qCWarning(lcConversations) << "the model's reply named another customer's details and"
                               << "was blocked (conversation" << plan.conversationId << ")";
    plan.citations = QJsonArray();
    dontKnow(plan, u"blocked"_s);
    plan.note = u"the model's reply named another customer's details"_s;
    return Status::ok();
}

// What a turn's verification changes on the chat identity (and its conversation and customer).
Status applyVerification(QSqlDatabase &db, const PersonalDataCipher &cipher, const Plan &plan)
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
    case Plan::Verification::Verified: {
        // The sender was created as a new customer when they first wrote; now they proved to
        // be a known one, that placeholder is merged into them. A different real customer
        // (one with a policy number of their own) is never merged: the chat is only relinked.
        const Result<std::optional<ContactIdentity>> who =
            IdentityRepository(db, cipher).find(plan.identityId);
        if (!who.isOk())
            return who.status();
        const qint64 before = who.value() ? who.value()->contactId : 0;
        if (before && before != plan.contactId) {
            ContactRepository contacts(db, cipher);
            const Result<std::optional<Contact>> from = contacts.find(before);
            const Result<std::optional<Contact>> into = contacts.find(plan.contactId);
            if (!from.isOk())
                return from.status();
            if (!into.isOk())
                return into.status();
            if (from.value() && into.value() && from.value()->policyNumber.isEmpty()) {
                if (Status s = mergeContacts(db, contacts, *into.value(), *from.value()); !s.isOk())
                    return s;
            }
        }
        if (Status s = execute(
                db,
                u"UPDATE contact_identities SET contact_id = ?, verified_at = ?, "
                u"verification_expires_at = ?, verified_by = ?, verify_failures = 0, "
                u"verify_locked_until = 0, verify_pending_message = NULL, verify_policy_enc = "
                u"NULL WHERE id = ?"_s,
                {plan.contactId, now, now + assistant::kVerificationValidMs, plan.verifiedBy,
                 plan.identityId},
                u"verifying a chat"_s);
            !s.isOk())
            return s;
        return execute(db,
                       u"UPDATE conversations SET contact_id = ?, updated_at = ? WHERE id = ?"_s,
                       {plan.contactId, now, plan.conversationId},
                       u"linking the conversation to its customer"_s);
    }
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
                                   ChannelSettings &settings, MetricsRegistry &metrics,
                                   Models models, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_outbox(outbox)
    , m_events(events)
    , m_settings(settings)
    , m_metrics(metrics)
    , m_models(models)
{
    m_metrics.describe("aiochat_assistant_turns_total", MetricsRegistry::Type::Counter,
                       "Customer messages the bot handled, by outcome (answered, no_answer, "
                       "handoff, greeting, declined, blocked, verification_*).");
    m_metrics.describe("aiochat_assistant_verifications_total", MetricsRegistry::Type::Counter,
                       "Verification attempts by chats, by result (verified, failed, locked).");
    m_metrics.describe("aiochat_assistant_llm_requests_total", MetricsRegistry::Type::Counter,
                       "Chat-completion requests, by result (ok, error).");
    m_metrics.describe("aiochat_assistant_llm_seconds", MetricsRegistry::Type::Histogram,
                       "Time the chat model took per answer, retries included.",
                       {0.25, 0.5, 1, 2, 4, 8, 16, 32, 64});
    m_metrics.describe("aiochat_assistant_llm_tokens_total", MetricsRegistry::Type::Counter,
                       "Tokens the chat model reported, by kind (prompt, completion).");
    m_metrics.describe("aiochat_assistant_retrieval_seconds", MetricsRegistry::Type::Histogram,
                       "Time retrieval took per question.",
                       {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25});

    auto configure = [this] {
        const LlmConfig &llm = m_settings.llm();
        m_models.chat.configure(llm.baseUrl, llm.apiKey, llm.chatModel);
    };
    configure();
    connect(&m_settings, &ChannelSettings::changed, this, [this, configure] {
        configure();
        kick();
    });
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
    const int free = kParallel - int(m_inFlight.size());
    if (m_fetching || free <= 0) {
        m_again = true;
        return;
    }
    m_fetching = true;
    m_again = false;
    // The oldest pending turn of each conversation that has none under way.
    QStringList busy;
    for (qint64 id : std::as_const(m_inFlight))
        busy.append(QString::number(id));
    const QString sql =
        u"SELECT t.id, t.message_id, t.conversation_id FROM assistant_turns t WHERE t.state = "
        u"'pending' AND NOT EXISTS (SELECT 1 FROM assistant_turns o WHERE o.conversation_id = "
        u"t.conversation_id AND o.state = 'pending' AND o.id < t.id)"_s +
        (busy.isEmpty() ? QString()
                        : u" AND t.conversation_id NOT IN ("_s + busy.join(u',') + u')') +
        u" ORDER BY t.id LIMIT "_s + QString::number(free);
    QPointer<AssistantService> self(this);
    DbReaderPool *readers = &m_storage.readers();
    const Step step{&m_storage.cipher(), &m_models.vectors, m_models.embedder.ready(),
                    m_models.chat.isConfigured()};
    readers->submit([self, sql, readers, step](QSqlDatabase &db) {
        QList<Turn> turns;
        QSqlQuery q(db);
        const bool ok = q.exec(sql);
        while (ok && q.next())
            turns.append(
                {q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong()});
        q.finish();
        const QString error = ok ? QString() : q.lastError().text();
        // Posted before the turns' own work starts, so the core thread has them in flight before
        // any of their results arrive (events to one thread keep their order).
        QMetaObject::invokeMethod(
            self,
            [self, turns, error] {
                if (!self)
                    return;
                self->m_fetching = false;
                if (!error.isEmpty()) {
                    qCWarning(lcConversations).noquote()
                        << "the bot could not read its turns:" << error;
                    return;
                }
                for (const Turn &t : turns)
                    self->m_inFlight.insert(t.conversationId);
                if (self->m_again)
                    self->kick();
            },
            Qt::QueuedConnection);
        // Each turn is planned on a reader straight away, the first one on this very thread:
        // no trip through the core thread between "there is a turn" and its search.
        for (qsizetype i = 0; i < turns.size(); ++i) {
            auto plan = std::make_shared<Plan>();
            plan->turnId = turns.at(i).id;
            plan->messageId = turns.at(i).messageId;
            plan->conversationId = turns.at(i).conversationId;
            if (i == 0)
                planTurn(db, self, plan, step);
            else
                readers->submit(
                    [self, plan, step](QSqlDatabase &other) { planTurn(other, self, plan, step); });
        }
    });
}

void AssistantService::failed(qint64 conversationId, const QString &what, const Status &status)
{
    // The turn stays pending and is tried again on the next wake-up (a new message, a restart).
    qCWarning(lcConversations).noquote() << what << status.message();
    m_inFlight.remove(conversationId);
}

void AssistantService::planTurn(QSqlDatabase &db, const QPointer<AssistantService> &self,
                                const PlanPtr &plan, const Step &step)
{
    auto decided = std::make_shared<Result<Plan>>(decide(db, *step.cipher, *plan));
    // Without vectors the search needs nothing from the core thread: it runs here too.
    std::optional<Status> searched;
    if (!step.vectors && decided->isOk() && !decided->value().silent &&
        decided->value().needsAnswer)
        searched =
            retrieveAndExtract(db, *step.cipher, decided->value(), {}, step.index, step.modelFirst);
    QMetaObject::invokeMethod(
        self,
        [self, plan, decided, searched] {
            if (self)
                self->planned(plan, *decided, searched);
        },
        Qt::QueuedConnection);
}

void AssistantService::planned(PlanPtr plan, const Result<Plan> &decided,
                               const std::optional<Status> &search)
{
    if (!decided.isOk()) {
        failed(plan->conversationId, u"the bot could not plan a turn:"_s, decided.status());
        return;
    }
    *plan = decided.value();
    if (plan->silent || !plan->needsAnswer) {
        finish(plan);
        return;
    }
    if (search) {
        searched(plan, *search);
        return;
    }
    // Hybrid retrieval when the question can be embedded; keywords alone otherwise (an embedding
    // endpoint that fails costs the vectors, not the answer).
    if (!m_models.embedder.ready()) {
        retrieve(plan, {});
        return;
    }
    const int timeout = std::min(kEmbedTimeoutMs, m_settings.llm().timeoutMs);
    QPointer<AssistantService> self(this);
    m_models.embeddings.embed(
        {plan->question}, timeout, [self, plan](const Result<EmbeddingClient::Vectors> &vectors) {
            if (!self)
                return;
            if (!vectors.isOk())
                plan->note = u"the question was not embedded: "_s + vectors.status().message();
            self->retrieve(plan, vectors.isOk() && !vectors->isEmpty() ? vectors->first()
                                                                       : QVector<float>());
        });
}

void AssistantService::retrieve(PlanPtr plan, const QVector<float> &vector)
{
    const PersonalDataCipher &cipher = m_storage.cipher();
    const VectorIndex *index = &m_models.vectors;
    const bool modelFirst = m_models.chat.isConfigured();
    QPointer<AssistantService> self(this);
    m_storage.readers().submit([self, plan, vector, index, modelFirst, &cipher](QSqlDatabase &db) {
        auto status = std::make_shared<Status>(
            retrieveAndExtract(db, cipher, *plan, vector, index, modelFirst));
        QMetaObject::invokeMethod(
            self,
            [self, plan, status] {
                if (self)
                    self->searched(plan, *status);
            },
            Qt::QueuedConnection);
    });
}

void AssistantService::searched(PlanPtr plan, const Status &status)
{
    if (!status.isOk()) {
        failed(plan->conversationId, u"the bot could not search:"_s, status);
        return;
    }
    m_metrics.observe("aiochat_assistant_retrieval_seconds", {},
                      double(plan->retrievalMs) / 1000.0);
    // The model only writes from passages; with none, "I don't know" stands.
    if (m_models.chat.isConfigured() && !plan->hits.isEmpty())
        askModel(plan);
    else
        answerOffline(plan);
}

void AssistantService::answerOffline(PlanPtr plan)
{
    if (plan->extracted) {
        finish(plan);
        return;
    }
    const PersonalDataCipher &cipher = m_storage.cipher();
    QPointer<AssistantService> self(this);
    m_storage.readers().submit([self, plan, &cipher](QSqlDatabase &db) {
        auto status = std::make_shared<Status>(extractAnswer(db, cipher, *plan));
        QMetaObject::invokeMethod(
            self,
            [self, plan, status] {
                if (!self)
                    return;
                if (!status->isOk()) {
                    self->failed(plan->conversationId, u"the bot could not answer offline:"_s,
                                 *status);
                    return;
                }
                self->finish(plan);
            },
            Qt::QueuedConnection);
    });
}

void AssistantService::askModel(PlanPtr plan)
{
    const QList<ChatMessage> prompt =
        assistant::groundedPrompt(plan->question, plan->hits, plan->language);
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    QPointer<AssistantService> self(this);
    m_models.chat.complete(
        prompt, kAnswerTokens, m_settings.llm().timeoutMs,
        [self, plan, timer](const Result<ChatAnswer> &answer) {
            if (!self)
                return;
            plan->llmMs = timer->elapsed();
            plan->model = self->m_models.chat.model();
            self->m_metrics.observe("aiochat_assistant_llm_seconds", {},
                                    double(plan->llmMs) / 1000.0);
            if (!answer.isOk()) {
                // The customer still gets the offline answer; the log says why.
                self->m_metrics.increment("aiochat_assistant_llm_requests_total",
                                          MetricsRegistry::label("result", "error"));
                plan->mode = u"offline_fallback"_s;
                plan->note = answer.status().message();
                qCWarning(lcConversations).noquote()
                    << "the chat model failed, answering offline:" << answer.status().message();
                self->answerOffline(plan);
                return;
            }
            self->m_metrics.increment("aiochat_assistant_llm_requests_total",
                                      MetricsRegistry::label("result", "ok"));
            self->m_metrics.increment("aiochat_assistant_llm_tokens_total",
                                      MetricsRegistry::label("kind", "prompt"),
                                      answer->promptTokens);
            self->m_metrics.increment("aiochat_assistant_llm_tokens_total",
                                      MetricsRegistry::label("kind", "completion"),
                                      answer->completionTokens);
            plan->mode = u"llm"_s;
            if (!answer->model.isEmpty())
                plan->model = answer->model;
            plan->promptTokens = answer->promptTokens;
            plan->completionTokens = answer->completionTokens;
            takeModelReply(*plan, answer->text);
            self->finish(plan);
        });
}

void AssistantService::count(const Plan &plan)
{
    m_metrics.increment("aiochat_assistant_turns_total",
                        MetricsRegistry::label("outcome", plan.outcome.toUtf8()));
    const char *verification = nullptr;
    if (plan.verification == Plan::Verification::Verified)
        verification = "verified";
    else if (plan.verification == Plan::Verification::Failed)
        verification = plan.failures >= assistant::kMaxVerificationFailures ? "locked" : "failed";
    if (verification)
        m_metrics.increment("aiochat_assistant_verifications_total",
                            MetricsRegistry::label("result", verification));
}

void AssistantService::finish(PlanPtr plan)
{
    auto conversation = std::make_shared<QJsonObject>();
    auto reply = std::make_shared<QueuedMessage>();
    const PersonalDataCipher &cipher = m_storage.cipher();
    const int maxAttempts = m_outbox.maxAttempts();
    // One write: the reply queued, the turn closed and logged, verification applied. A crash
    // before the commit leaves the turn pending and nothing queued; after it, both are done.
    m_storage.writer().submit(
        this,
        [plan, reply, conversation, &cipher, maxAttempts](QSqlDatabase &db) -> Status {
            qint64 replyMessageId = 0;
            if (Status s = guardModelReply(db, cipher, *plan); !s.isOk())
                return s;
            if (!plan->silent) {
                SendRequest request;
                request.conversationId = plan->conversationId;
                request.text = plan->reply;
                request.sender = SenderKind::Bot;
                request.senderName = u"Bot"_s;
                // Kept from when the reply was queued apart from the turn: a turn redone finds
                // its answer queued already.
                request.idempotencyKey = u"assistant:"_s + QString::number(plan->messageId);
                Status refused;
                if (Status s = attempt(
                        db, u"assistant_reply"_s,
                        [&] { return Outbox::queueIn(db, cipher, request, maxAttempts, *reply); },
                        refused);
                    !s.isOk())
                    return s;
                if (refused.code() == Status::Code::Unavailable ||
                    refused.code() == Status::Code::Internal)
                    return refused; // the store's trouble: the turn stays pending
                if (!refused.isOk()) {
                    // Refused for good (the conversation is gone, WhatsApp's window closed): the
                    // turn closes without a reply, and its log says why.
                    qCWarning(lcConversations).noquote()
                        << "the bot's answer was not queued:" << refused.message();
                    plan->note = plan->note.isEmpty() ? refused.message()
                                                      : plan->note + u"; "_s + refused.message();
                    *reply = QueuedMessage();
                } else {
                    replyMessageId = reply->message.value(u"id"_s).toInteger();
                }
            }
            if (Status s = execute(db,
                                   u"UPDATE assistant_turns SET state = 'done', updated_at = ? "
                                   u"WHERE id = ?"_s,
                                   {nowMillis(), plan->turnId}, u"closing the bot's turn"_s);
                !s.isOk())
                return s;
            if (plan->silent)
                return Status::ok();
            if (Status s = execute(
                    db,
                    u"INSERT INTO assistant_interactions (conversation_id, message_id, "
                    u"reply_message_id, outcome, mode, model, retrieved, citations, "
                    u"retrieval_ms, llm_ms, prompt_tokens, completion_tokens, note, created_at) "
                    u"VALUES (?, ?, ?, ?, ?, COALESCE(?, ''), ?, ?, ?, ?, ?, ?, COALESCE(?, ''), "
                    u"?) "
                    u"ON CONFLICT (message_id) DO NOTHING"_s,
                    {plan->conversationId, plan->messageId,
                     replyMessageId ? QVariant(replyMessageId)
                                    : QVariant(QMetaType(QMetaType::LongLong)),
                     plan->outcome, plan->mode, plan->model, compact(plan->retrieved),
                     compact(plan->citations), plan->retrievalMs, plan->llmMs, plan->promptTokens,
                     plan->completionTokens, plan->note, nowMillis()},
                    u"logging the bot's turn"_s);
                !s.isOk())
                return s;
            if (Status s = applyVerification(db, cipher, *plan); !s.isOk())
                return s;
            ConversationRepository conversations(db, cipher);
            // Verification failed too often: a person takes over.
            const bool lockedOut = plan->verification == Plan::Verification::Failed &&
                                   plan->failures >= assistant::kMaxVerificationFailures;
            // A person was asked for: they own it now, and the bot is silent until handed back.
            if (plan->outcome == u"handoff"_s || lockedOut) {
                if (Status s = execute(db,
                                       u"UPDATE conversations SET handler = 'human', updated_at "
                                       u"= ? WHERE id = ?"_s,
                                       {nowMillis(), plan->conversationId},
                                       u"handing a conversation over"_s);
                    !s.isOk())
                    return s;
                if (Status s =
                        conversations.markWaiting(plan->conversationId,
                                                  lockedOut ? AttentionReason::BotCouldNotAnswer
                                                            : AttentionReason::AskedForHuman,
                                                  nowMillis());
                    !s.isOk())
                    return s;
            } else if (plan->waitForPerson) {
                if (Status s = conversations.markWaiting(
                        plan->conversationId, AttentionReason::BotCouldNotAnswer, nowMillis());
                    !s.isOk())
                    return s;
            } else if (plan->verification != Plan::Verification::Verified) {
                return Status::ok();
            }
            const Result<std::optional<Conversation>> fresh =
                conversations.find(plan->conversationId);
            if (fresh.isOk() && fresh.value())
                *conversation = json::toJson(*fresh.value());
            return Status::ok();
        },
        [this, plan, reply, conversation](const Status &s) {
            m_inFlight.remove(plan->conversationId);
            if (!s.isOk()) {
                qCWarning(lcConversations).noquote()
                    << "closing the bot's turn failed:" << s.message();
                return;
            }
            if (!reply->message.isEmpty())
                m_outbox.queued(*reply);
            if (!plan->silent)
                count(*plan);
            if (!conversation->isEmpty())
                m_events.publish(u"conversation.updated"_s, {{u"conversation"_s, *conversation}});
            if (plan->verification == Plan::Verification::Verified)
                m_events.publish(u"contact.verified"_s,
                                 {{u"contactId"_s, plan->contactId},
                                  {u"identityId"_s, plan->identityId},
                                  {u"conversationId"_s, plan->conversationId},
                                  {u"by"_s, u"customer"_s}});
            Q_EMIT turnDone(plan->messageId, plan->outcome);
            kick(); // the next one, if any
        });
}

} // namespace aiochat
