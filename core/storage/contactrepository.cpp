#include "contactrepository.h"

#include "keysetpage.h"

#include "connection.h"
#include "statement.h"

#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

const QString kColumns = u"id, display_name, phone_enc, email_enc, policy_enc, dob_enc, "
                         u"attributes, created_at, updated_at, "
                         u"language, attributes_enc"_s;

QString attributesJson(const QJsonObject &attributes)
{
    return QString::fromUtf8(QJsonDocument(attributes).toJson(QJsonDocument::Compact));
}

// The store keeps NULL, not an empty blob, for a missing value, so lookups never match "".
QVariant blobOrNull(const QByteArray &bytes)
{
    return bytes.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(bytes);
}

const char *bidxColumn(PersonalField field)
{
    switch (field) {
    case PersonalField::Phone:
        return "phone_bidx";
    case PersonalField::Email:
        return "email_bidx";
    case PersonalField::PolicyNumber:
        return "policy_bidx";
    case PersonalField::DateOfBirth:
        return "dob_bidx";
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
        break;
    }
    return nullptr;
}

} // namespace

ContactRepository::ContactRepository(QSqlDatabase db, const PersonalDataCipher &cipher)
    : m_db(std::move(db))
    , m_cipher(cipher)
{}

Result<Contact> ContactRepository::fromRow(const QSqlQuery &q) const
{
    Contact c;
    c.id = q.value(0).toLongLong();
    c.displayName = q.value(1).toString();
    const Result<QString> phone = m_cipher.open(PersonalField::Phone, q.value(2).toByteArray());
    const Result<QString> email = m_cipher.open(PersonalField::Email, q.value(3).toByteArray());
    const Result<QString> policy =
        m_cipher.open(PersonalField::PolicyNumber, q.value(4).toByteArray());
    const Result<QString> dob = m_cipher.open(PersonalField::DateOfBirth, q.value(5).toByteArray());
    for (const auto *r : {&phone, &email, &policy, &dob}) {
        if (!r->isOk())
            return r->status().prefixed(u"contact "_s + QString::number(c.id));
    }
    c.phone = phone.value();
    c.email = email.value();
    c.policyNumber = policy.value();
    c.dateOfBirth = QDate::fromString(dob.value(), Qt::ISODate);
    c.attributes = QJsonDocument::fromJson(q.value(6).toByteArray()).object();
    c.createdAt = q.value(7).toLongLong();
    c.updatedAt = q.value(8).toLongLong();
    c.language = q.value(9).toString();
    if (const QByteArray sealed = q.value(10).toByteArray(); !sealed.isEmpty()) {
        const Result<QByteArray> personal = m_cipher.openBytes(PersonalField::Attributes, sealed);
        if (!personal.isOk())
            return personal.status().prefixed(u"contact "_s + QString::number(c.id));
        const QJsonObject values = QJsonDocument::fromJson(personal.value()).object();
        for (auto it = values.begin(); it != values.end(); ++it) {
            c.attributes.insert(it.key(), it.value());
            c.sealedAttributes.append(it.key());
        }
    }
    return c;
}

Result<std::pair<QString, QByteArray>>
ContactRepository::splitAttributes(const QJsonObject &attributes)
{
    QJsonObject clear = attributes;
    QJsonObject personal;
    if (!attributes.isEmpty()) {
        // Read once per repository: an import saves thousands of customers with one.
        if (!m_personalKeys) {
            Statement keys(m_db, u"SELECT key FROM attribute_definitions WHERE personal = 1"_s);
            if (Status s = execute(keys.query(), u"reading the personal attributes"_s); !s.isOk())
                return s;
            m_personalKeys.emplace();
            while (keys.query().next())
                m_personalKeys->append(keys.query().value(0).toString());
        }
        for (const QString &key : *m_personalKeys)
            if (clear.contains(key))
                personal.insert(key, clear.take(key));
    }
    return std::pair{attributesJson(clear), personal.isEmpty()
                                                ? QByteArray()
                                                : m_cipher.sealBytes(PersonalField::Attributes,
                                                                     QJsonDocument(personal).toJson(
                                                                         QJsonDocument::Compact))};
}

Result<qint64> ContactRepository::insert(const Contact &contact)
{
    Statement qStatement(m_db,
                         u"INSERT INTO contacts (display_name, phone_enc, phone_bidx, email_enc, "
                         u"email_bidx, policy_enc, policy_bidx, dob_enc, dob_bidx, attributes, "
                         u"created_at, updated_at, language, attributes_enc) "
                         u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    const Result<std::pair<QString, QByteArray>> attributes = splitAttributes(contact.attributes);
    if (!attributes.isOk())
        return attributes.status();
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    const QString dob =
        contact.dateOfBirth.isValid() ? contact.dateOfBirth.toString(Qt::ISODate) : QString();
    const Millis now = contact.createdAt ? contact.createdAt : nowMillis();
    q.addBindValue(notNull(contact.displayName));
    q.addBindValue(blobOrNull(m_cipher.seal(PersonalField::Phone, contact.phone)));
    q.addBindValue(blobOrNull(m_cipher.blindIndex(PersonalField::Phone, contact.phone)));
    q.addBindValue(blobOrNull(m_cipher.seal(PersonalField::Email, contact.email)));
    q.addBindValue(blobOrNull(m_cipher.blindIndex(PersonalField::Email, contact.email)));
    q.addBindValue(blobOrNull(m_cipher.seal(PersonalField::PolicyNumber, contact.policyNumber)));
    q.addBindValue(
        blobOrNull(m_cipher.blindIndex(PersonalField::PolicyNumber, contact.policyNumber)));
    q.addBindValue(blobOrNull(m_cipher.seal(PersonalField::DateOfBirth, dob)));
    q.addBindValue(blobOrNull(m_cipher.blindIndex(PersonalField::DateOfBirth, dob)));
    q.addBindValue(attributes->first);
    q.addBindValue(now);
    q.addBindValue(contact.updatedAt ? contact.updatedAt : now);
    q.addBindValue(notNull(contact.language));
    q.addBindValue(blobOrNull(attributes->second));
    s = execute(q, u"inserting a contact"_s);
    if (!s.isOk())
        return s;
    if (!q.next())
        return Status::internal(u"inserting a contact returned no id"_s);
    return q.value(0).toLongLong();
}

Status ContactRepository::update(const Contact &contact)
{
    Statement qStatement(
        m_db, u"UPDATE contacts SET display_name = ?, phone_enc = ?, phone_bidx = ?, "
              u"email_enc = ?, email_bidx = ?, policy_enc = ?, policy_bidx = ?, "
              u"dob_enc = ?, dob_bidx = ?, attributes = ?, updated_at = ?, language = ?, "
              u"attributes_enc = ? WHERE id = ?"_s);
    const Result<std::pair<QString, QByteArray>> attributes = splitAttributes(contact.attributes);
    if (!attributes.isOk())
        return attributes.status();
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    const QString dob =
        contact.dateOfBirth.isValid() ? contact.dateOfBirth.toString(Qt::ISODate) : QString();
    q.addBindValue(notNull(contact.displayName));
    q.addBindValue(blobOrNull(m_cipher.seal(PersonalField::Phone, contact.phone)));
    q.addBindValue(blobOrNull(m_cipher.blindIndex(PersonalField::Phone, contact.phone)));
    q.addBindValue(blobOrNull(m_cipher.seal(PersonalField::Email, contact.email)));
    q.addBindValue(blobOrNull(m_cipher.blindIndex(PersonalField::Email, contact.email)));
    q.addBindValue(blobOrNull(m_cipher.seal(PersonalField::PolicyNumber, contact.policyNumber)));
    q.addBindValue(
        blobOrNull(m_cipher.blindIndex(PersonalField::PolicyNumber, contact.policyNumber)));
    q.addBindValue(blobOrNull(m_cipher.seal(PersonalField::DateOfBirth, dob)));
    q.addBindValue(blobOrNull(m_cipher.blindIndex(PersonalField::DateOfBirth, dob)));
    q.addBindValue(attributes->first);
    q.addBindValue(nowMillis());
    q.addBindValue(notNull(contact.language));
    q.addBindValue(blobOrNull(attributes->second));
    q.addBindValue(contact.id);
    s = execute(q, u"updating a contact"_s);
    if (!s.isOk())
        return s;
    if (q.numRowsAffected() == 0)
        return Status::notFound(u"no contact with id "_s + QString::number(contact.id));
    return Status::ok();
}

Result<std::optional<Contact>> ContactRepository::find(qint64 id)
{
    Statement qStatement(m_db, u"SELECT "_s + kColumns + u" FROM contacts WHERE id = ?"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    q.addBindValue(id);
    s = execute(q, u"reading a contact"_s);
    if (!s.isOk())
        return s;
    if (!q.next())
        return std::optional<Contact>();
    Result<Contact> c = fromRow(q);
    if (!c.isOk())
        return c.status();
    return std::optional<Contact>(std::move(c).value());
}

Result<QList<Contact>> ContactRepository::findBy(PersonalField field, const QString &value)
{
    const char *column = bidxColumn(field);
    if (!column)
        return Status::invalidArgument(u"contacts cannot be looked up by that field"_s);
    // Every key whose indexes may be stored: mid-rotation, rows not yet re-indexed count too.
    const QList<QByteArray> indexes = m_cipher.blindIndexes(field, value);
    if (indexes.isEmpty())
        return QList<Contact>();
    Statement qStatement(m_db, u"SELECT "_s + kColumns + u" FROM contacts WHERE "_s +
                                   QString::fromLatin1(column) + u" IN ("_s +
                                   placeholders(indexes.size()) + u") ORDER BY id"_s);
    Status s = qStatement.status();
    QSqlQuery &q = qStatement.query();
    if (!s.isOk())
        return s;
    for (const QByteArray &index : indexes)
        q.addBindValue(index);
    s = execute(q, u"looking up contacts"_s);
    if (!s.isOk())
        return s;
    QList<Contact> out;
    while (q.next()) {
        Result<Contact> c = fromRow(q);
        if (!c.isOk())
            return c.status();
        out.append(std::move(c).value());
    }
    return out;
}

Result<Page<Contact>> ContactRepository::list(const ContactQuery &query)
{
    const int limit = std::clamp(query.limit, 1, 500);
    QString sql = u"SELECT "_s + kColumns + u" FROM contacts WHERE merged_into IS NULL"_s;
    QVariantList binds;

    // Keyset paging by (display_name, id): stable while rows are added elsewhere in the list.
    if (!query.cursor.isEmpty()) {
        const Result<QStringList> parts = keyset::decode(query.cursor, 2);
        if (!parts.isOk())
            return parts.status();
        sql += u" AND (display_name > ? OR (display_name = ? AND id > ?))"_s;
        binds << parts->at(0) << parts->at(0) << parts->at(1).toLongLong();
    }
    const QString search = query.search.trimmed();
    if (!search.isEmpty()) {
        // Exact personal values are found through their blind indexes; names by prefix.
        sql += u" AND (lower(display_name) LIKE ? OR lower(display_name) LIKE ?"_s;
        const QString like = search.toLower().replace(u'%', u' ').replace(u'_', u' ');
        binds << like + u'%' << u"% "_s + like + u'%';
        for (PersonalField f :
             {PersonalField::Phone, PersonalField::Email, PersonalField::PolicyNumber}) {
            const QList<QByteArray> indexes = m_cipher.blindIndexes(f, search);
            if (indexes.isEmpty())
                continue;
            sql += u" OR "_s + QString::fromLatin1(bidxColumn(f)) + u" IN ("_s +
                   placeholders(indexes.size()) + u')';
            for (const QByteArray &index : indexes)
                binds << index;
        }
        sql += u')';
    }
    sql += u" ORDER BY display_name, id LIMIT "_s + QString::number(limit + 1);
    return keyset::fetch<Contact>(
        m_db, sql, binds, limit, u"listing contacts"_s,
        [this](const QSqlQuery &q) { return fromRow(q); },
        [](const Contact &c) {
            return QStringList{c.displayName, QString::number(c.id)};
        });
}

Result<qint64> ContactRepository::count()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT COUNT(*) FROM contacts WHERE merged_into IS NULL"_s) || !q.next())
        return queryError(q, u"counting contacts"_s);
    return q.value(0).toLongLong();
}

} // namespace aiochat
