#pragma once

#include "outboundentry.h"

#include "domain/status.h"

#include <QByteArray>

#include <functional>

namespace aiochat {

/**
 * @brief A platform the outbox can send through. Implementations only translate: the outbox
 * owns ordering, rate limits, retries and storage. Called on the core thread; @p done must be
 * called exactly once, on the core thread.
 */
/**
 * @brief Reads a queued file's bytes for a sender (from the store, off the core thread); the
 * answer comes back on the core thread.
 */
using FileReader =
    std::function<void(qint64 attachmentId, std::function<void(const Result<QByteArray> &)>)>;

class OutboundChannel
{
public:
    virtual ~OutboundChannel() = default;
    [[nodiscard]] virtual Platform platform() const = 0;
    virtual void send(const OutboundEntry &entry, std::function<void(const SendResult &)> done) = 0;
};

} // namespace aiochat
