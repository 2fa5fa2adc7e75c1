#pragma once

#include "domain/contactidentity.h"
#include "domain/status.h"
#include "security/personaldatacipher.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>

namespace aiochat {

/** @brief Platform identities (who writes from where); the platform user id is sealed. */
class IdentityRepository
{
public:
    IdentityRepository(QSqlDatabase db, const PersonalDataCipher &cipher);

    /**
     * @brief Returns the identity for (platform, platformUserId), creating it if new. An existing
     * row gets the fresh profile name and last-seen time. One statement, safe under races.
     */
    [[nodiscard]] Result<ContactIdentity> upsert(const ContactIdentity &identity);
    [[nodiscard]] Result<std::optional<ContactIdentity>> find(qint64 id);
    [[nodiscard]] Result<std::optional<ContactIdentity>>
    findByPlatformId(Platform platform, const QString &platformUserId);
    [[nodiscard]] Result<QList<ContactIdentity>> listForContact(qint64 contactId);
    [[nodiscard]] Status linkToContact(qint64 identityId, qint64 contactId);
    [[nodiscard]] Status setBlocked(qint64 identityId, bool blocked);
    /** @brief Keeps (sealed) a phone number the user shared about themselves, for verification. */
    [[nodiscard]] Status setPhoneEvidence(qint64 identityId, const QString &phone);
    [[nodiscard]] Result<QString> phoneEvidence(qint64 identityId);

    /** @brief The value the blind index covers: platform-scoped so ids never collide across
     * platforms. */
    [[nodiscard]] static QString scopedId(Platform platform, const QString &platformUserId);

private:
    [[nodiscard]] Result<ContactIdentity> fromRow(const QSqlQuery &q) const;
    [[nodiscard]] Result<QList<ContactIdentity>> select(const QString &where,
                                                        const QVariantList &binds);

    QSqlDatabase m_db;
    const PersonalDataCipher &m_cipher;
};

} // namespace aiochat
