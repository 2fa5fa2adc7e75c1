#pragma once

#include "condition.h"

namespace aiochat::automation {

/**
 * @brief Message templates with placeholders: `{{contact.name}}`, `{{contact.firstName}}`,
 * `{{attr.payment_due_date | date}}`, `{{attr.monthly_premium_idr | money}}` (or `money:USD`),
 * `{{today | date}}`; filters `date`, `money`, `number`, `upper`, `lower`. Without a filter an
 * attribute is written as its type suggests (dates and money the customer's way). Every name and
 * filter is checked when a rule is saved; rendering never fails (a missing value renders empty).
 */
class MessageTemplate
{
public:
    /** @brief Adds an error per unknown placeholder or filter, under @p path. */
    static void validate(const QString &text, const FieldCatalog &catalog, FieldScope widest,
                         const QString &path, QList<FieldError> &errors);
    [[nodiscard]] static QString render(const QString &text, const Facts &facts,
                                        const FieldCatalog &catalog, const EvalContext &context,
                                        const QString &language);
};

} // namespace aiochat::automation
