#pragma once

#include "domain/status.h"
#include "domain/timestamps.h"

#include <QByteArray>
#include <QString>

namespace aiochat {

/** @brief What an access token says: who, which session, which generation, until when. */
struct TokenClaims
{
    qint64 operatorId = 0;
    qint64 sessionId = 0;
    int generation = 0;
    Millis issuedAt = 0;
    Millis expiresAt = 0;
};

/**
 * @brief Short-lived access tokens: base64url(JSON claims) "." base64url(HMAC-SHA256). The key is
 * a secret of this instance (SecretStore "token-signing-key"). Verification is local and fast;
 * revocation is checked by the caller against the session and the operator's generation.
 */
class TokenService
{
public:
    explicit TokenService(QByteArray key);

    [[nodiscard]] QString issue(const TokenClaims &claims) const;
    [[nodiscard]] Result<TokenClaims> verify(const QString &token, Millis now) const;

    /** @brief An opaque random refresh token, and the hash under which it is stored. */
    [[nodiscard]] static QString newRefreshToken();
    [[nodiscard]] static QString hashRefreshToken(const QString &token);

private:
    QByteArray m_key;
};

} // namespace aiochat
