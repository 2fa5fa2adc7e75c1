#include "clusterworker.h"

#include "clustersql.h"
#include "logging/logging.h"
#include "security/personaldatacipher.h"
#include "storage/connection.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

const QString kNow = clustersql::serverNow();
const QString kChannel = u"aiochat_cluster"_s;
constexpr int kPollerLock = 7412002;  ///< session lock: the one Telegram poller
constexpr int kPublishLock = 7412003; ///< transaction lock: event ids in commit order
constexpr int kMaxOutgoing = 20'000;  ///< events waiting while the server is away
constexpr int kFetchBatch = 500;
constexpr int kSweepMs = 60'000;

} // namespace

ClusterWorker::ClusterWorker(DatabaseConfig config, const PersonalDataCipher &cipher,
                             ClusterTiming timing)
    : m_config(std::move(config))
    , m_cipher(cipher)
    , m_instance(m_config.instance)
    , m_timing(timing)
    , m_connection(u"aiochat-cluster-"_s + QString::number(quintptr(this), 16))
{}

ClusterWorker::~ClusterWorker() = default;

Status ClusterWorker::begin()
{
    m_tick = new QTimer(this);
    connect(m_tick, &QTimer::timeout, this, &ClusterWorker::tick);
    m_flush = new QTimer(this);
    m_flush->setSingleShot(true);
    connect(m_flush, &QTimer::timeout, this, &ClusterWorker::flush);
    m_sinceSweep.start();
    if (!ensureConnected())
        return Status::unavailable(u"cannot join the other instances: "_s + m_lastError);
    m_tick->start(m_timing.heartbeatMs);
    return Status::ok();
}

void ClusterWorker::end()
{
    if (m_tick)
        m_tick->stop();
    if (m_flush)
        m_flush->stop();
    if (m_db.isOpen()) {
        flush();
        // Leaving on purpose: the others need not wait for the lease to run out.
        (void)execute(m_db, u"DELETE FROM cluster_instances WHERE id = ?"_s, {m_instance},
                      u"leaving the cluster"_s);
    }
    m_db = QSqlDatabase();
    closeConnection(m_connection); // also releases the poller's lock
}

bool ClusterWorker::ensureConnected()
{
    if (m_db.isOpen())
        return true;
    m_db = QSqlDatabase();
    closeConnection(m_connection);
    Result<QSqlDatabase> opened = openConnection(m_config, m_connection, ConnectionRole::Writer);
    if (!opened.isOk()) {
        m_lastError = opened.status().message();
        return false;
    }
    m_db = opened.value();
    // Joining: register. Coming back: renew() finds out whether the lease ran out meanwhile (the
    // others may have taken over what this instance held) before this instance counts as alive.
    if (!m_registered) {
        if (const Status s = registerInstance(); !s.isOk()) {
            drop(s.message());
            return false;
        }
        m_registered = true;
    }
    QSqlDriver *driver = m_db.driver();
    if (!driver->subscribeToNotification(kChannel)) {
        drop(u"cannot listen for events: "_s + driver->lastError().text());
        return false;
    }
    connect(driver, &QSqlDriver::notification, this, [this](const QString &name) {
        if (name == kChannel)
            fetch();
    });
    if (m_since < 0) {
        // Events from before this instance started are not replayed.
        QSqlQuery q(m_db);
        if (!q.exec(u"SELECT COALESCE(MAX(id), 0) FROM cluster_events"_s) || !q.next()) {
            drop(q.lastError().text());
            return false;
        }
        m_since = q.value(0).toLongLong();
    } else {
        fetch(); // what the others published while this connection was away
    }
    readSettings(); // what changed while this instance was away or stopped
    if (!m_lastError.isEmpty())
        qCInfo(lcCore) << "cluster link connected again";
    m_lastError.clear();
    Q_EMIT connected();
    renew();
    return m_db.isOpen();
}

Status ClusterWorker::registerInstance()
{
    return execute(m_db,
                   u"INSERT INTO cluster_instances (id, started_at, heartbeat_at) VALUES (?, "_s +
                       kNow + u", "_s + kNow +
                       u") ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at, "
                       u"heartbeat_at = excluded.heartbeat_at"_s,
                   {m_instance}, u"registering the instance"_s);
}

void ClusterWorker::drop(const QString &why)
{
    if (why != m_lastError)
        qCWarning(lcCore).noquote() << "cluster link lost:" << why;
    m_lastError = why;
    m_backend = 0;
    m_db.close();
    if (m_poller) {
        m_poller = false;
        Q_EMIT pollerChanged(false);
    }
}

void ClusterWorker::tick()
{
    if (!m_db.isOpen()) {
        (void)ensureConnected();
        return;
    }
    renew();
    if (m_db.isOpen())
        fetch(); // a notification lost with a connection is caught here
    if (m_db.isOpen() && m_sinceSweep.elapsed() >= kSweepMs) {
        m_sinceSweep.restart();
        sweep();
    }
}

void ClusterWorker::renew()
{
    if (!m_db.isOpen())
        return;
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE cluster_instances SET heartbeat_at = "_s + kNow +
              u" WHERE id = ? AND heartbeat_at >= "_s + kNow + u" - ?"_s);
    q.addBindValue(m_instance);
    q.addBindValue(m_timing.leaseMs);
    if (!q.exec()) {
        drop(q.lastError().text());
        return;
    }
    if (q.numRowsAffected() == 0) {
        // Presumed dead by the others (this process stalled or could not reach the server for
        // longer than the lease): what it held may be theirs now. It joins again as new.
        qCWarning(lcCore) << "cluster lease expired; taking part again";
        if (const Status s = registerInstance(); !s.isOk()) {
            drop(s.message());
            return;
        }
        Q_EMIT leaseLost();
    }
    QSqlQuery live(m_db);
    live.prepare(u"SELECT COUNT(*), pg_backend_pid() FROM cluster_instances WHERE "
                 u"heartbeat_at >= "_s +
                 kNow + u" - ?"_s);
    live.addBindValue(m_timing.leaseMs);
    if (!live.exec() || !live.next()) {
        drop(live.lastError().text());
        return;
    }
    const qint64 backend = live.value(1).toLongLong();
    if (m_backend != 0 && backend != m_backend) {
        // The driver reconnected by itself after the server dropped the session: LISTEN and the
        // poller's lock went with the old session. Start over properly.
        m_backend = 0;
        drop(u"the database server ended the session"_s);
        return;
    }
    m_backend = backend;
    m_live = std::max(1, live.value(0).toInt());
    if (!m_poller) {
        QSqlQuery lock(m_db);
        if (!lock.exec(u"SELECT pg_try_advisory_lock("_s + QString::number(kPollerLock) + u')') ||
            !lock.next()) {
            drop(lock.lastError().text());
            return;
        }
        if (lock.value(0).toBool()) {
            m_poller = true;
            Q_EMIT pollerChanged(true);
        }
    }
    Q_EMIT renewed(m_live);
}

void ClusterWorker::publish(const QString &name, const QByteArray &json)
{
    if (m_outgoing.size() >= kMaxOutgoing) {
        // The server has been away for a while: the oldest go (consoles reload when they
        // reconnect anyway), memory does not grow.
        m_outgoing.removeFirst();
        if (!m_warnedDropped)
            qCWarning(lcCore) << "cluster link: events for other instances are being dropped";
        m_warnedDropped = true;
    }
    m_outgoing.append({name, json});
    if (!m_flush->isActive())
        m_flush->start(2);
}

void ClusterWorker::flush()
{
    if (m_outgoing.isEmpty())
        return;
    if (m_live <= 1) {
        // Alone: nobody to tell. (Invalidations are written anyway: one may be starting.)
        m_outgoing.removeIf([](const auto &e) { return !e.first.startsWith(u"cluster."_s); });
    }
    if (m_outgoing.isEmpty() || !m_db.isOpen())
        return; // kept until the connection is back
    if (!m_db.transaction()) {
        drop(m_db.lastError().text());
        return;
    }
    Status s = executeDirect(m_db, u"SELECT pg_advisory_xact_lock("_s +
                                       QString::number(kPublishLock) + u')');
    QSqlQuery insert(m_db);
    if (s.isOk())
        s = prepare(insert, u"INSERT INTO cluster_events (origin, name, payload_enc, created_at) "
                            u"VALUES (?, ?, ?, "_s +
                                kNow + u')');
    qsizetype written = 0;
    for (; s.isOk() && written < m_outgoing.size() && written < 1000; ++written) {
        const auto &[name, json] = m_outgoing.at(written);
        insert.bindValue(0, m_instance);
        insert.bindValue(1, name);
        insert.bindValue(2, m_cipher.sealBytes(PersonalField::ClusterEvent, json));
        s = execute(insert, u"passing an event on"_s);
    }
    if (s.isOk())
        s = executeDirect(m_db, u"NOTIFY "_s + kChannel);
    if (!s.isOk() || !m_db.commit()) {
        m_db.rollback();
        drop(s.isOk() ? m_db.lastError().text() : s.message());
        return;
    }
    m_outgoing.remove(0, written);
    m_warnedDropped = false;
    if (!m_outgoing.isEmpty())
        m_flush->start(0);
}

void ClusterWorker::fetch()
{
    if (!m_db.isOpen())
        return;
    for (;;) {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT id, name, payload_enc FROM cluster_events WHERE id > ? AND origin <> ? "
                  u"ORDER BY id LIMIT "_s +
                  QString::number(kFetchBatch));
        q.addBindValue(m_since);
        q.addBindValue(m_instance);
        if (!q.exec()) {
            drop(q.lastError().text());
            return;
        }
        // Read whole before acting: a query started on this session meanwhile (the shared
        // settings) would discard the rest of these rows.
        QList<QPair<QString, QByteArray>> events;
        int rows = 0;
        while (q.next()) {
            ++rows;
            m_since = q.value(0).toLongLong();
            const Result<QByteArray> json =
                m_cipher.openBytes(PersonalField::ClusterEvent, q.value(2).toByteArray());
            if (!json.isOk()) {
                qCWarning(lcCore).noquote()
                    << "cluster link: an event cannot be opened:" << json.status().message();
                continue;
            }
            events.append({q.value(1).toString(), json.value()});
        }
        q.finish();
        for (const auto &[name, json] : std::as_const(events)) {
            if (name == u"cluster.settings"_s)
                readSettings();
            else
                Q_EMIT received(name, json);
        }
        if (rows < kFetchBatch)
            return;
    }
}

void ClusterWorker::shareSettings(const QVariantMap &changes)
{
    if (!m_db.isOpen() && !ensureConnected()) {
        qCWarning(lcCore) << "cluster link: settings changed here could not be shared:"
                          << m_lastError;
        return;
    }
    if (!m_db.transaction()) {
        drop(m_db.lastError().text());
        return;
    }
    // The publish lock orders versions as it orders events.
    Status s = executeDirect(m_db, u"SELECT pg_advisory_xact_lock("_s +
                                       QString::number(kPublishLock) + u')');
    for (auto it = changes.cbegin(); s.isOk() && it != changes.cend(); ++it) {
        s = execute(
            m_db,
            u"INSERT INTO cluster_settings (key, value_enc, version) VALUES (?, ?, "
            u"(SELECT COALESCE(MAX(version), 0) + 1 FROM cluster_settings)) "
            u"ON CONFLICT (key) DO UPDATE SET value_enc = excluded.value_enc, "
            u"version = excluded.version"_s,
            {it.key(), m_cipher.seal(PersonalField::SharedSetting, u"="_s + it.value().toString())},
            u"sharing a setting"_s);
    }
    if (!s.isOk() || !m_db.commit()) {
        m_db.rollback();
        drop(s.isOk() ? m_db.lastError().text() : s.message());
        return;
    }
    publish(u"cluster.settings"_s, "{}");
}

void ClusterWorker::readSettings()
{
    if (!m_db.isOpen())
        return;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT key, value_enc, version FROM cluster_settings WHERE version > ? "
              u"ORDER BY version"_s);
    q.addBindValue(m_settingsVersion);
    if (!q.exec()) {
        drop(q.lastError().text());
        return;
    }
    QVariantMap changes;
    qint64 newest = m_settingsVersion;
    while (q.next()) {
        // Sealed with a leading "=" so that an empty value (a removed setting) still seals.
        const Result<QString> value =
            m_cipher.open(PersonalField::SharedSetting, q.value(1).toByteArray());
        newest = std::max(newest, q.value(2).toLongLong());
        if (!value.isOk() || !value->startsWith(u'=')) {
            qCWarning(lcCore) << "cluster link: a shared setting cannot be opened";
            continue;
        }
        changes.insert(q.value(0).toString(), value->mid(1));
    }
    if (newest == m_settingsVersion)
        return;
    m_settingsVersion = newest;
    Q_EMIT settingsChanged(changes, newest);
}

void ClusterWorker::sweep()
{
    // Any instance may sweep; doing it twice is harmless.
    QSqlQuery q(m_db);
    q.prepare(u"DELETE FROM cluster_events WHERE created_at < "_s + kNow + u" - ?"_s);
    q.addBindValue(m_timing.keepEventsMs);
    if (!q.exec()) {
        drop(q.lastError().text());
        return;
    }
    // Instances gone for a day are forgotten (what they owned counts as left behind anyway).
    QSqlQuery gone(m_db);
    gone.prepare(u"DELETE FROM cluster_instances WHERE heartbeat_at < "_s + kNow +
                 u" - 86400000"_s);
    if (!gone.exec())
        drop(gone.lastError().text());
}

} // namespace aiochat
