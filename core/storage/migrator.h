#pragma once

#include "domain/status.h"
#include "migration.h"

#include <QSqlDatabase>

namespace aiochat {

/**
 * @brief Brings a database to the newest schema. All pending steps run in one transaction: if
 * any statement fails nothing is kept, and the Status names the step and the statement.
 */
class Migrator
{
public:
    explicit Migrator(QList<Migration> migrations = builtinMigrations());

    [[nodiscard]] Status migrate(QSqlDatabase &db);
    /** @brief Highest version applied (0 for an empty database). */
    [[nodiscard]] static Result<int> currentVersion(QSqlDatabase &db);
    [[nodiscard]] int latestVersion() const;

private:
    [[nodiscard]] Status ensureVersionTable(QSqlDatabase &db);

    QList<Migration> m_migrations;
};

} // namespace aiochat
