#pragma once

#include <QObject>
#include <QProcessEnvironment>
#include <QStringList>

namespace aiochat {

class SecretStore;
class Settings;

/** @brief Telegram channel configuration; secrets stay in memory only, never logged. */
struct TelegramConfig
{
    QString botToken;
    QString webhookSecret;
    QString apiBase; ///< https://api.telegram.org, or a local Bot API server / test fake
    QString mode;    ///< "webhook" or "polling"
};

/** @brief WhatsApp Cloud API channel configuration. */
struct WhatsAppConfig
{
    QString appSecret;   ///< signs webhook bodies (X-Hub-Signature-256)
    QString verifyToken; ///< the GET handshake
    QString accessToken; ///< sending
    QString phoneNumberId;
    QString apiBase; ///< https://graph.facebook.com/v24.0 by default
};

/**
 * @brief The OpenAI-compatible endpoint (OpenAI, Ollama, llama.cpp server, vLLM): AIOCHAT_LLM_*
 * variables, then Settings → Assistant. Empty base URL: offline, nothing is sent anywhere.
 */
struct LlmConfig
{
    QString baseUrl;        ///< e.g. http://127.0.0.1:11434/v1 (no trailing slash)
    QString apiKey;         ///< optional for local servers; a secret
    QString embeddingModel; ///< empty: no vectors, keyword retrieval only
    QString chatModel;      ///< empty: answers are extractive (the assistant issue)
    int timeoutMs = 60'000; ///< a request's limit (AIOCHAT_LLM_TIMEOUT_MS, llm/timeoutMs)
    /// The bot answers customers (AIOCHAT_ASSISTANT, assistant/enabled; on unless "off"). Off,
    /// customers' messages wait for operators and the bot's turns stay queued until it is on.
    bool assistantEnabled = true;

    [[nodiscard]] bool embeddings() const
    {
        return !baseUrl.isEmpty() && !embeddingModel.isEmpty();
    }
};

/**
 * @brief The channels' configuration: secrets from the SecretStore (keychain, key file, then
 * AIOCHAT_* variables), other values from AIOCHAT_* variables, then the settings file, then
 * defaults. Loaded at start and on reload(); lives in the core thread.
 */
class ChannelSettings : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *kDefaultTelegramApi = "https://api.telegram.org";
    static constexpr const char *kDefaultWhatsAppApi = "https://graph.facebook.com/v24.0";

    ChannelSettings(SecretStore &secrets, Settings &settings,
                    QProcessEnvironment env = QProcessEnvironment::systemEnvironment(),
                    QObject *parent = nullptr);

    void reload();
    [[nodiscard]] const TelegramConfig &telegram() const { return m_telegram; }
    [[nodiscard]] const WhatsAppConfig &whatsApp() const { return m_whatsApp; }
    [[nodiscard]] const LlmConfig &llm() const { return m_llm; }
    /** @brief The bearer token /metrics asks of callers beyond this machine ("" = none set). */
    [[nodiscard]] const QString &metricsToken() const { return m_metricsToken; }

    /** @brief What the inbound webhook lacks, as "AIOCHAT_… (secret name)" hints; empty when ready.
     */
    [[nodiscard]] QStringList telegramWebhookMissing() const;
    [[nodiscard]] QStringList whatsAppWebhookMissing() const;
    /** @brief What an operator calls a missing setting named as above ("the bot token"). */
    [[nodiscard]] static QString describe(const QString &missing);
    /** @brief Where the platforms reach the listener (a tunnel, a proxy); empty when not given. */
    [[nodiscard]] QString publicUrl() const;
    /** @brief Every secret these settings read (what a backup with keys carries). */
    [[nodiscard]] static QStringList secretNames();
    /** @brief What sending lacks. */
    [[nodiscard]] QStringList telegramSendingMissing() const;
    [[nodiscard]] QStringList whatsAppSendingMissing() const;

    /**
     * @brief Stores a value: secrets go to the SecretStore, the rest to settings. Then reloads
     * and announces it (stored()). Returns why not, or "".
     */
    [[nodiscard]] QString store(const QString &key, const QString &value);
    /** @brief The same for a value another instance stored: not announced again. */
    [[nodiscard]] QString applyFromPeer(const QString &key, const QString &value);
    /** @brief Why a whatsapp/templates value is not usable, or "" (names, languages, bodies). */
    [[nodiscard]] static QString checkTemplates(const QString &json);
    /** @brief The secrets an administrator sets from the console (store()). */
    [[nodiscard]] static QStringList settableSecrets();

Q_SIGNALS:
    void changed();
    /** @brief An administrator stored @p key here (other instances sharing the database follow). */
    void stored(const QString &key, const QString &value);

private:
    [[nodiscard]] QString storeHere(const QString &key, const QString &value);
    [[nodiscard]] QString plain(const QString &settingsKey, const QString &envName,
                                const QString &fallback) const;

    SecretStore &m_secrets;
    Settings &m_settings;
    QProcessEnvironment m_env;
    TelegramConfig m_telegram;
    WhatsAppConfig m_whatsApp;
    LlmConfig m_llm;
    QString m_metricsToken;
};

} // namespace aiochat
