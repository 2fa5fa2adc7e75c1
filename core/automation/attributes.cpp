#include "attributes.h"

#include "assistant/verification.h"
#include "contacts/contactimport.h"

#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace aiochat::automation {

namespace {

const QStringList &typeNames()
{
    static const QStringList names{u"text"_s, u"number"_s,  u"money"_s,
                                   u"date"_s, u"boolean"_s, u"choice"_s};
    return names;
}

// "1.250.000", "1,250,000.50", "1 250 000", "Rp 1.250.000" → 1250000 / 1250000.5. A single
// separator followed by exactly three digits is a thousands separator; otherwise a decimal one.
std::optional<double> parseNumber(QString text)
{
    text = text.trimmed();
    text.remove(QRegularExpression(u"^(?:rp\\.?|idr|usd|\\$|€|eur)\\s*"_s,
                                   QRegularExpression::CaseInsensitiveOption));
    text.remove(u' ');
    text.remove(u'\u00a0');
    if (text.isEmpty())
        return std::nullopt;
    static const QRegularExpression shape(u"^-?[0-9][0-9.,]*$"_s);
    if (!shape.match(text).hasMatch())
        return std::nullopt;
    const qsizetype dots = text.count(u'.');
    const qsizetype commas = text.count(u',');
    const auto groupedBy = [&text](QChar sep) {
        // Every group after the first has three digits.
        const QStringList parts = text.split(sep);
        for (qsizetype i = 1; i < parts.size(); ++i)
            if (parts.at(i).size() != 3)
                return false;
        return true;
    };
    if (dots > 0 && commas > 0) {
        // The later one is the decimal separator.
        const bool commaDecimal = text.lastIndexOf(u',') > text.lastIndexOf(u'.');
        text.remove(commaDecimal ? u'.' : u',');
        text.replace(u',', u'.');
    } else if (dots > 1 || (dots == 1 && groupedBy(u'.') && text.indexOf(u'.') <= 3 &&
                            text.section(u'.', 0, 0) != u"0"_s)) {
        text.remove(u'.');
    } else if (commas > 1 || (commas == 1 && groupedBy(u','))) {
        text.remove(u',');
    } else {
        text.replace(u',', u'.');
    }
    bool ok = false;
    const double v = text.toDouble(&ok);
    return ok && std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

std::optional<QDate> parseDate(const QString &text)
{
    const QString t = text.trimmed();
    const QDate iso = QDate::fromString(t.left(10), Qt::ISODate);
    if (iso.isValid() && (t.size() == 10 || t.at(10) == u'T' || t.at(10) == u' '))
        return iso;
    const assistant::Claims claims = assistant::extractClaims(t);
    if (claims.dates.size() == 1 && claims.dates.first().isValid())
        return claims.dates.first();
    return std::nullopt;
}

std::optional<bool> parseBoolean(const QString &text)
{
    static const QStringList yes{u"true"_s, u"yes"_s, u"y"_s, u"1"_s, u"ya"_s, u"benar"_s};
    static const QStringList no{u"false"_s, u"no"_s, u"n"_s, u"0"_s, u"tidak"_s, u"salah"_s};
    const QString t = text.trimmed().toLower();
    if (yes.contains(t))
        return true;
    if (no.contains(t))
        return false;
    return std::nullopt;
}

} // namespace

QString toString(AttributeType type)
{
    return typeNames().at(int(type));
}

std::optional<AttributeType> attributeTypeFromString(const QString &name)
{
    const int i = int(typeNames().indexOf(name));
    return i < 0 ? std::nullopt : std::optional<AttributeType>(AttributeType(i));
}

bool isBuiltInContactField(const QString &key)
{
    static const QStringList own{u"id"_s,   u"language"_s,  u"tags"_s,     u"notes"_s,
                                 u"name"_s, u"createdat"_s, u"updatedat"_s};
    const QString folded = key.toLower().remove(u'_').remove(u' ').remove(u'-');
    return own.contains(folded) || !ContactImport::fieldForHeader(key).isEmpty();
}

QJsonObject AttributeDefinition::toJson() const
{
    QJsonObject o{{u"key"_s, key},
                  {u"label"_s, label},
                  {u"type"_s, automation::toString(type)},
                  {u"personal"_s, personal},
                  {u"position"_s, position}};
    if (type == AttributeType::Money)
        o.insert(u"currency"_s, currency);
    if (type == AttributeType::Choice)
        o.insert(u"options"_s, QJsonArray::fromStringList(options));
    return o;
}

Result<AttributeDefinition> AttributeDefinition::fromJson(const QJsonObject &json)
{
    AttributeDefinition d;
    d.key = json.value(u"key"_s).toString().trimmed();
    static const QRegularExpression keyShape(u"^[a-z][a-z0-9_]{0,39}$"_s);
    if (!keyShape.match(d.key).hasMatch())
        return Status::invalidArgument(
            u"key: lower-case letters, digits and _ only, starting with a letter, at most 40 "
            u"characters (e.g. payment_due_date)"_s);
    if (isBuiltInContactField(d.key))
        return Status::invalidArgument(u"key: \""_s + d.key +
                                       u"\" is one of the customer's own fields"_s);
    d.label = json.value(u"label"_s).toString().trimmed();
    if (d.label.isEmpty())
        d.label = d.key;
    if (d.label.size() > 80)
        return Status::invalidArgument(u"label: at most 80 characters"_s);
    const std::optional<AttributeType> type =
        attributeTypeFromString(json.value(u"type"_s).toString(u"text"_s));
    if (!type)
        return Status::invalidArgument(u"type: must be one of "_s + typeNames().join(u", "_s));
    d.type = *type;
    if (d.type == AttributeType::Money) {
        d.currency = json.value(u"currency"_s).toString().trimmed().toUpper();
        if (!QRegularExpression(u"^[A-Z]{3}$"_s).match(d.currency).hasMatch())
            return Status::invalidArgument(u"currency: a three-letter code such as IDR"_s);
    }
    if (d.type == AttributeType::Choice) {
        for (const QJsonValue &v : json.value(u"options"_s).toArray()) {
            const QString option = v.toString().trimmed();
            if (!option.isEmpty() && !d.options.contains(option))
                d.options.append(option);
        }
        if (d.options.isEmpty())
            return Status::invalidArgument(u"options: a list needs at least one choice"_s);
    }
    d.personal = json.value(u"personal"_s).toBool();
    d.position = json.value(u"position"_s).toInt();
    return d;
}

Result<QJsonValue> parseAttributeValue(const AttributeDefinition &definition,
                                       const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined() ||
        (value.isString() && value.toString().trimmed().isEmpty()))
        return QJsonValue(QJsonValue::Null);
    const QString text = value.isDouble() ? QString::number(value.toDouble(), 'g', 15)
                         : value.isBool() ? (value.toBool() ? u"true"_s : u"false"_s)
                                          : value.toString();
    const QString field = definition.key + u": "_s;
    switch (definition.type) {
    case AttributeType::Text:
        if (text.size() > 1000)
            return Status::invalidArgument(field + u"at most 1000 characters"_s);
        return QJsonValue(text.trimmed());
    case AttributeType::Number:
    case AttributeType::Money: {
        const std::optional<double> n =
            value.isDouble() ? std::optional<double>(value.toDouble()) : parseNumber(text);
        if (!n)
            return Status::invalidArgument(field + u"\""_s + text.left(40) +
                                           u"\" is not a number"_s);
        return QJsonValue(*n);
    }
    case AttributeType::Date: {
        const std::optional<QDate> d = parseDate(text);
        if (!d)
            return Status::invalidArgument(field + u"\""_s + text.left(40) +
                                           u"\" is not a date (write 2026-12-04)"_s);
        return QJsonValue(d->toString(Qt::ISODate));
    }
    case AttributeType::Boolean: {
        const std::optional<bool> b = parseBoolean(text);
        if (!b)
            return Status::invalidArgument(field + u"\""_s + text.left(40) +
                                           u"\" is not yes or no"_s);
        return QJsonValue(*b);
    }
    case AttributeType::Choice: {
        for (const QString &option : definition.options)
            if (option.compare(text.trimmed(), Qt::CaseInsensitive) == 0)
                return QJsonValue(option);
        return Status::invalidArgument(field + u"\""_s + text.left(40) + u"\" is not one of "_s +
                                       definition.options.join(u", "_s));
    }
    }
    return Status::internal(u"unknown attribute type"_s);
}

QString formatDate(const QDate &date, const QString &language)
{
    if (!date.isValid())
        return {};
    static const QStringList indonesian{
        u"Januari"_s, u"Februari"_s, u"Maret"_s,     u"April"_s,   u"Mei"_s,      u"Juni"_s,
        u"Juli"_s,    u"Agustus"_s,  u"September"_s, u"Oktober"_s, u"November"_s, u"Desember"_s};
    const QString month = language == u"id"_s ? indonesian.at(date.month() - 1)
                                              : QLocale(QLocale::English).monthName(date.month());
    return QString::number(date.day()) + u' ' + month + u' ' + QString::number(date.year());
}

QString formatNumber(double value, const QString &language)
{
    const bool whole = std::abs(value - std::round(value)) < 0.005;
    QLocale locale(language == u"id"_s ? QLocale::Indonesian : QLocale::English);
    locale.setNumberOptions(QLocale::DefaultNumberOptions);
    return locale.toString(value, 'f', whole ? 0 : 2);
}

QString formatMoney(double amount, const QString &currency, const QString &language)
{
    if (currency == u"IDR"_s && language == u"id"_s)
        return u"Rp "_s + formatNumber(amount, language);
    return currency + u' ' + formatNumber(amount, language);
}

QString formatAttributeValue(const AttributeDefinition &definition, const QJsonValue &value,
                             const QString &language)
{
    if (value.isNull() || value.isUndefined())
        return {};
    switch (definition.type) {
    case AttributeType::Date:
        return formatDate(QDate::fromString(value.toString(), Qt::ISODate), language);
    case AttributeType::Money:
        return formatMoney(value.toDouble(), definition.currency, language);
    case AttributeType::Number:
        return formatNumber(value.toDouble(), language);
    case AttributeType::Boolean:
        if (language == u"id"_s)
            return value.toBool() ? u"ya"_s : u"tidak"_s;
        return value.toBool() ? u"yes"_s : u"no"_s;
    case AttributeType::Text:
    case AttributeType::Choice:
        return value.toString();
    }
    return {};
}

AttributeType inferAttributeType(const QStringList &values)
{
    int seen = 0;
    int dates = 0;
    int numbers = 0;
    int booleans = 0;
    for (const QString &v : values) {
        if (v.trimmed().isEmpty())
            continue;
        ++seen;
        // A bare number is a number, not a date ("2026" or "12").
        if (parseNumber(v))
            ++numbers;
        else if (parseDate(v))
            ++dates;
        if (parseBoolean(v) && !v.trimmed().at(0).isDigit())
            ++booleans;
    }
    if (seen == 0)
        return AttributeType::Text;
    if (dates == seen)
        return AttributeType::Date;
    if (booleans == seen)
        return AttributeType::Boolean;
    // Money needs a currency an admin picks in the preview; a number is always safe to compare.
    return numbers == seen ? AttributeType::Number : AttributeType::Text;
}

QString attributeKeyFromHeader(const QString &header)
{
    QString key = header.trimmed().toLower();
    key.replace(QRegularExpression(u"[^a-z0-9]+"_s), u"_"_s);
    key.remove(QRegularExpression(u"^[_0-9]+|_+$"_s));
    return key.left(40);
}

} // namespace aiochat::automation

namespace aiochat::automation {

QList<FieldError> applyAttributeValues(const QJsonObject &typed,
                                       const QList<AttributeDefinition> &definitions,
                                       QJsonObject &into)
{
    QList<FieldError> errors;
    for (auto it = typed.begin(); it != typed.end(); ++it) {
        const auto def =
            std::find_if(definitions.begin(), definitions.end(),
                         [&it](const AttributeDefinition &d) { return d.key == it.key(); });
        if (def == definitions.end()) {
            errors.append({u"attr."_s + it.key(), u"no attribute \""_s + it.key() +
                                                      u"\" is defined (Settings → Attributes)"_s});
            continue;
        }
        const Result<QJsonValue> value = parseAttributeValue(*def, it.value());
        if (!value.isOk()) {
            errors.append({u"attr."_s + it.key(), value.status().message()});
            continue;
        }
        if (value->isNull())
            into.remove(it.key());
        else
            into.insert(it.key(), value.value());
    }
    return errors;
}

} // namespace aiochat::automation
