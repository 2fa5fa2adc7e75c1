#pragma once

#include "secretbackend.h"

#include <QJsonObject>

namespace aiochat {

/**
 * @brief Secrets in a JSON file readable only by its owner (mode 0600) in the data directory:
 * the fallback for servers and CI where no keychain answers. Writes are atomic (temp file,
 * fsync, rename) and the file is never visible with wider permissions, not even briefly.
 */
class KeyFileSecretBackend final : public SecretBackend
{
public:
    explicit KeyFileSecretBackend(QString path);

    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] QString description() const override;
    [[nodiscard]] bool isWritable() const override { return true; }
    [[nodiscard]] Result<std::optional<QByteArray>> read(const QString &name) override;
    [[nodiscard]] Status write(const QString &name, const QByteArray &value) override;
    [[nodiscard]] Status remove(const QString &name) override;

private:
    [[nodiscard]] Result<QJsonObject> load() const;
    [[nodiscard]] Status save(const QJsonObject &entries) const;

    QString m_path;
};

} // namespace aiochat
