// The Console API over a real CoreHost (SQLite file, reader pool, core thread): dispatch, errors
// as status values, each first command's result shape, masking, and live events.
#include "api/consoleapi.h"
#include "config/options.h"
#include "conversations/conversationservice.h"
#include "host/corehost.h"
#include "storage/storage.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

class TestConsoleApi : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<CoreHost> m_host;

    // Runs a command as the local administrator and waits for the answer.
    CommandResponse call(const QString &name, const QJsonObject &params = {},
                         const OperatorContext &op = OperatorContext::localAdministrator())
    {
        std::optional<CommandResponse> response;
        QObject receiver;
        ConsoleApi *api = m_host->consoleApi();
        QMetaObject::invokeMethod(
            api,
            [&, api] {
                api->execute({name, params, op}, [&receiver, &response](const CommandResponse &r) {
                    QMetaObject::invokeMethod(
                        &receiver, [&response, r] { response = r; }, Qt::QueuedConnection);
                });
            },
            Qt::QueuedConnection);
        if (!QTest::qWaitFor([&] { return response.has_value(); }, 10000))
            return CommandResponse::error(Status::internal(u"timeout"_s));
        return *response;
    }

    // Stores one inbound message through the ConversationService, on the core thread.
    IngestOutcome ingest(const InboundMessage &m)
    {
        std::optional<Result<IngestOutcome>> out;
        QObject receiver;
        ConversationService *service = m_host->conversations();
        QMetaObject::invokeMethod(
            service,
            [&, service] {
                service->ingest(m, [&receiver, &out](const Result<IngestOutcome> &r) {
                    QMetaObject::invokeMethod(
                        &receiver, [&out, r] { out = r; }, Qt::QueuedConnection);
                });
            },
            Qt::QueuedConnection);
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 10000))
            return {};
        return out && out->isOk() ? out->value() : IngestOutcome{};
    }

private Q_SLOTS:
    void initTestCase()
    {
        Options options;
        options.port = 0; // never the default 8080: tests run in parallel
        options.dataDir = m_dir.path();
        options.secretsMode = u"file"_s;
        options.demo = true;
        {
            // What the console shows is under test here, not the bot's replies in between.
            QSettings ini(m_dir.path() + u"/aiochat.ini"_s, QSettings::IniFormat);
            ini.setValue(u"assistant/enabled"_s, u"off"_s);
        }
        m_host = std::make_unique<CoreHost>(options);
        const Status s = m_host->start();
        QVERIFY2(s.isOk(), qPrintable(s.message()));
    }

    void cleanupTestCase() { m_host.reset(); }

    void unknownCommandsAndBadParametersAreStatusValues()
    {
        CommandResponse r = call(u"no.such.command"_s);
        QCOMPARE(r.status.code(), Status::Code::NotFound);
        QCOMPARE(r.toJson().value(u"error"_s).toObject().value(u"code"_s).toString(),
                 u"not_found"_s);

        r = call(u"conversations.list"_s, {{u"status"_s, QJsonArray{u"open"_s, u"sleeping"_s}}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
        QVERIFY2(r.status.message().contains(u"status"_s) &&
                     r.status.message().contains(u"sleeping"_s),
                 qPrintable(r.status.message()));
        r = call(u"conversations.list"_s, {{u"limit"_s, 0}});
        QVERIFY(r.status.message().startsWith(u"limit:"_s));
        r = call(u"conversations.list"_s, {{u"from"_s, u"yesterday"_s}});
        QVERIFY(r.status.message().startsWith(u"from:"_s));
        r = call(u"conversation.messages"_s, {});
        QCOMPARE(r.status.message(), u"conversationId: is required"_s);
        r = call(u"conversation.get"_s, {{u"id"_s, 987654321}});
        QCOMPARE(r.status.code(), Status::Code::NotFound);
        r = call(u"conversations.list"_s, {{u"assignee"_s, u"everyone"_s}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
    }

    void unknownRolesAreRefusedByTheDispatcher()
    {
        OperatorContext visitor;
        visitor.operatorId = 42;
        visitor.email = u"visitor@example.com"_s;
        visitor.role = u"nobody"_s;
        const CommandResponse r = call(u"conversations.list"_s, {}, visitor);
        QCOMPARE(r.status.code(), Status::Code::PermissionDenied);
        QVERIFY(r.status.message().contains(u"conversations.read"_s));
    }

    void conversationsListPagesTheDemoStore()
    {
        CommandResponse r = call(u"conversations.list"_s, {{u"limit"_s, 50}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        const QJsonObject page = r.result.toObject();
        const QJsonArray items = page.value(u"items"_s).toArray();
        QCOMPARE(items.size(), 50);
        const QJsonObject first = items.first().toObject();
        for (const QString &key :
             {u"id"_s, u"title"_s, u"platform"_s, u"status"_s, u"unreadCount"_s,
              u"lastMessagePreview"_s, u"lastMessageAt"_s, u"handler"_s})
            QVERIFY2(first.contains(key), qPrintable(key));
        QCOMPARE(first.value(u"status"_s).toString(), u"needs_attention"_s);
        QVERIFY(!page.value(u"nextCursor"_s).toString().isEmpty());

        int total = items.size();
        QString cursor = page.value(u"nextCursor"_s).toString();
        while (!cursor.isEmpty()) {
            r = call(u"conversations.list"_s, {{u"limit"_s, 50}, {u"cursor"_s, cursor}});
            total += r.result.toObject().value(u"items"_s).toArray().size();
            cursor = r.result.toObject().value(u"nextCursor"_s).toString();
        }
        QVERIFY2(total >= 200, qPrintable(QString::number(total)));

        r = call(u"conversations.list"_s,
                 {{u"status"_s, u"resolved"_s}, {u"platform"_s, QJsonArray{u"telegram"_s}}});
        for (const QJsonValue &v : r.result.toObject().value(u"items"_s).toArray()) {
            QCOMPARE(v.toObject().value(u"status"_s).toString(), u"resolved"_s);
            QCOMPARE(v.toObject().value(u"platform"_s).toString(), u"telegram"_s);
        }
        r = call(u"conversations.list"_s, {{u"search"_s, u"hospital"_s}});
        QVERIFY(!r.result.toObject().value(u"items"_s).toArray().isEmpty());
    }

    void conversationGetAndMessagesNewestFirst()
    {
        const qint64 id = call(u"conversations.list"_s, {{u"limit"_s, 1}})
                              .result.toObject()
                              .value(u"items"_s)
                              .toArray()
                              .first()
                              .toObject()
                              .value(u"id"_s)
                              .toInteger();
        CommandResponse r = call(u"conversation.get"_s, {{u"id"_s, id}});
        QVERIFY(r.status.isOk());
        QCOMPARE(r.result.toObject().value(u"conversation"_s).toObject().value(u"id"_s).toInteger(),
                 id);
        const QJsonObject identity = r.result.toObject().value(u"identity"_s).toObject();
        QVERIFY(identity.value(u"platformUserId"_s).toString().startsWith(u"•"_s));

        r = call(u"conversation.messages"_s, {{u"conversationId"_s, id}, {u"limit"_s, 3}});
        QVERIFY(r.status.isOk());
        const QJsonArray items = r.result.toObject().value(u"items"_s).toArray();
        QCOMPARE(items.size(), 3);
        QVERIFY(items[0].toObject().value(u"createdAt"_s).toString() >=
                items[1].toObject().value(u"createdAt"_s).toString());
        QCOMPARE(items[0].toObject().value(u"conversationId"_s).toInteger(), id);
    }

    void contactsAreMaskedUnlessRevealed()
    {
        CommandResponse r = call(u"contacts.list"_s, {{u"limit"_s, 5}});
        QVERIFY(r.status.isOk());
        const QJsonObject c = r.result.toObject().value(u"items"_s).toArray().first().toObject();
        QVERIFY(c.value(u"phone"_s).toString().contains(u"•"_s));
        QVERIFY(c.value(u"email"_s).toString().contains(u"•"_s));
        const qint64 id = c.value(u"id"_s).toInteger();

        r = call(u"contact.get"_s, {{u"id"_s, id}, {u"reveal"_s, QJsonArray{u"phone"_s}}});
        QVERIFY(r.status.isOk());
        const QJsonObject full = r.result.toObject().value(u"contact"_s).toObject();
        QVERIFY(full.value(u"phone"_s).toString().startsWith(u"+628"_s));
        QVERIFY(!full.value(u"phone"_s).toString().contains(u"•"_s));
        QVERIFY(full.value(u"email"_s).toString().contains(u"•"_s));
        QVERIFY(r.result.toObject().value(u"identities"_s).isArray());

        r = call(u"contact.get"_s, {{u"id"_s, id}, {u"reveal"_s, QJsonArray{u"password"_s}}});
        QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
    }

    void inboundMessagesBecomeEvents()
    {
        // Events are emitted on the core thread; record them on this one, as a client would.
        QObject receiver;
        QList<std::pair<QString, QJsonObject>> events;
        connect(m_host->consoleApi(), &ConsoleApi::event, &receiver,
                [&events](const QString &name, const QJsonObject &payload) {
                    events.append({name, payload});
                });
        InboundMessage m;
        m.platform = Platform::Sandbox;
        m.platformUserId = u"sandbox-tester-1"_s;
        m.displayName = u"Sandbox Tester"_s;
        m.text = u"Hello from the sandbox"_s;
        m.platformMessageId = u"sb-1"_s;
        const IngestOutcome first = ingest(m);
        QVERIFY(!first.duplicate);
        QVERIFY(first.conversationCreated);
        QTRY_VERIFY(events.size() >= 3);
        QStringList names;
        for (const auto &e : std::as_const(events))
            names.append(e.first);
        QCOMPARE(names, (QStringList{u"conversation.created"_s, u"message.created"_s,
                                     u"conversation.updated"_s}));
        const QJsonObject payload = events.at(1).second;
        QCOMPARE(payload.value(u"message"_s).toObject().value(u"text"_s).toString(),
                 u"Hello from the sandbox"_s);
        QCOMPARE(payload.value(u"conversation"_s).toObject().value(u"unreadCount"_s).toInt(), 1);

        // A platform retry of the same message changes nothing and announces nothing.
        events.clear();
        QVERIFY(ingest(m).duplicate);
        m.platformMessageId = u"sb-2"_s;
        const IngestOutcome second = ingest(m);
        QCOMPARE(second.conversation.id, first.conversation.id);
        QCOMPARE(second.conversation.unreadCount, 2);
        QTRY_COMPARE(events.size(), 2);

        // The new conversation is at the top of its status group, with its preview.
        const CommandResponse r =
            call(u"conversations.list"_s, {{u"status"_s, u"open"_s}, {u"limit"_s, 1}});
        const QJsonObject top = r.result.toObject().value(u"items"_s).toArray().first().toObject();
        QCOMPARE(top.value(u"id"_s).toInteger(), first.conversation.id);
        QCOMPARE(top.value(u"title"_s).toString(), u"Sandbox Tester"_s);
        QCOMPARE(top.value(u"lastMessagePreview"_s).toString(), u"Hello from the sandbox"_s);
    }

    void systemInfoDescribesTheInstance()
    {
        const CommandResponse r = call(u"system.info"_s);
        QVERIFY(r.status.isOk());
        const QJsonObject info = r.result.toObject();
        QCOMPARE(info.value(u"dataDir"_s).toString(), m_dir.path());
        QVERIFY(info.value(u"database"_s).toString().startsWith(u"SQLite"_s));
        QVERIFY(info.value(u"secretsStore"_s).toString().startsWith(u"the key file /"_s));
    }

    void everyCommandDeclaresAPermission()
    {
        const QList<ConsoleApi::CommandInfo> commands = m_host->consoleApi()->commands();
        QStringList names;
        for (const ConsoleApi::CommandInfo &c : commands) {
            names.append(c.name);
            QVERIFY(!toString(c.permission).isEmpty());
            QVERIFY(toString(c.permission) != u"unknown"_s);
        }
        for (const QString &expected :
             {u"conversations.list"_s, u"conversation.get"_s, u"conversation.messages"_s,
              u"contacts.list"_s, u"contact.get"_s})
            QVERIFY2(names.contains(expected), qPrintable(expected));
    }
};

QTEST_GUILESS_MAIN(TestConsoleApi)
#include "tst_consoleapi.moc"
