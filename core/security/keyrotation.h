#pragma once

#include "domain/status.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

namespace aiochat {

class DataKeyring;
class PersonalDataCipher;
class SecretStore;
class Storage;

/**
 * @brief `aiochat --rotate-data-key`: seals every personal value under a new key and recomputes
 * every blind index, in small batches, while AIO-CHAT may keep running.
 *
 * 1. A new key is added to the keyring and saved to the secrets store *before* anything uses it.
 * 2. If an instance runs with this data directory, the rotation bumps "data-keys.version" in the
 *    database and waits until that instance has loaded the new keyring ("data-keys.loaded"):
 *    from then on it seals with the new key, opens both, and looks up under both.
 * 3. Message texts still in clear (from before texts were sealed) are sealed. Then contacts,
 *    identities, the inbound journal, message texts (their search terms recomputed, as the
 *    numbers in them are indexed under the index key), earlier versions of texts and the outbox
 *    are walked in id order, one transaction per batch; the position is stored in the same
 *    transaction ("data-keys.rotation"), so a killed rotation resumes where it stopped.
 * 4. A second walk must find nothing left under an old key; then the old keys are retired (they
 *    stay in the keyring to open old backups but are no longer used for lookups).
 */
class KeyRotation
{
public:
    using Print = std::function<void(const QString &line)>;

    /** @brief Database settings the rotation and running instances share. */
    static constexpr const char *kStateKey = "data-keys.rotation";
    static constexpr const char *kVersionKey = "data-keys.version";
    static constexpr const char *kLoadedKey = "data-keys.loaded";
    /**
     * @brief Several instances on one PostgreSQL database: the keyring as the rotation saved it,
     * sealed under the key that was current before (which every running instance holds), so the
     * other instances' key watchers take the new key into their own secrets store; each
     * acknowledges as kLoadedKey + "/" + its instance name.
     */
    static constexpr const char *kSharedKey = "data-keys.shared";

    KeyRotation(Storage &storage, SecretStore &secrets, const PersonalDataCipher &cipher,
                QString dataDir);

    void setProgress(Print print) { m_print = std::move(print); }
    void setBatchSize(int rows) { m_batch = rows; }

    [[nodiscard]] Status run();

private:
    struct Table;
    [[nodiscard]] static const QList<Table> &tables();
    [[nodiscard]] Status start(QJsonObject &state);
    [[nodiscard]] Status waitForRunningInstance(qint64 version);
    /** @brief One walk over every table from the stored position; counts re-sealed values. */
    [[nodiscard]] Status walk(QJsonObject &state, qint64 &resealed);
    /** @brief The files kept beside an SQLite database (customers' files), under the new key. */
    [[nodiscard]] Status resealFiles(qint64 &resealed);
    [[nodiscard]] Status finish();
    [[nodiscard]] Status saveState(const QJsonObject &state);
    [[nodiscard]] Result<QJsonObject> loadState();
    /** @brief Announces a changed keyring; @p shared is it sealed for other instances (or ""). */
    [[nodiscard]] Result<qint64> bumpVersion(const QByteArray &shared);
    /** @brief The keyring sealed under the key current now, on PostgreSQL; "" on SQLite. */
    [[nodiscard]] QByteArray sealForOthers(const DataKeyring &keyring) const;
    /** @brief On PostgreSQL: every instance that renewed its lease in the last minute. */
    [[nodiscard]] Result<QStringList> liveInstances();
    void print(const QString &line) const;

    Storage &m_storage;
    SecretStore &m_secrets;
    const PersonalDataCipher &m_cipher;
    QString m_dataDir;
    Print m_print;
    int m_batch = 500;
};

} // namespace aiochat
