// The single writer: many writes share one commit, one failing write does not undo the others,
// a failed commit fails every write in it, and stopping commits everything already submitted.
#include "storage/connection.h"
#include "storage/dbwriter.h"
#include "storage/migrator.h"
#include "testsupport.h"

#include <QSqlQuery>
#include <QTest>

#include <atomic>
#include <future>

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {

const QList<Migration> kSchema{
    {1, u"t"_s,
     u"CREATE TABLE parent (id {{PK}});\nCREATE TABLE items (id {{PK}}, "
     u"v INTEGER NOT NULL UNIQUE, parent_id BIGINT REFERENCES parent (id) "
     u"DEFERRABLE INITIALLY DEFERRED);\n"_s}};

Status insertValue(QSqlDatabase &db, int v)
{
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO items (v) VALUES (?)"_s);
    q.addBindValue(v);
    return execute(q, u"insert"_s);
}

qint64 countItems(DbWriter &writer)
{
    qint64 n = -1;
    (void)writer.run([&n](QSqlDatabase &db) {
        QSqlQuery q(db);
        q.exec(u"SELECT COUNT(*) FROM items"_s);
        q.next();
        n = q.value(0).toLongLong();
        return Status::ok();
    });
    return n;
}

} // namespace

class TestDbWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void groupsCommitsAndIsolatesFailures_data() { test::addEngineColumn(); }
    void groupsCommitsAndIsolatesFailures()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        DbWriter writer(scratch.config());
        QVERIFY(writer.start().isOk());
        QVERIFY(writer.runExclusive([](QSqlDatabase &db) { return Migrator(kSchema).migrate(db); })
                    .isOk());

        std::atomic<int> groups{0};
        std::atomic<int> jobs{0};
        writer.setGroupObserver([&](int n, qint64, bool ok) {
            if (ok) {
                ++groups;
                jobs += n;
            }
        });
        // Hold the writer busy so the next submissions queue up and share a commit.
        std::promise<void> release;
        std::shared_future<void> gate = release.get_future().share();
        writer.submit([gate](QSqlDatabase &) {
            gate.wait();
            return Status::ok();
        });
        constexpr int kWrites = 500;
        std::atomic<int> okCount{0};
        std::atomic<int> failed{0};
        for (int i = 0; i < kWrites; ++i) {
            // Value 42 twice: the second violates UNIQUE and must fail alone.
            const int v = i == 300 ? 42 : i;
            writer.submit([v](QSqlDatabase &db) { return insertValue(db, v); },
                          [&](const Status &s) { s.isOk() ? ++okCount : ++failed; });
        }
        release.set_value();
        writer.flush();
        QCOMPARE(okCount.load(), kWrites - 1);
        QCOMPARE(failed.load(), 1);
        QCOMPARE(countItems(writer), qint64(kWrites - 1));
        // 501 pieces of work in far fewer commits.
        QVERIFY2(groups.load() <= 5, qPrintable(QString::number(groups.load())));
        QVERIFY(jobs.load() >= kWrites);
        writer.stop();
    }

    void failedCommitFailsTheWholeGroup_data() { test::addEngineColumn(); }
    void failedCommitFailsTheWholeGroup()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        DbWriter writer(scratch.config());
        QVERIFY(writer.start().isOk());
        QVERIFY(writer.runExclusive([](QSqlDatabase &db) { return Migrator(kSchema).migrate(db); })
                    .isOk());
        if (scratch.config().engine == Engine::Sqlite)
            QVERIFY(writer
                        .run([](QSqlDatabase &db) {
                            return executeDirect(db, u"PRAGMA defer_foreign_keys = ON"_s);
                        })
                        .isOk());

        std::promise<void> release;
        std::shared_future<void> gate = release.get_future().share();
        writer.submit([gate](QSqlDatabase &) {
            gate.wait();
            return Status::ok();
        });
        std::vector<Status> results(3);
        writer.submit([](QSqlDatabase &db) { return insertValue(db, 1); },
                      [&](const Status &s) { results[0] = s; });
        // A deferred foreign key: the statement succeeds, the COMMIT fails.
        writer.submit(
            [](QSqlDatabase &db) {
                return executeDirect(db, u"INSERT INTO items (v, parent_id) VALUES (2, 999)"_s);
            },
            [&](const Status &s) { results[1] = s; });
        writer.submit([](QSqlDatabase &db) { return insertValue(db, 3); },
                      [&](const Status &s) { results[2] = s; });
        release.set_value();
        writer.flush();
        for (const Status &s : results)
            QCOMPARE(s.code(), Status::Code::Unavailable);
        QCOMPARE(countItems(writer), qint64(0));
        // The writer recovers: the next write commits.
        QVERIFY(writer.run([](QSqlDatabase &db) { return insertValue(db, 4); }).isOk());
        QCOMPARE(countItems(writer), qint64(1));
    }

    void stopCommitsEverythingSubmitted_data() { test::addEngineColumn(); }
    void stopCommitsEverythingSubmitted()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        {
            DbWriter writer(scratch.config());
            QVERIFY(writer.start().isOk());
            QVERIFY(
                writer.runExclusive([](QSqlDatabase &db) { return Migrator(kSchema).migrate(db); })
                    .isOk());
            for (int i = 0; i < 2000; ++i)
                writer.submit([i](QSqlDatabase &db) { return insertValue(db, i); });
            writer.stop(); // no flush: stop itself must drain the queue
            Status late;
            writer.submit([](QSqlDatabase &db) { return insertValue(db, -1); },
                          [&](const Status &s) { late = s; });
            QCOMPARE(late.code(), Status::Code::Unavailable);
        }
        DbWriter reopened(scratch.config());
        QVERIFY(reopened.start().isOk());
        QCOMPARE(countItems(reopened), qint64(2000));
    }

    void unreachableDatabaseFailsToStart()
    {
        DatabaseConfig cfg;
        cfg.engine = Engine::Postgres;
        cfg.host = u"127.0.0.1"_s;
        cfg.port = 1; // nothing listens there
        cfg.databaseName = u"none"_s;
        DbWriter writer(cfg);
        const Status s = writer.start();
        QCOMPARE(s.code(), Status::Code::Unavailable);
        QVERIFY(s.message().contains(u"127.0.0.1:1/none"_s));
        QVERIFY(!writer.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestDbWriter)
#include "tst_dbwriter.moc"
