#pragma once

#include "domain/operatoraccount.h"
#include "domain/status.h"

#include <QSqlDatabase>

#include <optional>

namespace aiochat {

/** @brief Operator accounts. E-mails are stored lower-case so logins are case-insensitive. */
class OperatorRepository
{
public:
    explicit OperatorRepository(QSqlDatabase db);

    [[nodiscard]] Result<qint64> insert(const OperatorAccount &op);
    [[nodiscard]] Result<std::optional<OperatorAccount>> find(qint64 id);
    [[nodiscard]] Result<std::optional<OperatorAccount>> findByEmail(const QString &email);
    [[nodiscard]] Result<QList<OperatorAccount>> list();
    [[nodiscard]] Result<qint64> count();
    /** @brief New hash; bumps the token generation so every existing session ends. */
    [[nodiscard]] Status setPassword(qint64 id, const QString &hash);
    [[nodiscard]] Status setRole(qint64 id, Role role);
    /** @brief Disabling also bumps the token generation. */
    [[nodiscard]] Status setDisabled(qint64 id, bool disabled);
    [[nodiscard]] Status recordSuccess(qint64 id);
    /** @brief Ends every open session of the operator (their refresh tokens stop working). */
    [[nodiscard]] Status revokeSessions(qint64 id);

private:
    [[nodiscard]] Status update(const QString &sql, const QVariantList &binds, const QString &what);

    QSqlDatabase m_db;
};

/**
 * @brief Whether @p id names an operator who may be given work (exists, not disabled); the error
 * names @p parameter. Assignment of conversations and tasks both ask.
 */
[[nodiscard]] Status checkActiveOperator(QSqlDatabase &db, qint64 id, const QString &parameter);

} // namespace aiochat
