#include "migrator.h"

#include "connection.h"
#include "domain/timestamps.h"
#include "logging/logging.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace aiochat {

Migrator::Migrator(QList<Migration> migrations)
    : m_migrations(std::move(migrations))
{
    std::sort(m_migrations.begin(), m_migrations.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
}

int Migrator::latestVersion() const
{
    return m_migrations.isEmpty() ? 0 : m_migrations.constLast().version;
}

Status Migrator::ensureVersionTable(QSqlDatabase &db)
{
    return executeDirect(db, u"CREATE TABLE IF NOT EXISTS schema_migrations ("
                             u"version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                             u"checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)"_s);
}

Result<int> Migrator::currentVersion(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!db.tables().contains(u"schema_migrations"_s))
        return 0;
    if (!q.exec(u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s) || !q.next())
        return queryError(q, u"reading the schema version"_s);
    return q.value(0).toInt();
}

Status Migrator::migrate(QSqlDatabase &db)
{
    const bool pg = isPostgres(db);
    if (!db.transaction())
        return Status::unavailable(u"cannot start the migration transaction: "_s +
                                   db.lastError().text());
    auto fail = [&db](const Status &s) {
        db.rollback();
        return s;
    };

    if (pg) {
        // Several instances may start at once against one server: only one migrates.
        const Status locked = executeDirect(db, u"SELECT pg_advisory_xact_lock(7412001)"_s);
        if (!locked.isOk())
            return fail(locked);
    }
    Status s = ensureVersionTable(db);
    if (!s.isOk())
        return fail(s);

    QHash<int, QString> applied;
    {
        QSqlQuery q(db);
        if (!q.exec(u"SELECT version, checksum FROM schema_migrations"_s))
            return fail(queryError(q, u"reading applied migrations"_s));
        while (q.next())
            applied.insert(q.value(0).toInt(), q.value(1).toString());
    }

    // A database a newer AIO-CHAT has migrated holds tables and meanings this version does not
    // know; writing to it could damage what that version relies on.
    int newest = 0;
    for (auto it = applied.cbegin(); it != applied.cend(); ++it)
        newest = qMax(newest, it.key());
    if (newest > latestVersion())
        return fail(Status::failedPrecondition(
            u"this database was written by a newer AIO-CHAT (schema "_s + QString::number(newest) +
            u"; this version knows schema "_s + QString::number(latestVersion()) +
            u"). Install that version or a newer one; nothing was changed"_s));

    int count = 0;
    for (const Migration &m : std::as_const(m_migrations)) {
        if (applied.contains(m.version)) {
            if (applied.value(m.version) != m.checksum()) {
                return fail(Status::failedPrecondition(
                    u"migration "_s + m.label() +
                    u" was changed after it was applied; restore it and add a new migration"_s));
            }
            continue;
        }
        const QStringList statements = m.statements(pg);
        for (qsizetype i = 0; i < statements.size(); ++i) {
            QSqlQuery q(db);
            if (!q.exec(statements.at(i))) {
                return fail(Status::internal(u"migration "_s + m.label() +
                                             u" failed at statement "_s + QString::number(i + 1) +
                                             u" ("_s + statements.at(i).simplified().left(60) +
                                             u"…): "_s + q.lastError().text()));
            }
        }
        QSqlQuery record(db);
        record.prepare(u"INSERT INTO schema_migrations (version, name, checksum, applied_at) "
                       u"VALUES (?, ?, ?, ?)"_s);
        record.addBindValue(m.version);
        record.addBindValue(m.name);
        record.addBindValue(m.checksum());
        record.addBindValue(nowMillis());
        if (!record.exec())
            return fail(queryError(record, u"recording migration "_s + m.label()));
        ++count;
    }
    if (!db.commit())
        return fail(
            Status::unavailable(u"cannot commit the migrations: "_s + db.lastError().text()));
    if (count > 0)
        qCInfo(lcStorage) << "applied" << count << "migration(s); schema version"
                          << latestVersion();
    return Status::ok();
}

} // namespace aiochat
