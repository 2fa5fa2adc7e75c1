#pragma once

#include "domain/status.h"
#include "openaiendpoint.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>

class QNetworkAccessManager;

namespace aiochat {

/** @brief One message of a chat-completions request. */
struct ChatMessage
{
    QString role; ///< "system" or "user"
    QString content;
};

/** @brief What the model answered, with what it cost. */
struct ChatAnswer
{
    QString text;
    QString model; ///< as the server names it (may differ from the one asked for)
    QString finishReason;
    int promptTokens = 0; ///< 0 when the server does not report usage
    int completionTokens = 0;
    int attempts = 1; ///< 1 + the retries it took
};

/**
 * @brief `POST {base}/chat/completions` of any OpenAI-compatible server (OpenAI, Ollama,
 * llama.cpp server, vLLM), not streamed. Retries what the OpenAI client retries — a connection
 * refused, HTTP 408, 409, 429 and 5xx — at most @c maxRetries times, waiting what the server
 * asks (`retry-after-ms`, `retry-after` in seconds; longer than 20 s: no retry, the customer
 * is waiting) or 0.5 s, 1 s, … with jitter. A quota that is used up (429 `insufficient_quota`)
 * and a request that timed out are not retried: the first will not heal, the second already
 * cost the customer the whole timeout. Every failure is a Status saying what happened; the key
 * travels as a bearer token and is never logged. Lives on its network manager's thread.
 */
class ChatClient : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const Result<ChatAnswer> &)>;

    ChatClient(QNetworkAccessManager &network, QObject *parent = nullptr);

    void configure(const QString &baseUrl, const QString &apiKey, const QString &model)
    {
        m_endpoint.configure(baseUrl, apiKey, model);
    }
    [[nodiscard]] bool isConfigured() const { return m_endpoint.isConfigured(); }
    [[nodiscard]] const QString &model() const { return m_endpoint.model(); }

    static constexpr int kMaxRetries = 2;

    /** @brief Asks for a completion; @p done runs once, on this object's thread. */
    void complete(const QList<ChatMessage> &messages, int maxTokens, int timeoutMs, Done done);

private:
    void attempt(const QByteArray &body, int timeoutMs, int attemptNo, Done done);

    QNetworkAccessManager &m_network;
    OpenAiEndpoint m_endpoint;
};

} // namespace aiochat
