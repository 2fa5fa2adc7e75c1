#pragma once

#include "host/coreservice.h"
#include "telegramclient.h"

#include <QObject>
#include <QTimer>

namespace aiochat {

class ChannelSettings;
class InboundJournal;

/**
 * @brief Telegram long polling for installations without a public URL: getUpdates with a long
 * timeout, every update journaled like a webhook request, and the offset advanced only after all
 * of them are committed — so a crash re-fetches, never loses. Runs only in "polling" mode.
 */
class TelegramPoller : public QObject, public CoreService
{
    Q_OBJECT
public:
    TelegramPoller(TelegramClient &client, InboundJournal &journal, const ChannelSettings &channels,
                   QObject *parent = nullptr);

    [[nodiscard]] QString serviceName() const override
    {
        return QStringLiteral("Telegram long polling");
    }
    [[nodiscard]] Status start() override;
    void stop() override;
    /** @brief Re-reads the mode: starts or stops polling. */
    void reconfigure();
    /**
     * @brief Whether this instance is the one that polls (several instances on one database
     * hold a lock for it; alone, always). Polling runs when the mode says so and this holds.
     */
    void setLeader(bool leader);
    /** @brief Skips a pending back-off (the operator fixed the cause, e.g. deleted the webhook). */
    void retryNow();

    /** @brief Long-poll timeout in seconds (Telegram caps it at 50). */
    void setPollTimeout(int seconds) { m_pollTimeout = seconds; }
    [[nodiscard]] bool isPolling() const { return m_active; }
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] qint64 offset() const { return m_offset; }

Q_SIGNALS:
    void stateChanged();

private:
    void poll();
    void handle(const TelegramReply &reply, quint64 generation);
    void retryLater(const QString &error, int seconds);

    TelegramClient &m_client;
    InboundJournal &m_journal;
    const ChannelSettings &m_channels;
    QTimer m_retry{this}; // parented: it must follow the poller to the core thread
    bool m_started = false;
    bool m_leader = true;
    bool m_active = false;
    bool m_inFlight = false;
    quint64 m_generation = 0;
    qint64 m_offset = 0;
    int m_pollTimeout = 50;
    int m_backoff = 1;
    QString m_lastError;
};

} // namespace aiochat
