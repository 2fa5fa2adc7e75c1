#pragma once

#include "domain/status.h"
#include "openaiendpoint.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>

class QNetworkAccessManager;

namespace aiochat {

/**
 * @brief `POST {base}/embeddings` of any OpenAI-compatible server (OpenAI, Ollama, llama.cpp
 * server, vLLM) over Qt Network: {"model", "input": [texts]} → one vector per text, in order.
 * Every failure is a Status that says what happened (unreachable, timed out, HTTP status and the
 * server's message, rate limited, a malformed answer, vectors of mixed or unexpected size); the
 * API key is sent as a bearer token and never logged. Lives on the thread of its network
 * manager; requests are asynchronous.
 */
class EmbeddingClient : public QObject
{
    Q_OBJECT

public:
    using Vectors = QList<QVector<float>>;
    using Done = std::function<void(const Result<Vectors> &)>;

    EmbeddingClient(QNetworkAccessManager &network, QObject *parent = nullptr);

    void configure(const QString &baseUrl, const QString &apiKey, const QString &model)
    {
        m_endpoint.configure(baseUrl, apiKey, model);
    }
    [[nodiscard]] bool isConfigured() const { return m_endpoint.isConfigured(); }
    [[nodiscard]] const QString &model() const { return m_endpoint.model(); }

    /** @brief Embeds @p inputs; @p done runs on this object's thread. */
    void embed(const QStringList &inputs, int timeoutMs, Done done);

private:
    QNetworkAccessManager &m_network;
    OpenAiEndpoint m_endpoint;
};

} // namespace aiochat
