#include "jsonrpcclient.h"

#include <QJsonDocument>
#include <QNetworkRequest>
#include <QTest>

using namespace Qt::StringLiterals;

namespace aiochat::test {

JsonRpcClient::JsonRpcClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &JsonRpcClient::received);
    connect(&m_socket, &QWebSocket::disconnected, this, [this] { m_closed = true; });
    // Large answers (1,000 in a burst) must not be cut by the client's own default.
    m_socket.setMaxAllowedIncomingMessageSize(64 << 20);
}

bool JsonRpcClient::open(const QString &url, const QString &token, int timeoutMs)
{
    QNetworkRequest request{QUrl(url)};
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    m_closed = false;
    m_socket.open(request);
    return QTest::qWaitFor(
               [this] { return m_socket.state() == QAbstractSocket::ConnectedState || m_closed; },
               timeoutMs) &&
           m_socket.state() == QAbstractSocket::ConnectedState;
}

qint64 JsonRpcClient::post(const QString &method, const QJsonObject &params)
{
    const qint64 id = ++m_nextId;
    QJsonObject call{{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, id}, {u"method"_s, method}};
    if (!params.isEmpty())
        call.insert(u"params"_s, params);
    m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(call).toJson(QJsonDocument::Compact)));
    return id;
}

std::optional<QJsonObject> JsonRpcClient::call(const QString &method, const QJsonObject &params,
                                               int timeoutMs)
{
    return answer(post(method, params), timeoutMs);
}

std::optional<QJsonObject> JsonRpcClient::answer(qint64 id, int timeoutMs)
{
    if (!QTest::qWaitFor([&] { return m_answers.contains(id) || m_closed; }, timeoutMs) ||
        !m_answers.contains(id))
        return std::nullopt;
    return m_answers.take(id);
}

std::optional<QJsonValue> JsonRpcClient::nextOther(int timeoutMs)
{
    if (!QTest::qWaitFor([&] { return !m_others.isEmpty() || m_closed; }, timeoutMs) ||
        m_others.isEmpty())
        return std::nullopt;
    return m_others.takeFirst();
}

std::optional<QJsonObject> JsonRpcClient::waitForEvent(const QString &name, int timeoutMs)
{
    std::optional<QJsonObject> found;
    (void)QTest::qWaitFor(
        [&] {
            for (; m_eventsSeen < m_events.size(); ++m_eventsSeen) {
                if (m_events.at(m_eventsSeen).value(u"event"_s).toString() == name) {
                    found = m_events.at(m_eventsSeen++);
                    return true;
                }
            }
            return m_closed;
        },
        timeoutMs);
    return found;
}

bool JsonRpcClient::waitForClose(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_closed; }, timeoutMs);
}

void JsonRpcClient::received(const QString &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        if (o.value(u"method"_s).toString() == u"event"_s) {
            m_events.append(o.value(u"params"_s).toObject());
            return;
        }
        if (o.value(u"id"_s).isDouble()) {
            m_answers.insert(o.value(u"id"_s).toInteger(), o);
            return;
        }
        m_others.append(o);
        return;
    }
    m_others.append(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(text));
}

} // namespace aiochat::test
