// What operators do to a conversation besides writing: resolve and reopen, assign, take over and
// hand back, tags and private notes — each answered with the new state and announced to every
// console as an event.
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

class WorkflowTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<ScratchDatabase> m_db; // PostgreSQL rows only; outlives the host
    std::unique_ptr<HostFixture> m_fx;
    qint64 m_conversation = 0;

    HostFixture &fx() { return *m_fx; }

private Q_SLOTS:
    // Every test on both engines.
    void initTestCase_data() { addEngineColumn(); }

    void init()
    {
        AIOCHAT_START_HOST_ON_ENGINE(m_fx, m_db);
        Storage &storage = *fx().host().storage();
        const Status s = storage.writer().run([&](QSqlDatabase &db) -> Status {
            ContactIdentity identity;
            identity.platform = Platform::Sandbox;
            identity.platformUserId = u"tester"_s;
            const auto stored = IdentityRepository(db, storage.cipher()).upsert(identity);
            if (!stored.isOk())
                return stored.status();
            Conversation c;
            c.identityId = stored.value().id;
            c.platform = Platform::Sandbox;
            c.status = ConversationStatus::NeedsAttention;
            c.title = u"Rina"_s;
            c.lastMessageAt = nowMillis();
            const Result<qint64> id = ConversationRepository(db, storage.cipher()).insert(c);
            m_conversation = id.isOk() ? id.value() : 0;
            return id.status();
        });
        QVERIFY2(s.isOk(), qPrintable(s.message()));
    }

    void cleanup()
    {
        m_fx.reset();
        m_db.reset();
    }

    void resolvingAndReopeningAreAnnounced()
    {
        QSignalSpy events(fx().host().consoleApi(), &ConsoleApi::event);
        CommandResponse r = fx().call(u"conversation.setStatus"_s,
                                      {{u"id"_s, m_conversation}, {u"status"_s, u"resolved"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"conversation"_s][u"status"_s].toString(), u"resolved"_s);
        QVERIFY(!r.result[u"conversation"_s][u"resolvedAt"_s].toString().isEmpty());
        QTRY_VERIFY(!events.isEmpty());
        QCOMPARE(events.first().at(0).toString(), u"conversation.updated"_s);
        QCOMPARE(events.first().at(1).toJsonObject()[u"conversation"_s][u"status"_s].toString(),
                 u"resolved"_s);

        r = fx().call(u"conversation.setStatus"_s,
                      {{u"id"_s, m_conversation}, {u"status"_s, u"open"_s}});
        QCOMPARE(r.result[u"conversation"_s][u"status"_s].toString(), u"open"_s);
        QVERIFY(r.result[u"conversation"_s][u"resolvedAt"_s].toString().isEmpty());

        // The resolution was timed for /metrics; re-resolving does not count twice.
        QVERIFY(fx().call(u"conversation.setStatus"_s,
                          {{u"id"_s, m_conversation}, {u"status"_s, u"resolved"_s}})
                    .status.isOk());
        QVERIFY(fx().call(u"conversation.setStatus"_s,
                          {{u"id"_s, m_conversation}, {u"status"_s, u"resolved"_s}})
                    .status.isOk());
        const QByteArray metrics = fx().request("GET", u"/metrics"_s).body;
        QVERIFY2(metrics.contains("aiochat_resolution_seconds_count{platform=\"sandbox\"} 2"),
                 metrics.constData());

        r = fx().call(u"conversation.setStatus"_s,
                      {{u"id"_s, m_conversation}, {u"status"_s, u"done"_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        r = fx().call(u"conversation.setStatus"_s, {{u"id"_s, 999999}, {u"status"_s, u"open"_s}});
        QCOMPARE(r.status.code(), Status::Code::NotFound);
    }

    // "Needs attention" is a customer waiting for a person, with why and since when: set when
    // they write into a conversation a person owns, cleared by that person's reply, by handing
    // back to the bot and by resolving; waiting conversations come first, longest wait first.
    void needsAttentionFollowsTheCustomersWait()
    {
        auto customerWrites = [this](const QString &user, const QString &text) {
            const CommandResponse r =
                fx().call(u"sandbox.send"_s, {{u"user"_s, user}, {u"text"_s, text}});
            QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        };
        auto conversationOf = [this](const QString &text) -> QJsonObject {
            const CommandResponse r =
                fx().call(u"conversations.list"_s, {{u"search"_s, text}, {u"limit"_s, 5}});
            const QJsonArray items = r.result[u"items"_s].toArray();
            return items.isEmpty() ? QJsonObject() : items.first().toObject();
        };
        auto state = [this](qint64 id) {
            return fx()
                .call(u"conversation.get"_s, {{u"id"_s, id}})
                .result[u"conversation"_s]
                .toObject();
        };

        customerWrites(u"ana"_s, u"hello from ana"_s);
        QTRY_VERIFY(!conversationOf(u"ana"_s).isEmpty());
        const qint64 ana = conversationOf(u"ana"_s)[u"id"_s].toInteger();
        // The bot handles it: nobody waits for a person.
        QCOMPARE(state(ana)[u"status"_s].toString(), u"open"_s);
        QCOMPARE(state(ana)[u"attentionReason"_s].toString(), QString());

        // Taken over, then the customer writes: now they wait for that person.
        QVERIFY(
            fx().call(u"conversation.setHandler"_s, {{u"id"_s, ana}, {u"handler"_s, u"human"_s}})
                .status.isOk());
        QCOMPARE(state(ana)[u"status"_s].toString(), u"open"_s);
        customerWrites(u"ana"_s, u"are you there"_s);
        QTRY_COMPARE(state(ana)[u"status"_s].toString(), u"needs_attention"_s);
        QCOMPARE(state(ana)[u"attentionReason"_s].toString(), u"customer_waiting"_s);
        const QString since = state(ana)[u"waitingSince"_s].toString();
        QVERIFY(!since.isEmpty());
        // Writing again does not restart the clock.
        customerWrites(u"ana"_s, u"hello???"_s);
        QTRY_VERIFY(!conversationOf(u"hello???"_s).isEmpty());
        QCOMPARE(state(ana)[u"waitingSince"_s].toString(), since);

        // A second customer waits too, but not as long: listed after Ana.
        customerWrites(u"budi"_s, u"hi from budi"_s);
        QTRY_VERIFY(!conversationOf(u"budi"_s).isEmpty());
        const qint64 budi = conversationOf(u"budi"_s)[u"id"_s].toInteger();
        QVERIFY(
            fx().call(u"conversation.setHandler"_s, {{u"id"_s, budi}, {u"handler"_s, u"human"_s}})
                .status.isOk());
        customerWrites(u"budi"_s, u"still there?"_s);
        QTRY_COMPARE(state(budi)[u"status"_s].toString(), u"needs_attention"_s);
        const QJsonArray inbox =
            fx().call(u"conversations.list"_s, {{u"limit"_s, 10}}).result[u"items"_s].toArray();
        QList<qint64> order;
        for (const QJsonValue &v : inbox)
            order.append(v[u"id"_s].toInteger());
        QVERIFY(order.indexOf(ana) >= 0 && order.indexOf(budi) >= 0);
        QVERIFY2(order.indexOf(ana) < order.indexOf(budi), "the longer wait comes first");
        // The fixture's conversation was flagged before either of them wrote.
        QVERIFY2(order.indexOf(m_conversation) >= 0 &&
                     order.indexOf(m_conversation) < order.indexOf(ana),
                 "the first to wait comes first");

        // The operator answers: the wait is over.
        QSignalSpy events(fx().host().consoleApi(), &ConsoleApi::event);
        CommandResponse r =
            fx().call(u"message.send"_s, {{u"conversationId"_s, ana}, {u"text"_s, u"I am here"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(state(ana)[u"status"_s].toString(), u"open"_s);
        QCOMPARE(state(ana)[u"attentionReason"_s].toString(), QString());
        QCOMPARE(state(ana)[u"waitingSince"_s].toString(), QString());
        // What the console is told is what the store now holds (the outbox does not read the
        // rows back): the conversation as stored, the message as listed.
        QJsonObject announced;
        QJsonObject created;
        for (const QList<QVariant> &e : std::as_const(events)) {
            const QJsonObject payload = e.at(1).toJsonObject();
            if (e.at(0).toString() == u"conversation.updated"_s && announced.isEmpty())
                announced = payload[u"conversation"_s].toObject();
            if (e.at(0).toString() == u"message.created"_s)
                created = payload[u"message"_s].toObject();
        }
        QJsonObject stored = state(ana);
        for (const QString &key : {u"matchedText"_s, u"updatedAt"_s}) {
            stored.remove(key); // a search's, and the send's own moment (it moves on when sent)
            announced.remove(key);
        }
        QCOMPARE(announced, stored);
        const QJsonArray newest =
            fx().call(u"conversation.messages"_s, {{u"conversationId"_s, ana}, {u"limit"_s, 1}})
                .result[u"items"_s]
                .toArray();
        QVERIFY(!newest.isEmpty());
        QJsonObject listed = newest.first().toObject();
        QCOMPARE(created[u"text"_s].toString(), u"I am here"_s);
        // Queued when announced; the sandbox may have sent it since.
        for (const QString &key : {u"status"_s, u"platformMessageId"_s}) {
            created.remove(key);
            listed.remove(key);
        }
        QCOMPARE(created, listed);

        // Handing back to the bot ends Budi's wait; resolving ends any wait.
        QVERIFY(fx().call(u"conversation.setHandler"_s, {{u"id"_s, budi}, {u"handler"_s, u"bot"_s}})
                    .status.isOk());
        QCOMPARE(state(budi)[u"status"_s].toString(), u"open"_s);
        customerWrites(u"ana"_s, u"one more thing"_s);
        QTRY_COMPARE(state(ana)[u"status"_s].toString(), u"needs_attention"_s);
        QVERIFY(
            fx().call(u"conversation.setStatus"_s, {{u"id"_s, ana}, {u"status"_s, u"resolved"_s}})
                .status.isOk());
        QCOMPARE(state(ana)[u"attentionReason"_s].toString(), QString());
        QCOMPARE(state(ana)[u"waitingSince"_s].toString(), QString());
    }

    void takingOverAssignsTheOperatorAndHandingBackKeepsTheAssignee()
    {
        const Session gus = fx().createOperatorAndLogin(u"gus@example.com"_s, u"agent"_s);
        QVERIFY(gus.status.isOk());
        CommandResponse r =
            fx().callWithToken(gus.accessToken, u"conversation.setHandler"_s,
                               {{u"id"_s, m_conversation}, {u"handler"_s, u"human"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"conversation"_s][u"handler"_s].toString(), u"human"_s);
        QCOMPARE(r.result[u"conversation"_s][u"assigneeId"_s].toInteger(), gus.operatorId);

        r = fx().callWithToken(gus.accessToken, u"conversation.setHandler"_s,
                               {{u"id"_s, m_conversation}, {u"handler"_s, u"bot"_s}});
        QCOMPARE(r.result[u"conversation"_s][u"handler"_s].toString(), u"bot"_s);
        QCOMPARE(r.result[u"conversation"_s][u"assigneeId"_s].toInteger(), gus.operatorId);
    }

    void assignmentNeedsAnActiveOperator()
    {
        const Session vera = fx().createOperatorAndLogin(u"vera@example.com"_s, u"viewer"_s);
        CommandResponse r =
            fx().call(u"conversation.assign"_s,
                      {{u"id"_s, m_conversation}, {u"operatorId"_s, vera.operatorId}});
        QCOMPARE(r.result[u"conversation"_s][u"assigneeId"_s].toInteger(), vera.operatorId);
        r = fx().call(u"conversation.assign"_s,
                      {{u"id"_s, m_conversation}, {u"operatorId"_s, 4242}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        QVERIFY(r.status.message().startsWith(u"operatorId:"_s));
        r = fx().call(u"conversation.assign"_s, {{u"id"_s, m_conversation}});
        QVERIFY(r.status.isOk());
        QCOMPARE(r.result[u"conversation"_s][u"assigneeId"_s].toInteger(), 0);

        r = fx().call(u"operators.directory"_s);
        QCOMPARE(r.result[u"operators"_s].toArray().size(), 1);
        QCOMPARE(r.result[u"operators"_s][0][u"displayName"_s].toString(), u"vera"_s);
        QVERIFY(!r.result[u"operators"_s][0].toObject().contains(u"email"_s));
    }

    void tagsAreReplacedAsAWholeAndNotesStayPrivate()
    {
        CommandResponse r = fx().call(u"conversation.setTags"_s,
                                      {{u"id"_s, m_conversation},
                                       {u"tags"_s, QJsonArray{u"Claim"_s, u"vip"_s, u"claim "_s}}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        r = fx().call(u"conversation.notes"_s, {{u"conversationId"_s, m_conversation}});
        QCOMPARE(r.result[u"tags"_s].toArray(), (QJsonArray{u"claim"_s, u"vip"_s}));
        r = fx().call(u"conversation.setTags"_s,
                      {{u"id"_s, m_conversation}, {u"tags"_s, QJsonArray{u"renewal"_s}}});
        r = fx().call(u"conversation.notes"_s, {{u"conversationId"_s, m_conversation}});
        QCOMPARE(r.result[u"tags"_s].toArray(), (QJsonArray{u"renewal"_s}));
        r = fx().call(u"conversation.setTags"_s,
                      {{u"id"_s, m_conversation}, {u"tags"_s, QJsonArray{QString(41, u'x')}}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);

        const Session gus = fx().createOperatorAndLogin(u"gus@example.com"_s, u"agent"_s);
        QSignalSpy events(fx().host().consoleApi(), &ConsoleApi::event);
        r = fx().callWithToken(gus.accessToken, u"conversation.addNote"_s,
                               {{u"conversationId"_s, m_conversation},
                                {u"body"_s, u"Called back, waiting for the claim form"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QTRY_VERIFY(!events.isEmpty());
        QCOMPARE(events.first().at(0).toString(), u"note.created"_s);
        r = fx().call(u"conversation.notes"_s, {{u"conversationId"_s, m_conversation}});
        const QJsonArray notes = r.result[u"notes"_s].toArray();
        QCOMPARE(notes.size(), 1);
        QCOMPARE(notes[0][u"body"_s].toString(), u"Called back, waiting for the claim form"_s);
        QCOMPARE(notes[0][u"authorName"_s].toString(), u"gus"_s);
        // Notes are never messages: nothing was queued for the customer.
        QCOMPARE(fx().scalar(u"SELECT count(*) FROM messages"_s).toInt(), 0);
        QCOMPARE(fx().scalar(u"SELECT count(*) FROM outbox"_s).toInt(), 0);

        r = fx().call(u"conversation.addNote"_s,
                      {{u"conversationId"_s, 999999}, {u"body"_s, u"x"_s}});
        QCOMPARE(r.status.code(), Status::Code::NotFound);
        r = fx().call(u"conversation.addNote"_s,
                      {{u"conversationId"_s, m_conversation}, {u"body"_s, u"  "_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
    }

    void tasksAreFollowedUpAndTickedOff()
    {
        const Session gus = fx().createOperatorAndLogin(u"gus@example.com"_s, u"agent"_s);
        const Session ida = fx().createOperatorAndLogin(u"ida@example.com"_s, u"agent"_s);
        QSignalSpy events(fx().host().consoleApi(), &ConsoleApi::event);
        const auto create = [&](const QJsonObject &params) {
            return fx().callWithToken(gus.accessToken, u"task.create"_s, params);
        };
        CommandResponse r = create({{u"conversationId"_s, m_conversation},
                                    {u"title"_s, u"  Call back about the claim form  "_s},
                                    {u"dueAt"_s, u"2030-01-02T03:00:00Z"_s},
                                    {u"assigneeId"_s, ida.operatorId}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        const QJsonObject first = r.result[u"task"_s].toObject();
        QCOMPARE(first[u"title"_s].toString(), u"Call back about the claim form"_s);
        QCOMPARE(first[u"status"_s].toString(), u"open"_s);
        QCOMPARE(first[u"assigneeName"_s].toString(), u"ida"_s);
        QCOMPARE(first[u"createdBy"_s].toString(), u"gus"_s);
        QCOMPARE(first[u"dueAt"_s].toString(), u"2030-01-02T03:00:00.000Z"_s);
        QTRY_VERIFY(!events.isEmpty());
        QCOMPARE(events.last().at(0).toString(), u"task.created"_s);
        QCOMPARE(events.last().at(1).toJsonObject()[u"task"_s][u"id"_s], first[u"id"_s]);

        // Undated, sooner and unassigned: listed by what is due first, undated last.
        r = create({{u"conversationId"_s, m_conversation}, {u"title"_s, u"Send the forms"_s}});
        const qint64 undated = r.result[u"task"_s][u"id"_s].toInteger();
        r = create({{u"conversationId"_s, m_conversation},
                    {u"title"_s, u"Check the payment"_s},
                    {u"dueAt"_s, u"2029-05-01T09:00:00Z"_s}});
        const qint64 sooner = r.result[u"task"_s][u"id"_s].toInteger();
        const auto ids = [this](const QJsonObject &params, const QString &token = {}) {
            const CommandResponse listed = token.isEmpty()
                                               ? fx().call(u"tasks.list"_s, params)
                                               : fx().callWithToken(token, u"tasks.list"_s, params);
            QList<qint64> out;
            for (const QJsonValue &t : listed.result[u"items"_s].toArray())
                out.append(t[u"id"_s].toInteger());
            return out;
        };
        const qint64 dated = first[u"id"_s].toInteger();
        QCOMPARE(ids({{u"conversationId"_s, m_conversation}}),
                 (QList<qint64>{sooner, dated, undated}));
        QCOMPARE(ids({{u"assignee"_s, u"me"_s}}, ida.accessToken), QList<qint64>{dated});
        QCOMPARE(ids({{u"assignee"_s, u"unassigned"_s}}), (QList<qint64>{sooner, undated}));

        // Ticked off by Ida: done, by her, and out of the open list (still in the pane's).
        r = fx().callWithToken(ida.accessToken, u"task.update"_s,
                               {{u"id"_s, dated}, {u"status"_s, u"done"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"task"_s][u"status"_s].toString(), u"done"_s);
        QCOMPARE(r.result[u"task"_s][u"completedBy"_s].toString(), u"ida"_s);
        const QString doneAt = r.result[u"task"_s][u"completedAt"_s].toString();
        QVERIFY(!doneAt.isEmpty());
        QCOMPARE(events.last().at(0).toString(), u"task.updated"_s);
        QCOMPARE(ids({}), (QList<qint64>{sooner, undated}));
        QCOMPARE(ids({{u"conversationId"_s, m_conversation}}),
                 (QList<qint64>{sooner, undated, dated}));
        // Ticking it again (another console was late) keeps who did it.
        r = fx().callWithToken(gus.accessToken, u"task.update"_s,
                               {{u"id"_s, dated}, {u"status"_s, u"done"_s}});
        QCOMPARE(r.result[u"task"_s][u"completedBy"_s].toString(), u"ida"_s);
        QCOMPARE(r.result[u"task"_s][u"completedAt"_s].toString(), doneAt);
        // Reopened, re-dated to nothing, renamed, unassigned.
        r = fx().call(u"task.update"_s, {{u"id"_s, dated},
                                         {u"status"_s, u"open"_s},
                                         {u"dueAt"_s, u""_s},
                                         {u"title"_s, u"Call back (again)"_s},
                                         {u"assigneeId"_s, 0}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        const QJsonObject reopened = r.result[u"task"_s].toObject();
        QCOMPARE(reopened[u"status"_s].toString(), u"open"_s);
        QCOMPARE(reopened[u"completedAt"_s].toString(), QString());
        QCOMPARE(reopened[u"dueAt"_s].toString(), QString());
        QCOMPARE(reopened[u"title"_s].toString(), u"Call back (again)"_s);
        QCOMPARE(reopened[u"assigneeId"_s].toInteger(), 0);

        // Refusals, each naming what is wrong; nothing is written.
        const int before = fx().scalar(u"SELECT count(*) FROM tasks"_s).toInt();
        r = create({{u"conversationId"_s, 999999}, {u"title"_s, u"x"_s}});
        QCOMPARE(r.status.code(), Status::Code::NotFound);
        r = create({{u"conversationId"_s, m_conversation}, {u"title"_s, u"   "_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        r = create(
            {{u"conversationId"_s, m_conversation}, {u"title"_s, u"x"_s}, {u"assigneeId"_s, 4242}});
        QVERIFY(r.status.message().startsWith(u"assigneeId:"_s));
        r = create({{u"conversationId"_s, m_conversation},
                    {u"title"_s, u"x"_s},
                    {u"dueAt"_s, u"next tuesday"_s}});
        QVERIFY(r.status.message().startsWith(u"dueAt:"_s));
        QCOMPARE(fx().scalar(u"SELECT count(*) FROM tasks"_s).toInt(), before);
        r = fx().call(u"task.update"_s, {{u"id"_s, dated}, {u"status"_s, u"later"_s}});
        QVERIFY(r.status.message().startsWith(u"status:"_s));
        r = fx().call(u"task.update"_s, {{u"id"_s, 999999}, {u"status"_s, u"done"_s}});
        QCOMPARE(r.status.code(), Status::Code::NotFound);
        // A viewer reads tasks but does not change them.
        const Session vera = fx().createOperatorAndLogin(u"vera@example.com"_s, u"viewer"_s);
        QCOMPARE(ids({{u"conversationId"_s, m_conversation}}, vera.accessToken).size(), 3);
        r = fx().callWithToken(vera.accessToken, u"task.update"_s,
                               {{u"id"_s, sooner}, {u"status"_s, u"done"_s}});
        QCOMPARE(r.status.code(), Status::Code::PermissionDenied);
    }
};

QTEST_GUILESS_MAIN(WorkflowTest)
#include "tst_workflow.moc"
