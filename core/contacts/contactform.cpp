#include "contactform.h"

#include "domain/timestamps.h"

#include <QDate>
#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

const QStringList kFields = {u"displayName"_s,  u"phone"_s,       u"email"_s,
                             u"policyNumber"_s, u"dateOfBirth"_s, u"language"_s};

} // namespace

ContactForm ContactForm::fromJson(const QJsonObject &fields)
{
    ContactForm form;
    for (const QString &f : kFields) {
        const QJsonValue v = fields.value(f);
        if (v.isString())
            form.m_fields.insert(f, v.toString().trimmed());
        else if (v.isNull())
            form.m_fields.insert(f, QString()); // null clears, like ""
    }
    if (fields.value(u"attributes"_s).isObject())
        form.m_attributes = fields.value(u"attributes"_s).toObject();
    return form;
}

QString ContactForm::value(const QString &field) const
{
    return m_fields.value(field).toString();
}

QString ContactForm::normalizedPhone(const QString &typed)
{
    // People write "+62 812-3456-7890" or "(+62) 812.3456.7890": only the digits and the leading
    // plus carry meaning.
    QString digits;
    for (const QChar c : typed) {
        if (c.isDigit())
            digits.append(c);
    }
    const QString t = typed.trimmed();
    const bool international = t.startsWith(u'+') || t.startsWith(u"(+"_s) || t.startsWith(u"00"_s);
    if (t.startsWith(u"00"_s))
        digits.remove(0, 2);
    return international ? u'+' + digits : digits;
}

QList<FieldError> ContactForm::validate(bool creating) const
{
    QList<FieldError> errors;
    if (creating && !has(u"displayName"_s))
        errors.append({u"displayName"_s, QObject::tr("Enter the customer's name.")});
    if (has(u"displayName"_s)) {
        const QString name = value(u"displayName"_s);
        if (name.isEmpty())
            errors.append({u"displayName"_s, QObject::tr("Enter the customer's name.")});
        else if (name.size() > 120)
            errors.append(
                {u"displayName"_s, QObject::tr("The name is longer than 120 characters.")});
    }
    if (const QString phone = value(u"phone"_s); !phone.isEmpty()) {
        static const QRegularExpression allowed(u"^[+0-9 ().-]+$"_s);
        const QString n = normalizedPhone(phone);
        if (!allowed.match(phone).hasMatch())
            errors.append({u"phone"_s, QObject::tr("A phone number has only digits, spaces, "
                                                   "dashes and a leading +.")});
        else if (!n.startsWith(u'+'))
            errors.append({u"phone"_s, QObject::tr("Include the country code, for example "
                                                   "+62 812 3456 7890.")});
        else if (n.size() < 8 || n.size() > 16)
            errors.append(
                {u"phone"_s, QObject::tr("A phone number has 7 to 15 digits after the +.")});
    }
    if (const QString email = value(u"email"_s); !email.isEmpty()) {
        static const QRegularExpression shape(u"^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"_s);
        if (email.size() > 254 || !shape.match(email).hasMatch())
            errors.append({u"email"_s, QObject::tr("This does not look like an e-mail address "
                                                   "(name@example.com).")});
    }
    if (const QString policy = value(u"policyNumber"_s); !policy.isEmpty()) {
        static const QRegularExpression shape(u"^[A-Za-z0-9][A-Za-z0-9 ./-]{1,39}$"_s);
        if (!shape.match(policy).hasMatch())
            errors.append({u"policyNumber"_s,
                           QObject::tr("A policy number has 2 to 40 letters, digits, dashes, "
                                       "dots or slashes.")});
    }
    if (const QString dob = value(u"dateOfBirth"_s); !dob.isEmpty()) {
        static const QRegularExpression shape(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
        const QDate d = QDate::fromString(dob, Qt::ISODate);
        if (!d.isValid() && shape.match(dob).hasMatch())
            errors.append({u"dateOfBirth"_s,
                           QObject::tr("%1 is not a date: the month goes from 01 to 12 and the "
                                       "day must exist in that month.")
                               .arg(dob)});
        else if (!d.isValid())
            errors.append(
                {u"dateOfBirth"_s, QObject::tr("Write the date of birth as YYYY-MM-DD.")});
        else if (d > Clock::today() || d.year() < 1900)
            errors.append({u"dateOfBirth"_s,
                           QObject::tr("The date of birth must be between 1900 and today.")});
    }
    if (const QString language = value(u"language"_s);
        !language.isEmpty() && language != u"en"_s && language != u"id"_s)
        errors.append({u"language"_s, QObject::tr("The language is en (English) or id "
                                                  "(Indonesian), or empty when unknown.")});
    return errors;
}

void ContactForm::applyTo(Contact &contact) const
{
    if (has(u"displayName"_s))
        contact.displayName = value(u"displayName"_s);
    if (has(u"phone"_s))
        contact.phone =
            value(u"phone"_s).isEmpty() ? QString() : normalizedPhone(value(u"phone"_s));
    if (has(u"email"_s))
        contact.email = value(u"email"_s).toLower();
    if (has(u"policyNumber"_s))
        contact.policyNumber = value(u"policyNumber"_s).toUpper();
    if (has(u"dateOfBirth"_s))
        contact.dateOfBirth = QDate::fromString(value(u"dateOfBirth"_s), Qt::ISODate);
    if (has(u"language"_s))
        contact.language = value(u"language"_s);
}

QJsonArray ContactForm::toJson(const QList<FieldError> &errors)
{
    QJsonArray out;
    for (const FieldError &e : errors)
        out.append(QJsonObject{{u"field"_s, e.field}, {u"message"_s, e.message}});
    return out;
}

QString ContactForm::summary(const QList<FieldError> &errors)
{
    QStringList parts;
    for (const FieldError &e : errors)
        parts.append(e.field + u": "_s + e.message);
    return parts.join(u"; "_s);
}

} // namespace aiochat
