#include "statement.h"

#include "connection.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

using Cache = QHash<QString, QHash<QString, QSqlQuery *>>;

Cache &cache()
{
    thread_local Cache c;
    return c;
}

} // namespace

Statement::Statement(const QSqlDatabase &db, const QString &sql)
{
    QHash<QString, QSqlQuery *> &statements = cache()[db.connectionName()];
    QSqlQuery *&cached = statements[sql];
    if (cached && !cached->isActive()) {
        m_query = cached;
        return;
    }
    auto fresh = std::make_unique<QSqlQuery>(db);
    fresh->setForwardOnly(true); // every use reads rows once, in order
    if (!fresh->prepare(sql)) {
        m_status = queryError(*fresh, u"preparing a query"_s);
        m_owned = std::move(fresh);
        m_query = m_owned.get();
        if (!cached)
            statements.remove(sql);
        return;
    }
    if (!cached) {
        cached = fresh.release(); // owned by the cache until the connection closes
        m_query = cached;
    } else {
        m_owned = std::move(fresh); // the cached one is busy further up the stack
        m_query = m_owned.get();
    }
}

Statement::~Statement()
{
    if (m_query)
        m_query->finish();
}

void Statement::releaseCache(const QString &connectionName)
{
    const QHash<QString, QSqlQuery *> statements = cache().take(connectionName);
    qDeleteAll(statements);
}

} // namespace aiochat
