#include "personaldatacipher.h"

#include "crypto.h"

#include <QDateTime>
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
    case PersonalField::MessageText:
        return "message_text";
    case PersonalField::SearchTerm:
        return "search_term";
    case PersonalField::OutboxPayload:
        return "outbox_payload";
    case PersonalField::DocumentFile:
        return "document_file";
    case PersonalField::DocumentText:
        return "document_text";
    case PersonalField::DocumentVector:
        return "document_vector";
    case PersonalField::Attributes:
        return "attributes";
    case PersonalField::AutomationJob:
        return "automation_job";
    case PersonalField::MediaFile:
        return "media_file";
    case PersonalField::ClusterEvent:
        return "cluster_event";
    case PersonalField::SharedSetting:
        return "shared_setting";
    }
    return "unknown";
}

} // namespace

PersonalDataCipher::PersonalDataCipher(DataKeyring keyring)
    : m_ring(std::make_shared<const DataKeyring>(std::move(keyring)))
{
    Q_ASSERT(!m_ring->isEmpty());
}

std::shared_ptr<const DataKeyring> PersonalDataCipher::ring() const
{
    QReadLocker lock(&m_lock);
    return m_ring;
}

DataKeyring PersonalDataCipher::keyring() const
{
    return *ring();
}

quint32 PersonalDataCipher::currentKeyId() const
{
    return ring()->current().id;
}

void PersonalDataCipher::replaceKeyring(DataKeyring keyring) const
{
    Q_ASSERT(!keyring.isEmpty());
    auto next = std::make_shared<const DataKeyring>(std::move(keyring));
    QWriteLocker lock(&m_lock);
    m_ring = std::move(next);
}

void PersonalDataCipher::setKeySource(std::function<Result<DataKeyring>()> source) const
{
    std::lock_guard lock(m_reloadMutex);
    m_source = std::move(source);
}

const DataKeyring::Key *
PersonalDataCipher::findOrReload(quint32 id, std::shared_ptr<const DataKeyring> &ring) const
{
    if (const DataKeyring::Key *key = ring->find(id))
        return key;
    // Another process (aiochat --rotate-data-key) sealed this with a key added after we started.
    std::lock_guard lock(m_reloadMutex);
    ring = this->ring(); // someone may have reloaded while we waited
    if (const DataKeyring::Key *key = ring->find(id))
        return key;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!m_source || now - m_lastReload < 1000)
        return nullptr;
    m_lastReload = now;
    Result<DataKeyring> fresh = m_source();
    if (!fresh.isOk() || !fresh.value().find(id))
        return nullptr;
    replaceKeyring(std::move(fresh).value());
    ring = this->ring();
    return ring->find(id);
}

QByteArray PersonalDataCipher::seal(PersonalField field, const QString &plaintext) const
{
    return sealBytes(field, plaintext.toUtf8());
}

QByteArray PersonalDataCipher::sealBytes(PersonalField field, const QByteArray &plaintext) const
{
    if (plaintext.isEmpty())
        return {};
    const std::shared_ptr<const DataKeyring> keys = ring();
    const DataKeyring::Key &key = keys->current();
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
    std::shared_ptr<const DataKeyring> keys = ring();
    const DataKeyring::Key *key = findOrReload(keyIdOf(sealed), keys);
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
    return crypto::hmacSha256(ring()->current().indexKey,
                              fieldLabel(field) + ':' + normalized.toUtf8());
}

QList<QByteArray> PersonalDataCipher::blindIndexes(PersonalField field, const QString &value) const
{
    const QString normalized = normalize(field, value);
    if (normalized.isEmpty())
        return {};
    const QByteArray message = fieldLabel(field) + ':' + normalized.toUtf8();
    const std::shared_ptr<const DataKeyring> keys = ring();
    QList<QByteArray> out;
    for (const DataKeyring::Key *key : keys->indexingKeys())
        out.append(crypto::hmacSha256(key->indexKey, message));
    return out;
}

QList<QByteArray> PersonalDataCipher::legacyBlindIndexes(PersonalField field,
                                                         const QString &value) const
{
    QList<QByteArray> all = blindIndexes(field, value);
    if (!all.isEmpty())
        all.removeFirst();
    return all;
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
    case PersonalField::MessageText:
    case PersonalField::SearchTerm:
    case PersonalField::OutboxPayload:
    case PersonalField::DocumentFile:
    case PersonalField::DocumentText:
    case PersonalField::DocumentVector:
    case PersonalField::Attributes:
    case PersonalField::AutomationJob:
    case PersonalField::MediaFile:
    case PersonalField::ClusterEvent:
    case PersonalField::SharedSetting:
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
