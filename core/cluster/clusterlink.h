#pragma once

#include "host/coreservice.h"
#include "storage/databaseconfig.h"

#include <QJsonObject>
#include <QObject>

#include <memory>

class QThread;

namespace aiochat {

class ClusterWorker;
class PersonalDataCipher;

/** @brief How instances sharing a PostgreSQL database keep track of each other. */
struct ClusterTiming
{
    int heartbeatMs = 2000; ///< how often an instance renews its lease
    /**
     * @brief An instance whose lease was not renewed for this long is presumed dead: another
     * takes over its queued sends, its journal rows and the Telegram poller. An instance that
     * could not renew for half of it stops sending until it can (so the two never overlap).
     */
    int leaseMs = 15000;
    int keepEventsMs = 10 * 60'000; ///< how long events stay for an instance catching up
};

/**
 * @brief This instance's link to the others on the same PostgreSQL database (a no-op service on
 * SQLite, where an instance is always alone). Lives in the core thread; its connection and all
 * its queries live on a thread of their own (ClusterWorker), so a slow or restarting server never
 * blocks the core thread.
 *
 * - Membership: the instance registers in cluster_instances and renews a lease there by the
 *   server's clock; isLeaseValid() says whether it may send (see ClusterTiming::leaseMs).
 * - Events: every event published locally goes to the others (sealed, in cluster_events, then
 *   NOTIFY) while another instance is alive; events from the others arrive as remoteEvent(), for
 *   consoles only — services already acted on them where they happened.
 * - Invalidation: invalidate("operators") tells the others to reload that cache
 *   (invalidated()).
 * - The Telegram poller: one instance holds a session-level advisory lock and polls; when it
 *   dies its connection closes, the lock is free and another takes it at its next heartbeat.
 */
class ClusterLink : public QObject, public CoreService
{
    Q_OBJECT
public:
    /** @brief @p config names this instance (DatabaseConfig::instance). */
    ClusterLink(const DatabaseConfig &config, const PersonalDataCipher &cipher,
                ClusterTiming timing, QObject *parent = nullptr);
    ~ClusterLink() override;

    [[nodiscard]] QString serviceName() const override { return QStringLiteral("cluster link"); }
    [[nodiscard]] Status start() override;
    void stop() override;

    /** @brief True on PostgreSQL: other instances may share the database. */
    [[nodiscard]] bool isShared() const { return m_shared; }
    [[nodiscard]] QString instance() const { return m_instance; }
    [[nodiscard]] const ClusterTiming &timing() const { return m_timing; }
    /** @brief Whether this instance may send now (always on SQLite). */
    [[nodiscard]] bool isLeaseValid() const { return !m_shared || m_leaseValid; }
    /** @brief Whether this instance runs the Telegram poller (always on SQLite). */
    [[nodiscard]] bool holdsPoller() const { return !m_shared || m_poller; }
    /** @brief How many instances share the database, this one included (from the last renewal). */
    [[nodiscard]] int liveInstances() const { return m_live; }

    /** @brief A local event, passed on to the other instances. */
    void publish(const QString &name, const QJsonObject &payload);
    /** @brief Tells the other instances that a cache (e.g. "operators") must be reloaded. */
    void invalidate(const QString &cache);
    /**
     * @brief Settings changed here from a console (key → value; "" removes): stored for every
     * instance, including those started later, and applied by the others (settingsChanged()).
     */
    void shareSettings(const QVariantMap &changes);
    /** @brief The newest shared settings this instance applied before (its own settings file). */
    void setSettingsVersion(qint64 version) { m_settingsVersion = version; }

Q_SIGNALS:
    /** @brief An event another instance published: for consoles connected here. */
    void remoteEvent(const QString &name, const QJsonObject &payload);
    /** @brief Another instance changed what @p cache holds. */
    void invalidated(const QString &cache);
    void leaseChanged(bool valid);
    /** @brief The lease was found expired: others may have taken over what this one held. */
    void leaseLost();
    void pollerChanged(bool holds);
    /** @brief Shared settings to apply here; @p version is to be kept for the next start. */
    void settingsChanged(const QVariantMap &changes, qint64 version);
    /**
     * @brief After each renewal (about every heartbeat), once connected for a lease's time:
     * time to look for what others left.
     */
    void heartbeat();

private:
    void onRemote(const QString &name, const QByteArray &payload);

    DatabaseConfig m_config;
    const PersonalDataCipher &m_cipher;
    QString m_instance;
    ClusterTiming m_timing;
    bool m_shared = false;
    bool m_leaseValid = false;
    bool m_poller = false;
    int m_live = 1;
    qint64 m_settingsVersion = 0;
    QThread *m_thread = nullptr;
    ClusterWorker *m_worker = nullptr; ///< lives in m_thread
};

} // namespace aiochat
