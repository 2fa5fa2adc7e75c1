// The inbound path end to end over loopback HTTP: webhooks → journal (2xx only after the commit)
// → processing → CRM rows and events; every kind of bad input refused precisely with nothing
// stored; duplicates stored once; statuses applied monotonically; storage failures answered 503;
// a backlog processed after a restart; /metrics, /healthz, /readyz; and the Sandbox command.
#include "api/consoleapi.h"
#include "channels/journalprocessor.h"
#include "hostfixture.h"
#include "security/crypto.h"
#include "storage/contactrepository.h"
#include "storage/conversationrepository.h"
#include "storage/identityrepository.h"
#include "storage/messagerepository.h"
#include "storage/storage.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(AIOCHAT_TEST_DATA_DIR) + u'/' + name);
    f.open(QIODevice::ReadOnly);
    return f.readAll().trimmed();
}

const QByteArray kTelegramSecret = "tg-secret-0123456789";
const QByteArray kWhatsAppSecret = "wa-app-secret-abcdef";

QList<QPair<QByteArray, QByteArray>> telegramHeaders()
{
    return {{"X-Telegram-Bot-Api-Secret-Token", kTelegramSecret}};
}

QList<QPair<QByteArray, QByteArray>> signedHeaders(const QByteArray &body)
{
    return {{"X-Hub-Signature-256", "sha256=" + crypto::hmacSha256(kWhatsAppSecret, body).toHex()}};
}

QByteArray telegramText(qint64 updateId, qint64 chatId, qint64 messageId, const QString &text)
{
    return QJsonDocument(
               QJsonObject{{u"update_id"_s, updateId},
                           {u"message"_s,
                            QJsonObject{{u"message_id"_s, messageId},
                                        {u"from"_s, QJsonObject{{u"id"_s, chatId},
                                                                {u"is_bot"_s, false},
                                                                {u"first_name"_s, u"Rina"_s}}},
                                        {u"chat"_s, QJsonObject{{u"id"_s, chatId},
                                                                {u"type"_s, u"private"_s},
                                                                {u"first_name"_s, u"Rina"_s}}},
                                        {u"date"_s, 1767225600},
                                        {u"text"_s, text}}}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestInbound : public QObject
{
    Q_OBJECT

    std::unique_ptr<HostFixture> m_fx;

    qint64 journalRows()
    {
        return m_fx->scalar(u"SELECT COUNT(*) FROM inbound_journal"_s).toLongLong();
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<HostFixture>(channelSecrets());
        const Status s = m_fx->start();
        QVERIFY2(s.isOk(), qPrintable(s.message()));
    }
    void cleanup() { m_fx.reset(); }

    void telegramUpdatesAreStoredOnce()
    {
        const QByteArray body = fixture(u"telegram/text_command.json"_s);
        HttpResult r = m_fx->request("POST", u"/webhooks/telegram"_s, body, telegramHeaders());
        QCOMPARE(r.status, 200);
        // The 200 means committed: the journal row is there already.
        QCOMPARE(journalRows(), 1);
        QTRY_COMPARE(m_fx->messageTexts().count(u"/start hello 👋"_s), 1);
        // Telegram retries: the same update again is acknowledged and not stored again.
        r = m_fx->request("POST", u"/webhooks/telegram"_s, body, telegramHeaders());
        QCOMPARE(r.status, 200);
        QCOMPARE(journalRows(), 1);
        const CommandResponse list = m_fx->call(u"conversations.list"_s);
        const QJsonObject top =
            list.result.toObject().value(u"items"_s).toArray().first().toObject();
        QCOMPARE(top.value(u"title"_s).toString(), u"Alice Smith"_s);
        QCOMPARE(top.value(u"platform"_s).toString(), u"telegram"_s);
        QCOMPARE(top.value(u"unreadCount"_s).toInt(), 1);
        // A new update that reuses an old update_id (Telegram restarts ids after a quiet week)
        // is a different event.
        r = m_fx->request("POST", u"/webhooks/telegram"_s,
                          telegramText(905512001, 123456789, 1200, u"new one"_s),
                          telegramHeaders());
        QCOMPARE(r.status, 200);
        QCOMPARE(journalRows(), 2);
        QTRY_COMPARE(m_fx->scalar(u"SELECT COUNT(*) FROM messages"_s).toInt(), 2);
    }

    void newPeopleBecomeContactsAndKnownNumbersAreFound()
    {
        QCOMPARE(m_fx->request("POST", u"/webhooks/telegram"_s,
                               fixture(u"telegram/text_command.json"_s), telegramHeaders())
                     .status,
                 200);
        QTRY_COMPARE(
            m_fx->scalar(u"SELECT COUNT(*) FROM contacts WHERE display_name = 'Alice Smith'"_s)
                .toInt(),
            1);
        QCOMPARE(
            m_fx->scalar(
                    u"SELECT c.contact_id = ct.id FROM conversations c JOIN contacts ct ON ct.display_name = 'Alice Smith'"_s)
                .toInt(),
            1);
        QCOMPARE(m_fx->scalar(u"SELECT contact_id IS NOT NULL FROM contact_identities"_s).toInt(),
                 1);

        // A customer already in the CRM writes on WhatsApp from the number on file.
        Storage *storage = m_fx->host().storage();
        qint64 known = 0;
        QVERIFY(storage->writer()
                    .run([&](QSqlDatabase &db) {
                        Contact c;
                        c.displayName = u"Sheena Nelson (policyholder)"_s;
                        c.phone = u"+1 650 555 1234"_s;
                        const auto id = ContactRepository(db, storage->cipher()).insert(c);
                        known = id.isOk() ? id.value() : 0;
                        return id.status();
                    })
                    .isOk());
        const QByteArray body = fixture(u"whatsapp/text.json"_s);
        QCOMPARE(m_fx->request("POST", u"/webhooks/whatsapp"_s, body, signedHeaders(body)).status,
                 200);
        QTRY_COMPARE(
            m_fx->scalar(u"SELECT contact_id FROM contact_identities WHERE platform = 'whatsapp'"_s)
                .toLongLong(),
            known);
        QCOMPARE(m_fx->scalar(u"SELECT COUNT(*) FROM contacts"_s).toInt(), 2); // no duplicate made
        const QJsonObject top =
            m_fx->call(u"conversations.list"_s, {{u"platform"_s, u"whatsapp"_s}})
                .result.toObject()
                .value(u"items"_s)
                .toArray()
                .first()
                .toObject();
        QCOMPARE(top.value(u"title"_s).toString(), u"Sheena Nelson (policyholder)"_s);
        QCOMPARE(top.value(u"contactId"_s).toInteger(), known);
        // Group chats have no single customer.
        QCOMPARE(m_fx->request("POST", u"/webhooks/telegram"_s,
                               fixture(u"telegram/group_text.json"_s), telegramHeaders())
                     .status,
                 200);
        QTRY_COMPARE(
            m_fx->scalar(
                    u"SELECT COUNT(*) FROM conversations WHERE is_group = 1 AND contact_id IS NULL"_s)
                .toInt(),
            1);
        QCOMPARE(m_fx->scalar(u"SELECT COUNT(*) FROM contacts"_s).toInt(), 2);
    }

    void badTelegramRequestsAreRefusedAndNothingIsStored_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        const QByteArray good = fixture(u"telegram/text_command.json"_s);
        QTest::newRow("no secret")
            << QByteArray("POST") << QByteArray() << good << 401 << QByteArray("missing_secret");
        QTest::newRow("wrong secret") << QByteArray("POST") << QByteArray("tg-secret-0123456788")
                                      << good << 403 << QByteArray("bad_secret");
        QTest::newRow("malformed json")
            << QByteArray("POST") << kTelegramSecret << QByteArray("{\"update_id\":") << 400
            << QByteArray("malformed");
        QTest::newRow("not an update")
            << QByteArray("POST") << kTelegramSecret << QByteArray("{\"hello\":1}") << 400
            << QByteArray("malformed");
        QTest::newRow("invalid utf-8")
            << QByteArray("POST") << kTelegramSecret
            << QByteArray("{\"update_id\":7,\"message\":{\"text\":\"\xc3\x28\"}}") << 400
            << QByteArray("malformed");
        QTest::newRow("empty body") << QByteArray("POST") << kTelegramSecret << QByteArray() << 400
                                    << QByteArray("empty_body");
        QTest::newRow("too large")
            << QByteArray("POST") << kTelegramSecret << QByteArray(1024 * 1024 + 1, ' ') << 413
            << QByteArray("body_too_large");
        QTest::newRow("wrong method") << QByteArray("GET") << kTelegramSecret << QByteArray() << 405
                                      << QByteArray("method_not_allowed");
    }
    void badTelegramRequestsAreRefusedAndNothingIsStored()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, secret);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!secret.isEmpty())
            headers.append({QByteArray("X-Telegram-Bot-Api-Secret-Token"), secret});
        if (method == "POST" && body.isEmpty())
            headers.append({QByteArray("Content-Length"), QByteArray("0")});
        const HttpResult r = m_fx->request(method, u"/webhooks/telegram"_s, body, headers);
        QCOMPARE(r.status, status);
        QVERIFY2(r.body.contains("\"" + code + "\""), r.body.constData());
        QCOMPARE(journalRows(), 0);
        if (status == 405)
            QCOMPARE(r.header("Allow"), QByteArray("POST"));
    }

    void whatsAppHandshake()
    {
        HttpResult r = m_fx->request(
            "GET",
            u"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wa-verify-token-42&hub.challenge=1158201444"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("1158201444"));
        r = m_fx->request(
            "GET",
            u"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1"_s);
        QCOMPARE(r.status, 403);
        r = m_fx->request(
            "GET", u"/webhooks/whatsapp?hub.verify_token=wa-verify-token-42&hub.challenge=1"_s);
        QCOMPARE(r.status, 403);
    }

    void whatsAppSignatureCoversTheRawBytes()
    {
        // The body carries Meta's escaped form (\u00e9): the signature covers exactly those bytes.
        const QByteArray body = fixture(u"whatsapp/non_ascii_name.json"_s);
        QVERIFY(body.contains("\\u00e9"));
        // Signing a re-serialised copy (UTF-8 instead of escapes) is what a buggy client does.
        const QByteArray reserialised =
            QJsonDocument::fromJson(body).toJson(QJsonDocument::Compact);
        QVERIFY(reserialised != body);
        HttpResult r = m_fx->request(
            "POST", u"/webhooks/whatsapp"_s, body,
            {{"X-Hub-Signature-256",
              "sha256=" + crypto::hmacSha256(kWhatsAppSecret, reserialised).toHex()}});
        QCOMPARE(r.status, 401);
        QVERIFY(r.body.contains("bad_signature"));
        r = m_fx->request("POST", u"/webhooks/whatsapp"_s, body, {});
        QCOMPARE(r.status, 401);
        QVERIFY(r.body.contains("missing_signature"));
        QCOMPARE(journalRows(), 0);

        r = m_fx->request("POST", u"/webhooks/whatsapp"_s, body, signedHeaders(body));
        QCOMPARE(r.status, 200);
        QTRY_COMPARE(
            m_fx->scalar(
                    u"SELECT display_name FROM contact_identities WHERE platform = 'whatsapp'"_s)
                .toString(),
            u"Renée François"_s);
        QCOMPARE(m_fx->messageTexts().value(0), u"Café à Paris 😀"_s);
        // A correctly signed body that is not JSON is still refused.
        r = m_fx->request("POST", u"/webhooks/whatsapp"_s, "not json", signedHeaders("not json"));
        QCOMPARE(r.status, 400);
    }

    void whatsAppBatchAndMonotonicStatuses()
    {
        // An outbound message the statuses refer to.
        Storage *storage = m_fx->host().storage();
        QVERIFY(storage->writer()
                    .run([storage](QSqlDatabase &db) {
                        ContactIdentity who;
                        who.platform = Platform::WhatsApp;
                        who.platformUserId = u"16505551234"_s;
                        const auto identity = IdentityRepository(db, storage->cipher()).upsert(who);
                        Conversation c;
                        c.identityId = identity->id;
                        c.platform = Platform::WhatsApp;
                        const auto cid = ConversationRepository(db, storage->cipher()).insert(c);
                        Message m;
                        m.conversationId = cid.value();
                        m.identityId = identity->id;
                        m.direction = Direction::Outbound;
                        m.sender = SenderKind::Bot;
                        m.text = u"Your premium is due"_s;
                        m.status = DeliveryStatus::Sent;
                        for (const QString &id : {u"wamid.OUT0001"_s, u"wamid.OUT0003"_s}) {
                            m.platformMessageId = id;
                            if (!MessageRepository(db, storage->cipher()).insert(m).isOk())
                                return Status::internal(u"insert"_s);
                        }
                        return Status::ok();
                    })
                    .isOk());

        // read arrives before delivered: read stays.
        const QByteArray statuses = fixture(u"whatsapp/statuses.json"_s);
        QCOMPARE(m_fx->request("POST", u"/webhooks/whatsapp"_s, statuses, signedHeaders(statuses))
                     .status,
                 200);
        QTRY_COMPARE(
            m_fx->scalar(
                    u"SELECT status FROM messages WHERE platform_message_id = 'wamid.OUT0001'"_s)
                .toString(),
            u"read"_s);
        // A report for a message not known yet waits for its id instead of being lost.
        QTRY_COMPARE(
            m_fx->scalar(
                    u"SELECT status FROM delivery_reports_pending WHERE platform_message_id = 'wamid.OUT0002'"_s)
                .toString(),
            u"failed"_s);
        // failed is terminal and keeps its error.
        const QByteArray failedThenDelivered =
            QByteArray(
                R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"statuses":[)") +
            R"({"id":"wamid.OUT0003","status":"failed","timestamp":"1751142888","recipient_id":"16505551234","errors":[{"code":131026,"title":"Message undeliverable"}]},)" +
            R"({"id":"wamid.OUT0003","status":"delivered","timestamp":"1751142999","recipient_id":"16505551234"}]}}]}]})";
        QCOMPARE(m_fx->request("POST", u"/webhooks/whatsapp"_s, failedThenDelivered,
                               signedHeaders(failedThenDelivered))
                     .status,
                 200);
        QTRY_COMPARE(
            m_fx->scalar(
                    u"SELECT status FROM messages WHERE platform_message_id = 'wamid.OUT0003'"_s)
                .toString(),
            u"failed"_s);
        QCOMPARE(
            m_fx->scalar(
                    u"SELECT error FROM messages WHERE platform_message_id = 'wamid.OUT0003'"_s)
                .toString(),
            u"131026: Message undeliverable"_s);

        // The mixed batch: six messages from two people, one status.
        const QByteArray batch = fixture(u"whatsapp/mixed_batch.json"_s);
        QCOMPARE(m_fx->request("POST", u"/webhooks/whatsapp"_s, batch, signedHeaders(batch)).status,
                 200);
        QTRY_COMPARE(
            m_fx->scalar(u"SELECT COUNT(*) FROM messages WHERE direction = 'in'"_s).toInt(), 6);
        QCOMPARE(m_fx->scalar(u"SELECT COUNT(*) FROM conversations WHERE platform = 'whatsapp'"_s)
                     .toInt(),
                 2);
        // Redelivered (same bytes): acknowledged, not stored twice.
        QCOMPARE(m_fx->request("POST", u"/webhooks/whatsapp"_s, batch, signedHeaders(batch)).status,
                 200);
        QCOMPARE(m_fx->scalar(u"SELECT COUNT(*) FROM inbound_journal WHERE platform = 'whatsapp'"_s)
                     .toInt(),
                 3);
        const QByteArray errors = fixture(u"whatsapp/value_errors.json"_s);
        QCOMPARE(
            m_fx->request("POST", u"/webhooks/whatsapp"_s, errors, signedHeaders(errors)).status,
            200);
        QTRY_VERIFY(
            m_fx->request("GET", u"/metrics"_s).body.contains("aiochat_platform_errors_total 1"));
    }

    void editsBlocksContactsAndUnknownKinds()
    {
        QByteArray original = fixture(u"telegram/edited_supergroup.json"_s);
        original.replace("edited_message", "message").replace("905512002", "905512102");
        original.replace("Meeting moved to 15:30 (room B)", "Meeting at 14:00");
        QCOMPARE(m_fx->request("POST", u"/webhooks/telegram"_s, original, telegramHeaders()).status,
                 200);
        QTRY_COMPARE(m_fx->messageTexts(u"platform_message_id = '5521'"_s).value(0),
                     u"Meeting at 14:00"_s);
        QCOMPARE(m_fx->request("POST", u"/webhooks/telegram"_s,
                               fixture(u"telegram/edited_supergroup.json"_s), telegramHeaders())
                     .status,
                 200);
        QTRY_COMPARE(m_fx->messageTexts(u"platform_message_id = '5521'"_s).value(0),
                     u"Meeting moved to 15:30 (room B)"_s);
        // The earlier version is kept, sealed like the text.
        const Result<QString> earlier = m_fx->host().storage()->cipher().open(
            PersonalField::MessageText,
            m_fx->scalar(u"SELECT previous_text_enc FROM message_edits"_s).toByteArray());
        QVERIFY(earlier.isOk());
        QCOMPARE(earlier.value(), u"Meeting at 14:00"_s);
        QCOMPARE(
            m_fx->scalar(
                    u"SELECT is_group FROM contact_identities WHERE display_name = 'Support Team'"_s)
                .toInt(),
            1);

        QCOMPARE(m_fx->request("POST", u"/webhooks/telegram"_s,
                               fixture(u"telegram/contact_own.json"_s), telegramHeaders())
                     .status,
                 200);
        QCOMPARE(m_fx->request("POST", u"/webhooks/telegram"_s, fixture(u"telegram/blocked.json"_s),
                               telegramHeaders())
                     .status,
                 200);
        QTRY_COMPARE(
            m_fx->scalar(
                    u"SELECT blocked FROM contact_identities WHERE display_name = 'Alice Smith'"_s)
                .toInt(),
            1);
        QCOMPARE(m_fx->messageTexts(u"kind = 'contact'"_s).value(0),
                 u"Shared their phone number"_s);
        // The shared number is kept as evidence, sealed.
        const qint64 identity =
            m_fx->scalar(u"SELECT id FROM contact_identities WHERE display_name = 'Alice Smith'"_s)
                .toLongLong();
        Storage *storage = m_fx->host().storage();
        QString evidence;
        QVERIFY(storage->writer()
                    .run([&](QSqlDatabase &db) {
                        const auto r =
                            IdentityRepository(db, storage->cipher()).phoneEvidence(identity);
                        evidence = r.isOk() ? r.value() : QString();
                        return r.status();
                    })
                    .isOk() ||
                !evidence.isEmpty());
        QCOMPARE(evidence, u"+447700900123"_s);
        QVERIFY(!m_fx->scalar(u"SELECT phone_evidence_enc FROM contact_identities WHERE id = "_s +
                              QString::number(identity))
                     .toByteArray()
                     .contains("7700900123"));

        QCOMPARE(m_fx->request("POST", u"/webhooks/telegram"_s,
                               fixture(u"telegram/poll_unknown.json"_s), telegramHeaders())
                     .status,
                 200);
        QTRY_COMPARE(
            m_fx->scalar(u"SELECT state FROM inbound_journal WHERE event_key LIKE '905512009:%'"_s)
                .toString(),
            u"ignored"_s);
    }

    void storageFailureIs503AndNothingIsHalfStored()
    {
        // Make every journal insert fail, as a full or broken disk would.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"saboteur"_s);
            db.setDatabaseName(m_fx->dataDir() + u"/aiochat.db"_s);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"PRAGMA busy_timeout = 5000"_s));
            QVERIFY(q.exec(u"CREATE TRIGGER fail_journal BEFORE INSERT ON inbound_journal BEGIN "
                           u"SELECT RAISE(ABORT, 'disk I/O error'); END"_s));
        }
        QSqlDatabase::removeDatabase(u"saboteur"_s);
        const QByteArray body = telegramText(42, 555, 1, u"during the outage"_s);
        HttpResult r = m_fx->request("POST", u"/webhooks/telegram"_s, body, telegramHeaders());
        QCOMPARE(r.status, 503);
        QCOMPARE(r.header("Retry-After"), QByteArray("5"));
        QVERIFY(r.body.contains("storage_unavailable"));
        QCOMPARE(journalRows(), 0);
        QCOMPARE(m_fx->scalar(u"SELECT COUNT(*) FROM messages"_s).toInt(), 0);
        QCOMPARE(m_fx->request("GET", u"/readyz"_s).status, 200); // other writes still commit
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"repair"_s);
            db.setDatabaseName(m_fx->dataDir() + u"/aiochat.db"_s);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"PRAGMA busy_timeout = 5000"_s));
            QVERIFY(q.exec(u"DROP TRIGGER fail_journal"_s));
        }
        QSqlDatabase::removeDatabase(u"repair"_s);
        // The platform retries and this time it lands.
        QCOMPARE(m_fx->request("POST", u"/webhooks/telegram"_s, body, telegramHeaders()).status,
                 200);
        QTRY_COMPARE(m_fx->messageTexts().count(u"during the outage"_s), 1);
    }

    // /readyz answers whether a write can commit now: when writes fail (as on a full disk) it
    // says so, instead of passing with a statement that writes nothing.
    void readinessFollowsWhetherWritesCommit()
    {
        QCOMPARE(m_fx->request("GET", u"/readyz"_s).status, 200);
        auto sabotage = [this](const QString &sql) {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"saboteur"_s);
            db.setDatabaseName(m_fx->dataDir() + u"/aiochat.db"_s);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"PRAGMA busy_timeout = 5000"_s));
            for (const QString &statement : sql.split(u";;"_s))
                QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
        };
        sabotage(u"CREATE TRIGGER full_insert BEFORE INSERT ON settings BEGIN "
                 u"SELECT RAISE(ABORT, 'database or disk is full'); END;;"
                 u"CREATE TRIGGER full_update BEFORE UPDATE ON settings BEGIN "
                 u"SELECT RAISE(ABORT, 'database or disk is full'); END"_s);
        QSqlDatabase::removeDatabase(u"saboteur"_s);
        const HttpResult r = m_fx->request("GET", u"/readyz"_s);
        QCOMPARE(r.status, 503);
        QVERIFY(r.body.contains("storage_unavailable"));
        sabotage(u"DROP TRIGGER full_insert;;DROP TRIGGER full_update"_s);
        QSqlDatabase::removeDatabase(u"saboteur"_s);
        QCOMPARE(m_fx->request("GET", u"/readyz"_s).status, 200);
    }

    void backlogIsProcessedAfterARestart()
    {
        JournalProcessor *processor = m_fx->host().journalProcessor();
        QMetaObject::invokeMethod(
            processor, [processor] { processor->stop(); }, Qt::BlockingQueuedConnection);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(m_fx->request(
                             "POST", u"/webhooks/telegram"_s,
                             telegramText(7000 + i, 777, 10 + i, u"queued "_s + QString::number(i)),
                             telegramHeaders())
                         .status,
                     200);
        QCOMPARE(
            m_fx->scalar(u"SELECT COUNT(*) FROM inbound_journal WHERE state = 'pending'"_s).toInt(),
            3);
        QCOMPARE(m_fx->scalar(u"SELECT COUNT(*) FROM messages"_s).toInt(), 0);
        const QString dir = m_fx->dataDir();
        m_fx->stop();

        HostFixture again(channelSecrets(), dir);
        QVERIFY(again.start().isOk());
        QTRY_COMPARE(again.messageTexts().filter(QRegularExpression(u"^queued "_s)).size(), 3);
        QCOMPARE(
            again.scalar(u"SELECT COUNT(*) FROM inbound_journal WHERE state = 'pending'"_s).toInt(),
            0);
    }

    void metricsHealthAndReadiness()
    {
        QCOMPARE(m_fx->request("POST", u"/webhooks/telegram"_s,
                               fixture(u"telegram/text_command.json"_s), telegramHeaders())
                     .status,
                 200);
        QCOMPARE(m_fx->request("POST", u"/webhooks/telegram"_s, "{}",
                               {{"X-Telegram-Bot-Api-Secret-Token", "nope"}})
                     .status,
                 403);
        QTRY_COMPARE(m_fx->scalar(u"SELECT COUNT(*) FROM messages"_s).toInt(), 1);
        QCOMPARE(m_fx->request("GET", u"/healthz"_s).status, 200);
        const HttpResult ready = m_fx->request("GET", u"/readyz"_s);
        QCOMPARE(ready.status, 200);
        QCOMPARE(ready.body, QByteArray(R"({"ready":true})"));

        const HttpResult metrics = m_fx->request("GET", u"/metrics"_s);
        QCOMPARE(metrics.status, 200);
        QCOMPARE(metrics.header("Content-Type"),
                 QByteArray("text/plain; version=0.0.4; charset=utf-8"));
        const QByteArray text = metrics.body;
        QVERIFY(text.endsWith('\n'));
        for (const QByteArray &expected :
             {QByteArray(
                  R"(aiochat_http_requests_total{route="/webhooks/telegram",status="200"} 1)"),
              QByteArray(
                  R"(aiochat_webhook_rejects_total{platform="telegram",reason="bad_secret"} 1)"),
              QByteArray(R"(aiochat_inbound_updates_total{platform="telegram",kind="message"} 1)"),
              QByteArray(R"(aiochat_conversations{status="open"} 1)"),
              QByteArray(R"(aiochat_conversations{status="needs_attention"} 0)"),
              QByteArray("aiochat_journal_commit_seconds_count 1"),
              QByteArray("aiochat_journal_pending 0")})
            QVERIFY2(text.contains(expected), expected.constData());
        // Format rules: every sample's family is typed before it; histograms are cumulative and
        // end with +Inf equal to _count.
        QSet<QByteArray> typed;
        quint64 lastBucket = 0;
        static const QRegularExpression sample(
            uR"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$)"_s);
        for (const QByteArray &line : text.split('\n')) {
            if (line.isEmpty())
                continue;
            if (line.startsWith("# TYPE ")) {
                typed.insert(line.split(' ').at(2));
                lastBucket = 0;
                continue;
            }
            if (line.startsWith('#'))
                continue;
            const QRegularExpressionMatch m = sample.match(QString::fromUtf8(line));
            QVERIFY2(m.hasMatch(), line.constData());
            QByteArray family = m.captured(1).toUtf8();
            for (const char *suffix : {"_bucket", "_sum", "_count"}) {
                if (family.endsWith(suffix) && typed.contains(family.chopped(qstrlen(suffix))))
                    family.chop(qstrlen(suffix));
            }
            QVERIFY2(typed.contains(family), line.constData());
            if (m.captured(1).endsWith(u"_bucket"_s)) {
                const quint64 v = m.captured(3).toULongLong();
                QVERIFY(v >= lastBucket);
                lastBucket = v;
            }
        }
    }

    void sandboxMessagesGoThroughTheJournal()
    {
        CommandResponse r =
            m_fx->call(u"sandbox.send"_s,
                       {{u"text"_s, u"Halo, saya mau tanya premi"_s}, {u"name"_s, u"Tester"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QTRY_COMPARE(m_fx->messageTexts().count(u"Halo, saya mau tanya premi"_s), 1);
        QCOMPARE(m_fx->scalar(u"SELECT platform FROM inbound_journal"_s).toString(), u"sandbox"_s);
        QCOMPARE(m_fx->scalar(u"SELECT display_name FROM contact_identities"_s).toString(),
                 u"Tester"_s);
        r = m_fx->call(u"sandbox.send"_s, {{u"text"_s, u"   "_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
    }

    void unconfiguredChannelsRefuseAndSayWhy()
    {
        HostFixture bare;
        QVERIFY(bare.start().isOk());
        QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(
                u"telegram webhook refused: not configured; set AIOCHAT_TELEGRAM_WEBHOOK_SECRET"_s));
        const HttpResult r =
            bare.request("POST", u"/webhooks/telegram"_s, fixture(u"telegram/text_command.json"_s),
                         telegramHeaders());
        QCOMPARE(r.status, 403);
        QVERIFY(r.body.contains("not_configured"));
        const CommandResponse status = bare.call(u"channel.status"_s);
        const QJsonArray channels = status.result.toObject().value(u"channels"_s).toArray();
        const QJsonObject telegram = channels.at(0).toObject();
        QCOMPARE(telegram.value(u"receiving"_s).toBool(), false);
        QVERIFY(
            telegram.value(u"missing"_s).toArray().contains(u"AIOCHAT_TELEGRAM_WEBHOOK_SECRET"_s));
        QVERIFY(channels.at(1)
                    .toObject()
                    .value(u"missing"_s)
                    .toArray()
                    .contains(u"AIOCHAT_WHATSAPP_APP_SECRET"_s));
        // The configured host says it is ready to receive.
        const QJsonArray ready =
            m_fx->call(u"channel.status"_s).result.toObject().value(u"channels"_s).toArray();
        QCOMPARE(ready.at(0).toObject().value(u"receiving"_s).toBool(), true);
        QCOMPARE(ready.at(1).toObject().value(u"receiving"_s).toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TestInbound)
#include "tst_inbound.moc"
