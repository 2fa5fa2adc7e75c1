#include "fakeembeddingserver.h"

#include "fakeopenai.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimer>

#include <cmath>

using namespace Qt::StringLiterals;

namespace aiochat::test {

FakeEmbeddingServer::FakeEmbeddingServer(QString model, int dims, QObject *parent)
    : QObject(parent)
    , m_model(std::move(model))
    , m_dims(dims)
    , m_answerDims(dims)
{
    m_http.setHandler(
        [this](const FakeRequest &r, const FakeResponder &responder) { handle(r, responder); });
}

QVector<float> FakeEmbeddingServer::vectorOf(const QString &text, int dims) const
{
    static const QHash<QString, QString> meaning{
        {u"premi"_s, u"premium"_s},  {u"premiums"_s, u"premium"_s}, {u"jatuh"_s, u"due"_s},
        {u"tempo"_s, u"due"_s},      {u"klaim"_s, u"claim"_s},      {u"claims"_s, u"claim"_s},
        {u"polis"_s, u"policy"_s},   {u"ahli"_s, u"beneficiary"_s}, {u"waris"_s, u"beneficiary"_s},
        {u"rumah"_s, u"hospital"_s}, {u"sakit"_s, u"hospital"_s},   {u"tenggang"_s, u"grace"_s},
    };
    QVector<float> v(dims, 0.0f);
    const QStringList words =
        text.toLower().split(QRegularExpression(u"[^\\p{L}\\p{N}]+"_s), Qt::SkipEmptyParts);
    for (const QString &w : words) {
        const QString m = meaning.value(w, w);
        v[int(qHash(m, 7) % uint(dims))] += 1.0f;
    }
    return v;
}

void FakeEmbeddingServer::handle(const FakeRequest &request, const FakeResponder &responder)
{
    ++m_requests;
    if (!openai::accept(request, responder, "/v1/embeddings", m_key, m_rejections))
        return;
    QJsonParseError parseError{};
    const QJsonObject body = QJsonDocument::fromJson(request.body, &parseError).object();
    QStringList inputs;
    const QJsonValue input = body.value(u"input"_s);
    if (input.isString()) {
        inputs.append(input.toString());
    } else {
        for (const QJsonValue &v : input.toArray()) {
            if (!v.isString() || v.toString().isEmpty()) {
                inputs.clear();
                break;
            }
            inputs.append(v.toString());
        }
    }
    if (parseError.error != QJsonParseError::NoError || inputs.isEmpty() ||
        (body.value(u"model"_s).toString() != m_model &&
         !m_others.contains(body.value(u"model"_s).toString()))) {
        m_rejections.append(QString::fromUtf8(request.body.left(200)));
        responder.send(openai::error(400,
                                     u"'input' must be a non-empty string or array of "
                                     u"strings and 'model' a served model"_s,
                                     u"invalid_request_error"_s));
        return;
    }
    m_texts += int(inputs.size());
    FakeResponse response;
    if (m_failStatus == 429) {
        response = openai::error(429, u"Rate limit reached for requests"_s, u"requests"_s);
    } else if (m_failStatus) {
        response = openai::error(m_failStatus,
                                 u"The server had an error while processing your "
                                 u"request"_s,
                                 u"server_error"_s);
    } else {
        QJsonArray data;
        for (qsizetype i = 0; i < inputs.size(); ++i) {
            QJsonArray embedding;
            for (float f : vectorOf(inputs.at(i), m_answerDims))
                embedding.append(double(f));
            data.append(QJsonObject{
                {u"object"_s, u"embedding"_s}, {u"index"_s, int(i)}, {u"embedding"_s, embedding}});
        }
        response.body =
            QJsonDocument(QJsonObject{{u"object"_s, u"list"_s},
                                      {u"data"_s, data},
                                      {u"model"_s, m_model},
                                      {u"usage"_s, QJsonObject{{u"prompt_tokens"_s, 1},
                                                               {u"total_tokens"_s, 1}}}})
                .toJson(QJsonDocument::Compact);
    }
    if (m_delayMs > 0)
        QTimer::singleShot(m_delayMs, this, [responder, response] { responder.send(response); });
    else
        responder.send(response);
}

} // namespace aiochat::test
