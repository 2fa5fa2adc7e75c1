#include "channelcommands.h"

#include "channels/channelsettings.h"
#include "channels/inboundjournal.h"
#include "channels/outbound/outbox.h"
#include "channels/reachability.h"
#include "channels/telegram/telegramclient.h"
#include "channels/telegram/telegrampoller.h"
#include "consoleapi.h"
#include "host/listenerservice.h"
#include "metrics/metricsregistry.h"
#include "params.h"
#include "security/crypto.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr int kTelegramTimeoutMs = 15'000;

// "Telegram answered" only when it did: a request that never reached it says so.
QString telegramFailure(const TelegramReply &r)
{
    return r.transportError || r.httpStatus == 0
               ? QObject::tr("Telegram could not be reached: %1").arg(r.summary())
               : QObject::tr("Telegram answered: %1").arg(r.summary());
}

ConsoleApi::CoreHandler telegramCall(TelegramClient &client, const QString &method,
                                     std::function<QJsonObject(const QJsonObject &)> paramsFor = {})
{
    return [&client, method, paramsFor](const CommandRequest &req, const ConsoleApi::Reply &reply) {
        if (!client.isConfigured()) {
            reply(CommandResponse::error(Status::failedPrecondition(
                QObject::tr("Set the bot token first (BotFather gives it when the bot is "
                            "created); Telegram was not contacted."))));
            return;
        }
        client.call(method, paramsFor ? paramsFor(req.params) : QJsonObject(), kTelegramTimeoutMs,
                    [reply](const TelegramReply &r) {
                        if (r.ok)
                            reply(CommandResponse::ok(QJsonObject{
                                {u"result"_s, r.result}, {u"description"_s, r.description}}));
                        else
                            reply(CommandResponse::error(Status::unavailable(telegramFailure(r))));
                    });
    };
}

// Telegram accepts 1-256 characters of A-Z a-z 0-9 _ - as a webhook secret token.
QString newWebhookSecret()
{
    static const QByteArray alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    const QByteArray random = crypto::randomBytes(48);
    QString out;
    for (const char c : random)
        out.append(QChar::fromLatin1(alphabet.at(uchar(c) % alphabet.size())));
    return out;
}

} // namespace

void registerChannelCommands(ConsoleApi &api, const ChannelCommandContext &ctx)
{
    ChannelSettings &channels = ctx.channels;
    TelegramPoller &poller = ctx.poller;
    ListenerService &listener = ctx.listener;
    InboundJournal &journal = ctx.journal;
    MetricsRegistry &metrics = ctx.metrics;
    TelegramClient &telegram = ctx.telegram;
    Outbox &outbox = ctx.outbox;

    api.registerCore(
        u"channel.status"_s, Permission::SystemRead,
        [&channels, &poller, &listener, &outbox](const CommandRequest &,
                                                 const ConsoleApi::Reply &reply) {
            const TelegramConfig &tg = channels.telegram();
            const WhatsAppConfig &wa = channels.whatsApp();
            const QStringList telegramMissing =
                tg.mode == u"polling"_s
                    ? channels.telegramSendingMissing()
                    : channels.telegramWebhookMissing() + channels.telegramSendingMissing();
            const QStringList whatsAppMissing =
                channels.whatsAppWebhookMissing() + channels.whatsAppSendingMissing();
            const auto describeAll = [](const QStringList &missing) {
                QJsonArray names;
                for (const QString &m : missing)
                    names.append(ChannelSettings::describe(m));
                return names;
            };
            const QJsonObject telegramStatus{
                {u"platform"_s, u"telegram"_s},
                {u"mode"_s, tg.mode},
                {u"webhookPath"_s, u"/webhooks/telegram"_s},
                {u"receiving"_s, tg.mode == u"polling"_s
                                     ? !tg.botToken.isEmpty()
                                     : channels.telegramWebhookMissing().isEmpty()},
                {u"sending"_s, channels.telegramSendingMissing().isEmpty()},
                {u"missing"_s, QJsonArray::fromStringList(telegramMissing)},
                {u"missingNames"_s, describeAll(telegramMissing)},
                {u"apiBase"_s, tg.apiBase},
                {u"paused"_s, outbox.isPaused(Platform::Telegram)},
                {u"pauseReason"_s, outbox.pauseReason(Platform::Telegram)},
                {u"polling"_s, QJsonObject{{u"active"_s, poller.isPolling()},
                                           {u"lastError"_s, poller.lastError()}}},
            };
            const QJsonObject whatsAppStatus{
                {u"platform"_s, u"whatsapp"_s},
                {u"webhookPath"_s, u"/webhooks/whatsapp"_s},
                {u"receiving"_s, channels.whatsAppWebhookMissing().isEmpty()},
                {u"sending"_s, channels.whatsAppSendingMissing().isEmpty()},
                {u"missing"_s, QJsonArray::fromStringList(whatsAppMissing)},
                {u"missingNames"_s, describeAll(whatsAppMissing)},
                {u"phoneNumberId"_s, wa.phoneNumberId},
                {u"apiBase"_s, wa.apiBase},
                {u"paused"_s, outbox.isPaused(Platform::WhatsApp)},
                {u"pauseReason"_s, outbox.pauseReason(Platform::WhatsApp)},
            };
            const QJsonObject sandboxStatus{{u"platform"_s, u"sandbox"_s},
                                            {u"receiving"_s, true},
                                            {u"sending"_s, true},
                                            {u"missing"_s, QJsonArray()}};
            const LlmConfig &llm = channels.llm();
            const QJsonObject assistant{{u"baseUrl"_s, llm.baseUrl},
                                        {u"embeddingModel"_s, llm.embeddingModel},
                                        {u"chatModel"_s, llm.chatModel},
                                        {u"apiKeySet"_s, !llm.apiKey.isEmpty()},
                                        {u"enabled"_s, llm.assistantEnabled}};
            reply(CommandResponse::ok(QJsonObject{
                {u"listener"_s, QJsonObject{{u"url"_s, listener.localUrl()},
                                            {u"publicUrl"_s, channels.publicUrl()}}},
                {u"channels"_s, QJsonArray{telegramStatus, whatsAppStatus, sandboxStatus}},
                {u"assistant"_s, assistant}}));
        });

    api.registerCore(
        u"channel.checkReachability"_s, Permission::ChannelsManage,
        [&channels, &telegram, &network = ctx.network](const CommandRequest &req,
                                                       const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const QString given = p.optionalString(u"publicUrl"_s, 2048);
            if (!p.isOk()) {
                reply(CommandResponse::error(p.status()));
                return;
            }
            const QUrl url(given.isEmpty() ? channels.publicUrl() : given, QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty() ||
                (url.scheme() != u"https"_s && url.scheme() != u"http"_s)) {
                reply(CommandResponse::error(Status::invalidArgument(
                    u"publicUrl: give the address where the platforms reach this listener, "
                    u"such as https://office.example.com"_s)));
                return;
            }
            checkReachability(
                {network, telegram, channels}, url,
                [reply](const QJsonObject &report) { reply(CommandResponse::ok(report)); });
        });

    api.registerCore(
        u"channel.configure"_s, Permission::ChannelsManage,
        [&channels, &poller](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const QString key = p.optionalString(u"key"_s, 100);
            const QString value = p.optionalString(u"value"_s, 4096);
            if (!p.isOk() || key.isEmpty()) {
                reply(CommandResponse::error(
                    p.isOk() ? Status::invalidArgument(u"key: is required"_s) : p.status()));
                return;
            }
            if (key == u"telegram/mode"_s && value != u"webhook"_s && value != u"polling"_s) {
                reply(CommandResponse::error(
                    Status::invalidArgument(u"value: telegram/mode is webhook or polling"_s)));
                return;
            }
            const QString error = channels.store(key, value);
            if (!error.isEmpty()) {
                reply(CommandResponse::error(Status::invalidArgument(error)));
                return;
            }
            poller.reconfigure();
            reply(CommandResponse::ok(QJsonObject{{u"stored"_s, key}}));
        });

    api.registerCore(u"telegram.getMe"_s, Permission::ChannelsManage,
                     telegramCall(telegram, u"getMe"_s));
    api.registerCore(u"telegram.getWebhookInfo"_s, Permission::ChannelsManage,
                     telegramCall(telegram, u"getWebhookInfo"_s));
    api.registerCore(
        u"telegram.deleteWebhook"_s, Permission::ChannelsManage,
        [&telegram, &poller](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            const QJsonObject params{
                {u"drop_pending_updates"_s, req.params.value(u"dropPendingUpdates"_s).toBool()}};
            telegram.call(
                u"deleteWebhook"_s, params, kTelegramTimeoutMs,
                [reply, &poller](const TelegramReply &r) {
                    if (!r.ok) {
                        reply(CommandResponse::error(Status::unavailable(telegramFailure(r))));
                        return;
                    }
                    poller.retryNow(); // polling was blocked by the webhook: resume at once
                    reply(CommandResponse::ok(
                        QJsonObject{{u"result"_s, r.result}, {u"description"_s, r.description}}));
                });
        });
    api.registerCore(
        u"telegram.setWebhook"_s, Permission::ChannelsManage,
        [&channels, &poller, &telegram](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const QString url = p.optionalString(u"url"_s, 2000);
            if (!p.isOk() || !QUrl(url, QUrl::StrictMode).isValid() || !url.startsWith(u"http"_s)) {
                reply(CommandResponse::error(Status::invalidArgument(
                    u"url: the public https URL of /webhooks/telegram is required"_s)));
                return;
            }
            // The secret proves requests come from Telegram; make one if there is none.
            if (channels.telegram().webhookSecret.isEmpty()) {
                const QString error =
                    channels.store(u"telegram-webhook-secret"_s, newWebhookSecret());
                if (!error.isEmpty()) {
                    reply(CommandResponse::error(Status::unavailable(error)));
                    return;
                }
            }
            const QJsonObject params{
                {u"url"_s, url},
                {u"secret_token"_s, channels.telegram().webhookSecret},
                {u"allowed_updates"_s, QJsonArray{u"message"_s, u"edited_message"_s,
                                                  u"callback_query"_s, u"my_chat_member"_s}},
                {u"drop_pending_updates"_s, req.params.value(u"dropPendingUpdates"_s).toBool()},
            };
            telegram.call(
                u"setWebhook"_s, params, kTelegramTimeoutMs,
                [reply, &channels, &poller](const TelegramReply &r) {
                    if (!r.ok) {
                        reply(CommandResponse::error(Status::unavailable(telegramFailure(r))));
                        return;
                    }
                    (void)channels.store(u"telegram/mode"_s, u"webhook"_s);
                    poller.reconfigure();
                    reply(CommandResponse::ok(
                        QJsonObject{{u"result"_s, r.result}, {u"description"_s, r.description}}));
                });
        });
    api.registerCore(
        u"telegram.setMode"_s, Permission::ChannelsManage,
        [&channels, &poller](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            const QString mode = req.params.value(u"mode"_s).toString();
            if (mode != u"webhook"_s && mode != u"polling"_s) {
                reply(CommandResponse::error(
                    Status::invalidArgument(u"mode: must be webhook or polling"_s)));
                return;
            }
            const QString error = channels.store(u"telegram/mode"_s, mode);
            if (!error.isEmpty()) {
                reply(CommandResponse::error(Status::unavailable(error)));
                return;
            }
            poller.reconfigure();
            reply(CommandResponse::ok(
                QJsonObject{{u"mode"_s, mode}, {u"polling"_s, poller.isPolling()}}));
        });

    api.registerCore(
        u"sandbox.send"_s, Permission::SandboxUse,
        [&journal](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            Params p(req.params);
            const QString text = p.optionalString(u"text"_s, 4096);
            QString user = p.optionalString(u"user"_s, 100);
            QString name = p.optionalString(u"name"_s, 200);
            if (!p.isOk() || text.trimmed().isEmpty()) {
                reply(CommandResponse::error(
                    p.isOk() ? Status::invalidArgument(u"text: is required"_s) : p.status()));
                return;
            }
            if (user.isEmpty())
                user = u"sandbox-tester"_s;
            if (name.isEmpty())
                name = u"Sandbox tester"_s;
            const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            JournalEntry entry;
            entry.platform = Platform::Sandbox;
            entry.eventKey = id;
            entry.headers =
                QJsonObject{{u"source"_s, u"console"_s}, {u"operatorId"_s, req.op.operatorId}};
            entry.body = QJsonDocument(QJsonObject{{u"user"_s, user},
                                                   {u"name"_s, name},
                                                   {u"text"_s, text},
                                                   {u"id"_s, id},
                                                   {u"sentAt"_s, nowMillis()}})
                             .toJson(QJsonDocument::Compact);
            journal.append(entry, [reply, id](const Status &s, bool) {
                if (s.isOk())
                    reply(CommandResponse::ok(QJsonObject{{u"accepted"_s, true}, {u"id"_s, id}}));
                else
                    reply(CommandResponse::error(s));
            });
        });

    api.registerCore(u"metrics.snapshot"_s, Permission::SystemRead,
                     [&metrics](const CommandRequest &, const ConsoleApi::Reply &reply) {
                         reply(CommandResponse::ok(metrics.toJson()));
                     });
}

} // namespace aiochat
