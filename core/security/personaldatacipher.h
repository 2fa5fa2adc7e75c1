#pragma once

#include "datakeyring.h"
#include "domain/status.h"

#include <QByteArray>
#include <QReadWriteLock>
#include <QString>

#include <functional>
#include <memory>
#include <mutex>

namespace aiochat {

/** @brief The personal fields that are stored encrypted with a blind index. */
enum class PersonalField
{
    Phone,
    Email,
    PolicyNumber,
    DateOfBirth,
    PlatformUserId,
    PhoneEvidence,  ///< a number a chat user shared about themselves (verification evidence)
    JournalBody,    ///< raw webhook bodies: they carry numbers, names and message texts
    MessageText,    ///< what customers and operators wrote (messages and their earlier versions)
    SearchTerm,     ///< a number, date, phone or e-mail in a message, indexed for exact search
    OutboxPayload,  ///< what is queued to go out: the text and its template parameters
    DocumentFile,   ///< a knowledge document as uploaded
    DocumentText,   ///< a passage of a knowledge document, and its heading path
    DocumentVector, ///< a passage's embedding vector (it can be inverted into text)
    Attributes,     ///< a customer's personal attribute values (one JSON object)
    AutomationJob,  ///< a queued automation action: the rendered message and its recipient
    MediaFile,      ///< a file a customer sent (photo, document, voice note…), as received
    ClusterEvent,   ///< an event passed to the other instances sharing a PostgreSQL database
    SharedSetting,  ///< a setting every instance applies (channel secrets among them)
};

/**
 * @brief Seals personal data for storage (AES-256-GCM, random nonce per value, the field name
 * as associated data so a value cannot be moved to another column) and computes the keyed
 * blind index (HMAC-SHA256 over the normalised value) used for equality lookups.
 *
 * Sealed layout: version (1 byte, 0x01) || key id (4 bytes, big endian) || nonce || ct || tag.
 * One instance is shared by every thread. Its only state is the keyring, which a key rotation
 * replaces as a whole (replaceKeyring(), under a lock), so readers always see a consistent set.
 */
class PersonalDataCipher
{
public:
    explicit PersonalDataCipher(DataKeyring keyring);

    /** @brief Empty input seals to an empty array (stored as NULL). */
    [[nodiscard]] QByteArray seal(PersonalField field, const QString &plaintext) const;
    [[nodiscard]] Result<QString> open(PersonalField field, const QByteArray &sealed) const;
    /** @brief The same for binary values (raw request bodies): no text conversion. */
    [[nodiscard]] QByteArray sealBytes(PersonalField field, const QByteArray &plaintext) const;
    [[nodiscard]] Result<QByteArray> openBytes(PersonalField field, const QByteArray &sealed) const;

    /** @brief Blind index of the normalised value under the current key; empty for empty input. */
    [[nodiscard]] QByteArray blindIndex(PersonalField field, const QString &value) const;
    /**
     * @brief The value's blind index under every key whose indexes may still be stored (current
     * first): during a key rotation rows not yet re-indexed are found too.
     */
    [[nodiscard]] QList<QByteArray> blindIndexes(PersonalField field, const QString &value) const;
    /** @brief Blind indexes under the non-current keys only (what a rotation still has to redo). */
    [[nodiscard]] QList<QByteArray> legacyBlindIndexes(PersonalField field,
                                                       const QString &value) const;

    /** @brief The canonical form equal values share (digits of a phone, lower-case e-mail…). */
    [[nodiscard]] static QString normalize(PersonalField field, const QString &value);

    /** @brief Id of the key a sealed value was made with (0 when unreadable). */
    [[nodiscard]] static quint32 keyIdOf(const QByteArray &sealed);

    [[nodiscard]] DataKeyring keyring() const;
    [[nodiscard]] quint32 currentKeyId() const;
    /** @brief Switches to @p keyring (a rotation added a key or finished). */
    void replaceKeyring(DataKeyring keyring) const;
    /**
     * @brief Where to look for keys this cipher does not know yet (another process rotated):
     * asked at most once a second when a value names an unknown key.
     */
    void setKeySource(std::function<Result<DataKeyring>()> source) const;

private:
    [[nodiscard]] std::shared_ptr<const DataKeyring> ring() const;
    [[nodiscard]] const DataKeyring::Key *
    findOrReload(quint32 id, std::shared_ptr<const DataKeyring> &ring) const;

    mutable QReadWriteLock m_lock;
    mutable std::shared_ptr<const DataKeyring> m_ring;
    mutable std::function<Result<DataKeyring>()> m_source;
    mutable std::mutex m_reloadMutex;
    mutable qint64 m_lastReload = 0;
};

} // namespace aiochat
