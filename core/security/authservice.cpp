#include "authservice.h"

#include "auditlog.h"
#include "config/settings.h"
#include "logging/logging.h"
#include "storage/connection.h"
#include "storage/operatorrepository.h"
#include "storage/storage.h"

#include <QDateTime>
#include <QJsonArray>
#include <QPointer>
#include <QSqlQuery>
#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// Runs @p work on @p pool (slow password hashing) and @p then back on @p context's thread.
template <typename T>
void offThread(QThreadPool &pool, QObject *context, std::function<T()> work,
               std::function<void(T)> then)
{
    QPointer<QObject> guard(context);
    pool.start([guard, work = std::move(work), then = std::move(then)] {
        T value = work();
        if (guard)
            QMetaObject::invokeMethod(
                guard.data(),
                [guard, then, value] {
                    if (guard)
                        then(value);
                },
                Qt::QueuedConnection);
    });
}

Status invalid(const QString &m)
{
    return Status::invalidArgument(m);
}

} // namespace

AuthPolicy authPolicyFromSettings(const Settings &settings)
{
    AuthPolicy p;
    auto read = [&settings](const QString &key, int fallback, int min, int max) {
        bool ok = false;
        const int v = settings.value(key, fallback).toInt(&ok);
        return ok ? std::clamp(v, min, max) : fallback;
    };
    p.maxFailures = read(u"auth/maxFailedLogins"_s, p.maxFailures, 1, 100);
    p.accountMaxFailures =
        read(u"auth/accountMaxFailedLogins"_s, 5 * p.maxFailures, p.maxFailures, 10'000);
    p.lockMinutes = read(u"auth/lockMinutes"_s, p.lockMinutes, 1, 24 * 60);
    p.accessTokenMinutes = read(u"auth/accessTokenMinutes"_s, p.accessTokenMinutes, 1, 24 * 60);
    p.refreshTokenHours = read(u"auth/refreshTokenHours"_s, p.refreshTokenHours, 1, 24 * 90);
    return p;
}

AuthService::AuthService(Storage &storage, const AuditLog &audit, TokenService tokens,
                         AuthPolicy policy, PasswordHasher hasher, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_audit(audit)
    , m_tokens(std::move(tokens))
    , m_policy(policy)
    , m_hasher(hasher)
    , m_throttle({policy.maxFailures, std::max(policy.maxFailures, policy.accountMaxFailures),
                  policy.lockMinutes})
    , m_hashPool(new QThreadPool(this))
{
    m_hashPool->setMaxThreadCount(std::max(1, QThread::idealThreadCount() / 2));
    // Made off the start-up path: it only has to exist before the first unknown e-mail arrives.
    const PasswordHasher dummyHasher = m_hasher;
    offThread<QString>(
        *m_hashPool, this, [dummyHasher] { return dummyHasher.hash(u"no such operator"_s); },
        [this](QString hash) { m_dummyHash = std::move(hash); });
}

bool AuthService::admitHash(const Done &done)
{
    // Each hash costs ~100 ms of a core and 32 MiB: a flood of logins waits its turn on a pool
    // that never takes more than half the machine, and beyond a short queue is told to retry.
    if (m_pendingHashes >= kMaxPendingHashes) {
        done(Status(Status::Code::ResourceExhausted,
                    QObject::tr("too many sign-ins at once; try again in a few seconds")));
        return false;
    }
    ++m_pendingHashes;
    return true;
}

bool AuthService::needsSetup() const
{
    return std::none_of(m_operators.cbegin(), m_operators.cend(),
                        [](const OperatorAccount &o) { return o.role == Role::Admin; });
}

Status AuthService::start()
{
    // Synchronous: the listener starts after this service and must find the operators loaded.
    QList<OperatorAccount> operators;
    QHash<qint64, Session> sessions;
    const Status s = m_storage.writer().run(
        [&operators, &sessions](QSqlDatabase &db) { return load(db, operators, sessions); });
    if (!s.isOk())
        return s.prefixed(u"loading operators"_s);
    apply(operators, sessions);
    return Status::ok();
}

Status AuthService::load(QSqlDatabase &db, QList<OperatorAccount> &operators,
                         QHash<qint64, Session> &sessions)
{
    Result<QList<OperatorAccount>> list = OperatorRepository(db).list();
    if (!list.isOk())
        return list.status();
    operators = list.value();
    QSqlQuery q(db);
    q.prepare(
        u"SELECT id, operator_id, expires_at FROM sessions WHERE revoked_at = 0 AND expires_at > ?"_s);
    q.addBindValue(nowMillis());
    if (Status s = execute(q, u"reading sessions"_s); !s.isOk())
        return s;
    while (q.next())
        sessions.insert(q.value(0).toLongLong(),
                        {q.value(1).toLongLong(), q.value(2).toLongLong()});
    return Status::ok();
}

void AuthService::apply(const QList<OperatorAccount> &operators,
                        const QHash<qint64, Session> &sessions)
{
    m_operators.clear();
    for (const OperatorAccount &o : operators)
        m_operators.insert(o.id, o);
    m_sessions = sessions;
    Q_EMIT operatorsChanged();
}

void AuthService::reloadFromStore()
{
    reload({}, false);
}

void AuthService::reload(const std::function<void()> &then, bool announce)
{
    auto operators = std::make_shared<QList<OperatorAccount>>();
    auto sessions = std::make_shared<QHash<qint64, Session>>();
    m_storage.writer().submit(
        this,
        [operators, sessions](QSqlDatabase &db) -> Status {
            return load(db, *operators, *sessions);
        },
        [this, operators, sessions, then, announce](const Status &s) {
            if (!s.isOk()) {
                qCWarning(lcSecurity) << "cannot load operators:" << s.message();
                return;
            }
            apply(*operators, *sessions);
            if (announce)
                Q_EMIT changedHere();
            if (then)
                then();
        });
}

void AuthService::audit(const OperatorContext &by, const QString &action, const QString &targetType,
                        const QString &targetId, const QJsonObject &detail)
{
    const AuditEntry e = AuditEntry::by(by, action, targetType, targetId, detail);
    const AuditLog &log = m_audit;
    m_storage.writer().submit([&log, e](QSqlDatabase &db) { return log.append(db, e); },
                              [action](const Status &s) {
                                  if (!s.isOk())
                                      qCWarning(lcSecurity).noquote()
                                          << "audit entry" << action << "failed:" << s.message();
                              });
}

Result<OperatorContext> AuthService::authenticate(const QString &accessToken) const
{
    if (accessToken.isEmpty())
        return Status(Status::Code::Unauthenticated, QObject::tr("log in first"));
    const Result<TokenClaims> claims = m_tokens.verify(accessToken, nowMillis());
    if (!claims.isOk())
        return claims.status();
    const auto session = m_sessions.constFind(claims->sessionId);
    if (session == m_sessions.constEnd() || session->operatorId != claims->operatorId)
        return Status(Status::Code::Unauthenticated,
                      QObject::tr("the session has ended; log in again"));
    const auto op = m_operators.constFind(claims->operatorId);
    if (op == m_operators.constEnd() || op->disabled || op->tokenGeneration != claims->generation)
        return Status(Status::Code::Unauthenticated,
                      QObject::tr("the session is no longer valid; log in again"));
    OperatorContext ctx;
    ctx.operatorId = op->id;
    ctx.email = op->email;
    ctx.role = toString(op->role);
    ctx.sessionId = claims->sessionId;
    return ctx;
}

QJsonObject AuthService::toJson(const OperatorAccount &op) const
{
    const Millis lockedUntil = m_throttle.lockedUntil(op.email, nowMillis());
    return QJsonObject{{u"id"_s, op.id},
                       {u"email"_s, op.email},
                       {u"displayName"_s, op.displayName},
                       {u"role"_s, toString(op.role)},
                       {u"disabled"_s, op.disabled},
                       {u"failedLogins"_s, m_throttle.failures(op.email)},
                       {u"lockedUntil"_s, toIsoString(lockedUntil)},
                       {u"lastLoginAt"_s, toIsoString(op.lastLoginAt)},
                       {u"createdAt"_s, toIsoString(op.createdAt)}};
}

QJsonObject AuthService::operatorJson(qint64 id) const
{
    const auto it = m_operators.constFind(id);
    return it == m_operators.constEnd() ? QJsonObject() : toJson(*it);
}

QJsonObject AuthService::operatorsJson() const
{
    QList<OperatorAccount> all = m_operators.values();
    std::sort(all.begin(), all.end(),
              [](const auto &a, const auto &b) { return a.email < b.email; });
    QJsonArray out;
    for (const OperatorAccount &o : all)
        out.append(toJson(o));
    return QJsonObject{{u"operators"_s, out}};
}

void AuthService::issueSession(const OperatorAccount &op, const QString &client, Done done)
{
    const QString refresh = TokenService::newRefreshToken();
    const QString refreshHash = TokenService::hashRefreshToken(refresh);
    const Millis now = nowMillis();
    const Millis refreshUntil = now + qint64(m_policy.refreshTokenHours) * 3600'000;
    auto sessionId = std::make_shared<qint64>(0);
    const qint64 opId = op.id;
    m_storage.writer().submit(
        this,
        [opId, refreshHash, now, refreshUntil, client, sessionId](QSqlDatabase &db) -> Status {
            QSqlQuery q(db);
            q.prepare(u"INSERT INTO sessions (operator_id, refresh_hash, created_at, expires_at, "
                      u"last_used_at, client) "
                      u"VALUES (?, ?, ?, ?, ?, ?) RETURNING id"_s);
            q.addBindValue(opId);
            q.addBindValue(refreshHash);
            q.addBindValue(now);
            q.addBindValue(refreshUntil);
            q.addBindValue(now);
            q.addBindValue(client.left(200));
            if (Status s = execute(q, u"opening a session"_s); !s.isOk())
                return s;
            if (!q.next())
                return Status::internal(u"opening a session returned no id"_s);
            *sessionId = q.value(0).toLongLong();
            return Status::ok();
        },
        [this, op, refresh, refreshUntil, sessionId, done](const Status &s) {
            if (!s.isOk()) {
                done(s);
                return;
            }
            m_sessions.insert(*sessionId, {op.id, refreshUntil});
            Q_EMIT changedHere();
            const Millis now = nowMillis();
            const Millis accessUntil = now + qint64(m_policy.accessTokenMinutes) * 60'000;
            const QString access =
                m_tokens.issue({op.id, *sessionId, op.tokenGeneration, now, accessUntil});
            done(QJsonObject{{u"accessToken"_s, access},
                             {u"refreshToken"_s, refresh},
                             {u"expiresIn"_s, m_policy.accessTokenMinutes * 60},
                             {u"operator"_s, toJson(m_operators.value(op.id, op))}});
        });
}

Status AuthService::refusal(const LoginThrottle::Admission &admission)
{
    if (!admission.lockedUntil)
        return Status(Status::Code::ResourceExhausted,
                      QObject::tr("too many sign-ins at once; try again in a few seconds"));
    return Status(
        Status::Code::PermissionDenied,
        QObject::tr("sign-in is locked after too many failed attempts; try again after %1")
            .arg(QDateTime::fromMSecsSinceEpoch(admission.lockedUntil).toString(u"HH:mm"_s)));
}

void AuthService::alertAccountLock(qint64 operatorId)
{
    // Guesses from many addresses: nobody at one address could have caused this by mistyping.
    qCWarning(lcSecurity) << "sign-ins locked for operator" << operatorId << "after"
                          << m_policy.accountMaxFailures << "failures from several addresses";
    const OperatorContext system{0, u"system"_s, QString(), 0, u"aiochat"_s};
    audit(system, u"login.lockout"_s, u"operator"_s, QString::number(operatorId),
          {{u"scope"_s, u"account"_s},
           {u"failures"_s, m_policy.accountMaxFailures},
           {u"lockMinutes"_s, m_policy.lockMinutes}});
    Q_EMIT operatorsChanged();
}

void AuthService::login(const QString &email, const QString &password, const QString &client,
                        Done done)
{
    const QString normalized = email.trimmed().toLower().left(320);
    const OperatorAccount *found = nullptr;
    for (const OperatorAccount &o : std::as_const(m_operators)) {
        if (o.email == normalized)
            found = &o;
    }
    // What was typed is recorded only when it names an operator: a password typed into the
    // e-mail field must not end up in the audit log.
    const OperatorContext anonymous{found ? found->id : 0, found ? normalized : QString(),
                                    QString(), 0, client};
    const QString target = found ? QString::number(found->id) : QString();
    // The throttle knows nothing of which e-mails exist: a locked stranger's address answers
    // exactly like a locked operator's, at once and in the same words.
    const LoginThrottle::Admission admission = m_throttle.begin(normalized, client, nowMillis());
    if (!admission.allowed) {
        audit(anonymous, u"login.failure"_s, u"operator"_s, target, {{u"reason"_s, u"locked"_s}});
        done(refusal(admission));
        return;
    }
    if (!admitHash([this, normalized, client, done](const Result<QJsonObject> &busy) {
            m_throttle.abandon(normalized, client);
            done(busy);
        }))
        return;
    // Unknown e-mails cost the same time as wrong passwords: no way to probe for accounts.
    const QString hash = found && !found->disabled ? found->passwordHash : m_dummyHash;
    const PasswordHasher hasher = m_hasher;
    const qint64 id = found ? found->id : 0;
    offThread<bool>(
        *m_hashPool, this, [hasher, password, hash] { return hasher.verify(password, hash); },
        [this, id, normalized, anonymous, target, client, done](bool verified) {
            --m_pendingHashes;
            auto it = m_operators.find(id);
            const bool known = it != m_operators.end();
            const bool ok = verified && known && !it->disabled;
            const LoginThrottle::Outcome outcome =
                m_throttle.finish(normalized, client, ok, nowMillis());
            if (outcome == LoginThrottle::Outcome::Refused) {
                // Right password, but the guesses running beside it locked the account first.
                audit(anonymous, u"login.failure"_s, u"operator"_s, target,
                      {{u"reason"_s, u"locked"_s}});
                done(refusal({false, m_throttle.lockedUntil(normalized, nowMillis())}));
                return;
            }
            if (!ok) {
                if (outcome == LoginThrottle::Outcome::LockedAccount && known)
                    alertAccountLock(id);
                else if (outcome == LoginThrottle::Outcome::LockedAddress && known)
                    qCInfo(lcSecurity) << "sign-ins for operator" << id << "locked from"
                                       << "one address after" << m_policy.maxFailures << "failures";
                if (outcome != LoginThrottle::Outcome::Failed)
                    Q_EMIT operatorsChanged();
                audit(anonymous, u"login.failure"_s, u"operator"_s, target,
                      {{u"reason"_s, known && it->disabled ? u"disabled"_s : u"credentials"_s}});
                done(
                    Status(Status::Code::Unauthenticated, QObject::tr("wrong e-mail or password")));
                return;
            }
            it->lastLoginAt = nowMillis();
            const qint64 opId = it->id;
            m_storage.writer().submit(
                [opId](QSqlDatabase &db) { return OperatorRepository(db).recordSuccess(opId); });
            audit(anonymous, u"login.success"_s, u"operator"_s, QString::number(opId));
            issueSession(*it, client, done);
        });
}

void AuthService::refresh(const QString &refreshToken, Done done)
{
    // Every refresh hands out a new refresh token and retires the one used. A retired token
    // coming back means two parties hold it: the session ends for both (RFC 9700, 4.14.2).
    const QString hash = TokenService::hashRefreshToken(refreshToken);
    const QString next = TokenService::newRefreshToken();
    const QString nextHash = TokenService::hashRefreshToken(next);
    struct Outcome
    {
        qint64 sessionId = 0;
        qint64 operatorId = 0;
        bool reused = false;
    };
    auto out = std::make_shared<Outcome>();
    m_storage.writer().submit(
        this,
        [hash, nextHash, out](QSqlDatabase &db) -> Status {
            const Millis now = nowMillis();
            QSqlQuery q(db);
            q.prepare(
                u"SELECT id, operator_id FROM sessions WHERE refresh_hash = ? AND revoked_at = 0 AND expires_at > ?"_s);
            q.addBindValue(hash);
            q.addBindValue(now);
            if (Status s = execute(q, u"checking a refresh token"_s); !s.isOk())
                return s;
            if (q.next()) {
                out->sessionId = q.value(0).toLongLong();
                out->operatorId = q.value(1).toLongLong();
                q.finish();
                q.prepare(u"UPDATE sessions SET refresh_hash = ?, last_used_at = ? WHERE id = ?"_s);
                q.addBindValue(nextHash);
                q.addBindValue(now);
                q.addBindValue(out->sessionId);
                if (Status s = execute(q, u"rotating a refresh token"_s); !s.isOk())
                    return s;
                q.prepare(u"INSERT INTO retired_refresh_tokens (refresh_hash, session_id, "
                          u"retired_at) VALUES (?, ?, ?)"_s);
                q.addBindValue(hash);
                q.addBindValue(out->sessionId);
                q.addBindValue(now);
                return execute(q, u"retiring a refresh token"_s);
            }
            q.finish();
            q.prepare(u"SELECT r.session_id, s.operator_id FROM retired_refresh_tokens r JOIN "
                      u"sessions s ON s.id = r.session_id WHERE r.refresh_hash = ?"_s);
            q.addBindValue(hash);
            if (Status s = execute(q, u"checking a refresh token"_s); !s.isOk())
                return s;
            if (!q.next())
                return Status(Status::Code::Unauthenticated,
                              QObject::tr("the refresh token is not valid; log in again"));
            out->sessionId = q.value(0).toLongLong();
            out->operatorId = q.value(1).toLongLong();
            out->reused = true;
            q.finish();
            q.prepare(u"UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at = 0"_s);
            q.addBindValue(now);
            q.addBindValue(out->sessionId);
            return execute(q, u"ending a session"_s);
        },
        [this, out, next, done](const Status &s) {
            if (!s.isOk()) {
                done(s);
                return;
            }
            if (out->reused) {
                m_sessions.remove(out->sessionId); // its access tokens stop working now too
                Q_EMIT changedHere();
                qCWarning(lcSecurity) << "a used refresh token of operator" << out->operatorId
                                      << "came back: session" << out->sessionId << "ended";
                const OperatorContext system{0, u"system"_s, QString(), 0, u"aiochat"_s};
                audit(system, u"session.refreshReuse"_s, u"operator"_s,
                      QString::number(out->operatorId),
                      {{u"session"_s, QString::number(out->sessionId)}});
                done(Status(Status::Code::Unauthenticated,
                            QObject::tr("this sign-in was used from somewhere else and has been "
                                        "ended; log in again")));
                return;
            }
            const auto op = m_operators.constFind(out->operatorId);
            if (op == m_operators.constEnd() || op->disabled ||
                !m_sessions.contains(out->sessionId)) {
                done(Status(Status::Code::Unauthenticated,
                            QObject::tr("the session is no longer valid; log in again")));
                return;
            }
            const Millis now = nowMillis();
            const QString access =
                m_tokens.issue({op->id, out->sessionId, op->tokenGeneration, now,
                                now + qint64(m_policy.accessTokenMinutes) * 60'000});
            done(QJsonObject{{u"accessToken"_s, access},
                             {u"refreshToken"_s, next},
                             {u"expiresIn"_s, m_policy.accessTokenMinutes * 60}});
        });
}

void AuthService::logout(const OperatorContext &op, Done done)
{
    const qint64 sessionId = op.sessionId;
    m_sessions.remove(sessionId); // the access token stops working now, not when it expires
    m_storage.writer().submit(
        this,
        [sessionId](QSqlDatabase &db) {
            QSqlQuery q(db);
            q.prepare(u"UPDATE sessions SET revoked_at = ? WHERE id = ?"_s);
            q.addBindValue(nowMillis());
            q.addBindValue(sessionId);
            return execute(q, u"ending a session"_s);
        },
        [this, done](const Status &s) {
            if (s.isOk())
                Q_EMIT changedHere();
            done(s.isOk() ? Result<QJsonObject>(QJsonObject{{u"loggedOut"_s, true}})
                          : Result<QJsonObject>(s));
        });
    audit(op, u"logout"_s, u"operator"_s, QString::number(op.operatorId));
}

void AuthService::setupAdministrator(const QString &email, const QString &password,
                                     const QString &client, Done done)
{
    if (!needsSetup() || m_settingUp) {
        done(Status::failedPrecondition(
            QObject::tr("an administrator exists already; log in instead")));
        return;
    }
    m_settingUp = true;
    const OperatorContext setup{0, u"setup"_s, u"admin"_s, 0, client};
    createOperator(setup, email, email.trimmed().section(u'@', 0, 0), Role::Admin, password,
                   [this, email, password, client, done](const Result<QJsonObject> &created) {
                       m_settingUp = false;
                       if (!created.isOk()) {
                           done(created);
                           return;
                       }
                       login(email, password, client, done);
                   });
}

void AuthService::createOperator(const OperatorContext &admin, const QString &email,
                                 const QString &name, Role role, const QString &password, Done done)
{
    const QString normalized = email.trimmed().toLower();
    if (!normalized.contains(u'@') || normalized.startsWith(u'@') || normalized.endsWith(u'@')) {
        done(invalid(QObject::tr("email: enter a valid e-mail address")));
        return;
    }
    if (const QString why = PasswordHasher::checkRules(password, normalized); !why.isEmpty()) {
        done(invalid(u"password: "_s + why));
        return;
    }
    const PasswordHasher hasher = m_hasher;
    if (!admitHash(done))
        return;
    offThread<QString>(
        *m_hashPool, this, [hasher, password] { return hasher.hash(password); },
        [this, admin, normalized, name, role, done](QString hash) {
            --m_pendingHashes;
            auto id = std::make_shared<qint64>(0);
            OperatorAccount op;
            op.email = normalized;
            op.displayName = name;
            op.role = role;
            op.passwordHash = hash;
            const AuditLog &log = m_audit;
            m_storage.writer().submit(
                this,
                [op, id, admin, &log](QSqlDatabase &db) -> Status {
                    const Result<qint64> r = OperatorRepository(db).insert(op);
                    if (!r.isOk())
                        return r.status();
                    *id = r.value();
                    return log.append(db, AuditEntry::by(admin, u"operator.create"_s, u"operator"_s,
                                                         QString::number(*id),
                                                         {{u"role"_s, toString(op.role)}}));
                },
                [this, id, done](const Status &s) {
                    if (!s.isOk()) {
                        done(s);
                        return;
                    }
                    reload([this, id, done] { done(toJson(m_operators.value(*id))); });
                });
        });
}

void AuthService::changePassword(const OperatorContext &op, const QString &current,
                                 const QString &next, Done done)
{
    const auto it = m_operators.constFind(op.operatorId);
    if (it == m_operators.constEnd()) {
        done(Status(Status::Code::Unauthenticated, QObject::tr("log in first")));
        return;
    }
    if (const QString why = PasswordHasher::checkRules(next, it->email); !why.isEmpty()) {
        done(invalid(u"newPassword: "_s + why));
        return;
    }
    const PasswordHasher hasher = m_hasher;
    const QString stored = it->passwordHash;
    // A stolen access token must not become a way to guess the password: wrong current passwords
    // count against the same locks as wrong sign-ins.
    const QString email = it->email;
    const LoginThrottle::Admission admission = m_throttle.begin(email, op.client, nowMillis());
    if (!admission.allowed) {
        audit(op, u"password.change.failure"_s, u"operator"_s, QString::number(op.operatorId),
              {{u"reason"_s, u"locked"_s}});
        done(refusal(admission));
        return;
    }
    if (!admitHash([this, email, op, done](const Result<QJsonObject> &busy) {
            m_throttle.abandon(email, op.client);
            done(busy);
        }))
        return;
    offThread<QString>(
        *m_hashPool, this,
        [hasher, current, next, stored]() -> QString {
            return hasher.verify(current, stored) ? hasher.hash(next) : QString();
        },
        [this, op, email, done](QString hash) {
            --m_pendingHashes;
            const LoginThrottle::Outcome outcome =
                m_throttle.finish(email, op.client, !hash.isEmpty(), nowMillis());
            if (outcome == LoginThrottle::Outcome::Refused) {
                done(refusal({false, m_throttle.lockedUntil(email, nowMillis())}));
                return;
            }
            if (hash.isEmpty()) {
                if (outcome == LoginThrottle::Outcome::LockedAccount)
                    alertAccountLock(op.operatorId);
                audit(op, u"password.change.failure"_s, u"operator"_s,
                      QString::number(op.operatorId));
                done(invalid(QObject::tr("the current password is not correct")));
                return;
            }
            const qint64 id = op.operatorId;
            const AuditLog &log = m_audit;
            m_storage.writer().submit(
                this,
                [id, hash, op, &log](QSqlDatabase &db) -> Status {
                    if (Status s = OperatorRepository(db).setPassword(id, hash); !s.isOk())
                        return s;
                    // Every session of this operator ends, this one included.
                    if (Status s = OperatorRepository(db).revokeSessions(id); !s.isOk())
                        return s;
                    return log.append(db, AuditEntry::by(op, u"password.change"_s, u"operator"_s,
                                                         QString::number(id)));
                },
                [this, done](const Status &s) {
                    if (!s.isOk()) {
                        done(s);
                        return;
                    }
                    reload([done] {
                        done(QJsonObject{{u"changed"_s, true}, {u"reloginRequired"_s, true}});
                    });
                });
        });
}

void AuthService::updateOperator(const OperatorContext &admin, qint64 id, std::optional<Role> role,
                                 std::optional<bool> disabled, bool unlock, Done done)
{
    const auto it = m_operators.constFind(id);
    if (it == m_operators.constEnd()) {
        done(Status::notFound(u"no operator with id "_s + QString::number(id)));
        return;
    }
    // The last administrator cannot remove their own way in.
    int admins = 0;
    for (const OperatorAccount &o : std::as_const(m_operators))
        admins += (o.role == Role::Admin && !o.disabled) ? 1 : 0;
    const bool losesAdmin = it->role == Role::Admin && !it->disabled &&
                            ((role && *role != Role::Admin) || (disabled && *disabled));
    if (losesAdmin && admins <= 1) {
        done(Status::failedPrecondition(QObject::tr("this is the last active administrator")));
        return;
    }
    const AuditLog &log = m_audit;
    m_storage.writer().submit(
        this,
        [id, role, disabled, unlock, admin, &log](QSqlDatabase &db) -> Status {
            OperatorRepository ops(db);
            QJsonObject detail;
            if (role) {
                if (Status s = ops.setRole(id, *role); !s.isOk())
                    return s;
                detail.insert(u"role"_s, toString(*role));
            }
            if (disabled) {
                if (Status s = ops.setDisabled(id, *disabled); !s.isOk())
                    return s;
                detail.insert(u"disabled"_s, *disabled);
                if (*disabled) {
                    if (Status s = ops.revokeSessions(id); !s.isOk())
                        return s;
                }
            }
            if (unlock)
                detail.insert(u"unlocked"_s, true); // the locks themselves live in m_throttle
            return log.append(db, AuditEntry::by(admin, u"operator.update"_s, u"operator"_s,
                                                 QString::number(id), detail));
        },
        [this, id, unlock, done](const Status &s) {
            if (!s.isOk()) {
                done(s);
                return;
            }
            if (unlock)
                m_throttle.clear(m_operators.value(id).email);
            reload([this, id, done] { done(toJson(m_operators.value(id))); });
        });
}

} // namespace aiochat
