#include "telegrampoller.h"

#include "channels/channelsettings.h"
#include "channels/inboundjournal.h"
#include "logging/logging.h"
#include "security/crypto.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

TelegramPoller::TelegramPoller(TelegramClient &client, InboundJournal &journal,
                               const ChannelSettings &channels, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_journal(journal)
    , m_channels(channels)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &TelegramPoller::poll);
}

Status TelegramPoller::start()
{
    m_started = true;
    reconfigure();
    return Status::ok();
}

void TelegramPoller::stop()
{
    m_started = false;
    m_active = false;
    ++m_generation; // answers of a poll in flight are ignored
    m_retry.stop();
}

void TelegramPoller::reconfigure()
{
    const bool wanted = m_started && m_leader && m_channels.telegram().mode == u"polling"_s;
    if (wanted == m_active)
        return;
    m_active = wanted;
    ++m_generation;
    m_retry.stop();
    m_inFlight = false;
    if (m_active) {
        qCInfo(lcTelegram) << "long polling started";
        poll();
    } else {
        qCInfo(lcTelegram) << "long polling stopped";
    }
    Q_EMIT stateChanged();
}

void TelegramPoller::setLeader(bool leader)
{
    if (leader == m_leader)
        return;
    m_leader = leader;
    qCInfo(lcTelegram) << (leader ? "this instance polls Telegram"
                                  : "another instance polls Telegram");
    reconfigure();
}

void TelegramPoller::retryNow()
{
    if (m_active && m_retry.isActive()) {
        m_retry.stop();
        poll();
    }
}

void TelegramPoller::retryLater(const QString &error, int seconds)
{
    if (m_lastError != error) {
        m_lastError = error;
        qCWarning(lcTelegram).noquote() << "long polling:" << error;
        Q_EMIT stateChanged();
    }
    m_retry.start(seconds * 1000);
}

void TelegramPoller::poll()
{
    if (!m_active || m_inFlight)
        return;
    if (m_channels.telegram().botToken.isEmpty()) {
        retryLater(u"the bot token is not configured (AIOCHAT_TELEGRAM_BOT_TOKEN)"_s, 30);
        return;
    }
    m_inFlight = true;
    QJsonObject params{{u"timeout"_s, m_pollTimeout}};
    if (m_offset > 0)
        params.insert(u"offset"_s, m_offset);
    const quint64 generation = m_generation;
    // The HTTP timeout must outlast the long poll, or every quiet poll would look like a failure.
    m_client.call(u"getUpdates"_s, params, (m_pollTimeout + 15) * 1000,
                  [this, generation](const TelegramReply &reply) { handle(reply, generation); });
}

void TelegramPoller::handle(const TelegramReply &reply, quint64 generation)
{
    if (generation != m_generation)
        return;
    m_inFlight = false;
    if (!reply.ok) {
        if (reply.errorCode == 409 || reply.httpStatus == 409) {
            retryLater(
                u"Telegram refuses long polling while a webhook is set for this bot. Delete the "
                u"webhook (Settings → Telegram, or telegram.deleteWebhook) or switch to webhook mode."_s,
                30);
        } else if (reply.httpStatus == 401 || reply.httpStatus == 404) {
            retryLater(u"the bot token was rejected by Telegram ("_s + reply.summary() +
                           u"); check AIOCHAT_TELEGRAM_BOT_TOKEN"_s,
                       60);
        } else if (reply.httpStatus == 429) {
            retryLater(u"rate limited by Telegram"_s, std::max(1, reply.retryAfter));
        } else {
            retryLater(reply.summary(), m_backoff);
            m_backoff = std::min(m_backoff * 2, 60);
        }
        return;
    }
    m_backoff = 1;
    if (!m_lastError.isEmpty()) {
        m_lastError.clear();
        Q_EMIT stateChanged();
    }
    const QJsonArray updates = reply.result.toArray();
    if (updates.isEmpty()) {
        poll();
        return;
    }
    // Journal every update; advance the offset (which confirms them to Telegram) only when all
    // are committed. A failure re-fetches the same updates; the journal drops what it has.
    struct Pending
    {
        int left = 0;
        bool failed = false;
        qint64 maxId = 0;
    };
    auto pending = std::make_shared<Pending>();
    pending->left = int(updates.size());
    m_inFlight = true;
    for (const QJsonValue &v : updates) {
        const QJsonObject update = v.toObject();
        const qint64 id = update.value(u"update_id"_s).toInteger(-1);
        pending->maxId = std::max(pending->maxId, id);
        JournalEntry entry;
        entry.platform = Platform::Telegram;
        entry.body = QJsonDocument(update).toJson(QJsonDocument::Compact);
        entry.eventKey = QString::number(id) + u':' +
                         QString::fromLatin1(crypto::sha256(entry.body).toHex().left(16));
        entry.headers = QJsonObject{{u"source"_s, u"polling"_s}};
        m_journal.append(entry, [this, pending, generation](const Status &status, bool) {
            if (!status.isOk())
                pending->failed = true;
            if (--pending->left > 0 || generation != m_generation)
                return;
            m_inFlight = false;
            if (pending->failed) {
                retryLater(u"the journal could not store polled updates; retrying"_s, m_backoff);
                m_backoff = std::min(m_backoff * 2, 60);
                return;
            }
            m_offset = pending->maxId + 1;
            poll();
        });
    }
}

} // namespace aiochat
