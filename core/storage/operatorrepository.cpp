#include "operatorrepository.h"

#include "connection.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

const QString kColumns =
    u"id, email, display_name, role, password_hash, disabled, failed_logins, locked_until, "
    u"token_generation, password_changed_at, last_login_at, created_at"_s;

OperatorAccount fromRow(const QSqlQuery &q)
{
    OperatorAccount o;
    o.id = q.value(0).toLongLong();
    o.email = q.value(1).toString();
    o.displayName = q.value(2).toString();
    o.role = roleFromString(q.value(3).toString()).value_or(Role::Viewer);
    o.passwordHash = q.value(4).toString();
    o.disabled = q.value(5).toBool();
    o.tokenGeneration = q.value(8).toInt();
    o.passwordChangedAt = q.value(9).toLongLong();
    o.lastLoginAt = q.value(10).toLongLong();
    o.createdAt = q.value(11).toLongLong();
    return o;
}

} // namespace

OperatorRepository::OperatorRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> OperatorRepository::insert(const OperatorAccount &op)
{
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO operators (email, display_name, role, password_hash, disabled, "
              u"password_changed_at, "
              u"created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?) RETURNING id"_s);
    const Millis now = nowMillis();
    q.addBindValue(op.email.trimmed().toLower());
    q.addBindValue(notNull(op.displayName));
    q.addBindValue(toString(op.role));
    q.addBindValue(op.passwordHash);
    q.addBindValue(now);
    q.addBindValue(now);
    q.addBindValue(now);
    if (Status s = execute(q, u"creating an operator"_s); !s.isOk())
        return s.code() == Status::Code::AlreadyExists
                   ? Status::alreadyExists(u"an operator with this e-mail exists"_s)
                   : s;
    if (!q.next())
        return Status::internal(u"creating an operator returned no id"_s);
    return q.value(0).toLongLong();
}

Result<std::optional<OperatorAccount>> OperatorRepository::find(qint64 id)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT "_s + kColumns + u" FROM operators WHERE id = ?"_s);
    q.addBindValue(id);
    if (Status s = execute(q, u"reading an operator"_s); !s.isOk())
        return s;
    return q.next() ? std::optional<OperatorAccount>(fromRow(q)) : std::nullopt;
}

Result<std::optional<OperatorAccount>> OperatorRepository::findByEmail(const QString &email)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT "_s + kColumns + u" FROM operators WHERE email = ?"_s);
    q.addBindValue(email.trimmed().toLower());
    if (Status s = execute(q, u"reading an operator"_s); !s.isOk())
        return s;
    return q.next() ? std::optional<OperatorAccount>(fromRow(q)) : std::nullopt;
}

Result<QList<OperatorAccount>> OperatorRepository::list()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT "_s + kColumns + u" FROM operators ORDER BY email"_s))
        return queryError(q, u"listing operators"_s);
    QList<OperatorAccount> out;
    while (q.next())
        out.append(fromRow(q));
    return out;
}

Result<qint64> OperatorRepository::count()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT COUNT(*) FROM operators"_s) || !q.next())
        return queryError(q, u"counting operators"_s);
    return q.value(0).toLongLong();
}

Status OperatorRepository::update(const QString &sql, const QVariantList &binds,
                                  const QString &what)
{
    QSqlQuery q(m_db);
    q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (Status s = execute(q, what); !s.isOk())
        return s;
    return q.numRowsAffected() > 0 ? Status::ok() : Status::notFound(u"no such operator"_s);
}

Status OperatorRepository::setPassword(qint64 id, const QString &hash)
{
    const Millis now = nowMillis();
    return update(
        u"UPDATE operators SET password_hash = ?, password_changed_at = ?, token_generation = "
        u"token_generation + 1, failed_logins = 0, locked_until = 0, updated_at = ? WHERE id = ?"_s,
        {hash, now, now, id}, u"changing a password"_s);
}

Status OperatorRepository::setRole(qint64 id, Role role)
{
    return update(u"UPDATE operators SET role = ?, updated_at = ? WHERE id = ?"_s,
                  {toString(role), nowMillis(), id}, u"changing a role"_s);
}

Status OperatorRepository::setDisabled(qint64 id, bool disabled)
{
    return update(
        u"UPDATE operators SET disabled = ?, token_generation = token_generation + ?, updated_at = ? WHERE id = ?"_s,
        {int(disabled), disabled ? 1 : 0, nowMillis(), id}, u"disabling an operator"_s);
}

Status OperatorRepository::recordSuccess(qint64 id)
{
    const Millis now = nowMillis();
    return update(u"UPDATE operators SET last_login_at = ?, updated_at = ? WHERE id = ?"_s,
                  {now, now, id}, u"recording a login"_s);
}

Status OperatorRepository::revokeSessions(qint64 id)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE sessions SET revoked_at = ? WHERE operator_id = ? AND revoked_at = 0"_s);
    q.addBindValue(nowMillis());
    q.addBindValue(id);
    return execute(q, u"ending sessions"_s); // none open is fine
}

Status checkActiveOperator(QSqlDatabase &db, qint64 id, const QString &parameter)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT disabled FROM operators WHERE id = ?"_s);
    q.addBindValue(id);
    if (Status s = execute(q, u"checking the operator"_s); !s.isOk())
        return s;
    if (!q.next() || q.value(0).toBool())
        return Status::invalidArgument(parameter + u": no active operator with that id"_s);
    return Status::ok();
}

} // namespace aiochat
