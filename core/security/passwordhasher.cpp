#include "passwordhasher.h"

#include <QObject>

#include "crypto.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr int kKeyLength = 32;

QByteArray derive(const QString &password, const QByteArray &salt, const PasswordHasher::Params &p)
{
    return crypto::scrypt(password.toUtf8(), salt, p.logN, p.r, p.p, kKeyLength);
}

struct Parsed
{
    PasswordHasher::Params params;
    QByteArray salt;
    QByteArray key;
    bool ok = false;
};

Parsed parse(const QString &stored)
{
    // scrypt$ln=15,r=8,p=1$<salt base64>$<key base64>
    Parsed out;
    const QStringList parts = stored.split(u'$');
    if (parts.size() != 4 || parts[0] != u"scrypt"_s)
        return out;
    static const QRegularExpression params(u"^ln=(\\d+),r=(\\d+),p=(\\d+)$"_s);
    const QRegularExpressionMatch m = params.match(parts[1]);
    if (!m.hasMatch())
        return out;
    out.params = {m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt()};
    if (out.params.logN < 10 || out.params.logN > 22 || out.params.r < 1 || out.params.r > 32 ||
        out.params.p < 1 || out.params.p > 16)
        return out;
    out.salt = QByteArray::fromBase64(parts[2].toLatin1());
    out.key = QByteArray::fromBase64(parts[3].toLatin1());
    out.ok = out.salt.size() >= 16 && out.key.size() == kKeyLength;
    return out;
}

} // namespace

PasswordHasher::PasswordHasher()
    : m_params(Params())
{}

PasswordHasher::PasswordHasher(Params params)
    : m_params(params)
{}

QString PasswordHasher::hash(const QString &password) const
{
    const QByteArray salt = crypto::randomBytes(16);
    const QByteArray key = derive(password, salt, m_params);
    return u"scrypt$ln=%1,r=%2,p=%3$"_s.arg(m_params.logN).arg(m_params.r).arg(m_params.p) +
           QString::fromLatin1(salt.toBase64()) + u'$' + QString::fromLatin1(key.toBase64());
}

bool PasswordHasher::verify(const QString &password, const QString &stored) const
{
    const Parsed p = parse(stored);
    if (!p.ok)
        return false;
    const QByteArray key = derive(password, p.salt, p.params);
    return !key.isEmpty() && crypto::constantTimeEquals(key, p.key);
}

bool PasswordHasher::needsRehash(const QString &stored) const
{
    const Parsed p = parse(stored);
    return !p.ok || p.params.logN < m_params.logN || p.params.r < m_params.r ||
           p.params.p < m_params.p;
}

QString PasswordHasher::checkRules(const QString &password, const QString &email)
{
    if (password.size() < 10)
        return QObject::tr("the password needs at least 10 characters");
    bool lower = false, upper = false, digit = false, other = false;
    for (const QChar c : password) {
        lower = lower || c.isLower();
        upper = upper || c.isUpper();
        digit = digit || c.isDigit();
        other = other || (!c.isLetterOrNumber());
    }
    if (int(lower) + int(upper) + int(digit) + int(other) < 2)
        return QObject::tr(
            "the password needs at least two kinds of characters (lower case, upper case, digits, "
            "symbols)");
    const QString name = email.section(u'@', 0, 0).toLower();
    if (name.size() >= 3 && password.toLower().contains(name))
        return QObject::tr("the password must not contain the e-mail address");
    return {};
}

} // namespace aiochat
