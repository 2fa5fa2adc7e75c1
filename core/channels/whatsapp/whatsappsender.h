#pragma once

#include "channels/outbound/outboundchannel.h"

namespace aiochat {

class WhatsAppClient;
struct WhatsAppReply;

/**
 * @brief Sends outbox entries through the Cloud API: text (split at 4096 characters) inside the
 * 24-hour customer-service window, approved templates at any time. Maps Graph error codes:
 * 131047 → failed with the template suggestion, rate limits → back off as Meta advises (per
 * customer for the pair limit), code 1/2 and 5xx → a temporary outage, retried, 190 or HTTP 401 →
 * channel down, anything else → failed with the code and text verbatim.
 */
class WhatsAppSender final : public OutboundChannel
{
public:
    static constexpr Millis kCustomerServiceWindow = 24LL * 3600 * 1000;

    /** @brief How long to wait after Meta asks to slow down (doubled on each further attempt). */
    struct Pacing
    {
        int pairMs = 6000;         ///< 131056: about one message per 6 s to one customer
        int throughputMs = 10000;  ///< 130429, 80007, 4: the number's or the app's throughput
        int maintenanceMs = 60000; ///< 131057: the business account is in maintenance
    };

    WhatsAppSender(WhatsAppClient &client, int timeoutMs, Pacing pacing);
    /** @brief What an answer from the Graph API means for the message (attempts made so far). */
    [[nodiscard]] static SendResult classify(const WhatsAppReply &reply, int attempts,
                                             const Pacing &pacing);

    [[nodiscard]] Platform platform() const override { return Platform::WhatsApp; }
    void send(const OutboundEntry &entry, std::function<void(const SendResult &)> done) override;

    /** @brief Whether free text may go to a customer who last wrote at @p lastInboundAt. */
    [[nodiscard]] static bool windowOpen(Millis lastInboundAt, Millis now);
    [[nodiscard]] static QString windowClosedReason();

    /** @brief Where queued files are read from (set by the host). */
    void setFileReader(FileReader reader) { m_files = std::move(reader); }

private:
    void sendFile(const OutboundEntry &entry, std::function<void(const SendResult &)> done);
    [[nodiscard]] std::function<void(const WhatsAppReply &)>
    answered(std::function<void(const SendResult &)> done, int attempts) const;
    void sendParts(const OutboundEntry &entry, const QStringList &parts, int index, QStringList ids,
                   std::function<void(const SendResult &)> done);

    WhatsAppClient &m_client;
    int m_timeoutMs;
    FileReader m_files;
    Pacing m_pacing;
};

} // namespace aiochat
