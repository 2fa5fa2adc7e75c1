#pragma once

#include <QString>
#include <QStringList>

namespace aiochat {

/**
 * @brief One numbered schema step, written once for both engines.
 *
 * The SQL may use {{PK}} (auto-increment 64-bit primary key) and {{BLOB}} (binary column), and
 * engine-only blocks between "-- @sqlite" / "-- @postgres" and "-- @end". Statements end with ";"
 * at the end of a line; a trigger body runs until a line "END;".
 */
struct Migration
{
    int version = 0;
    QString name;
    QString sql;

    /** @brief "0003_conversation_tags" — how errors and the schema table name a step. */
    [[nodiscard]] QString label() const;
    /** @brief The statements for one engine, placeholders substituted. */
    [[nodiscard]] QStringList statements(bool postgres) const;
    /** @brief SHA-256 of the SQL text, so an applied step that was edited afterwards is caught. */
    [[nodiscard]] QString checksum() const;
};

/** @brief The migrations shipped in the resources (resources/migrations/NNNN_name.sql), in order.
 */
[[nodiscard]] QList<Migration> builtinMigrations();

} // namespace aiochat
