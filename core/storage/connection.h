#pragma once

#include "databaseconfig.h"
#include "domain/status.h"

#include <QSqlDatabase>

#include <QSqlQuery>
#include <functional>

namespace aiochat {

/** @brief What a connection is for: the single writer, or one of the readers. */
enum class ConnectionRole
{
    Writer,
    Reader
};

/**
 * @brief Opens a named connection for the calling thread and applies the engine settings
 * (WAL, synchronous level, foreign keys, busy timeout; readers are query-only on SQLite).
 * A QSqlDatabase may only be used by the thread that opened it.
 */
[[nodiscard]] Result<QSqlDatabase> openConnection(const DatabaseConfig &config, const QString &name,
                                                  ConnectionRole role);

/** @brief Closes and unregisters a connection opened by openConnection (same thread). */
void closeConnection(const QString &name);

[[nodiscard]] bool isPostgres(const QSqlDatabase &db);

/**
 * @brief A text value for a NOT NULL column: Qt binds a null QString as SQL NULL, so an unset
 * string becomes an empty one here.
 */
[[nodiscard]] inline QString notNull(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

/** @brief "?, ?, ?" for an IN list of @p count values. */
[[nodiscard]] inline QString placeholders(qsizetype count)
{
    QString out;
    for (qsizetype i = 0; i < count; ++i)
        out += i ? QStringLiteral(", ?") : QStringLiteral("?");
    return out;
}

/** @brief Status for a failed query: what was being done plus the driver's message. */
[[nodiscard]] Status queryError(const QSqlQuery &query, const QString &what);

/** @brief Prepares @p sql, reporting failure as a Status. */
[[nodiscard]] Status prepare(QSqlQuery &query, const QString &sql);

/** @brief Executes a prepared query, reporting failure as a Status naming @p what. */
[[nodiscard]] Status execute(QSqlQuery &query, const QString &what);

/** @brief Prepares @p sql, binds @p binds in order and executes it (statements whose result is
 * not read). */
[[nodiscard]] Status execute(const QSqlDatabase &db, const QString &sql, const QVariantList &binds,
                             const QString &what);

/** @brief Executes one statement without parameters. */
[[nodiscard]] Status executeDirect(const QSqlDatabase &db, const QString &sql);

/**
 * @brief Runs @p work inside a savepoint @p name of the open transaction: when @p work fails,
 * what it wrote is undone and the transaction carries on. @p outcome receives @p work's status
 * (or the savepoint's, when it could not be closed and the work was undone); the status returned
 * is the savepoint's own (an error there must end the transaction).
 */
[[nodiscard]] Status attempt(const QSqlDatabase &db, const QString &name,
                             const std::function<Status()> &work, Status &outcome);

} // namespace aiochat
