#include "contactmerge.h"

#include "contactimport.h"
#include "knowledge/knowledgerepository.h"
#include "storage/connection.h"
#include "storage/contactrepository.h"

using namespace Qt::StringLiterals;

namespace aiochat {

Status mergeContacts(QSqlDatabase &db, ContactRepository &contacts, const Contact &into,
                     const Contact &from)
{
    const QVariantList ids{into.id, from.id};
    const struct
    {
        const char *sql;
        const char *what;
    } moves[] = {
        {"UPDATE contact_identities SET contact_id = ? WHERE contact_id = ?", "moving identities"},
        {"UPDATE conversations SET contact_id = ? WHERE contact_id = ?", "moving conversations"},
        {"UPDATE tasks SET contact_id = ? WHERE contact_id = ?", "moving tasks"},
        {"UPDATE notes SET contact_id = ? WHERE contact_id = ?", "moving notes"},
    };
    for (const auto &m : moves) {
        if (Status s = execute(db, QString::fromLatin1(m.sql), ids, QString::fromLatin1(m.what));
            !s.isOk())
            return s;
    }
    if (Status s = KnowledgeRepository::moveContact(db, from.id, into.id); !s.isOk())
        return s;
    if (Status s = execute(db,
                           u"INSERT INTO contact_tags (contact_id, tag_id) SELECT ?, tag_id FROM "
                           u"contact_tags WHERE contact_id = ? AND tag_id NOT IN (SELECT tag_id "
                           u"FROM contact_tags WHERE contact_id = ?)"_s,
                           {into.id, from.id, into.id}, u"moving tags"_s);
        !s.isOk())
        return s;
    if (Status s = execute(db, u"DELETE FROM contact_tags WHERE contact_id = ?"_s, {from.id},
                           u"moving tags"_s);
        !s.isOk())
        return s;

    // The kept customer keeps its values; the merged one fills only what is missing.
    Contact kept = into;
    for (const UniqueField &u : uniqueFields()) {
        if ((kept.*u.member).isEmpty())
            kept.*u.member = from.*u.member;
    }
    if (!kept.dateOfBirth.isValid())
        kept.dateOfBirth = from.dateOfBirth;
    for (auto it = from.attributes.begin(); it != from.attributes.end(); ++it) {
        if (!kept.attributes.contains(it.key()))
            kept.attributes.insert(it.key(), it.value());
    }
    Contact emptied;
    emptied.id = from.id;
    emptied.displayName = from.displayName;
    if (Status s = contacts.update(emptied); !s.isOk())
        return s;
    if (Status s = contacts.update(kept); !s.isOk())
        return s;
    return execute(db, u"UPDATE contacts SET merged_into = ? WHERE id = ?"_s, ids,
                   u"marking the merged customer"_s);
}

} // namespace aiochat
