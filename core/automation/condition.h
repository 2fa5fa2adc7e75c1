#pragma once

#include "attributes.h"
#include "contacts/contactform.h"
#include "domain/timestamps.h"

#include <QDate>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <memory>
#include <vector>

namespace aiochat::automation {

/** @brief What a field holds, which decides the operators it accepts. */
enum class FieldType
{
    Text,
    Number,
    Date,
    Boolean,
    Choice,
    List ///< tags
};

/** @brief Where a field comes from: every rule has a contact; events also a conversation… */
enum class FieldScope
{
    Contact,
    Conversation,
    Message
};

struct FieldInfo
{
    QString name; ///< "contact.language", "attr.payment_due_date", "message.text"
    QString label;
    FieldType type = FieldType::Text;
    FieldScope scope = FieldScope::Contact;
    QStringList options; ///< for Choice
};

/**
 * @brief The fields conditions and templates may name: the contact's own, each defined attribute
 * (`attr.<key>`), the conversation's and the message's.
 */
class FieldCatalog
{
public:
    explicit FieldCatalog(const QList<AttributeDefinition> &attributes = {});

    [[nodiscard]] const FieldInfo *find(const QString &name) const;
    [[nodiscard]] const QList<FieldInfo> &fields() const { return m_fields; }
    [[nodiscard]] const AttributeDefinition *attribute(const QString &key) const;
    [[nodiscard]] const QList<AttributeDefinition> &attributes() const { return m_attributes; }
    [[nodiscard]] QJsonArray toJson() const;

private:
    QList<FieldInfo> m_fields;
    QList<AttributeDefinition> m_attributes;
    QHash<QString, qsizetype> m_index;
};

/**
 * @brief What a rule sees about one contact (and, for event rules, the conversation and message):
 * field name → value; dates as "YYYY-MM-DD", tags as arrays, absent fields missing.
 */
struct Facts
{
    qint64 contactId = 0;
    qint64 conversationId = 0; ///< the conversation a send goes to (0: the contact has no chat)
    QString platform;          ///< that conversation's platform
    Millis lastInboundAt = 0;  ///< for the WhatsApp 24-hour window
    QString language;          ///< "en" or "id" for templates
    QHash<QString, QJsonValue> values;
};

/** @brief "Today" in the rule's time zone, for daysUntil / daysSince. */
struct EvalContext
{
    QDate today;
};

/**
 * @brief A condition tree: groups `{"all": […]}` / `{"any": […]}` of leaves
 * `{"field", "op", "value"}`. Operators: eq ne gt gte lt lte in contains exists, and for dates
 * daysUntil / daysSince with `{"cmp": "lte", "value": 3}`. Text compares case-insensitively.
 * Parsed once and checked against the catalog (unknown field, operator not valid for the type,
 * a value that is not of the field's type); evaluated many times.
 */
class Condition
{
public:
    /** @brief An empty object is "always". Errors name the path ("conditions.all[1].value"). */
    [[nodiscard]] static std::shared_ptr<const Condition>
    parse(const QJsonValue &json, const FieldCatalog &catalog, FieldScope widest,
          QList<FieldError> &errors, const QString &path = QStringLiteral("conditions"));

    [[nodiscard]] bool matches(const Facts &facts, const EvalContext &context) const;
    /** @brief Fields named anywhere in the tree (to know what to load). */
    void collectFields(QStringList &into) const;

private:
    enum class Op
    {
        All,
        Any,
        Eq,
        Ne,
        Gt,
        Gte,
        Lt,
        Lte,
        In,
        Contains,
        Exists,
        DaysUntil,
        DaysSince
    };
    template <typename T>
    [[nodiscard]] static bool ordered(const T &a, const T &b, Op op);
    [[nodiscard]] bool compare(const QJsonValue &actual, Op op, const QJsonValue &expected,
                               FieldType type) const;

    Op m_op = Op::All;
    QString m_field;
    FieldType m_type = FieldType::Text;
    Op m_cmp = Op::Eq; ///< daysUntil / daysSince compare the day count with this
    QJsonValue m_value;
    std::vector<std::shared_ptr<const Condition>> m_children;
};

} // namespace aiochat::automation
