#pragma once

#include "fakehttpserver.h"

#include <QJsonArray>
#include <QStringList>

#include <functional>

namespace aiochat::test {

/**
 * @brief A loopback imitation of an OpenAI-compatible `POST /v1/chat/completions` (non-streamed,
 * as OpenAI, Ollama, llama.cpp server and vLLM answer it). Requests are checked the way those
 * servers check them — a JSON body, "model" the served one, "messages" a non-empty array of
 * {role ∈ system/developer/user/assistant, content: string}, "temperature" within 0–2,
 * "max_tokens" a positive integer, no streaming, the bearer key when one is required — and
 * refused with an OpenAI-style error otherwise (and listed in rejections(), which a test expects
 * empty).
 *
 * By default it answers like a careful grounded model: it reads the numbered <passage> blocks
 * and the <message> of the prompt, and replies with the passage sentence that shares the most
 * words with the question, cited "[n]" — or NO_ANSWER when it shares less than half of them. A test
 * can script it instead: a fixed reply, a function of the prompt, the prompt echoed back, a
 * delay, HTTP errors (with retry-after-ms, as OpenAI sends), a body that is not JSON, an empty
 * choice list. Every prompt received is kept, so a test can prove what the model was (not) shown.
 */
class FakeChatServer : public QObject
{
    Q_OBJECT

public:
    explicit FakeChatServer(QString model, QObject *parent = nullptr);

    bool listen() { return m_http.listen(); }
    /** @brief What AIOCHAT_LLM_BASE_URL should be: http://127.0.0.1:<port>/v1 */
    [[nodiscard]] QString baseUrl() const { return m_http.baseUrl() + QStringLiteral("/v1"); }
    void requireKey(const QString &key) { m_key = key; }

    using Script = std::function<QString(const QString &system, const QString &user)>;
    /** @brief Replies computed from the prompt (empty: the grounded default). */
    void answerBy(Script script) { m_script = std::move(script); }
    void answerWith(const QString &reply)
    {
        m_script = [reply](const QString &, const QString &) { return reply; };
    }
    /** @brief Replies with the prompt's user message itself. */
    void echoPrompt()
    {
        m_script = [](const QString &, const QString &user) { return user; };
    }

    /** @brief The next @p times requests fail with @p httpStatus (times < 0: all of them). */
    void failWith(int httpStatus, int times = -1)
    {
        m_failStatus = httpStatus;
        m_failTimes = times;
    }
    void delayBy(int ms) { m_delayMs = ms; }
    void answerMalformed(bool on) { m_malformed = on; }
    void answerWithoutChoices(bool on) { m_noChoices = on; }

    [[nodiscard]] int requests() const { return m_requests; }
    /** @brief The user message of every well-formed request, in order. */
    [[nodiscard]] const QStringList &prompts() const { return m_prompts; }
    [[nodiscard]] const QStringList &systemPrompts() const { return m_systems; }
    [[nodiscard]] const QStringList &rejections() const { return m_rejections; }

    /** @brief The grounded default's reply to a prompt (for the evaluation's expectations). */
    [[nodiscard]] static QString groundedReply(const QString &user);

private:
    void handle(const FakeRequest &request, const FakeResponder &responder);

    FakeHttpServer m_http{this};
    QString m_model;
    QString m_key;
    Script m_script;
    int m_failStatus = 0;
    int m_failTimes = 0;
    int m_delayMs = 0;
    bool m_malformed = false;
    bool m_noChoices = false;
    int m_requests = 0;
    QStringList m_prompts;
    QStringList m_systems;
    QStringList m_rejections;
};

} // namespace aiochat::test
