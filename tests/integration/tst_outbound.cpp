// The outbound path end to end against the Telegram and WhatsApp fakes: the outbox (queued
// before the wire, idempotent, resumed after a restart), per-chat order under retries, every
// error path of both platforms, the 24-hour window and templates, rate limits measured at the
// fake, delivery statuses arriving through the inbound webhook, and the Sandbox sender.
#include "api/consoleapi.h"
#include "domain/timestamps.h"
#include "faketelegramserver.h"
#include "fakewhatsappserver.h"
#include "hostfixture.h"
#include "security/crypto.h"
#include "storage/connection.h"
#include "storage/storage.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

const QString kToken = u"123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"_s;
const QString kWaToken = u"EAAG-fake-access-token"_s;
const QString kPhoneId = u"106540352242922"_s;

QVariantMap fastRetries(bool limits = false)
{
    return {
        {u"outbox/baseDelayMs"_s, 30},
        {u"outbox/maxDelayMs"_s, 200},
        {u"outbox/requestTimeoutMs"_s, 1500},
        {u"ratelimits/enabled"_s, limits},
        {u"whatsapp/pairRateDelayMs"_s, 300},
        {u"whatsapp/throughputDelayMs"_s, 200},
        {u"whatsapp/templates"_s,
         QString::fromUtf8(
             R"([{"name":"payment_reminder","language":"id","category":"UTILITY","body":"Halo {{1}}, premi Anda sebesar {{2}} jatuh tempo besok."}])")}};
}

QByteArray whatsAppInbound(const QString &from, const QString &wamid, qint64 timestamp)
{
    return QJsonDocument(
               QJsonObject{
                   {u"object"_s, u"whatsapp_business_account"_s},
                   {u"entry"_s,
                    QJsonArray{QJsonObject{
                        {u"id"_s, u"1"_s},
                        {u"changes"_s,
                         QJsonArray{QJsonObject{
                             {u"field"_s, u"messages"_s},
                             {u"value"_s,
                              QJsonObject{
                                  {u"contacts"_s,
                                   QJsonArray{QJsonObject{
                                       {u"profile"_s, QJsonObject{{u"name"_s, u"Agus"_s}}},
                                       {u"wa_id"_s, from}}}},
                                  {u"messages"_s,
                                   QJsonArray{QJsonObject{
                                       {u"from"_s, from},
                                       {u"id"_s, wamid},
                                       {u"timestamp"_s, QString::number(timestamp)},
                                       {u"type"_s, u"text"_s},
                                       {u"text"_s, QJsonObject{{u"body"_s, u"Halo"_s}}}}}}}}}}}}}}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestOutbound : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeTelegramServer> m_telegram;
    std::unique_ptr<FakeWhatsAppServer> m_whatsApp;
    std::unique_ptr<HostFixture> m_fx;

    void startHost(const QVariantMap &settings = fastRetries(), const QString &dataDir = {})
    {
        QMap<QString, QString> env = channelSecrets();
        env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, kToken);
        env.insert(u"AIOCHAT_TELEGRAM_API_BASE"_s, m_telegram->apiBase());
        env.insert(u"AIOCHAT_WHATSAPP_ACCESS_TOKEN"_s, kWaToken);
        env.insert(u"AIOCHAT_WHATSAPP_PHONE_NUMBER_ID"_s, kPhoneId);
        env.insert(u"AIOCHAT_WHATSAPP_API_BASE"_s, m_whatsApp->apiBase());
        m_fx = std::make_unique<HostFixture>(env, dataDir, settings);
        QVERIFY(m_fx->start().isOk());
    }

    // A Telegram conversation with @p chatId, created the way production creates one.
    qint64 telegramConversation(qint64 chatId)
    {
        static qint64 update = 1000;
        const HttpResult r = m_fx->request(
            "POST", u"/webhooks/telegram"_s, telegramTextUpdate(++update, chatId, u"hi"_s),
            {{"X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789"}});
        if (r.status != 200)
            return 0;
        const QString sql =
            u"SELECT c.id FROM conversations c JOIN messages m ON m.conversation_id = c.id "
            u"WHERE m.platform_message_id = '"_s +
            QString::number(update) + u"'"_s;
        (void)QTest::qWaitFor([&] { return m_fx->scalar(sql).toLongLong() > 0; }, 5000);
        return m_fx->scalar(sql).toLongLong();
    }

    qint64 whatsAppConversation(const QString &from, qint64 lastWroteSecondsAgo = 60)
    {
        static int n = 0;
        const QByteArray body =
            whatsAppInbound(from, u"wamid.IN"_s + QString::number(++n),
                            QDateTime::currentSecsSinceEpoch() - lastWroteSecondsAgo);
        const HttpResult r =
            m_fx->request("POST", u"/webhooks/whatsapp"_s, body,
                          {{"X-Hub-Signature-256",
                            "sha256=" + crypto::hmacSha256("wa-app-secret-abcdef", body).toHex()}});
        if (r.status != 200)
            return 0;
        const QString sql =
            u"SELECT id FROM conversations WHERE platform = 'whatsapp' ORDER BY id DESC LIMIT 1"_s;
        (void)QTest::qWaitFor(
            [&] {
                return m_fx->scalar(
                               u"SELECT COUNT(*) FROM inbound_journal WHERE state = 'pending'"_s)
                               .toInt() == 0 &&
                       m_fx->scalar(sql).toLongLong() > 0;
            },
            5000);
        return m_fx->scalar(sql).toLongLong();
    }

    CommandResponse send(qint64 conversation, const QString &text, const QJsonObject &extra = {})
    {
        QJsonObject params = extra;
        params.insert(u"conversationId"_s, conversation);
        if (!text.isEmpty())
            params.insert(u"text"_s, text);
        return m_fx->call(u"message.send"_s, params);
    }

    qint64 idOf(const CommandResponse &r)
    {
        return r.result.toObject().value(u"message"_s).toObject().value(u"id"_s).toInteger();
    }
    QString statusOf(qint64 message)
    {
        return m_fx->scalar(u"SELECT status FROM messages WHERE id = "_s + QString::number(message))
            .toString();
    }
    QString errorOf(qint64 message)
    {
        return m_fx->scalar(u"SELECT error FROM messages WHERE id = "_s + QString::number(message))
            .toString();
    }

private Q_SLOTS:
    void init()
    {
        m_telegram = std::make_unique<FakeTelegramServer>(kToken);
        m_whatsApp = std::make_unique<FakeWhatsAppServer>(kPhoneId, kWaToken);
        QVERIFY(m_telegram->listen());
        QVERIFY(m_whatsApp->listen());
    }
    void cleanup()
    {
        m_fx.reset();
        m_telegram.reset();
        m_whatsApp.reset();
    }

    void telegramTextIsQueuedThenSent()
    {
        startHost();
        const qint64 c = telegramConversation(4242);
        QVERIFY(c > 0);
        const CommandResponse r = send(c, u"Premi Anda sudah kami terima."_s);
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        const QJsonObject m = r.result.toObject().value(u"message"_s).toObject();
        QCOMPARE(m.value(u"status"_s).toString(), u"queued"_s); // in the conversation at once
        QCOMPARE(m.value(u"sender"_s).toString(), u"operator"_s);
        QCOMPARE(m.value(u"direction"_s).toString(), u"out"_s);
        QTRY_COMPARE(statusOf(m.value(u"id"_s).toInteger()), u"sent"_s);
        QCOMPARE(m_telegram->textsTo(u"4242"_s), QStringList{u"Premi Anda sudah kami terima."_s});
        QVERIFY(!m_fx->scalar(u"SELECT platform_message_id FROM messages WHERE id = "_s +
                              QString::number(m.value(u"id"_s).toInteger()))
                     .toString()
                     .isEmpty());
        QCOMPARE(m_fx->scalar(u"SELECT unread_count FROM conversations WHERE id = "_s +
                              QString::number(c))
                     .toInt(),
                 0);
        // The first answer was timed for /metrics; a second one is not a first response.
        QVERIFY(send(c, u"Ada lagi yang bisa kami bantu?"_s).status.isOk());
        const QByteArray metrics = m_fx->request("GET", u"/metrics"_s).body;
        QVERIFY2(metrics.contains("aiochat_first_response_seconds_count{platform=\"telegram\"} 1"),
                 metrics.constData());
    }

    void longTextsAreSplitIntoValidParts()
    {
        startHost();
        const qint64 c = telegramConversation(4243);
        QString text;
        while (text.size() < 9500)
            text += u"Klaim rawat inap Anda sedang diproses 🏥. Kami kabari lagi besok! "_s;
        QVERIFY(send(c, text).status.isOk());
        QTRY_COMPARE(m_telegram->textsTo(u"4243"_s).size(), 3);
        const QStringList parts = m_telegram->textsTo(u"4243"_s);
        for (const QString &p : parts)
            QVERIFY(p.size() <= 4096 && !p.back().isHighSurrogate());
        QCOMPARE(parts.join(u' ').simplified(), text.simplified());
    }

    void idempotencyKeySendsOnce()
    {
        startHost();
        const qint64 c = telegramConversation(4244);
        const CommandResponse a = send(c, u"once"_s, {{u"idempotencyKey"_s, u"reply-77"_s}});
        const CommandResponse b = send(c, u"once"_s, {{u"idempotencyKey"_s, u"reply-77"_s}});
        QVERIFY(a.status.isOk() && b.status.isOk());
        QCOMPARE(idOf(a), idOf(b));
        QTRY_COMPARE(statusOf(idOf(a)), u"sent"_s);
        QCOMPARE(m_telegram->textsTo(u"4244"_s), QStringList{u"once"_s});
        QCOMPARE(m_fx->scalar(u"SELECT COUNT(*) FROM outbox"_s).toInt(), 1);
    }

    void telegramErrorsAreHandledEachTheRightWay()
    {
        startHost();
        // 429: wait retry_after, then the same message goes out.
        const qint64 c1 = telegramConversation(5001);
        m_telegram->inject({u"sendMessage"_s,
                            u"5001"_s,
                            429,
                            u"Too Many Requests: retry after 1"_s,
                            {{u"retry_after"_s, 1}}});
        const qint64 m1 = idOf(send(c1, u"after a pause"_s));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m1), u"sent"_s, 5000);
        const QList<FakeTelegramServer::Call> calls = m_telegram->callsOf(u"sendMessage"_s);
        QVERIFY(calls.size() >= 2);
        QVERIFY(calls.last().at - calls.at(calls.size() - 2).at >= 950); // retry_after honoured

        // 5xx and a hung request: retried with back-off, then sent.
        const qint64 c2 = telegramConversation(5002);
        m_telegram->inject(
            {u"sendMessage"_s, u"5002"_s, 500, u"Internal Server Error: oops"_s, {}});
        m_telegram->inject({u"sendMessage"_s, u"5002"_s, 0, {}, {}, true});
        const qint64 m2 = idOf(send(c2, u"eventually"_s));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m2), u"sent"_s, 5000);
        QCOMPARE(
            m_fx->scalar(u"SELECT attempts FROM outbox WHERE message_id = "_s + QString::number(m2))
                .toInt(),
            3);

        // 403 blocked: failed with the reason, the identity marked, the next message refused at
        // once.
        const qint64 c3 = telegramConversation(5003);
        m_telegram->inject(
            {u"sendMessage"_s, u"5003"_s, 403, u"Forbidden: bot was blocked by the user"_s, {}});
        const qint64 m3 = idOf(send(c3, u"are you there?"_s));
        QTRY_COMPARE(statusOf(m3), u"failed"_s);
        QCOMPARE(errorOf(m3), u"Telegram refused: Forbidden: bot was blocked by the user"_s);
        // An answer that never arrived leaves the customer waiting for a person, and says why.
        QCOMPARE(
            m_fx->scalar(
                    u"SELECT status || ':' || attention_reason FROM conversations WHERE id = "_s +
                    QString::number(c3))
                .toString(),
            u"needs_attention:send_failed"_s);
        QCOMPARE(
            m_fx->scalar(
                    u"SELECT ci.blocked FROM contact_identities ci JOIN conversations c ON c.identity_id = ci.id WHERE c.id = "_s +
                    QString::number(c3))
                .toInt(),
            1);

        // Group upgraded to a supergroup: resent to the new id, which is remembered.
        const qint64 c4 = telegramConversation(5004);
        m_telegram->inject({u"sendMessage"_s,
                            u"5004"_s,
                            400,
                            u"Bad Request: group chat was upgraded to a supergroup chat"_s,
                            {{u"migrate_to_chat_id"_s, -1001234567890LL}}});
        const qint64 m4 = idOf(send(c4, u"to the new group"_s));
        QTRY_COMPARE(statusOf(m4), u"sent"_s);
        QCOMPARE(m_telegram->textsTo(u"-1001234567890"_s), QStringList{u"to the new group"_s});
        const qint64 m4b = idOf(send(c4, u"and again"_s));
        QTRY_COMPARE(statusOf(m4b), u"sent"_s);
        QCOMPARE(m_telegram->textsTo(u"-1001234567890"_s).size(), 2);

        // Exhausted attempts: failed with the last error; retry and discard from the console.
        const qint64 c5 = telegramConversation(5005);
        m_telegram->inject(
            {u"sendMessage"_s, u"5005"_s, 502, u"Internal Server Error: gateway"_s, {}, false, 3});
        const qint64 m5 = idOf(send(c5, u"persistent"_s));
        QTRY_COMPARE(statusOf(m5), u"failed"_s);
        QCOMPARE(errorOf(m5), u"Telegram server error: Internal Server Error: gateway"_s);
        CommandResponse retried = m_fx->call(u"message.retry"_s, {{u"messageId"_s, m5}});
        QVERIFY2(retried.status.isOk(), qPrintable(retried.status.message()));
        QTRY_COMPARE(statusOf(m5), u"sent"_s);
        QCOMPARE(m_fx->call(u"message.retry"_s, {{u"messageId"_s, m5}}).status.code(),
                 Status::Code::FailedPrecondition);
        m_telegram->inject(
            {u"sendMessage"_s, u"5005"_s, 400, u"Bad Request: chat not found"_s, {}});
        const qint64 m6 = idOf(send(c5, u"to be discarded"_s));
        QTRY_COMPARE(statusOf(m6), u"failed"_s);
        QVERIFY(m_fx->call(u"message.discard"_s, {{u"messageId"_s, m6}}).status.isOk());
        QCOMPARE(errorOf(m6),
                 u"Discarded by an operator: Telegram refused: Bad Request: chat not found"_s);
        QCOMPARE(
            m_fx->scalar(u"SELECT state FROM outbox WHERE message_id = "_s + QString::number(m6))
                .toString(),
            u"discarded"_s);
    }

    void rejectedTokenPausesTheChannelUntilFixed()
    {
        startHost();
        const qint64 c = telegramConversation(6001);
        m_telegram->inject({u"sendMessage"_s, {}, 401, u"Unauthorized"_s, {}, false, 1});
        const qint64 m = idOf(send(c, u"while the token is bad"_s));
        QTRY_VERIFY(m_fx->call(u"channel.status"_s)
                        .result.toObject()
                        .value(u"channels"_s)
                        .toArray()
                        .first()
                        .toObject()
                        .value(u"paused"_s)
                        .toBool());
        const QJsonObject tg = m_fx->call(u"channel.status"_s)
                                   .result.toObject()
                                   .value(u"channels"_s)
                                   .toArray()
                                   .first()
                                   .toObject();
        QVERIFY(tg.value(u"pauseReason"_s).toString().contains(u"rejected"_s));
        QCOMPARE(statusOf(m), u"queued"_s); // waiting, not failed, not counted
        // The operator stores a (new) token: the channel resumes and the message goes out.
        QVERIFY(m_fx->call(u"channel.configure"_s,
                           {{u"key"_s, u"telegram-bot-token"_s}, {u"value"_s, kToken}})
                    .status.isOk());
        QTRY_COMPARE(statusOf(m), u"sent"_s);
    }

    void perChatOrderHoldsUnderRetriesAndOtherChatsAreNotBlocked()
    {
        startHost();
        const qint64 a = telegramConversation(7001);
        const qint64 b = telegramConversation(7002);
        m_telegram->inject({u"sendMessage"_s,
                            u"7001"_s,
                            500,
                            u"Internal Server Error: first fails"_s,
                            {},
                            false,
                            2});
        for (int i = 1; i <= 4; ++i)
            QVERIFY(send(a, u"A"_s + QString::number(i)).status.isOk());
        for (int i = 1; i <= 3; ++i)
            QVERIFY(send(b, u"B"_s + QString::number(i)).status.isOk());
        QTRY_COMPARE(m_telegram->textsTo(u"7001"_s),
                     (QStringList{u"A1"_s, u"A2"_s, u"A3"_s, u"A4"_s}));
        QCOMPARE(m_telegram->textsTo(u"7002"_s), (QStringList{u"B1"_s, u"B2"_s, u"B3"_s}));
        // B did not wait for A's retries.
        const QList<FakeTelegramServer::Call> sent = m_telegram->sentMessages();
        qint64 lastB = 0;
        qint64 firstA = 0;
        for (const auto &c : sent) {
            const QString chat = c.params.value(u"chat_id"_s).toVariant().toString();
            if (chat == u"7002"_s)
                lastB = c.at;
            if (chat == u"7001"_s && !firstA)
                firstA = c.at;
        }
        QVERIFY(lastB <= firstA);
    }

    void pendingMessagesResumeAfterARestart()
    {
        QTemporaryDir dir;
        startHost(fastRetries(), dir.path());
        const qint64 c = telegramConversation(8001);
        // The token is rejected: messages wait in the outbox.
        m_telegram->inject({u"sendMessage"_s, {}, 401, u"Unauthorized"_s, {}, false, 1});
        QList<qint64> ids;
        for (int i = 1; i <= 3; ++i)
            ids.append(idOf(send(c, u"queued "_s + QString::number(i))));
        QTRY_VERIFY(m_fx->call(u"channel.status"_s)
                        .result.toObject()
                        .value(u"channels"_s)
                        .toArray()
                        .first()
                        .toObject()
                        .value(u"paused"_s)
                        .toBool());
        m_fx.reset();
        QCOMPARE(m_telegram->textsTo(u"8001"_s), QStringList());
        startHost(fastRetries(), dir.path());
        QTRY_COMPARE(m_telegram->textsTo(u"8001"_s),
                     (QStringList{u"queued 1"_s, u"queued 2"_s, u"queued 3"_s}));
        for (qint64 id : ids)
            QTRY_COMPARE(statusOf(id), u"sent"_s);
    }

    void telegramRateLimitsAreEnforcedAtTheFake()
    {
        startHost(fastRetries(true));
        const qint64 c = telegramConversation(9001);
        for (int i = 0; i < 3; ++i)
            QVERIFY(send(c, u"paced "_s + QString::number(i)).status.isOk());
        QTRY_COMPARE_WITH_TIMEOUT(m_telegram->textsTo(u"9001"_s).size(), 3, 6000);
        QList<qint64> times;
        for (const auto &call : m_telegram->sentMessages())
            times.append(call.at);
        for (int i = 1; i < times.size(); ++i)
            QVERIFY2(times[i] - times[i - 1] >= 950,
                     qPrintable(QString::number(times[i] - times[i - 1]))); // ≤ 1/s per chat
    }

    void groupChatsArePacedAndFormattingIsPassedOn()
    {
        startHost(fastRetries(true));
        const qint64 group = telegramConversation(-1009876543210);
        for (int i = 0; i < 4; ++i)
            QVERIFY(send(group, u"group "_s + QString::number(i)).status.isOk());
        QTRY_COMPARE_WITH_TIMEOUT(m_telegram->textsTo(u"-1009876543210"_s).size(), 4, 8000);
        const QList<FakeTelegramServer::Call> sent = m_telegram->sentMessages();
        // 20 a minute with a burst of 3: the fourth waits ~3 s.
        QVERIFY2(sent.at(3).at - sent.at(0).at >= 2900,
                 qPrintable(QString::number(sent.at(3).at - sent.at(0).at)));
        const qint64 c = telegramConversation(9101);
        const QJsonArray bold{
            QJsonObject{{u"type"_s, u"bold"_s}, {u"offset"_s, 0}, {u"length"_s, 5}}};
        QVERIFY(send(c, u"Penting: bayar hari ini"_s, {{u"entities"_s, bold}}).status.isOk());
        QTRY_COMPARE(m_telegram->textsTo(u"9101"_s).size(), 1);
        QCOMPARE(m_telegram->sentMessages().last().params.value(u"entities"_s).toArray(), bold);
    }

    void whatsAppWindowTemplatesAndErrors()
    {
        startHost();
        const qint64 open = whatsAppConversation(u"6281234567890"_s, 60);
        QVERIFY(open > 0);
        const qint64 m1 = idOf(send(open, u"Terima kasih, kami cek dulu."_s));
        QTRY_COMPARE(statusOf(m1), u"sent"_s);
        QCOMPARE(m_whatsApp->sent().last().to, u"6281234567890"_s);
        QCOMPARE(m_whatsApp->sent().last().body.value(u"type"_s).toString(), u"text"_s);

        // The console can tell when the window closes.
        const QDateTime closes =
            QDateTime::fromString(m_fx->call(u"conversation.get"_s, {{u"id"_s, open}})
                                      .result.toObject()
                                      .value(u"conversation"_s)
                                      .toObject()
                                      .value(u"replyWindowClosesAt"_s)
                                      .toString(),
                                  Qt::ISODateWithMs);
        QVERIFY(closes.isValid());
        QVERIFY(qAbs(closes.secsTo(QDateTime::currentDateTimeUtc().addSecs(24 * 3600 - 60))) < 120);

        // The customer wrote 25 hours ago: free text is refused before sending, with the reason.
        const qint64 closed = whatsAppConversation(u"6289999999999"_s, 25 * 3600);
        const int before = m_whatsApp->requests();
        const CommandResponse refused = send(closed, u"late answer"_s);
        QCOMPARE(refused.status.code(), Status::Code::FailedPrecondition);
        QVERIFY(refused.status.message().contains(u"24 hours"_s) &&
                refused.status.message().contains(u"template"_s));
        QCOMPARE(m_whatsApp->requests(), before);
        // A template goes out any time, with its parameters.
        const QJsonArray templates =
            m_fx->call(u"templates.list"_s).result.toObject().value(u"templates"_s).toArray();
        QCOMPARE(templates.first().toObject().value(u"parameterCount"_s).toInt(), 2);
        const CommandResponse tmpl =
            send(closed, {},
                 {{u"template"_s,
                   QJsonObject{{u"name"_s, u"payment_reminder"_s},
                               {u"language"_s, u"id"_s},
                               {u"parameters"_s, QJsonArray{u"Agus"_s, u"Rp 450.000"_s}}}}});
        QVERIFY2(tmpl.status.isOk(), qPrintable(tmpl.status.message()));
        QCOMPARE(tmpl.result.toObject().value(u"message"_s).toObject().value(u"text"_s).toString(),
                 u"Halo Agus, premi Anda sebesar Rp 450.000 jatuh tempo besok."_s);
        QTRY_COMPARE(statusOf(idOf(tmpl)), u"sent"_s);
        const QJsonObject t = m_whatsApp->sent().last().body.value(u"template"_s).toObject();
        QCOMPARE(t.value(u"name"_s).toString(), u"payment_reminder"_s);
        QCOMPARE(t.value(u"components"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"parameters"_s)
                     .toArray()
                     .at(1)
                     .toObject()
                     .value(u"text"_s)
                     .toString(),
                 u"Rp 450.000"_s);
        QCOMPARE(send(closed, {},
                      {{u"template"_s, QJsonObject{{u"name"_s, u"payment_reminder"_s},
                                                   {u"parameters"_s, QJsonArray{u"x"_s}}}}})
                     .status.code(),
                 Status::Code::InvalidArgument);
        // Values Meta would refuse (132018) are refused before anything is queued.
        const int queuedBefore = m_whatsApp->sent().size();
        for (const QString &bad : {u""_s, u"two\nlines"_s, u"a\ttab"_s, u"wide     gap"_s}) {
            const CommandResponse refused =
                send(closed, {},
                     {{u"template"_s, QJsonObject{{u"name"_s, u"payment_reminder"_s},
                                                  {u"parameters"_s, QJsonArray{u"Ana"_s, bad}}}}});
            QCOMPARE(refused.status.code(), Status::Code::InvalidArgument);
            QVERIFY2(refused.status.message().contains(u"{{2}}"_s),
                     qPrintable(refused.status.message()));
        }
        QCOMPARE(m_whatsApp->sent().size(), queuedBefore);

        // 131047 from the platform (the window closed meanwhile): failed with the suggestion.
        m_whatsApp->inject(
            {131047, 400, u"Re-engagement message"_s,
             u"Message failed to send because more than 24 hours have passed since the customer last replied to this number."_s});
        const qint64 m2 = idOf(send(open, u"just in time?"_s));
        QTRY_COMPARE(statusOf(m2), u"failed"_s);
        QVERIFY(errorOf(m2).contains(u"Send a template instead"_s));
        QVERIFY(errorOf(m2).contains(u"(#131047)"_s));
        // Once the window has closed for good, retrying that free text could only fail again:
        // refused with the way out, and the message stays as it was.
        {
            const qint64 longAgo = aiochat::nowMillis() - 25LL * 3600 * 1000;
            QVERIFY(m_fx->host()
                        .storage()
                        ->writer()
                        .run([open, longAgo](QSqlDatabase &db) {
                            QSqlQuery q(db);
                            q.prepare(
                                u"UPDATE conversations SET last_inbound_at = ? WHERE id = ?"_s);
                            q.addBindValue(longAgo);
                            q.addBindValue(open);
                            return execute(q, u"closing the window"_s);
                        })
                        .isOk());
            const CommandResponse retried = m_fx->call(u"message.retry"_s, {{u"messageId"_s, m2}});
            QCOMPARE(retried.status.code(), Status::Code::FailedPrecondition);
            QVERIFY(retried.status.message().contains(u"template"_s));
            QCOMPARE(statusOf(m2), u"failed"_s);
            QVERIFY(m_fx->host()
                        .storage()
                        ->writer()
                        .run([open](QSqlDatabase &db) {
                            QSqlQuery q(db);
                            q.prepare(
                                u"UPDATE conversations SET last_inbound_at = ? WHERE id = ?"_s);
                            q.addBindValue(aiochat::nowMillis());
                            q.addBindValue(open);
                            return execute(q, u"reopening the window"_s);
                        })
                        .isOk());
        }
        // 130429 / 131056: back off as Meta advises (here paced at 200 ms and 300 ms, doubled
        // on the second attempt), then send.
        m_whatsApp->inject({130429, 400, u"Rate limit hit"_s, {}});
        m_whatsApp->inject(
            {131056, 400, u"(Business Account, Consumer Account) pair rate limit hit"_s, {}});
        QElapsedTimer paced;
        paced.start();
        const qint64 m3 = idOf(send(open, u"after the rate limit"_s));
        QTRY_COMPARE(statusOf(m3), u"sent"_s);
        QVERIFY2(paced.elapsed() >= 200 + 2 * 300, qPrintable(QString::number(paced.elapsed())));
        // Other codes are kept verbatim.
        m_whatsApp->inject({131026, 400, u"Message undeliverable"_s, {}});
        const qint64 m4 = idOf(send(open, u"undeliverable"_s));
        QTRY_COMPARE(statusOf(m4), u"failed"_s);
        QCOMPARE(errorOf(m4), u"WhatsApp refused: (#131026) Message undeliverable"_s);
        // 190: the token expired; the channel pauses and the message waits.
        m_whatsApp->inject({190, 401, u"Error validating access token: Session has expired"_s, {}});
        const qint64 m5 = idOf(send(open, u"with an expired token"_s));
        QTRY_VERIFY(m_fx->call(u"channel.status"_s)
                        .result.toObject()
                        .value(u"channels"_s)
                        .toArray()
                        .at(1)
                        .toObject()
                        .value(u"paused"_s)
                        .toBool());
        QCOMPARE(statusOf(m5), u"queued"_s);
        QVERIFY(m_fx->call(u"channel.configure"_s,
                           {{u"key"_s, u"whatsapp-access-token"_s}, {u"value"_s, kWaToken}})
                    .status.isOk());
        QTRY_COMPARE(statusOf(m5), u"sent"_s);

        // Mark as read: unread count cleared and blue ticks requested for the last inbound message.
        QVERIFY(
            m_fx->call(u"conversation.markRead"_s, {{u"conversationId"_s, open}}).status.isOk());
        QTRY_VERIFY(!m_whatsApp->readMarks().isEmpty());
        QVERIFY(m_whatsApp->readMarks().last().startsWith(u"wamid.IN"_s));
    }

    void templatesAreEditedFromTheSettingsPage()
    {
        startHost();
        // What the Settings page sends: checked, stored, listed at once.
        const QString good = uR"([{"name":"renewal_notice","language":"en_US","body":"Hello {{1}}"},
                                 {"name":"renewal_notice","language":"id","body":"Halo {{1}}"}])"_s;
        CommandResponse r = m_fx->call(u"channel.configure"_s,
                                       {{u"key"_s, u"whatsapp/templates"_s}, {u"value"_s, good}});
        QVERIFY2(r.status.isOk(), qPrintable(r.status.message()));
        const QJsonArray listed =
            m_fx->call(u"templates.list"_s).result.toObject().value(u"templates"_s).toArray();
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed.at(1).toObject().value(u"language"_s).toString(), u"id"_s);

        const struct
        {
            QString json;
            QString hint;
        } bad[] = {
            {u"{}"_s, u"JSON array"_s},
            {uR"([{"name":"Renewal Notice","language":"en","body":"x"}])"_s, u"lower-case"_s},
            {uR"([{"name":"renewal","language":"English","body":"x"}])"_s, u"language"_s},
            {uR"([{"name":"renewal","language":"en","body":" "}])"_s, u"body"_s},
            {uR"([{"name":"a","language":"en","body":"x"},{"name":"a","language":"en","body":"y"}])"_s,
             u"twice"_s},
            // Meta refuses a body whose placeholders skip a number.
            {uR"([{"name":"gap","language":"en","body":"Hi {{1}}, due {{3}}"}])"_s,
             u"{{2}} is missing"_s},
        };
        for (const auto &b : bad) {
            r = m_fx->call(u"channel.configure"_s,
                           {{u"key"_s, u"whatsapp/templates"_s}, {u"value"_s, b.json}});
            QCOMPARE(r.status.code(), Status::Code::InvalidArgument);
            QVERIFY2(r.status.message().contains(b.hint), qPrintable(r.status.message()));
        }
        // A refused value changed nothing.
        QCOMPARE(m_fx->call(u"templates.list"_s)
                     .result.toObject()
                     .value(u"templates"_s)
                     .toArray()
                     .size(),
                 2);
    }

    void deliveryStatusesArriveThroughTheWebhook()
    {
        startHost();
        const qint64 c = whatsAppConversation(u"6281111111111"_s);
        const qint64 m = idOf(send(c, u"will be read"_s));
        QTRY_COMPARE(statusOf(m), u"sent"_s);
        const QString wamid = m_whatsApp->sent().last().wamid;
        const QString hook = m_fx->baseUrl() + u"/webhooks/whatsapp"_s;
        QCOMPARE(m_whatsApp->pushStatus(hook, "wa-app-secret-abcdef", wamid, u"read"_s), 200);
        QTRY_COMPARE(statusOf(m), u"read"_s);
        QCOMPARE(m_whatsApp->pushStatus(hook, "wa-app-secret-abcdef", wamid, u"delivered"_s),
                 200); // late, older
        QTRY_COMPARE(
            m_fx->scalar(u"SELECT COUNT(*) FROM inbound_journal WHERE state = 'pending'"_s).toInt(),
            0);
        QCOMPARE(statusOf(m), u"read"_s);

        // A status that overtakes the send's answer is kept and applied when the id is known.
        m_whatsApp->holdAnswers();
        const QString next = m_whatsApp->nextWamid();
        const int sentBefore = int(m_whatsApp->sent().size());
        const qint64 m2 = idOf(send(c, u"racing the webhook"_s));
        QTRY_COMPARE(int(m_whatsApp->sent().size()),
                     sentBefore + 1); // received; its answer is held back
        QCOMPARE(m_whatsApp->pushStatus(hook, "wa-app-secret-abcdef", next, u"delivered"_s), 200);
        QTRY_COMPARE(m_fx->scalar(u"SELECT COUNT(*) FROM delivery_reports_pending"_s).toInt(), 1);
        QCOMPARE(statusOf(m2), u"queued"_s);
        m_whatsApp->releaseAnswers();
        QTRY_COMPARE(statusOf(m2), u"delivered"_s);
        QCOMPARE(m_fx->scalar(u"SELECT COUNT(*) FROM delivery_reports_pending"_s).toInt(), 0);
        // A failure report keeps its error.
        const qint64 m3 = idOf(send(c, u"will fail later"_s));
        QTRY_COMPARE(statusOf(m3), u"sent"_s);
        QCOMPARE(
            m_whatsApp->pushStatus(
                hook, "wa-app-secret-abcdef", m_whatsApp->sent().last().wamid, u"failed"_s,
                QJsonArray{QJsonObject{
                    {u"code"_s, 131049},
                    {u"title"_s,
                     u"This message was not delivered to maintain healthy ecosystem engagement."_s}}}),
            200);
        QTRY_COMPARE(statusOf(m3), u"failed"_s);
        QVERIFY(errorOf(m3).startsWith(u"131049:"_s));

        // A long text goes out in parts; each part's status counts, and the message is as
        // delivered as its least-delivered part (a failed second part fails it).
        const int before = int(m_whatsApp->sent().size());
        const qint64 m4 = idOf(send(c, QString(8500, u'x')));
        QTRY_COMPARE(statusOf(m4), u"sent"_s);
        QCOMPARE(int(m_whatsApp->sent().size()), before + 3);
        const QString p1 = m_whatsApp->sent().at(before).wamid;
        const QString p2 = m_whatsApp->sent().at(before + 1).wamid;
        const QString p3 = m_whatsApp->sent().at(before + 2).wamid;
        QCOMPARE(m_whatsApp->pushStatus(hook, "wa-app-secret-abcdef", p1, u"read"_s), 200);
        QCOMPARE(m_whatsApp->pushStatus(hook, "wa-app-secret-abcdef", p3, u"delivered"_s), 200);
        QTRY_COMPARE(
            m_fx->scalar(u"SELECT COUNT(*) FROM inbound_journal WHERE state = 'pending'"_s).toInt(),
            0);
        QCOMPARE(statusOf(m4), u"sent"_s); // part 2 has not said anything yet
        QCOMPARE(m_whatsApp->pushStatus(hook, "wa-app-secret-abcdef", p2, u"delivered"_s), 200);
        QTRY_COMPARE(statusOf(m4), u"delivered"_s);
        QCOMPARE(m_whatsApp->pushStatus(
                     hook, "wa-app-secret-abcdef", p2, u"failed"_s,
                     QJsonArray{QJsonObject{{u"code"_s, 131026},
                                            {u"title"_s, u"Message undeliverable"_s}}}),
                 200);
        QTRY_COMPARE(statusOf(m4), u"failed"_s);
        QVERIFY2(errorOf(m4).startsWith(u"part 2 of 3: 131026"_s), qPrintable(errorOf(m4)));
        // Nothing of this message was parked for lack of a match.
        QCOMPARE(m_fx->scalar(u"SELECT COUNT(*) FROM delivery_reports_pending"_s).toInt(), 0);

        // A report no send will ever name is not kept for ever.
        QVERIFY(m_fx->host()
                    .storage()
                    ->writer()
                    .run([](QSqlDatabase &db) {
                        QSqlQuery q(db);
                        q.prepare(u"INSERT INTO delivery_reports_pending (platform, "
                                  u"platform_message_id, status, error, reported_at, received_at) "
                                  u"VALUES ('whatsapp', 'wamid.LOST', 'delivered', '', ?, ?)"_s);
                        const qint64 old = aiochat::nowMillis() - 8LL * 24 * 3600 * 1000;
                        q.addBindValue(old);
                        q.addBindValue(old);
                        return execute(q, u"parking an old report"_s);
                    })
                    .isOk());
        QCOMPARE(m_whatsApp->pushStatus(hook, "wa-app-secret-abcdef", u"wamid.UNKNOWN"_s,
                                        u"delivered"_s),
                 200);
        QTRY_COMPARE(m_fx->scalar(u"SELECT COUNT(*) FROM delivery_reports_pending"_s).toInt(), 1);
        QCOMPARE(
            m_fx->scalar(u"SELECT platform_message_id FROM delivery_reports_pending"_s).toString(),
            u"wamid.UNKNOWN"_s);
    }

    void sandboxRepliesReachTheTestChat()
    {
        startHost();
        QObject receiver;
        QList<QJsonObject> replies;
        connect(m_fx->host().consoleApi(), &ConsoleApi::event, &receiver,
                [&replies](const QString &name, const QJsonObject &payload) {
                    if (name == u"sandbox.reply"_s)
                        replies.append(payload);
                });
        QVERIFY(
            m_fx->call(u"sandbox.send"_s, {{u"text"_s, u"Halo bot"_s}, {u"user"_s, u"tester-7"_s}})
                .status.isOk());
        QTRY_VERIFY(m_fx->scalar(u"SELECT id FROM conversations WHERE platform = 'sandbox'"_s)
                        .toLongLong() > 0);
        const qint64 c =
            m_fx->scalar(u"SELECT id FROM conversations WHERE platform = 'sandbox'"_s).toLongLong();
        const qint64 m = idOf(send(c, u"Halo! Ada yang bisa kami bantu?"_s));
        QTRY_COMPARE(replies.size(), 1);
        QCOMPARE(replies.first().value(u"user"_s).toString(), u"tester-7"_s);
        QCOMPARE(replies.first().value(u"text"_s).toString(), u"Halo! Ada yang bisa kami bantu?"_s);
        QTRY_COMPARE(statusOf(m), u"sent"_s);
    }
};

QTEST_GUILESS_MAIN(TestOutbound)
#include "tst_outbound.moc"
