#pragma once

#include <QObject>
#include <QTimer>

#include <functional>

namespace aiochat {

/**
 * @brief Tells systemd how the service is doing (sd_notify): ready once the instance serves,
 * stopping when it shuts down, and — when the unit sets `WatchdogSec=` — a watchdog ping at half
 * the interval, sent only after a health probe answers. The probe goes through the database
 * writer and back to this thread, so a stuck writer or a stuck event loop stops the pings and
 * systemd restarts the service (the inbound journal then replays what was acknowledged).
 * Outside systemd (no NOTIFY_SOCKET) every call does nothing.
 */
class ServiceNotifier : public QObject
{
    Q_OBJECT
public:
    /** @brief Runs a probe; it calls its argument on this object's thread once healthy. */
    using Probe = std::function<void(std::function<void()> healthy)>;

    explicit ServiceNotifier(QObject *parent = nullptr);

    /** @brief READY=1 with @p status shown by `systemctl status`; starts the watchdog pings. */
    void ready(const QString &status, Probe probe);
    /** @brief STOPPING=1: shutdown may take a moment (writes are flushed). */
    void stopping();

    /** @brief The watchdog interval systemd asks for, in ms (0 when none). */
    [[nodiscard]] static qint64 watchdogIntervalMs();

private:
    void ping();

    Probe m_probe;
    QTimer m_watchdog;
    bool m_probing = false;
};

} // namespace aiochat
