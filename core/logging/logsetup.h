#pragma once

#include "domain/status.h"

#include <QString>

namespace aiochat {

/** @brief Where and how much to log. */
struct LogOptions
{
    QString directory;                      ///< rotating file lives here; empty = console only
    QString level = QStringLiteral("info"); ///< trace, debug, info, warning, error, critical, off
    bool console = true;
    /// systemd's journal instead of the console and the file (run as a service): one copy,
    /// with levels as journal priorities.
    bool journal = false;
};

/**
 * @brief Whether standard error is systemd's journal stream (JOURNAL_STREAM names its device and
 * inode), i.e. the process runs as a systemd service with its output in the journal.
 */
[[nodiscard]] bool stderrIsJournal();

/** @brief Valid log level names, for --help and validation. */
[[nodiscard]] bool isValidLogLevel(const QString &level);

/**
 * @brief Sets up spdlog (rotating file + console) and routes every Qt message into it, QML
 * warnings included. Each line is scrubbed by the Redactor before it reaches a sink.
 */
[[nodiscard]] Status initLogging(const LogOptions &options);

/** @brief Flushes and detaches the sinks; Qt messages go back to Qt's default handler. */
void shutdownLogging();

/** @brief Path of the current log file (empty when logging to the console only). */
[[nodiscard]] QString logFilePath();

} // namespace aiochat
