#pragma once

#include "config/secretstore.h"
#include "domain/status.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace aiochat::backup {

/** @brief What a backup holds, as its manifest says (shown before and after a restore). */
struct Manifest
{
    QString createdAt; ///< ISO 8601, UTC
    QString appVersion;
    int schemaVersion = 0;
    qint64 contacts = 0;
    qint64 conversations = 0;
    qint64 messages = 0;
    qint64 files = 0; ///< customers' files kept beside the database
    bool keys = false;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static Manifest fromJson(const QJsonObject &json);
    /** @brief "12 contacts, 30 conversations, 1,204 messages, 8 files, schema 22". */
    [[nodiscard]] QString summary() const;
};

struct BackupRequest
{
    QString dataDir;    ///< settings (aiochat.ini) come from here
    QString sqlitePath; ///< the database; its files live in BlobFiles::directoryFor(sqlitePath)
    QString outputPath;
    /// Set: the keys go in too, sealed with a key derived from this passphrase.
    std::optional<QString> keysPassphrase;
    SecretStore *secrets = nullptr; ///< where the keys are read (with keysPassphrase)
    QString appVersion;
    /// Set while the backup runs: it stops at the next file or megabyte and leaves nothing
    /// (the snapshot itself, one SQLite call, is not interrupted).
    std::shared_ptr<const std::atomic<bool>> cancelled;
};

struct BackupResult
{
    Manifest manifest;
    qint64 bytes = 0;
};

/**
 * @brief A consistent snapshot of a running (or stopped) instance into one file: the SQLite
 * database through SQLite's online backup API (writers carry on meanwhile), the files its rows
 * refer to, the settings and, when asked, the keys. The file appears whole or not at all: it is
 * written beside its final name and renamed when complete, so a full disk leaves nothing behind.
 */
[[nodiscard]] Result<BackupResult> makeBackup(const BackupRequest &request);

/** @brief The smallest passphrase accepted for sealing keys. */
constexpr int kMinPassphraseLength = 10;

struct RestoreRequest
{
    QString archivePath;
    QString dataDir;
    /// Asked only when the backup holds keys; an empty answer gives up.
    std::function<QString()> passphrase;
    SecretStore::Mode secretsMode = SecretStore::Mode::Auto;
};

struct RestoreResult
{
    Manifest manifest;
    QStringList secrets; ///< the names of the secrets put back
    qint64 files = 0;    ///< entries written into the data directory
};

/**
 * @brief Why @p dataDir cannot receive a restore (in use by a running AIO-CHAT, or not empty),
 * or Ok when it is missing or empty.
 */
[[nodiscard]] Status checkRestoreTarget(const QString &dataDir);

/**
 * @brief Puts a backup into an empty data directory: the whole file is checked first (format,
 * checksum, the keys' passphrase), then the database, files and settings are written and the keys
 * put in the secrets store for that directory. On any failure what was written is removed again.
 * Integrity checks that need the keys (the audit chain) are the caller's, on the restored
 * instance (maintenance::restore).
 */
[[nodiscard]] Result<RestoreResult> restoreBackup(const RestoreRequest &request);

/** @brief Removes what a failed restore wrote: every entry of @p dataDir and the @p secrets. */
void undoRestore(const QString &dataDir, const QStringList &secrets, SecretStore::Mode secretsMode);

} // namespace aiochat::backup
