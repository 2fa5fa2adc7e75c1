#pragma once

#include "secretbackend.h"

namespace aiochat {

/**
 * @brief Secrets in the desktop's keychain through QtKeychain (Secret Service, KWallet).
 * Entry names are scoped to the data directory so two AIO-CHAT instances never share one.
 */
class KeychainSecretBackend final : public SecretBackend
{
public:
    explicit KeychainSecretBackend(const QString &dataDir);

    /** @brief True when a keychain answers at all (a missing entry still counts as an answer). */
    [[nodiscard]] bool probe();

    [[nodiscard]] QString description() const override;
    [[nodiscard]] bool isWritable() const override { return true; }
    [[nodiscard]] Result<std::optional<QByteArray>> read(const QString &name) override;
    [[nodiscard]] Status write(const QString &name, const QByteArray &value) override;
    [[nodiscard]] Status remove(const QString &name) override;

private:
    [[nodiscard]] QString entryKey(const QString &name) const;

    QString m_scope;
};

} // namespace aiochat
