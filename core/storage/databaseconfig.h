#pragma once

#include "domain/status.h"

#include <QString>

namespace aiochat {

/** @brief Which database engine backs the store. */
enum class Engine
{
    Sqlite,
    Postgres
};

/** @brief How hard a commit tries to survive a crash. */
enum class Durability
{
    Process,  ///< survives the process being killed at any instant (SQLite WAL, synchronous=NORMAL)
    PowerLoss ///< also survives power loss: every commit is fsynced (synchronous=FULL)
};

/** @brief Where the data lives: a SQLite file or a PostgreSQL server. */
struct DatabaseConfig
{
    Engine engine = Engine::Sqlite;
    QString sqlitePath;
    QString host;
    int port = 5432;
    QString databaseName;
    QString user;
    QString password;
    QString connectOptions; ///< QPSQL options, "key=value;key=value"
    Durability durability = Durability::Process;
    /**
     * @brief This instance's name when several share a PostgreSQL database: every connection
     * sets it as aiochat.instance, which marks the outbox and journal rows it writes as its own.
     */
    QString instance;

    /** @brief sqlite:///abs/path.db, sqlite:relative.db, postgresql://user:pass@host:port/db?opt=v
     */
    [[nodiscard]] static Result<DatabaseConfig> fromUrl(const QString &url);
    [[nodiscard]] static DatabaseConfig sqliteFile(const QString &path);
    /**
     * @brief An instance's database: @p url (--database) when given, else the SQLite file
     * aiochat.db in @p dataDir.
     */
    [[nodiscard]] static Result<DatabaseConfig> forInstance(const QString &url,
                                                            const QString &dataDir);

    /** @brief For logs and Settings: never includes the password. */
    [[nodiscard]] QString displayName() const;
};

} // namespace aiochat
