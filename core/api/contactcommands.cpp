#include "contactcommands.h"

#include "consoleapi.h"
#include "domain/json.h"
#include "params.h"
#include "security/auditlog.h"
#include "storage/contactrepository.h"
#include "storage/dbwriter.h"
#include "storage/identityrepository.h"
#include "storage/storage.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

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
    return CommandResponse::ok(QJsonObject{{u"contact"_s, json::toJson(*contact.value(), reveal)},
                                           {u"identities"_s, ids}});
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
    api.registerRead(u"contact.get"_s, Permission::ContactsRead,
                     [&cipher, &audit, &writer](const CommandRequest &req, QSqlDatabase &db) {
                         return getContact(req, db, cipher, audit, writer);
                     });
}

} // namespace aiochat
