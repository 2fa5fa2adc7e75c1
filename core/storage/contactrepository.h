#pragma once

#include "domain/contact.h"
#include "domain/status.h"
#include "page.h"
#include "security/personaldatacipher.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>

namespace aiochat {

/** @brief Filter for the customers list. */
struct ContactQuery
{
    /** @brief Matches the name (prefix of any word), or exactly a phone, e-mail or policy number.
     */
    QString search;
    int limit = 50;
    QString cursor;
};

/**
 * @brief Contacts in the store. Personal fields are sealed on the way in and opened on the way
 * out; equality lookups go through blind indexes, never through clear text.
 */
class ContactRepository
{
public:
    ContactRepository(QSqlDatabase db, const PersonalDataCipher &cipher);

    /** @brief Inserts @p contact and returns its new id. */
    [[nodiscard]] Result<qint64> insert(const Contact &contact);
    [[nodiscard]] Status update(const Contact &contact);
    [[nodiscard]] Result<std::optional<Contact>> find(qint64 id);
    /** @brief Contacts whose @p field equals @p value after normalisation (blind-index lookup). */
    [[nodiscard]] Result<QList<Contact>> findBy(PersonalField field, const QString &value);
    [[nodiscard]] Result<Page<Contact>> list(const ContactQuery &query);
    [[nodiscard]] Result<qint64> count();

private:
    [[nodiscard]] Result<Contact> fromRow(const QSqlQuery &q) const;
    /** @brief The attributes as stored: the clear JSON, and the personal ones sealed. */
    [[nodiscard]] Result<std::pair<QString, QByteArray>>
    splitAttributes(const QJsonObject &attributes);

    QSqlDatabase m_db;
    const PersonalDataCipher &m_cipher;
    std::optional<QStringList> m_personalKeys; ///< attribute keys sealed apart, once read
};

} // namespace aiochat
