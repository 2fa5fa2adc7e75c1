#pragma once

#include "channels/outbound/outboundchannel.h"

namespace aiochat {

class WhatsAppClient;

/**
 * @brief Sends outbox entries through the Cloud API: text (split at 4096 characters) inside the
 * 24-hour customer-service window, approved templates at any time. Maps Graph error codes:
 * 131047 → failed with the template suggestion, 130429/131056/131057 and friends → back-off,
 * 190 or HTTP 401 → channel down, anything else → failed with the code and text verbatim.
 */
class WhatsAppSender final : public OutboundChannel
{
public:
    static constexpr Millis kCustomerServiceWindow = 24LL * 3600 * 1000;

    WhatsAppSender(WhatsAppClient &client, int timeoutMs);

    [[nodiscard]] Platform platform() const override { return Platform::WhatsApp; }
    void send(const OutboundEntry &entry, std::function<void(const SendResult &)> done) override;

    /** @brief Whether free text may go to a customer who last wrote at @p lastInboundAt. */
    [[nodiscard]] static bool windowOpen(Millis lastInboundAt, Millis now);
    [[nodiscard]] static QString windowClosedReason();

private:
    void sendParts(const OutboundEntry &entry, const QStringList &parts, int index, QString firstId,
                   std::function<void(const SendResult &)> done);

    WhatsAppClient &m_client;
    int m_timeoutMs;
};

} // namespace aiochat
