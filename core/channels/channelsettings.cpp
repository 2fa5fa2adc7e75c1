#include "channelsettings.h"

#include "config/secretstore.h"
#include "config/settings.h"
#include "whatsapp/whatsapptemplates.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <QUrl>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr const char16_t *kTelegramToken = u"telegram-bot-token";
constexpr const char16_t *kTelegramSecret = u"telegram-webhook-secret";
constexpr const char16_t *kWhatsAppAppSecret = u"whatsapp-app-secret";
constexpr const char16_t *kWhatsAppVerify = u"whatsapp-verify-token";
constexpr const char16_t *kWhatsAppAccess = u"whatsapp-access-token";

QString hint(const char16_t *secret)
{
    QString env = u"AIOCHAT_"_s + QString::fromUtf16(secret).toUpper();
    env.replace(u'-', u'_');
    return env;
}

} // namespace

ChannelSettings::ChannelSettings(SecretStore &secrets, Settings &settings, QProcessEnvironment env,
                                 QObject *parent)
    : QObject(parent)
    , m_secrets(secrets)
    , m_settings(settings)
    , m_env(std::move(env))
{
    reload();
}

QString ChannelSettings::plain(const QString &settingsKey, const QString &envName,
                               const QString &fallback) const
{
    if (m_env.contains(envName))
        return m_env.value(envName);
    return m_settings.value(settingsKey, fallback).toString();
}

void ChannelSettings::reload()
{
    m_telegram.botToken = m_secrets.readText(QString::fromUtf16(kTelegramToken));
    m_telegram.webhookSecret = m_secrets.readText(QString::fromUtf16(kTelegramSecret));
    m_telegram.apiBase = plain(u"telegram/apiBase"_s, u"AIOCHAT_TELEGRAM_API_BASE"_s,
                               QString::fromLatin1(kDefaultTelegramApi));
    m_telegram.mode = plain(u"telegram/mode"_s, u"AIOCHAT_TELEGRAM_MODE"_s, u"webhook"_s);
    m_whatsApp.appSecret = m_secrets.readText(QString::fromUtf16(kWhatsAppAppSecret));
    m_whatsApp.verifyToken = m_secrets.readText(QString::fromUtf16(kWhatsAppVerify));
    m_whatsApp.accessToken = m_secrets.readText(QString::fromUtf16(kWhatsAppAccess));
    m_whatsApp.phoneNumberId =
        plain(u"whatsapp/phoneNumberId"_s, u"AIOCHAT_WHATSAPP_PHONE_NUMBER_ID"_s, {});
    m_whatsApp.apiBase = plain(u"whatsapp/apiBase"_s, u"AIOCHAT_WHATSAPP_API_BASE"_s,
                               QString::fromLatin1(kDefaultWhatsAppApi));
    m_metricsToken = m_secrets.readText(u"metrics-token"_s); // AIOCHAT_METRICS_TOKEN
    m_llm.baseUrl = plain(u"llm/baseUrl"_s, u"AIOCHAT_LLM_BASE_URL"_s, {}).trimmed();
    while (m_llm.baseUrl.endsWith(u'/'))
        m_llm.baseUrl.chop(1);
    m_llm.apiKey = m_secrets.readText(u"llm-api-key"_s); // AIOCHAT_LLM_API_KEY
    m_llm.embeddingModel =
        plain(u"llm/embeddingModel"_s, u"AIOCHAT_LLM_EMBEDDING_MODEL"_s, {}).trimmed();
    m_llm.chatModel = plain(u"llm/chatModel"_s, u"AIOCHAT_LLM_CHAT_MODEL"_s, {}).trimmed();
    bool ok = false;
    const int timeout =
        plain(u"llm/timeoutMs"_s, u"AIOCHAT_LLM_TIMEOUT_MS"_s, u"60000"_s).toInt(&ok);
    m_llm.timeoutMs = ok && timeout >= 100 ? timeout : 60'000;
    const QString assistant =
        plain(u"assistant/enabled"_s, u"AIOCHAT_ASSISTANT"_s, u"on"_s).trimmed().toLower();
    m_llm.assistantEnabled =
        !QStringList{u"off"_s, u"false"_s, u"0"_s, u"no"_s}.contains(assistant);
    while (m_telegram.apiBase.endsWith(u'/'))
        m_telegram.apiBase.chop(1);
    while (m_whatsApp.apiBase.endsWith(u'/'))
        m_whatsApp.apiBase.chop(1);
    Q_EMIT changed();
}

QString ChannelSettings::describe(const QString &missing)
{
    // The console speaks of what the operator sees in the form; the variable names stay for logs
    // and for people who configure by environment.
    if (missing == hint(kTelegramToken))
        return QObject::tr("the bot token");
    if (missing == hint(kTelegramSecret))
        return QObject::tr("the webhook secret");
    if (missing == hint(kWhatsAppAppSecret))
        return QObject::tr("the app secret");
    if (missing == hint(kWhatsAppVerify))
        return QObject::tr("the verify token");
    if (missing == hint(kWhatsAppAccess))
        return QObject::tr("the access token");
    if (missing == u"AIOCHAT_WHATSAPP_PHONE_NUMBER_ID"_s)
        return QObject::tr("the phone number id");
    return missing;
}

QStringList ChannelSettings::telegramWebhookMissing() const
{
    QStringList missing;
    if (m_telegram.webhookSecret.isEmpty())
        missing << hint(kTelegramSecret);
    return missing;
}

QStringList ChannelSettings::whatsAppWebhookMissing() const
{
    QStringList missing;
    if (m_whatsApp.appSecret.isEmpty())
        missing << hint(kWhatsAppAppSecret);
    if (m_whatsApp.verifyToken.isEmpty())
        missing << hint(kWhatsAppVerify);
    return missing;
}

QStringList ChannelSettings::telegramSendingMissing() const
{
    QStringList missing;
    if (m_telegram.botToken.isEmpty())
        missing << hint(kTelegramToken);
    return missing;
}

QStringList ChannelSettings::whatsAppSendingMissing() const
{
    QStringList missing;
    if (m_whatsApp.accessToken.isEmpty())
        missing << hint(kWhatsAppAccess);
    if (m_whatsApp.phoneNumberId.isEmpty())
        missing << u"AIOCHAT_WHATSAPP_PHONE_NUMBER_ID"_s;
    return missing;
}

QString ChannelSettings::checkTemplates(const QString &json)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return u"whatsapp/templates: a JSON array of {name, language, body} is expected"_s;
    // Meta's rules for template names, and BCP 47-ish language codes ("id", "en_US").
    static const QRegularExpression name(u"^[a-z0-9_]{1,512}$"_s);
    static const QRegularExpression language(u"^[a-z]{2,3}(_[A-Z]{2})?$"_s);
    QSet<QString> seen;
    int index = 0;
    for (const QJsonValue &v : doc.array()) {
        ++index;
        const QJsonObject t = v.toObject();
        const QString where = u"template "_s + QString::number(index) + u": "_s;
        const QString n = t.value(u"name"_s).toString();
        const QString l = t.value(u"language"_s).toString();
        if (!name.match(n).hasMatch())
            return where + u"the name is lower-case letters, digits and _ (as in Meta's manager)"_s;
        if (!language.match(l).hasMatch())
            return where + u"the language is a code such as id, en or en_US"_s;
        if (t.value(u"body"_s).toString().trimmed().isEmpty())
            return where + u"the body (the approved text, with {{1}}, {{2}}…) is empty"_s;
        if (const QString why = whatsapptemplates::checkPlaceholders(t.value(u"body"_s).toString());
            !why.isEmpty())
            return where + why;
        if (seen.contains(n + u'/' + l))
            return where + u"\""_s + n + u"\" in "_s + l + u" is listed twice"_s;
        seen.insert(n + u'/' + l);
    }
    return {};
}

QStringList ChannelSettings::settableSecrets()
{
    return {QString::fromUtf16(kTelegramToken),     QString::fromUtf16(kTelegramSecret),
            QString::fromUtf16(kWhatsAppAppSecret), QString::fromUtf16(kWhatsAppVerify),
            QString::fromUtf16(kWhatsAppAccess),    u"llm-api-key"_s};
}

QString ChannelSettings::publicUrl() const
{
    return m_settings.value(u"listener/publicUrl"_s).toString();
}

QStringList ChannelSettings::secretNames()
{
    return settableSecrets() << u"metrics-token"_s;
}

QString ChannelSettings::store(const QString &key, const QString &value)
{
    const QString error = storeHere(key, value);
    if (error.isEmpty())
        Q_EMIT stored(key, value);
    return error;
}

QString ChannelSettings::applyFromPeer(const QString &key, const QString &value)
{
    return storeHere(key, value);
}

QString ChannelSettings::storeHere(const QString &key, const QString &value)
{
    static const QStringList secretKeys = settableSecrets();
    static const QStringList plainKeys{
        u"telegram/apiBase"_s,  u"telegram/mode"_s, u"whatsapp/phoneNumberId"_s,
        u"whatsapp/apiBase"_s,  u"llm/baseUrl"_s,   u"llm/embeddingModel"_s,
        u"llm/chatModel"_s,     u"llm/timeoutMs"_s, u"assistant/enabled"_s,
        u"listener/publicUrl"_s};
    if (key == u"listener/publicUrl"_s && !value.isEmpty()) {
        const QUrl url(value, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || url.hasQuery() || url.hasFragment() ||
            (url.scheme() != u"https"_s && url.scheme() != u"http"_s))
            return u"listener/publicUrl: an address such as https://office.example.com, where "
                   u"the platforms reach this listener"_s;
    }
    if (secretKeys.contains(key)) {
        const Status s =
            value.isEmpty() ? m_secrets.remove(key) : m_secrets.write(key, value.toUtf8());
        if (!s.isOk())
            return s.message();
    } else if (key == u"whatsapp/templates"_s) {
        if (const QString error = checkTemplates(value); !error.isEmpty())
            return error;
        m_settings.setValue(key, value);
        if (!m_settings.sync())
            return u"cannot write the settings file"_s;
    } else if (plainKeys.contains(key)) {
        if (value.isEmpty())
            m_settings.remove(key);
        else
            m_settings.setValue(key, value);
        if (!m_settings.sync())
            return u"cannot write the settings file"_s;
    } else {
        return u"unknown channel setting \""_s + key + u'"';
    }
    reload();
    return {};
}

} // namespace aiochat
