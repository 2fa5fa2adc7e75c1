#include "listenercommands.h"

#include "config/settings.h"
#include "consoleapi.h"
#include "host/listenerservice.h"
#include "http/listenerguard.h"

#include <QHostAddress>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// Parameter -> aiochat.ini key. The guard keys are checked by the guard's own parser.
const QList<QPair<QString, QString>> &keys()
{
    static const QList<QPair<QString, QString>> k{
        {u"address"_s, u"listener/address"_s},
        {u"port"_s, u"listener/port"_s},
        {u"tlsCertificate"_s, u"listener/tlsCertificate"_s},
        {u"tlsKey"_s, u"listener/tlsKey"_s},
        {u"rateLimitApi"_s, u"listener/rateLimit/api"_s},
        {u"rateLimitWebhook"_s, u"listener/rateLimit/webhook"_s},
        {u"rateLimitWebhookFailures"_s, u"listener/rateLimit/webhookFailures"_s},
        {u"rateLimitSystem"_s, u"listener/rateLimit/system"_s},
        {u"allowApi"_s, u"listener/allow/api"_s},
        {u"allowTelegram"_s, u"listener/allow/telegram"_s},
        {u"allowWhatsApp"_s, u"listener/allow/whatsapp"_s},
        {u"allowSystem"_s, u"listener/allow/system"_s},
        {u"trustedProxies"_s, u"listener/trustedProxies"_s},
    };
    return k;
}

// Where this machine listens and with which certificate: never copied to other instances.
bool perMachine(const QString &key)
{
    return key == u"listener/address"_s || key == u"listener/port"_s ||
           key == u"listener/tlsCertificate"_s || key == u"listener/tlsKey"_s;
}

// QSettings turns "a, b" into a list; the form shows it as typed.
QString text(const Settings &settings, const QString &key)
{
    const QVariant v = settings.value(key);
    return v.typeId() == QMetaType::QStringList ? v.toStringList().join(u", "_s) : v.toString();
}

QJsonObject current(const ListenerService &listener, const Settings &settings)
{
    QJsonObject saved;
    for (const auto &[param, key] : keys())
        saved.insert(param, text(settings, key));
    return {{u"saved"_s, saved},
            {u"running"_s, QJsonObject{{u"url"_s, listener.localUrl()},
                                       {u"address"_s, listener.requestedAddress().toString()},
                                       {u"port"_s, int(listener.port())},
                                       {u"tlsCertificate"_s, listener.tlsCertificate()},
                                       {u"tlsKey"_s, listener.tlsKey()}}}};
}

// Every problem with the proposed values, in the form's words.
Status validate(const QJsonObject &params, const Settings &settings)
{
    if (params.contains(u"address"_s)) {
        const QString a = params.value(u"address"_s).toString().trimmed();
        if (!a.isEmpty() && QHostAddress(a).isNull())
            return Status::invalidArgument(
                u"address: \""_s + a + u"\" is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)"_s);
    }
    if (params.contains(u"port"_s)) {
        const QString p = params.value(u"port"_s).toVariant().toString().trimmed();
        bool ok = false;
        const uint port = p.toUInt(&ok);
        if (!p.isEmpty() && (!ok || port < 1 || port > 65535))
            return Status::invalidArgument(u"port: must be a number from 1 to 65535"_s);
    }
    auto value = [&](const QString &param, const QString &key) {
        return params.contains(param) ? params.value(param).toString().trimmed()
                                      : text(settings, key);
    };
    const QString cert = value(u"tlsCertificate"_s, u"listener/tlsCertificate"_s);
    const QString tlsKey = value(u"tlsKey"_s, u"listener/tlsKey"_s);
    if (cert.isEmpty() != tlsKey.isEmpty())
        return Status::invalidArgument(
            u"tlsCertificate, tlsKey: give both files for HTTPS, or neither for HTTP"_s);
    if (!cert.isEmpty()) {
        if (const Result<QSslConfiguration> tls = ListenerService::loadTls(cert, tlsKey);
            !tls.isOk())
            return tls.status();
    }
    // The guard's keys, checked by the parser that reads them at start, over the proposed values.
    const Result<ListenerGuard::Policy> policy = ListenerGuard::policyFrom([&](const QString &key) {
        for (const auto &[param, k] : keys()) {
            if (k == key)
                return QVariant(value(param, k));
        }
        return settings.value(key);
    });
    if (!policy.isOk())
        return policy.status();
    return Status::ok();
}

} // namespace

void registerListenerCommands(ConsoleApi &api, ListenerService &listener, Settings &settings)
{
    api.registerCore(
        u"listener.settings"_s, Permission::ChannelsManage,
        [&listener, &settings](const CommandRequest &, const ConsoleApi::Reply &reply) {
            reply(CommandResponse::ok(current(listener, settings)));
        });
    api.registerCore(
        u"listener.configure"_s, Permission::ChannelsManage,
        [&listener, &settings](const CommandRequest &req, const ConsoleApi::Reply &reply) {
            QStringList unknown;
            for (auto it = req.params.begin(); it != req.params.end(); ++it) {
                const bool known = std::any_of(keys().begin(), keys().end(),
                                               [&](const auto &k) { return k.first == it.key(); });
                if (!known)
                    unknown.append(it.key());
            }
            if (!unknown.isEmpty()) {
                reply(CommandResponse::error(
                    Status::invalidArgument(u"unknown setting(s): "_s + unknown.join(u", "_s))));
                return;
            }
            if (Status s = validate(req.params, settings); !s.isOk()) {
                reply(CommandResponse::error(s));
                return;
            }
            QVariantMap shared;
            for (const auto &[param, key] : keys()) {
                if (!req.params.contains(param))
                    continue;
                const QString v = req.params.value(param).toVariant().toString().trimmed();
                if (v.isEmpty())
                    settings.remove(key);
                else
                    settings.setValue(key, v);
                if (!perMachine(key))
                    shared.insert(key, v);
            }
            if (!settings.sync()) {
                reply(CommandResponse::error(Status::unavailable(
                    u"the settings file could not be written: "_s + settings.filePath())));
                return;
            }
            if (Status s = listener.reloadGuard(); !s.isOk()) {
                reply(CommandResponse::error(s));
                return;
            }
            if (!shared.isEmpty())
                Q_EMIT listener.guardConfigured(shared);
            // What only a restart changes: compare with what the listener runs with.
            const QString address = text(settings, u"listener/address"_s);
            const QString port = text(settings, u"listener/port"_s);
            const bool restart =
                (!address.isEmpty() && QHostAddress(address) != listener.requestedAddress()) ||
                (!port.isEmpty() && listener.requestedPort() != 0 &&
                 port.toUInt() != listener.requestedPort()) ||
                text(settings, u"listener/tlsCertificate"_s) != listener.tlsCertificate() ||
                text(settings, u"listener/tlsKey"_s) != listener.tlsKey();
            QJsonObject out = current(listener, settings);
            out.insert(u"restartRequired"_s, restart);
            reply(CommandResponse::ok(out));
        });
    api.auditOnSuccess(u"listener.configure"_s, u"listener"_s);
}

} // namespace aiochat
