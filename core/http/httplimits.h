#pragma once

#include <QtGlobal>

namespace aiochat {

/** @brief The listener's defences against slow, silent, huge or too many clients. */
struct HttpLimits
{
    int maxHeaderBytes = 16 * 1024;         ///< request line + headers; more → 431
    qint64 defaultMaxBodyBytes = 64 * 1024; ///< routes may set their own
    int headerTimeoutMs = 10'000;           ///< first byte of a request → end of its headers
    int bodyTimeoutMs = 30'000;             ///< end of headers → end of body
    int idleTimeoutMs = 30'000;             ///< keep-alive connection with no request
    int maxConnections = 512;               ///< more → 503 and close
    int maxConnectionsPerAddress = 64;      ///< from one client address (trusted proxies exempt)
};

} // namespace aiochat
