#pragma once

#include "domain/timestamps.h"

#include <QHash>
#include <QString>

namespace aiochat {

/**
 * @brief Counts password guesses and decides who may guess again. Two levels: an e-mail from one
 * client address is locked after a few failures (so a stranger elsewhere cannot lock an operator
 * out), and an e-mail from everywhere after many more (so a botnet cannot guess without bound);
 * the second one is what administrators are alerted about.
 *
 * Everything is keyed by the typed e-mail, whether or not an operator has it: a locked unknown
 * address answers exactly like a locked real one, so locks tell nothing about who exists.
 * Attempts count when they start (begin), not when their slow hash finishes, so parallel guesses
 * are bounded too; a failure never shortens or clears a lock. Lives on the core thread.
 */
class LoginThrottle
{
public:
    struct Limits
    {
        int perAddress = 5;  ///< failures of one e-mail from one address before it locks
        int perAccount = 25; ///< failures of one e-mail from all addresses before it locks
        int lockMinutes = 15;
    };

    /** @brief What begin() decided; a refused attempt must not be counted again. */
    struct Admission
    {
        bool allowed = false;
        Millis lockedUntil = 0; ///< when refused: when guessing may start again
    };

    /** @brief How a finished attempt ended, for the caller's answer and its alerts. */
    enum class Outcome
    {
        Accepted,      ///< right password, and no lock arose meanwhile: sign in
        Refused,       ///< right password, but the e-mail was locked while it was checked
        Failed,        ///< wrong password, counted
        LockedAddress, ///< wrong password that locked this e-mail for this address
        LockedAccount, ///< wrong password that locked this e-mail everywhere: alert
    };

    LoginThrottle();
    explicit LoginThrottle(Limits limits, int maxEntries = 50'000);

    /** @brief Admits an attempt (and counts it as in flight) unless either level is locked. */
    [[nodiscard]] Admission begin(const QString &email, const QString &client, Millis now);
    /** @brief Ends an admitted attempt. */
    [[nodiscard]] Outcome finish(const QString &email, const QString &client, bool passwordOk,
                                 Millis now);
    /** @brief Ends an admitted attempt that never checked a password (the server was busy). */
    void abandon(const QString &email, const QString &client);
    /** @brief The latest lock of @p email at either level, or 0 (for the Team page; O(1)). */
    [[nodiscard]] Millis lockedUntil(const QString &email, Millis now) const;
    /** @brief Failures of @p email counted towards the account-wide lock. */
    [[nodiscard]] int failures(const QString &email) const;
    /** @brief An administrator's unlock: every lock and count of @p email goes. */
    void clear(const QString &email);
    [[nodiscard]] const Limits &limits() const { return m_limits; }
    [[nodiscard]] qsizetype size() const { return m_entries.size(); }

private:
    struct Entry
    {
        int failures = 0;
        int inFlight = 0;
        Millis lockedUntil = 0;
        Millis touchedAt = 0;
        /// On an account entry: the latest lock of this e-mail from any one address, so the
        /// Team page asks without walking every address.
        Millis addressLockedUntil = 0;
    };

    [[nodiscard]] static QString pairKey(const QString &email, const QString &client);
    [[nodiscard]] static QString accountKey(const QString &email);
    /** @brief Counts one failure on @p e; true when it just locked. */
    bool fail(Entry &e, int limit, Millis now) const;
    void makeRoom(Millis now);

    Limits m_limits;
    int m_maxEntries;
    QHash<QString, Entry> m_entries; ///< both levels, told apart by their key's prefix
};

} // namespace aiochat
