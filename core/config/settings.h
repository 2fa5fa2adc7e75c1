#pragma once

#include <QMutex>
#include <QSettings>
#include <QString>
#include <QVariant>

namespace aiochat {

/**
 * @brief Non-secret settings in <data-dir>/aiochat.ini (listener, channel modes, retry policy…).
 * Secrets never go here: use SecretStore. Thread-safe.
 */
class Settings
{
public:
    explicit Settings(const QString &filePath);

    [[nodiscard]] QVariant value(const QString &key, const QVariant &fallback = {}) const;
    void setValue(const QString &key, const QVariant &value);
    void remove(const QString &key);
    /** @brief Writes pending changes to disk; reports whether the file could be written. */
    [[nodiscard]] bool sync();
    [[nodiscard]] QString filePath() const;

private:
    mutable QMutex m_mutex;
    QSettings m_settings;
};

} // namespace aiochat
