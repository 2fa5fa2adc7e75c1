#include "attributestore.h"

#include "domain/timestamps.h"
#include "storage/connection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat::automation {

Result<QList<AttributeDefinition>> AttributeStore::all()
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT key, label, type, currency, options, personal, position "
                u"FROM attribute_definitions ORDER BY position, key"_s))
        return queryError(q, u"reading the attribute definitions"_s);
    QList<AttributeDefinition> out;
    while (q.next()) {
        AttributeDefinition d;
        d.key = q.value(0).toString();
        d.label = q.value(1).toString();
        d.type = attributeTypeFromString(q.value(2).toString()).value_or(AttributeType::Text);
        d.currency = q.value(3).toString();
        for (const QJsonValue &v : QJsonDocument::fromJson(q.value(4).toByteArray()).array())
            d.options.append(v.toString());
        d.personal = q.value(5).toBool();
        d.position = q.value(6).toInt();
        out.append(d);
    }
    return out;
}

Status AttributeStore::save(const AttributeDefinition &d)
{
    const Millis now = nowMillis();
    return execute(
        m_db,
        u"INSERT INTO attribute_definitions (key, label, type, currency, options, "
        u"personal, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        u"ON CONFLICT (key) DO UPDATE SET label = excluded.label, type = excluded.type, "
        u"currency = excluded.currency, options = excluded.options, "
        u"personal = excluded.personal, position = excluded.position, "
        u"updated_at = excluded.updated_at"_s,
        {d.key, notNull(d.label), toString(d.type), notNull(d.currency),
         QString::fromUtf8(
             QJsonDocument(QJsonArray::fromStringList(d.options)).toJson(QJsonDocument::Compact)),
         d.personal ? 1 : 0, d.position, now, now},
        u"saving an attribute"_s);
}

Status AttributeStore::remove(const QString &key)
{
    return execute(m_db, u"DELETE FROM attribute_definitions WHERE key = ?"_s, {key},
                   u"removing an attribute"_s);
}

} // namespace aiochat::automation
