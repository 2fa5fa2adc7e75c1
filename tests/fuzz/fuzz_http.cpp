// Fuzz target: request parsing with the listener's limits. The input is fed in two pieces (split
// where its first byte says) so boundaries inside tokens are exercised too; every request is
// consumed until the parser needs more bytes or fails.
#include "http/httprequestparser.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    aiochat::HttpLimits limits;
    limits.maxHeaderBytes = 2048;
    aiochat::HttpRequestParser parser(limits, [](const QByteArray &method, const QByteArray &path) {
        if (path == "/webhooks/telegram")
            return method == "POST" ? aiochat::HttpRequestParser::RouteInfo{512, {}}
                                    : aiochat::HttpRequestParser::RouteInfo{-1, "POST"};
        if (path == "/healthz")
            return aiochat::HttpRequestParser::RouteInfo{0, {}};
        return aiochat::HttpRequestParser::RouteInfo{-1, {}};
    });
    const size_t split = data[0] % size;
    const QByteArray all(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    QByteArray pieces[2] = {all.left(qsizetype(split)), all.mid(qsizetype(split))};
    QByteArray buffer;
    for (QByteArray &piece : pieces) {
        buffer += piece;
        for (int guard = 0; guard < 1000; ++guard) {
            const auto event = parser.feed(buffer);
            if (event == aiochat::HttpRequestParser::Event::Failed)
                return 0;
            if (event == aiochat::HttpRequestParser::Event::NeedMore)
                break;
            if (event == aiochat::HttpRequestParser::Event::RequestComplete)
                (void)parser.takeRequest();
        }
    }
    return 0;
}
