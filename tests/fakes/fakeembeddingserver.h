#pragma once

#include "fakehttpserver.h"

#include <QHash>
#include <QStringList>

namespace aiochat::test {

/**
 * @brief A loopback imitation of an OpenAI-compatible embeddings endpoint (`POST /v1/embeddings`
 * as OpenAI, Ollama, llama.cpp server and vLLM serve it). Requests are checked like the real
 * servers do (JSON body, "model" the served one, "input" a non-empty string or array of strings,
 * bearer token when one is required) and refused with an OpenAI-style error otherwise.
 *
 * Vectors are a deterministic bag of words: each word adds to one of @c dims buckets, after a
 * small synonym table maps Indonesian and English business words onto one meaning ("premi" →
 * "premium", "jatuh tempo" → "due") — the kind of bridge a multilingual model gives, so a test
 * can tell vector retrieval from keyword retrieval. Failures can be switched on: HTTP errors,
 * 429, a delay, the wrong vector size.
 */
class FakeEmbeddingServer : public QObject
{
    Q_OBJECT

public:
    FakeEmbeddingServer(QString model, int dims, QObject *parent = nullptr);

    bool listen() { return m_http.listen(); }
    /** @brief What AIOCHAT_LLM_BASE_URL should be: http://127.0.0.1:<port>/v1 */
    [[nodiscard]] QString baseUrl() const { return m_http.baseUrl() + QStringLiteral("/v1"); }
    void requireKey(const QString &key) { m_key = key; }
    /** @brief Serves this model as well (a second model to switch to). */
    void serveAlso(const QString &model) { m_others.append(model); }

    /** @brief Answer every request with this HTTP status and an error body (0: normal). */
    void failWith(int httpStatus) { m_failStatus = httpStatus; }
    void delayBy(int ms) { m_delayMs = ms; }
    /** @brief Vectors of this size from now on (a model swapped on the server). */
    void answerWithDims(int dims) { m_answerDims = dims; }

    [[nodiscard]] int requests() const { return m_requests; }
    [[nodiscard]] int texts() const { return m_texts; }
    /** @brief Requests the server refused as malformed (a test expects none). */
    [[nodiscard]] const QStringList &rejections() const { return m_rejections; }

    /** @brief The vector the server gives @p text (for benchmarks and tests). */
    [[nodiscard]] QVector<float> vectorOf(const QString &text, int dims) const;

private:
    void handle(const FakeRequest &request, const FakeResponder &responder);

    FakeHttpServer m_http{this};
    QString m_model;
    QStringList m_others;
    int m_dims;
    int m_answerDims;
    QString m_key;
    int m_failStatus = 0;
    int m_delayMs = 0;
    int m_requests = 0;
    int m_texts = 0;
    QStringList m_rejections;
};

} // namespace aiochat::test
