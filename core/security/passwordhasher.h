#pragma once

#include "domain/status.h"

#include <QString>

namespace aiochat {

/**
 * @brief Password hashes with scrypt (OpenSSL): slow on purpose, memory-hard, salted per hash.
 * The parameters are stored with each hash ("scrypt$ln=15,r=8,p=1$salt$hash"), so they can be
 * raised later and old hashes still verify (and report that they need rehashing).
 */
class PasswordHasher
{
public:
    struct Params
    {
        int logN = 15; ///< N = 2^15: ~100 ms and 32 MiB on the reference machine
        int r = 8;
        int p = 1;
    };

    PasswordHasher();
    explicit PasswordHasher(Params params);

    [[nodiscard]] QString hash(const QString &password) const;
    /** @brief Constant-time comparison of the derived key. */
    [[nodiscard]] bool verify(const QString &password, const QString &stored) const;
    /** @brief True when @p stored was made with weaker parameters than the current ones. */
    [[nodiscard]] bool needsRehash(const QString &stored) const;

    /**
     * @brief The minimum rules: at least 10 characters, not only one kind of character, and not
     * containing the e-mail's name. Returns what is wrong, or an empty string.
     */
    [[nodiscard]] static QString checkRules(const QString &password, const QString &email);

private:
    Params m_params;
};

} // namespace aiochat
