#include "identityrepository.h"

#include "connection.h"
#include "statement.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {
const QString kColumns = u"id, contact_id, platform, platform_user_enc, display_name, username, "
                         u"is_group, blocked, verified_at, verification_expires_at, created_at, "
                         u"last_seen_at, verified_by, verify_failures, verify_locked_until"_s;
}

IdentityRepository::IdentityRepository(QSqlDatabase db, const PersonalDataCipher &cipher)
    : m_db(std::move(db))
    , m_cipher(cipher)
{}

QString IdentityRepository::scopedId(Platform platform, const QString &platformUserId)
{
    return toString(platform) + u':' + platformUserId;
}

Result<ContactIdentity> IdentityRepository::fromRow(const QSqlQuery &q) const
{
    ContactIdentity i;
    i.id = q.value(0).toLongLong();
    i.contactId = q.value(1).toLongLong();
    i.platform = fromString(q.value(2).toString(), Platform::Sandbox);
    const Result<QString> uid =
        m_cipher.open(PersonalField::PlatformUserId, q.value(3).toByteArray());
    if (!uid.isOk())
        return uid.status().prefixed(u"identity "_s + QString::number(i.id));
    i.platformUserId = uid.value();
    i.displayName = q.value(4).toString();
    i.username = q.value(5).toString();
    i.isGroup = q.value(6).toBool();
    i.blocked = q.value(7).toBool();
    i.verifiedAt = q.value(8).toLongLong();
    i.verificationExpiresAt = q.value(9).toLongLong();
    i.createdAt = q.value(10).toLongLong();
    i.lastSeenAt = q.value(11).toLongLong();
    i.verifiedBy = q.value(12).toString();
    i.verifyFailures = q.value(13).toInt();
    i.verifyLockedUntil = q.value(14).toLongLong();
    return i;
}

Result<ContactIdentity> IdentityRepository::upsert(const ContactIdentity &identity)
{
    if (identity.platformUserId.isEmpty())
        return Status::invalidArgument(u"an identity needs a platform user id"_s);
    const Millis now = identity.lastSeenAt ? identity.lastSeenAt : nowMillis();
    const QString scopedUser = scopedId(identity.platform, identity.platformUserId);
    // Mid-rotation the row may still carry an index under an older key: move it to the current
    // key first, or the insert below would not see it and add the same person twice.
    const QList<QByteArray> legacy =
        m_cipher.legacyBlindIndexes(PersonalField::PlatformUserId, scopedUser);
    if (!legacy.isEmpty()) {
        Statement rekey(m_db, u"UPDATE contact_identities SET platform_user_enc = ?, "
                              u"platform_user_bidx = ? WHERE platform = ? AND "
                              u"platform_user_bidx IN ("_s +
                                  placeholders(legacy.size()) + u')');
        if (!rekey.status().isOk())
            return rekey.status();
        QSqlQuery &q = rekey.query();
        q.addBindValue(m_cipher.seal(PersonalField::PlatformUserId, identity.platformUserId));
        q.addBindValue(m_cipher.blindIndex(PersonalField::PlatformUserId, scopedUser));
        q.addBindValue(toString(identity.platform));
        for (const QByteArray &index : legacy)
            q.addBindValue(index);
        if (Status s = execute(q, u"re-indexing an identity"_s); !s.isOk())
            return s;
    }
    // ON CONFLICT … DO UPDATE makes RETURNING yield the row whether it was new or not.
    Statement qStatement(
        m_db, u"INSERT INTO contact_identities (contact_id, platform, platform_user_enc, "
              u"platform_user_bidx, display_name, username, is_group, created_at, "
              u"last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
              u"ON CONFLICT (platform, platform_user_bidx) DO UPDATE SET "
              u"display_name = CASE WHEN excluded.display_name <> '' "
              u"THEN excluded.display_name ELSE contact_identities.display_name END, "
              u"username = CASE WHEN excluded.username <> '' "
              u"THEN excluded.username ELSE contact_identities.username END, "
              u"last_seen_at = excluded.last_seen_at RETURNING "_s +
                  kColumns);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    const QString &scoped = scopedUser;
    q.addBindValue(identity.contactId ? QVariant(identity.contactId)
                                      : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(toString(identity.platform));
    q.addBindValue(m_cipher.seal(PersonalField::PlatformUserId, identity.platformUserId));
    q.addBindValue(m_cipher.blindIndex(PersonalField::PlatformUserId, scoped));
    q.addBindValue(notNull(identity.displayName));
    q.addBindValue(notNull(identity.username));
    q.addBindValue(int(identity.isGroup));
    q.addBindValue(identity.createdAt ? identity.createdAt : now);
    q.addBindValue(now);
    s = execute(q, u"storing an identity"_s);
    if (!s.isOk())
        return s;
    if (!q.next())
        return Status::internal(u"storing an identity returned no row"_s);
    return fromRow(q);
}

Result<QList<ContactIdentity>> IdentityRepository::select(const QString &where,
                                                          const QVariantList &binds)
{
    Statement qStatement(m_db,
                         u"SELECT "_s + kColumns + u" FROM contact_identities WHERE "_s + where);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    for (const QVariant &b : binds)
        q.addBindValue(b);
    s = execute(q, u"reading identities"_s);
    if (!s.isOk())
        return s;
    QList<ContactIdentity> out;
    while (q.next()) {
        Result<ContactIdentity> i = fromRow(q);
        if (!i.isOk())
            return i.status();
        out.append(std::move(i).value());
    }
    return out;
}

Result<std::optional<ContactIdentity>> IdentityRepository::find(qint64 id)
{
    Result<QList<ContactIdentity>> rows = select(u"id = ?"_s, {id});
    if (!rows.isOk())
        return rows.status();
    if (rows.value().isEmpty())
        return std::optional<ContactIdentity>();
    return std::optional<ContactIdentity>(rows.value().constFirst());
}

Result<std::optional<ContactIdentity>>
IdentityRepository::findByPlatformId(Platform platform, const QString &platformUserId)
{
    const QList<QByteArray> indexes =
        m_cipher.blindIndexes(PersonalField::PlatformUserId, scopedId(platform, platformUserId));
    QVariantList binds{toString(platform)};
    for (const QByteArray &index : indexes)
        binds << index;
    Result<QList<ContactIdentity>> rows = select(
        u"platform = ? AND platform_user_bidx IN ("_s + placeholders(indexes.size()) + u')', binds);
    if (!rows.isOk())
        return rows.status();
    if (rows.value().isEmpty())
        return std::optional<ContactIdentity>();
    return std::optional<ContactIdentity>(rows.value().constFirst());
}

Result<QList<ContactIdentity>> IdentityRepository::listForContact(qint64 contactId)
{
    return select(u"contact_id = ? ORDER BY id"_s, {contactId});
}

Status IdentityRepository::linkToContact(qint64 identityId, qint64 contactId)
{
    Statement qStatement(m_db, u"UPDATE contact_identities SET contact_id = ? WHERE id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(contactId);
    q.addBindValue(identityId);
    s = execute(q, u"linking an identity"_s);
    if (s.isOk() && q.numRowsAffected() == 0)
        return Status::notFound(u"no identity with id "_s + QString::number(identityId));
    return s;
}

Status IdentityRepository::setBlocked(qint64 identityId, bool blocked)
{
    Statement qStatement(m_db, u"UPDATE contact_identities SET blocked = ? WHERE id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(int(blocked));
    q.addBindValue(identityId);
    return execute(q, u"marking an identity blocked"_s);
}

} // namespace aiochat

namespace aiochat {

Status IdentityRepository::setPhoneEvidence(qint64 identityId, const QString &phone)
{
    Statement qStatement(m_db,
                         u"UPDATE contact_identities SET phone_evidence_enc = ? WHERE id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(m_cipher.seal(PersonalField::PhoneEvidence, phone));
    q.addBindValue(identityId);
    return execute(q, u"storing phone evidence"_s);
}

Result<QString> IdentityRepository::phoneEvidence(qint64 identityId)
{
    Statement qStatement(m_db, u"SELECT phone_evidence_enc FROM contact_identities WHERE id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(identityId);
    s = execute(q, u"reading phone evidence"_s);
    if (!s.isOk())
        return s;
    if (!q.next())
        return Status::notFound(u"no identity with id "_s + QString::number(identityId));
    return m_cipher.open(PersonalField::PhoneEvidence, q.value(0).toByteArray());
}

} // namespace aiochat
