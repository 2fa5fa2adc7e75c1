#pragma once

#include "secretbackend.h"

#include <QProcessEnvironment>

namespace aiochat {

/**
 * @brief Read-only secrets from the service's environment: "telegram-bot-token" is read from the
 * systemd credential of that name (`LoadCredential=telegram-bot-token:…`, a file in
 * $CREDENTIALS_DIRECTORY) or else from AIOCHAT_TELEGRAM_BOT_TOKEN. The last fallback, for
 * containers and systemd units.
 */
class EnvironmentSecretBackend final : public SecretBackend
{
public:
    explicit EnvironmentSecretBackend(
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment());

    [[nodiscard]] static QString variableName(const QString &name);

    [[nodiscard]] QString description() const override;
    [[nodiscard]] bool isWritable() const override { return false; }
    [[nodiscard]] Result<std::optional<QByteArray>> read(const QString &name) override;
    [[nodiscard]] Status write(const QString &name, const QByteArray &value) override;
    [[nodiscard]] Status remove(const QString &name) override;

private:
    QProcessEnvironment m_env;
};

} // namespace aiochat
