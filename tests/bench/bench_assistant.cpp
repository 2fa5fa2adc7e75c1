// aiochat-bench-assistant: the bot's cost per question on a 100,000-passage store (a shared base
// of 10,000 passages plus 5,000 customers' own documents), with 50 Sandbox customers asking at
// the same moment — each verified as one of the customers, so retrieval covers their documents
// and the shared base.
//
//   offline     end to end: the question accepted by the Console API → journal → conversation →
//               the bot's turn → retrieval → the extractive answer and its checks → the reply
//               queued and announced (target p95 ≤ 20 ms)
//   llm         the same against a fake OpenAI-compatible model that answers at once; the bot's
//               overhead is its own logged time, from the turn stored with the message to the
//               interaction logged after the reply was queued, minus the model's time (llm_ms):
//               retrieval, prompt, checks, logging and queueing (target p95 ≤ 10 ms)
//   memory      RSS while --questions questions (default 100,000) are answered offline, sampled
//               every tenth: it must not grow with the number of questions
//
// Usage: aiochat-bench-assistant [--questions N] [--rounds R] [--customers C]
#include "benchcorpus.h"
#include "benchstats.h"
#include "fakechatserver.h"
#include "hostfixture.h"
#include "knowledge/ingestion.h"
#include "logging/logsetup.h"
#include "storage/connection.h"
#include "storage/storage.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTimer>

#include <functional>

#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

constexpr int kAsking = 50;
using bench::kSharedDocs;

// Sends questions as the Sandbox would, 50 at once, and times each until the bot's reply to it
// is announced.
class Driver : public QObject
{
public:
    Driver(HostFixture &fx)
        : m_fx(fx)
    {
        m_clock.start();
        connect(fx.host().consoleApi(), &ConsoleApi::event, this,
                [this](const QString &name, const QJsonObject &payload) {
                    const QJsonObject m = payload.value(u"message"_s).toObject();
                    if (name != u"message.created"_s || m.value(u"sender"_s).toString() != u"bot"_s)
                        return;
                    const qint64 conversation = m.value(u"conversationId"_s).toInteger();
                    ++m_replies;
                    m_lastConversation = conversation;
                    const int user = m_userOf.value(conversation, -1);
                    if (user >= 0 && m_sentAt[user] >= 0) {
                        const double ms = double(m_clock.nsecsElapsed() - m_sentAt[user]) / 1e6;
                        m_latency.append(ms);
                        m_byReply.insert(m.value(u"id"_s).toInteger(), ms);
                        m_sentAt[user] = -1;
                    }
                    if (m_check)
                        m_check();
                });
    }

    // Runs the event loop until @p done holds, checked on every reply: an event loop, not a
    // polling wait, so a reply is timed when it is announced (qWaitFor sleeps 10 ms a turn).
    bool waitFor(const std::function<bool()> &done, int timeoutMs)
    {
        if (done())
            return true;
        QEventLoop loop;
        m_check = [&] {
            if (done())
                loop.quit();
        };
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
        m_check = nullptr;
        return done();
    }

    static void sleepFor(double ms)
    {
        if (ms <= 0)
            return;
        QEventLoop loop;
        QTimer::singleShot(int(ms), Qt::PreciseTimer, &loop, &QEventLoop::quit);
        loop.exec();
    }

    static QString user(int i) { return u"bench-customer-"_s + QString::number(i); }

    void send(int user, const QString &text)
    {
        ConsoleApi *api = m_fx.host().consoleApi();
        const CommandRequest request{u"sandbox.send"_s,
                                     {{u"user"_s, Driver::user(user)}, {u"text"_s, text}},
                                     OperatorContext::localAdministrator()};
        m_sentAt[user] = m_clock.nsecsElapsed();
        QMetaObject::invokeMethod(
            api, [api, request] { api->execute(request, [](const CommandResponse &) {}); },
            Qt::QueuedConnection);
    }

    // One question per customer, one at a time: learns which conversation is whose.
    bool introduce(const QStringList &questions)
    {
        for (int u = 0; u < kAsking; ++u) {
            const int before = m_replies;
            send(u, questions.at(u % questions.size()));
            if (!waitFor([&] { return m_replies > before; }, 20000))
                return false;
            m_userOf.insert(m_lastConversation, u);
            m_sentAt[u] = -1;
        }
        return true;
    }

    // All 50 ask at once; waits until every one has its answer.
    bool round(const QStringList &questions, QRandomGenerator &rng)
    {
        const int expected = m_replies + kAsking;
        for (int u = 0; u < kAsking; ++u)
            send(u, questions.at(rng.bounded(int(questions.size()))));
        return waitFor([&] { return m_replies >= expected; }, 60000);
    }

    // Questions arriving as a busy office sends them: @p count in total at @p perSecond on
    // average (exponential gaps), each from one of the 50 customers who is not waiting for an
    // answer; waits until all are answered.
    bool paced(const QStringList &questions, QRandomGenerator &rng, int count, double perSecond)
    {
        const int expected = m_replies + count;
        QElapsedTimer clock;
        clock.start();
        double at = 0;
        for (int i = 0; i < count; ++i) {
            at += -std::log(1.0 - rng.generateDouble()) * 1000.0 / perSecond;
            sleepFor(at - double(clock.elapsed()));
            int user = -1;
            (void)waitFor(
                [&] {
                    for (int tries = 0; tries < kAsking && user < 0; ++tries) {
                        const int u = rng.bounded(kAsking);
                        if (m_sentAt[u] < 0)
                            user = u;
                    }
                    return user >= 0;
                },
                60000);
            if (user < 0)
                return false;
            send(user, questions.at(rng.bounded(int(questions.size()))));
        }
        return waitFor([&] { return m_replies >= expected; }, 60000);
    }

    QList<double> takeLatency() { return std::exchange(m_latency, {}); }
    QHash<qint64, double> takeByReply() { return std::exchange(m_byReply, {}); }
    [[nodiscard]] int replies() const { return m_replies; }

private:
    HostFixture &m_fx;
    QElapsedTimer m_clock;
    qint64 m_sentAt[kAsking] = {}; ///< when the question was sent; -1: answered
    QHash<qint64, int> m_userOf;
    qint64 m_lastConversation = 0;
    int m_replies = 0;
    QList<double> m_latency;
    QHash<qint64, double> m_byReply;
    std::function<void()> m_check;
};

bool configure(HostFixture &fx, const QString &key, const QString &value)
{
    return fx.call(u"channel.configure"_s, {{u"key"_s, key}, {u"value"_s, value}}).status.isOk();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{u"questions"_s, u"Questions for the memory run."_s, u"N"_s, u"100000"_s},
                       {u"rounds"_s, u"Rounds of 50 simultaneous questions per latency figure."_s,
                        u"R"_s, u"40"_s},
                       {u"customers"_s, u"Customers with documents."_s, u"C"_s, u"5000"_s},
                       {u"rate"_s, u"Questions per second from the 50 conversations together."_s,
                        u"Q"_s, u"20"_s}});
    parser.addHelpOption();
    parser.process(app);
    (void)initLogging({QString(), u"error"_s, true});
    const int total = parser.value(u"questions"_s).toInt();
    const int rounds = parser.value(u"rounds"_s).toInt();
    const int customers = std::max(kAsking, parser.value(u"customers"_s).toInt());

    FakeChatServer model(u"bench-model"_s);
    if (!model.listen())
        return 1;
    HostFixture fx({}, {},
                   {{u"assistant/enabled"_s, u"on"_s},
                    {u"ratelimits/enabled"_s, false},
                    {u"log/level"_s, u"error"_s}});
    if (const Status s = fx.start(); !s.isOk()) {
        std::fprintf(stderr, "%s\n", qPrintable(s.message()));
        return 1;
    }
    Storage &storage = *fx.host().storage();

    // 1. The store: customers, the shared base and each customer's documents, as uploads write.
    QStringList questions;
    QElapsedTimer t;
    t.start();
    int seen = 0;
    const Result<qint64> written =
        bench::writeCorpus(storage, customers, [&](const DocumentChunk &passage) {
            // A question made of one of every fourth shared passage's first sentence's words.
            if (seen++ % 4 != 0)
                return;
            const QStringList w = passage.text.split(u'.').first().split(u' ', Qt::SkipEmptyParts);
            questions.append(u"What about "_s + w.mid(1, 6).join(u' ') + u"?"_s);
        });
    if (!written.isOk()) {
        std::fprintf(stderr, "%s\n", qPrintable(written.status().message()));
        return 1;
    }
    const qint64 firstContact = written.value();
    const qint64 chunks = fx.scalarAny(u"SELECT COUNT(*) FROM chunks"_s).toLongLong();
    std::printf("store: %lld passages (%d shared documents, %d customers) written in %.1f s\n",
                chunks, kSharedDocs, customers, double(t.elapsed()) / 1000.0);

    // 2. Fifty customers write in; each chat is verified as one of the customers.
    Driver driver(fx);
    if (!driver.introduce(questions)) {
        std::fprintf(stderr, "the bot did not answer the first questions\n");
        return 1;
    }
    (void)storage.writer().run([&](QSqlDatabase &db) {
        QSqlQuery q(db);
        q.exec(u"SELECT id FROM contact_identities WHERE platform = 'sandbox' ORDER BY id"_s);
        QList<qint64> ids;
        while (q.next())
            ids.append(q.value(0).toLongLong());
        q.finish();
        for (int i = 0; i < ids.size(); ++i) {
            const Millis now = nowMillis();
            (void)execute(db,
                          u"UPDATE contact_identities SET contact_id = ?, verified_at = ?, "
                          u"verification_expires_at = ?, verified_by = 'operator' WHERE id = ?"_s,
                          {firstContact + i, now, now + 86'400'000LL, ids.at(i)}, u"verifying"_s);
        }
        return Status::ok();
    });
    (void)driver.takeLatency();
    QRandomGenerator ask(99);

    // 3. Offline, end to end: one question at a time (the work itself), 50 conversations at an
    // office's pace, and all 50 at the same instant (the work queued behind 49 others).
    const int count = rounds * kAsking;
    const double rate = parser.value(u"rate"_s).toDouble();
    QList<double> single;
    for (int i = 0; i < count / 4; ++i) {
        if (!driver.paced(questions, ask, 1, 1000.0))
            return 1;
        single.append(driver.takeLatency());
    }
    if (!driver.paced(questions, ask, count, rate))
        return 1;
    const QList<double> offline = driver.takeLatency();
    for (int r = 0; r < rounds; ++r) {
        if (!driver.round(questions, ask))
            return 1;
    }
    const QList<double> offlineBurst = driver.takeLatency();
    const qint64 answered =
        fx.scalarAny(u"SELECT COUNT(*) FROM assistant_interactions WHERE outcome = 'answered'"_s)
            .toLongLong();
    const qint64 turns =
        fx.scalarAny(u"SELECT COUNT(*) FROM assistant_interactions"_s).toLongLong();
    const double retrievalP95 = [&] {
        QList<double> ms;
        (void)storage.writer().run([&](QSqlDatabase &db) {
            QSqlQuery q(db);
            q.exec(u"SELECT retrieval_ms FROM assistant_interactions"_s);
            while (q.next())
                ms.append(q.value(0).toDouble());
            return Status::ok();
        });
        return bench::percentiles(ms).p95;
    }();

    // 4. Against a model that answers at once: the bot's own share of the time.
    if (!configure(fx, u"llm/baseUrl"_s, model.baseUrl()) ||
        !configure(fx, u"llm/chatModel"_s, u"bench-model"_s))
        return 1;
    (void)driver.takeByReply();
    auto overheadOf = [&](const QHash<qint64, double> &byReply, QList<double> &modelMs) {
        QList<double> overhead;
        (void)storage.writer().run([&](QSqlDatabase &db) {
            QSqlQuery q(db);
            q.exec(u"SELECT reply_message_id, llm_ms FROM assistant_interactions WHERE mode = "
                   u"'llm'"_s);
            while (q.next()) {
                const auto found = byReply.constFind(q.value(0).toLongLong());
                if (found == byReply.cend())
                    continue;
                overhead.append(found.value() - q.value(1).toDouble());
                modelMs.append(q.value(1).toDouble());
            }
            return Status::ok();
        });
        return overhead;
    };
    // The bot's own time as it logged it: from the turn stored with the message to the
    // interaction logged after the reply was queued, minus the model's time (ms resolution).
    auto botTime = [&](qint64 afterInteraction) {
        QList<double> ms;
        (void)storage.writer().run([&](QSqlDatabase &db) {
            QSqlQuery q(db);
            q.prepare(u"SELECT a.created_at - t.created_at - a.llm_ms FROM assistant_interactions "
                      u"a JOIN assistant_turns t ON t.message_id = a.message_id WHERE a.id > ? "
                      u"AND a.mode = 'llm'"_s);
            q.addBindValue(afterInteraction);
            q.exec();
            while (q.next())
                ms.append(q.value(0).toDouble());
            return Status::ok();
        });
        return ms;
    };
    const qint64 beforePaced =
        fx.scalarAny(u"SELECT MAX(id) FROM assistant_interactions"_s).toLongLong();
    if (!driver.paced(questions, ask, count, rate))
        return 1;
    const QList<double> llmEndToEnd = driver.takeLatency();
    QList<double> modelMs;
    const QList<double> overhead = overheadOf(driver.takeByReply(), modelMs);
    const QList<double> botPaced = botTime(beforePaced);
    const qint64 beforeBurst =
        fx.scalarAny(u"SELECT MAX(id) FROM assistant_interactions"_s).toLongLong();
    for (int r = 0; r < rounds; ++r) {
        if (!driver.round(questions, ask))
            return 1;
    }
    (void)driver.takeLatency();
    QList<double> burstModelMs;
    const QList<double> overheadBurst = overheadOf(driver.takeByReply(), burstModelMs);
    const QList<double> botBurst = botTime(beforeBurst);
    if (!configure(fx, u"llm/chatModel"_s, QString()))
        return 1;

    std::printf("\n50 verified customers (their documents + the shared base), keyword retrieval "
                "(retrieval p95 %.1f ms)\n",
                retrievalP95);
    bench::printRow("offline, one question at a time", bench::percentiles(single), "-");
    std::printf("  50 conversations asking at %.0f questions/s in all:\n", rate);
    bench::printRow("offline end to end", bench::percentiles(offline), "p95 <= 20 ms");
    bench::printRow("llm end to end (fake model, instant)", bench::percentiles(llmEndToEnd), "-");
    bench::printRow("  of which the model (llm_ms)", bench::percentiles(modelMs), "-");
    bench::printRow("llm end to end - llm_ms", bench::percentiles(overhead), "-");
    bench::printRow("bot overhead (turn stored -> reply queued - llm)",
                    bench::percentiles(botPaced), "p95 <= 10 ms");
    std::printf("  all 50 at the same instant (each waits for the ones before it):\n");
    bench::printRow("offline end to end, burst of 50", bench::percentiles(offlineBurst), "-");
    bench::printRow("llm end to end - llm_ms, burst of 50", bench::percentiles(overheadBurst), "-");
    bench::printRow("bot overhead, burst of 50", bench::percentiles(botBurst), "-");
    std::printf("  %lld of %lld offline turns answered from the documents, the rest \"I don't "
                "know\"; %d prompts seen by the model, %lld refused\n",
                answered, turns, int(model.prompts().size()), qint64(model.rejections().size()));

    // 5. Memory over many questions (offline).
    std::printf("\nmemory over %d questions (offline):\n", total);
    const int per = std::max(1, total / kAsking);
    QElapsedTimer whole;
    whole.start();
    int done = 0;
    double first = 0;
    double last = 0;
    for (int r = 0; r < per; ++r) {
        if (!driver.round(questions, ask)) {
            std::fprintf(stderr, "memory round %d timed out\n", r);
            return 1;
        }
        done += kAsking;
        (void)driver.takeLatency();
        (void)driver.takeByReply();
        if (r == 0 || (r + 1) % std::max(1, per / 10) == 0) {
            const auto [rss, hwm] = bench::rssMiB();
            if (r == 0)
                first = rss;
            last = rss;
            std::printf("  %7d questions  RSS %7.1f MiB  peak %7.1f MiB  %.0f questions/s\n", done,
                        rss, hwm, double(done) / (double(whole.elapsed()) / 1000.0));
            std::fflush(stdout);
        }
    }
    std::printf("  RSS after the first round %.1f MiB, after the last %.1f MiB (%+.1f MiB)\n",
                first, last, last - first);
    return 0;
}
