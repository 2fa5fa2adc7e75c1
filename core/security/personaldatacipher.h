#pragma once

#include "datakeyring.h"
#include "domain/status.h"

#include <QByteArray>
#include <QString>

namespace aiochat {

/** @brief The personal fields that are stored encrypted with a blind index. */
enum class PersonalField
{
    Phone,
    Email,
    PolicyNumber,
    DateOfBirth,
    PlatformUserId,
    PhoneEvidence, ///< a number a chat user shared about themselves (verification evidence)
    JournalBody,   ///< raw webhook bodies: they carry numbers, names and message texts
};

/**
 * @brief Seals personal data for storage (AES-256-GCM, random nonce per value, the field name
 * as associated data so a value cannot be moved to another column) and computes the keyed
 * blind index (HMAC-SHA256 over the normalised value) used for equality lookups.
 *
 * Sealed layout: version (1 byte, 0x01) || key id (4 bytes, big endian) || nonce || ct || tag.
 * Immutable after construction, so one instance is shared by every thread.
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

    /** @brief The canonical form equal values share (digits of a phone, lower-case e-mail…). */
    [[nodiscard]] static QString normalize(PersonalField field, const QString &value);

    /** @brief Id of the key a sealed value was made with (0 when unreadable). */
    [[nodiscard]] static quint32 keyIdOf(const QByteArray &sealed);

    [[nodiscard]] const DataKeyring &keyring() const { return m_keyring; }

private:
    DataKeyring m_keyring;
};

} // namespace aiochat
