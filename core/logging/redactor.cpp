#include "redactor.h"

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {
const QString kMask = u"[REDACTED]"_s;
constexpr QChar kDot = QChar(0x2022);
} // namespace

Redactor &Redactor::instance()
{
    static Redactor redactor;
    return redactor;
}

Redactor::Redactor()
    // Telegram bot tokens ("123456:AA…"), Authorization/Bearer values, and hub signatures.
    : m_patterns(
          uR"(((?<![0-9])\d{6,12}:[A-Za-z0-9_-]{30,})|((?i:bearer)\s+[A-Za-z0-9._~+/=-]{8,})|(sha256=[0-9a-fA-F]{16,}))"_s)
{}

void Redactor::addSecret(const QString &value)
{
    const QString v = value.trimmed();
    if (v.size() < 6)
        return;
    QWriteLocker lock(&m_lock);
    if (!m_secrets.contains(v))
        m_secrets.append(v);
}

QString Redactor::scrub(QString line) const
{
    {
        QReadLocker lock(&m_lock);
        for (const QString &s : m_secrets) {
            if (line.contains(s))
                line.replace(s, kMask);
        }
    }
    if (line.contains(u':') || line.contains(u"earer"_s) || line.contains(u"sha256="_s))
        line.replace(m_patterns, kMask);
    return line;
}

namespace redact {

QString phone(const QString &value)
{
    const QString v = value.trimmed();
    if (v.size() <= 4)
        return QString(v.size(), kDot);
    const int keepFront = v.startsWith(u'+') ? 3 : 0;
    return v.left(keepFront) + QString(v.size() - keepFront - 4, kDot) + v.right(4);
}

QString email(const QString &value)
{
    const qsizetype at = value.indexOf(u'@');
    if (at <= 0)
        return tail(value);
    return value.left(1) + QString(3, kDot) + value.mid(at);
}

QString tail(const QString &value, int visible)
{
    if (value.isEmpty())
        return {};
    if (value.size() <= visible)
        return QString(value.size(), kDot);
    return QString(value.size() - visible, kDot) + value.right(visible);
}

QString secret(const QString &value)
{
    return value.isEmpty() ? QString() : kMask;
}

} // namespace redact

} // namespace aiochat
