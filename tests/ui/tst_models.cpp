// The console's list models against a real backend (CoreHost, SQLite, the in-process client),
// each under QAbstractItemModelTester from before it is filled: paging, filters, live updates,
// and bursts of events coalesced into a bounded number of model changes.
#include "api/consoleapi.h"
#include "backend/attentionwatcher.h"
#include "backend/localconsoleclient.h"
#include "config/options.h"
#include "conversations/conversationservice.h"
#include "events/eventbus.h"
#include "host/corehost.h"
#include "models/contactlistmodel.h"
#include "models/conversationlistmodel.h"
#include "models/messagelistmodel.h"
#include "storage/contactrepository.h"
#include "storage/storage.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;

class TestModels : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<CoreHost> m_host;
    std::unique_ptr<LocalConsoleClient> m_client;

    void ingest(const QString &user, const QString &text, const QString &id)
    {
        ConversationService *service = m_host->conversations();
        QMetaObject::invokeMethod(
            service,
            [service, user, text, id] {
                InboundMessage m;
                m.platform = Platform::Sandbox;
                m.platformUserId = user;
                m.displayName = u"Live "_s + user;
                m.text = text;
                m.platformMessageId = id;
                service->ingest(m);
            },
            Qt::QueuedConnection);
    }

    // QAbstractItemModelTester calls fetchMore() after every change, as a view may: the model
    // then pages through everything. Waits until that is done.
    static bool fullyLoaded(const PagedListModel &model)
    {
        return QTest::qWaitFor([&] { return !model.hasMore() && !model.isLoading(); }, 10000);
    }

    static int rowWithTitle(const ConversationListModel &model, const QString &title)
    {
        for (int i = 0; i < model.rowCount(); ++i) {
            if (model.data(model.index(i), ConversationListModel::TitleRole).toString() == title)
                return i;
        }
        return -1;
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
        QVERIFY(m_host->start().isOk());
        m_client = std::make_unique<LocalConsoleClient>(m_host->consoleApi(),
                                                        OperatorContext::localAdministrator());
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_host.reset();
    }

    void conversationListPagesAndFilters()
    {
        ConversationListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reloaded(&model, &PagedListModel::reloaded);
        int firstPage = -1;
        bool moreAfterFirstPage = false;
        connect(&model, &PagedListModel::reloaded, this, [&] {
            firstPage = model.rowCount();
            moreAfterFirstPage = model.hasMore();
        });
        model.setClient(m_client.get());
        QVERIFY(reloaded.wait(5000));
        QCOMPARE(firstPage, 50);
        QVERIFY(moreAfterFirstPage);
        QVERIFY(fullyLoaded(model));
        QVERIFY2(model.rowCount() >= 220, qPrintable(QString::number(model.rowCount())));
        QCOMPARE(model.data(model.index(0), ConversationListModel::StatusRole).toString(),
                 u"needs_attention"_s);
        QVERIFY(!model.data(model.index(0), ConversationListModel::TitleRole).toString().isEmpty());
        // Inbox order holds across pages: waiting conversations first, the longest wait first;
        // then the others, newest first.
        auto at = [&model](int row, int role) {
            return model.data(model.index(row), role).toDateTime();
        };
        for (int i = 1; i < model.rowCount(); ++i) {
            const bool att0 = model.data(model.index(i - 1), ConversationListModel::StatusRole) ==
                              u"needs_attention"_s;
            const bool att1 = model.data(model.index(i), ConversationListModel::StatusRole) ==
                              u"needs_attention"_s;
            QVERIFY(att0 >= att1);
            if (att0 && att1) {
                QVERIFY(at(i - 1, ConversationListModel::WaitingSinceRole).isValid());
                QVERIFY(at(i - 1, ConversationListModel::WaitingSinceRole) <=
                        at(i, ConversationListModel::WaitingSinceRole));
                QVERIFY(!model.data(model.index(i), ConversationListModel::AttentionReasonRole)
                             .toString()
                             .isEmpty());
            } else if (att0 == att1) {
                QVERIFY(at(i - 1, ConversationListModel::LastMessageAtRole) >=
                        at(i, ConversationListModel::LastMessageAtRole));
            }
        }

        model.setStatuses({u"resolved"_s});
        model.setPlatforms({u"whatsapp"_s});
        QVERIFY(reloaded.wait(5000));
        QVERIFY(fullyLoaded(model));
        QVERIFY(model.rowCount() > 0);
        for (int i = 0; i < model.rowCount(); ++i) {
            QCOMPARE(model.data(model.index(i), ConversationListModel::StatusRole).toString(),
                     u"resolved"_s);
            QCOMPARE(model.data(model.index(i), ConversationListModel::PlatformRole).toString(),
                     u"whatsapp"_s);
        }

        model.setStatuses({u"bogus"_s});
        QTRY_VERIFY(!model.errorString().isEmpty());
        QVERIFY(model.errorString().contains(u"bogus"_s));
    }

    void conversationListShowsNewConversationsLive()
    {
        ConversationListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reloaded(&model, &PagedListModel::reloaded);
        model.setStatuses({u"open"_s});
        model.setClient(m_client.get());
        QVERIFY(reloaded.wait(5000));
        QVERIFY(fullyLoaded(model));
        const int before = model.rowCount();
        ingest(u"live-1"_s, u"Is anybody there?"_s, u"live-1-a"_s);
        QTRY_COMPARE(model.rowCount(), before + 1);
        QCOMPARE(model.data(model.index(0), ConversationListModel::TitleRole).toString(),
                 u"Live live-1"_s);
        QCOMPARE(model.data(model.index(0), ConversationListModel::PreviewRole).toString(),
                 u"Is anybody there?"_s);
        // A second message updates the row in place instead of adding one.
        ingest(u"live-1"_s, u"Hello?"_s, u"live-1-b"_s);
        QTRY_COMPARE(model.data(model.index(0), ConversationListModel::PreviewRole).toString(),
                     u"Hello?"_s);
        QCOMPARE(model.rowCount(), before + 1);
        QCOMPARE(model.data(model.index(0), ConversationListModel::UnreadCountRole).toInt(), 2);
    }

    void messagesPageNewestFirstAndFollowLiveMessages()
    {
        ingest(u"live-2"_s, u"first"_s, u"live-2-a"_s);
        ConversationListModel list;
        QSignalSpy listReloaded(&list, &PagedListModel::reloaded);
        list.setStatuses({u"open"_s});
        list.setClient(m_client.get());
        QVERIFY(listReloaded.wait(5000));
        // Whether the message was committed before or after the first page was read, the
        // conversation shows up at the top: from the page, or from the live event replayed.
        QTRY_COMPARE(rowWithTitle(list, u"Live live-2"_s), 0);
        const qint64 conversation = list.idAt(0);

        MessageListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reloaded(&model, &PagedListModel::reloaded);
        model.setClient(m_client.get());
        model.setConversationId(conversation);
        QVERIFY(reloaded.wait(5000));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0), MessageListModel::TextRole).toString(), u"first"_s);
        QVERIFY(model.data(model.index(0), MessageListModel::DayBreakRole).toBool());

        ingest(u"live-2"_s, u"second"_s, u"live-2-b"_s);
        ingest(u"live-3"_s, u"another conversation"_s, u"live-3-a"_s);
        QTRY_COMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0), MessageListModel::TextRole).toString(), u"second"_s);
        QCOMPARE(model.data(model.index(0), MessageListModel::SenderRole).toString(),
                 u"customer"_s);
        QVERIFY(!model.data(model.index(0), MessageListModel::DayBreakRole).toBool());

        // Another conversation: the old messages go at once, before the new page arrives.
        const qint64 other = list.idAt(0) != conversation ? list.idAt(0) : list.idAt(1);
        model.setConversationId(other);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(reloaded.wait(5000));
        QVERIFY(model.rowCount() > 0);
    }

    void messagesFetchOlderPages()
    {
        ConversationListModel list;
        QSignalSpy listReloaded(&list, &PagedListModel::reloaded);
        list.setStatuses({u"resolved"_s});
        list.setClient(m_client.get());
        QVERIFY(listReloaded.wait(5000));
        // Find a demo conversation with more than one page of messages.
        qint64 id = 0;
        int expected = 0;
        for (int i = 0; i < list.rowCount() && !id; ++i) {
            QJsonObject result;
            bool done = false;
            m_client->call(u"conversation.messages"_s,
                           {{u"conversationId"_s, list.idAt(i)}, {u"limit"_s, 500}}, this,
                           [&](const CommandResponse &r) {
                               result = r.result.toObject();
                               done = true;
                           });
            QTRY_VERIFY(done);
            const int n = int(result.value(u"items"_s).toArray().size());
            if (n > 25) {
                id = list.idAt(i);
                expected = n;
            }
        }
        QVERIFY(id);
        MessageListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reloaded(&model, &PagedListModel::reloaded);
        int firstPage = -1;
        connect(&model, &PagedListModel::reloaded, this, [&] { firstPage = model.rowCount(); });
        model.setPageSize(10);
        model.setClient(m_client.get());
        model.setConversationId(id);
        QVERIFY(reloaded.wait(5000));
        QCOMPARE(firstPage, 10); // more than one page to walk
        QVERIFY(fullyLoaded(model));
        QCOMPARE(model.rowCount(), expected);
        for (int i = 1; i < model.rowCount(); ++i)
            QVERIFY(model.data(model.index(i - 1), MessageListModel::CreatedAtRole).toDateTime() >=
                    model.data(model.index(i), MessageListModel::CreatedAtRole).toDateTime());
        QVERIFY(
            model.data(model.index(model.rowCount() - 1), MessageListModel::DayBreakRole).toBool());
    }

    void burstOfTenThousandEventsIsCoalesced()
    {
        // 10,000 message.created events for one open conversation, as fast as the bus can emit
        // them: the model must apply them as a handful of inserts, not 10,000.
        MessageListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setClient(m_client.get());
        model.setConversationId(999999); // no stored messages: starts empty
        QSignalSpy reloaded(&model, &PagedListModel::reloaded);
        QVERIFY(reloaded.wait(5000));
        QCOMPARE(model.rowCount(), 0);

        QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        constexpr int kEvents = 10000;
        EventBus *bus = m_host->events();
        QMetaObject::invokeMethod(
            bus,
            [bus] {
                for (int i = 1; i <= kEvents; ++i) {
                    const QJsonObject message{{u"id"_s, 5'000'000 + i},
                                              {u"conversationId"_s, 999999},
                                              {u"direction"_s, u"in"_s},
                                              {u"sender"_s, u"customer"_s},
                                              {u"text"_s, u"burst "_s + QString::number(i)},
                                              {u"createdAt"_s, QDateTime::fromMSecsSinceEpoch(
                                                                   1'760'000'000'000 + i, Qt::UTC)
                                                                   .toString(Qt::ISODateWithMs)}};
                    bus->publish(u"message.created"_s, {{u"message"_s, message}});
                }
            },
            Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), kEvents, 10000);
        QVERIFY2(inserts.size() <= 20, qPrintable(QString::number(inserts.size())));
        QVERIFY(changes.size() <= 20);
        QCOMPARE(model.data(model.index(0), MessageListModel::TextRole).toString(),
                 u"burst 10000"_s);
        QCOMPARE(model.data(model.index(kEvents - 1), MessageListModel::TextRole).toString(),
                 u"burst 1"_s);
    }

    void contactListSearches()
    {
        ContactListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reloaded(&model, &PagedListModel::reloaded);
        int firstPage = -1;
        connect(&model, &PagedListModel::reloaded, this, [&] { firstPage = model.rowCount(); });
        model.setClient(m_client.get());
        QVERIFY(reloaded.wait(5000));
        QCOMPARE(firstPage, 50);
        QVERIFY(fullyLoaded(model));
        // The demo's 60 customers plus the people earlier test functions had write in.
        qint64 stored = 0;
        QVERIFY(m_host->storage()
                    ->writer()
                    .run([&](QSqlDatabase &db) {
                        const auto n = ContactRepository(db, m_host->storage()->cipher()).count();
                        stored = n.isOk() ? n.value() : -1;
                        return n.status();
                    })
                    .isOk());
        QVERIFY(stored >= 60);
        QCOMPARE(model.rowCount(), int(stored));
        QVERIFY(
            model.data(model.index(0), ContactListModel::PhoneRole).toString().contains(u"•"_s));
        const QString name =
            model.data(model.index(5), ContactListModel::DisplayNameRole).toString();
        model.setSearch(name);
        QVERIFY(reloaded.wait(5000));
        QVERIFY(fullyLoaded(model));
        QVERIFY(model.rowCount() >= 1);
        for (int i = 0; i < model.rowCount(); ++i)
            QVERIFY(model.data(model.index(i), ContactListModel::DisplayNameRole)
                        .toString()
                        .startsWith(name));
    }

    void contactListFollowsEditsAndMerges()
    {
        ContactListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reloaded(&model, &PagedListModel::reloaded);
        model.setClient(m_client.get());
        QVERIFY(reloaded.wait(5000));
        QVERIFY(fullyLoaded(model));
        const int before = model.rowCount();
        const qint64 keep = model.data(model.index(0), ContactListModel::IdRole).toLongLong();
        const qint64 gone = model.data(model.index(1), ContactListModel::IdRole).toLongLong();

        // A rename changes the row in place.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        m_client->call(u"contact.update"_s,
                       {{u"id"_s, keep}, {u"displayName"_s, u"Aaron Renamed"_s}}, this,
                       [](const CommandResponse &) {});
        QVERIFY(changed.wait(5000));
        QCOMPARE(model.data(model.index(0), ContactListModel::DisplayNameRole).toString(),
                 u"Aaron Renamed"_s);

        // A merge takes the merged customer out of the list.
        m_client->call(u"contact.merge"_s, {{u"keepId"_s, keep}, {u"mergeId"_s, gone}}, this,
                       [](const CommandResponse &) {});
        QTRY_COMPARE(model.rowCount(), before - 1);
        for (int i = 0; i < model.rowCount(); ++i)
            QVERIFY(model.data(model.index(i), ContactListModel::IdRole).toLongLong() != gone);
    }

    void attentionIsCountedAndAnnouncedOncePerEpisode()
    {
        AttentionWatcher watcher;
        QSignalSpy counts(&watcher, &AttentionWatcher::countsChanged);
        QSignalSpy needed(&watcher, &AttentionWatcher::attentionNeeded);
        watcher.setClient(m_client.get());
        QVERIFY(counts.wait(5000));
        const int waiting = watcher.needsAttention();

        ConversationListModel list;
        list.setClient(m_client.get());
        list.setStatuses({u"open"_s});
        QSignalSpy reloaded(&list, &PagedListModel::reloaded);
        QVERIFY(reloaded.wait(5000));
        QVERIFY(list.rowCount() > 0);
        const qint64 id = list.idAt(0);

        auto setStatus = [&](const QString &status) {
            bool done = false;
            m_client->call(u"conversation.setStatus"_s, {{u"id"_s, id}, {u"status"_s, status}},
                           this, [&](const CommandResponse &) { done = true; });
            QTRY_VERIFY(done);
        };
        setStatus(u"needs_attention"_s);
        QTRY_COMPARE(needed.size(), 1);
        QCOMPARE(needed.first().at(0).toDouble(), double(id));
        QTRY_COMPARE(watcher.needsAttention(), waiting + 1);
        // More activity in the same episode does not notify again…
        setStatus(u"needs_attention"_s);
        // …a new episode does.
        setStatus(u"open"_s);
        QTRY_COMPARE(watcher.needsAttention(), waiting);
        QCOMPARE(needed.size(), 1);
        setStatus(u"needs_attention"_s);
        QTRY_COMPARE(needed.size(), 2);
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
