#pragma once

#include "host/coreservice.h"
#include "knowledge/knowledgedocument.h"
#include "offlineanswerer.h"

#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

namespace aiochat {

class ChannelSettings;
class ChatClient;
class Embedder;
class EmbeddingClient;
class EventBus;
class MetricsRegistry;
class Outbox;
class PersonalDataCipher;
class Storage;
class VectorIndex;

/**
 * @brief The bot: answers every inbound customer message of a conversation the bot handles.
 *
 * Work comes from `assistant_turns`, written with the message (so nothing is lost in a crash);
 * each inbound "message.created" wakes the service. Conversations are served side by side (up to
 * kParallel), each strictly in order: a conversation's next turn starts only when the previous one
 * is closed, so a burst from one chat is answered in order, one answer per message, and a slow
 * model keeps one customer waiting, not all of them.
 *
 * A turn, step by step (the reader pool does the reading, the core thread the talking):
 *  1. decide — the conversation's state (a person owns it → silence), the intent (a person asked
 *     for → handoff; hello → greeting), verification (policy number and date of birth), the scope
 *     (the shared base; a verified customer's own documents too — never another's);
 *  2. the question's vector, when an embedding endpoint is configured (hybrid retrieval);
 *  3. retrieval, and the offline answer quoted from the passages, checked by the guard — the
 *     answer in offline mode; in LLM mode made only when the model fails;
 *  4. in LLM mode, the grounded prompt to the chat model, its reply read for citations and checked
 *     by the guard again; a model that is down, slow or malformed leaves the offline answer, and
 *     the interaction log says why.
 * One write queues the reply in the outbox, closes the turn, applies verification and logs the
 * interaction, so a turn is either wholly done or still pending after a crash (and the reply's
 * idempotency key "assistant:<message id>" guards it once more). Switched off (Settings →
 * Assistant), turns wait. Core thread.
 */
class AssistantService : public QObject, public CoreService
{
    Q_OBJECT

public:
    /** @brief What the bot talks to besides the store: the embedding and chat endpoints. */
    struct Models
    {
        Embedder &embedder;
        EmbeddingClient &embeddings;
        VectorIndex &vectors;
        ChatClient &chat;
    };

    AssistantService(Storage &storage, Outbox &outbox, EventBus &events, ChannelSettings &settings,
                     MetricsRegistry &metrics, Models models, QObject *parent = nullptr);

    [[nodiscard]] QString serviceName() const override { return QStringLiteral("assistant"); }
    [[nodiscard]] Status start() override;
    void stop() override;

    /** @brief Conversations answered at the same time. */
    static constexpr int kParallel = 16;

    /** @brief What a turn decided, before anything is sent. */
    struct Plan
    {
        qint64 turnId = 0;
        qint64 messageId = 0;
        qint64 conversationId = 0;
        bool silent = false; ///< a person owns the conversation, or it is finished
        QString reply;
        QString
            outcome; ///< answered, no_answer, handoff, greeting, declined, blocked, verification_*
        bool waitForPerson = false; ///< the reply promised a colleague: the conversation waits
        QJsonArray retrieved;
        QJsonArray citations;
        qint64 retrievalMs = 0;

        // Filled by decide() when the question is to be answered from the documents.
        bool needsAnswer = false;
        QString question;
        qint64 scope = 0; ///< the verified customer whose documents may be used; 0: shared only
        assistant::Language language = assistant::Language::English;
        QString thanks; ///< "you are verified" before the answer to a remembered question
        QList<KnowledgeHit> hits;
        bool extracted = false; ///< the offline answer is made (in LLM mode only when needed)

        QString mode = QStringLiteral("offline"); ///< offline, llm, offline_fallback
        QString model;
        qint64 llmMs = 0;
        int promptTokens = 0;
        int completionTokens = 0;
        QString note;      ///< why the model was not used, why a reply was blocked
        QString modelText; ///< the model's answer, until the guard has checked it

        /** @brief What verification changes, written when the turn closes. */
        enum class Verification
        {
            None,
            RememberPolicy,   ///< a policy number came alone: kept (sealed) for the date
            RememberQuestion, ///< a personal question waits for verification
            Verified,         ///< policy number and date of birth matched a customer
            Failed            ///< they did not; a failure counts (and may lock)
        } verification = Verification::None;
        qint64 identityId = 0;
        qint64 contactId = 0;    ///< with Verified: the customer proven
        QString verifiedBy;      ///< with Verified: "customer" or "customer+phone"
        QByteArray sealedPolicy; ///< with RememberPolicy
        int failures = 0;        ///< with Failed: the count after this one
    };

Q_SIGNALS:
    /** @brief A turn is finished (answered, or left silent). */
    void turnDone(qint64 messageId, const QString &outcome);

private:
    struct Turn
    {
        qint64 id = 0;
        qint64 messageId = 0;
        qint64 conversationId = 0;
    };

    /** @brief What a reader needs to plan a turn, taken on the core thread. */
    struct Step
    {
        const PersonalDataCipher *cipher = nullptr;
        const VectorIndex *index = nullptr;
        bool vectors = false;    ///< the question will be embedded (hybrid retrieval)
        bool modelFirst = false; ///< the chat model writes the answer
    };

    void kick();
    /** @brief On a reader: decide, and search when no vectors are needed; then planned(). */
    static void planTurn(QSqlDatabase &db, const QPointer<AssistantService> &self,
                         const std::shared_ptr<Plan> &plan, const Step &step);
    void planned(std::shared_ptr<Plan> plan, const Result<Plan> &decided,
                 const std::optional<Status> &search);
    void retrieve(std::shared_ptr<Plan> plan, const QVector<float> &vector);
    void searched(std::shared_ptr<Plan> plan, const Status &status);
    void askModel(std::shared_ptr<Plan> plan);
    /** @brief The offline answer (made now if the model was to write it), then finish(). */
    void answerOffline(std::shared_ptr<Plan> plan);
    void finish(std::shared_ptr<Plan> plan);
    void failed(qint64 conversationId, const QString &what, const Status &status);
    void count(const Plan &plan);

    Storage &m_storage;
    Outbox &m_outbox;
    EventBus &m_events;
    ChannelSettings &m_settings;
    MetricsRegistry &m_metrics;
    Models m_models;
    bool m_running = false;
    bool m_fetching = false;
    bool m_again = false;
    QSet<qint64> m_inFlight; ///< conversations with a turn under way
};

} // namespace aiochat
