#pragma once

#include "connection.h"
#include "domain/status.h"
#include "page.h"
#include "statement.h"

#include <QSqlQuery>
#include <QStringList>
#include <QVariantList>

#include <functional>

namespace aiochat::keyset {

/**
 * @brief A page cursor: the sort key of a page's last row, opaque to clients (base64url of its
 * parts). Any text may be a part (a customer's name, say).
 */
[[nodiscard]] QString encode(const QStringList &parts);
/** @brief The parts of @p cursor, or invalid_argument when it is not a cursor of @p count parts. */
[[nodiscard]] Result<QStringList> decode(const QString &cursor, qsizetype count);

/**
 * @brief Runs @p sql — a keyset query ending in "LIMIT limit + 1" — with @p binds and turns its
 * rows into a page: @p row reads one row, @p keyOf gives the sort key of the last item when a
 * further row shows there is a next page. The one loop every paged list shares.
 */
template <typename T>
[[nodiscard]] Result<Page<T>> fetch(const QSqlDatabase &db, const QString &sql,
                                    const QVariantList &binds, int limit, const QString &what,
                                    const std::function<Result<T>(const QSqlQuery &)> &row,
                                    const std::function<QStringList(const T &)> &keyOf)
{
    Statement statement(db, sql);
    if (!statement.status().isOk())
        return statement.status();
    QSqlQuery &q = statement.query();
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (const Status s = execute(q, what); !s.isOk())
        return s;
    Page<T> page;
    while (q.next()) {
        if (page.items.size() == limit) {
            page.nextCursor = encode(keyOf(page.items.constLast()));
            break;
        }
        Result<T> item = row(q);
        if (!item.isOk())
            return item.status();
        page.items.append(std::move(item).value());
    }
    return page;
}

} // namespace aiochat::keyset
