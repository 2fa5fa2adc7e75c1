#include "fakechatserver.h"

#include "fakeopenai.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace aiochat::test {

namespace {

QSet<QString> contentWords(const QString &text)
{
    static const QSet<QString> stop{
        u"the"_s,  u"a"_s,    u"an"_s,  u"is"_s,   u"are"_s,  u"of"_s,   u"to"_s,     u"in"_s,
        u"for"_s,  u"and"_s,  u"or"_s,  u"my"_s,   u"i"_s,    u"what"_s, u"how"_s,    u"when"_s,
        u"do"_s,   u"does"_s, u"can"_s, u"you"_s,  u"your"_s, u"it"_s,   u"on"_s,     u"with"_s,
        u"be"_s,   u"me"_s,   u"am"_s,  u"at"_s,   u"by"_s,   u"this"_s, u"that"_s,   u"which"_s,
        u"yang"_s, u"dan"_s,  u"di"_s,  u"ke"_s,   u"apa"_s,  u"saya"_s, u"berapa"_s, u"untuk"_s,
        u"ada"_s,  u"itu"_s,  u"ini"_s, u"dari"_s, u"bisa"_s, u"will"_s, u"much"_s,   u"long"_s};
    QSet<QString> out;
    for (const QString &w :
         text.toLower().split(QRegularExpression(u"[^\\p{L}\\p{N}]+"_s), Qt::SkipEmptyParts)) {
        // A plural and its singular are one word ("premiums", "premium").
        if (!stop.contains(w) && w.size() > 1)
            out.insert(w.size() > 3 && w.endsWith(u's') ? w.chopped(1) : w);
    }
    return out;
}

} // namespace

FakeChatServer::FakeChatServer(QString model, QObject *parent)
    : QObject(parent)
    , m_model(std::move(model))
{
    m_http.setHandler(
        [this](const FakeRequest &r, const FakeResponder &responder) { handle(r, responder); });
}

QString FakeChatServer::groundedReply(const QString &user)
{
    static const QRegularExpression passage(
        u"<passage id=\"(\\d+)\"([^>]*)>\\n(.*?)\\n</passage>"_s,
        QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression message(u"<message>\\n(.*)\\n</message>"_s,
                                            QRegularExpression::DotMatchesEverythingOption);
    const QSet<QString> asked = contentWords(message.match(user).captured(1));
    QString best;
    int bestId = 0;
    int bestScore = 0;
    QRegularExpressionMatchIterator it = passage.globalMatch(user);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (m.captured(2).contains(u"archived"_s))
            continue;
        static const QRegularExpression split(u"(?<=[.!?])\\s+|\\n+"_s);
        for (const QString &sentence : m.captured(3).split(split, Qt::SkipEmptyParts)) {
            const int score = int((contentWords(sentence) & asked).size());
            if (score > bestScore) {
                bestScore = score;
                best = sentence.trimmed();
                bestId = m.captured(1).toInt();
            }
        }
    }
    // Enough of the question is in the sentence: half its words, and at least one.
    if (bestScore < std::max<qsizetype>(1, (asked.size() + 1) / 2))
        return u"NO_ANSWER"_s;
    return best + u" ["_s + QString::number(bestId) + u"]"_s;
}

void FakeChatServer::handle(const FakeRequest &request, const FakeResponder &responder)
{
    ++m_requests;
    if (!openai::accept(request, responder, "/v1/chat/completions", m_key, m_rejections))
        return;
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    const QJsonObject body = document.object();
    QString problem;
    const QJsonArray messages = body.value(u"messages"_s).toArray();
    static const QSet<QString> roles{u"system"_s, u"developer"_s, u"user"_s, u"assistant"_s};
    QString system;
    QString user;
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        problem = u"We could not parse the JSON body of your request."_s;
    else if (body.value(u"model"_s).toString() != m_model)
        problem = u"The model '"_s + body.value(u"model"_s).toString() + u"' does not exist"_s;
    else if (messages.isEmpty())
        problem = u"'messages' must be a non-empty array"_s;
    else if (body.contains(u"temperature"_s) && (!body.value(u"temperature"_s).isDouble() ||
                                                 body.value(u"temperature"_s).toDouble() < 0 ||
                                                 body.value(u"temperature"_s).toDouble() > 2))
        problem = u"'temperature' must be a number between 0 and 2"_s;
    else if (body.contains(u"max_tokens"_s) && body.value(u"max_tokens"_s).toInt() <= 0)
        problem = u"'max_tokens' must be a positive integer"_s;
    else if (body.value(u"stream"_s).toBool())
        problem = u"this fake answers non-streamed requests only"_s;
    for (const QJsonValue &v : messages) {
        const QJsonObject m = v.toObject();
        if (!roles.contains(m.value(u"role"_s).toString()) || !m.value(u"content"_s).isString()) {
            problem = u"each message needs a known 'role' and a string 'content'"_s;
            break;
        }
        if (m.value(u"role"_s).toString() == u"user"_s)
            user = m.value(u"content"_s).toString();
        else if (m.value(u"role"_s).toString() == u"system"_s)
            system = m.value(u"content"_s).toString();
    }
    if (!problem.isEmpty()) {
        m_rejections.append(problem);
        responder.send(openai::error(400, problem, u"invalid_request_error"_s));
        return;
    }
    m_prompts.append(user);
    m_systems.append(system);

    FakeResponse response;
    if (m_failStatus && m_failTimes != 0) {
        if (m_failTimes > 0)
            --m_failTimes;
        response = m_failStatus == 429
                       ? openai::error(429, u"Rate limit reached for requests"_s, u"requests"_s,
                                       u"rate_limit_exceeded"_s)
                       : openai::error(m_failStatus,
                                       u"The server had an error while processing your request"_s,
                                       u"server_error"_s);
    } else if (m_malformed) {
        response.body = "{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":";
    } else {
        const QString reply = m_script ? m_script(system, user) : groundedReply(user);
        const int promptTokens = int((system + u' ' + user).split(u' ').size());
        QJsonArray choices;
        if (!m_noChoices)
            choices.append(QJsonObject{{u"index"_s, 0},
                                       {u"message"_s, QJsonObject{{u"role"_s, u"assistant"_s},
                                                                  {u"content"_s, reply},
                                                                  {u"refusal"_s, QJsonValue()}}},
                                       {u"logprobs"_s, QJsonValue()},
                                       {u"finish_reason"_s, u"stop"_s}});
        const int completionTokens = int(reply.split(u' ').size());
        response.body =
            QJsonDocument(
                QJsonObject{{u"id"_s, u"chatcmpl-"_s + QString::number(m_requests)},
                            {u"object"_s, u"chat.completion"_s},
                            {u"created"_s, 1767225600},
                            {u"model"_s, m_model},
                            {u"choices"_s, choices},
                            {u"usage"_s,
                             QJsonObject{{u"prompt_tokens"_s, promptTokens},
                                         {u"completion_tokens"_s, completionTokens},
                                         {u"total_tokens"_s, promptTokens + completionTokens}}}})
                .toJson(QJsonDocument::Compact);
    }
    if (m_delayMs > 0)
        QTimer::singleShot(m_delayMs, this, [responder, response] { responder.send(response); });
    else
        responder.send(response);
}

} // namespace aiochat::test
