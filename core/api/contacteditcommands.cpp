#include "contacteditcommands.h"

#include "automation/attributestore.h"
#include "consoleapi.h"
#include "contacts/contactform.h"
#include "contacts/contactimport.h"
#include "contacts/contactmerge.h"
#include "domain/json.h"
#include "events/eventbus.h"
#include "params.h"
#include "security/auditlog.h"
#include "storage/connection.h"
#include "storage/contactrepository.h"
#include "storage/identityrepository.h"
#include "storage/storage.h"
#include "storage/tagrepository.h"
#include "tagparams.h"

#include <QJsonArray>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// A phone, e-mail or policy number identifies one customer: verification and lookups depend on
// it. Another (unmerged) customer holding the value is named so the operator can merge instead.
Result<QList<FieldError>> duplicatesOf(ContactRepository &contacts, const Contact &c)
{
    QList<FieldError> errors;
    for (const UniqueField &u : uniqueFields()) {
        const QString value = c.*u.member;
        if (value.isEmpty())
            continue;
        const Result<QList<Contact>> holders = contacts.findBy(u.field, value);
        if (!holders.isOk())
            return holders.status();
        for (const Contact &other : holders.value()) {
            if (other.id == c.id)
                continue;
            errors.append({QString::fromLatin1(u.name),
                           QObject::tr("Already belongs to %1 (customer #%2) — merge the two "
                                       "instead.")
                               .arg(other.displayName)
                               .arg(other.id)});
            break;
        }
    }
    return errors;
}

// The import's check against the store: another customer already holding a row's values.
ContactImport::DuplicateCheck storedDuplicates(ContactRepository &contacts)
{
    return [&contacts](const Contact &c) { return duplicatesOf(contacts, c); };
}

CommandResponse invalidFields(const QList<FieldError> &errors)
{
    return CommandResponse::error(Status::invalidArgument(ContactForm::summary(errors)),
                                  QJsonObject{{u"fields"_s, ContactForm::toJson(errors)}});
}

QStringList presentFields(const ContactForm &form)
{
    QStringList out;
    for (const QString &f : {u"displayName"_s, u"phone"_s, u"email"_s, u"policyNumber"_s,
                             u"dateOfBirth"_s, u"language"_s}) {
        if (form.has(f))
            out.append(f);
    }
    for (auto it = form.attributes().begin(); it != form.attributes().end(); ++it)
        out.append(u"attr."_s + it.key());
    return out;
}

// Saves a new or changed contact: checked for duplicates, audited, all in one transaction.
void saveContact(Storage &storage, EventBus &events, const AuditLog &audit,
                 const CommandRequest &req, qint64 id, const ContactForm &form,
                 const ConsoleApi::Reply &reply)
{
    auto saved = std::make_shared<QJsonObject>();
    auto fieldErrors = std::make_shared<QList<FieldError>>();
    const PersonalDataCipher &cipher = storage.cipher();
    storage.writer().submit(
        &events,
        [id, form, saved, fieldErrors, &cipher, &audit, op = req.op](QSqlDatabase &db) -> Status {
            ContactRepository contacts(db, cipher);
            Contact c;
            if (id) {
                const Result<std::optional<Contact>> found = contacts.find(id);
                if (!found.isOk())
                    return found.status();
                if (!found.value())
                    return Status::notFound(u"no customer with id "_s + QString::number(id));
                c = *found.value();
            }
            form.applyTo(c);
            if (!form.attributes().isEmpty()) {
                const Result<QList<automation::AttributeDefinition>> defined =
                    automation::AttributeStore(db).all();
                if (!defined.isOk())
                    return defined.status();
                const QList<FieldError> wrong = automation::applyAttributeValues(
                    form.attributes(), defined.value(), c.attributes);
                if (!wrong.isEmpty()) {
                    *fieldErrors = wrong;
                    return Status::invalidArgument(ContactForm::summary(wrong));
                }
            }
            const Result<QList<FieldError>> dups = duplicatesOf(contacts, c);
            if (!dups.isOk())
                return dups.status();
            if (!dups.value().isEmpty()) {
                *fieldErrors = dups.value();
                return Status::alreadyExists(ContactForm::summary(dups.value()));
            }
            if (id) {
                if (Status s = contacts.update(c); !s.isOk())
                    return s;
            } else {
                const Result<qint64> inserted = contacts.insert(c);
                if (!inserted.isOk())
                    return inserted.status();
                c.id = inserted.value();
            }
            if (Status s = audit.append(
                    db, AuditEntry::by(
                            op, id ? u"contact.update"_s : u"contact.create"_s, u"contact"_s,
                            QString::number(c.id),
                            {{u"fields"_s, QJsonArray::fromStringList(presentFields(form))}}));
                !s.isOk())
                return s;
            const Result<std::optional<Contact>> now = contacts.find(c.id);
            if (!now.isOk())
                return now.status();
            *saved = json::toJson(*now.value());
            return Status::ok();
        },
        [&events, saved, fieldErrors, reply](const Status &s) {
            if (!fieldErrors->isEmpty()) {
                reply(CommandResponse::error(
                    s, QJsonObject{{u"fields"_s, ContactForm::toJson(*fieldErrors)}}));
                return;
            }
            if (!s.isOk()) {
                reply(CommandResponse::error(s));
                return;
            }
            events.publish(u"contact.updated"_s, {{u"contact"_s, *saved}});
            reply(CommandResponse::ok(QJsonObject{{u"contact"_s, *saved}}));
        });
}

// The chats a CSV row names are linked to its new customer (not verified: the chat still has
// to prove it). A chat that wrote before was given a placeholder customer, merged in now; a chat
// that belongs to another real customer (one with a policy number) stops the import.
Status linkChats(QSqlDatabase &db, ContactRepository &contacts, const PersonalDataCipher &cipher,
                 qint64 contactId, const QList<ImportedIdentity> &chats, int line)
{
    IdentityRepository identities(db, cipher);
    for (const ImportedIdentity &chat : chats) {
        const Result<std::optional<ContactIdentity>> known =
            identities.findByPlatformId(chat.platform, chat.platformUserId);
        if (!known.isOk())
            return known.status();
        qint64 identityId = 0;
        if (known.value()) {
            identityId = known.value()->id;
            const qint64 before = known.value()->contactId;
            if (before && before != contactId) {
                const Result<std::optional<Contact>> holder = contacts.find(before);
                if (!holder.isOk())
                    return holder.status();
                if (holder.value() && !holder.value()->policyNumber.isEmpty())
                    return Status::invalidArgument(
                        QObject::tr("Line %1: this %2 chat already belongs to %3 (customer "
                                    "#%4); nothing was imported.")
                            .arg(line)
                            .arg(toString(chat.platform))
                            .arg(holder.value()->displayName)
                            .arg(before));
                const Result<std::optional<Contact>> into = contacts.find(contactId);
                if (!into.isOk())
                    return into.status();
                if (holder.value() && into.value()) {
                    if (Status s = mergeContacts(db, contacts, *into.value(), *holder.value());
                        !s.isOk())
                        return s;
                }
            }
        } else {
            ContactIdentity wanted;
            wanted.platform = chat.platform;
            wanted.platformUserId = chat.platformUserId;
            const Result<ContactIdentity> created = identities.upsert(wanted);
            if (!created.isOk())
                return created.status();
            identityId = created->id;
        }
        if (Status s = identities.linkToContact(identityId, contactId); !s.isOk())
            return s;
    }
    return Status::ok();
}

} // namespace

void registerContactEditCommands(ConsoleApi &api, Storage &storage, EventBus &events,
                                 const AuditLog &audit)
{
    api.registerCore(
        u"contact.create"_s, Permission::ContactsWrite,
        [&storage, &events, &audit](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            const ContactForm form = ContactForm::fromJson(req.params);
            if (const QList<FieldError> errors = form.validate(true); !errors.isEmpty()) {
                reply(invalidFields(errors));
                return;
            }
            saveContact(storage, events, audit, req, 0, form, reply);
        });

    api.registerCore(
        u"contact.update"_s, Permission::ContactsWrite,
        [&storage, &events, &audit](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 id = p.requiredId(u"id"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            const ContactForm form = ContactForm::fromJson(req.params);
            if (const QList<FieldError> errors = form.validate(false); !errors.isEmpty()) {
                reply(invalidFields(errors));
                return;
            }
            saveContact(storage, events, audit, req, id, form, reply);
        });

    api.registerCore(
        u"contact.setTags"_s, Permission::ContactsWrite,
        [&storage, &events](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            const Result<TagsRequest> asked = tagsRequest(req.params);
            if (!asked.isOk()) {
                reply(CommandResponse::error(asked.status()));
                return;
            }
            const qint64 id = asked.value().id;
            auto saved = std::make_shared<QJsonObject>();
            const PersonalDataCipher &cipher = storage.cipher();
            storage.writer().submit(
                &events,
                [id, tags = asked.value().tags, saved, &cipher](QSqlDatabase &db) -> Status {
                    ContactRepository contacts(db, cipher);
                    const Result<std::optional<Contact>> found = contacts.find(id);
                    if (!found.isOk())
                        return found.status();
                    if (!found.value())
                        return Status::notFound(u"no customer with id "_s + QString::number(id));
                    if (Status s =
                            TagRepository(db).replace(TagRepository::Owner::Contact, id, tags);
                        !s.isOk())
                        return s;
                    *saved = json::toJson(*found.value());
                    saved->insert(u"tags"_s, QJsonArray::fromStringList(tags));
                    return Status::ok();
                },
                [&events, saved, reply](const Status &s) {
                    if (!s.isOk()) {
                        reply(CommandResponse::error(s));
                        return;
                    }
                    events.publish(u"contact.updated"_s, {{u"contact"_s, *saved}});
                    reply(CommandResponse::ok(QJsonObject{{u"contact"_s, *saved}}));
                });
        });

    api.registerCore(
        u"contact.merge"_s, Permission::ContactsWrite,
        [&storage, &events, &audit](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const qint64 keepId = p.requiredId(u"keepId"_s);
            const qint64 mergeId = p.requiredId(u"mergeId"_s);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            if (keepId == mergeId) {
                reply(CommandResponse::error(
                    Status::invalidArgument(u"a customer cannot be merged into itself"_s)));
                return;
            }
            auto saved = std::make_shared<QJsonObject>();
            const PersonalDataCipher &cipher = storage.cipher();
            storage.writer().submit(
                &events,
                [keepId, mergeId, saved, &cipher, &audit, op = req.op](QSqlDatabase &db) {
                    ContactRepository contacts(db, cipher);
                    QSqlQuery merged(db);
                    merged.prepare(
                        u"SELECT id FROM contacts WHERE id IN (?, ?) AND merged_into IS NULL"_s);
                    merged.addBindValue(keepId);
                    merged.addBindValue(mergeId);
                    if (Status s = execute(merged, u"reading the customers"_s); !s.isOk())
                        return s;
                    int live = 0;
                    while (merged.next())
                        ++live;
                    const Result<std::optional<Contact>> keep = contacts.find(keepId);
                    const Result<std::optional<Contact>> gone = contacts.find(mergeId);
                    if (!keep.isOk())
                        return keep.status();
                    if (!gone.isOk())
                        return gone.status();
                    if (!keep.value() || !gone.value() || live != 2)
                        return Status::notFound(
                            u"both customers must exist and not be merged already"_s);
                    if (Status s = mergeContacts(db, contacts, *keep.value(), *gone.value());
                        !s.isOk())
                        return s;
                    if (Status s = audit.append(
                            db, AuditEntry::by(op, u"contact.merge"_s, u"contact"_s,
                                               QString::number(keepId),
                                               {{u"merged"_s, QString::number(mergeId)}}));
                        !s.isOk())
                        return s;
                    const Result<std::optional<Contact>> now = contacts.find(keepId);
                    if (!now.isOk())
                        return now.status();
                    *saved = json::toJson(*now.value());
                    return Status::ok();
                },
                [&events, saved, mergeId, reply](const Status &s) {
                    if (!s.isOk()) {
                        reply(CommandResponse::error(s));
                        return;
                    }
                    events.publish(u"contact.updated"_s,
                                   {{u"contact"_s, *saved}, {u"mergedId"_s, mergeId}});
                    reply(CommandResponse::ok(QJsonObject{{u"contact"_s, *saved}}));
                });
        });

    api.registerCore(
        u"contacts.import"_s, Permission::ContactsWrite,
        [&storage, &events, &audit](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const QString csv = p.requiredString(u"csv"_s, 8 * 1024 * 1024);
            const bool commit = p.optionalBool(u"commit"_s).value_or(false);
            const bool acceptNew = p.optionalBool(u"acceptAttributes"_s).value_or(true);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            const QJsonObject choices = req.params.value(u"attributes"_s).toObject();
            // The attribute columns as the store defines them now, plus the importer's choices.
            const auto attributeInput = [choices,
                                         acceptNew](QSqlDatabase &db) -> Result<ImportAttributes> {
                const Result<QList<automation::AttributeDefinition>> defined =
                    automation::AttributeStore(db).all();
                if (!defined.isOk())
                    return defined.status();
                return ImportAttributes{defined.value(), choices, acceptNew};
            };
            const PersonalDataCipher &cipher = storage.cipher();
            if (!commit) {
                // A preview only reads: it runs on a reader, never holding up the writer (and
                // with it every webhook acknowledgement) for the ~0.3 s a 10,000-row file takes.
                storage.readers().submit([csv, reply, &cipher, attributeInput](QSqlDatabase &db) {
                    ContactRepository contacts(db, cipher);
                    const Result<ImportAttributes> attributes = attributeInput(db);
                    if (!attributes.isOk()) {
                        reply(CommandResponse::error(attributes.status()));
                        return;
                    }
                    const Result<ImportPlan> plan =
                        ContactImport::plan(csv, storedDuplicates(contacts), attributes.value());
                    reply(plan.isOk() ? CommandResponse::ok(plan->toJson(0))
                                      : CommandResponse::error(plan.status()));
                });
                return;
            }
            auto answer = std::make_shared<QJsonObject>();
            auto imported = std::make_shared<int>(0);
            // The whole file is one job on the writer: rows are checked again against the store as
            // it is when they are saved, and either every row is saved or none.
            storage.writer().submit(
                &events,
                [csv, answer, imported, &cipher, &audit, op = req.op,
                 attributeInput](QSqlDatabase &db) -> Status {
                    ContactRepository contacts(db, cipher);
                    const Result<ImportAttributes> attributes = attributeInput(db);
                    if (!attributes.isOk())
                        return attributes.status();
                    const Result<ImportPlan> plan =
                        ContactImport::plan(csv, storedDuplicates(contacts), attributes.value());
                    if (!plan.isOk())
                        return plan.status();
                    if (!plan.value().rowErrors.isEmpty()) {
                        *answer = plan->toJson(0);
                        return Status::invalidArgument(
                            QObject::tr("%n row(s) have errors; nothing was imported.", nullptr,
                                        plan.value().rowErrors.size()));
                    }
                    // New attribute columns are defined first (personal ones then seal).
                    for (const automation::AttributeDefinition &d : plan->newAttributes)
                        if (Status s = automation::AttributeStore(db).save(d); !s.isOk())
                            return s;
                    for (qsizetype i = 0; i < plan->contacts.size(); ++i) {
                        const Result<qint64> id = contacts.insert(plan->contacts.at(i));
                        if (!id.isOk())
                            return id.status();
                        if (Status s = linkChats(db, contacts, cipher, id.value(),
                                                 plan->identities.at(i), plan->lines.at(i));
                            !s.isOk())
                            return s;
                    }
                    *imported = int(plan.value().contacts.size());
                    if (Status s =
                            audit.append(db, AuditEntry::by(op, u"contacts.import"_s, u"contact"_s,
                                                            QString(), {{u"count"_s, *imported}}));
                        !s.isOk())
                        return s;
                    *answer = plan->toJson(*imported);
                    return Status::ok();
                },
                [&events, answer, imported, reply](const Status &s) {
                    if (!s.isOk()) {
                        // A refused commit still explains every row.
                        reply(CommandResponse::error(s, *answer));
                        return;
                    }
                    if (*imported > 0)
                        events.publish(u"contacts.imported"_s, {{u"count"_s, *imported}});
                    if (!answer->value(u"attributes"_s).toArray().isEmpty())
                        events.publish(u"attributes.updated"_s, {});
                    reply(CommandResponse::ok(*answer));
                });
        });
}

} // namespace aiochat
