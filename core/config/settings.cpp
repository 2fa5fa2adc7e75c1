#include "settings.h"

namespace aiochat {

Settings::Settings(const QString &filePath)
    : m_settings(filePath, QSettings::IniFormat)
{}

QVariant Settings::value(const QString &key, const QVariant &fallback) const
{
    QMutexLocker lock(&m_mutex);
    return m_settings.value(key, fallback);
}

void Settings::setValue(const QString &key, const QVariant &value)
{
    QMutexLocker lock(&m_mutex);
    m_settings.setValue(key, value);
}

void Settings::remove(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    m_settings.remove(key);
}

bool Settings::sync()
{
    QMutexLocker lock(&m_mutex);
    m_settings.sync();
    return m_settings.status() == QSettings::NoError;
}

QString Settings::filePath() const
{
    QMutexLocker lock(&m_mutex);
    return m_settings.fileName();
}

} // namespace aiochat
