#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>

namespace aiochat::test {

/** @brief A request as the fake saw it. Header names lower-case. */
struct FakeRequest
{
    QByteArray method;
    QByteArray path;
    QByteArray query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    [[nodiscard]] QByteArray header(const QByteArray &name) const;
};

/** @brief One part of a multipart/form-data body. */
struct FakePart
{
    QByteArray name;
    QByteArray fileName; ///< empty for a plain field
    QByteArray contentType;
    QByteArray body;
};

/** @brief The parts of a multipart/form-data request (empty when it is not one). */
[[nodiscard]] QList<FakePart> multipartOf(const FakeRequest &request);

struct FakeResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

/** @brief Answers one request, now or later (long polls hold on to it). */
class FakeResponder
{
public:
    FakeResponder() = default;
    explicit FakeResponder(QTcpSocket *socket);
    void send(const FakeResponse &response) const;
    [[nodiscard]] bool isConnected() const;

private:
    QPointer<QTcpSocket> m_socket;
};

/**
 * @brief A deliberately small HTTP/1.1 server for protocol fakes on 127.0.0.1:0: request line,
 * headers, Content-Length bodies, keep-alive, one request at a time per connection. It shares no
 * code with the product's listener, so a bug there cannot hide itself in the tests.
 */
class FakeHttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const FakeRequest &, const FakeResponder &)>;

    explicit FakeHttpServer(QObject *parent = nullptr);
    bool listen();
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    [[nodiscard]] QString baseUrl() const;
    void setHandler(Handler handler) { m_handler = std::move(handler); }

private:
    void onConnection();

    QTcpServer m_server{this};
    Handler m_handler;
};

} // namespace aiochat::test
