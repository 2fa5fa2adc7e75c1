#pragma once

#include "domain/status.h"

#include <QSqlDatabase>
#include <QString>

namespace aiochat {

/**
 * @brief The `settings` table: values every process sharing the database must agree on (the
 * audit head, the data-key version a rotation announced). Settings that belong to one machine
 * live in aiochat.ini instead.
 */
namespace dbsettings {

/** @brief The value, or an empty string when the key is not set. */
[[nodiscard]] Result<QString> read(QSqlDatabase &db, const QString &key);
[[nodiscard]] Status write(QSqlDatabase &db, const QString &key, const QString &value);
[[nodiscard]] Status remove(QSqlDatabase &db, const QString &key);

} // namespace dbsettings
} // namespace aiochat
