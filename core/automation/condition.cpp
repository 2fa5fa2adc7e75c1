#include "condition.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace aiochat::automation {

namespace {

const QStringList kStatuses{u"open"_s, u"needs_attention"_s, u"resolved"_s, u"closed"_s};
const QStringList kPlatforms{u"telegram"_s, u"whatsapp"_s, u"sandbox"_s};

FieldType typeOf(AttributeType t)
{
    switch (t) {
    case AttributeType::Number:
    case AttributeType::Money:
        return FieldType::Number;
    case AttributeType::Date:
        return FieldType::Date;
    case AttributeType::Boolean:
        return FieldType::Boolean;
    case AttributeType::Choice:
        return FieldType::Choice;
    case AttributeType::Text:
        return FieldType::Text;
    }
    return FieldType::Text;
}

QString typeName(FieldType t)
{
    switch (t) {
    case FieldType::Text:
        return u"text"_s;
    case FieldType::Number:
        return u"number"_s;
    case FieldType::Date:
        return u"date"_s;
    case FieldType::Boolean:
        return u"boolean"_s;
    case FieldType::Choice:
        return u"choice"_s;
    case FieldType::List:
        return u"list"_s;
    }
    return {};
}

QString scopeName(FieldScope s)
{
    switch (s) {
    case FieldScope::Contact:
        return u"contact"_s;
    case FieldScope::Conversation:
        return u"conversation"_s;
    case FieldScope::Message:
        return u"message"_s;
    }
    return {};
}

const QHash<QString, int> &operatorNames()
{
    static const QHash<QString, int> names{
        {u"eq"_s, 2},      {u"ne"_s, 3},         {u"gt"_s, 4},        {u"gte"_s, 5},
        {u"lt"_s, 6},      {u"lte"_s, 7},        {u"in"_s, 8},        {u"contains"_s, 9},
        {u"exists"_s, 10}, {u"daysUntil"_s, 11}, {u"daysSince"_s, 12}};
    return names;
}

// Which operators a type accepts (by the names above).
QStringList operatorsFor(FieldType type)
{
    switch (type) {
    case FieldType::Text:
        return {u"eq"_s, u"ne"_s, u"contains"_s, u"in"_s, u"exists"_s};
    case FieldType::Number:
        return {u"eq"_s, u"ne"_s, u"gt"_s, u"gte"_s, u"lt"_s, u"lte"_s, u"in"_s, u"exists"_s};
    case FieldType::Date:
        return {u"eq"_s,  u"ne"_s,     u"gt"_s,        u"gte"_s,      u"lt"_s,
                u"lte"_s, u"exists"_s, u"daysUntil"_s, u"daysSince"_s};
    case FieldType::Boolean:
        return {u"eq"_s, u"ne"_s, u"exists"_s};
    case FieldType::Choice:
        return {u"eq"_s, u"ne"_s, u"in"_s, u"exists"_s};
    case FieldType::List:
        return {u"contains"_s, u"exists"_s};
    }
    return {};
}

// One comparison value in the field's stored form, or an error message.
std::optional<QJsonValue> typedValue(const QJsonValue &v, const FieldInfo &field, QString &error)
{
    switch (field.type) {
    case FieldType::Text:
    case FieldType::List:
        if (!v.isString() || v.toString().isEmpty()) {
            error = u"needs text"_s;
            return std::nullopt;
        }
        return QJsonValue(v.toString().toCaseFolded());
    case FieldType::Number:
        if (v.isDouble())
            return v;
        if (v.isString()) {
            bool ok = false;
            const double n = v.toString().toDouble(&ok);
            if (ok)
                return QJsonValue(n);
        }
        error = u"is not a number"_s;
        return std::nullopt;
    case FieldType::Date: {
        const QDate d = QDate::fromString(v.toString(), Qt::ISODate);
        if (!v.isString() || !d.isValid()) {
            error = u"\""_s + v.toVariant().toString().left(40) +
                    u"\" is not a date (YYYY-MM-DD); compare a date with a date, or use "
                    u"daysUntil / daysSince with a number of days"_s;
            return std::nullopt;
        }
        return QJsonValue(d.toString(Qt::ISODate));
    }
    case FieldType::Boolean:
        if (!v.isBool()) {
            error = u"must be true or false"_s;
            return std::nullopt;
        }
        return v;
    case FieldType::Choice:
        for (const QString &option : field.options)
            if (option.compare(v.toString(), Qt::CaseInsensitive) == 0)
                return QJsonValue(option.toCaseFolded());
        error = u"must be one of "_s + field.options.join(u", "_s);
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace

FieldCatalog::FieldCatalog(const QList<AttributeDefinition> &attributes)
    : m_attributes(attributes)
{
    const auto add = [this](FieldInfo f) {
        m_index.insert(f.name, m_fields.size());
        m_fields.append(std::move(f));
    };
    add({u"contact.name"_s, u"Name"_s, FieldType::Text, FieldScope::Contact, {}});
    add({u"contact.language"_s,
         u"Language"_s,
         FieldType::Choice,
         FieldScope::Contact,
         {u"en"_s, u"id"_s}});
    add({u"contact.platform"_s, u"Platform (latest chat)"_s, FieldType::Choice, FieldScope::Contact,
         kPlatforms});
    add({u"contact.tags"_s, u"Customer tags"_s, FieldType::List, FieldScope::Contact, {}});
    add({u"contact.verified"_s, u"Verified chat"_s, FieldType::Boolean, FieldScope::Contact, {}});
    add({u"contact.createdAt"_s, u"Customer since"_s, FieldType::Date, FieldScope::Contact, {}});
    for (const AttributeDefinition &a : attributes)
        add({u"attr."_s + a.key, a.label, typeOf(a.type), FieldScope::Contact, a.options});
    add({u"conversation.status"_s, u"Conversation status"_s, FieldType::Choice,
         FieldScope::Conversation, kStatuses});
    add({u"conversation.previousStatus"_s, u"Previous status"_s, FieldType::Choice,
         FieldScope::Conversation, kStatuses});
    add({u"conversation.handler"_s,
         u"Answered by"_s,
         FieldType::Choice,
         FieldScope::Conversation,
         {u"bot"_s, u"human"_s}});
    add({u"conversation.platform"_s, u"Conversation platform"_s, FieldType::Choice,
         FieldScope::Conversation, kPlatforms});
    add({u"conversation.assigned"_s,
         u"Assigned"_s,
         FieldType::Boolean,
         FieldScope::Conversation,
         {}});
    add({u"conversation.tags"_s,
         u"Conversation tags"_s,
         FieldType::List,
         FieldScope::Conversation,
         {}});
    add({u"message.text"_s, u"Message text"_s, FieldType::Text, FieldScope::Message, {}});
    add({u"message.kind"_s,
         u"Message kind"_s,
         FieldType::Choice,
         FieldScope::Message,
         {u"text"_s, u"photo"_s, u"document"_s, u"contact"_s, u"callback"_s, u"interactive"_s,
          u"audio"_s, u"video"_s, u"location"_s}});
}

const FieldInfo *FieldCatalog::find(const QString &name) const
{
    const auto it = m_index.constFind(name);
    return it == m_index.constEnd() ? nullptr : &m_fields.at(*it);
}

const AttributeDefinition *FieldCatalog::attribute(const QString &key) const
{
    for (const AttributeDefinition &a : m_attributes)
        if (a.key == key)
            return &a;
    return nullptr;
}

QJsonArray FieldCatalog::toJson() const
{
    QJsonArray out;
    for (const FieldInfo &f : m_fields)
        out.append(QJsonObject{{u"name"_s, f.name},
                               {u"label"_s, f.label},
                               {u"type"_s, typeName(f.type)},
                               {u"scope"_s, scopeName(f.scope)},
                               {u"options"_s, QJsonArray::fromStringList(f.options)},
                               {u"operators"_s, QJsonArray::fromStringList(operatorsFor(f.type))}});
    return out;
}

std::shared_ptr<const Condition> Condition::parse(const QJsonValue &json,
                                                  const FieldCatalog &catalog, FieldScope widest,
                                                  QList<FieldError> &errors, const QString &path)
{
    auto c = std::make_shared<Condition>();
    const QJsonObject o = json.toObject();
    if (!json.isObject() && !json.isUndefined() && !json.isNull()) {
        errors.append({path, u"a condition is an object"_s});
        return c;
    }
    if (o.isEmpty())
        return c; // "always"
    for (const auto &[key, op] : {std::pair{u"all"_s, Op::All}, std::pair{u"any"_s, Op::Any}}) {
        if (!o.contains(key))
            continue;
        c->m_op = op;
        const QJsonArray items = o.value(key).toArray();
        if (items.isEmpty())
            errors.append({path + u'.' + key, u"a group needs at least one condition"_s});
        for (qsizetype i = 0; i < items.size(); ++i)
            c->m_children.push_back(parse(items.at(i), catalog, widest, errors,
                                          path + u'.' + key + u'[' + QString::number(i) + u']'));
        return c;
    }
    c->m_field = o.value(u"field"_s).toString();
    const FieldInfo *field = catalog.find(c->m_field);
    if (!field) {
        errors.append({path + u".field"_s, u"unknown field \""_s + c->m_field + u'"'});
        return c;
    }
    if (int(field->scope) > int(widest)) {
        errors.append({path + u".field"_s, c->m_field + u" is not known when this rule runs "_s +
                                               u"(its trigger has no "_s + scopeName(field->scope) +
                                               u')'});
        return c;
    }
    c->m_type = field->type;
    const QString opName = o.value(u"op"_s).toString();
    if (!operatorNames().contains(opName) || !operatorsFor(field->type).contains(opName)) {
        errors.append({path + u".op"_s, u"\""_s + opName + u"\" is not an operator for "_s +
                                            typeName(field->type) + u" fields (use "_s +
                                            operatorsFor(field->type).join(u", "_s) + u')'});
        return c;
    }
    c->m_op = Op(operatorNames().value(opName));
    const QJsonValue value = o.value(u"value"_s);
    QString error;
    switch (c->m_op) {
    case Op::Exists:
        c->m_value = value.isBool() ? value : QJsonValue(true);
        break;
    case Op::DaysUntil:
    case Op::DaysSince: {
        const QString cmp = o.value(u"cmp"_s).toString(u"eq"_s);
        static const QStringList cmps{u"eq"_s, u"ne"_s, u"gt"_s, u"gte"_s, u"lt"_s, u"lte"_s};
        if (!cmps.contains(cmp))
            errors.append({path + u".cmp"_s, u"must be one of "_s + cmps.join(u", "_s)});
        c->m_cmp = Op(operatorNames().value(cmp));
        if (!value.isDouble())
            errors.append({path + u".value"_s, u"a number of days"_s});
        c->m_value = value;
        break;
    }
    case Op::In: {
        QJsonArray typed;
        const QJsonArray items = value.toArray();
        if (items.isEmpty())
            errors.append({path + u".value"_s, u"a list of values"_s});
        for (const QJsonValue &item : items) {
            if (const std::optional<QJsonValue> t = typedValue(item, *field, error))
                typed.append(*t);
            else
                errors.append({path + u".value"_s, error});
        }
        c->m_value = typed;
        break;
    }
    default:
        if (const std::optional<QJsonValue> t = typedValue(value, *field, error))
            c->m_value = *t;
        else
            errors.append({path + u".value"_s, error});
    }
    return c;
}

// The ordered comparisons numbers, dates (YYYY-MM-DD: text order is date order) and text share.
template <typename T>
bool Condition::ordered(const T &a, const T &b, Op op)
{
    switch (op) {
    case Op::Eq:
        return a == b;
    case Op::Ne:
        return a != b;
    case Op::Gt:
        return a > b;
    case Op::Gte:
        return a >= b;
    case Op::Lt:
        return a < b;
    case Op::Lte:
        return a <= b;
    default:
        return false;
    }
}

bool Condition::compare(const QJsonValue &actual, Op op, const QJsonValue &expected,
                        FieldType type) const
{
    switch (type) {
    case FieldType::Number:
        return ordered(actual.toDouble(), expected.toDouble(), op);
    case FieldType::Boolean:
        return op == Op::Eq ? actual.toBool() == expected.toBool()
                            : actual.toBool() != expected.toBool();
    case FieldType::List: {
        const QString wanted = expected.toString();
        for (const QJsonValue &v : actual.toArray())
            if (v.toString().toCaseFolded() == wanted)
                return true;
        return false;
    }
    case FieldType::Text:
    case FieldType::Choice:
    case FieldType::Date: {
        const QString a =
            type == FieldType::Date ? actual.toString() : actual.toString().toCaseFolded();
        const QString b = expected.toString();
        return op == Op::Contains ? a.contains(b) : ordered(a, b, op);
    }
    }
    return false;
}

bool Condition::matches(const Facts &facts, const EvalContext &context) const
{
    switch (m_op) {
    case Op::All:
        for (const auto &child : m_children)
            if (!child->matches(facts, context))
                return false;
        return true;
    case Op::Any:
        for (const auto &child : m_children)
            if (child->matches(facts, context))
                return true;
        return m_children.empty();
    default:
        break;
    }
    const auto it = facts.values.constFind(m_field);
    const bool present = it != facts.values.constEnd() && !it->isNull() && !it->isUndefined() &&
                         !(it->isString() && it->toString().isEmpty()) &&
                         !(it->isArray() && it->toArray().isEmpty());
    if (m_op == Op::Exists)
        return present == m_value.toBool();
    // A missing value is different from every value and matches nothing else.
    if (!present)
        return m_op == Op::Ne;
    switch (m_op) {
    case Op::In:
        for (const QJsonValue &v : m_value.toArray())
            if (compare(*it, Op::Eq, v, m_type))
                return true;
        return false;
    case Op::DaysUntil:
    case Op::DaysSince: {
        const QDate date = QDate::fromString(it->toString(), Qt::ISODate);
        if (!date.isValid())
            return false;
        const qint64 days =
            m_op == Op::DaysUntil ? context.today.daysTo(date) : date.daysTo(context.today);
        return compare(QJsonValue(double(days)), m_cmp, m_value, FieldType::Number);
    }
    default:
        return compare(*it, m_op, m_value, m_type);
    }
}

void Condition::collectFields(QStringList &into) const
{
    if (!m_field.isEmpty() && !into.contains(m_field))
        into.append(m_field);
    for (const auto &child : m_children)
        child->collectFields(into);
}

} // namespace aiochat::automation
