#pragma once

#include "clusterlink.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

namespace aiochat {

/**
 * @brief ClusterLink's half on its own thread: owns a PostgreSQL connection of its own (LISTEN
 * and the advisory lock need one session that lives as long as the instance), renews the lease,
 * writes outgoing events in batches and reads the others' events when NOTIFY says there are new
 * ones. Every failure closes the connection; the next heartbeat opens a new one, listens again
 * and reads what was missed.
 */
class ClusterWorker : public QObject
{
    Q_OBJECT
public:
    ClusterWorker(DatabaseConfig config, const PersonalDataCipher &cipher, ClusterTiming timing);
    ~ClusterWorker() override;

    /** @brief Connects and registers (worker thread); the first failure is reported. */
    [[nodiscard]] Status begin();
    /** @brief Leaves the cluster: unregisters, so the others take over at once (worker thread). */
    void end();
    /** @brief Queues an event for the others (worker thread); written within milliseconds. */
    void publish(const QString &name, const QByteArray &json);
    /** @brief Stores settings for every instance and tells the others (worker thread). */
    void shareSettings(const QVariantMap &changes);
    /** @brief Shared settings newer than @p version are reported by settingsChanged(). */
    void setSettingsVersion(qint64 version) { m_settingsVersion = version; }

Q_SIGNALS:
    void received(const QString &name, const QByteArray &json);
    /** @brief The lease was renewed; @p live instances (this one included) hold a lease. */
    void renewed(int live);
    void leaseLost();
    /** @brief A session was opened (at start, or again after losing one). */
    void connected();
    void pollerChanged(bool holds);
    /** @brief Shared settings this instance has not applied yet, and the newest version. */
    void settingsChanged(const QVariantMap &changes, qint64 version);

private:
    [[nodiscard]] bool ensureConnected();
    [[nodiscard]] Status registerInstance();
    void drop(const QString &why);
    void tick();
    void renew();
    void flush();
    void fetch();
    void sweep();
    void readSettings();

    DatabaseConfig m_config;
    const PersonalDataCipher &m_cipher;
    QString m_instance;
    ClusterTiming m_timing;
    QString m_connection;
    QSqlDatabase m_db;
    QTimer *m_tick = nullptr;  ///< created on the worker thread
    QTimer *m_flush = nullptr; ///< batches events published within a few milliseconds
    QList<QPair<QString, QByteArray>> m_outgoing;
    qint64 m_since = -1;          ///< the newest event id read (ids are assigned in commit order)
    qint64 m_settingsVersion = 0; ///< the newest shared setting applied
    int m_live = 1;
    qint64 m_backend = 0; ///< the server process of this session; another one = a new session
    bool m_poller = false;
    bool m_registered = false; ///< joined once; a new session only renews
    bool m_warnedDropped = false;
    QString m_lastError;
    QElapsedTimer m_sinceSweep;
};

} // namespace aiochat
