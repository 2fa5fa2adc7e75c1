#pragma once

#include "httplimits.h"
#include "httpmessage.h"

#include <QByteArray>

#include <functional>

#include <http_parser.h>

namespace aiochat {

/**
 * @brief Incremental HTTP/1.1 request parsing on libhttp-parser, with the listener's limits
 * applied while reading: it never buffers more header bytes than allowed, and refuses a body
 * that is too large from its Content-Length before any of it arrives. No sockets: bytes in,
 * events out — which is what makes it fuzzable.
 */
class HttpRequestParser
{
public:
    /** @brief Given the method and path, the body limit, or -1 for "no such path" / "wrong method".
     */
    struct RouteInfo
    {
        qint64 maxBody = -1;
        QByteArray allow; ///< for 405 when the path exists with other methods
    };
    using RouteLookup = std::function<RouteInfo(const QByteArray &method, const QByteArray &path)>;

    /** @brief Why parsing stopped with an error: the status and an error code/message to send. */
    struct Failure
    {
        int status = 0;
        QByteArray code;
        QByteArray message;
        QByteArray allow;
    };

    HttpRequestParser(const HttpLimits &limits, RouteLookup lookup);

    enum class Event
    {
        NeedMore,        ///< all bytes consumed, request not complete yet
        Continue100,     ///< headers accepted and the client waits for "100 Continue"
        RequestComplete, ///< request() holds a full request; feed the rest after answering
        Failed,          ///< failure() says why; the connection must answer and close
    };

    /**
     * @brief Consumes bytes from @p data (removing what was parsed) until an event. After
     * RequestComplete the remaining bytes stay in @p data for the next request.
     */
    Event feed(QByteArray &data);

    [[nodiscard]] const HttpRequest &request() const { return m_request; }
    [[nodiscard]] HttpRequest takeRequest() { return std::move(m_request); }
    [[nodiscard]] const Failure &failure() const { return m_failure; }
    [[nodiscard]] bool keepAlive() const { return m_keepAlive; }
    /** @brief True between the first byte of a request and its end (for the header/body timers). */
    [[nodiscard]] bool inHeaders() const { return m_started && !m_headersDone; }
    [[nodiscard]] bool inBody() const { return m_headersDone; }

private:
    static int onMessageBegin(http_parser *p);
    static int onUrl(http_parser *p, const char *at, size_t length);
    static int onHeaderField(http_parser *p, const char *at, size_t length);
    static int onHeaderValue(http_parser *p, const char *at, size_t length);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t length);
    static int onMessageComplete(http_parser *p);

    bool countHeaderBytes(size_t length);
    void fail(int status, const QByteArray &code, const QByteArray &message);

    HttpLimits m_limits;
    RouteLookup m_lookup;
    http_parser m_parser{};
    HttpRequest m_request;
    Failure m_failure;
    QByteArray m_url;
    QByteArray m_field;
    bool m_lastWasValue = false;
    int m_headerBytes = 0;
    qint64 m_maxBody = 0;
    bool m_keepAlive = true;
    bool m_started = false;
    bool m_headersDone = false;
    bool m_complete = false;
    bool m_continue = false;
    bool m_failed = false;
};

} // namespace aiochat
