// Repositories on both engines, through the real single writer: contacts with sealed personal
// fields and blind-index lookups, identities, conversations (filters, search, keyset paging) and
// messages (dedupe, paging, edits). Plus the raw-storage check: no personal value in clear.
#include "channels/outbound/outboxrecords.h"
#include "demo/demodatagenerator.h"
#include "security/auditlog.h"
#include "security/legacytextsealer.h"
#include "storage/connection.h"
#include "storage/contactrepository.h"
#include "storage/conversationrepository.h"
#include "storage/identityrepository.h"
#include "storage/keysetpage.h"
#include "storage/messagerepository.h"
#include "storage/messagetext.h"
#include "storage/migration.h"
#include "storage/operatorrepository.h"
#include "storage/storage.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

namespace {

Contact sampleContact()
{
    Contact c;
    c.displayName = u"Siti Rahayu"_s;
    c.phone = u"+62 812-3456-7890"_s;
    c.email = u"siti.rahayu@example.co.id"_s;
    c.policyNumber = u"POL-2024-000123"_s;
    c.dateOfBirth = QDate(1984, 3, 17);
    c.attributes = QJsonObject{{u"premium"_s, 450000}, {u"paymentDueDate"_s, u"2026-12-01"_s}};
    return c;
}

} // namespace

class TestRepositories : public QObject
{
    Q_OBJECT

    std::shared_ptr<const PersonalDataCipher> m_cipher = test::makeCipher();

    // Runs @p fn on the writer thread, in a transaction, like production writes.
    template <typename Fn>
    static Status write(Storage &storage, Fn fn)
    {
        return storage.writer().run([&fn](QSqlDatabase &db) { return fn(db); });
    }

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(u".*"_s)); }

    // Page cursors carry any text (a name with "|" or a line break) and refuse what they did not
    // make.
    void cursorsCarryAnyTextAndRefuseForgeries()
    {
        const QStringList key{u"Siti | Rahayu\nJr."_s, u"42"_s};
        const Result<QStringList> back = keyset::decode(keyset::encode(key), 2);
        QVERIFY(back.isOk());
        QCOMPARE(back.value(), key);
        QCOMPARE(keyset::decode(u"!!not a cursor"_s, 2).status().code(),
                 Status::Code::InvalidArgument);
        QCOMPARE(keyset::decode(keyset::encode({u"one part"_s}), 2).status().code(),
                 Status::Code::InvalidArgument);
    }

    // The demo must read like a real inbox: answers that answer, one identity per platform per
    // customer, one conversation going on per identity, a team that owns conversations, and no
    // policy number or date of birth written out in a transcript.
    void demoDataIsBelievable()
    {
        AIOCHAT_SCRATCH_DB(scratch, u"sqlite"_s);
        Storage storage(scratch.config(), m_cipher);
        QVERIFY(storage.open().isOk());
        QVERIFY(DemoDataGenerator(*m_cipher, DemoScale{}).generate(storage.writer()).isOk());
        auto scalar = [&storage](const QString &sql) {
            QVariant out;
            const Status s = storage.writer().run([&](QSqlDatabase &db) {
                QSqlQuery q(db);
                if (!q.exec(sql) || !q.next())
                    return Status::internal(sql);
                out = q.value(0);
                return Status::ok();
            });
            return s.isOk() ? out : QVariant();
        };
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM (SELECT contact_id, platform FROM "
                        u"contact_identities WHERE contact_id IS NOT NULL GROUP BY contact_id, "
                        u"platform HAVING COUNT(*) > 1) t"_s)
                     .toInt(),
                 0);
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM (SELECT identity_id FROM conversations WHERE "
                        u"status IN ('open', 'needs_attention') GROUP BY identity_id HAVING "
                        u"COUNT(*) > 1) t"_s)
                     .toInt(),
                 0);
        QVERIFY(scalar(u"SELECT COUNT(*) FROM conversations c JOIN operators o ON o.id = "
                       u"c.assignee_id WHERE c.handler = 'human'"_s)
                    .toInt() > 0);
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM operators WHERE role = 'admin'"_s).toInt(), 0);
        // Every answer follows the customer's message it answers: an outbound message never
        // opens a conversation, and the bot never answers twice in a row.
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM messages m WHERE m.direction = 'out' AND NOT "
                        u"EXISTS (SELECT 1 FROM messages p WHERE p.conversation_id = "
                        u"m.conversation_id AND p.created_at < m.created_at)"_s)
                     .toInt(),
                 0);
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM messages m WHERE m.direction = 'out' AND "
                        u"(SELECT p.direction FROM messages p WHERE p.conversation_id = "
                        u"m.conversation_id AND p.created_at < m.created_at ORDER BY "
                        u"p.created_at DESC, p.id DESC LIMIT 1) = 'out'"_s)
                     .toInt(),
                 0);
        // No policy number, date of birth or date written out in a transcript (texts are sealed:
        // each is opened to look).
        const QRegularExpression isoDate(u"\\b(19|20)\\d\\d-\\d\\d-\\d\\d\\b"_s);
        const QRegularExpression personal(u"POL-|born|000000"_s);
        int opened = 0;
        const Status texts = storage.writer().run([&](QSqlDatabase &db) {
            QSqlQuery q(db);
            if (!q.exec(u"SELECT text_enc, text FROM messages"_s))
                return Status::internal(u"reading texts"_s);
            while (q.next()) {
                if (!q.value(1).isNull())
                    return Status::internal(u"a text stored in clear"_s);
                const QString text =
                    messagetext::open(*m_cipher, q.value(0).toByteArray(), QString());
                if (isoDate.match(text).hasMatch() || personal.match(text).hasMatch())
                    return Status::internal(u"personal data in the open: "_s + text);
                opened += text.isEmpty() ? 0 : 1;
            }
            return Status::ok();
        });
        QVERIFY(opened > 100);
        QVERIFY2(texts.isOk(), qPrintable(texts.message()));
    }

    void contactsRoundTripAndLookUpByBlindIndex_data() { test::addEngineColumn(); }
    void contactsRoundTripAndLookUpByBlindIndex()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        Storage storage(scratch.config(), m_cipher);
        QVERIFY(storage.open().isOk());

        qint64 id = 0;
        QVERIFY(write(storage, [&](QSqlDatabase &db) {
                    ContactRepository repo(db, *m_cipher);
                    const Result<qint64> r = repo.insert(sampleContact());
                    if (!r.isOk())
                        return r.status();
                    id = r.value();
                    Contact other;
                    other.displayName = u"Budi Santoso"_s;
                    other.phone = u"+6281111111111"_s;
                    return repo.insert(other).status();
                }).isOk());
        QVERIFY(id > 0);

        QVERIFY(write(storage, [&](QSqlDatabase &db) {
                    ContactRepository repo(db, *m_cipher);
                    const auto found = repo.find(id);
                    if (!found.isOk() || !found.value())
                        return Status::internal(u"not found"_s);
                    const Contact &c = *found.value();
                    if (c.phone != u"+62 812-3456-7890"_s ||
                        c.email != u"siti.rahayu@example.co.id"_s ||
                        c.policyNumber != u"POL-2024-000123"_s ||
                        c.dateOfBirth != QDate(1984, 3, 17) ||
                        c.attributes.value(u"premium"_s).toInt() != 450000)
                        return Status::internal(u"fields differ"_s);
                    // Lookups by differently written but equal values.
                    const auto byPhone = repo.findBy(PersonalField::Phone, u"6281234567890"_s);
                    const auto byEmail =
                        repo.findBy(PersonalField::Email, u"SITI.RAHAYU@example.co.id"_s);
                    const auto byPolicy =
                        repo.findBy(PersonalField::PolicyNumber, u"pol 2024 000123"_s);
                    const auto none = repo.findBy(PersonalField::Phone, u"6289999999999"_s);
                    if (byPhone.value().size() != 1 || byPhone.value().first().id != id ||
                        byEmail.value().size() != 1 || byPolicy.value().size() != 1 ||
                        !none.value().isEmpty())
                        return Status::internal(u"blind-index lookup failed"_s);
                    Contact changed = c;
                    changed.phone = u"+6289999999999"_s;
                    if (const Status s = repo.update(changed); !s.isOk())
                        return s;
                    if (repo.findBy(PersonalField::Phone, u"6289999999999"_s).value().size() != 1 ||
                        !repo.findBy(PersonalField::Phone, u"6281234567890"_s).value().isEmpty())
                        return Status::internal(u"update did not move the index"_s);
                    Contact ghost;
                    ghost.id = 999999;
                    if (repo.update(ghost).code() != Status::Code::NotFound)
                        return Status::internal(u"update of a missing contact succeeded"_s);
                    return Status::ok();
                }).isOk());
    }

    void operatorsAndTheAuditChainOnBothEngines_data() { test::addEngineColumn(); }
    void operatorsAndTheAuditChainOnBothEngines()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        Storage storage(scratch.config(), m_cipher);
        QVERIFY(storage.open().isOk());
        const QByteArray key(32, 'a');
        const AuditLog audit(key);

        qint64 id = 0;
        QVERIFY(write(storage, [&](QSqlDatabase &db) {
                    OperatorAccount op;
                    op.email = u"ada@example.com"_s;
                    op.role = Role::Admin;
                    op.passwordHash = u"scrypt$ln=12,r=8,p=1$AAAA$BBBB"_s;
                    const Result<qint64> r = OperatorRepository(db).insert(op);
                    if (!r.isOk())
                        return r.status();
                    id = r.value();
                    return Status::ok();
                }).isOk());
        // E-mails are unique whatever their case. (PostgreSQL's driver complains that it cannot
        // free the refused statement inside the aborted transaction; the rollback cleans up.)
        if (engine == u"postgres"_s)
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^Unable to free statement"_s));
        const Status duplicate = write(storage, [&](QSqlDatabase &db) {
            OperatorAccount op;
            op.email = u"ADA@example.com"_s;
            op.passwordHash = u"x"_s;
            return OperatorRepository(db).insert(op).status();
        });
        QCOMPARE(duplicate.code(), Status::Code::AlreadyExists);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(audit
                        .appendAndWait(storage.writer(), {id,
                                                          u"ada@example.com"_s,
                                                          u"contact.reveal"_s,
                                                          u"contact"_s,
                                                          QString::number(i),
                                                          {{u"n"_s, i}}})
                        .isOk());
        }
        QVERIFY(write(storage, [&](QSqlDatabase &db) {
                    OperatorRepository ops(db);
                    if (Status s = ops.setPassword(id, u"scrypt$new"_s); !s.isOk())
                        return s;
                    const auto found = ops.findByEmail(u"ada@example.com"_s);
                    if (!found.isOk() || !found.value() || found.value()->tokenGeneration != 1 ||
                        found.value()->passwordHash != u"scrypt$new"_s)
                        return Status::internal(u"password change not stored"_s);
                    AuditLog::Verification v = AuditLog::verify(db, key);
                    if (!v.ok || v.entries != 3)
                        return Status::internal(u"chain does not verify: "_s + v.reason);
                    if (AuditLog::verify(db, QByteArray(32, 'b')).ok)
                        return Status::internal(u"verified with the wrong key"_s);
                    QSqlQuery q(db);
                    if (!q.exec(u"UPDATE audit_log SET detail = '{\"n\":7}' WHERE id = 2"_s))
                        return Status::internal(u"tamper failed"_s);
                    v = AuditLog::verify(db, key);
                    if (v.ok || v.brokenAt != 2)
                        return Status::internal(u"edit not detected"_s);
                    return Status::ok();
                }).isOk());
    }

    void contactListSearchesAndPages_data() { test::addEngineColumn(); }
    void contactListSearchesAndPages()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        Storage storage(scratch.config(), m_cipher);
        QVERIFY(storage.open().isOk());
        QVERIFY(write(storage, [&](QSqlDatabase &db) {
                    ContactRepository repo(db, *m_cipher);
                    for (int i = 0; i < 25; ++i) {
                        Contact c;
                        c.displayName =
                            (i % 2 ? u"Agus Wijaya "_s : u"Rina Kusuma "_s) + QString::number(i);
                        c.email = u"person"_s + QString::number(i) + u"@example.id"_s;
                        if (const auto r = repo.insert(c); !r.isOk())
                            return r.status();
                    }
                    return Status::ok();
                }).isOk());
        QVERIFY(write(storage, [&](QSqlDatabase &db) {
                    ContactRepository repo(db, *m_cipher);
                    QSet<qint64> seen;
                    QString cursor;
                    int pages = 0;
                    do {
                        const auto page = repo.list({QString(), 10, cursor});
                        if (!page.isOk())
                            return page.status();
                        for (const Contact &c : page.value().items)
                            seen.insert(c.id);
                        cursor = page.value().nextCursor;
                        ++pages;
                    } while (!cursor.isEmpty());
                    if (seen.size() != 25 || pages != 3)
                        return Status::internal(u"paging lost or repeated rows"_s);
                    if (repo.list({u"wijaya"_s, 50, {}}).value().items.size() != 12)
                        return Status::internal(u"name search by later word"_s);
                    if (repo.list({u"Rina"_s, 50, {}}).value().items.size() != 13)
                        return Status::internal(u"name search by first word"_s);
                    const auto byMail = repo.list({u"PERSON7@example.id"_s, 50, {}}).value().items;
                    if (byMail.size() != 1 || byMail.first().displayName != u"Agus Wijaya 7"_s)
                        return Status::internal(u"exact e-mail search"_s);
                    if (repo.count().value() != 25)
                        return Status::internal(u"count"_s);
                    return Status::ok();
                }).isOk());
    }

    void conversationsFilterSearchAndPage_data() { test::addEngineColumn(); }
    void conversationsFilterSearchAndPage()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        Storage storage(scratch.config(), m_cipher);
        QVERIFY(storage.open().isOk());
        const Millis base = 1'760'000'000'000;
        QVERIFY(write(storage, [&](QSqlDatabase &db) {
                    IdentityRepository ids(db, *m_cipher);
                    ConversationRepository convs(db, *m_cipher);
                    MessageRepository msgs(db, *m_cipher);
                    for (int i = 0; i < 30; ++i) {
                        ContactIdentity who;
                        who.platform = i % 3 == 0 ? Platform::Telegram : Platform::WhatsApp;
                        who.platformUserId = u"62812000"_s + QString::number(i);
                        who.displayName = u"Customer "_s + QString::number(i);
                        const auto identity = ids.upsert(who);
                        if (!identity.isOk())
                            return identity.status();
                        Conversation c;
                        c.identityId = identity->id;
                        c.platform = who.platform;
                        c.status = i % 10 == 0 ? ConversationStatus::NeedsAttention
                                               : (i % 2 ? ConversationStatus::Open
                                                        : ConversationStatus::Resolved);
                        c.lastMessageAt = base + i * 60000;
                        const auto cid = convs.insert(c);
                        if (!cid.isOk())
                            return cid.status();
                        Message m;
                        m.conversationId = cid.value();
                        m.identityId = identity->id;
                        m.text = i == 7 ? u"My claim for the hospital invoice"_s
                                        : u"Hello, when is my premium due?"_s;
                        m.platformMessageId = u"m"_s + QString::number(i);
                        m.createdAt = c.lastMessageAt;
                        if (const auto r = msgs.insert(m); !r.isOk())
                            return r.status();
                    }
                    return Status::ok();
                }).isOk());

        QVERIFY(
            write(storage, [&](QSqlDatabase &db) {
                ConversationRepository convs(db, *m_cipher);
                // Inbox order: needs attention first, the longest wait first within; then the
                // others, newest first.
                const auto all = convs.list({});
                if (!all.isOk())
                    return all.status();
                const QList<Conversation> &items = all.value().items;
                if (items.size() != 30 || items[0].status != ConversationStatus::NeedsAttention ||
                    items[0].waitingSince == 0 || items[0].waitingSince > items[1].waitingSince ||
                    items[3].status == ConversationStatus::NeedsAttention ||
                    items[3].lastMessageAt < items[4].lastMessageAt)
                    return Status::internal(u"inbox order"_s);
                if (items[0].title.isEmpty() || items[0].lastMessagePreview.isEmpty())
                    return Status::internal(u"title and preview"_s);

                ConversationQuery q;
                q.statuses = {ConversationStatus::Open};
                q.platforms = {Platform::WhatsApp};
                const auto filtered = convs.list(q).value().items;
                for (const Conversation &c : filtered) {
                    if (c.status != ConversationStatus::Open || c.platform != Platform::WhatsApp)
                        return Status::internal(u"filter leak"_s);
                }
                if (filtered.size() != 10)
                    return Status::internal(u"filter count "_s + QString::number(filtered.size()));

                ConversationQuery range;
                range.from = base + 10 * 60000;
                range.to = base + 20 * 60000;
                if (convs.list(range).value().items.size() != 10)
                    return Status::internal(u"date range"_s);

                ConversationQuery search;
                search.search = u"hospital"_s;
                const auto hits = convs.list(search).value().items;
                if (hits.size() != 1 || hits.first().title != u"Customer 7"_s)
                    return Status::internal(u"full-text search"_s);
                search.search = u"Customer 2"_s; // names match on the first page
                if (convs.list(search).value().items.isEmpty())
                    return Status::internal(u"name search"_s);
                search.search = u"premium"_s;
                search.limit = 7;
                QSet<qint64> seen;
                QString cursor;
                do {
                    search.cursor = cursor;
                    const auto page = convs.list(search);
                    if (!page.isOk())
                        return page.status();
                    for (const Conversation &c : page.value().items)
                        seen.insert(c.id);
                    cursor = page.value().nextCursor;
                } while (!cursor.isEmpty());
                if (seen.size() != 29)
                    return Status::internal(u"search paging found "_s +
                                            QString::number(seen.size()));

                // Keyset paging over the inbox sees every row exactly once.
                QList<qint64> paged;
                ConversationQuery pq;
                pq.limit = 4;
                do {
                    const auto page = convs.list(pq);
                    for (const Conversation &c : page.value().items)
                        paged.append(c.id);
                    pq.cursor = page.value().nextCursor;
                } while (!pq.cursor.isEmpty());
                QList<qint64> expected;
                for (const Conversation &c : items)
                    expected.append(c.id);
                if (paged != expected)
                    return Status::internal(u"keyset paging differs from one big page"_s);
                ConversationQuery bad;
                bad.cursor = u"garbage"_s;
                if (convs.list(bad).status().code() != Status::Code::InvalidArgument)
                    return Status::internal(u"bad cursor accepted"_s);
                return Status::ok();
            }).isOk());
    }

    void identitiesUpsertAndMessagesDedupeAndPage_data() { test::addEngineColumn(); }
    void identitiesUpsertAndMessagesDedupeAndPage()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        Storage storage(scratch.config(), m_cipher);
        QVERIFY(storage.open().isOk());
        QVERIFY(write(storage, [&](QSqlDatabase &db) {
                    IdentityRepository ids(db, *m_cipher);
                    ContactIdentity who;
                    who.platform = Platform::Telegram;
                    who.platformUserId = u"777000111"_s;
                    who.displayName = u"Old Name"_s;
                    const auto first = ids.upsert(who);
                    who.displayName = u"New Name"_s;
                    const auto again = ids.upsert(who);
                    who.platform =
                        Platform::WhatsApp; // same digits, other platform: another identity
                    const auto other = ids.upsert(who);
                    if (!first.isOk() || !again.isOk() || !other.isOk())
                        return Status::internal(u"upsert failed"_s);
                    if (first->id != again->id || again->displayName != u"New Name"_s ||
                        other->id == first->id)
                        return Status::internal(u"upsert identity semantics"_s);
                    const auto found = ids.findByPlatformId(Platform::Telegram, u"777000111"_s);
                    if (!found.value() || found.value()->id != first->id ||
                        found.value()->platformUserId != u"777000111"_s)
                        return Status::internal(u"findByPlatformId"_s);

                    ConversationRepository convs(db, *m_cipher);
                    Conversation c;
                    c.identityId = first->id;
                    c.platform = Platform::Telegram;
                    const qint64 cid = convs.insert(c).value();
                    if (convs.findActiveForIdentity(first->id).value()->id != cid)
                        return Status::internal(u"active conversation"_s);
                    MessageRepository msgs(db, *m_cipher);
                    for (int i = 0; i < 25; ++i) {
                        Message m;
                        m.conversationId = cid;
                        m.identityId = first->id;
                        m.text = u"message "_s + QString::number(i);
                        m.platformMessageId = QString::number(1000 + i);
                        m.createdAt = 1'700'000'000'000 + (i / 2) * 1000; // pairs share a timestamp
                        const auto r = msgs.insert(m);
                        if (!r.isOk() || !r.value())
                            return Status::internal(u"insert"_s);
                    }
                    Message dup;
                    dup.conversationId = cid;
                    dup.identityId = first->id;
                    dup.platformMessageId = u"1003"_s;
                    const auto duplicate = msgs.insert(dup);
                    if (!duplicate.isOk() || duplicate.value().has_value())
                        return Status::internal(u"duplicate was stored"_s);
                    if (msgs.countForConversation(cid).value() != 25)
                        return Status::internal(u"count"_s);

                    QStringList texts;
                    QString cursor;
                    do {
                        const auto page = msgs.listPage(cid, 10, cursor);
                        for (const Message &m : page.value().items)
                            texts.append(m.text);
                        cursor = page.value().nextCursor;
                    } while (!cursor.isEmpty());
                    if (texts.size() != 25 || texts.first() != u"message 24"_s ||
                        texts.last() != u"message 0"_s || texts.removeDuplicates() != 0)
                        return Status::internal(u"paging newest first: "_s + texts.join(u','));

                    const qint64 mid =
                        msgs.findByPlatformId(first->id, Direction::Inbound, u"1005"_s).value()->id;
                    if (!msgs.edit(mid, u"corrected text"_s, 1'700'000'099'000).isOk())
                        return Status::internal(u"edit"_s);
                    const Message edited = *msgs.find(mid).value();
                    QSqlQuery hist(db);
                    hist.exec(u"SELECT previous_text, previous_text_enc FROM message_edits "
                              u"WHERE message_id = "_s +
                              QString::number(mid));
                    if (edited.text != u"corrected text"_s || edited.editedAt == 0 ||
                        !hist.next() || !hist.value(0).isNull() ||
                        messagetext::open(*m_cipher, hist.value(1).toByteArray(), QString()) !=
                            u"message 5"_s)
                        return Status::internal(u"edit history"_s);
                    return Status::ok();
                }).isOk());
    }

    // Texts are sealed at rest, yet search finds words (by prefix) and numbers, dates, phones
    // and e-mails exactly, however they are written; the index holds the words, not the numbers.
    void messageTextsAreSealedAndFoundByExactNumbers_data() { test::addEngineColumn(); }
    void messageTextsAreSealedAndFoundByExactNumbers()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        Storage storage(scratch.config(), m_cipher);
        QVERIFY(storage.open().isOk());
        const QStringList texts{
            u"My policy is POL-2024-000123, I was born 17/03/1984; call +62 812-3456-7890 or "
            u"write to Siti.Rahayu@example.co.id"_s,
            u"Is my premium due this month?"_s,
            u"My policy is POL-2024-000999"_s,
        };
        QHash<QString, qint64> conversationOf;
        QVERIFY(write(storage, [&](QSqlDatabase &db) {
                    IdentityRepository ids(db, *m_cipher);
                    ConversationRepository convs(db, *m_cipher);
                    MessageRepository msgs(db, *m_cipher);
                    for (qsizetype i = 0; i < texts.size(); ++i) {
                        ContactIdentity who;
                        who.platform = Platform::Telegram;
                        who.platformUserId = u"4100"_s + QString::number(i);
                        who.displayName = u"Customer "_s + QString::number(i);
                        const auto identity = ids.upsert(who);
                        Conversation c;
                        c.identityId = identity->id;
                        c.platform = who.platform;
                        const qint64 cid = convs.insert(c).value();
                        Message m;
                        m.conversationId = cid;
                        m.identityId = identity->id;
                        m.text = texts.at(i);
                        m.platformMessageId = u"t"_s + QString::number(i);
                        if (const auto r = msgs.insert(m); !r.isOk())
                            return r.status();
                        conversationOf.insert(texts.at(i), cid);
                    }
                    return Status::ok();
                }).isOk());

        const auto search = [&](const QString &typed) {
            QList<qint64> found;
            QString snippet;
            const Status s = write(storage, [&](QSqlDatabase &db) {
                ConversationQuery q;
                q.search = typed;
                const auto page = ConversationRepository(db, *m_cipher).list(q);
                if (!page.isOk())
                    return page.status();
                for (const Conversation &c : page.value().items) {
                    found.append(c.id);
                    snippet = c.matchedText;
                }
                return Status::ok();
            });
            if (!s.isOk())
                qWarning().noquote() << s.message();
            return std::make_pair(found, snippet);
        };
        const qint64 siti = conversationOf.value(texts.at(0));
        for (const QString &typed :
             {u"POL-2024-000123"_s, u"pol2024000123"_s, u"17-03-1984"_s, u"17.03.1984"_s,
              u"+6281234567890"_s, u"62 812 3456 7890"_s, u"siti.rahayu@EXAMPLE.co.id"_s,
              u"policy 17/03/1984"_s, u"call"_s}) {
            const auto [found, snippet] = search(typed);
            QVERIFY2(found == QList<qint64>{siti}, qPrintable(typed));
            // The list shows the matching message (opened), cut around the first search word.
            QString part = snippet;
            part.remove(u'…');
            QVERIFY2(part.size() > 40 && texts.at(0).contains(part), qPrintable(snippet));
        }
        QCOMPARE(search(u"prem"_s).first, QList<qint64>{conversationOf.value(texts.at(1))});
        QCOMPARE(search(u"POL-2024-000999"_s).first,
                 QList<qint64>{conversationOf.value(texts.at(2))});
        QCOMPARE(search(u"policy"_s).first.size(), 2);
        QVERIFY(search(u"POL-2024-000124"_s).first.isEmpty());
        QVERIFY(search(u"1984 premium"_s).first.isEmpty());

        // What is stored: no clear text; the terms keep the words and hide the numbers; the
        // list's preview and the message pages read the text back.
        const QStringList hidden{u"000123"_s, u"2024"_s, u"1984"_s,   u"rahayu"_s,
                                 u"7890"_s,   u"812"_s,  u"example"_s};
        QVERIFY(write(storage, [&](QSqlDatabase &db) {
                    QSqlQuery q(db);
                    if (!q.exec(u"SELECT text, text_enc, search_terms FROM messages"_s))
                        return Status::internal(u"reading rows"_s);
                    while (q.next()) {
                        const QString terms = q.value(2).toString();
                        if (!q.value(0).isNull() || q.value(1).toByteArray().isEmpty() ||
                            !terms.contains(u"my"_s))
                            return Status::internal(u"row not sealed: "_s + terms);
                        // A keyed hash is hex: "812" may occur inside one by chance (one run
                        // in ten), and says nothing. Only the clear terms must not hold it.
                        static const QRegularExpression hashed(u"^x[0-9a-f]{20}$"_s);
                        for (const QString &term : terms.split(u' ', Qt::SkipEmptyParts)) {
                            if (hashed.match(term).hasMatch())
                                continue;
                            for (const QString &h : hidden) {
                                if (term.contains(h))
                                    return Status::internal(u"in the index: "_s + h);
                            }
                        }
                    }
                    const auto c = ConversationRepository(db, *m_cipher).find(siti).value();
                    if (!c || c->lastMessagePreview != texts.at(0))
                        return Status::internal(u"preview"_s);
                    const auto page = MessageRepository(db, *m_cipher).listPage(siti, 10, {});
                    if (page.value().items.size() != 1 ||
                        page.value().items.first().text != texts.at(0))
                        return Status::internal(u"message page"_s);
                    return Status::ok();
                }).isOk());
    }

    // A store from before texts were sealed (schema 8), upgraded: its clear texts, earlier
    // versions and queued payloads are sealed and indexed by the sealer, and (SQLite) the clear
    // bytes — rows and the old full-text index alike — are gone from the file, not left in free
    // space.
    void clearTextsFromBeforeAreSealed_data() { test::addEngineColumn(); }
    void clearTextsFromBeforeAreSealed()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        const QString old = u"legacy note about POL-1999-424242"_s;
        const QString earlier = u"first version POL-1999-515151"_s;
        const QString payload = u"{\"text\":\"queued POL-1999-636363\",\"type\":\"text\"}"_s;
        qint64 cid = 0;
        {
            QList<Migration> before = builtinMigrations();
            before.erase(std::remove_if(before.begin(), before.end(),
                                        [](const Migration &m) { return m.version >= 9; }),
                         before.end());
            Storage older(scratch.config(), m_cipher);
            QVERIFY(older.open(before).isOk());
            QVERIFY(write(older, [&](QSqlDatabase &db) {
                        // As the older version wrote them (its full-text index took the text);
                        // the identity by hand too: today's repository reads later columns.
                        QSqlQuery q(db);
                        q.prepare(u"INSERT INTO contact_identities (platform, platform_user_enc, "
                                  u"platform_user_bidx, display_name, username, is_group, "
                                  u"created_at, last_seen_at) VALUES ('whatsapp', ?, ?, '', '', "
                                  u"0, 5, 5) RETURNING id"_s);
                        q.addBindValue(
                            m_cipher->seal(PersonalField::PlatformUserId, u"628111222333"_s));
                        q.addBindValue(m_cipher->blindIndex(
                            PersonalField::PlatformUserId,
                            IdentityRepository::scopedId(Platform::WhatsApp, u"628111222333"_s)));
                        if (!q.exec() || !q.next())
                            return Status::internal(u"old identity: "_s + q.lastError().text());
                        const qint64 identityId = q.value(0).toLongLong();
                        q.finish();
                        q.prepare(u"INSERT INTO conversations (identity_id, platform, status, "
                                  u"handler, last_message_at, created_at, updated_at) VALUES (?, "
                                  u"'whatsapp', 'open', 'bot', 5, 5, 5) RETURNING id"_s);
                        q.addBindValue(identityId);
                        if (!q.exec() || !q.next())
                            return Status::internal(u"old conversation"_s);
                        cid = q.value(0).toLongLong();
                        q.finish();
                        q.prepare(u"INSERT INTO messages (conversation_id, identity_id, "
                                  u"direction, sender, kind, text, status, created_at, "
                                  u"updated_at) VALUES (?, ?, 'out', 'operator', 'text', ?, "
                                  u"'queued', 5, 5) RETURNING id"_s);
                        q.addBindValue(cid);
                        q.addBindValue(identityId);
                        q.addBindValue(old);
                        if (!q.exec() || !q.next())
                            return Status::internal(u"old message"_s);
                        const qint64 mid = q.value(0).toLongLong();
                        q.finish();
                        if (Status s = execute(db,
                                               u"INSERT INTO message_edits (message_id, "
                                               u"previous_text, edited_at) VALUES (?, ?, 6)"_s,
                                               {mid, earlier}, u"old edit"_s);
                            !s.isOk())
                            return s;
                        return execute(db,
                                       u"INSERT INTO outbox (message_id, conversation_id, "
                                       u"platform, chat_key, idempotency_key, payload, "
                                       u"next_attempt_at, created_at, updated_at) VALUES (?, ?, "
                                       u"'whatsapp', '1', 'k1', ?, 0, 0, 0)"_s,
                                       {mid, cid, payload}, u"old outbox row"_s);
                    }).isOk());
        }
        if (scratch.config().engine == Engine::Sqlite) {
            QByteArray before;
            QFile f(scratch.config().sqlitePath);
            QVERIFY(f.open(QIODevice::ReadOnly));
            before = f.readAll();
            QVERIFY(before.contains("424242")); // the check below can fail
        }
        Storage storage(scratch.config(), m_cipher);
        QVERIFY(storage.open().isOk());
        const auto foundBy = [&](const QString &typed) {
            qsizetype n = -1;
            (void)write(storage, [&](QSqlDatabase &db) {
                ConversationQuery q;
                q.search = typed;
                n = ConversationRepository(db, *m_cipher).list(q).value().items.size();
                return Status::ok();
            });
            return n;
        };
        QCOMPARE(foundBy(u"POL-1999-424242"_s), 0); // not indexed yet

        const Result<qint64> sealed = LegacyTextSealer::sealAll(storage);
        QVERIFY2(sealed.isOk(), qPrintable(sealed.status().message()));
        QCOMPARE(sealed.value(), 3);
        QCOMPARE(LegacyTextSealer::sealAll(storage).value(), 0); // nothing left
        QCOMPARE(foundBy(u"POL-1999-424242"_s), 1);
        QCOMPARE(foundBy(u"legacy"_s), 1);
        QVERIFY(write(storage, [&](QSqlDatabase &db) {
                    const auto page = MessageRepository(db, *m_cipher).listPage(cid, 10, {});
                    if (page.value().items.size() != 1 || page.value().items.first().text != old)
                        return Status::internal(u"sealed text reads back"_s);
                    QSqlQuery q(db);
                    if (!q.exec(u"SELECT previous_text, previous_text_enc FROM message_edits"_s) ||
                        !q.next() || !q.value(0).isNull() ||
                        messagetext::open(*m_cipher, q.value(1).toByteArray(), {}) != earlier)
                        return Status::internal(u"earlier version"_s);
                    const auto entries = outboxrecords::loadEntries(db, *m_cipher, {}, {});
                    if (!entries.isOk() || entries.value().size() != 1 ||
                        entries.value().first().payload.value(u"text"_s).toString() !=
                            u"queued POL-1999-636363"_s)
                        return Status::internal(u"queued payload"_s);
                    return Status::ok();
                }).isOk());
        if (scratch.config().engine == Engine::Sqlite) {
            storage.close();
            QByteArray raw;
            for (const QString &suffix : {u""_s, u"-wal"_s}) {
                QFile f(scratch.config().sqlitePath + suffix);
                if (f.open(QIODevice::ReadOnly))
                    raw += f.readAll();
            }
            for (const char *clear : {"424242", "515151", "636363"})
                QVERIFY2(!raw.contains(clear), clear);
        }
    }

    void personalDataNeverReachesStorageInClear_data() { test::addEngineColumn(); }
    void personalDataNeverReachesStorageInClear()
    {
        QFETCH(QString, engine);
        AIOCHAT_SCRATCH_DB(scratch, engine);
        Storage storage(scratch.config(), m_cipher);
        QVERIFY(storage.open().isOk());
        const QString platformId = u"6281398765432"_s;
        QVERIFY(write(storage, [&](QSqlDatabase &db) {
                    const auto id = ContactRepository(db, *m_cipher).insert(sampleContact());
                    ContactIdentity who;
                    who.platform = Platform::WhatsApp;
                    who.platformUserId = platformId;
                    who.contactId = id.value();
                    const auto identity = IdentityRepository(db, *m_cipher).upsert(who);
                    if (!identity.isOk())
                        return identity.status();
                    // The customer types it all into a message, which is then edited.
                    Conversation c;
                    c.identityId = identity->id;
                    c.platform = Platform::WhatsApp;
                    const qint64 cid = ConversationRepository(db, *m_cipher).insert(c).value();
                    Message m;
                    m.conversationId = cid;
                    m.identityId = identity->id;
                    m.text = u"I am siti.rahayu@example.co.id, policy POL-2024-000123, born "
                             u"1984-03-17, phone +62 812-3456-7890"_s;
                    MessageRepository messages(db, *m_cipher);
                    const auto mid = messages.insert(m);
                    if (!mid.isOk())
                        return mid.status();
                    return messages.edit(mid.value().value_or(0), m.text + u" (again)"_s, 1);
                }).isOk());

        const QList<QByteArray> secrets{
            "812-3456-7890",   "6281234567890", "siti.rahayu@example.co.id",
            "POL-2024-000123", "1984-03-17",    platformId.toLatin1()};
        if (scratch.config().engine == Engine::Sqlite) {
            storage.close(); // the raw file is read with the writer gone, WAL included
            QByteArray raw;
            for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
                QFile f(scratch.config().sqlitePath + suffix);
                if (f.open(QIODevice::ReadOnly))
                    raw += f.readAll();
            }
            QVERIFY(raw.size() > 4096);
            QVERIFY(raw.contains("Siti Rahayu")); // the name is stored in clear, by design
            for (const QByteArray &s : secrets)
                QVERIFY2(!raw.contains(s), s.constData());
        } else {
            // PostgreSQL: dump every text and binary column of the two tables as text.
            QVERIFY(
                write(storage, [&](QSqlDatabase &db) {
                    QSqlQuery q(db);
                    if (!q.exec(
                            u"SELECT t::text FROM contacts t UNION ALL SELECT t::text FROM "
                            u"contact_identities t "
                            u"UNION ALL SELECT t::text FROM messages t UNION ALL SELECT t::text "
                            u"FROM message_edits t"_s))
                        return Status::internal(u"dump"_s);
                    while (q.next()) {
                        const QByteArray row = q.value(0).toString().toUtf8();
                        for (const QByteArray &s : secrets) {
                            if (row.contains(s) || row.contains(s.toHex()))
                                return Status::internal(u"clear text found: "_s +
                                                        QString::fromLatin1(s));
                        }
                    }
                    return Status::ok();
                }).isOk());
        }
    }
};

QTEST_GUILESS_MAIN(TestRepositories)
#include "tst_repositories.moc"
