// CoreHost: start and stop repeatedly on the same data directory, pending writes flushed at stop,
// and start-up failures reported as status values.
#include "api/consoleapi.h"
#include "config/options.h"
#include "conversations/conversationservice.h"
#include "host/corehost.h"
#include "storage/connection.h"
#include "storage/storage.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace aiochat;

class TestCoreHost : public QObject
{
    Q_OBJECT

    static Options optionsFor(const QString &dir)
    {
        Options o;
        o.port = 0; // never the default 8080: tests run in parallel
        o.dataDir = dir;
        o.secretsMode = u"file"_s;
        return o;
    }

private Q_SLOTS:
    void startsStopsAndRestarts()
    {
        QTemporaryDir dir;
        for (int round = 0; round < 3; ++round) {
            CoreHost host(optionsFor(dir.path()));
            QVERIFY(host.start().isOk());
            QVERIFY(host.isRunning());
            QVERIFY(host.coreThread()->isRunning());
            QVERIFY(host.consoleApi());
            QCOMPARE(host.consoleApi()->thread(), host.coreThread());
            host.stop();
            QVERIFY(!host.isRunning());
        }
        QVERIFY(QFile::exists(dir.filePath(u"aiochat.db"_s)));
        QVERIFY(QFile::exists(dir.filePath(u"secrets.json"_s)));
        QCOMPARE(QFile::permissions(dir.path()) & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
    }

    void stopFlushesPendingWrites()
    {
        QTemporaryDir dir;
        constexpr int kMessages = 500;
        {
            CoreHost host(optionsFor(dir.path()));
            QVERIFY(host.start().isOk());
            ConversationService *service = host.conversations();
            for (int i = 0; i < kMessages; ++i) {
                QMetaObject::invokeMethod(
                    service,
                    [service, i] {
                        InboundMessage m;
                        m.platform = Platform::Telegram;
                        m.platformUserId = QString::number(100 + i % 7);
                        m.text = u"burst "_s + QString::number(i);
                        m.platformMessageId = QString::number(i);
                        service->ingest(m);
                    },
                    Qt::QueuedConnection);
            }
            host.stop(); // no waiting: stop must drain the core thread and the writer
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"verify"_s);
        db.setDatabaseName(dir.filePath(u"aiochat.db"_s));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"SELECT COUNT(*), COUNT(DISTINCT conversation_id) FROM messages"_s) &&
                q.next());
        QCOMPARE(q.value(0).toInt(), kMessages);
        QCOMPARE(q.value(1).toInt(), 7);
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"verify"_s);
    }

    void unreadableDataKeyStopsStartUpWithAReason()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(u"secrets.json"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"data-keys": "bm90IGpzb24="})"); // base64 of "not json"
        f.close();
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        CoreHost host(optionsFor(dir.path()));
        QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(u"start-up failed"_s));
        const Status s = host.start();
        QVERIFY(!s.isOk());
        QVERIFY2(s.message().startsWith(u"personal-data key"_s), qPrintable(s.message()));
        QVERIFY(!host.isRunning());
        // Nothing was created with a fresh key that would orphan the old data.
        QVERIFY(!QFile::exists(dir.filePath(u"aiochat.db"_s)));
    }
};

QTEST_GUILESS_MAIN(TestCoreHost)
#include "tst_corehost.moc"
