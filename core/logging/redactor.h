#pragma once

#include <QReadWriteLock>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace aiochat {

/**
 * @brief Last line of defence for logs: every line passes through it before reaching a sink.
 * Replaces the value of every secret the SecretStore has handed out, and anything shaped like a
 * bot token, bearer token or signature. Callers still must not log secrets; this catches slips.
 */
class Redactor
{
public:
    static Redactor &instance();

    /** @brief Values shorter than 6 characters are ignored: too likely to hit ordinary words. */
    void addSecret(const QString &value);
    [[nodiscard]] QString scrub(QString line) const;

private:
    Redactor();

    mutable QReadWriteLock m_lock;
    QStringList m_secrets;
    QRegularExpression m_patterns;
};

/** @brief Masking helpers for logs and for personal fields shown before an audited reveal. */
namespace redact {
/** @brief "+62••••••7890": country prefix and last four digits. */
[[nodiscard]] QString phone(const QString &value);
/** @brief "a•••@example.com". */
[[nodiscard]] QString email(const QString &value);
/** @brief "••••••1234": only the last four characters. */
[[nodiscard]] QString tail(const QString &value, int visible = 4);
/** @brief A fixed marker that tells a value exists without telling anything about it. */
[[nodiscard]] QString secret(const QString &value);
} // namespace redact

} // namespace aiochat
