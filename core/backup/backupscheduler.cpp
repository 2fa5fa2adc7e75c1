#include "backupscheduler.h"

#include "config/settings.h"
#include "domain/timestamps.h"
#include "logging/logging.h"
#include "metrics/metricsregistry.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace aiochat::backup {

namespace {

constexpr qint64 kDay = 86'400'000;
// A slot missed while the machine was off is made up this long after start (the instance first
// settles: backlog, outbox), and timers never sleep longer than the recheck, so a clock that
// jumps (NTP, a suspended laptop) is noticed.
constexpr qint64 kCatchUpMs = 60'000;
constexpr qint64 kRecheckMs = 3'600'000;

const QRegularExpression kBackupName(u"^aiochat-(\\d{4}-\\d{2}-\\d{2}-\\d{6})\\.aiochat-backup$"_s);
const QString kNameTime = u"yyyy-MM-dd-HHmmss"_s;

QTime parseAt(const QString &text)
{
    return QTime::fromString(text.trimmed(), u"HH:mm"_s);
}

} // namespace

BackupScheduler::BackupScheduler(Deps deps, QObject *parent)
    : QObject(parent)
    , m_deps(std::move(deps))
    , m_timer(this) // a child, so it moves to the core thread with its parent
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &BackupScheduler::wake);
    m_worker.setMaxThreadCount(1);
    m_worker.setObjectName(u"aiochat-backup"_s);
    m_deps.metrics.describe("aiochat_backups_total", MetricsRegistry::Type::Counter,
                            "Scheduled and on-demand backups, by outcome.");
    m_deps.metrics.describe("aiochat_backup_last_success_timestamp_seconds",
                            MetricsRegistry::Type::Gauge,
                            "When the last backup that succeeded was made.");
}

BackupScheduler::~BackupScheduler()
{
    m_worker.waitForDone();
}

Status BackupScheduler::start()
{
    m_started = true;
    if (m_deps.sqlitePath.isEmpty()) {
        qCInfo(lcStorage) << "scheduled backups: the data is in PostgreSQL; back it up with "
                             "pg_dump (see aiochat --backup)";
        return Status::ok();
    }
    reschedule();
    return Status::ok();
}

void BackupScheduler::stop()
{
    m_started = false;
    m_timer.stop();
    // A backup under way stops at its next megabyte and leaves no file; the next start makes
    // up the day.
    m_cancel->store(true);
    m_worker.waitForDone();
    m_cancel->store(false);
}

QString BackupScheduler::directory() const
{
    const QString configured = m_deps.settings.value(u"backup/dir"_s).toString().trimmed();
    return configured.isEmpty() ? QDir(m_deps.dataDir).filePath(u"backups"_s) : configured;
}

qint64 BackupScheduler::nextRun(qint64 now) const
{
    const QTimeZone zone(m_deps.timeZone().toUtf8());
    QTime at = parseAt(m_deps.settings.value(u"backup/at"_s, u"02:30"_s).toString());
    if (!at.isValid())
        at = QTime(2, 30);
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(now, zone);
    QDateTime slot(local.date(), at, zone);
    if (slot.toMSecsSinceEpoch() <= now)
        slot = QDateTime(local.date().addDays(1), at, zone);
    return slot.toMSecsSinceEpoch();
}

void BackupScheduler::reschedule()
{
    m_timer.stop();
    m_next = 0;
    if (!m_started || m_deps.sqlitePath.isEmpty() ||
        !m_deps.settings.value(u"backup/daily"_s, false).toBool())
        return;
    const qint64 now = nowMillis();
    m_next = nextRun(now);
    // The newest backup older than the last slot: the machine was off then. Make it up soon.
    const QStringList names =
        QDir(directory()).entryList({u"aiochat-*.aiochat-backup"_s}, QDir::Files, QDir::Name);
    qint64 newest = 0;
    for (const QString &name : names) {
        const auto match = kBackupName.match(name);
        if (!match.hasMatch())
            continue;
        QDateTime made = QDateTime::fromString(match.captured(1), kNameTime);
        made.setTimeZone(QTimeZone::utc()); // named in UTC, see run()
        newest = qMax(newest, made.toMSecsSinceEpoch());
    }
    const qint64 lastSlot = m_next - kDay;
    if (newest != 0 && newest < lastSlot)
        m_next = qMin(m_next, now + kCatchUpMs);
    wake();
}

void BackupScheduler::wake()
{
    if (m_next == 0)
        return;
    const qint64 now = nowMillis();
    if (now >= m_next) {
        run();
        m_next = nextRun(now + 1000);
    }
    m_timer.start(int(qBound<qint64>(1, m_next - nowMillis(), kRecheckMs)));
}

Status BackupScheduler::runNow()
{
    if (m_deps.sqlitePath.isEmpty())
        return Status::failedPrecondition(
            u"this instance keeps its data in PostgreSQL: back it up with pg_dump"_s);
    if (m_running)
        return Status::failedPrecondition(u"a backup is being made right now"_s);
    run();
    return Status::ok();
}

void BackupScheduler::run()
{
    if (m_running)
        return;
    const QString dir = directory();
    if (!QDir().mkpath(dir)) {
        done(Status::unavailable(u"cannot create the backup folder "_s + dir), QString());
        return;
    }
    QFile::setPermissions(dir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // Names sort by time: UTC, so a change of zone or daylight saving never reorders them.
    const QString file = QDir(dir).filePath(
        u"aiochat-"_s +
        QDateTime::fromMSecsSinceEpoch(nowMillis(), QTimeZone::utc()).toString(kNameTime) +
        u".aiochat-backup"_s);
    BackupRequest request;
    request.dataDir = m_deps.dataDir;
    request.sqlitePath = m_deps.sqlitePath;
    request.outputPath = file;
    request.appVersion = QCoreApplication::applicationVersion();
    request.cancelled = m_cancel;
    m_running = true;
    qCInfo(lcStorage).noquote() << "backup: writing" << file;
    QPointer<BackupScheduler> self(this);
    m_worker.start([self, request, file] {
        const Result<BackupResult> result = makeBackup(request);
        QMetaObject::invokeMethod(
            self.data(),
            [self, result, file] {
                if (self)
                    self->done(result, file);
            },
            Qt::QueuedConnection);
    });
}

void BackupScheduler::done(const Result<BackupResult> &result, const QString &file)
{
    m_running = false;
    const qint64 now = nowMillis();
    if (result.isOk()) {
        m_last = {{u"ok"_s, true},
                  {u"at"_s, toIsoString(now)},
                  {u"file"_s, file},
                  {u"bytes"_s, result->bytes},
                  {u"summary"_s, result->manifest.summary()}};
        m_deps.metrics.increment("aiochat_backups_total", "outcome=\"ok\"");
        m_deps.metrics.set("aiochat_backup_last_success_timestamp_seconds", {},
                           double(now) / 1000.0);
        qCInfo(lcStorage).noquote() << "backup: done," << result->manifest.summary();
        prune();
    } else {
        m_last = {
            {u"ok"_s, false}, {u"at"_s, toIsoString(now)}, {u"error"_s, result.status().message()}};
        m_deps.metrics.increment("aiochat_backups_total", "outcome=\"failed\"");
        qCWarning(lcStorage).noquote() << "backup failed:" << result.status().message();
    }
    Q_EMIT finished(status());
}

void BackupScheduler::prune()
{
    const int keep = qBound(1, m_deps.settings.value(u"backup/keep"_s, 7).toInt(), 365);
    QDir dir(directory());
    QStringList ours;
    for (const QString &name : dir.entryList(QDir::Files, QDir::Name))
        if (kBackupName.match(name).hasMatch())
            ours.append(name); // nothing else in the folder is ever removed
    for (qsizetype i = 0; i + keep < ours.size(); ++i) {
        if (dir.remove(ours.at(i)))
            qCInfo(lcStorage).noquote() << "backup: removed the old" << ours.at(i);
    }
}

QJsonObject BackupScheduler::status() const
{
    QJsonObject o{{u"available"_s, !m_deps.sqlitePath.isEmpty()},
                  {u"enabled"_s, m_deps.settings.value(u"backup/daily"_s, false).toBool()},
                  {u"at"_s, m_deps.settings.value(u"backup/at"_s, u"02:30"_s).toString()},
                  {u"timeZone"_s, m_deps.timeZone()},
                  {u"keep"_s, m_deps.settings.value(u"backup/keep"_s, 7).toInt()},
                  {u"dir"_s, directory()},
                  {u"running"_s, m_running},
                  {u"nextRun"_s, toIsoString(m_next)}};
    if (!m_last.isEmpty())
        o.insert(u"last"_s, m_last);
    return o;
}

Status BackupScheduler::configure(const QJsonObject &changes)
{
    static const QStringList known{u"enabled"_s, u"at"_s, u"keep"_s, u"dir"_s};
    for (auto it = changes.begin(); it != changes.end(); ++it)
        if (!known.contains(it.key()))
            return Status::invalidArgument(u"unknown setting \""_s + it.key() + u'"');
    if (changes.contains(u"enabled"_s) && !changes.value(u"enabled"_s).isBool())
        return Status::invalidArgument(u"enabled: true or false"_s);
    if (changes.contains(u"at"_s) && !parseAt(changes.value(u"at"_s).toString()).isValid())
        return Status::invalidArgument(u"at: a time of day as HH:mm, e.g. 02:30"_s);
    const int keep = changes.value(u"keep"_s).toInt(7);
    if (changes.contains(u"keep"_s) && (keep < 1 || keep > 365))
        return Status::invalidArgument(u"keep: how many backups to keep, 1 to 365"_s);
    const QString dir = changes.value(u"dir"_s).toString().trimmed();
    if (changes.contains(u"dir"_s) && !dir.isEmpty() && QDir::isRelativePath(dir))
        return Status::invalidArgument(u"dir: an absolute folder, e.g. /mnt/backup/aiochat"_s);
    if (changes.contains(u"enabled"_s) && changes.value(u"enabled"_s).toBool() &&
        m_deps.sqlitePath.isEmpty())
        return Status::failedPrecondition(
            u"this instance keeps its data in PostgreSQL: back it up with pg_dump"_s);
    if (changes.contains(u"enabled"_s))
        m_deps.settings.setValue(u"backup/daily"_s, changes.value(u"enabled"_s).toBool());
    if (changes.contains(u"at"_s))
        m_deps.settings.setValue(u"backup/at"_s,
                                 parseAt(changes.value(u"at"_s).toString()).toString(u"HH:mm"_s));
    if (changes.contains(u"keep"_s))
        m_deps.settings.setValue(u"backup/keep"_s, keep);
    if (changes.contains(u"dir"_s))
        m_deps.settings.setValue(u"backup/dir"_s, dir);
    reschedule();
    return Status::ok();
}

} // namespace aiochat::backup
