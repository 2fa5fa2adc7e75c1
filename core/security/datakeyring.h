#pragma once

#include "domain/status.h"

#include <QByteArray>
#include <QList>

namespace aiochat {

class SecretStore;

/**
 * @brief The personal-data keys: one current key that new values are sealed with, plus older
 * keys kept so values sealed before a rotation still open. Each key's 32 bytes of material are
 * split by HKDF into an encryption key and a blind-index key, so neither is ever reused.
 */
class DataKeyring
{
public:
    struct Key
    {
        quint32 id = 0;
        QByteArray material;
        QByteArray encryptionKey;
        QByteArray indexKey;
        /**
         * @brief Rotated away from: every value sealed with it has been re-sealed and every
         * blind index recomputed, so lookups no longer try it. It still opens old backups.
         */
        bool retired = false;
    };

    /** @brief Name of the entry in the secrets store. */
    static constexpr const char *kSecretName = "data-keys";

    DataKeyring() = default;

    /** @brief Loads the keyring from @p store, creating and saving a first key if none exists. */
    [[nodiscard]] static Result<DataKeyring> loadOrCreate(SecretStore &store);
    [[nodiscard]] static Result<DataKeyring> fromJson(const QByteArray &json);
    [[nodiscard]] QByteArray toJson() const;

    /** @brief Adds a fresh random key and makes it current (rotation starts here). */
    quint32 addKey();
    void addKey(quint32 id, const QByteArray &material);
    void setCurrent(quint32 id);
    /** @brief Marks every key but the current one retired (a rotation has finished). */
    void retireAllButCurrent();
    /** @brief Keys whose blind indexes may still be in the database: current first. */
    [[nodiscard]] QList<const Key *> indexingKeys() const;
    /** @brief Saves the keyring to @p store (replacing what is there). */
    [[nodiscard]] Status save(SecretStore &store) const;
    /** @brief Reads the keyring from @p store; an error when there is none. */
    [[nodiscard]] static Result<DataKeyring> load(SecretStore &store);

    [[nodiscard]] bool isEmpty() const { return m_keys.isEmpty(); }
    [[nodiscard]] const Key &current() const;
    [[nodiscard]] const Key *find(quint32 id) const;
    [[nodiscard]] const QList<Key> &keys() const { return m_keys; }

private:
    QList<Key> m_keys;
    quint32 m_current = 0;
};

} // namespace aiochat
