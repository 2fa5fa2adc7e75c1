#pragma once

#include "secretbackend.h"

#include <QMutex>
#include <QProcessEnvironment>

#include <memory>
#include <vector>

namespace aiochat {

/**
 * @brief The one interface for secrets (bot tokens, app secrets, the personal-data key…).
 *
 * Reads try the writable store first (the OS keychain, or the 0600 key file when no keychain
 * answers), then environment variables. Writes go to the writable store. Every value read is
 * registered with the log redactor so it can never appear in a log line. Thread-safe.
 */
class SecretStore
{
public:
    /** @brief Where secrets are kept: "auto" probes the keychain and falls back to the key file. */
    enum class Mode
    {
        Auto,
        Keychain,
        KeyFile
    };

    explicit SecretStore(std::vector<std::unique_ptr<SecretBackend>> backends);
    ~SecretStore();

    /**
     * @brief The standard chain for @p dataDir: keychain (when it answers and @p mode allows)
     * or the key file, then the environment.
     */
    [[nodiscard]] static std::unique_ptr<SecretStore>
    createDefault(const QString &dataDir, Mode mode,
                  const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    [[nodiscard]] static std::optional<Mode> modeFromString(const QString &name);

    [[nodiscard]] Result<std::optional<QByteArray>> read(const QString &name);
    /** @brief Convenience: the value as UTF-8 text, empty when missing or unreadable. */
    [[nodiscard]] QString readText(const QString &name);
    [[nodiscard]] Status write(const QString &name, const QByteArray &value);
    [[nodiscard]] Status remove(const QString &name);
    /**
     * @brief A random key of @p bytes bytes kept under @p name (stored base64), created and saved
     * on first use. For this instance's own keys: token signing, the audit chain.
     */
    [[nodiscard]] Result<QByteArray> readOrCreateKey(const QString &name, int bytes = 32);

    /** @brief Where writes go, for Settings and the start-up log ("OS keychain", "key file …"). */
    [[nodiscard]] QString writableDescription() const;

private:
    mutable QMutex m_mutex;
    std::vector<std::unique_ptr<SecretBackend>> m_backends;
};

} // namespace aiochat
