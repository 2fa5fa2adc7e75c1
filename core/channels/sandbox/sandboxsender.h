#pragma once

#include "channels/outbound/outboundchannel.h"

namespace aiochat {

class EventBus;

/**
 * @brief The Sandbox "platform": replies are delivered to the console's test-chat window as a
 * sandbox.reply event, so a new user sees the whole pipeline work without any account.
 */
class SandboxSender final : public OutboundChannel
{
public:
    explicit SandboxSender(EventBus &events);

    [[nodiscard]] Platform platform() const override { return Platform::Sandbox; }
    void send(const OutboundEntry &entry, std::function<void(const SendResult &)> done) override;

private:
    EventBus &m_events;
};

} // namespace aiochat
