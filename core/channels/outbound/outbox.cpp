#include "outbox.h"

#include "outboundfiles.h"
#include "outboxrecords.h"

#include "channels/whatsapp/whatsappsender.h"
#include "cluster/clustersql.h"
#include "domain/json.h"
#include "events/eventbus.h"
#include "logging/logging.h"
#include "metrics/metricsregistry.h"
#include "security/personaldatacipher.h"
#include "storage/connection.h"
#include "storage/conversationrepository.h"
#include "storage/identityrepository.h"
#include "storage/messagerepository.h"
#include "storage/statement.h"
#include "storage/storage.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

// Seconds: from instant bot answers to next-day replies.
const QList<double> kDurationBuckets{5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 72 * 3600};

namespace {

QString templatePreview(const QJsonObject &spec, const QString &body)
{
    QString text = body.isEmpty() ? u"["_s + spec.value(u"name"_s).toString() + u']' : body;
    const QJsonArray params = spec.value(u"parameters"_s).toArray();
    for (qsizetype i = 0; i < params.size(); ++i)
        text.replace(u"{{"_s + QString::number(i + 1) + u"}}"_s, params.at(i).toString());
    return text;
}

} // namespace

Outbox::Outbox(Storage &storage, EventBus &events, MetricsRegistry &metrics, OutboxPolicy policy,
               QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_events(events)
    , m_metrics(metrics)
    , m_policy(policy)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Outbox::pump);
    m_metrics.describe("aiochat_outbox_depth", MetricsRegistry::Type::Gauge,
                       "Messages waiting in the outbox.");
    m_metrics.describe(
        "aiochat_outbound_messages_total", MetricsRegistry::Type::Counter,
        "Send attempts by platform and outcome (sent, retry, failed, channel_down).");
    m_metrics.describe("aiochat_first_response_seconds", MetricsRegistry::Type::Histogram,
                       "Time from a conversation's start to its first answer (bot or operator).",
                       kDurationBuckets);
}

Outbox::~Outbox() = default;

void Outbox::addChannel(OutboundChannel *sender)
{
    Channel &c = m_channels[sender->platform()];
    c.sender = sender;
    setPolicy(m_policy);
}

void Outbox::setPolicy(const OutboxPolicy &policy)
{
    m_policy = policy;
    for (auto &[platform, channel] : m_channels) {
        channel.global =
            platform == Platform::Telegram
                ? TokenBucket(policy.telegramGlobalRate, std::max(1.0, policy.telegramGlobalBurst))
                : (platform == Platform::WhatsApp
                       ? TokenBucket(policy.whatsAppGlobalRate,
                                     std::max(1.0, policy.whatsAppGlobalRate))
                       : TokenBucket());
    }
}

TokenBucket Outbox::chatBucket(Platform platform, const QString &recipient) const
{
    // Telegram group chats (negative ids) allow 20 messages a minute.
    if (platform == Platform::Telegram && recipient.startsWith(u'-') &&
        m_policy.telegramPerChatRate > 0)
        return TokenBucket(20.0 / 60.0, 3.0);
    if (platform == Platform::Telegram)
        return TokenBucket(m_policy.telegramPerChatRate,
                           std::max(1.0, m_policy.telegramPerChatBurst));
    if (platform == Platform::WhatsApp)
        return TokenBucket(m_policy.whatsAppPerRecipientRate,
                           std::max(1.0, m_policy.whatsAppPerRecipientBurst));
    return TokenBucket();
}

Status Outbox::start()
{
    m_running = true;
    // What an earlier run accepted but did not send goes out now (before anything new).
    load(Load::Own);
    return Status::ok();
}

void Outbox::shareWithOthers(int leaseMs)
{
    m_sharedLeaseMs = leaseMs;
}

void Outbox::setMayDispatch(bool may)
{
    if (may == m_mayDispatch)
        return;
    m_mayDispatch = may;
    if (may)
        pump();
    else
        m_timer.stop();
}

void Outbox::takeOverLeftovers()
{
    if (m_running && m_sharedLeaseMs > 0)
        load(Load::Leftovers);
}

void Outbox::reloadOwn()
{
    if (!m_running || m_sharedLeaseMs <= 0)
        return;
    // Others may have taken over what waited here: only the rows still ours are sent. A send on
    // the wire finishes as it would have.
    for (auto &[platform, channel] : m_channels) {
        for (auto it = channel.chats.begin(); it != channel.chats.end(); ++it) {
            Chat &chat = it.value();
            const std::size_t keep = chat.inFlight && !chat.queue.empty() ? 1 : 0;
            m_queued -= int(chat.queue.size() - keep);
            chat.queue.resize(keep);
            if (chat.scheduled)
                channel.ready.erase({chat.readyAt, it.key()});
            chat.scheduled = false;
        }
    }
    updateDepth();
    load(Load::Own);
}

void Outbox::record(qint64 outboxId, const std::function<Status(QSqlDatabase &)> &work,
                    const std::function<void(const Status &)> &then)
{
    // What happened on the wire must reach the store: while the database is away (a server
    // restart) the write is tried again every quarter second. Until then the row still reads as
    // pending, so a reload here must not queue it again.
    m_unrecorded.insert(outboxId);
    m_storage.writer().submit(this, work, [this, outboxId, work, then](const Status &s) {
        if (s.code() == Status::Code::Unavailable && m_running) {
            qCWarning(lcOutbox).noquote()
                << "recording a send result failed; trying again:" << s.message();
            QTimer::singleShot(250, this,
                               [this, outboxId, work, then] { record(outboxId, work, then); });
            return;
        }
        m_unrecorded.remove(outboxId);
        then(s);
    });
}

void Outbox::load(Load what)
{
    auto entries = std::make_shared<QList<OutboundEntry>>();
    const PersonalDataCipher &cipher = m_storage.cipher();
    const int leaseMs = m_sharedLeaseMs;
    m_storage.writer().submit(
        this,
        [entries, &cipher, what, leaseMs](QSqlDatabase &db) {
            if (!isPostgres(db) || leaseMs <= 0) {
                Result<QList<OutboundEntry>> loaded =
                    outboxrecords::loadEntries(db, cipher, u"WHERE o.state = 'pending'"_s, {});
                if (!loaded.isOk())
                    return loaded.status();
                *entries = std::move(loaded).value();
                return Status::ok();
            }
            Result<QList<OutboundEntry>> claimed =
                outboxrecords::claimEntries(db, cipher, what == Load::Own, leaseMs);
            if (!claimed.isOk())
                return claimed.status();
            *entries = std::move(claimed).value();
            return Status::ok();
        },
        [this, entries, what](const Status &s) {
            if (!s.isOk()) {
                qCWarning(lcOutbox) << "cannot load the outbox:" << s.message();
                return;
            }
            // Judged now, not when the load was asked for: a message queued, sent or being
            // recorded since then was read as pending too, and must not go out twice.
            QSet<qint64> known = m_unrecorded;
            for (auto &[platform, channel] : m_channels) {
                for (const Chat &chat : std::as_const(channel.chats)) {
                    for (const OutboundEntry &queued : chat.queue)
                        known.insert(queued.id);
                }
            }
            if (!entries->isEmpty())
                qCInfo(lcOutbox).noquote()
                    << (what == Load::Leftovers ? "taking over" : "resuming") << entries->size()
                    << (what == Load::Leftovers ? "message(s) another instance left"
                                                : "queued message(s)");
            for (const OutboundEntry &e : std::as_const(*entries)) {
                if (!known.contains(e.id))
                    enqueue(e);
            }
        });
}

void Outbox::stop()
{
    m_running = false;
    m_timer.stop();
}

bool Outbox::isPaused(Platform platform) const
{
    const auto it = m_channels.find(platform);
    return it != m_channels.end() && it->second.paused;
}

QString Outbox::pauseReason(Platform platform) const
{
    const auto it = m_channels.find(platform);
    return it != m_channels.end() ? it->second.pauseReason : QString();
}

void Outbox::resume(Platform platform)
{
    const auto it = m_channels.find(platform);
    if (it == m_channels.end() || !it->second.paused)
        return;
    it->second.paused = false;
    it->second.pauseReason.clear();
    qCInfo(lcOutbox).noquote() << toString(platform) << "sending resumed";
    m_events.publish(u"channel.status"_s,
                     {{u"platform"_s, toString(platform)}, {u"paused"_s, false}});
    pump();
}

Millis Outbox::backoff(int attempt)
{
    const double base =
        double(m_policy.baseDelayMs) * double(qint64(1) << std::min(attempt - 1, 20));
    const double capped = std::min(base, double(m_policy.maxDelayMs));
    // ±20 % so a burst of failures does not come back as a burst of retries.
    return Millis(capped * (0.8 + 0.4 * m_random.generateDouble()));
}

void Outbox::updateDepth()
{
    m_metrics.set("aiochat_outbox_depth", {}, m_queued);
}

void Outbox::enqueue(const OutboundEntry &entry)
{
    auto it = m_channels.find(entry.platform);
    if (it == m_channels.end()) {
        qCWarning(lcOutbox) << "no sender for" << toString(entry.platform) << "; message"
                            << entry.messageId << "waits";
        return;
    }
    Channel &channel = it->second;
    auto chatIt = channel.chats.find(entry.identityId);
    if (chatIt == channel.chats.end()) {
        chatIt = channel.chats.insert(entry.identityId, Chat());
        chatIt->bucket = chatBucket(entry.platform, entry.recipient);
    }
    chatIt->queue.push_back(entry);
    ++m_queued;
    updateDepth();
    if (!chatIt->inFlight && !chatIt->scheduled)
        schedule(channel, entry.identityId, *chatIt);
    armTimer();
}

void Outbox::schedule(Channel &channel, qint64 chatKey, Chat &chat)
{
    if (chat.queue.empty() || chat.inFlight)
        return;
    if (chat.scheduled)
        channel.ready.erase({chat.readyAt, chatKey});
    const Millis now = nowMillis();
    chat.readyAt = std::max(chat.queue.front().nextAttemptAt, chat.bucket.nextAvailable(now));
    chat.scheduled = true;
    channel.ready.insert({chat.readyAt, chatKey});
}

void Outbox::armTimer()
{
    if (!m_running || !m_mayDispatch)
        return;
    Millis next = std::numeric_limits<Millis>::max();
    const Millis now = nowMillis();
    for (auto &[platform, channel] : m_channels) {
        if (channel.paused || channel.ready.empty() || channel.inFlight >= m_policy.maxInFlight)
            continue;
        next = std::min(next,
                        std::max(channel.ready.begin()->first, channel.global.nextAvailable(now)));
    }
    if (next == std::numeric_limits<Millis>::max())
        return;
    const int delay = int(std::clamp<Millis>(next - now, 0, 60'000));
    if (!m_timer.isActive() || m_timer.remainingTime() > delay)
        m_timer.start(delay);
}

void Outbox::pump()
{
    if (!m_running || !m_mayDispatch)
        return;
    const Millis now = nowMillis();
    for (auto &[platform, channel] : m_channels) {
        while (!channel.paused && !channel.ready.empty() &&
               channel.inFlight < m_policy.maxInFlight) {
            const auto [readyAt, chatKey] = *channel.ready.begin();
            if (readyAt > now)
                break;
            if (channel.global.nextAvailable(now) > now)
                break; // the channel's overall rate: the timer comes back when a token is due
            channel.ready.erase(channel.ready.begin());
            Chat &chat = channel.chats[chatKey];
            chat.scheduled = false;
            if (chat.queue.empty() || chat.inFlight)
                continue;
            if (!chat.bucket.take(now)) {
                schedule(channel, chatKey, chat);
                continue;
            }
            (void)channel.global.take(now);
            dispatch(channel, chatKey, chat);
        }
    }
    armTimer();
}

void Outbox::dispatch(Channel &channel, qint64 chatKey, Chat &chat)
{
    chat.inFlight = true;
    ++channel.inFlight;
    const OutboundEntry entry = chat.queue.front();
    const Platform platform = entry.platform;
    if (entry.recipientBlocked) {
        SendResult r = SendResult::failed(u"the customer has blocked the bot or left the chat"_s);
        QMetaObject::invokeMethod(
            this, [this, platform, chatKey, entry, r] { finished(platform, chatKey, entry, r); },
            Qt::QueuedConnection);
        return;
    }
    channel.sender->send(entry, [this, platform, chatKey, entry](const SendResult &r) {
        finished(platform, chatKey, entry, r);
    });
}

void Outbox::finished(Platform platform, qint64 chatKey, const OutboundEntry &entry,
                      const SendResult &result)
{
    Channel &channel = m_channels[platform];
    Chat &chat = channel.chats[chatKey];
    --channel.inFlight;
    chat.inFlight = false;
    const QByteArray platformName = toString(platform).toLatin1();
    const Millis now = nowMillis();

    SendResult r = result;
    if (r.outcome == SendResult::Outcome::Retry && entry.attempts + 1 >= entry.maxAttempts &&
        r.migratedRecipient.isEmpty())
        r.outcome = SendResult::Outcome::Failed; // out of attempts: the last error stands

    static const QHash<int, QByteArray> outcomeNames{
        {int(SendResult::Outcome::Sent), "sent"},
        {int(SendResult::Outcome::Retry), "retry"},
        {int(SendResult::Outcome::Failed), "failed"},
        {int(SendResult::Outcome::ChannelDown), "channel_down"}};
    m_metrics.increment("aiochat_outbound_messages_total",
                        MetricsRegistry::labels({{"platform", platformName},
                                                 {"outcome", outcomeNames.value(int(r.outcome))}}));

    auto json = std::make_shared<QJsonObject>();
    const qint64 outboxId = entry.id;
    const qint64 messageId = entry.messageId;
    const PersonalDataCipher &cipher = m_storage.cipher();
    auto publish = [this, json](const Status &s) {
        if (s.isOk() && !json->isEmpty())
            publishMessage(*json);
        else if (!s.isOk())
            qCWarning(lcOutbox) << "recording a send result failed:" << s.message();
    };

    switch (r.outcome) {
    case SendResult::Outcome::Sent: {
        chat.queue.pop_front();
        --m_queued;
        const QString platformId = r.platformMessageId;
        const QStringList partIds = r.partIds;
        record(
            outboxId,
            [outboxId, messageId, platformId, partIds, json, platform, &cipher](QSqlDatabase &db) {
                return outboxrecords::recordSent(
                    db, cipher, {outboxId, messageId, platform, platformId, partIds}, *json);
            },
            publish);
        break;
    }
    case SendResult::Outcome::Retry: {
        OutboundEntry &head = chat.queue.front();
        if (!r.migratedRecipient.isEmpty()) {
            // The group moved: every queued message of this chat goes to the new id, and the
            // identity remembers it. Not counted as an attempt.
            for (OutboundEntry &e : chat.queue)
                e.recipient = r.migratedRecipient;
            const QString newId = r.migratedRecipient;
            const qint64 identityId = entry.identityId;
            m_storage.writer().submit(
                this,
                [identityId, newId, &cipher](QSqlDatabase &db) {
                    return outboxrecords::recordMigratedGroup(db, cipher, identityId, newId);
                },
                [](const Status &) {});
            qCInfo(lcOutbox) << "group chat migrated to a supergroup; resending";
            head.nextAttemptAt = now;
            break;
        }
        ++head.attempts;
        head.nextAttemptAt = now + (r.retryAfterMs > 0 ? r.retryAfterMs : backoff(head.attempts));
        const int attempts = head.attempts;
        const Millis next = head.nextAttemptAt;
        const QString error = r.error;
        record(
            outboxId,
            [outboxId, attempts, next, error](QSqlDatabase &db) {
                return outboxrecords::recordRetry(db, outboxId, attempts, next, error);
            },
            [](const Status &) {});
        qCInfo(lcOutbox).noquote() << platformName << "message" << messageId << "will be retried in"
                                   << (next - now) << "ms:" << error;
        break;
    }
    case SendResult::Outcome::Failed: {
        chat.queue.pop_front();
        --m_queued;
        const QString error = r.error;
        const bool blocked = r.recipientBlocked;
        const qint64 identityId = entry.identityId;
        if (blocked) {
            // Everything else queued for this chat would fail the same way: say so at once.
            for (OutboundEntry &e : chat.queue)
                e.recipientBlocked = true;
        }
        const qint64 conversationId = entry.conversationId;
        auto conversation = std::make_shared<QJsonObject>();
        record(
            outboxId,
            [outboxId, messageId, error, blocked, identityId, json, conversationId, conversation,
             &cipher](QSqlDatabase &db) {
                return outboxrecords::recordFailure(
                    db, cipher, {outboxId, messageId, identityId, conversationId, error, blocked},
                    *json, *conversation);
            },
            [this, json, conversation](const Status &s) {
                if (!s.isOk()) {
                    qCWarning(lcOutbox) << "recording a send result failed:" << s.message();
                    return;
                }
                publishMessage(*json, *conversation);
                if (!conversation->isEmpty())
                    m_events.publish(u"conversation.updated"_s,
                                     {{u"conversation"_s, *conversation}});
            });
        qCInfo(lcOutbox).noquote() << platformName << "message" << messageId << "failed:" << error;
        break;
    }
    case SendResult::Outcome::ChannelDown:
        // Credentials are wrong: nothing can go out until they are fixed. The message waits
        // (no attempt counted) and the operator is alerted.
        if (!channel.paused) {
            channel.paused = true;
            channel.pauseReason = r.error;
            qCWarning(lcOutbox).noquote() << platformName << "sending paused:" << r.error;
            m_events.publish(
                u"channel.status"_s,
                {{u"platform"_s, toString(platform)}, {u"paused"_s, true}, {u"reason"_s, r.error}});
            m_events.publish(u"alert"_s, {{u"severity"_s, u"error"_s},
                                          {u"title"_s, toString(platform) + u" sending paused"_s},
                                          {u"message"_s, r.error}});
            Q_EMIT channelPaused(platform, r.error);
        }
        break;
    }
    updateDepth();
    schedule(channel, chatKey, chat);
    pump();
    if (m_queued == 0)
        Q_EMIT drained();
}

void Outbox::publishMessage(const QJsonObject &message, const QJsonObject &conversation)
{
    QJsonObject payload{{u"message"_s, message}};
    if (!conversation.isEmpty())
        payload.insert(u"conversation"_s, conversation);
    m_events.publish(u"message.updated"_s, payload);
}

namespace {

// One send request into the store (on the writer): a message (queued) and its outbox row, or the
// message an earlier request with the same idempotency key queued.
Status queueRequest(QSqlDatabase &db, const PersonalDataCipher &cipher, const SendRequest &request,
                    int maxAttempts, QueuedMessage &out)
{
    const QString key = request.idempotencyKey.isEmpty()
                            ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                            : request.idempotencyKey;
    if (!request.idempotencyKey.isEmpty()) {
        Statement existing(db, u"SELECT message_id FROM outbox WHERE idempotency_key = ?"_s);
        existing.query().addBindValue(key);
        if (Status s = execute(existing.query(), u"checking the idempotency key"_s); !s.isOk())
            return s;
        if (existing.query().next()) {
            const Result<QJsonObject> m =
                outboxrecords::messageJson(db, cipher, existing.query().value(0).toLongLong());
            if (!m.isOk())
                return m.status();
            out.message = m.value();
            out.duplicate = true;
            return Status::ok();
        }
    }
    const Result<std::optional<Conversation>> c =
        ConversationRepository(db, cipher).find(request.conversationId);
    if (!c.isOk())
        return c.status();
    if (!c.value())
        return Status::notFound(u"no conversation with id "_s +
                                QString::number(request.conversationId));
    const Conversation &conversation = *c.value();
    const bool isTemplate = !request.templateSpec.isEmpty();
    const bool isFile = !request.fileData.isEmpty();
    if (isTemplate && conversation.platform != Platform::WhatsApp)
        return Status::invalidArgument(u"templates exist only on WhatsApp"_s);
    if (isFile && conversation.platform != Platform::Telegram &&
        conversation.platform != Platform::WhatsApp)
        return Status::invalidArgument(u"files go out on Telegram and WhatsApp only"_s);
    if (!isTemplate && !isFile && request.text.trimmed().isEmpty())
        return Status::invalidArgument(u"text: the message is empty"_s);
    outboundfiles::Prepared file;
    if (isFile) {
        const Result<outboundfiles::Prepared> checked =
            outboundfiles::prepare(request.fileData, request.fileName, conversation.platform);
        if (!checked.isOk())
            return checked.status();
        file = checked.value();
    }
    if (conversation.platform == Platform::WhatsApp && !isTemplate &&
        !WhatsAppSender::windowOpen(conversation.lastInboundAt, nowMillis()))
        return Status::failedPrecondition(WhatsAppSender::windowClosedReason());

    QJsonObject payload{{u"type"_s, isTemplate ? u"template"_s : (isFile ? u"file"_s : u"text"_s)}};
    const QString text = isTemplate
                             ? templatePreview(request.templateSpec,
                                               request.templateSpec.value(u"body"_s).toString())
                             : request.text;
    payload.insert(u"text"_s, text);
    if (isTemplate)
        payload.insert(u"template"_s, request.templateSpec);
    if (!request.replyMarkup.isEmpty())
        payload.insert(u"replyMarkup"_s, request.replyMarkup);
    if (!request.entities.isEmpty())
        payload.insert(u"entities"_s, request.entities);

    Message m;
    m.conversationId = conversation.id;
    m.identityId = conversation.identityId;
    m.direction = Direction::Outbound;
    m.sender = request.sender;
    m.senderOperatorId = request.operatorId;
    m.senderName = request.senderName;
    m.kind = isTemplate ? MessageKind::Template
                        : (isFile ? (file.photo ? MessageKind::Photo : MessageKind::Document)
                                  : MessageKind::Text);
    m.text = text;
    if (isFile)
        m.attachments = QJsonArray{QJsonObject{{u"kind"_s, file.photo ? u"photo"_s : u"document"_s},
                                               {u"name"_s, file.fileName},
                                               {u"mimeType"_s, file.mime},
                                               {u"size"_s, qint64(request.fileData.size())}}};
    m.status = DeliveryStatus::Queued;
    m.createdAt = nowMillis();
    const Result<std::optional<qint64>> id = MessageRepository(db, cipher).insert(m);
    if (!id.isOk())
        return id.status();
    const qint64 messageId = id.value().value_or(0);
    if (isFile) {
        // Kept like the files customers send (sealed, once per content), so the console shows it
        // and the sender reads it back when its turn comes, after a restart too.
        const Result<qint64> attachment =
            outboundfiles::keep(db, cipher, request.fileData, file, messageId, conversation);
        if (!attachment.isOk())
            return attachment.status();
        payload.insert(u"attachmentId"_s, attachment.value());
        payload.insert(u"kind"_s, file.photo ? u"photo"_s : u"document"_s);
        payload.insert(u"fileName"_s, file.fileName);
        payload.insert(u"mimeType"_s, file.mime);
    }

    // Statements prepared once per connection: automation queues thousands in a row.
    Statement insertOutbox(
        db, u"INSERT INTO outbox (message_id, conversation_id, platform, chat_key, "
            u"idempotency_key, payload, payload_enc, "
            u"state, attempts, max_attempts, next_attempt_at, created_at, updated_at) "
            u"VALUES (?, ?, ?, ?, ?, '', ?, 'pending', 0, ?, ?, ?, ?) RETURNING id"_s);
    if (!insertOutbox.status().isOk())
        return insertOutbox.status();
    QSqlQuery &q = insertOutbox.query();
    const Millis now = nowMillis();
    q.addBindValue(messageId);
    q.addBindValue(conversation.id);
    q.addBindValue(toString(conversation.platform));
    q.addBindValue(QString::number(conversation.identityId));
    q.addBindValue(key);
    q.addBindValue(cipher.sealBytes(PersonalField::OutboxPayload,
                                    QJsonDocument(payload).toJson(QJsonDocument::Compact)));
    q.addBindValue(maxAttempts);
    q.addBindValue(now);
    q.addBindValue(now);
    q.addBindValue(now);
    if (Status s = execute(q, u"queueing a message"_s); !s.isOk())
        return s;
    if (!q.next())
        return Status::internal(u"the queued message has no outbox row"_s);
    const qint64 outboxId = q.value(0).toLongLong();
    q.finish();
    // The first answer of a conversation feeds aiochat_first_response_seconds.
    if (conversation.firstResponseAt == 0)
        out.firstResponseSeconds = double(now - conversation.createdAt) / 1000.0;
    out.platform = toString(conversation.platform).toUtf8();
    // An operator answering has read the conversation, and the customer no longer waits.
    const bool byOperator = request.sender == SenderKind::Operator;
    Statement touch(db, u"UPDATE conversations SET last_message_at = ?, updated_at = ?, "
                        u"first_response_at = CASE WHEN first_response_at = 0 THEN ? ELSE "
                        u"first_response_at END, "
                        u"unread_count = CASE WHEN ? = 1 THEN 0 ELSE unread_count END "
                        u"WHERE id = ?"_s);
    if (!touch.status().isOk())
        return touch.status();
    touch.query().addBindValue(now);
    touch.query().addBindValue(now);
    touch.query().addBindValue(now);
    touch.query().addBindValue(byOperator ? 1 : 0);
    touch.query().addBindValue(conversation.id);
    if (Status s = execute(touch.query(), u"updating the conversation"_s); !s.isOk())
        return s;
    if (byOperator) {
        if (Status s = ConversationRepository(db, cipher).clearWaiting(conversation.id); !s.isOk())
            return s;
    }
    // Where the message goes: the chat's identity, read once (its id is sealed).
    Statement recipient(
        db, u"SELECT platform_user_enc, blocked FROM contact_identities WHERE id = ?"_s);
    if (!recipient.status().isOk())
        return recipient.status();
    recipient.query().addBindValue(conversation.identityId);
    if (Status s = execute(recipient.query(), u"reading the chat's recipient"_s); !s.isOk())
        return s;
    if (!recipient.query().next())
        return Status::notFound(u"the conversation's chat identity is gone"_s);
    const Result<QString> chat =
        cipher.open(PersonalField::PlatformUserId, recipient.query().value(0).toByteArray());
    if (!chat.isOk())
        return chat.status();
    const bool blocked = recipient.query().value(1).toBool();
    recipient.query().finish();

    // What was written, told without reading it back: the queue's entry, the message and the
    // conversation as the statements above left them.
    OutboundEntry &entry = out.entry;
    entry.id = outboxId;
    entry.messageId = messageId;
    entry.conversationId = conversation.id;
    entry.identityId = conversation.identityId;
    entry.platform = conversation.platform;
    entry.recipient = chat.value();
    entry.payload = payload;
    entry.maxAttempts = maxAttempts;
    entry.nextAttemptAt = now;
    entry.lastInboundAt = conversation.lastInboundAt;
    entry.recipientBlocked = blocked;
    m.id = messageId;
    out.message = json::toJson(m);
    Conversation fresh = conversation;
    fresh.lastMessageAt = now;
    fresh.updatedAt = now;
    if (fresh.firstResponseAt == 0)
        fresh.firstResponseAt = now;
    fresh.lastMessageKind = m.kind;
    fresh.lastMessagePreview = m.text.left(160);
    if (byOperator) {
        fresh.unreadCount = 0;
        if (fresh.status == ConversationStatus::NeedsAttention) {
            fresh.status = ConversationStatus::Open;
            fresh.attentionReason = AttentionReason::None;
            fresh.waitingSince = 0;
        }
    }
    out.conversation = json::toJson(fresh);
    return Status::ok();
}

} // namespace

Status Outbox::queueIn(QSqlDatabase &db, const PersonalDataCipher &cipher,
                       const SendRequest &request, int maxAttempts, QueuedMessage &out)
{
    return queueRequest(db, cipher, request, maxAttempts, out);
}

void Outbox::send(const SendRequest &request, Done done)
{
    auto out = std::make_shared<QueuedMessage>();
    const PersonalDataCipher &cipher = m_storage.cipher();
    const int maxAttempts = m_policy.maxAttempts;
    m_storage.writer().submit(
        this,
        [request, out, &cipher, maxAttempts](QSqlDatabase &db) -> Status {
            return queueRequest(db, cipher, request, maxAttempts, *out);
        },
        [this, out, done](const Status &s) {
            if (!s.isOk()) {
                done(s);
                return;
            }
            queued(*out);
            done(out->message);
        });
}

void Outbox::queued(const QueuedMessage &out)
{
    if (out.duplicate)
        return;
    if (out.firstResponseSeconds >= 0)
        m_metrics.observe("aiochat_first_response_seconds",
                          MetricsRegistry::label("platform", out.platform),
                          out.firstResponseSeconds);
    m_events.publish(u"message.created"_s,
                     {{u"message"_s, out.message}, {u"conversation"_s, out.conversation}});
    m_events.publish(u"conversation.updated"_s, {{u"conversation"_s, out.conversation}});
    enqueue(out.entry);
    pump();
}

void Outbox::retry(qint64 messageId, Done done)
{
    auto entries = std::make_shared<QList<OutboundEntry>>();
    auto json = std::make_shared<QJsonObject>();
    const PersonalDataCipher &cipher = m_storage.cipher();
    m_storage.writer().submit(
        this,
        [messageId, entries, json, &cipher](QSqlDatabase &db) -> Status {
            QSqlQuery q(db);
            // Whoever retries it sends it (another instance may have given it up).
            q.prepare(u"UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, "
                      u"last_error = NULL, owner = "_s +
                      (isPostgres(db) ? clustersql::thisInstance() : u"owner"_s) +
                      u", updated_at = ? WHERE message_id = ? AND state = 'failed'"_s);
            q.addBindValue(nowMillis());
            q.addBindValue(nowMillis());
            q.addBindValue(messageId);
            if (Status s = execute(q, u"retrying a message"_s); !s.isOk())
                return s;
            if (q.numRowsAffected() == 0)
                return Status::failedPrecondition(
                    u"only a failed outbound message can be retried"_s);
            q.prepare(
                u"UPDATE messages SET status = 'queued', error = NULL, updated_at = ? WHERE id = ?"_s);
            q.addBindValue(nowMillis());
            q.addBindValue(messageId);
            if (Status s = execute(q, u"retrying a message"_s); !s.isOk())
                return s;
            Result<QList<OutboundEntry>> loaded =
                outboxrecords::loadEntries(db, cipher, u"WHERE o.message_id = ?"_s, {messageId});
            if (!loaded.isOk())
                return loaded.status();
            // Free text outside WhatsApp's 24-hour window can only fail again: say so now
            // (nothing above is kept: this work's changes roll back with the refusal).
            for (const OutboundEntry &e : loaded.value()) {
                if (e.platform == Platform::WhatsApp && !e.isTemplate() &&
                    !WhatsAppSender::windowOpen(e.lastInboundAt, nowMillis()))
                    return Status::failedPrecondition(WhatsAppSender::windowClosedReason());
            }
            *entries = loaded.value();
            const Result<QJsonObject> m = outboxrecords::messageJson(db, cipher, messageId);
            if (m.isOk())
                *json = m.value();
            return m.status();
        },
        [this, entries, json, done](const Status &s) {
            if (!s.isOk()) {
                done(s);
                return;
            }
            publishMessage(*json);
            for (const OutboundEntry &e : std::as_const(*entries))
                enqueue(e);
            pump();
            done(*json);
        });
}

void Outbox::discard(qint64 messageId, Done done)
{
    // A message being sent right now cannot be called back.
    for (auto &[platform, channel] : m_channels) {
        for (auto it = channel.chats.begin(); it != channel.chats.end(); ++it) {
            Chat &chat = it.value();
            for (auto e = chat.queue.begin(); e != chat.queue.end(); ++e) {
                if (e->messageId != messageId)
                    continue;
                if (e == chat.queue.begin() && chat.inFlight) {
                    done(Status::failedPrecondition(u"the message is being sent right now"_s));
                    return;
                }
                chat.queue.erase(e);
                --m_queued;
                updateDepth();
                if (!chat.inFlight)
                    schedule(channel, it.key(), chat);
                break;
            }
        }
    }
    auto json = std::make_shared<QJsonObject>();
    const PersonalDataCipher &cipher = m_storage.cipher();
    m_storage.writer().submit(
        this,
        [messageId, json, &cipher](QSqlDatabase &db) -> Status {
            QSqlQuery q(db);
            q.prepare(
                u"UPDATE outbox SET state = 'discarded', updated_at = ? WHERE message_id = ? AND state IN ('pending', 'failed')"_s);
            q.addBindValue(nowMillis());
            q.addBindValue(messageId);
            if (Status s = execute(q, u"discarding a message"_s); !s.isOk())
                return s;
            if (q.numRowsAffected() == 0)
                return Status::failedPrecondition(
                    u"only a waiting or failed outbound message can be discarded"_s);
            q.prepare(
                u"UPDATE messages SET status = 'failed', error = CASE WHEN error IS NULL OR error "
                u"= '' "
                u"THEN 'Discarded by an operator' ELSE 'Discarded by an operator: ' || error END, "
                u"updated_at = ? WHERE id = ?"_s);
            q.addBindValue(nowMillis());
            q.addBindValue(messageId);
            if (Status s = execute(q, u"discarding a message"_s); !s.isOk())
                return s;
            const Result<QJsonObject> m = outboxrecords::messageJson(db, cipher, messageId);
            if (m.isOk())
                *json = m.value();
            return m.status();
        },
        [this, json, done](const Status &s) {
            if (s.isOk())
                publishMessage(*json);
            done(s.isOk() ? Result<QJsonObject>(*json) : Result<QJsonObject>(s));
        });
}

} // namespace aiochat
