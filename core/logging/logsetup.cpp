#include "logsetup.h"

#include "redactor.h"

#include <QDir>
#include <QLoggingCategory>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/systemd_sink.h>
#include <spdlog/spdlog.h>

#include <array>
#include <memory>
#include <mutex>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr std::size_t kMaxFileBytes = 10 * 1024 * 1024;
constexpr std::size_t kMaxFiles = 5;

std::mutex g_mutex;
std::shared_ptr<spdlog::logger> g_logger;
QString g_filePath;

constexpr std::array<std::pair<QStringView, spdlog::level::level_enum>, 7> kLevels{{
    {u"trace", spdlog::level::trace},
    {u"debug", spdlog::level::debug},
    {u"info", spdlog::level::info},
    {u"warning", spdlog::level::warn},
    {u"error", spdlog::level::err},
    {u"critical", spdlog::level::critical},
    {u"off", spdlog::level::off},
}};

spdlog::level::level_enum levelFor(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return spdlog::level::debug;
    case QtInfoMsg:
        return spdlog::level::info;
    case QtWarningMsg:
        return spdlog::level::warn;
    case QtCriticalMsg:
        return spdlog::level::err;
    case QtFatalMsg:
        return spdlog::level::critical;
    }
    return spdlog::level::info;
}

void messageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    std::shared_ptr<spdlog::logger> logger;
    {
        std::lock_guard lock(g_mutex);
        logger = g_logger;
    }
    if (!logger)
        return;
    const auto level = levelFor(type);
    if (!logger->should_log(level))
        return;
    const char *category = context.category ? context.category : "default";
    QString line = Redactor::instance().scrub(message);
    // QML warnings carry their source location; keep it, it is what makes them actionable.
    if (context.file && qstrncmp(category, "aiochat.", 8) != 0 &&
        (type == QtWarningMsg || type == QtCriticalMsg))
        line +=
            u" ("_s + QString::fromUtf8(context.file) + u':' + QString::number(context.line) + u')';
    logger->log(level, "{}: {}", category, line.toStdString());
    if (type == QtFatalMsg)
        logger->flush();
}

} // namespace

bool isValidLogLevel(const QString &level)
{
    for (const auto &[name, _] : kLevels) {
        if (name == level)
            return true;
    }
    return false;
}

bool stderrIsJournal()
{
    const QByteArray stream = qgetenv("JOURNAL_STREAM");
    struct stat info
    {};
    if (stream.isEmpty() || ::fstat(STDERR_FILENO, &info) != 0)
        return false;
    return stream == QByteArray::number(quint64(info.st_dev)) + ':' +
                         QByteArray::number(quint64(info.st_ino));
}

Status initLogging(const LogOptions &options)
{
    spdlog::level::level_enum level = spdlog::level::info;
    bool known = false;
    for (const auto &[name, l] : kLevels) {
        if (name == options.level) {
            level = l;
            known = true;
        }
    }
    if (!known)
        return Status::invalidArgument(u"unknown log level \""_s + options.level + u'"');

    std::vector<spdlog::sink_ptr> sinks;
    QString filePath;
    if (options.journal) {
        // The journal stamps time, process and thread itself; the line is the message.
        auto journal = std::make_shared<spdlog::sinks::systemd_sink_mt>("aiochat", false);
        journal->set_pattern("%v");
        sinks.push_back(std::move(journal));
    } else if (options.console)
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    if (!options.directory.isEmpty() && !options.journal) {
        QDir dir(options.directory);
        if (!dir.mkpath(u"."_s))
            return Status::unavailable(u"cannot create the log directory "_s + options.directory);
        filePath = dir.filePath(u"aiochat.log"_s);
        try {
            sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                QFile::encodeName(filePath).toStdString(), kMaxFileBytes, kMaxFiles));
        } catch (const spdlog::spdlog_ex &e) {
            return Status::unavailable(u"cannot open the log file: "_s +
                                       QString::fromUtf8(e.what()));
        }
    }
    auto logger = std::make_shared<spdlog::logger>("aiochat", sinks.begin(), sinks.end());
    if (!options.journal)
        logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %-8l [%t] %v");
    logger->set_level(level);
    logger->flush_on(spdlog::level::warn);

    {
        std::lock_guard lock(g_mutex);
        g_logger = logger;
        g_filePath = filePath;
    }
    // Registered so spdlog's periodic flusher covers it; dropped first so re-initialising works.
    spdlog::drop("aiochat");
    spdlog::register_logger(logger);
    // Debug lines of our own categories are off unless asked for: they are the chatty ones.
    QLoggingCategory::setFilterRules(level <= spdlog::level::debug ? u"aiochat.*.debug=true"_s
                                                                   : u"aiochat.*.debug=false"_s);
    spdlog::flush_every(std::chrono::seconds(1));
    qInstallMessageHandler(messageHandler);
    return Status::ok();
}

void shutdownLogging()
{
    qInstallMessageHandler(nullptr);
    std::shared_ptr<spdlog::logger> logger;
    {
        std::lock_guard lock(g_mutex);
        logger = std::move(g_logger);
        g_filePath.clear();
    }
    if (logger)
        logger->flush();
    // Also stops the periodic flush thread now, while everything it may touch is alive: left to
    // spdlog's static destructor it is joined during exit(), after other statics are gone, and
    // its thread-local clean-up could then free memory twice (seen as a rare crash at exit).
    spdlog::shutdown();
}

QString logFilePath()
{
    std::lock_guard lock(g_mutex);
    return g_filePath;
}

} // namespace aiochat
