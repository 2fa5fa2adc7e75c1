#pragma once

#include "domain/status.h"

#include <QSqlQuery>

#include <memory>

namespace aiochat {

/**
 * @brief A prepared statement for one use, taken from a per-connection cache: preparing the
 * same SQL again and again costs more than running it, and the journal processor runs the same
 * handful of statements for every message. On scope exit the statement is finished so it holds
 * no read snapshot. If the same SQL is still in use further up the stack, a fresh one is made.
 * Connections are thread-bound, so is the cache.
 */
class Statement
{
public:
    Statement(const QSqlDatabase &db, const QString &sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    [[nodiscard]] const Status &status() const { return m_status; }
    [[nodiscard]] QSqlQuery &query() { return *m_query; }

    /** @brief Drops the cached statements of a connection (call before closing it). */
    static void releaseCache(const QString &connectionName);

private:
    QSqlQuery *m_query = nullptr;
    std::unique_ptr<QSqlQuery> m_owned;
    Status m_status;
};

} // namespace aiochat
