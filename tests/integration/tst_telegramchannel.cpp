// The Telegram channel against a loopback fake of the Bot API: long polling (offsets confirmed
// only after the journal commit, 409 while a webhook is set, recovery after deleteWebhook), and
// the webhook mode set up through telegram.setWebhook, with the fake delivering updates to our
// listener the way Telegram does.
#include "channels/telegram/telegrampoller.h"
#include "faketelegramserver.h"
#include "hostfixture.h"

#include <QJsonArray>
#include <QNetworkReply>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace aiochat;
using namespace aiochat::test;

namespace {

const QString kToken = u"123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"_s;

QJsonObject textUpdate(qint64 chatId, qint64 messageId, const QString &text)
{
    return QJsonObject{
        {u"message"_s, QJsonObject{{u"message_id"_s, messageId},
                                   {u"from"_s, QJsonObject{{u"id"_s, chatId},
                                                           {u"is_bot"_s, false},
                                                           {u"first_name"_s, u"Dewi"_s}}},
                                   {u"chat"_s, QJsonObject{{u"id"_s, chatId},
                                                           {u"type"_s, u"private"_s},
                                                           {u"first_name"_s, u"Dewi"_s}}},
                                   {u"date"_s, 1767225600},
                                   {u"text"_s, text}}}};
}

} // namespace

class TestTelegramChannel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Without a token nothing is sent to Telegram, and the answer says so; what is missing is
    // named the way the Settings form names it, not as an environment variable.
    void withoutATokenTelegramIsNotContacted()
    {
        HostFixture fx;
        QVERIFY(fx.start().isOk());
        const CommandResponse me = fx.call(u"telegram.getMe"_s);
        QCOMPARE(me.status.code(), Status::Code::FailedPrecondition);
        QVERIFY2(me.status.message().contains(u"bot token"_s), qPrintable(me.status.message()));
        QVERIFY(!me.status.message().contains(u"Telegram answered"_s));
        const QJsonObject telegram = fx.call(u"channel.status"_s)
                                         .result.toObject()
                                         .value(u"channels"_s)
                                         .toArray()
                                         .first()
                                         .toObject();
        QVERIFY(telegram.value(u"missing"_s).toArray().contains(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s));
        QVERIFY(telegram.value(u"missingNames"_s).toArray().contains(u"the bot token"_s));
    }

    void longPollingJournalsAndConfirmsOffsets()
    {
        FakeTelegramServer telegram(kToken);
        QVERIFY(telegram.listen());
        QMap<QString, QString> env = channelSecrets();
        env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, kToken);
        env.insert(u"AIOCHAT_TELEGRAM_API_BASE"_s, telegram.apiBase());
        env.insert(u"AIOCHAT_TELEGRAM_MODE"_s, u"polling"_s);
        HostFixture fx(env);
        QVERIFY(fx.start().isOk());

        QTRY_VERIFY(!telegram.callsOf(u"getUpdates"_s).isEmpty());
        const QJsonObject firstPoll = telegram.callsOf(u"getUpdates"_s).first().params;
        QVERIFY(firstPoll.value(u"timeout"_s).toInt() > 0); // a long poll, not a busy loop
        const qint64 a = telegram.queueUpdate(textUpdate(4242, 1, u"first"_s));
        const qint64 b = telegram.queueUpdate(textUpdate(4242, 2, u"second"_s));
        QTRY_COMPARE(fx.scalar(u"SELECT COUNT(*) FROM messages"_s).toInt(), 2);
        // The next poll confirms both: offset = highest id + 1, and the fake forgets them.
        QTRY_VERIFY(
            telegram.callsOf(u"getUpdates"_s).last().params.value(u"offset"_s).toInteger() ==
            b + 1);
        QVERIFY(b == a + 1);
        QTRY_COMPARE(telegram.pendingUpdates(), 0);
        QCOMPARE(fx.scalar(u"SELECT COUNT(*) FROM inbound_journal WHERE headers LIKE '%polling%'"_s)
                     .toInt(),
                 2);

        // Someone sets a webhook: Telegram answers 409 and the console is told what to do.
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(telegram.apiBase() + u"/bot"_s + kToken +
                                 u"/setWebhook?url=https://example.com/hook"_s));
        QNetworkReply *reply = nam.get(req);
        QTRY_VERIFY(reply->isFinished());
        reply->deleteLater();
        QTRY_VERIFY(fx.call(u"channel.status"_s)
                        .result.toObject()
                        .value(u"channels"_s)
                        .toArray()
                        .first()
                        .toObject()
                        .value(u"polling"_s)
                        .toObject()
                        .value(u"lastError"_s)
                        .toString()
                        .contains(u"webhook is set"_s));

        // deleteWebhook through the Console API; polling resumes and nothing is lost.
        const CommandResponse deleted = fx.call(u"telegram.deleteWebhook"_s);
        QVERIFY2(deleted.status.isOk(), qPrintable(deleted.status.message()));
        telegram.queueUpdate(textUpdate(4242, 3, u"after the conflict"_s));
        QTRY_COMPARE_WITH_TIMEOUT(fx.messageTexts().count(u"after the conflict"_s), 1, 40000);
    }

    void setWebhookConnectsTheFullLoop()
    {
        FakeTelegramServer telegram(kToken);
        QVERIFY(telegram.listen());
        HostFixture fx({{u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, kToken},
                        {u"AIOCHAT_TELEGRAM_API_BASE"_s, telegram.apiBase()}});
        QVERIFY(fx.start().isOk());

        CommandResponse me = fx.call(u"telegram.getMe"_s);
        QVERIFY2(me.status.isOk(), qPrintable(me.status.message()));
        QCOMPARE(me.result.toObject().value(u"result"_s).toObject().value(u"username"_s).toString(),
                 u"demo_helper_bot"_s);

        // No secret yet: setWebhook makes one, stores it, and gives it to Telegram.
        const CommandResponse set =
            fx.call(u"telegram.setWebhook"_s, {{u"url"_s, fx.baseUrl() + u"/webhooks/telegram"_s}});
        QVERIFY2(set.status.isOk(), qPrintable(set.status.message()));
        QCOMPARE(set.result.toObject().value(u"description"_s).toString(), u"Webhook was set"_s);
        QCOMPARE(telegram.webhookUrl(), fx.baseUrl() + u"/webhooks/telegram"_s);
        QVERIFY(telegram.webhookSecret().size() >= 32);
        const QJsonObject params = telegram.callsOf(u"setWebhook"_s).last().params;
        QVERIFY(params.value(u"allowed_updates"_s).toArray().contains(u"callback_query"_s));

        // Telegram pushes an update; our listener checks the secret and stores it.
        telegram.queueUpdate(textUpdate(9001, 17, u"via webhook"_s));
        QTRY_COMPARE(fx.messageTexts().count(u"via webhook"_s), 1);
        QCOMPARE(telegram.webhookResponses(), QList<int>{200});

        const CommandResponse info = fx.call(u"telegram.getWebhookInfo"_s);
        QCOMPARE(info.result.toObject().value(u"result"_s).toObject().value(u"url"_s).toString(),
                 telegram.webhookUrl());
        QCOMPARE(fx.call(u"channel.status"_s)
                     .result.toObject()
                     .value(u"channels"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"receiving"_s)
                     .toBool(),
                 true);

        // A wrong token is reported as Telegram's own answer.
        const CommandResponse bad =
            fx.call(u"telegram.setWebhook"_s, {{u"url"_s, u"ftp://nope"_s}});
        QCOMPARE(bad.status.code(), Status::Code::InvalidArgument);
    }

    // The public address checked end to end: through it this instance answers WhatsApp's
    // handshake with the fresh challenge; Telegram's registered URL and its last delivery error
    // are reported; an address that leads nowhere, or elsewhere, says so.
    void thePublicAddressIsCheckedEndToEnd()
    {
        FakeTelegramServer telegram(kToken);
        QVERIFY(telegram.listen());
        QMap<QString, QString> env = channelSecrets();
        env.insert(u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, kToken);
        env.insert(u"AIOCHAT_TELEGRAM_API_BASE"_s, telegram.apiBase());
        HostFixture fx(env);
        QVERIFY(fx.start().isOk());
        // The loopback listener stands in for the tunnel's far end.
        QVERIFY(fx.call(u"channel.configure"_s,
                        {{u"key"_s, u"listener/publicUrl"_s}, {u"value"_s, fx.baseUrl()}})
                    .status.isOk());
        QCOMPARE(fx.call(u"channel.status"_s).result[u"listener"_s][u"publicUrl"_s].toString(),
                 fx.baseUrl());
        // Registered at a path the listener refuses without the secret: Telegram reports it.
        QVERIFY(fx.call(u"telegram.setWebhook"_s,
                        {{u"url"_s, fx.baseUrl() + u"/webhooks/telegram-old"_s}})
                    .status.isOk());
        telegram.queueUpdate(textUpdate(9002, 18, u"lost"_s));
        QTRY_VERIFY(!telegram.webhookResponses().isEmpty());

        QJsonObject report = fx.call(u"channel.checkReachability"_s).result.toObject();
        QCOMPARE(report[u"listener"_s][u"ok"_s].toBool(), true);
        QCOMPARE(report[u"listener"_s][u"detail"_s].toString(),
                 u"this instance answered through the public address"_s);
        QCOMPARE(report[u"whatsapp"_s][u"callbackUrl"_s].toString(),
                 fx.baseUrl() + u"/webhooks/whatsapp"_s);
        QCOMPARE(report[u"telegram"_s][u"webhookUrl"_s].toString(),
                 fx.baseUrl() + u"/webhooks/telegram"_s);
        QCOMPARE(report[u"telegram"_s][u"matches"_s].toBool(), false);
        QCOMPARE(report[u"telegram"_s][u"pendingUpdates"_s].toInt(), 1);
        QVERIFY2(report[u"telegram"_s][u"lastError"_s].toString().startsWith(
                     u"Wrong response from the webhook: 404"_s),
                 qPrintable(report[u"telegram"_s][u"lastError"_s].toString()));

        // Another server at the address (here: the fake Bot API), and one where nothing listens.
        report = fx.call(u"channel.checkReachability"_s, {{u"publicUrl"_s, telegram.apiBase()}})
                     .result.toObject();
        QCOMPARE(report[u"listener"_s][u"ok"_s].toBool(), false);
        QVERIFY2(report[u"listener"_s][u"detail"_s].toString().contains(
                     u"not as this AIO-CHAT: the tunnel or proxy does not forward"_s),
                 qPrintable(report[u"listener"_s][u"detail"_s].toString()));
        report =
            fx.call(u"channel.checkReachability"_s, {{u"publicUrl"_s, u"http://127.0.0.1:9"_s}})
                .result.toObject();
        QCOMPARE(report[u"listener"_s][u"ok"_s].toBool(), false);
        QVERIFY2(report[u"listener"_s][u"detail"_s].toString().startsWith(u"not reachable: "_s),
                 qPrintable(report[u"listener"_s][u"detail"_s].toString()));
        QCOMPARE(fx.call(u"channel.configure"_s,
                         {{u"key"_s, u"listener/publicUrl"_s}, {u"value"_s, u"office-pc:8080"_s}})
                     .status.code(),
                 Status::Code::InvalidArgument);
    }

    void rejectedTokenIsReportedNotRetriedInALoop()
    {
        FakeTelegramServer telegram(kToken);
        QVERIFY(telegram.listen());
        HostFixture fx(
            {{u"AIOCHAT_TELEGRAM_BOT_TOKEN"_s, u"999:wrong-token-value-xxxxxxxxxxxxxxxxxxxxxxxx"_s},
             {u"AIOCHAT_TELEGRAM_API_BASE"_s, telegram.apiBase()},
             {u"AIOCHAT_TELEGRAM_MODE"_s, u"polling"_s}});
        QVERIFY(fx.start().isOk());
        QTRY_VERIFY(fx.call(u"channel.status"_s)
                        .result.toObject()
                        .value(u"channels"_s)
                        .toArray()
                        .first()
                        .toObject()
                        .value(u"polling"_s)
                        .toObject()
                        .value(u"lastError"_s)
                        .toString()
                        .contains(u"token was rejected"_s));
        const CommandResponse me = fx.call(u"telegram.getMe"_s);
        QCOMPARE(me.status.code(), Status::Code::Unavailable);
        QVERIFY(me.status.message().contains(u"401 Unauthorized"_s));
        QVERIFY(!me.status.message().contains(u"wrong-token"_s));
    }
};

QTEST_GUILESS_MAIN(TestTelegramChannel)
#include "tst_telegramchannel.moc"
