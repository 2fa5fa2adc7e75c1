#include "loginthrottle.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {
// Account-wide failures older than this no longer count: months of typos never add up to a lock.
constexpr Millis kAccountMemory = 24LL * 3600'000;
} // namespace

LoginThrottle::LoginThrottle()
    : LoginThrottle(Limits{})
{}

LoginThrottle::LoginThrottle(Limits limits, int maxEntries)
    : m_limits(limits)
    , m_maxEntries(std::max(16, maxEntries))
{}

QString LoginThrottle::pairKey(const QString &email, const QString &client)
{
    return u"p\n"_s + email + u'\n' + client;
}

QString LoginThrottle::accountKey(const QString &email)
{
    return u"a\n"_s + email;
}

LoginThrottle::Admission LoginThrottle::begin(const QString &email, const QString &client,
                                              Millis now)
{
    if (m_entries.size() >= m_maxEntries)
        makeRoom(now);
    Entry &pair = m_entries[pairKey(email, client)];
    Entry &account = m_entries[accountKey(email)];
    const Millis lock = std::max(pair.lockedUntil, account.lockedUntil);
    if (lock > now)
        return {false, lock};
    if (account.touchedAt && now - account.touchedAt > kAccountMemory && account.inFlight == 0)
        account.failures = 0;
    // Guesses still being hashed count as failures until they finish: parallel guesses cannot
    // get past the limit before the first of them is known to be wrong.
    if (pair.failures + pair.inFlight >= m_limits.perAddress ||
        account.failures + account.inFlight >= m_limits.perAccount)
        return {false, 0};
    ++pair.inFlight;
    ++account.inFlight;
    pair.touchedAt = account.touchedAt = now;
    return {true, 0};
}

bool LoginThrottle::fail(Entry &e, int limit, Millis now) const
{
    e.touchedAt = now;
    if (e.lockedUntil > now)
        return false; // already locked: a late failure neither extends nor clears it
    if (++e.failures < limit)
        return false;
    e.failures = 0;
    e.lockedUntil = now + qint64(m_limits.lockMinutes) * 60'000;
    return true;
}

LoginThrottle::Outcome LoginThrottle::finish(const QString &email, const QString &client,
                                             bool passwordOk, Millis now)
{
    Entry &pair = m_entries[pairKey(email, client)];
    Entry &account = m_entries[accountKey(email)];
    pair.inFlight = std::max(0, pair.inFlight - 1);
    account.inFlight = std::max(0, account.inFlight - 1);
    if (passwordOk) {
        // A lock that arose while this check ran wins: its guesses were part of the same attack.
        if (std::max(pair.lockedUntil, account.lockedUntil) > now)
            return Outcome::Refused;
        pair.failures = 0; // the account-wide count only fades with time
        return Outcome::Accepted;
    }
    const bool accountLocked = fail(account, m_limits.perAccount, now);
    const bool pairLocked = fail(pair, m_limits.perAddress, now);
    if (pairLocked)
        account.addressLockedUntil = std::max(account.addressLockedUntil, pair.lockedUntil);
    if (accountLocked)
        return Outcome::LockedAccount;
    return pairLocked ? Outcome::LockedAddress : Outcome::Failed;
}

void LoginThrottle::abandon(const QString &email, const QString &client)
{
    Entry &pair = m_entries[pairKey(email, client)];
    Entry &account = m_entries[accountKey(email)];
    pair.inFlight = std::max(0, pair.inFlight - 1);
    account.inFlight = std::max(0, account.inFlight - 1);
}

Millis LoginThrottle::lockedUntil(const QString &email, Millis now) const
{
    const auto it = m_entries.constFind(accountKey(email));
    if (it == m_entries.constEnd())
        return 0;
    const Millis latest = std::max(it->lockedUntil, it->addressLockedUntil);
    return latest > now ? latest : 0;
}

int LoginThrottle::failures(const QString &email) const
{
    return m_entries.value(accountKey(email)).failures;
}

void LoginThrottle::clear(const QString &email)
{
    const QString pairPrefix = u"p\n"_s + email + u'\n';
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it.key() == accountKey(email) || it.key().startsWith(pairPrefix)) {
            // Attempts in flight still finish against their entry; keep it, reset the rest.
            if (it->inFlight > 0) {
                *it = Entry{0, it->inFlight, 0, it->touchedAt, 0};
                ++it;
            } else {
                it = m_entries.erase(it);
            }
        } else {
            ++it;
        }
    }
}

void LoginThrottle::makeRoom(Millis now)
{
    // Idle and unlocked entries go first, the oldest of them; locks and attempts in flight stay
    // (they are what the throttle is for, and the listener's rate limits bound how many arise).
    QList<std::pair<Millis, QString>> idle;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (it->inFlight == 0 && it->lockedUntil <= now && it->addressLockedUntil <= now)
            idle.append({it->touchedAt, it.key()});
    }
    std::sort(idle.begin(), idle.end());
    const qsizetype excess = m_entries.size() - m_maxEntries * 3 / 4;
    for (qsizetype i = 0; i < std::min(excess, idle.size()); ++i)
        m_entries.remove(idle.at(i).second);
}

} // namespace aiochat
