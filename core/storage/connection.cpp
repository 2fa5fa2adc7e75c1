#include "connection.h"

#include "statement.h"

#include <QSqlDriver>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

Status applySqlitePragmas(const QSqlDatabase &db, const DatabaseConfig &config, ConnectionRole role)
{
    QStringList pragmas = {
        u"PRAGMA foreign_keys = ON"_s, u"PRAGMA busy_timeout = 5000"_s,
        u"PRAGMA temp_store = MEMORY"_s,
        u"PRAGMA cache_size = -16000"_s, // 16 MiB per connection
    };
    if (role == ConnectionRole::Writer) {
        pragmas.prepend(u"PRAGMA journal_mode = WAL"_s);
        // NORMAL in WAL mode: a commit survives the process dying at any point; FULL also
        // fsyncs the WAL on every commit so it survives losing power.
        pragmas.append(config.durability == Durability::PowerLoss
                           ? u"PRAGMA synchronous = FULL"_s
                           : u"PRAGMA synchronous = NORMAL"_s);
        // A backstop only: WalCheckpointer checkpoints passively long before this (64 MiB of WAL).
        pragmas.append(u"PRAGMA wal_autocheckpoint = 16000"_s);
        // Deleted or replaced personal data is overwritten with zeros, not left readable in free
        // space (an edited text, a sealed-over clear one, a removed customer).
        pragmas.append(u"PRAGMA secure_delete = ON"_s);
    } else {
        // Readers can never write: the single-writer rule is enforced, not just agreed on.
        pragmas.append(u"PRAGMA query_only = ON"_s);
    }
    for (const QString &p : pragmas) {
        const Status s = executeDirect(db, p);
        if (!s.isOk())
            return s;
    }
    return Status::ok();
}

} // namespace

Result<QSqlDatabase> openConnection(const DatabaseConfig &config, const QString &name,
                                    ConnectionRole role)
{
    QSqlDatabase db;
    if (config.engine == Engine::Sqlite) {
        db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(config.sqlitePath);
    } else {
        db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(config.host);
        db.setPort(config.port);
        db.setDatabaseName(config.databaseName);
        db.setUserName(config.user);
        db.setPassword(config.password);
        QString options = config.connectOptions;
        if (!options.contains(u"connect_timeout"_s))
            options += (options.isEmpty() ? u""_s : u";"_s) + u"connect_timeout=5"_s;
        db.setConnectOptions(options);
    }
    if (!db.isValid()) {
        QSqlDatabase::removeDatabase(name);
        return Status::unavailable(u"the Qt SQL driver for "_s + config.displayName() +
                                   u" is not installed"_s);
    }
    if (!db.open()) {
        const QString error = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return Status::unavailable(u"cannot open "_s + config.displayName() + u": "_s + error);
    }
    if (config.engine == Engine::Sqlite) {
        const Status s = applySqlitePragmas(db, config, role);
        if (!s.isOk()) {
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return s;
        }
    } else {
        Status s = executeDirect(db, u"SET client_min_messages = WARNING"_s);
        if (s.isOk() && !config.instance.isEmpty())
            s = execute(db, u"SELECT set_config('aiochat.instance', ?, false)"_s, {config.instance},
                        u"naming the instance"_s);
        if (s.isOk() && config.durability == Durability::Process &&
            role == ConnectionRole::Writer) {
            // PostgreSQL's default (fsync at every commit) already survives power loss; the
            // Process level keeps that, since the server's WAL protects a crash either way.
            s = executeDirect(db, u"SET synchronous_commit = ON"_s);
        }
        if (!s.isOk()) {
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return s;
        }
    }
    return db;
}

void closeConnection(const QString &name)
{
    Statement::releaseCache(name);
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

bool isPostgres(const QSqlDatabase &db)
{
    return db.driverName() == u"QPSQL"_s;
}

Status queryError(const QSqlQuery &query, const QString &what)
{
    const QSqlError error = query.lastError();
    const QString text = error.text().trimmed();
    // Constraint violations are the caller's business (duplicates); the rest means the
    // store is unhealthy, which callers report as "unavailable" so platforms retry later.
    const QString native = error.nativeErrorCode();
    const bool constraint = native == u"19"_s || native == u"2067"_s || native == u"1555"_s ||
                            native == u"23505"_s || native == u"23503"_s;
    return {constraint ? Status::Code::AlreadyExists : Status::Code::Unavailable,
            what + u": "_s + text};
}

Status prepare(QSqlQuery &query, const QString &sql)
{
    if (!query.prepare(sql))
        return queryError(query, u"preparing a query"_s);
    return Status::ok();
}

Status execute(QSqlQuery &query, const QString &what)
{
    if (!query.exec())
        return queryError(query, what);
    return Status::ok();
}

Status execute(const QSqlDatabase &db, const QString &sql, const QVariantList &binds,
               const QString &what)
{
    QSqlQuery q(db);
    if (!q.prepare(sql))
        return queryError(q, what);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    return execute(q, what);
}

Status executeDirect(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return queryError(q, sql.left(60));
    return Status::ok();
}

Status attempt(const QSqlDatabase &db, const QString &name, const std::function<Status()> &work,
               Status &outcome)
{
    // On SQLite the three statements are prepared once per connection; PostgreSQL cannot
    // prepare a SAVEPOINT, so it gets them as plain commands.
    const auto run = [&db](const QString &sql) {
        if (isPostgres(db))
            return executeDirect(db, sql);
        Statement st(db, sql);
        if (!st.status().isOk())
            return st.status();
        return execute(st.query(), sql);
    };
    if (Status s = run(u"SAVEPOINT "_s + name); !s.isOk())
        return s;
    outcome = work();
    if (!outcome.isOk()) {
        if (Status s = run(u"ROLLBACK TO SAVEPOINT "_s + name); !s.isOk())
            return s;
    }
    Status released = run(u"RELEASE SAVEPOINT "_s + name);
    if (!released.isOk() && outcome.isOk()) {
        // What the work wrote is not kept when its savepoint cannot be closed: it is reported
        // failed, so no caller counts on it.
        (void)run(u"ROLLBACK TO SAVEPOINT "_s + name);
        outcome = released;
    }
    return released;
}

} // namespace aiochat
