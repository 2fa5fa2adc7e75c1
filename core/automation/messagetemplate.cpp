#include "messagetemplate.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace aiochat::automation {

namespace {

const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression re(u"\\{\\{\\s*([^}|]*?)\\s*(?:\\|\\s*([^}]*?)\\s*)?\\}\\}"_s);
    return re;
}

const QStringList kFilters{u"date"_s, u"money"_s, u"number"_s, u"upper"_s, u"lower"_s};

// Names a template may use besides the catalog's fields.
bool isExtraName(const QString &name)
{
    return name == u"contact.firstName"_s || name == u"today"_s;
}

// The currency a plain number is written in: "money:USD", the key's suffix ("_idr"), else IDR.
QString currencyFor(const QString &name, const QString &argument, const FieldCatalog &catalog)
{
    if (!argument.isEmpty())
        return argument.toUpper();
    if (name.startsWith(u"attr."_s)) {
        if (const AttributeDefinition *a = catalog.attribute(name.mid(5));
            a && a->type == AttributeType::Money)
            return a->currency;
        static const QRegularExpression suffix(u"_([a-z]{3})$"_s);
        const QRegularExpressionMatch m = suffix.match(name);
        if (m.hasMatch())
            return m.captured(1).toUpper();
    }
    return u"IDR"_s;
}

} // namespace

void MessageTemplate::validate(const QString &text, const FieldCatalog &catalog, FieldScope widest,
                               const QString &path, QList<FieldError> &errors)
{
    if (text.count(u"{{"_s) != text.count(u"}}"_s))
        errors.append({path, u"a placeholder is not closed with }}"_s});
    QRegularExpressionMatchIterator it = placeholderPattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString name = m.captured(1);
        const QString filter = m.captured(2).section(u':', 0, 0).trimmed();
        const FieldInfo *field = catalog.find(name);
        if (!isExtraName(name) && (!field || int(field->scope) > int(widest))) {
            errors.append({path, u"unknown placeholder {{"_s + name + u"}}"_s});
            continue;
        }
        if (filter.isEmpty())
            continue;
        if (!kFilters.contains(filter)) {
            errors.append({path, u"unknown filter \""_s + filter + u"\" in {{"_s +
                                     m.captured(0).mid(2).chopped(2).trimmed() + u"}} (use "_s +
                                     kFilters.join(u", "_s) + u')'});
            continue;
        }
        const FieldType type = name == u"today"_s ? FieldType::Date
                               : field            ? field->type
                                                  : FieldType::Text;
        if (filter == u"date"_s && type != FieldType::Date)
            errors.append({path, u"{{"_s + name + u"}} is not a date"_s});
        if ((filter == u"money"_s || filter == u"number"_s) && type != FieldType::Number)
            errors.append({path, u"{{"_s + name + u"}} is not a number"_s});
    }
}

QString MessageTemplate::render(const QString &text, const Facts &facts,
                                const FieldCatalog &catalog, const EvalContext &context,
                                const QString &language)
{
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = placeholderPattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QString name = m.captured(1);
        const QString filter = m.captured(2).section(u':', 0, 0).trimmed();
        const QString argument = m.captured(2).section(u':', 1).trimmed();
        QJsonValue value;
        if (name == u"today"_s)
            value = context.today.toString(Qt::ISODate);
        else if (name == u"contact.firstName"_s)
            value = facts.values.value(u"contact.name"_s).toString().section(u' ', 0, 0);
        else
            value = facts.values.value(name);
        const FieldInfo *field = catalog.find(name);
        const FieldType type = name == u"today"_s ? FieldType::Date
                               : field            ? field->type
                                                  : FieldType::Text;
        QString shown;
        if (value.isNull() || value.isUndefined()) {
            shown.clear();
        } else if (filter == u"date"_s || (filter.isEmpty() && type == FieldType::Date)) {
            shown = formatDate(QDate::fromString(value.toString(), Qt::ISODate), language);
        } else if (filter == u"money"_s) {
            shown = formatMoney(value.toDouble(), currencyFor(name, argument, catalog), language);
        } else if (filter == u"number"_s) {
            shown = formatNumber(value.toDouble(), language);
        } else if (name.startsWith(u"attr."_s) && catalog.attribute(name.mid(5))) {
            shown = formatAttributeValue(*catalog.attribute(name.mid(5)), value, language);
        } else if (value.isArray()) {
            QStringList items;
            for (const QJsonValue &v : value.toArray())
                items.append(v.toString());
            shown = items.join(u", "_s);
        } else if (value.isBool()) {
            shown = value.toBool() ? u"yes"_s : u"no"_s;
        } else if (value.isDouble()) {
            shown = formatNumber(value.toDouble(), language);
        } else {
            shown = value.toString();
        }
        if (filter == u"upper"_s)
            shown = shown.toUpper();
        else if (filter == u"lower"_s)
            shown = shown.toLower();
        out += shown;
    }
    out += QStringView(text).mid(last);
    return out;
}

} // namespace aiochat::automation
