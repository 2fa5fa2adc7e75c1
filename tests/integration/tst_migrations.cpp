// Schema migrations on both engines: the full schema with its indexes, idempotent re-runs, and a
// failing step that leaves the database exactly as it was while naming the step and statement.
#include "storage/connection.h"
#include "storage/migrator.h"
#include "testsupport.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {

QStringList tables(QSqlDatabase &db)
{
    QStringList t = db.tables(QSql::Tables);
    t.sort();
    return t;
}

QStringList indexes(QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.exec(isPostgres(db) ? u"SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"_s
                          : u"SELECT name FROM sqlite_master WHERE type = 'index'"_s);
    QStringList out;
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

struct Connection
{
    explicit Connection(const DatabaseConfig &config)
        : name(u"mig-"_s + QString::number(quintptr(this)))
    {
        Result<QSqlDatabase> opened = openConnection(config, name, ConnectionRole::Writer);
        if (opened.isOk())
            db = opened.value();
    }
    ~Connection()
    {
        db = QSqlDatabase();
        closeConnection(name);
    }
    QString name;
    QSqlDatabase db;
};

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsTheWholeSchema_data() { test::addEngineColumn(); }
    void createsTheWholeSchema()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        Connection c(scratch.config());
        QVERIFY(c.db.isOpen());
        Migrator migrator;
        QVERIFY(migrator.latestVersion() >= 1);
        const Status s = migrator.migrate(c.db);
        QVERIFY2(s.isOk(), qPrintable(s.message()));
        QCOMPARE(Migrator::currentVersion(c.db).value(), migrator.latestVersion());

        const QStringList have = tables(c.db);
        for (const QString &t : {u"operators"_s,
                                 u"contacts"_s,
                                 u"contact_identities"_s,
                                 u"conversations"_s,
                                 u"messages"_s,
                                 u"message_edits"_s,
                                 u"inbound_journal"_s,
                                 u"outbox"_s,
                                 u"documents"_s,
                                 u"chunks"_s,
                                 u"assistant_turns"_s,
                                 u"assistant_interactions"_s,
                                 u"chunk_vectors"_s,
                                 u"automation_rules"_s,
                                 u"automation_runs"_s,
                                 u"attribute_definitions"_s,
                                 u"broadcasts"_s,
                                 u"jobs"_s,
                                 u"tasks"_s,
                                 u"tags"_s,
                                 u"contact_tags"_s,
                                 u"conversation_tags"_s,
                                 u"notes"_s,
                                 u"audit_log"_s,
                                 u"settings"_s,
                                 u"schema_migrations"_s})
            QVERIFY2(have.contains(t), qPrintable(t + u" missing from "_s + have.join(u',')));
        const QStringList idx = indexes(c.db);
        // The indexes the architecture names.
        for (const QString &i : {u"messages_conversation_time"_s, u"identities_platform_user"_s,
                                 u"conversations_contact_status"_s, u"conversations_inbox"_s,
                                 u"inbound_journal_event"_s, u"outbox_idempotency"_s})
            QVERIFY2(idx.contains(i), qPrintable(i));
        // Full-text search exists on each engine in its own form.
        if (c.db.driverName() == u"QSQLITE"_s)
            QVERIFY(c.db.tables(QSql::AllTables).contains(u"messages_fts"_s));
        else
            QVERIFY(c.db.record(u"messages"_s).contains(u"search"_s));
    }

    void rerunIsANoOp_data() { test::addEngineColumn(); }
    void rerunIsANoOp()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        Connection c(scratch.config());
        QVERIFY(Migrator().migrate(c.db).isOk());
        QVERIFY(executeDirect(
                    c.db, u"INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 1)"_s)
                    .isOk());
        QVERIFY(Migrator().migrate(c.db).isOk());
        QSqlQuery q(c.db);
        QVERIFY(q.exec(u"SELECT COUNT(*) FROM schema_migrations"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), Migrator().latestVersion());
        QVERIFY(q.exec(u"SELECT value FROM settings WHERE key = 'k'"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"v"_s);
    }

    void failedStepLeavesTheDatabaseAsItWas_data() { test::addEngineColumn(); }
    void failedStepLeavesTheDatabaseAsItWas()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        Connection c(scratch.config());
        const QList<Migration> good{
            {1, u"base"_s, u"CREATE TABLE things (id {{PK}}, name TEXT NOT NULL);\n"_s}};
        QVERIFY(Migrator(good).migrate(c.db).isOk());
        const QStringList before = tables(c.db);

        QList<Migration> broken = good;
        broken.append(
            {2, u"add_stuff"_s,
             u"CREATE TABLE stuff (id {{PK}});\nCREATE INDEX things_name ON things (name);\n"_s});
        broken.append(
            {3, u"typo"_s,
             u"CREATE TABLE more_stuff (id {{PK}});\nALTER TABLE nowhere ADD COLUMN x TEXT;\n"_s});
        const Status s = Migrator(broken).migrate(c.db);
        QVERIFY(!s.isOk());
        QVERIFY2(s.message().contains(u"migration 0003_typo failed at statement 2"_s),
                 qPrintable(s.message()));
        QVERIFY(s.message().contains(u"ALTER TABLE nowhere"_s));
        // Not even the good step 2 was kept: all pending steps are one transaction.
        QCOMPARE(tables(c.db), before);
        QVERIFY(!indexes(c.db).contains(u"things_name"_s));
        QCOMPARE(Migrator::currentVersion(c.db).value(), 1);
    }

    // An upgrade: a database left by the previous release (every step but the newest) with data
    // in it is migrated forward on start, and keeps that data.
    void thePreviousReleasesDatabaseMigratesForward_data() { test::addEngineColumn(); }
    void thePreviousReleasesDatabaseMigratesForward()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        Connection c(scratch.config());
        QList<Migration> previous = builtinMigrations();
        const int latest = previous.takeLast().version;
        QVERIFY(Migrator(previous).migrate(c.db).isOk());
        QCOMPARE(Migrator::currentVersion(c.db).value(), latest - 1);
        QVERIFY(executeDirect(c.db, u"INSERT INTO settings (key, value, updated_at) "
                                    u"VALUES ('kept', 'yes', 1)"_s)
                    .isOk());
        QVERIFY(executeDirect(c.db, u"INSERT INTO media_blobs (blob_key, size, mime, data_enc, "
                                    u"created_at) VALUES ('ab12', 3, 'image/png', 'xyz', 1)"_s)
                    .isOk());

        QVERIFY(Migrator().migrate(c.db).isOk());
        QCOMPARE(Migrator::currentVersion(c.db).value(), latest);
        QSqlQuery q(c.db);
        QVERIFY(q.exec(u"SELECT value FROM settings WHERE key = 'kept'"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"yes"_s);
        // The file kept before the upgrade is where it was: in the table.
        QVERIFY(q.exec(u"SELECT stored_in, size FROM media_blobs WHERE blob_key = 'ab12'"_s) &&
                q.next());
        QCOMPARE(q.value(0).toString(), u"database"_s);
        QCOMPARE(q.value(1).toInt(), 3);
    }

    // A database a newer AIO-CHAT wrote is refused with what to do, and left as it was.
    void aNewerReleasesDatabaseIsRefusedUntouched_data() { test::addEngineColumn(); }
    void aNewerReleasesDatabaseIsRefusedUntouched()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        Connection c(scratch.config());
        const QList<Migration> newer{{1, u"base"_s, u"CREATE TABLE things (id {{PK}});\n"_s},
                                     {2, u"more"_s, u"CREATE TABLE more_things (id {{PK}});\n"_s}};
        QVERIFY(Migrator(newer).migrate(c.db).isOk());
        const QStringList before = tables(c.db);
        const Status s = Migrator(newer.mid(0, 1)).migrate(c.db);
        QCOMPARE(s.code(), Status::Code::FailedPrecondition);
        QVERIFY2(s.message().contains(u"written by a newer AIO-CHAT (schema 2; this version knows "
                                      u"schema 1)"_s),
                 qPrintable(s.message()));
        QCOMPARE(tables(c.db), before);
        QCOMPARE(Migrator::currentVersion(c.db).value(), 2);
    }

    void editedAppliedStepIsRefused_data() { test::addEngineColumn(); }
    void editedAppliedStepIsRefused()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        Connection c(scratch.config());
        QVERIFY(Migrator({{1, u"base"_s, u"CREATE TABLE things (id {{PK}});\n"_s}})
                    .migrate(c.db)
                    .isOk());
        const Status s =
            Migrator({{1, u"base"_s, u"CREATE TABLE things (id {{PK}}, extra TEXT);\n"_s}})
                .migrate(c.db);
        QCOMPARE(s.code(), Status::Code::FailedPrecondition);
        QVERIFY(s.message().contains(u"0001_base was changed"_s));
    }

    void statementSplittingHandlesEngineBlocksAndTriggers()
    {
        const Migration m{
            7, u"x"_s,
            u"CREATE TABLE a (id {{PK}}, b {{BLOB}});\n-- @sqlite\nCREATE TRIGGER t AFTER INSERT "
            u"ON a BEGIN\n"
            u"  INSERT INTO a (b) VALUES (NULL);\n  SELECT 1;\nEND;\n-- @end\n-- @postgres\n"
            u"CREATE INDEX pg_only ON a (id);\n-- @end\n-- a comment; with a semicolon\n"_s};
        const QStringList sqlite = m.statements(false);
        QCOMPARE(sqlite.size(), 2);
        QVERIFY(sqlite[0].contains(u"INTEGER PRIMARY KEY"_s));
        QVERIFY(sqlite[0].contains(u"b BLOB"_s));
        QVERIFY(sqlite[1].startsWith(u"CREATE TRIGGER"_s) && sqlite[1].endsWith(u"END;"_s));
        const QStringList pg = m.statements(true);
        QCOMPARE(pg.size(), 2);
        QVERIFY(pg[0].contains(u"BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"_s));
        QVERIFY(pg[0].contains(u"b BYTEA"_s));
        QCOMPARE(pg[1], u"CREATE INDEX pg_only ON a (id)"_s);
        QCOMPARE(m.label(), u"0007_x"_s);
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
