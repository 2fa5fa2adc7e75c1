#include "environmentsecretbackend.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace aiochat {

EnvironmentSecretBackend::EnvironmentSecretBackend(QProcessEnvironment env)
    : m_env(std::move(env))
{}

QString EnvironmentSecretBackend::variableName(const QString &name)
{
    QString var = u"AIOCHAT_"_s + name.toUpper();
    var.replace(u'-', u'_');
    var.replace(u'.', u'_');
    return var;
}

QString EnvironmentSecretBackend::description() const
{
    return m_env.contains(u"CREDENTIALS_DIRECTORY"_s)
               ? u"systemd credentials and environment variables"_s
               : u"environment variables"_s;
}

Result<std::optional<QByteArray>> EnvironmentSecretBackend::read(const QString &name)
{
    // systemd hands credentials over as files only this service can read; the name is ours
    // ("telegram-bot-token"), never a path.
    static const QRegularExpression plainName(u"^[a-z0-9][a-z0-9.-]*$"_s);
    const QString credentials = m_env.value(u"CREDENTIALS_DIRECTORY"_s);
    if (!credentials.isEmpty() && plainName.match(name).hasMatch()) {
        QFile file(QDir(credentials).filePath(name));
        if (file.exists()) {
            if (!file.open(QIODevice::ReadOnly))
                return Status::unavailable(u"reading the systemd credential "_s + name + u": "_s +
                                           file.errorString());
            QByteArray value = file.readAll();
            while (value.endsWith('\n') || value.endsWith('\r'))
                value.chop(1); // a credential written with `echo` ends with a newline
            return std::optional<QByteArray>(value);
        }
    }
    const QString var = variableName(name);
    if (!m_env.contains(var))
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(m_env.value(var).toUtf8());
}

Status EnvironmentSecretBackend::write(const QString &name, const QByteArray &)
{
    return Status::failedPrecondition(u"environment variable "_s + variableName(name) +
                                      u" is read-only"_s);
}

Status EnvironmentSecretBackend::remove(const QString &name)
{
    return write(name, {});
}

} // namespace aiochat
