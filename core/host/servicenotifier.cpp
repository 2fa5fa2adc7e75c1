#include "servicenotifier.h"

#include "logging/logging.h"

#include <QPointer>

#include <systemd/sd-daemon.h>

using namespace Qt::StringLiterals;

namespace aiochat {

ServiceNotifier::ServiceNotifier(QObject *parent)
    : QObject(parent)
{
    m_watchdog.setTimerType(Qt::CoarseTimer);
    connect(&m_watchdog, &QTimer::timeout, this, &ServiceNotifier::ping);
}

qint64 ServiceNotifier::watchdogIntervalMs()
{
    uint64_t usec = 0;
    // > 0 only when WATCHDOG_USEC is set for this very process (WATCHDOG_PID, if given, matches).
    return sd_watchdog_enabled(0, &usec) > 0 ? qint64(usec / 1000) : 0;
}

void ServiceNotifier::ready(const QString &status, Probe probe)
{
    m_probe = std::move(probe);
    sd_notify(0, ("READY=1\nSTATUS="_ba + status.toUtf8()).constData());
    const qint64 interval = watchdogIntervalMs();
    if (interval > 0 && m_probe) {
        // Half the interval, as sd_watchdog_enabled(3) advises: one late probe is not a restart.
        m_watchdog.start(int(qMax<qint64>(interval / 2, 1)));
        qCInfo(lcCore) << "systemd watchdog: a ping every" << interval / 2 << "ms";
    }
}

void ServiceNotifier::stopping()
{
    m_watchdog.stop();
    sd_notify(0, "STOPPING=1");
}

void ServiceNotifier::ping()
{
    if (m_probing)
        return; // the last probe has not come back: no ping until it does
    m_probing = true;
    QPointer<ServiceNotifier> self(this);
    m_probe([self] {
        if (!self)
            return;
        self->m_probing = false;
        sd_notify(0, "WATCHDOG=1");
    });
}

} // namespace aiochat
