#include "contactcommands.h"

#include "automation/attributestore.h"
#include "automation/facts.h"
#include "consoleapi.h"
#include "domain/json.h"
#include "params.h"
#include "security/auditlog.h"
#include "storage/contactrepository.h"
#include "storage/dbwriter.h"
#include "storage/identityrepository.h"
#include "storage/storage.h"
#include "storage/tagrepository.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <tuple>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// The customers a condition selects (the same conditions rules use: attributes, language,
// platform…), in id order, a page at a time. Conditions on personal attributes need the right to
// see them: comparing is a way of reading.
CommandResponse filterContacts(const CommandRequest &req, QSqlDatabase &db,
                               const PersonalDataCipher &cipher, const ContactQuery &query)
{
    const Result<QList<automation::AttributeDefinition>> defined =
        automation::AttributeStore(db).all();
    if (!defined.isOk())
        return CommandResponse::error(defined.status());
    const automation::FieldCatalog catalog(defined.value());
    QList<FieldError> errors;
    const auto condition = automation::Condition::parse(
        req.params.value(u"where"_s), catalog, automation::FieldScope::Contact, errors, u"where"_s);
    if (!errors.isEmpty())
        return CommandResponse::error(Status::invalidArgument(ContactForm::summary(errors)),
                                      QJsonObject{{u"fields"_s, ContactForm::toJson(errors)}});
    QStringList fields;
    condition->collectFields(fields);
    for (const QString &f : fields) {
        const automation::AttributeDefinition *a =
            f.startsWith(u"attr."_s) ? catalog.attribute(f.mid(5)) : nullptr;
        if (a && a->personal && !ConsoleApi::isAllowed(req.op, Permission::ContactsReveal))
            return CommandResponse::error(Status::permissionDenied(
                u"your role may not filter on the personal attribute "_s + a->label));
    }
    const qint64 after = query.cursor.toLongLong();
    const QString search = query.search.trimmed().toCaseFolded();
    QList<qint64> ids;
    bool more = false;
    const automation::EvalContext today{Clock::today()};
    const Status read =
        automation::FactsLoader(db, cipher, fields).forEachContact([&](const automation::Facts &f) {
            if (more || f.contactId <= after || !condition->matches(f, today))
                return;
            if (!search.isEmpty() &&
                !f.values.value(u"contact.name"_s).toString().toCaseFolded().contains(search))
                return;
            if (ids.size() == query.limit)
                more = true;
            else
                ids.append(f.contactId);
        });
    if (!read.isOk())
        return CommandResponse::error(read);
    ContactRepository contacts(db, cipher);
    QJsonArray items;
    for (qint64 id : ids) {
        const Result<std::optional<Contact>> c = contacts.find(id);
        if (!c.isOk())
            return CommandResponse::error(c.status());
        if (c.value())
            items.append(json::toJson(*c.value()));
    }
    return CommandResponse::ok(QJsonObject{
        {u"items"_s, items},
        {u"nextCursor"_s, more && !ids.isEmpty() ? QString::number(ids.last()) : QString()}});
}

CommandResponse listContacts(const CommandRequest &req, QSqlDatabase &db,
                             const PersonalDataCipher &cipher)
{
    Params p(req.params);
    ContactQuery query;
    query.search = p.optionalString(u"search"_s, 200);
    query.limit = p.optionalInt(u"limit"_s, 50, 1, 200);
    query.cursor = p.optionalString(u"cursor"_s, 400);
    if (!p.isOk())
        return CommandResponse::error(p.status());
    if (req.params.value(u"where"_s).isObject())
        return filterContacts(req, db, cipher, query);
    const Result<Page<Contact>> page = ContactRepository(db, cipher).list(query);
    if (!page.isOk())
        return CommandResponse::error(page.status());
    QJsonArray items;
    for (const Contact &c : page.value().items)
        items.append(json::toJson(c));
    return CommandResponse::ok(
        QJsonObject{{u"items"_s, items}, {u"nextCursor"_s, page.value().nextCursor}});
}

CommandResponse getContact(const CommandRequest &req, QSqlDatabase &db,
                           const PersonalDataCipher &cipher, const AuditLog &audit,
                           DbWriter &writer)
{
    Params p(req.params);
    const qint64 id = p.requiredId(u"id"_s);
    const QStringList reveal = p.optionalStringList(u"reveal"_s);
    if (!p.isOk())
        return CommandResponse::error(p.status());
    for (const QString &field : reveal) {
        if (!json::personalFieldNames().contains(field))
            return CommandResponse::error(
                Status::invalidArgument(u"reveal: \""_s + field + u"\" is not a personal field"_s));
    }
    if (!reveal.isEmpty() && !ConsoleApi::isAllowed(req.op, Permission::ContactsReveal))
        return CommandResponse::error(
            Status::permissionDenied(u"your role may not reveal personal fields"_s));
    const Result<std::optional<Contact>> contact = ContactRepository(db, cipher).find(id);
    if (!contact.isOk())
        return CommandResponse::error(contact.status());
    if (!contact.value())
        return CommandResponse::error(
            Status::notFound(u"no contact with id "_s + QString::number(id)));
    // The trace is committed before anything is shown — no record, no reveal — but it is
    // queued now, so the commit overlaps the rest of this read.
    std::optional<std::future<Status>> traced;
    if (!reveal.isEmpty())
        traced = audit.appendAsync(
            writer, AuditEntry::by(req.op, u"contact.reveal"_s, u"contact"_s, QString::number(id),
                                   {{u"fields"_s, QJsonArray::fromStringList(reveal)}}));
    const Result<QList<ContactIdentity>> identities =
        IdentityRepository(db, cipher).listForContact(id);
    if (traced) {
        if (const Status s = traced->get(); !s.isOk())
            return CommandResponse::error(Status::unavailable(
                u"the access could not be recorded, so nothing is revealed: "_s + s.message()));
    }
    if (!identities.isOk())
        return CommandResponse::error(identities.status());
    QJsonArray ids;
    for (const ContactIdentity &i : identities.value())
        ids.append(json::toJson(i));
    const Result<QStringList> tags = TagRepository(db).of(TagRepository::Owner::Contact, id);
    if (!tags.isOk())
        return CommandResponse::error(tags.status());
    return CommandResponse::ok(QJsonObject{{u"contact"_s, json::toJson(*contact.value(), reveal)},
                                           {u"identities"_s, ids},
                                           {u"tags"_s, QJsonArray::fromStringList(tags.value())}});
}

QString csvField(const QString &value)
{
    // Quoted when needed (RFC 4180). A cell a spreadsheet would run as a formula (= @, or + -
    // followed by more than a phone number) is defused with a leading apostrophe.
    static const QRegularExpression phoneLike(u"^[+-][0-9 ()-]*$"_s);
    QString v = value;
    if (!v.isEmpty() &&
        (v.front() == u'=' || v.front() == u'@' ||
         ((v.front() == u'+' || v.front() == u'-') && !phoneLike.match(v).hasMatch())))
        v.prepend(u'\'');
    if (v.contains(u',') || v.contains(u'"') || v.contains(u'\n') || v.contains(u'\r'))
        return u'"' + v.replace(u'"', u"\"\""_s) + u'"';
    return v;
}

CommandResponse exportContacts(const CommandRequest &req, QSqlDatabase &db,
                               const PersonalDataCipher &cipher, const AuditLog &audit,
                               DbWriter &writer)
{
    // The attributes travel back as their own columns, in the form an import reads.
    const Result<QList<automation::AttributeDefinition>> defined =
        automation::AttributeStore(db).all();
    if (!defined.isOk())
        return CommandResponse::error(defined.status());
    QString csv = u"id,name,phone,email,policy_number,date_of_birth,language"_s;
    for (const automation::AttributeDefinition &d : defined.value())
        csv += u',' + d.key;
    csv += u"\r\n"_s;
    ContactQuery query;
    query.limit = 500;
    qint64 count = 0;
    ContactRepository contacts(db, cipher);
    for (;;) {
        const Result<Page<Contact>> page = contacts.list(query);
        if (!page.isOk())
            return CommandResponse::error(page.status());
        for (const Contact &c : page.value().items) {
            csv += QString::number(c.id) + u',' + csvField(c.displayName) + u',' +
                   csvField(c.phone) + u',' + csvField(c.email) + u',' + csvField(c.policyNumber) +
                   u',' +
                   (c.dateOfBirth.isValid() ? c.dateOfBirth.toString(Qt::ISODate) : QString()) +
                   u',' + c.language;
            for (const automation::AttributeDefinition &d : defined.value()) {
                const QJsonValue v = c.attributes.value(d.key);
                csv += u',' + csvField(v.isDouble()   ? QString::number(v.toDouble(), 'g', 15)
                                       : v.isBool()   ? (v.toBool() ? u"yes"_s : u"no"_s)
                                       : v.isString() ? v.toString()
                                                      : QString());
            }
            csv += u"\r\n"_s;
            ++count;
        }
        if (page.value().nextCursor.isEmpty())
            break;
        query.cursor = page.value().nextCursor;
    }
    // Like a reveal: no trace, no data.
    const Status traced = audit.appendAndWait(
        writer,
        AuditEntry::by(req.op, u"contacts.export"_s, u"contact"_s, QString(),
                       {{u"count"_s, count},
                        {u"fields"_s, QJsonArray::fromStringList(json::personalFieldNames())}}));
    if (!traced.isOk())
        return CommandResponse::error(Status::unavailable(
            u"the export could not be recorded, so nothing is exported: "_s + traced.message()));
    return CommandResponse::ok(QJsonObject{{u"count"_s, count}, {u"csv"_s, csv}});
}

// Records that are probably the same person as @p id: the same phone or e-mail (blind indexes)
// or the same name. What Merge… offers first.
CommandResponse duplicateContacts(const CommandRequest &req, QSqlDatabase &db,
                                  const PersonalDataCipher &cipher)
{
    Params p(req.params);
    const qint64 id = p.requiredId(u"id"_s);
    if (!p.isOk())
        return CommandResponse::error(p.status());
    ContactRepository contacts(db, cipher);
    const Result<std::optional<Contact>> self = contacts.find(id);
    if (!self.isOk())
        return CommandResponse::error(self.status());
    if (!self.value())
        return CommandResponse::error(
            Status::notFound(u"no customer with id "_s + QString::number(id)));
    QList<qint64> order;
    QHash<qint64, std::pair<Contact, QStringList>> found;
    auto add = [&](const Contact &c, const QString &reason) {
        if (c.id == id)
            return;
        if (!found.contains(c.id)) {
            order.append(c.id);
            found.insert(c.id, {c, {}});
        }
        found[c.id].second.append(reason);
    };
    for (const auto &[field, value, reason] :
         {std::tuple{PersonalField::Phone, self.value()->phone, u"phone"_s},
          std::tuple{PersonalField::Email, self.value()->email, u"email"_s}}) {
        if (value.isEmpty())
            continue;
        const Result<QList<Contact>> same = contacts.findBy(field, value);
        if (!same.isOk())
            return CommandResponse::error(same.status());
        for (const Contact &c : same.value())
            add(c, reason);
    }
    ContactQuery byName;
    byName.search = self.value()->displayName;
    byName.limit = 50;
    const Result<Page<Contact>> named = contacts.list(byName);
    if (!named.isOk())
        return CommandResponse::error(named.status());
    for (const Contact &c : named.value().items) {
        if (c.displayName.compare(self.value()->displayName, Qt::CaseInsensitive) == 0)
            add(c, u"name"_s);
    }
    QJsonArray items;
    for (qint64 candidate : std::as_const(order)) {
        QJsonObject o = json::toJson(found.value(candidate).first);
        o.insert(u"sameAs"_s, QJsonArray::fromStringList(found.value(candidate).second));
        items.append(o);
    }
    return CommandResponse::ok(QJsonObject{{u"items"_s, items}});
}

} // namespace

void registerContactCommands(ConsoleApi &api, Storage &storage, const AuditLog &audit)
{
    const PersonalDataCipher &cipher = storage.cipher();
    DbWriter &writer = storage.writer();
    api.registerRead(u"contacts.list"_s, Permission::ContactsRead,
                     [&cipher](const CommandRequest &req, QSqlDatabase &db) {
                         return listContacts(req, db, cipher);
                     });
    api.registerRead(u"contacts.duplicates"_s, Permission::ContactsRead,
                     [&cipher](const CommandRequest &req, QSqlDatabase &db) {
                         return duplicateContacts(req, db, cipher);
                     });
    api.registerRead(u"contact.get"_s, Permission::ContactsRead,
                     [&cipher, &audit, &writer](const CommandRequest &req, QSqlDatabase &db) {
                         return getContact(req, db, cipher, audit, writer);
                     });
    api.registerRead(u"contacts.export"_s, Permission::ContactsExport,
                     [&cipher, &audit, &writer](const CommandRequest &req, QSqlDatabase &db) {
                         return exportContacts(req, db, cipher, audit, writer);
                     });
}

} // namespace aiochat
