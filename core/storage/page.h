#pragma once

#include <QList>
#include <QString>

namespace aiochat {

/** @brief One page of a keyset-paged list; nextCursor is empty on the last page. */
template <typename T>
struct Page
{
    QList<T> items;
    QString nextCursor;
};

} // namespace aiochat
