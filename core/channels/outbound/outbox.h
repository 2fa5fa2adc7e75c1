#pragma once

#include "domain/enums.h"
#include "domain/status.h"
#include "host/coreservice.h"
#include "outboundchannel.h"
#include "outboundentry.h"
#include "outboxpolicy.h"
#include "tokenbucket.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>

#include <deque>
#include <map>
#include <set>

class QSqlDatabase;

namespace aiochat {

class EventBus;
class MetricsRegistry;
class PersonalDataCipher;
class Storage;

/** @brief A message someone wants sent (operator reply, bot answer, automation). */
struct SendRequest
{
    qint64 conversationId = 0;
    QString text;
    /** @brief {name, language, parameters[]} for a WhatsApp template; empty for free text. */
    QJsonObject templateSpec;
    QJsonObject replyMarkup; ///< Telegram reply keyboard, e.g. "share my phone number"
    QJsonArray entities;     ///< Telegram formatting as MessageEntity objects (UTF-16 offsets)
    QString idempotencyKey;  ///< a second request with the same key is not sent again
    /** @brief A file to send (the text is its caption); its type is read from the bytes. */
    QByteArray fileData;
    QString fileName;
    SenderKind sender = SenderKind::Operator;
    qint64 operatorId = 0;
    QString senderName;
};

/** @brief What queueing one send request produced, to announce and queue it afterwards. */
struct QueuedMessage
{
    OutboundEntry entry;
    QJsonObject message;
    QJsonObject conversation;
    bool duplicate = false;
    double firstResponseSeconds = -1; ///< set when this is the conversation's first answer
    QByteArray platform;
};

/**
 * @brief The durable outbox and its sender. A send request becomes a message (status queued) and
 * an outbox row in one commit before anything goes on the wire; pending rows are loaded again at
 * start. Per channel, chats are served from an ordered ready-set: one message in flight per chat
 * (order kept, retries included), a token bucket per chat and one per channel, so one slow or
 * failing chat never holds up the others. Lives in the core thread.
 */
class Outbox : public QObject, public CoreService
{
    Q_OBJECT
public:
    /** @brief The message as JSON (what message.send answers), or why it was refused. */
    using Done = std::function<void(const Result<QJsonObject> &)>;

    Outbox(Storage &storage, EventBus &events, MetricsRegistry &metrics, OutboxPolicy policy,
           QObject *parent = nullptr);
    ~Outbox() override;

    void addChannel(OutboundChannel *channel);

    [[nodiscard]] QString serviceName() const override { return QStringLiteral("outbox"); }
    [[nodiscard]] Status start() override;
    void stop() override;

    void send(const SendRequest &request, Done done);
    /**
     * @brief For a caller that queues messages inside its own write (automation jobs, so a job
     * is done exactly when its message is queued): runs on the writer thread; call queued()
     * with @p out after the commit.
     */
    [[nodiscard]] static Status queueIn(QSqlDatabase &db, const PersonalDataCipher &cipher,
                                        const SendRequest &request, int maxAttempts,
                                        QueuedMessage &out);
    [[nodiscard]] int maxAttempts() const { return m_policy.maxAttempts; }
    /** @brief A message just queued in the store: announced, then queued for its chat. */
    void queued(const QueuedMessage &out);
    /** @brief A failed message goes back in the queue with fresh attempts. */
    void retry(qint64 messageId, Done done);
    /** @brief A failed or waiting message is given up: it will not be sent. */
    void discard(qint64 messageId, Done done);

    [[nodiscard]] bool isPaused(Platform platform) const;
    [[nodiscard]] QString pauseReason(Platform platform) const;
    /** @brief Lifts a pause (the credentials were fixed); waiting messages go out. */
    void resume(Platform platform);
    [[nodiscard]] int queued() const { return m_queued; }
    void setPolicy(const OutboxPolicy &policy);

    /**
     * @brief Several instances share the database: this one loads only the rows it owns or that
     * were left by an instance whose lease (@p leaseMs) ran out, claimed with SKIP LOCKED.
     */
    void shareWithOthers(int leaseMs);
    /** @brief Sending pauses while this instance's lease is not known to be valid. */
    void setMayDispatch(bool may);
    /** @brief Claims and sends what instances that stopped renewing their lease left queued. */
    void takeOverLeftovers();
    /** @brief The lease was lost: forgets what waits and loads again only what is still ours. */
    void reloadOwn();

Q_SIGNALS:
    /** @brief Nothing is queued any more (tests and benchmarks wait for it). */
    void drained();
    void channelPaused(aiochat::Platform platform, const QString &reason);

private:
    struct Chat
    {
        std::deque<OutboundEntry> queue;
        TokenBucket bucket;
        bool inFlight = false;
        Millis readyAt = 0;
        bool scheduled = false;
    };
    struct Channel
    {
        OutboundChannel *sender = nullptr;
        TokenBucket global;
        QHash<qint64, Chat> chats; ///< by identity
        std::set<std::pair<Millis, qint64>> ready;
        bool paused = false;
        QString pauseReason;
        int inFlight = 0;
    };

    enum class Load
    {
        Own,       ///< this instance's rows and nobody's (at start, and after a lost lease)
        Leftovers, ///< what instances whose lease ran out left (after a lease's time connected)
    };
    void load(Load what);
    /** @brief Writes a send's outcome for outbox row @p outboxId; retried while the store is away.
     */
    void record(qint64 outboxId, const std::function<Status(QSqlDatabase &)> &work,
                const std::function<void(const Status &)> &then);
    void enqueue(const OutboundEntry &entry);

    void schedule(Channel &channel, qint64 chatKey, Chat &chat);
    void pump();
    void armTimer();
    void dispatch(Channel &channel, qint64 chatKey, Chat &chat);
    void finished(Platform platform, qint64 chatKey, const OutboundEntry &entry,
                  const SendResult &result);
    [[nodiscard]] Millis backoff(int attempt);
    [[nodiscard]] TokenBucket chatBucket(Platform platform, const QString &recipient) const;
    void publishMessage(const QJsonObject &message, const QJsonObject &conversation = {});
    void updateDepth();

    Storage &m_storage;
    EventBus &m_events;
    MetricsRegistry &m_metrics;
    OutboxPolicy m_policy;
    std::map<Platform, Channel> m_channels;
    QTimer m_timer{this};
    QRandomGenerator m_random{QRandomGenerator::securelySeeded()};
    int m_queued = 0;
    bool m_running = false;
    bool m_mayDispatch = true;
    QSet<qint64> m_unrecorded; ///< outbox rows whose send outcome is not stored yet
    int m_sharedLeaseMs = 0;   ///< > 0: other instances share the database
};

} // namespace aiochat
