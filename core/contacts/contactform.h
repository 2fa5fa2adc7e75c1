#pragma once

#include "domain/contact.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace aiochat {

/** @brief What is wrong with one field an operator typed, in words they can act on. */
struct FieldError
{
    QString field; ///< "displayName", "phone", "email", "policyNumber", "dateOfBirth"
    QString message;
};

/**
 * @brief A customer's fields as typed into a form, a CSV row or an API call: checked and brought
 * to the stored shape (phone "+6281234567890", e-mail lower-case, policy upper-case, ISO date).
 *
 * Only the fields present in the input are touched, so an edit can change one field without
 * revealing the others; an empty string clears a personal field (the display name cannot be
 * cleared).
 */
class ContactForm
{
public:
    /** @brief Reads the fields from JSON ({displayName, phone, email, policyNumber, dateOfBirth,
     * language, attributes}). */
    [[nodiscard]] static ContactForm fromJson(const QJsonObject &fields);

    /** @brief Every problem, in field order; empty when the form can be applied. */
    [[nodiscard]] QList<FieldError> validate(bool creating) const;
    /** @brief Writes the present, normalised fields into @p contact. Call after validate(). */
    void applyTo(Contact &contact) const;

    [[nodiscard]] bool has(const QString &field) const { return m_fields.contains(field); }
    [[nodiscard]] QString value(const QString &field) const;

    /** @brief The JSON shape of field errors: [{field, message}, …]. */
    [[nodiscard]] static QJsonArray toJson(const QList<FieldError> &errors);
    /** @brief "phone: …; email: …" — the one-line form for logs and plain clients. */
    [[nodiscard]] static QString summary(const QList<FieldError> &errors);

    [[nodiscard]] static QString normalizedPhone(const QString &typed);

    /** @brief Attribute values as typed ({key: value}); checked against their definitions by
     * automation::applyAttributeValues. */
    [[nodiscard]] const QJsonObject &attributes() const { return m_attributes; }

private:
    QJsonObject m_fields;
    QJsonObject m_attributes;
};

} // namespace aiochat
