#include "tokenservice.h"

#include "crypto.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {
constexpr auto kB64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
}

TokenService::TokenService(QByteArray key)
    : m_key(std::move(key))
{}

QString TokenService::issue(const TokenClaims &c) const
{
    const QByteArray payload = QJsonDocument(QJsonObject{{u"sub"_s, c.operatorId},
                                                         {u"sid"_s, c.sessionId},
                                                         {u"gen"_s, c.generation},
                                                         {u"iat"_s, c.issuedAt},
                                                         {u"exp"_s, c.expiresAt}})
                                   .toJson(QJsonDocument::Compact)
                                   .toBase64(kB64);
    return QString::fromLatin1(payload + '.' + crypto::hmacSha256(m_key, payload).toBase64(kB64));
}

Result<TokenClaims> TokenService::verify(const QString &token, Millis now) const
{
    // Exactly the form issue() writes: two base64url parts, no padding, nothing else. Decoders
    // skip junk, so comparing decoded bytes would accept "token!!" or "token=" as the token.
    static const auto isBase64Url = [](QChar ch) {
        return (ch >= u'A' && ch <= u'Z') || (ch >= u'a' && ch <= u'z') ||
               (ch >= u'0' && ch <= u'9') || ch == u'-' || ch == u'_';
    };
    const qsizetype dot = token.indexOf(u'.');
    if (dot <= 0 || dot == token.size() - 1 || token.size() > 4096 ||
        !std::all_of(token.cbegin(), token.cbegin() + dot, isBase64Url) ||
        !std::all_of(token.cbegin() + dot + 1, token.cend(), isBase64Url))
        return Status(Status::Code::Unauthenticated, u"the access token is malformed"_s);
    const QByteArray raw = token.toLatin1();
    const QByteArray payload = raw.left(dot);
    const QByteArray expected = crypto::hmacSha256(m_key, payload).toBase64(kB64);
    if (!crypto::constantTimeEquals(raw.mid(dot + 1), expected))
        return Status(Status::Code::Unauthenticated, u"the access token is not valid"_s);
    const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromBase64(payload, kB64)).object();
    TokenClaims c;
    c.operatorId = o.value(u"sub"_s).toInteger();
    c.sessionId = o.value(u"sid"_s).toInteger();
    c.generation = o.value(u"gen"_s).toInt();
    c.issuedAt = o.value(u"iat"_s).toInteger();
    c.expiresAt = o.value(u"exp"_s).toInteger();
    if (c.expiresAt <= now)
        return Status(Status::Code::Unauthenticated, u"the access token has expired; refresh it"_s);
    return c;
}

QString TokenService::newRefreshToken()
{
    return QString::fromLatin1(crypto::randomBytes(32).toBase64(kB64));
}

QString TokenService::hashRefreshToken(const QString &token)
{
    return QString::fromLatin1(crypto::sha256(token.toLatin1()).toHex());
}

} // namespace aiochat
