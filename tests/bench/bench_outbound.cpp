// aiochat-bench-outbound: the outbox and Telegram sender against the loopback Bot API fake.
//
//   aiochat-bench-outbound [--skip-limited] [--sizes 1000,10000,100000]
//
// 1. Production limits: 2,000 messages to 500 chats; the fake measures the overall rate and the
//    closest two messages to any one chat ever came.
// 2. Limits lifted: sends per second, and the core thread's CPU time per message with 1k, 10k
//    and 100k messages queued (read from the core thread's own CPU clock).
#include "api/consoleapi.h"
#include "benchstats.h"
#include "channels/outbound/outbox.h"
#include "faketelegramserver.h"
#include "host/corehost.h"
#include "hostfixture.h"
#include "logging/logsetup.h"
#include "security/personaldatacipher.h"
#include "storage/identityrepository.h"
#include "storage/storage.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <pthread.h>
#include <time.h>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

const QString kToken = u"123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"_s;

// Conversations with @p chats Telegram chats and @p perChat queued messages each, written straight
// into the store as the outbox leaves them, so the host loads them as its backlog at start.
void seedBacklog(Storage &storage, int chats, int perChat)
{
    const PersonalDataCipher &cipher = storage.cipher();
    (void)storage.writer().runExclusive([&](QSqlDatabase &db) {
        db.transaction();
        QSqlQuery identity(db), conversation(db), message(db), outbox(db);
        identity.prepare(
            u"INSERT INTO contact_identities (platform, platform_user_enc, platform_user_bidx, display_name, created_at, last_seen_at) VALUES ('telegram', ?, ?, 'Bench', 0, 0) RETURNING id"_s);
        conversation.prepare(
            u"INSERT INTO conversations (identity_id, platform, last_message_at, created_at, updated_at) VALUES (?, 'telegram', 0, 0, 0) RETURNING id"_s);
        message.prepare(
            u"INSERT INTO messages (conversation_id, identity_id, direction, sender, kind, text, status, created_at, updated_at) VALUES (?, ?, 'out', 'bot', 'text', ?, 'queued', ?, 0) RETURNING id"_s);
        outbox.prepare(
            u"INSERT INTO outbox (message_id, conversation_id, platform, chat_key, idempotency_key, payload, state, attempts, max_attempts, next_attempt_at, created_at, updated_at) VALUES (?, ?, 'telegram', ?, ?, ?, 'pending', 0, 3, 0, 0, 0)"_s);
        qint64 n = 0;
        for (int c = 0; c < chats; ++c) {
            const QString chatId = QString::number(100000 + c);
            identity.addBindValue(cipher.seal(PersonalField::PlatformUserId, chatId));
            identity.addBindValue(
                cipher.blindIndex(PersonalField::PlatformUserId,
                                  IdentityRepository::scopedId(Platform::Telegram, chatId)));
            identity.exec();
            identity.next();
            const qint64 identityId = identity.value(0).toLongLong();
            identity.finish();
            conversation.addBindValue(identityId);
            conversation.exec();
            conversation.next();
            const qint64 conversationId = conversation.value(0).toLongLong();
            conversation.finish();
            for (int k = 0; k < perChat; ++k) {
                const QString text = u"Reminder "_s + QString::number(k) + u" for chat "_s + chatId;
                message.addBindValue(conversationId);
                message.addBindValue(identityId);
                message.addBindValue(text);
                message.addBindValue(++n);
                message.exec();
                message.next();
                const qint64 messageId = message.value(0).toLongLong();
                message.finish();
                outbox.addBindValue(messageId);
                outbox.addBindValue(conversationId);
                outbox.addBindValue(QString::number(identityId));
                outbox.addBindValue(u"bench-"_s + QString::number(messageId));
                outbox.addBindValue(QStringLiteral(R"({"type":"text","text":"%1"})").arg(text));
                outbox.exec();
            }
        }
        db.commit();
        return Status::ok();
    });
}

double threadCpuMs(pthread_t thread)
{
    clockid_t clock;
    timespec ts{};
    if (pthread_getcpuclockid(thread, &clock) != 0 || clock_gettime(clock, &ts) != 0)
        return 0;
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

struct Run
{
    double seconds = 0;
    int delivered = 0;
    double coreCpuMs = 0;
};

Run drain(FakeTelegramServer &telegram, const QVariantMap &settings, int chats, int perChat)
{
    const int total = chats * perChat;
    // Seed the store first (the host loads the backlog at start), on a host of its own.
    QTemporaryDir dir;
    {
        HostFixture seed({}, dir.path());
        if (!seed.start().isOk())
            return {};
        seedBacklog(*seed.host().storage(), chats, perChat);
    }
    const int before = int(telegram.sentMessages().size());
    HostFixture fx({{u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, kToken},
                    {u"AIOCHAT_TELEGRAM_API_BASE"_s, telegram.apiBase()}},
                   dir.path(), settings);
    QElapsedTimer timer;
    timer.start();
    if (!fx.start().isOk())
        return {};
    pthread_t core{};
    QMetaObject::invokeMethod(
        fx.host().outbox(), [&core] { core = pthread_self(); }, Qt::BlockingQueuedConnection);
    const double cpuStart = threadCpuMs(core);
    // A real event loop: QTest::qWaitFor sleeps between rounds and would throttle the fake.
    QEventLoop loop;
    int delivered = int(telegram.sentMessages().size()) - before;
    QObject::connect(&telegram, &FakeTelegramServer::called, &loop, [&](const QString &method) {
        if (method == u"sendMessage"_s && ++delivered >= total)
            loop.quit();
    });
    QTimer::singleShot(600'000, &loop, &QEventLoop::quit);
    if (delivered < total)
        loop.exec();
    Run r;
    // The rate the fake saw, first to last message: start-up and the backlog load excluded.
    const QList<FakeTelegramServer::Call> sent = telegram.sentMessages();
    r.delivered = int(sent.size()) - before;
    r.seconds = r.delivered > 1 ? (sent.last().at - sent.at(before).at) / 1000.0
                                : timer.nsecsElapsed() / 1e9;
    r.coreCpuMs = threadCpuMs(core) - cpuStart;
    return r;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QCommandLineParser parser;
    parser.addOptions({{u"skip-limited"_s, u"Skip the 70-second run with production limits."_s},
                       {u"sizes"_s, u"Backlog sizes for the unlimited runs."_s, u"LIST"_s,
                        u"1000,10000,100000"_s}});
    parser.addHelpOption();
    parser.process(app);
    qputenv("AIOCHAT_SECRETS", "file");
    (void)initLogging({QString(), u"warning"_s, true});

    FakeTelegramServer telegram(kToken);
    if (!telegram.listen())
        return 1;
    std::printf("AIO-CHAT outbound benchmark — outbox + Telegram sender → loopback Bot API fake, "
                "same machine\n\n");

    if (!parser.isSet(u"skip-limited"_s)) {
        // Production limits: 30/s per bot, 1/s per chat.
        const Run r = drain(telegram, {}, 500, 4);
        const QList<FakeTelegramServer::Call> sent = telegram.sentMessages();
        QHash<QString, qint64> last;
        qint64 closest = std::numeric_limits<qint64>::max();
        for (const auto &c : sent) {
            const QString chat = c.params.value(u"chat_id"_s).toVariant().toString();
            if (last.contains(chat))
                closest = std::min(closest, c.at - last.value(chat));
            last.insert(chat, c.at);
        }
        const double span = (sent.last().at - sent.first().at) / 1000.0;
        const double rate = (sent.size() - 1) / span;
        std::printf("  production limits (30/s per bot, 1/s per chat): %d messages to 500 chats in "
                    "%.1f s\n",
                    r.delivered, span);
        std::printf("    overall rate at the fake        %7.2f /s   configured 30/s: %+.1f %% "
                    "(target within 5 %%)\n",
                    rate, (rate / 30.0 - 1) * 100);
        std::printf("    closest two messages to a chat  %7lld ms   (per-chat limit 1/s: never "
                    "under ~1000 ms)\n\n",
                    closest);
    }

    const QVariantMap unlimited{{u"ratelimits/enabled"_s, false}, {u"outbox/maxInFlight"_s, 64}};
    std::printf("  limits lifted (sender alone):\n");
    for (const QString &size : parser.value(u"sizes"_s).split(u',')) {
        const int n = size.toInt();
        const int chats = std::max(1, n / 20);
        const Run r = drain(telegram, unlimited, chats, n / chats);
        std::printf("    %7d queued: %8.0f sends/s   core thread %6.1f µs CPU per message   (%d "
                    "delivered, %.1f s first to last at the fake)\n",
                    n, r.delivered / r.seconds, r.coreCpuMs * 1000.0 / std::max(1, r.delivered),
                    r.delivered, r.seconds);
    }
    std::printf("  target: ≥ 5,000 sends/s; per-message core cost flat as the backlog grows\n");
    return 0;
}
