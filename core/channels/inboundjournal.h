#pragma once

#include "domain/enums.h"
#include "domain/status.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace aiochat {

class MetricsRegistry;
class Storage;

/** @brief One accepted request (or polled update) as it will be journaled. */
struct JournalEntry
{
    Platform platform = Platform::Telegram;
    QString eventKey;    ///< unique per platform: a retry of the same event has the same key
    QJsonObject headers; ///< the few that matter (never secrets)
    QByteArray body;     ///< raw bytes as received; sealed before storage
};

/**
 * @brief The inbound journal: every accepted request is stored (raw body sealed, headers, arrival
 * time, event key) before the platform gets its 2xx. Appends ride the writer's group commits, so
 * a burst of requests costs one commit. A retry of a stored event is reported as a duplicate and
 * acknowledged without a second row. Lives in the core thread.
 */
class InboundJournal : public QObject
{
    Q_OBJECT
public:
    /** @brief After the commit: Ok (stored or duplicate) or the storage failure (answer 503). */
    using Done = std::function<void(const Status &status, bool duplicate)>;

    InboundJournal(Storage &storage, MetricsRegistry &metrics, QObject *parent = nullptr);

    void append(const JournalEntry &entry, Done done);

Q_SIGNALS:
    /** @brief New rows were committed: the processor has work. */
    void appended();

private:
    Storage &m_storage;
    MetricsRegistry &m_metrics;
};

} // namespace aiochat
