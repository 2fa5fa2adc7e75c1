#pragma once

#include <QString>
#include <QStringList>

#include <functional>

namespace aiochat {

class CoreHost;

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

} // namespace maintenance
} // namespace aiochat
