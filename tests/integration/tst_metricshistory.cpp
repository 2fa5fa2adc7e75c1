// The Metrics page's history: messages in and out per platform per hour or local day, response
// and resolution times, and the conversations waiting now — counted from the store.
#include "hostfixture.h"
#include "storage/conversationrepository.h"
#include "storage/identityrepository.h"
#include "storage/messagerepository.h"
#include "storage/storage.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QSqlError>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {
constexpr qint64 kHour = 3600 * 1000;
constexpr qint64 kMinute = 60 * 1000;
} // namespace

class MetricsHistoryTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<ScratchDatabase> m_db; // PostgreSQL rows only; outlives the host
    std::unique_ptr<HostFixture> m_fx;
    qint64 m_thisHour = 0;

    HostFixture &fx() { return *m_fx; }

    // A conversation on @p platform created @p ageMs ago, answered after @p responseMs and
    // resolved after @p resolutionMs (0: not yet), with @p in / @p out messages now-ish.
    Status addConversation(QSqlDatabase &db, Platform platform, const QString &user,
                           ConversationStatus status, qint64 created, qint64 responseMs,
                           qint64 resolutionMs)
    {
        Storage &storage = *fx().host().storage();
        ContactIdentity identity;
        identity.platform = platform;
        identity.platformUserId = user;
        const auto stored = IdentityRepository(db, storage.cipher()).upsert(identity);
        if (!stored.isOk())
            return stored.status();
        Conversation c;
        c.identityId = stored.value().id;
        c.platform = platform;
        c.status = status;
        c.title = user;
        c.lastMessageAt = created;
        c.createdAt = created;
        const Result<qint64> id = ConversationRepository(db, storage.cipher()).insert(c);
        if (!id.isOk())
            return id.status();
        QSqlQuery q(db);
        q.prepare(
            u"UPDATE conversations SET first_response_at = ?, resolved_at = ?, created_at = ? "
            u"WHERE id = ?"_s);
        q.addBindValue(responseMs ? created + responseMs : 0);
        q.addBindValue(resolutionMs ? created + resolutionMs : 0);
        q.addBindValue(created);
        q.addBindValue(id.value());
        if (!q.exec())
            return Status::internal(q.lastError().text());
        MessageRepository messages(db, storage.cipher());
        const struct
        {
            Direction direction;
            qint64 at;
        } plan[] = {{Direction::Inbound, created}, {Direction::Outbound, created + responseMs}};
        for (const auto &m : plan) {
            if (m.direction == Direction::Outbound && !responseMs)
                continue; // not answered yet
            Message msg;
            msg.conversationId = id.value();
            msg.identityId = stored.value().id;
            msg.direction = m.direction;
            msg.sender = m.direction == Direction::Inbound ? SenderKind::Customer : SenderKind::Bot;
            msg.text = u"hello"_s;
            msg.status =
                m.direction == Direction::Inbound ? DeliveryStatus::Received : DeliveryStatus::Sent;
            msg.createdAt = m.at;
            if (const auto r = messages.insert(msg); !r.isOk())
                return r.status();
        }
        return Status::ok();
    }

private Q_SLOTS:
    // Every test on both engines: the SQL here (merges, imports, grouped counts) is written once.
    void initTestCase_data() { addEngineColumn(); }

    void init()
    {
        AIOCHAT_START_HOST_ON_ENGINE(m_fx, m_db);
        m_thisHour = nowMillis() / kHour * kHour;
        Storage &storage = *fx().host().storage();
        const Status s = storage.writer().run([&](QSqlDatabase &db) -> Status {
            // Two hours ago on Telegram: answered in 2 minutes, resolved in 30.
            if (Status s =
                    addConversation(db, Platform::Telegram, u"a"_s, ConversationStatus::Resolved,
                                    m_thisHour - 2 * kHour, 2 * kMinute, 30 * kMinute);
                !s.isOk())
                return s;
            // Two hours ago on WhatsApp: answered in 10 minutes, still waiting.
            if (Status s = addConversation(db, Platform::WhatsApp, u"b"_s,
                                           ConversationStatus::NeedsAttention,
                                           m_thisHour - 2 * kHour + kMinute, 10 * kMinute, 0);
                !s.isOk())
                return s;
            // This hour on Telegram: not answered yet.
            if (Status s = addConversation(db, Platform::Telegram, u"c"_s, ConversationStatus::Open,
                                           m_thisHour + 1, 0, 0);
                !s.isOk())
                return s;
            // Three days ago: outside the 24-hour range.
            return addConversation(db, Platform::Telegram, u"d"_s, ConversationStatus::Resolved,
                                   m_thisHour - 72 * kHour, kMinute, kHour);
        });
        QVERIFY2(s.isOk(), qPrintable(s.message()));
    }

    void cleanup()
    {
        m_fx.reset();
        m_db.reset();
    }

    void hourlyCountsPerPlatformAndDirection()
    {
        const CommandResponse r = fx().call(u"metrics.history"_s, {{u"range"_s, u"24h"_s}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"bucketSeconds"_s].toInt(), 3600);
        const QJsonArray starts = r.result[u"bucketStarts"_s].toArray();
        QCOMPARE(starts.size(), 24);
        QCOMPARE(starts.last().toString(), toIsoString(m_thisHour));
        QMap<QString, QJsonArray> byKey;
        for (const QJsonValue &v : r.result[u"messages"_s].toArray())
            byKey.insert(v[u"platform"_s].toString() + u'/' + v[u"direction"_s].toString(),
                         v[u"counts"_s].toArray());
        QCOMPARE(byKey.keys(), (QStringList{u"telegram/in"_s, u"telegram/out"_s, u"whatsapp/in"_s,
                                            u"whatsapp/out"_s}));
        QCOMPARE(byKey[u"telegram/in"_s][21].toInt(), 1); // two hours ago
        QCOMPARE(byKey[u"telegram/in"_s][23].toInt(), 1); // this hour (the unanswered one)
        QCOMPARE(byKey[u"telegram/out"_s][21].toInt(), 1);
        QCOMPARE(byKey[u"whatsapp/in"_s][21].toInt(), 1);
        QCOMPARE(byKey[u"whatsapp/out"_s][21].toInt(), 1);
        int total = 0;
        for (const QJsonArray &counts : std::as_const(byKey))
            for (const QJsonValue &c : counts)
                total += c.toInt();
        QCOMPARE(total, 5); // the three-day-old conversation is outside the range
    }

    void responseAndResolutionTimes()
    {
        const CommandResponse r = fx().call(u"metrics.history"_s, {{u"range"_s, u"24h"_s}});
        QCOMPARE(r.result[u"firstResponse"_s][u"count"_s].toInt(), 2);
        QCOMPARE(r.result[u"firstResponse"_s][u"p50Seconds"_s].toDouble(), 600.0);
        QCOMPARE(r.result[u"firstResponse"_s][u"p90Seconds"_s].toDouble(), 600.0);
        QCOMPARE(r.result[u"resolution"_s][u"count"_s].toInt(), 1);
        QCOMPARE(r.result[u"resolution"_s][u"p50Seconds"_s].toDouble(), 1800.0);
        QCOMPARE(r.result[u"conversations"_s][u"open"_s].toInt(), 1);
        QCOMPARE(r.result[u"conversations"_s][u"needs_attention"_s].toInt(), 1);
    }

    void dailyRangesFollowTheOperatorsDay()
    {
        const CommandResponse r =
            fx().call(u"metrics.history"_s, {{u"range"_s, u"7d"_s}, {u"utcOffsetMinutes"_s, 420}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        QCOMPARE(r.result[u"bucketSeconds"_s].toInt(), 86400);
        const QJsonArray starts = r.result[u"bucketStarts"_s].toArray();
        QCOMPARE(starts.size(), 7);
        // Buckets start at midnight UTC+7, i.e. 17:00 UTC.
        QVERIFY2(starts.first().toString().contains(u"T17:00:00"_s),
                 qPrintable(starts.first().toString()));
        int total = 0;
        for (const QJsonValue &v : r.result[u"messages"_s].toArray())
            for (const QJsonValue &c : v[u"counts"_s].toArray())
                total += c.toInt();
        QCOMPARE(total, 7); // the three-day-old conversation is in the week
        const CommandResponse bad = fx().call(u"metrics.history"_s, {{u"range"_s, u"1y"_s}});
        QCOMPARE(bad.status.code(), Status::Code::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(MetricsHistoryTest)
#include "tst_metricshistory.moc"
