#include "httprequestparser.h"

namespace aiochat {

namespace {

HttpRequestParser *self(http_parser *p)
{
    return static_cast<HttpRequestParser *>(p->data);
}

} // namespace

HttpRequestParser::HttpRequestParser(const HttpLimits &limits, RouteLookup lookup)
    : m_limits(limits)
    , m_lookup(std::move(lookup))
{
    http_parser_init(&m_parser, HTTP_REQUEST);
    m_parser.data = this;
}

void HttpRequestParser::fail(int status, const QByteArray &code, const QByteArray &message)
{
    if (m_failed)
        return;
    m_failed = true;
    m_failure = {status, code, message, {}};
}

bool HttpRequestParser::countHeaderBytes(size_t length)
{
    m_headerBytes += int(length);
    if (m_headerBytes <= m_limits.maxHeaderBytes)
        return true;
    fail(431, "headers_too_large",
         "the request line and headers exceed " + QByteArray::number(m_limits.maxHeaderBytes) +
             " bytes");
    return false;
}

HttpRequestParser::Event HttpRequestParser::feed(QByteArray &data)
{
    static const http_parser_settings settings = [] {
        http_parser_settings s{};
        http_parser_settings_init(&s);
        s.on_message_begin = &HttpRequestParser::onMessageBegin;
        s.on_url = &HttpRequestParser::onUrl;
        s.on_header_field = &HttpRequestParser::onHeaderField;
        s.on_header_value = &HttpRequestParser::onHeaderValue;
        s.on_headers_complete = &HttpRequestParser::onHeadersComplete;
        s.on_body = &HttpRequestParser::onBody;
        s.on_message_complete = &HttpRequestParser::onMessageComplete;
        return s;
    }();
    if (m_failed)
        return Event::Failed;
    while (!data.isEmpty()) {
        const size_t parsed =
            http_parser_execute(&m_parser, &settings, data.constData(), size_t(data.size()));
        data.remove(0, qsizetype(parsed));
        const auto err = HTTP_PARSER_ERRNO(&m_parser);
        if (m_failed)
            return Event::Failed;
        if (err == HPE_PAUSED) {
            http_parser_pause(&m_parser, 0);
            if (m_continue) {
                m_continue = false;
                return Event::Continue100;
            }
            if (m_complete) {
                m_complete = false;
                m_started = false;
                m_headersDone = false;
                return Event::RequestComplete;
            }
            continue;
        }
        if (err != HPE_OK) {
            fail(400, "malformed_request",
                 QByteArray("malformed HTTP request: ") + http_errno_description(err));
            return Event::Failed;
        }
        if (parsed == 0)
            break;
    }
    return Event::NeedMore;
}

int HttpRequestParser::onMessageBegin(http_parser *p)
{
    HttpRequestParser *c = self(p);
    c->m_request = HttpRequest();
    c->m_url.clear();
    c->m_field.clear();
    c->m_lastWasValue = false;
    c->m_headerBytes = 0;
    c->m_maxBody = c->m_limits.defaultMaxBodyBytes;
    c->m_started = true;
    c->m_headersDone = false;
    return 0;
}

int HttpRequestParser::onUrl(http_parser *p, const char *at, size_t length)
{
    HttpRequestParser *c = self(p);
    if (!c->countHeaderBytes(length))
        return -1;
    c->m_url.append(at, qsizetype(length));
    return 0;
}

int HttpRequestParser::onHeaderField(http_parser *p, const char *at, size_t length)
{
    HttpRequestParser *c = self(p);
    if (!c->countHeaderBytes(length))
        return -1;
    if (c->m_lastWasValue) {
        c->m_field.clear();
        c->m_lastWasValue = false;
    }
    c->m_field.append(at, qsizetype(length));
    return 0;
}

int HttpRequestParser::onHeaderValue(http_parser *p, const char *at, size_t length)
{
    HttpRequestParser *c = self(p);
    if (!c->countHeaderBytes(length))
        return -1;
    if (!c->m_lastWasValue) {
        c->m_request.headers.append({c->m_field.toLower(), QByteArray()});
        c->m_lastWasValue = true;
    }
    c->m_request.headers.last().second.append(at, qsizetype(length));
    return 0;
}

int HttpRequestParser::onHeadersComplete(http_parser *p)
{
    HttpRequestParser *c = self(p);
    HttpRequest &r = c->m_request;
    c->m_headersDone = true;
    r.method = http_method_str(http_method(p->method));
    http_parser_url url{};
    http_parser_url_init(&url);
    if (c->m_url.isEmpty() ||
        http_parser_parse_url(c->m_url.constData(), size_t(c->m_url.size()), 0, &url) != 0) {
        c->fail(400, "malformed_request", "the request target is not a valid path");
        return -1;
    }
    if (url.field_set & (1 << UF_PATH))
        r.path = c->m_url.mid(url.field_data[UF_PATH].off, url.field_data[UF_PATH].len);
    if (url.field_set & (1 << UF_QUERY))
        r.query = c->m_url.mid(url.field_data[UF_QUERY].off, url.field_data[UF_QUERY].len);
    if (p->http_major != 1) {
        c->fail(505, "http_version", "only HTTP/1.x is supported");
        return -1;
    }
    c->m_keepAlive = http_should_keep_alive(p) != 0;

    const RouteInfo route = c->m_lookup(r.method, r.path);
    if (route.maxBody < 0) {
        if (!route.allow.isEmpty()) {
            c->fail(405, "method_not_allowed", r.method + " is not allowed on " + r.path);
            c->m_failure.allow = route.allow;
        } else {
            c->fail(404, "not_found", "nothing is served at this path");
        }
        return -1;
    }
    c->m_maxBody = route.maxBody;
    const bool chunked = (p->flags & F_CHUNKED) != 0;
    const bool hasLength = (p->flags & F_CONTENTLENGTH) != 0;
    if (hasLength && p->content_length > quint64(c->m_maxBody)) {
        // Refused before a single body byte is read or buffered.
        c->fail(413, "body_too_large",
                "the body exceeds " + QByteArray::number(c->m_maxBody) + " bytes");
        return -1;
    }
    if (!hasLength && !chunked &&
        (r.method == "POST" || r.method == "PUT" || r.method == "PATCH")) {
        c->fail(411, "length_required", "a Content-Length or chunked body is required");
        return -1;
    }
    if (r.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0 &&
        (chunked || p->content_length > 0)) {
        c->m_continue = true;
        http_parser_pause(p, 1);
    }
    return 0;
}

int HttpRequestParser::onBody(http_parser *p, const char *at, size_t length)
{
    HttpRequestParser *c = self(p);
    if (c->m_request.body.size() + qsizetype(length) > c->m_maxBody) {
        c->fail(413, "body_too_large",
                "the body exceeds " + QByteArray::number(c->m_maxBody) + " bytes");
        return -1;
    }
    c->m_request.body.append(at, qsizetype(length));
    return 0;
}

int HttpRequestParser::onMessageComplete(http_parser *p)
{
    HttpRequestParser *c = self(p);
    c->m_complete = true;
    // One request at a time: the connection answers before the next one is parsed.
    http_parser_pause(p, 1);
    return 0;
}

} // namespace aiochat
