#pragma once

#include <QString>
#include <QStringList>

#include <functional>

namespace aiochat {

class CoreHost;
struct Options;

/**
 * @brief The command-line jobs (`aiochat --create-admin`, `--verify-audit`, `--rotate-data-key`).
 * Each runs on a host opened with CoreHost::openForMaintenance(), prints what it does on
 * @p console, and returns the process exit code (0 done, 1 failed or found a problem).
 */
namespace maintenance {

using Print = std::function<void(const QString &line)>;

/** @brief Where a job's lines go: results to @c out, failures to @c error. */
struct Console
{
    Print out;
    Print error;
};

[[nodiscard]] int createAdministrator(CoreHost &host, const QString &email, const QString &password,
                                      const Console &console);
[[nodiscard]] int verifyAudit(CoreHost &host, const Console &console);
[[nodiscard]] int rotateDataKey(CoreHost &host, const Console &console);
/**
 * @brief `--ingest [--contact C] PATH…`: every file (folders walked, in name order) into the
 * shared base or customer @p contact's documents (a policy number or an id); one line per file.
 */
[[nodiscard]] int ingest(CoreHost &host, const QString &contact, const QStringList &paths,
                         const Console &console);

/** @brief Asks for a passphrase (standard input); @p confirm: ask twice when interactive. */
using AskPassphrase = std::function<QString(bool confirm)>;

/**
 * @brief `--backup FILE [--include-keys]` of the instance @p options describe, running or not
 * (SQLite; PostgreSQL gets pg_dump guidance). Prints what the backup holds, its size and time.
 */
[[nodiscard]] int backup(const Options &options, const AskPassphrase &ask, const Console &console);

/**
 * @brief `--restore FILE --data-dir DIR`: the backup into an empty DIR, then the restored
 * instance opened and checked (keys, migrations forward, the audit chain); what was written is
 * removed again when a check fails. Prints what was restored.
 */
[[nodiscard]] int restore(const Options &options, const AskPassphrase &ask, const Console &console);

} // namespace maintenance
} // namespace aiochat
