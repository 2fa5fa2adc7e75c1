#include "clusterlink.h"

#include "clusterworker.h"

#include "logging/logging.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {
const QString kInvalidation = u"cluster."_s;
}

ClusterLink::ClusterLink(const DatabaseConfig &config, const PersonalDataCipher &cipher,
                         ClusterTiming timing, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_cipher(cipher)
    , m_instance(config.instance)
    , m_timing(timing)
    , m_shared(config.engine == Engine::Postgres)
{}

ClusterLink::~ClusterLink()
{
    stop();
}

Status ClusterLink::start()
{
    if (!m_shared || m_thread)
        return Status::ok();
    m_thread = new QThread;
    m_thread->setObjectName(u"aiochat-cluster"_s);
    m_worker = new ClusterWorker(m_config, m_cipher, m_timing);
    m_worker->moveToThread(m_thread);
    m_thread->start();

    // The lease is judged here, on the core thread, by the time since the last renewal: a worker
    // stuck in a query to an unreachable server cannot keep it valid.
    auto lastRenewal = std::make_shared<QElapsedTimer>();
    auto judge = [this, lastRenewal] {
        const bool heldPoller = holdsPoller();
        const bool valid = lastRenewal->isValid() && lastRenewal->elapsed() < m_timing.leaseMs / 2;
        if (valid != m_leaseValid) {
            m_leaseValid = valid;
            qCInfo(lcCore) << (valid ? "cluster lease held" : "cluster lease not renewed in time");
            Q_EMIT leaseChanged(valid);
        }
        if (heldPoller != holdsPoller())
            Q_EMIT pollerChanged(holdsPoller());
    };
    // After the database was away longer than a lease, every instance looks dead to the others
    // for a moment: nothing is taken over until the others had a lease's time to renew.
    auto connectedAt = std::make_shared<QElapsedTimer>();
    connect(m_worker, &ClusterWorker::connected, this, [connectedAt] { connectedAt->start(); });
    connect(m_worker, &ClusterWorker::renewed, this,
            [this, lastRenewal, judge, connectedAt](int live) {
                m_live = live;
                lastRenewal->start();
                judge();
                if (connectedAt->isValid() && connectedAt->elapsed() >= m_timing.leaseMs)
                    Q_EMIT heartbeat();
            });
    auto *check = new QTimer(this);
    connect(check, &QTimer::timeout, this, judge);
    check->start(std::max(50, m_timing.heartbeatMs / 2));
    connect(m_worker, &ClusterWorker::leaseLost, this, &ClusterLink::leaseLost);
    connect(m_worker, &ClusterWorker::pollerChanged, this, [this](bool holds) {
        const bool before = holdsPoller();
        m_poller = holds;
        if (before != holdsPoller())
            Q_EMIT pollerChanged(holdsPoller());
    });
    connect(m_worker, &ClusterWorker::received, this, &ClusterLink::onRemote);
    connect(m_worker, &ClusterWorker::settingsChanged, this, &ClusterLink::settingsChanged);
    m_worker->setSettingsVersion(m_settingsVersion);

    Status begun;
    QMetaObject::invokeMethod(
        m_worker, [this, &begun] { begun = m_worker->begin(); }, Qt::BlockingQueuedConnection);
    if (!begun.isOk()) {
        stop();
        return begun;
    }
    qCInfo(lcCore).noquote() << "sharing the database as" << m_instance;
    return Status::ok();
}

void ClusterLink::stop()
{
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->end(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
    delete m_thread;
    m_worker = nullptr;
    m_thread = nullptr;
    m_leaseValid = false;
    m_poller = false;
}

void ClusterLink::publish(const QString &name, const QJsonObject &payload)
{
    // Alone, an event has nobody to reach: not even serialised (invalidations always go, one
    // instance may be starting).
    if (!m_worker || (m_live <= 1 && !name.startsWith(kInvalidation)))
        return;
    const QByteArray json = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, name, json] { worker->publish(name, json); },
        Qt::QueuedConnection);
}

void ClusterLink::invalidate(const QString &cache)
{
    publish(kInvalidation + cache, {});
}

void ClusterLink::shareSettings(const QVariantMap &changes)
{
    if (!m_worker || changes.isEmpty())
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, changes] { worker->shareSettings(changes); },
        Qt::QueuedConnection);
}

void ClusterLink::onRemote(const QString &name, const QByteArray &json)
{
    if (name.startsWith(kInvalidation)) {
        Q_EMIT invalidated(name.mid(kInvalidation.size()));
        return;
    }
    Q_EMIT remoteEvent(name, QJsonDocument::fromJson(json).object());
}

} // namespace aiochat
