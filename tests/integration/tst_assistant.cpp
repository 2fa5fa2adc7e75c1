// The bot end to end through the Sandbox channel (the journal, the conversation service, the
// assistant, the outbox), on both engines: an answer quoted from the shared base with its source,
// "I don't know" and a person, a handoff that silences the bot, the customer's own documents only
// once the chat is verified, and a turn answered exactly once across a restart.
#include "domain/timestamps.h"
#include "hostfixture.h"
#include "storage/connection.h"
#include "storage/storage.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

const char *kTerms = R"(# Payment terms

## Grace period

### Monthly premiums

A monthly premium that is not paid on its due date stays covered for a grace period of 30 days.
After the grace period the policy lapses.

## Old grace period (archived)

This section is archived and no longer applies: the grace period was 14 days.

## Office hours

Our office is open Monday to Friday from 08:00 to 17:00.
)";

} // namespace

class TestAssistant : public QObject
{
    Q_OBJECT

    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<HostFixture> m_fx;

    HostFixture &fx() { return *m_fx; }

    void upload(const QString &name, const QByteArray &data, qint64 contactId = 0)
    {
        QJsonObject params{{u"fileName"_s, name},
                           {u"data"_s, QString::fromLatin1(data.toBase64())},
                           {u"scope"_s, contactId ? u"contact"_s : u"shared"_s}};
        if (contactId)
            params.insert(u"contactId"_s, contactId);
        const CommandResponse r = fx().call(u"knowledge.upload"_s, params);
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
    }

    void ask(const QString &text, const QString &user = u"sandbox-tester"_s)
    {
        const CommandResponse r =
            fx().call(u"sandbox.send"_s, {{u"text"_s, text}, {u"user"_s, user}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
    }

    // The bot's messages so far, oldest first.
    QStringList botReplies() { return fx().messageTexts(u"sender = 'bot'"_s); }

    int pendingTurns()
    {
        return fx()
            .scalarAny(u"SELECT COUNT(*) FROM assistant_turns WHERE state = 'pending'"_s)
            .toInt();
    }

    qint64 customer(const QString &name, const QString &policy, const QString &born)
    {
        const CommandResponse r = fx().call(
            u"contact.create"_s,
            {{u"displayName"_s, name}, {u"policyNumber"_s, policy}, {u"dateOfBirth"_s, born}});
        if (!r.status.isOk())
            qWarning("%s", qPrintable(r.status.message()));
        return r.result[u"contact"_s][u"id"_s].toInteger();
    }

    QJsonObject conversation()
    {
        const CommandResponse r = fx().call(u"conversations.list"_s);
        return r.result[u"items"_s].toArray().first().toObject();
    }

private Q_SLOTS:
    void initTestCase_data() { addEngineColumn(); }
    void init()
    {
        AIOCHAT_START_HOST_ON_ENGINE(m_fx, m_db);
        // Test hosts start with the bot off; here it is what is tested.
        QVERIFY(fx().call(u"channel.configure"_s,
                          {{u"key"_s, u"assistant/enabled"_s}, {u"value"_s, u"on"_s}})
                    .status.isOk());
    }
    void cleanup()
    {
        m_fx.reset();
        m_db.reset();
    }

    void answersFromTheSharedBaseWithItsSource()
    {
        upload(u"payment_terms.md"_s, kTerms);
        ask(u"How long is the grace period for a monthly premium?"_s);
        QTRY_COMPARE(botReplies().size(), 1);
        const QString reply = botReplies().first();
        QVERIFY2(reply.contains(u"grace period of 30 days"_s), qPrintable(reply));
        QVERIFY2(!reply.contains(u"14 days"_s), qPrintable(reply)); // the archived text
        QVERIFY2(reply.endsWith(u"Source: payment_terms.md"_s), qPrintable(reply));
        QTRY_COMPARE(pendingTurns(), 0);
        QCOMPARE(fx().scalarAny(u"SELECT outcome FROM assistant_interactions"_s).toString(),
                 u"answered"_s);
        const QJsonArray citations =
            QJsonDocument::fromJson(
                fx().scalarAny(u"SELECT citations FROM assistant_interactions"_s).toByteArray())
                .array();
        QCOMPARE(citations.size(), 1);
        QCOMPARE(citations.first()[u"fileName"_s].toString(), u"payment_terms.md"_s);
        // The same through the Console API, with what was retrieved.
        const CommandResponse log =
            fx().call(u"assistant.interactions"_s,
                      {{u"conversationId"_s, conversation()[u"id"_s].toInteger()}});
        QVERIFY2(log.status.isOk(), qPrintable(log.status.message()));
        const QJsonObject turn = log.result[u"interactions"_s].toArray().first().toObject();
        QCOMPARE(turn[u"outcome"_s].toString(), u"answered"_s);
        QCOMPARE(turn[u"mode"_s].toString(), u"offline"_s);
        QVERIFY(turn[u"replyMessageId"_s].toInteger() > turn[u"messageId"_s].toInteger());
        QVERIFY(!turn[u"retrieved"_s].toArray().isEmpty());
        QCOMPARE(turn[u"retrieved"_s][0][u"fileName"_s].toString(), u"payment_terms.md"_s);
        // An operator's draft for the same question: the same answer, not sent.
        const CommandResponse draft = fx().call(
            u"assistant.suggest"_s, {{u"conversationId"_s, conversation()[u"id"_s].toInteger()}});
        QVERIFY2(draft.status.isOk(), qPrintable(draft.status.message()));
        QCOMPARE(draft.result[u"text"_s].toString(), reply);
        QCOMPARE(botReplies().size(), 1);
        // The bot's answer does not end the customer's wait for nobody: the conversation is open.
        QCOMPARE(conversation()[u"status"_s].toString(), u"open"_s);
    }

    void unansweredQuestionsGoToAPerson()
    {
        upload(u"payment_terms.md"_s, kTerms);
        ask(u"Can I bring my cat to the annual picnic?"_s);
        QTRY_COMPARE(botReplies().size(), 1);
        QVERIFY2(botReplies().first().contains(u"couldn't find the answer"_s),
                 qPrintable(botReplies().first()));
        QTRY_COMPARE(conversation()[u"status"_s].toString(), u"needs_attention"_s);
        QCOMPARE(conversation()[u"attentionReason"_s].toString(), u"bot_could_not_answer"_s);
        // In Indonesian, the same in Indonesian.
        ask(u"Apakah saya bisa membawa kucing ke acara piknik?"_s);
        QTRY_COMPARE(botReplies().size(), 2);
        QVERIFY2(botReplies().at(1).startsWith(u"Maaf"_s), qPrintable(botReplies().at(1)));
    }

    void askingForAPersonHandsOverAndSilencesTheBot()
    {
        upload(u"payment_terms.md"_s, kTerms);
        ask(u"I want to talk to a human please"_s);
        QTRY_COMPARE(botReplies().size(), 1);
        QVERIFY(botReplies().first().contains(u"colleague will reply"_s));
        QTRY_COMPARE(conversation()[u"handler"_s].toString(), u"human"_s);
        QCOMPARE(conversation()[u"status"_s].toString(), u"needs_attention"_s);
        QCOMPARE(conversation()[u"attentionReason"_s].toString(), u"asked_for_human"_s);
        // While a person owns the conversation the bot says nothing.
        ask(u"How long is the grace period for a monthly premium?"_s);
        QTRY_COMPARE(fx().messageTexts(u"direction = 'in'"_s).size(), 2);
        QTRY_COMPARE(pendingTurns(), 0);
        QCOMPARE(botReplies().size(), 1);
    }

    // A customer's own documents answer only a chat verified as that customer.
    void aCustomersDocumentsNeedAVerifiedChat()
    {
        const CommandResponse created =
            fx().call(u"contact.create"_s, {{u"displayName"_s, u"Siti Rahayu"_s},
                                            {u"policyNumber"_s, u"POL-2024-000111"_s}});
        const qint64 siti = created.result[u"contact"_s][u"id"_s].toInteger();
        QVERIFY(siti > 0);
        upload(u"siti_schedule.md"_s,
               "# Premium\n\nYour monthly premium is Rp 450.000, due on the 5th of each month.",
               siti);
        ask(u"How much is my monthly premium?"_s, u"siti-chat"_s);
        QTRY_COMPARE(botReplies().size(), 1);
        QVERIFY2(!botReplies().first().contains(u"450.000"_s), qPrintable(botReplies().first()));
        // An operator's draft follows the same rule: not verified, nothing of hers.
        const CommandResponse draft = fx().call(
            u"assistant.suggest"_s, {{u"conversationId"_s, conversation()[u"id"_s].toInteger()}});
        QVERIFY(draft.status.isOk());
        QVERIFY2(!draft.result[u"text"_s].toString().contains(u"450.000"_s),
                 qPrintable(draft.result[u"text"_s].toString()));
        QVERIFY(!draft.result[u"reason"_s].toString().isEmpty());

        // The chat proves it is Siti's (here set directly; verification by policy number and
        // date of birth is the assistant issue's next part).
        QVERIFY(fx().host()
                    .storage()
                    ->writer()
                    .run([&](QSqlDatabase &db) {
                        return execute(db,
                                       u"UPDATE contact_identities SET contact_id = ?, "
                                       u"verified_at = ?, verification_expires_at = ?"_s,
                                       {siti, nowMillis(), nowMillis() + 86'400'000},
                                       u"verifying"_s);
                    })
                    .isOk());
        ask(u"How much is my monthly premium?"_s, u"siti-chat"_s);
        QTRY_COMPARE(botReplies().size(), 2);
        QVERIFY2(botReplies().at(1).contains(u"Rp 450.000"_s), qPrintable(botReplies().at(1)));
        QVERIFY(botReplies().at(1).endsWith(u"Source: siti_schedule.md"_s));
    }

    // Verification in two messages, then the question asked before it is answered from the
    // customer's own documents.
    void verificationThenThePersonalAnswer()
    {
        const qint64 siti = customer(u"Siti Rahayu"_s, u"NMA-LIFE-204817"_s, u"1982-11-29"_s);
        upload(u"siti_schedule.md"_s,
               "# Premium\n\nYour monthly premium is Rp 450.000, due on the 5th of each month.",
               siti);
        ask(u"How much is my monthly premium?"_s, u"siti-chat"_s);
        QTRY_COMPARE(botReplies().size(), 1);
        QVERIFY2(botReplies().at(0).contains(u"policy number and your date of birth"_s),
                 qPrintable(botReplies().at(0)));
        ask(u"my policy is NMA-LIFE-204817"_s, u"siti-chat"_s);
        QTRY_COMPARE(botReplies().size(), 2);
        QVERIFY2(botReplies().at(1).contains(u"date of birth too"_s),
                 qPrintable(botReplies().at(1)));
        ask(u"born 29 November 1982"_s, u"siti-chat"_s);
        QTRY_COMPARE(botReplies().size(), 3);
        const QString answer = botReplies().at(2);
        QVERIFY2(answer.startsWith(u"Thank you, you're verified."_s), qPrintable(answer));
        QVERIFY2(answer.contains(u"Rp 450.000"_s), qPrintable(answer));
        QVERIFY(answer.endsWith(u"Source: siti_schedule.md"_s));
        QCOMPARE(
            fx().scalarAny(u"SELECT contact_id FROM contact_identities WHERE verified_at > 0"_s)
                .toLongLong(),
            siti);
        // Both in one message, unprompted, also works (another chat of hers).
        ask(u"NMA-LIFE-204817, 29/11/1982"_s, u"siti-other-chat"_s);
        QTRY_COMPARE(botReplies().size(), 4);
        QCOMPARE(botReplies().at(3), u"Thank you, you're verified."_s);
    }

    // A wrong date, an unknown policy: the same answer (nothing tells whether a policy exists);
    // five failures lock the chat for 30 minutes, hand it to a person, and the lock holds
    // across a restart.
    void failedVerificationsLockAndHandOver()
    {
        QFETCH_GLOBAL(QString, engine);
        customer(u"Budi Santoso"_s, u"NMA-LIFE-204818"_s, u"1990-01-01"_s);
        ask(u"NMA-LIFE-999999 01/01/1990"_s, u"stranger"_s);
        QTRY_COMPARE(botReplies().size(), 1);
        const QString unknownPolicy = botReplies().at(0);
        for (int i = 1; i <= 5; ++i) {
            ask(u"NMA-LIFE-204818 02/01/1990"_s, u"guesser"_s);
            QTRY_COMPARE(botReplies().size(), 1 + i);
            if (i < 5)
                QCOMPARE(botReplies().at(i), unknownPolicy);
        }
        QVERIFY2(botReplies().at(5).contains(u"Too many attempts"_s),
                 qPrintable(botReplies().at(5)));
        QTRY_COMPARE(
            fx().scalarAny(u"SELECT COUNT(*) FROM conversations WHERE handler = 'human'"_s).toInt(),
            1);
        if (engine != u"sqlite"_s)
            return;
        // An operator hands it back; after a restart the right details are still refused.
        QVERIFY(fx().host()
                    .storage()
                    ->writer()
                    .run([](QSqlDatabase &db) {
                        return execute(db, u"UPDATE conversations SET handler = 'bot'"_s, {},
                                       u"handing back"_s);
                    })
                    .isOk());
        std::unique_ptr<HostFixture> first = std::move(m_fx);
        first->stop();
        m_fx = std::make_unique<HostFixture>(QMap<QString, QString>{}, first->dataDir());
        QVERIFY(m_fx->start().isOk());
        ask(u"NMA-LIFE-204818 01/01/1990"_s, u"guesser"_s);
        QTRY_COMPARE(botReplies().size(), 7);
        QVERIFY2(botReplies().at(6).contains(u"Too many attempts"_s),
                 qPrintable(botReplies().at(6)));
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM contact_identities WHERE verified_at > 0"_s)
                     .toInt(),
                 0);
        m_fx.reset();
    }

    // A verified customer asking about someone else's policy is declined; a reply that would
    // carry another customer's policy number (here from a careless shared document) is blocked
    // and left for a person.
    void anotherCustomersDataNeverLeaves()
    {
        const qint64 siti = customer(u"Siti Rahayu"_s, u"NMA-LIFE-204817"_s, u"1982-11-29"_s);
        customer(u"Budi Santoso"_s, u"NMA-LIFE-204818"_s, u"1990-01-01"_s);
        QVERIFY(siti > 0);
        upload(u"examples.md"_s,
               "# Payment day\n\nFor example, policy NMA-LIFE-204818 pays its premium on the "
               "5th of each month.");
        ask(u"On which day is the premium paid in the example?"_s, u"anyone"_s);
        QTRY_COMPARE(botReplies().size(), 1);
        QVERIFY2(!botReplies().at(0).contains(u"204818"_s), qPrintable(botReplies().at(0)));
        QVERIFY(botReplies().at(0).contains(u"couldn't find the answer"_s));
        QTRY_COMPARE(fx().scalarAny(u"SELECT outcome FROM assistant_interactions"_s).toString(),
                     u"blocked"_s);

        ask(u"NMA-LIFE-204817 29/11/1982"_s, u"siti-chat"_s);
        QTRY_COMPARE(botReplies().size(), 2);
        ask(u"What is the premium of my brother's policy NMA-LIFE-204818?"_s, u"siti-chat"_s);
        QTRY_COMPARE(botReplies().size(), 3);
        QVERIFY2(botReplies().at(2).contains(u"only discuss your own policy"_s),
                 qPrintable(botReplies().at(2)));
        QVERIFY(!botReplies().at(2).contains(u"Budi"_s));
    }

    // 1,000 messages from one chat as fast as they come: one answer each, in their order; and a
    // question of the largest size a platform delivers is answered like any other.
    void aBurstIsAnsweredInOrderOncePerMessage()
    {
        QFETCH_GLOBAL(QString, engine);
        if (engine != u"sqlite"_s)
            QSKIP("ordering does not depend on the engine; one run is enough");
        upload(u"payment_terms.md"_s, kTerms);
        for (int i = 0; i < 1000; ++i)
            ask(i % 2 ? u"When is the office open?"_s : u"What is the weather on Mars?"_s,
                u"bursty"_s);
        QTRY_COMPARE_WITH_TIMEOUT(
            fx().scalarAny(u"SELECT COUNT(*) FROM assistant_interactions"_s).toInt(), 1000, 120000);
        QCOMPARE(botReplies().size(), 1000);
        // Each answer follows its own question: the replies come in the questions' order.
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM assistant_interactions a JOIN "
                                u"assistant_interactions b ON b.message_id > a.message_id AND "
                                u"b.reply_message_id < a.reply_message_id"_s)
                     .toInt(),
                 0);
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM assistant_interactions WHERE outcome = "
                                u"'answered'"_s)
                     .toInt(),
                 500);

        const QString huge = u"When is the office open? "_s + QString(4096 - 25, u'x');
        QCOMPARE(huge.size(), 4096);
        ask(huge, u"bursty"_s);
        QTRY_COMPARE(botReplies().size(), 1001);
        QVERIFY(botReplies().last().contains(u"08:00 to 17:00"_s));
    }

    // A crash after the answer was queued but before the turn was closed: after the restart
    // the turn is done again, and the customer still gets one answer.
    void aTurnIsAnsweredOnceAcrossARestart()
    {
        QFETCH_GLOBAL(QString, engine);
        if (engine != u"sqlite"_s)
            QSKIP("the restart keeps the data directory; the engine does not matter here");
        upload(u"payment_terms.md"_s, kTerms);
        ask(u"When is the office open?"_s);
        QTRY_COMPARE(botReplies().size(), 1);
        QTRY_COMPARE(pendingTurns(), 0);
        QVERIFY(fx().host()
                    .storage()
                    ->writer()
                    .run([](QSqlDatabase &db) {
                        return execute(db, u"UPDATE assistant_turns SET state = 'pending'"_s, {},
                                       u"reopening"_s);
                    })
                    .isOk());
        // The first host's temporary directory must outlive the second host.
        std::unique_ptr<HostFixture> first = std::move(m_fx);
        first->stop();
        m_fx = std::make_unique<HostFixture>(QMap<QString, QString>{}, first->dataDir());
        QVERIFY(m_fx->start().isOk());
        QTRY_COMPARE(pendingTurns(), 0);
        QCOMPARE(botReplies().size(), 1);
        QCOMPARE(fx().scalarAny(u"SELECT COUNT(*) FROM outbox"_s).toInt(), 1);
        m_fx.reset();
    }
};

QTEST_GUILESS_MAIN(TestAssistant)
#include "tst_assistant.moc"
