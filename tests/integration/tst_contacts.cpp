// Changing the customer list through the Console API: create and edit with clear errors, no two
// customers sharing a phone, e-mail or policy number, merging two customers into one, and CSV
// import that saves every row or none — each change audited.
#include "api/consoleapi.h"
#include "hostfixture.h"
#include "storage/conversationrepository.h"
#include "storage/identityrepository.h"
#include "storage/storage.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

class ContactsTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<ScratchDatabase> m_db; // PostgreSQL rows only; outlives the host
    std::unique_ptr<HostFixture> m_fx;

    HostFixture &fx() { return *m_fx; }

    qint64 create(const QJsonObject &fields)
    {
        const CommandResponse r = fx().call(u"contact.create"_s, fields);
        if (!r.status.isOk())
            qWarning("%s", qPrintable(r.status.message()));
        return r.result[u"contact"_s][u"id"_s].toInteger();
    }

    QStringList auditActions()
    {
        const CommandResponse r = fx().call(u"audit.list"_s, {{u"limit"_s, 100}});
        QStringList out;
        for (const QJsonValue &v : r.result[u"items"_s].toArray())
            out.append(v[u"action"_s].toString());
        return out;
    }

    QStringList errorFields(const CommandResponse &r)
    {
        QStringList out;
        for (const QJsonValue &v : r.result[u"fields"_s].toArray())
            out.append(v[u"field"_s].toString());
        return out;
    }

    // A conversation on a fresh Sandbox identity linked to @p contactId.
    qint64 conversationFor(qint64 contactId, const QString &user)
    {
        Storage &storage = *fx().host().storage();
        qint64 conversation = 0;
        const Status s = storage.writer().run([&](QSqlDatabase &db) -> Status {
            ContactIdentity identity;
            identity.platform = Platform::Sandbox;
            identity.platformUserId = user;
            identity.contactId = contactId;
            const auto stored = IdentityRepository(db, storage.cipher()).upsert(identity);
            if (!stored.isOk())
                return stored.status();
            Conversation c;
            c.identityId = stored.value().id;
            c.contactId = contactId;
            c.platform = Platform::Sandbox;
            c.title = user;
            c.lastMessageAt = nowMillis();
            const Result<qint64> id = ConversationRepository(db, storage.cipher()).insert(c);
            conversation = id.isOk() ? id.value() : 0;
            return id.status();
        });
        if (!s.isOk())
            qWarning("%s", qPrintable(s.message()));
        return conversation;
    }

private Q_SLOTS:
    // Every test on both engines: the SQL here (merges, imports, grouped counts) is written once.
    void initTestCase_data() { addEngineColumn(); }

    void init() { AIOCHAT_START_HOST_ON_ENGINE(m_fx, m_db); }

    void cleanup()
    {
        m_fx.reset();
        m_db.reset();
    }

    void createdCustomersAreStoredMaskedAndAudited()
    {
        QSignalSpy events(fx().host().consoleApi(), &ConsoleApi::event);
        const qint64 id = create({{u"displayName"_s, u"Rina Putri"_s},
                                  {u"phone"_s, u"+62 812 3456 7890"_s},
                                  {u"email"_s, u"rina@example.com"_s}});
        QVERIFY(id > 0);
        QTRY_VERIFY(!events.isEmpty());
        QCOMPARE(events.first().at(0).toString(), u"contact.updated"_s);

        const CommandResponse got =
            fx().call(u"contact.get"_s, {{u"id"_s, id}, {u"reveal"_s, QJsonArray{u"phone"_s}}});
        QCOMPARE(got.result[u"contact"_s][u"phone"_s].toString(), u"+6281234567890"_s);
        QVERIFY(got.result[u"contact"_s][u"email"_s].toString().contains(u"•"_s));
        QVERIFY(auditActions().contains(u"contact.create"_s));
    }

    void wrongFieldsAreListedAndNothingIsSaved()
    {
        const CommandResponse r =
            fx().call(u"contact.create"_s,
                      {{u"displayName"_s, u""_s}, {u"phone"_s, u"0812"_s}, {u"email"_s, u"x@"_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        QCOMPARE(errorFields(r), (QStringList{u"displayName"_s, u"phone"_s, u"email"_s}));
        // The HTTP shape carries them too.
        QCOMPARE(r.toJson()[u"error"_s][u"details"_s][u"fields"_s].toArray().size(), 3);
        const CommandResponse list = fx().call(u"contacts.list"_s, {{u"search"_s, u"x@"_s}});
        QCOMPARE(list.result[u"items"_s].toArray().size(), 0);
    }

    void aPhoneBelongsToOneCustomer()
    {
        const qint64 rina =
            create({{u"displayName"_s, u"Rina"_s}, {u"phone"_s, u"+6281234567890"_s}});
        QVERIFY(rina > 0);
        // Written differently, the same number.
        CommandResponse r = fx().call(u"contact.create"_s, {{u"displayName"_s, u"Budi"_s},
                                                            {u"phone"_s, u"+62 812-3456-7890"_s}});
        QCOMPARE(r.status.code(), Status::Code::AlreadyExists);
        QCOMPARE(errorFields(r), QStringList{u"phone"_s});
        QVERIFY2(r.status.message().contains(u"Rina"_s), qPrintable(r.status.message()));

        const qint64 budi = create({{u"displayName"_s, u"Budi"_s}});
        r = fx().call(u"contact.update"_s, {{u"id"_s, budi}, {u"phone"_s, u"+6281234567890"_s}});
        QCOMPARE(r.status.code(), Status::Code::AlreadyExists);
        // Saving Rina with her own number is no conflict.
        r = fx().call(u"contact.update"_s, {{u"id"_s, rina}, {u"phone"_s, u"+6281234567890"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
    }

    void editingChangesOnlyTheNamedFields()
    {
        const qint64 id = create({{u"displayName"_s, u"Rina"_s},
                                  {u"phone"_s, u"+6281234567890"_s},
                                  {u"email"_s, u"rina@example.com"_s}});
        CommandResponse r =
            fx().call(u"contact.update"_s,
                      {{u"id"_s, id}, {u"displayName"_s, u"Rina Putri"_s}, {u"email"_s, u""_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        const CommandResponse got = fx().call(
            u"contact.get"_s, {{u"id"_s, id}, {u"reveal"_s, QJsonArray{u"phone"_s, u"email"_s}}});
        QCOMPARE(got.result[u"contact"_s][u"displayName"_s].toString(), u"Rina Putri"_s);
        QCOMPARE(got.result[u"contact"_s][u"phone"_s].toString(), u"+6281234567890"_s);
        QCOMPARE(got.result[u"contact"_s][u"email"_s].toString(), QString());
        QVERIFY(auditActions().contains(u"contact.update"_s));
        r = fx().call(u"contact.update"_s, {{u"id"_s, 999999}, {u"displayName"_s, u"Nobody"_s}});
        QCOMPARE(r.status.code(), Status::Code::NotFound);
    }

    void customersCarryTheirOwnTags()
    {
        const qint64 id = create({{u"displayName"_s, u"Rina"_s}});
        CommandResponse r =
            fx().call(u"contact.setTags"_s,
                      {{u"id"_s, id}, {u"tags"_s, QJsonArray{u"VIP"_s, u" renewal "_s, u"vip"_s}}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(fx().call(u"contact.get"_s, {{u"id"_s, id}}).result[u"tags"_s].toArray(),
                 (QJsonArray{u"renewal"_s, u"vip"_s}));
        r = fx().call(u"contact.setTags"_s,
                      {{u"id"_s, id}, {u"tags"_s, QJsonArray{QString(41, u'x')}}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        r = fx().call(u"contact.setTags"_s, {{u"id"_s, 999999}, {u"tags"_s, QJsonArray{u"vip"_s}}});
        QCOMPARE(r.status.code(), Status::Code::NotFound);
        // A merge keeps the merged customer's tags on the kept one.
        const qint64 other = create({{u"displayName"_s, u"R."_s}});
        QVERIFY(
            fx().call(u"contact.setTags"_s, {{u"id"_s, other}, {u"tags"_s, QJsonArray{u"claim"_s}}})
                .status.isOk());
        QVERIFY(fx().call(u"contact.merge"_s, {{u"keepId"_s, id}, {u"mergeId"_s, other}})
                    .status.isOk());
        QCOMPARE(fx().call(u"contact.get"_s, {{u"id"_s, id}}).result[u"tags"_s].toArray(),
                 (QJsonArray{u"claim"_s, u"renewal"_s, u"vip"_s}));
    }

    // Merge… starts from the records that are probably the same person.
    void likelyDuplicatesAreSuggested()
    {
        const qint64 rina =
            create({{u"displayName"_s, u"Rina Putri"_s}, {u"phone"_s, u"+6281234567890"_s}});
        const qint64 telegramRina = create({{u"displayName"_s, u"rina putri"_s}});
        QVERIFY(create({{u"displayName"_s, u"Rina Putri Wijaya"_s}}) > 0);
        QVERIFY(create({{u"displayName"_s, u"Budi"_s}}) > 0);
        const CommandResponse r = fx().call(u"contacts.duplicates"_s, {{u"id"_s, rina}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        const QJsonArray items = r.result[u"items"_s].toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first()[u"id"_s].toInteger(), telegramRina);
        QCOMPARE(items.first()[u"sameAs"_s].toArray(), QJsonArray{u"name"_s});
        QCOMPARE(fx().call(u"contacts.duplicates"_s, {{u"id"_s, 999999}}).status.code(),
                 Status::Code::NotFound);
    }

    void mergingMovesConversationsAndFillsGaps()
    {
        const qint64 keep =
            create({{u"displayName"_s, u"Rina Putri"_s}, {u"phone"_s, u"+6281234567890"_s}});
        const qint64 gone = create({{u"displayName"_s, u"R. Putri"_s},
                                    {u"phone"_s, u"+6289999999999"_s},
                                    {u"email"_s, u"rina@example.com"_s}});
        const qint64 conversation = conversationFor(gone, u"rina-telegram"_s);
        QVERIFY(keep && gone && conversation);

        CommandResponse r =
            fx().call(u"contact.merge"_s, {{u"keepId"_s, keep}, {u"mergeId"_s, gone}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));

        const CommandResponse conv = fx().call(u"conversation.get"_s, {{u"id"_s, conversation}});
        QCOMPARE(conv.result[u"conversation"_s][u"contactId"_s].toInteger(), keep);
        const CommandResponse got = fx().call(
            u"contact.get"_s, {{u"id"_s, keep}, {u"reveal"_s, QJsonArray{u"phone"_s, u"email"_s}}});
        QCOMPARE(got.result[u"contact"_s][u"phone"_s].toString(), u"+6281234567890"_s);   // kept
        QCOMPARE(got.result[u"contact"_s][u"email"_s].toString(), u"rina@example.com"_s); // filled
        QCOMPARE(got.result[u"identities"_s].toArray().size(), 1);

        // The merged customer is gone from the list and its values are free again.
        const CommandResponse list = fx().call(u"contacts.list"_s, {{u"search"_s, u"R. Putri"_s}});
        QCOMPARE(list.result[u"items"_s].toArray().size(), 0);
        QVERIFY(create({{u"displayName"_s, u"Someone"_s}, {u"phone"_s, u"+6289999999999"_s}}) > 0);
        r = fx().call(u"contact.merge"_s, {{u"keepId"_s, keep}, {u"mergeId"_s, gone}});
        QCOMPARE(r.status.code(), Status::Code::NotFound);
        r = fx().call(u"contact.merge"_s, {{u"keepId"_s, keep}, {u"mergeId"_s, keep}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        QVERIFY(auditActions().contains(u"contact.merge"_s));
    }

    void importPreviewsThenSavesEveryRow()
    {
        const QString csv =
            u"Name;Phone;E-mail;Policy No;DOB;Favourite colour\r\n"
            u"Rina Putri;+62 812 3456 7890;rina@example.com;POL-1;1990-04-01;teal\r\n"
            u"\"Santoso, Budi\";+62 813 0000 1111;;POL-2;;red\r\n"_s;
        CommandResponse r = fx().call(u"contacts.import"_s, {{u"csv"_s, csv}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"valid"_s].toInt(), 2);
        QCOMPARE(r.result[u"invalid"_s].toInt(), 0);
        QCOMPARE(r.result[u"imported"_s].toInt(), 0);
        // A column that names no field is offered as an attribute (text, from its values).
        QCOMPARE(r.result[u"ignoredColumns"_s].toArray(), QJsonArray{});
        QCOMPARE(r.result[u"attributes"_s][0][u"key"_s].toString(), u"favourite_colour"_s);
        QCOMPARE(r.result[u"attributes"_s][0][u"type"_s].toString(), u"text"_s);
        QCOMPARE(r.result[u"preview"_s][0][u"attributes"_s][u"favourite_colour"_s].toString(),
                 u"teal"_s);
        QCOMPARE(r.result[u"preview"_s][1][u"name"_s].toString(), u"Santoso, Budi"_s);
        QCOMPARE(r.result[u"preview"_s][1][u"phone"_s].toString(), u"+6281300001111"_s);
        QCOMPARE(fx().call(u"contacts.list"_s).result[u"items"_s].toArray().size(), 0);

        r = fx().call(u"contacts.import"_s, {{u"csv"_s, csv}, {u"commit"_s, true}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"imported"_s].toInt(), 2);
        QCOMPARE(fx().call(u"contacts.list"_s).result[u"items"_s].toArray().size(), 2);
        QCOMPARE(fx().call(u"attributes.list"_s).result[u"attributes"_s][0][u"label"_s].toString(),
                 u"Favourite colour"_s);
        QVERIFY(auditActions().contains(u"contacts.import"_s));

        // The same file again: every row is already a customer.
        r = fx().call(u"contacts.import"_s, {{u"csv"_s, csv}});
        QCOMPARE(r.result[u"invalid"_s].toInt(), 2);
    }

    void oneBadRowImportsNothing()
    {
        const QString csv = u"name,phone,email\n"
                            u"Rina,+6281234567890,rina@example.com\n"
                            u"Budi,0813,budi@example.com\n"
                            u"Sari,+6281234567890,sari@example.com\n"
                            u"Dewi,+6281111111111,dewi@example\n"_s;
        const CommandResponse r =
            fx().call(u"contacts.import"_s, {{u"csv"_s, csv}, {u"commit"_s, true}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        QVERIFY2(r.status.message().contains(u"nothing was imported"_s),
                 qPrintable(r.status.message()));
        const QJsonArray errors = r.result[u"errors"_s].toArray();
        QCOMPARE(errors.size(), 3);
        QCOMPARE(errors[0][u"line"_s].toInt(), 3);
        QCOMPARE(errors[0][u"errors"_s][0][u"field"_s].toString(), u"phone"_s);
        QCOMPARE(errors[1][u"line"_s].toInt(), 4);
        QVERIFY(errors[1][u"errors"_s][0][u"message"_s].toString().contains(u"line 2"_s));
        QCOMPARE(errors[2][u"errors"_s][0][u"field"_s].toString(), u"email"_s);
        QCOMPARE(fx().call(u"contacts.list"_s).result[u"items"_s].toArray().size(), 0);
    }

    void importRefusesFilesItCannotRead()
    {
        CommandResponse r =
            fx().call(u"contacts.import"_s, {{u"csv"_s, u"phone\n+6281234567890\n"_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        QVERIFY(r.status.message().contains(u"name"_s));
        r = fx().call(u"contacts.import"_s, {{u"csv"_s, u"name\n\"Rina\n"_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        QVERIFY(r.status.message().contains(u"never closed"_s));
    }
};

QTEST_GUILESS_MAIN(ContactsTest)
#include "tst_contacts.moc"
