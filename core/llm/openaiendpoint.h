#pragma once

#include <QNetworkRequest>
#include <QString>

class QJsonObject;

namespace aiochat {

/**
 * @brief Where an OpenAI-compatible server is and how to call it: the base URL (".../v1", any
 * trailing "/" dropped), the bearer key (optional for local servers; never logged) and the model.
 * Shared by EmbeddingClient and ChatClient.
 */
class OpenAiEndpoint
{
public:
    void configure(const QString &baseUrl, const QString &apiKey, const QString &model);
    [[nodiscard]] bool isConfigured() const { return !m_base.isEmpty() && !m_model.isEmpty(); }
    [[nodiscard]] const QString &model() const { return m_model; }

    /** @brief A JSON POST to {base}{path} with the key, limited to @p timeoutMs. */
    [[nodiscard]] QNetworkRequest request(const QString &path, int timeoutMs) const;

    /**
     * @brief The server's error message: {"error": {"message"}} (OpenAI, Ollama, newer vLLM),
     * {"error": "..."}, or a top-level {"object": "error", "message"} (older vLLM).
     */
    [[nodiscard]] static QString errorMessage(const QJsonObject &body);

private:
    QString m_base;
    QString m_apiKey;
    QString m_model;
};

} // namespace aiochat
