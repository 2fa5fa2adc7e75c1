// `aiochat --rotate-data-key` as an operator runs it: every sealed value and blind index moves to
// a new key, a killed rotation resumes where it stopped, and an instance running beside it keeps
// reading (and finding customers) throughout.
#include "hostfixture.h"
#include "knowledge/ingestion.h"
#include "knowledge/retriever.h"
#include "security/datakeyring.h"
#include "security/keyrotation.h"
#include "security/personaldatacipher.h"
#include "storage/connection.h"
#include "storage/contactrepository.h"
#include "storage/conversationrepository.h"
#include "storage/identityrepository.h"
#include "storage/messagerepository.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

const QString kPhotoKey = u"00aa11bb22cc33dd44ee55ff"_s;
const QByteArray kPhoto = "\x89PNG a customer's photo";

QString phoneOf(int i)
{
    return u"+62812"_s + QString::number(10'000'000 + i);
}

// Contacts with identities and journal bodies, written the way the application writes them.
Status seed(Storage &storage, int count)
{
    const PersonalDataCipher &cipher = storage.cipher();
    return storage.writer().run([&](QSqlDatabase &db) -> Status {
        ContactRepository contacts(db, cipher);
        IdentityRepository identities(db, cipher);
        for (int i = 0; i < count; ++i) {
            Contact c;
            c.displayName = u"Customer "_s + QString::number(i);
            c.phone = phoneOf(i);
            c.email = u"customer"_s + QString::number(i) + u"@example.com"_s;
            const Result<qint64> id = contacts.insert(c);
            if (!id.isOk())
                return id.status();
            ContactIdentity identity;
            identity.contactId = id.value();
            identity.platform = Platform::Telegram;
            identity.platformUserId = QString::number(500'000 + i);
            if (Status s = identities.upsert(identity).status(); !s.isOk())
                return s;
            QSqlQuery q(db);
            q.prepare(
                u"INSERT INTO inbound_journal (platform, event_key, received_at, body, state) "
                u"VALUES ('telegram', ?, 0, ?, 'done')"_s);
            q.addBindValue(u"u"_s + QString::number(i));
            q.addBindValue(cipher.sealBytes(PersonalField::JournalBody,
                                            "{\"update_id\":" + QByteArray::number(i) + '}'));
            if (!q.exec())
                return Status::internal(u"journal insert failed"_s);
        }
        return Status::ok();
    });
}

// A message naming a policy number in each of @p count conversations.
Status seedMessages(Storage &storage, int count)
{
    const PersonalDataCipher &cipher = storage.cipher();
    return storage.writer().run([&](QSqlDatabase &db) -> Status {
        ConversationRepository conversations(db, cipher);
        MessageRepository messages(db, cipher);
        for (int i = 0; i < count; ++i) {
            ContactIdentity who;
            who.platform = Platform::WhatsApp;
            who.platformUserId = u"6285"_s + QString::number(7'000'000 + i);
            const Result<ContactIdentity> identity = IdentityRepository(db, cipher).upsert(who);
            if (!identity.isOk())
                return identity.status();
            Conversation c;
            c.identityId = identity->id;
            c.platform = Platform::WhatsApp;
            const Result<qint64> id = conversations.insert(c);
            if (!id.isOk())
                return id.status();
            Message m;
            m.conversationId = id.value();
            m.identityId = identity->id;
            m.text = u"my policy is POL-7-"_s + QString::number(1000 + i);
            m.platformMessageId = u"wamid."_s + QString::number(i);
            if (Status s = messages.insert(m).status(); !s.isOk())
                return s;
        }
        return Status::ok();
    });
}

// A text as versions before sealed texts stored it, written into the file of a stopped instance.
bool addClearMessage(const QString &dataDir, const QString &text)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"clear"_s);
        db.setDatabaseName(dataDir + u"/aiochat.db"_s);
        QSqlQuery q(db);
        ok = db.open() &&
             q.exec(u"INSERT INTO messages (conversation_id, identity_id, direction, sender, "
                    u"kind, text, status, created_at, updated_at) SELECT id, identity_id, 'in', "
                    u"'customer', 'text', '"_s +
                    text + u"', 'received', 1, 1 FROM conversations ORDER BY id LIMIT 1"_s) &&
             q.numRowsAffected() == 1;
        db.close();
    }
    QSqlDatabase::removeDatabase(u"clear"_s);
    return ok;
}

struct KeyCensus
{
    QMap<quint32, int> byKey; ///< key id → sealed values under it
};

KeyCensus census(HostFixture &fx)
{
    KeyCensus out;
    for (const QString &sql :
         {u"SELECT phone_enc FROM contacts"_s, u"SELECT email_enc FROM contacts"_s,
          u"SELECT platform_user_enc FROM contact_identities"_s,
          u"SELECT body FROM inbound_journal"_s, u"SELECT text_enc FROM messages"_s,
          u"SELECT content_enc FROM documents"_s, u"SELECT heading_enc FROM chunks"_s,
          u"SELECT text_enc FROM chunks"_s}) {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"census"_s);
        db.setDatabaseName(fx.dataDir() + u"/aiochat.db"_s);
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(sql);
            while (q.next())
                ++out.byKey[PersonalDataCipher::keyIdOf(q.value(0).toByteArray())];
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"census"_s);
    }
    return out;
}

QProcessEnvironment cliEnv()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"AIOCHAT_SECRETS"_s, u"file"_s);
    env.remove(u"DISPLAY"_s);
    env.remove(u"QT_QPA_PLATFORM"_s);
    return env;
}

struct Run
{
    int exitCode = -1;
    QString out;
};

Run rotate(const QString &dataDir)
{
    QProcess p;
    p.setProcessEnvironment(cliEnv());
    p.start(QStringLiteral(AIOCHAT_BINARY), {u"--data-dir"_s, dataDir, u"--rotate-data-key"_s});
    p.waitForFinished(120'000);
    return {p.exitCode(), QString::fromLocal8Bit(p.readAllStandardOutput()) +
                              QString::fromLocal8Bit(p.readAllStandardError())};
}

} // namespace

class KeyRotationTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everySealedValueMovesToTheNewKey()
    {
        QTemporaryDir dir;
        {
            HostFixture fx({}, dir.path());
            QVERIFY(fx.start().isOk());
            QVERIFY(seed(*fx.host().storage(), 300).isOk());
            QCOMPARE(fx.host().storage()->cipher().currentKeyId(), 1u);
            QVERIFY(seedMessages(*fx.host().storage(), 30).isOk());
            // A knowledge document: its file, its passage's heading and text.
            const Result<ingestion::Prepared> doc = ingestion::prepare(
                u"terms.md"_s, "# Grace period\n\nPremiums of plan GP-2024-77 have 30 days.");
            QVERIFY(doc.isOk());
            Storage &storage = *fx.host().storage();
            QVERIFY(
                storage.writer()
                    .run([&](QSqlDatabase &db) {
                        return ingestion::write(db, storage.cipher(), doc.value(), 0, 0).status();
                    })
                    .isOk()); // A customer's photo, kept as a sealed file beside the database.
            QVERIFY(storage.blobFiles());
            QVERIFY(
                storage.blobFiles()
                    ->write(kPhotoKey, storage.cipher().sealBytes(PersonalField::MediaFile, kPhoto))
                    .isOk());
            QVERIFY(storage.writer()
                        .run([](QSqlDatabase &db) {
                            return execute(db,
                                           u"INSERT INTO media_blobs (blob_key, size, mime, "
                                           u"data_enc, stored_in, created_at) VALUES (?, 20, "
                                           u"'image/png', X'', 'file', 0)"_s,
                                           {kPhotoKey}, u"a kept file"_s);
                        })
                        .isOk());
        }
        QVERIFY(addClearMessage(dir.path(), u"old clear text POL-OLD-4242"_s));
        const Run r = rotate(dir.path());
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY2(r.out.contains(u"new data key 2 created"_s), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"1 message texts stored in clear are sealed"_s),
                 qPrintable(r.out));
        // 300 contacts × 2 values, 330 identities, 300 journal bodies, 30 message texts, a
        // document's file, heading and text, a customer's photo.
        QVERIFY2(r.out.contains(u"media files: 1 checked, 1 re-sealed"_s), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"done: 1264 values are now sealed under key 2"_s),
                 qPrintable(r.out));

        HostFixture fx({}, dir.path());
        QVERIFY(fx.start().isOk());
        const KeyCensus after = census(fx);
        QCOMPARE(after.byKey.keys(), QList<quint32>{2});
        QCOMPARE(after.byKey.value(2), 1264);

        Storage &storage = *fx.host().storage();
        const DataKeyring ring = storage.cipher().keyring();
        QCOMPARE(ring.current().id, 2u);
        QVERIFY(ring.find(1) && ring.find(1)->retired);
        QCOMPARE(ring.indexingKeys().size(), 1);
        // Lookups by blind index find rows re-indexed under the new key, and values open.
        const Status s = storage.writer().run([&](QSqlDatabase &db) -> Status {
            const auto found =
                ContactRepository(db, storage.cipher()).findBy(PersonalField::Phone, phoneOf(123));
            if (!found.isOk() || found.value().size() != 1 ||
                found.value().first().email != u"customer123@example.com"_s)
                return Status::internal(u"contact lookup after rotation failed"_s);
            const auto identity = IdentityRepository(db, storage.cipher())
                                      .findByPlatformId(Platform::Telegram, u"500123"_s);
            if (!identity.isOk() || !identity.value())
                return Status::internal(u"identity lookup after rotation failed"_s);
            // Numbers in texts are indexed under the new key: an exact search still finds them,
            // the text sealed in clear before included.
            ConversationRepository conversations(db, storage.cipher());
            for (const QString &number : {u"POL-7-1017"_s, u"pol-old-4242"_s}) {
                ConversationQuery query;
                query.search = number;
                const auto hits = conversations.list(query);
                if (!hits.isOk() || hits.value().items.size() != 1 ||
                    !hits.value().items.first().matchedText.contains(number, Qt::CaseInsensitive))
                    return Status::internal(u"searching a number after rotation: "_s + number);
            }
            // So are the numbers in knowledge passages, and the passage opens.
            const auto hits = Retriever(db, storage.cipher()).retrieve(u"GP-2024-77"_s, 0, 5);
            if (!hits.isOk() || hits->size() != 1 || !hits->first().text.contains(u"30 days"_s) ||
                hits->first().headingPath != u"Grace period"_s)
                return Status::internal(u"knowledge search after rotation"_s);
            return Status::ok();
        });
        QVERIFY2(s.isOk(), qPrintable(s.message()));
        QCOMPARE(fx.scalar(u"SELECT COUNT(*) FROM messages WHERE text IS NOT NULL"_s).toInt(), 0);
        // The photo's file was replaced by one under the new key, with the same content.
        const Result<QByteArray> photo = storage.blobFiles()->read(kPhotoKey);
        QVERIFY(photo.isOk());
        QCOMPARE(PersonalDataCipher::keyIdOf(photo.value()), 2u);
        QCOMPARE(storage.cipher().openBytes(PersonalField::MediaFile, photo.value()).value(),
                 kPhoto);
    }

    void aKilledRotationResumesWhereItStopped()
    {
        QTemporaryDir dir;
        {
            HostFixture fx({}, dir.path());
            QVERIFY(fx.start().isOk());
            QVERIFY(seed(*fx.host().storage(), 6000).isOk());
        }
        QProcess p;
        p.setProcessEnvironment(cliEnv());
        p.start(QStringLiteral(AIOCHAT_BINARY),
                {u"--data-dir"_s, dir.path(), u"--rotate-data-key"_s});
        QVERIFY(p.waitForStarted());
        // Killed without warning as soon as it reports the first batch.
        QString out;
        QTRY_VERIFY_WITH_TIMEOUT((out += QString::fromLocal8Bit(p.readAllStandardOutput()),
                                  out.contains(u"contacts: 500/6000"_s)),
                                 30'000);
        ::kill(pid_t(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished());

        {
            HostFixture fx({}, dir.path());
            QVERIFY(fx.start().isOk());
            const KeyCensus mid = census(fx);
            QVERIFY2(mid.byKey.value(1) > 0 && mid.byKey.value(2) > 0,
                     "the kill was meant to land half-way");
            QVERIFY(!fx.scalar(u"SELECT value FROM settings WHERE key = 'data-keys.rotation'"_s)
                         .toString()
                         .isEmpty());
            // Half-rotated data reads and looks up fine, whichever key a row is under.
            Storage &storage = *fx.host().storage();
            const Status s = storage.writer().run([&](QSqlDatabase &db) -> Status {
                ContactRepository contacts(db, storage.cipher());
                for (int i : {0, 5999}) {
                    const auto found = contacts.findBy(PersonalField::Phone, phoneOf(i));
                    if (!found.isOk() || found.value().size() != 1)
                        return Status::internal(u"lookup of "_s + QString::number(i) +
                                                u" failed"_s);
                }
                return Status::ok();
            });
            QVERIFY2(s.isOk(), qPrintable(s.message()));
        }

        const Run r = rotate(dir.path());
        qInfo().noquote() << "resumed rotation:\n" << r.out; // its own timing, for the record
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY2(r.out.contains(u"resuming the rotation to key 2"_s), qPrintable(r.out));
        QVERIFY2(!r.out.contains(u"new data key"_s), qPrintable(r.out));
        HostFixture fx({}, dir.path());
        QVERIFY(fx.start().isOk());
        const KeyCensus after = census(fx);
        QCOMPARE(after.byKey.keys(), QList<quint32>{2});
        QCOMPARE(after.byKey.value(2), 4 * 6000);
        QVERIFY(fx.scalar(u"SELECT value FROM settings WHERE key = 'data-keys.rotation'"_s)
                    .toString()
                    .isEmpty());
    }

    void aRunningInstanceKeepsReadingAndFindingCustomers()
    {
        HostFixture fx({}, {}, QVariantMap{{u"security/keyCheckMs"_s, 100}});
        QVERIFY(fx.start().isOk());
        Storage &storage = *fx.host().storage();
        QVERIFY(seed(storage, 200).isOk());

        const Run r = rotate(fx.dataDir());
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY2(r.out.contains(u"AIO-CHAT is running: waiting for it to load the new key"_s),
                 qPrintable(r.out));

        // The running instance follows: it seals with key 2 and reads everything.
        QTRY_COMPARE(storage.cipher().currentKeyId(), 2u);
        QTRY_VERIFY(storage.cipher().keyring().find(1)->retired);
        const CommandResponse got = fx.call(u"contacts.list"_s, {{u"search"_s, phoneOf(42)}});
        QVERIFY2(got.status.isOk(), qPrintable(got.status.message()));
        QCOMPARE(got.result[u"items"_s].toArray().size(), 1);
        const qint64 id = got.result[u"items"_s][0][u"id"_s].toInteger();
        const CommandResponse revealed =
            fx.call(u"contact.get"_s, {{u"id"_s, id}, {u"reveal"_s, QJsonArray{u"phone"_s}}});
        QCOMPARE(revealed.result[u"contact"_s][u"phone"_s].toString(), phoneOf(42));

        // A returning customer is recognised, not added twice.
        const Status s = storage.writer().run([&](QSqlDatabase &db) -> Status {
            ContactIdentity again;
            again.platform = Platform::Telegram;
            again.platformUserId = u"500042"_s;
            const auto r = IdentityRepository(db, storage.cipher()).upsert(again);
            if (!r.isOk())
                return r.status();
            return r.value().contactId == id ? Status::ok()
                                             : Status::internal(u"a second identity was created"_s);
        });
        QVERIFY2(s.isOk(), qPrintable(s.message()));
        QCOMPARE(fx.scalar(u"SELECT count(*) FROM contact_identities"_s).toInt(), 200);
        QCOMPARE(census(fx).byKey.keys(), QList<quint32>{2});
    }

    void mixedKeysStillResolveDuringARotation()
    {
        // What the running instance sees half-way: two indexing keys, rows under either.
        HostFixture fx;
        QVERIFY(fx.start().isOk());
        Storage &storage = *fx.host().storage();
        QVERIFY(seed(storage, 3).isOk());
        DataKeyring ring = storage.cipher().keyring();
        ring.addKey();
        storage.cipher().replaceKeyring(ring);
        QCOMPARE(storage.cipher().blindIndexes(PersonalField::Phone, phoneOf(1)).size(), 2);
        const Status s = storage.writer().run([&](QSqlDatabase &db) -> Status {
            ContactIdentity again;
            again.platform = Platform::Telegram;
            again.platformUserId = u"500001"_s;
            const auto r = IdentityRepository(db, storage.cipher()).upsert(again);
            if (!r.isOk() || r.value().contactId == 0)
                return Status::internal(u"the old-key identity was not found"_s);
            const auto byPhone =
                ContactRepository(db, storage.cipher()).findBy(PersonalField::Phone, phoneOf(1));
            if (!byPhone.isOk() || byPhone.value().size() != 1)
                return Status::internal(u"the old-key contact was not found"_s);
            return Status::ok();
        });
        QVERIFY2(s.isOk(), qPrintable(s.message()));
        QCOMPARE(fx.scalar(u"SELECT count(*) FROM contact_identities"_s).toInt(), 3);
    }
};

QTEST_GUILESS_MAIN(KeyRotationTest)
#include "tst_keyrotation.moc"
