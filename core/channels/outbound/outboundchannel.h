#pragma once

#include "outboundentry.h"

#include <functional>

namespace aiochat {

/**
 * @brief A platform the outbox can send through. Implementations only translate: the outbox
 * owns ordering, rate limits, retries and storage. Called on the core thread; @p done must be
 * called exactly once, on the core thread.
 */
class OutboundChannel
{
public:
    virtual ~OutboundChannel() = default;
    [[nodiscard]] virtual Platform platform() const = 0;
    virtual void send(const OutboundEntry &entry, std::function<void(const SendResult &)> done) = 0;
};

} // namespace aiochat
