#include "dbsettings.h"

#include "connection.h"
#include "domain/timestamps.h"

using namespace Qt::StringLiterals;

namespace aiochat::dbsettings {

Result<QString> read(QSqlDatabase &db, const QString &key)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT value FROM settings WHERE key = ?"_s);
    q.addBindValue(key);
    if (Status s = execute(q, u"reading setting "_s + key); !s.isOk())
        return s;
    return q.next() ? q.value(0).toString() : QString();
}

Status write(QSqlDatabase &db, const QString &key, const QString &value)
{
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) "
              u"DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"_s);
    q.addBindValue(key);
    q.addBindValue(value);
    q.addBindValue(nowMillis());
    return execute(q, u"writing setting "_s + key);
}

Status remove(QSqlDatabase &db, const QString &key)
{
    QSqlQuery q(db);
    q.prepare(u"DELETE FROM settings WHERE key = ?"_s);
    q.addBindValue(key);
    return execute(q, u"removing setting "_s + key);
}

} // namespace aiochat::dbsettings
