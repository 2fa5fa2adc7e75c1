#include "chatclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr int kLongestServerWaitMs = 20'000;

QString errorCode(const QJsonObject &json)
{
    const QJsonObject error = json.value(u"error"_s).toObject();
    const QJsonValue code = error.value(u"code"_s);
    return code.isString() ? code.toString() : error.value(u"type"_s).toString();
}

// How long the server asks us to wait, in ms: -1 when it does not say.
int serverWaitMs(QNetworkReply *reply)
{
    bool ok = false;
    const double ms = reply->rawHeader("retry-after-ms").toDouble(&ok);
    if (ok && ms >= 0)
        return int(ms);
    const double seconds = reply->rawHeader("retry-after").toDouble(&ok);
    if (ok && seconds >= 0)
        return int(seconds * 1000);
    return -1;
}

} // namespace

ChatClient::ChatClient(QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{}

void ChatClient::complete(const QList<ChatMessage> &messages, int maxTokens, int timeoutMs,
                          Done done)
{
    if (!isConfigured()) {
        done(Status::failedPrecondition(u"no chat model is configured"_s));
        return;
    }
    QJsonArray list;
    for (const ChatMessage &m : messages)
        list.append(QJsonObject{{u"role"_s, m.role}, {u"content"_s, m.content}});
    // max_tokens, not max_completion_tokens: the one Ollama, llama.cpp and vLLM understand.
    const QJsonObject body{{u"model"_s, m_endpoint.model()},
                           {u"messages"_s, list},
                           {u"temperature"_s, 0.2},
                           {u"max_tokens"_s, maxTokens},
                           {u"stream"_s, false}};
    attempt(QJsonDocument(body).toJson(QJsonDocument::Compact), timeoutMs, 1, std::move(done));
}

void ChatClient::attempt(const QByteArray &body, int timeoutMs, int attemptNo, Done done)
{
    QNetworkRequest request = m_endpoint.request(u"/chat/completions"_s, timeoutMs);
    request.setRawHeader("x-retry-count", QByteArray::number(attemptNo - 1));
    QNetworkReply *reply = m_network.post(request, body);
    QPointer<ChatClient> self(this);
    connect(reply, &QNetworkReply::finished, this, [self, reply, body, timeoutMs, attemptNo, done] {
        reply->deleteLater();
        const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QJsonParseError parseError{};
        const QJsonDocument document =
            QJsonDocument::fromJson(reply->isOpen() ? reply->readAll() : QByteArray(), &parseError);
        const QJsonObject json = document.object();

        // Retried or not, and after how long.
        auto retry = [&](const QString &why, int waitMs) {
            if (!self || attemptNo > kMaxRetries || waitMs > kLongestServerWaitMs) {
                done(Status::unavailable(
                    why + (attemptNo > 1
                               ? u" (after "_s + QString::number(attemptNo) + u" attempts)"_s
                               : QString())));
                return;
            }
            if (waitMs < 0) {
                const double jitter = 0.75 + 0.25 * QRandomGenerator::global()->generateDouble();
                waitMs = int(std::min(500 * (1 << (attemptNo - 1)), 8000) * jitter);
            }
            QTimer::singleShot(waitMs, self, [self, body, timeoutMs, attemptNo, done] {
                if (self)
                    self->attempt(body, timeoutMs, attemptNo + 1, done);
            });
        };

        if (reply->error() == QNetworkReply::OperationCanceledError ||
            reply->error() == QNetworkReply::TimeoutError) {
            done(Status::unavailable(u"the model did not answer within "_s +
                                     QString::number(timeoutMs) + u" ms"_s));
            return;
        }
        if (http == 0) {
            retry(u"the model's endpoint is unreachable: "_s + reply->errorString(), -1);
            return;
        }
        if (http != 200) {
            const QString message = OpenAiEndpoint::errorMessage(json).left(200);
            const QString what = u"the model's endpoint answered HTTP "_s + QString::number(http) +
                                 (message.isEmpty() ? QString() : u": "_s + message);
            const QByteArray should = reply->rawHeader("x-should-retry");
            const bool retryable =
                should == "true" || (should != "false" &&
                                     (http == 408 || http == 409 || http >= 500 ||
                                      (http == 429 && errorCode(json) != u"insufficient_quota"_s)));
            if (retryable)
                retry(what, serverWaitMs(reply));
            else
                done(Status::unavailable(what));
            return;
        }
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            done(Status::unavailable(u"the model's answer is not JSON: "_s +
                                     parseError.errorString()));
            return;
        }
        const QJsonArray choices = json.value(u"choices"_s).toArray();
        if (choices.isEmpty()) {
            done(Status::unavailable(u"the model's answer has no choices"_s));
            return;
        }
        const QJsonObject choice = choices.first().toObject();
        const QJsonObject message = choice.value(u"message"_s).toObject();
        if (!message.value(u"content"_s).isString()) {
            const QString refusal = message.value(u"refusal"_s).toString();
            done(Status::unavailable(refusal.isEmpty()
                                         ? u"the model's answer has no text"_s
                                         : u"the model refused: "_s + refusal.left(200)));
            return;
        }
        ChatAnswer answer;
        answer.text = message.value(u"content"_s).toString();
        answer.model = json.value(u"model"_s).toString();
        answer.finishReason = choice.value(u"finish_reason"_s).toString();
        const QJsonObject usage = json.value(u"usage"_s).toObject();
        answer.promptTokens = usage.value(u"prompt_tokens"_s).toInt();
        answer.completionTokens = usage.value(u"completion_tokens"_s).toInt();
        answer.attempts = attemptNo;
        done(answer);
    });
}

} // namespace aiochat
