#pragma once

#include <QString>

#include <functional>

namespace aiochat {

class CoreHost;

/**
 * @brief The command-line jobs (`aiochat --create-admin`, `--verify-audit`, `--rotate-data-key`).
 * Each runs on a host opened with CoreHost::openForMaintenance(), prints what it does through
 * @p print, and returns the process exit code (0 done, 1 failed or found a problem).
 */
namespace maintenance {

using Print = std::function<void(const QString &line)>;

[[nodiscard]] int createAdministrator(CoreHost &host, const QString &email, const QString &password,
                                      const Print &print);
[[nodiscard]] int verifyAudit(CoreHost &host, const Print &print);
[[nodiscard]] int rotateDataKey(CoreHost &host, const Print &print);

} // namespace maintenance
} // namespace aiochat
