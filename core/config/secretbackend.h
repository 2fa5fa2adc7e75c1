#pragma once

#include "domain/status.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace aiochat {

/** @brief One place secrets can live: the OS keychain, a private key file, the environment. */
class SecretBackend
{
public:
    virtual ~SecretBackend() = default;

    /** @brief Human-readable name shown in Settings ("OS keychain", "key file …"). */
    [[nodiscard]] virtual QString description() const = 0;
    [[nodiscard]] virtual bool isWritable() const = 0;
    /** @brief nullopt when the entry does not exist; an error when the backend cannot answer. */
    [[nodiscard]] virtual Result<std::optional<QByteArray>> read(const QString &name) = 0;
    [[nodiscard]] virtual Status write(const QString &name, const QByteArray &value) = 0;
    [[nodiscard]] virtual Status remove(const QString &name) = 0;
};

} // namespace aiochat
