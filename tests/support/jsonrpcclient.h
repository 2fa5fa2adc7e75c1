#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QWebSocket>

#include <optional>

namespace aiochat::test {

/**
 * @brief A JSON-RPC 2.0 client over a real QWebSocket, as a third party would write one against
 * docs/console-protocol.md: calls by id, notifications kept in order, how the server closed.
 * Waits spin the event loop (QTest::qWaitFor), never sleep.
 */
class JsonRpcClient : public QObject
{
    Q_OBJECT
public:
    explicit JsonRpcClient(QObject *parent = nullptr);

    /** @brief Opens @p url (ws://…/api/v1/ws[?after=N]), with a bearer token when given. */
    bool open(const QString &url, const QString &token = {}, int timeoutMs = 5000);
    /** @brief Sends one call and waits for its answer (the whole response object). */
    std::optional<QJsonObject> call(const QString &method, const QJsonObject &params = {},
                                    int timeoutMs = 10000);
    /** @brief Sends a call without waiting; its id. */
    qint64 post(const QString &method, const QJsonObject &params = {});
    /** @brief Sends @p text as it is (malformed input, batches). */
    void sendRaw(const QString &text) { m_socket.sendTextMessage(text); }
    void sendBinary(const QByteArray &bytes) { m_socket.sendBinaryMessage(bytes); }
    /** @brief Waits for the answer to @p id. */
    std::optional<QJsonObject> answer(qint64 id, int timeoutMs = 10000);
    /** @brief Waits for the next message that is not an answer to a call by id. */
    std::optional<QJsonValue> nextOther(int timeoutMs = 10000);
    /** @brief Waits until the notification "event" named @p name arrives; its params. */
    std::optional<QJsonObject> waitForEvent(const QString &name, int timeoutMs = 10000);
    /** @brief Waits for the server to close the socket; false if it did not. */
    bool waitForClose(int timeoutMs = 10000);

    [[nodiscard]] QList<QJsonObject> events() const { return m_events; }
    [[nodiscard]] int answered() const { return int(m_answers.size()); }
    [[nodiscard]] QWebSocketProtocol::CloseCode closeCode() const { return m_socket.closeCode(); }
    [[nodiscard]] QString closeReason() const { return m_socket.closeReason(); }
    [[nodiscard]] bool isOpen() const
    {
        return m_socket.state() == QAbstractSocket::ConnectedState;
    }
    QWebSocket &socket() { return m_socket; }

private:
    void received(const QString &text);

    QWebSocket m_socket;
    qint64 m_nextId = 0;
    QHash<qint64, QJsonObject> m_answers;
    QList<QJsonValue> m_others;  ///< parse errors, batches, notifications other than events
    QList<QJsonObject> m_events; ///< params of "event" notifications, in order
    qsizetype m_eventsSeen = 0;
    bool m_closed = false;
};

} // namespace aiochat::test
