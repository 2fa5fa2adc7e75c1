#pragma once

#include "contacts/contactform.h"
#include "domain/status.h"

#include <QDate>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace aiochat::automation {

/** @brief What a customer attribute holds. */
enum class AttributeType
{
    Text,
    Number,
    Money,
    Date,
    Boolean,
    Choice ///< one of a fixed list
};

[[nodiscard]] QString toString(AttributeType type);
[[nodiscard]] std::optional<AttributeType> attributeTypeFromString(const QString &name);

/**
 * @brief An attribute admins defined for customers ("payment_due_date", a date). Values live in
 * the contact: in clear in `contacts.attributes`, or sealed in `contacts.attributes_enc` when the
 * attribute is personal.
 */
struct AttributeDefinition
{
    QString key; ///< [a-z][a-z0-9_]*, at most 40 characters
    QString label;
    AttributeType type = AttributeType::Text;
    QString currency;    ///< ISO 4217 for money ("IDR")
    QStringList options; ///< for Choice
    bool personal = false;
    int position = 0;

    [[nodiscard]] QJsonObject toJson() const;
    /** @brief Reads and checks a definition; errors name the field ("key: …"). */
    [[nodiscard]] static Result<AttributeDefinition> fromJson(const QJsonObject &json);
};

/** @brief Keys no attribute may take: the contact's own fields. */
[[nodiscard]] bool isBuiltInContactField(const QString &key);

/**
 * @brief A value as typed (form, CSV cell, JSON) → its stored form: numbers and money as numbers,
 * dates as "YYYY-MM-DD", booleans as true/false, text trimmed. An empty value is Null (unset).
 * Dates are read in the forms customers write them (2026-12-04, 04/12/2026, 4 December 2026,
 * 4 Des 2026); numbers with thousands separators ("1.250.000", "1,250,000").
 */
[[nodiscard]] Result<QJsonValue> parseAttributeValue(const AttributeDefinition &definition,
                                                     const QJsonValue &value);

/** @brief A stored value for people: dates and money in the language's usual way. */
[[nodiscard]] QString formatAttributeValue(const AttributeDefinition &definition,
                                           const QJsonValue &value, const QString &language);

/** @brief "29 November 1982" / "29 November 1982" (Indonesian month names for "id"). */
[[nodiscard]] QString formatDate(const QDate &date, const QString &language);
/** @brief "Rp 1.250.000" (id) or "IDR 1,250,000" (en); two decimals only when there are cents. */
[[nodiscard]] QString formatMoney(double amount, const QString &currency, const QString &language);
[[nodiscard]] QString formatNumber(double value, const QString &language);

/**
 * @brief For a CSV column that names no built-in field: the type its values suggest (all dates →
 * Date, all numbers → Number, yes/no → Boolean), else Text. Empty cells do not count.
 */
[[nodiscard]] AttributeType inferAttributeType(const QStringList &values);
/** @brief A column header as an attribute key: "Payment due date" → "payment_due_date". */
[[nodiscard]] QString attributeKeyFromHeader(const QString &header);

} // namespace aiochat::automation

namespace aiochat::automation {

/**
 * @brief Typed values ({key: value}) checked against their definitions and written into
 * @p into (null or "" removes a value). Errors are per field ("attr.<key>").
 */
[[nodiscard]] QList<FieldError> applyAttributeValues(const QJsonObject &typed,
                                                     const QList<AttributeDefinition> &definitions,
                                                     QJsonObject &into);

} // namespace aiochat::automation
