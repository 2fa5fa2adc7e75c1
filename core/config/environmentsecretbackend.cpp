#include "environmentsecretbackend.h"

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
    return u"environment variables"_s;
}

Result<std::optional<QByteArray>> EnvironmentSecretBackend::read(const QString &name)
{
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
