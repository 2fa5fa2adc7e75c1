#pragma once

#include <QString>
#include <QStringList>

namespace aiochat {

/** @brief One-off jobs the binary runs instead of starting the application. */
enum class MaintenanceTask
{
    None,
    CreateAdmin,   ///< --create-admin EMAIL (password on stdin or AIOCHAT_ADMIN_PASSWORD)
    VerifyAudit,   ///< --verify-audit
    RotateDataKey, ///< --rotate-data-key
    Ingest,        ///< --ingest [--contact POLICY_NUMBER|ID] FILE|DIR…
    Backup,        ///< --backup FILE [--include-keys] (passphrase on stdin)
    Restore,       ///< --restore FILE (into --data-dir, which must be empty)
};

/** @brief Everything the command line and AIOCHAT_* environment variables configure. */
struct Options
{
    MaintenanceTask task = MaintenanceTask::None;
    QString adminEmail;       ///< for --create-admin
    QStringList ingestPaths;  ///< for --ingest: files and folders
    QString ingestContact;    ///< for --ingest: a customer's policy number or id; empty = shared
    QString backupFile;       ///< for --backup and --restore
    bool includeKeys = false; ///< for --backup: the keys too, sealed with a passphrase
    bool headless = false;
    bool demo = false;
    QString connectUrl;  ///< a remote instance's listener: show its console, run no backend here
    QString dataDir;     ///< defaults to the XDG data location (~/.local/share/aiochat)
    QString databaseUrl; ///< empty = SQLite file in the data directory
    QString listenAddress = QStringLiteral("127.0.0.1");
    quint16 port = 8080; ///< 0 = any free port (tests)
    /// Given on the command line or in the environment: then aiochat.ini's listener/address and
    /// listener/port (set from the Settings page) do not apply.
    bool listenAddressGiven = false;
    bool portGiven = false;
    QString logLevel = QStringLiteral("info");
    QString secretsMode = QStringLiteral("auto"); ///< auto, keychain or file
};

} // namespace aiochat
