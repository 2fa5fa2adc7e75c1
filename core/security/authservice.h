#pragma once

#include "api/operatorcontext.h"
#include "domain/operatoraccount.h"
#include "host/coreservice.h"
#include "loginthrottle.h"
#include "passwordhasher.h"
#include "tokenservice.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>
#include <QThreadPool>

#include <functional>

namespace aiochat {

class AuditLog;
class Storage;

/** @brief How strict authentication is; from settings (auth/…) with these defaults. */
struct AuthPolicy
{
    int maxFailures = 5;         ///< per e-mail and client address
    int accountMaxFailures = 25; ///< per e-mail from every address; alerts administrators
    int lockMinutes = 15;
    int accessTokenMinutes = 15;
    int refreshTokenHours = 12;
};

class Settings;
/**
 * @brief auth/maxFailedLogins, auth/accountMaxFailedLogins, auth/lockMinutes,
 * auth/accessTokenMinutes, auth/refreshTokenHours.
 */
[[nodiscard]] AuthPolicy authPolicyFromSettings(const Settings &settings);

/**
 * @brief Operator accounts, logins and sessions. Passwords are checked on a worker thread (the
 * hash is slow on purpose); tokens are checked in memory against the live sessions and each
 * operator's token generation, so logout, password changes and disabling take effect at once.
 * Lives in the core thread.
 */
class AuthService : public QObject, public CoreService
{
    Q_OBJECT
public:
    using Done = std::function<void(const Result<QJsonObject> &)>;

    AuthService(Storage &storage, const AuditLog &audit, TokenService tokens, AuthPolicy policy,
                PasswordHasher hasher = PasswordHasher(), QObject *parent = nullptr);

    [[nodiscard]] QString serviceName() const override { return QStringLiteral("authentication"); }
    [[nodiscard]] Status start() override;
    void stop() override {}

    /**
     * @brief True until the first administrator exists (the console then offers to create one).
     * Other accounts (the demo's team of agents) do not count: someone must be able to sign in.
     */
    [[nodiscard]] bool needsSetup() const;
    /** @brief The operator behind an access token, or why it is not accepted. */
    [[nodiscard]] Result<OperatorContext> authenticate(const QString &accessToken) const;

    void login(const QString &email, const QString &password, const QString &client, Done done);
    void refresh(const QString &refreshToken, Done done);
    void logout(const OperatorContext &op, Done done);
    /** @brief Creates the first administrator and signs them in; refused once one exists. */
    void setupAdministrator(const QString &email, const QString &password, const QString &client,
                            Done done);
    void changePassword(const OperatorContext &op, const QString &current, const QString &next,
                        Done done);
    void createOperator(const OperatorContext &admin, const QString &email, const QString &name,
                        Role role, const QString &password, Done done);
    /** @brief Role and/or disabled state; unlock clears a login lock. */
    void updateOperator(const OperatorContext &admin, qint64 id, std::optional<Role> role,
                        std::optional<bool> disabled, bool unlock, Done done);
    [[nodiscard]] QJsonObject operatorsJson() const;
    [[nodiscard]] QJsonObject operatorJson(qint64 id) const;
    /** @brief An operator as the Team page shows it, with the sign-in locks that apply now. */
    [[nodiscard]] QJsonObject toJson(const OperatorAccount &op) const;

    /**
     * @brief Reads operators and sessions again: another instance sharing the database changed
     * them (a login there, a logout, a role change).
     */
    void reloadFromStore();

Q_SIGNALS:
    /** @brief Operators or their sessions changed (an admin page refreshes). */
    void operatorsChanged();
    /** @brief This instance changed operators or sessions in the store: others must reload. */
    void changedHere();

private:
    struct Session
    {
        qint64 operatorId = 0;
        Millis expiresAt = 0;
    };

    [[nodiscard]] static Status load(QSqlDatabase &db, QList<OperatorAccount> &operators,
                                     QHash<qint64, Session> &sessions);
    void apply(const QList<OperatorAccount> &operators, const QHash<qint64, Session> &sessions);
    void reload(const std::function<void()> &then = {}, bool announce = true);
    [[nodiscard]] bool admitHash(const Done &done);
    void issueSession(const OperatorAccount &op, const QString &client, Done done);
    /** @brief The refusal for an e-mail the throttle does not admit (the same for any e-mail). */
    [[nodiscard]] static Status refusal(const LoginThrottle::Admission &admission);
    /** @brief Alerts administrators: an e-mail is being guessed from many addresses. */
    void alertAccountLock(qint64 operatorId);
    void audit(const OperatorContext &by, const QString &action, const QString &targetType,
               const QString &targetId, const QJsonObject &detail = {});

    Storage &m_storage;
    const AuditLog &m_audit;
    TokenService m_tokens;
    AuthPolicy m_policy;
    PasswordHasher m_hasher;
    QString m_dummyHash; ///< verified for unknown e-mails, so timing does not tell which exist
    QHash<qint64, OperatorAccount> m_operators;
    QHash<qint64, Session> m_sessions; ///< live sessions (not revoked, not expired)
    LoginThrottle m_throttle;          ///< sign-in and change-password guesses; in memory
    bool m_settingUp = false;
    static constexpr int kMaxPendingHashes = 32;
    /// Password hashing, at most half the cores. A child, so it moves to the core thread with us.
    QThreadPool *m_hashPool;
    int m_pendingHashes = 0; ///< the first administrator is being created
};

} // namespace aiochat
