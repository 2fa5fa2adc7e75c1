#pragma once

#include "secretbackend.h"

#include <QProcessEnvironment>

namespace aiochat {

/**
 * @brief Read-only secrets from environment variables: "telegram-bot-token" is read from
 * AIOCHAT_TELEGRAM_BOT_TOKEN. The last fallback, for containers and systemd units.
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
