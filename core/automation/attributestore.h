#pragma once

#include "attributes.h"

#include <QSqlDatabase>

namespace aiochat::automation {

/** @brief The attribute definitions in `attribute_definitions`, in their display order. */
class AttributeStore
{
public:
    explicit AttributeStore(QSqlDatabase db)
        : m_db(std::move(db))
    {}

    [[nodiscard]] Result<QList<AttributeDefinition>> all();
    /** @brief Inserts or replaces the definition with @p definition's key. */
    [[nodiscard]] Status save(const AttributeDefinition &definition);
    /** @brief Removes the definition; values stay in contacts until overwritten (nothing lost). */
    [[nodiscard]] Status remove(const QString &key);

private:
    QSqlDatabase m_db;
};

} // namespace aiochat::automation
