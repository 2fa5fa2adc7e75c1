#include "personaldatacipher.h"

#include "crypto.h"

#include <QtEndian>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr char kVersion = 0x01;
constexpr int kHeaderSize = 5;

QByteArray fieldLabel(PersonalField field)
{
    switch (field) {
    case PersonalField::Phone:
        return "phone";
    case PersonalField::Email:
        return "email";
    case PersonalField::PolicyNumber:
        return "policy_number";
    case PersonalField::DateOfBirth:
        return "date_of_birth";
    case PersonalField::PlatformUserId:
        return "platform_user_id";
    case PersonalField::PhoneEvidence:
        return "phone_evidence";
    case PersonalField::JournalBody:
        return "journal_body";
    }
    return "unknown";
}

} // namespace

PersonalDataCipher::PersonalDataCipher(DataKeyring keyring)
    : m_keyring(std::move(keyring))
{
    Q_ASSERT(!m_keyring.isEmpty());
}

QByteArray PersonalDataCipher::seal(PersonalField field, const QString &plaintext) const
{
    return sealBytes(field, plaintext.toUtf8());
}

QByteArray PersonalDataCipher::sealBytes(PersonalField field, const QByteArray &plaintext) const
{
    if (plaintext.isEmpty())
        return {};
    const DataKeyring::Key &key = m_keyring.current();
    const Result<QByteArray> sealed =
        crypto::aesGcmEncrypt(key.encryptionKey, plaintext, fieldLabel(field));
    // Only an OpenSSL malfunction makes encryption fail; storing clear text instead is not an
    // option.
    if (!sealed.isOk())
        qFatal("personal data encryption failed");
    QByteArray out(kHeaderSize, Qt::Uninitialized);
    out[0] = kVersion;
    qToBigEndian<quint32>(key.id, out.data() + 1);
    out.append(sealed.value());
    return out;
}

Result<QString> PersonalDataCipher::open(PersonalField field, const QByteArray &sealed) const
{
    const Result<QByteArray> bytes = openBytes(field, sealed);
    if (!bytes.isOk())
        return bytes.status();
    return QString::fromUtf8(bytes.value());
}

Result<QByteArray> PersonalDataCipher::openBytes(PersonalField field,
                                                 const QByteArray &sealed) const
{
    if (sealed.isEmpty())
        return QByteArray();
    if (sealed.size() < kHeaderSize || sealed.at(0) != kVersion)
        return Status::invalidArgument(u"unknown personal-data format"_s);
    const DataKeyring::Key *key = m_keyring.find(keyIdOf(sealed));
    if (!key)
        return Status::failedPrecondition(u"the key this value was sealed with is missing"_s);
    const Result<QByteArray> plain = crypto::aesGcmDecrypt(
        key->encryptionKey, QByteArrayView(sealed).sliced(kHeaderSize), fieldLabel(field));
    return plain;
}

QByteArray PersonalDataCipher::blindIndex(PersonalField field, const QString &value) const
{
    const QString normalized = normalize(field, value);
    if (normalized.isEmpty())
        return {};
    // The field label keeps equal strings in different columns from sharing an index value.
    return crypto::hmacSha256(m_keyring.current().indexKey,
                              fieldLabel(field) + ':' + normalized.toUtf8());
}

QString PersonalDataCipher::normalize(PersonalField field, const QString &value)
{
    const QString trimmed = value.trimmed();
    switch (field) {
    case PersonalField::Phone: {
        QString digits;
        for (const QChar c : trimmed) {
            if (c.isDigit())
                digits.append(c);
        }
        return digits;
    }
    case PersonalField::Email:
        return trimmed.toLower();
    case PersonalField::PolicyNumber: {
        QString out;
        for (const QChar c : trimmed) {
            if (c.isLetterOrNumber())
                out.append(c.toUpper());
        }
        return out;
    }
    case PersonalField::DateOfBirth:
    case PersonalField::PlatformUserId:
    case PersonalField::PhoneEvidence:
    case PersonalField::JournalBody:
        return trimmed;
    }
    return trimmed;
}

quint32 PersonalDataCipher::keyIdOf(const QByteArray &sealed)
{
    if (sealed.size() < kHeaderSize)
        return 0;
    return qFromBigEndian<quint32>(sealed.constData() + 1);
}

} // namespace aiochat
