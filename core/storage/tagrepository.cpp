#include "tagrepository.h"

#include "connection.h"
#include "domain/timestamps.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

struct Link
{
    QString table;
    QString column;
};

Link linkFor(TagRepository::Owner owner)
{
    return owner == TagRepository::Owner::Conversation
               ? Link{u"conversation_tags"_s, u"conversation_id"_s}
               : Link{u"contact_tags"_s, u"contact_id"_s};
}

} // namespace

TagRepository::TagRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<QStringList> TagRepository::normalize(QStringList tags)
{
    for (QString &t : tags) {
        t = t.trimmed().toLower();
        if (t.isEmpty() || t.size() > 40)
            return Status::invalidArgument(u"tags: each tag has 1 to 40 characters"_s);
    }
    tags.removeDuplicates();
    return tags;
}

Status TagRepository::replace(Owner owner, qint64 id, const QStringList &tags)
{
    const Link link = linkFor(owner);
    if (Status s =
            execute(m_db, u"DELETE FROM "_s + link.table + u" WHERE "_s + link.column + u" = ?"_s,
                    {id}, u"clearing tags"_s);
        !s.isOk())
        return s;
    for (const QString &t : tags) {
        if (Status s = execute(m_db,
                               u"INSERT INTO tags (name, created_at) VALUES (?, ?) "
                               u"ON CONFLICT (name) DO NOTHING"_s,
                               {t, nowMillis()}, u"creating a tag"_s);
            !s.isOk())
            return s;
        if (Status s = execute(m_db,
                               u"INSERT INTO "_s + link.table + u" ("_s + link.column +
                                   u", tag_id) SELECT ?, id FROM tags WHERE name = ?"_s,
                               {id, t}, u"tagging"_s);
            !s.isOk())
            return s;
    }
    return Status::ok();
}

Result<QStringList> TagRepository::of(Owner owner, qint64 id)
{
    const Link link = linkFor(owner);
    QSqlQuery q(m_db);
    q.prepare(u"SELECT t.name FROM "_s + link.table +
              u" l JOIN tags t ON t.id = l.tag_id WHERE l."_s + link.column +
              u" = ? ORDER BY t.name"_s);
    q.addBindValue(id);
    if (Status s = execute(q, u"reading tags"_s); !s.isOk())
        return s;
    QStringList out;
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

} // namespace aiochat
