#pragma once

#include "backup.h"
#include "host/coreservice.h"

#include <QJsonObject>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <functional>

namespace aiochat {

class MetricsRegistry;
class Settings;

namespace backup {

/**
 * @brief The daily backup (settings `backup/daily`, `backup/at` "HH:mm" in the automation time
 * zone, `backup/keep` newest files, `backup/dir`): `aiochat-YYYY-MM-DD-HHmm.aiochat-backup`
 * files made with makeBackup() — no keys, which would need a passphrase on disk — on a worker
 * thread of its own, then the oldest beyond `keep` removed. A day the machine was off at that
 * time is made up shortly after start. SQLite only: a PostgreSQL deployment backs up with
 * pg_dump, outside AIO-CHAT.
 *
 * It keeps its own timer rather than using the automation jobs: those are rows of the very
 * database it copies, and a backup must still run when that database cannot be written.
 * Lives on the core thread.
 */
class BackupScheduler : public QObject, public CoreService
{
    Q_OBJECT
public:
    struct Deps
    {
        Settings &settings;
        MetricsRegistry &metrics;
        QString dataDir;
        QString sqlitePath; ///< empty on PostgreSQL: nothing is scheduled
        std::function<QString()> timeZone;
    };

    BackupScheduler(Deps deps, QObject *parent = nullptr);
    ~BackupScheduler() override;

    [[nodiscard]] QString serviceName() const override { return QStringLiteral("backups"); }
    [[nodiscard]] Status start() override;
    void stop() override;

    /** @brief Settings, the last outcome and the next run, for `backup.status`. */
    [[nodiscard]] QJsonObject status() const;
    /** @brief Checks and stores {enabled, at, keep, dir} (any subset), then reschedules. */
    [[nodiscard]] Status configure(const QJsonObject &changes);
    /** @brief A backup now (`backup.runNow`); refused while one runs or on PostgreSQL. */
    [[nodiscard]] Status runNow();

Q_SIGNALS:
    /** @brief A backup ended; @p outcome is status() at that moment. */
    void finished(const QJsonObject &outcome);

private:
    [[nodiscard]] QString directory() const;
    [[nodiscard]] qint64 nextRun(qint64 now) const;
    void reschedule();
    void wake();
    void run();
    void done(const Result<BackupResult> &result, const QString &file);
    void prune();

    Deps m_deps;
    QTimer m_timer;
    QThreadPool m_worker;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
    bool m_running = false;
    bool m_started = false;
    qint64 m_next = 0;
    QJsonObject m_last;
};

} // namespace backup
} // namespace aiochat
