#include "embeddingclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace aiochat {

EmbeddingClient::EmbeddingClient(QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{}

void EmbeddingClient::embed(const QStringList &inputs, int timeoutMs, Done done)
{
    if (!isConfigured()) {
        done(Status::failedPrecondition(u"no embedding endpoint is configured"_s));
        return;
    }
    const QNetworkRequest request = m_endpoint.request(u"/embeddings"_s, timeoutMs);
    const QJsonObject body{{u"model"_s, m_endpoint.model()},
                           {u"input"_s, QJsonArray::fromStringList(inputs)},
                           {u"encoding_format"_s, u"float"_s}};
    QNetworkReply *reply =
        m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    const qsizetype expected = inputs.size();
    connect(reply, &QNetworkReply::finished, this, [reply, done, expected] {
        reply->deleteLater();
        const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::OperationCanceledError ||
            reply->error() == QNetworkReply::TimeoutError) {
            done(Status::unavailable(u"the embedding endpoint did not answer in time"_s));
            return;
        }
        if (http == 0) {
            done(Status::unavailable(u"the embedding endpoint is unreachable: "_s +
                                     reply->errorString()));
            return;
        }
        const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
        if (http != 200) {
            const QString message = OpenAiEndpoint::errorMessage(json);
            const QString what =
                http == 429 ? u"rate limited (HTTP 429)"_s : u"HTTP "_s + QString::number(http);
            done(
                Status::unavailable(u"the embedding endpoint answered "_s + what +
                                    (message.isEmpty() ? QString() : u": "_s + message.left(200))));
            return;
        }
        const QJsonArray data = json.value(u"data"_s).toArray();
        if (data.size() != expected) {
            done(Status::unavailable(u"the embedding endpoint returned "_s +
                                     QString::number(data.size()) + u" vectors for "_s +
                                     QString::number(expected) + u" texts"_s));
            return;
        }
        Vectors out(expected);
        qsizetype dims = -1;
        for (const QJsonValue &v : data) {
            const QJsonObject item = v.toObject();
            const qsizetype index = item.value(u"index"_s).toInteger(-1);
            const QJsonArray embedding = item.value(u"embedding"_s).toArray();
            if (index < 0 || index >= expected || !out.at(index).isEmpty() || embedding.isEmpty()) {
                done(Status::unavailable(u"the embedding endpoint's answer is malformed"_s));
                return;
            }
            if (dims >= 0 && embedding.size() != dims) {
                done(Status::unavailable(u"the embedding endpoint returned vectors of "
                                         u"different sizes"_s));
                return;
            }
            dims = embedding.size();
            QVector<float> vector(dims);
            for (qsizetype i = 0; i < dims; ++i)
                vector[i] = float(embedding.at(i).toDouble());
            out[index] = vector;
        }
        done(out);
    });
}

} // namespace aiochat
