#pragma once

#include "host/coreservice.h"

#include <QJsonArray>
#include <QObject>
#include <QString>

namespace aiochat {

class ChannelSettings;
class EventBus;
class Outbox;
class Storage;

/**
 * @brief The bot: answers every inbound customer message of a conversation the bot handles.
 *
 * Work comes from `assistant_turns`, written with the message (so nothing is lost in a crash);
 * each inbound "message.created" wakes the service. Turns are taken one at a time in order, so a
 * burst from one chat is answered in order, one answer per message. For each turn, on a reader
 * thread: the conversation's state (a person owns it → silence), the intent (a person asked for →
 * handoff; hello → greeting; else a question), the scope (the shared base; a verified customer's
 * own documents too — never another's), retrieval, and the offline answer quoted from the passages
 * with its sources, or "I don't know" and a person when nothing answers. The reply goes through
 * the outbox with the idempotency key "assistant:<message id>", so a turn redone after a restart
 * sends once; then the turn is closed and the interaction logged in one write. Switched off
 * (Settings → Assistant), turns wait and are answered when it is on again. Core thread.
 */
class AssistantService : public QObject, public CoreService
{
    Q_OBJECT

public:
    AssistantService(Storage &storage, Outbox &outbox, EventBus &events, ChannelSettings &settings,
                     QObject *parent = nullptr);

    [[nodiscard]] QString serviceName() const override { return QStringLiteral("assistant"); }
    [[nodiscard]] Status start() override;
    void stop() override;

    /** @brief What a turn decided, before anything is sent. */
    struct Plan
    {
        qint64 turnId = 0;
        qint64 messageId = 0;
        qint64 conversationId = 0;
        bool silent = false; ///< a person owns the conversation, or it is finished
        QString reply;
        QString outcome; ///< answered, no_answer, handoff, greeting, verification_*, verified
        bool waitForPerson = false; ///< the reply promised a colleague: the conversation waits
        QJsonArray retrieved;
        QJsonArray citations;
        qint64 retrievalMs = 0;

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
        QByteArray sealedPolicy; ///< with RememberPolicy
        int failures = 0;        ///< with Failed: the count after this one
    };

Q_SIGNALS:
    /** @brief A turn is finished (answered, or left silent). */
    void turnDone(qint64 messageId, const QString &outcome);

private:
    void kick();
    void finish(const Plan &plan, qint64 replyMessageId);

    Storage &m_storage;
    Outbox &m_outbox;
    EventBus &m_events;
    ChannelSettings &m_settings;
    bool m_running = false;
    bool m_busy = false;
    bool m_again = false;
};

} // namespace aiochat
