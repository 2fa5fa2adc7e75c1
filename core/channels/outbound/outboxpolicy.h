#pragma once

namespace aiochat {

class Settings;

/** @brief Retries and rate limits of the outbox, from settings with the documented defaults. */
struct OutboxPolicy
{
    int maxAttempts = 3;    ///< as in the original design
    int baseDelayMs = 1000; ///< 1 s, 2 s, 4 s … with ±20 % jitter
    int maxDelayMs = 60'000;
    int maxInFlight = 64; ///< per channel

    // Telegram: ~1 message/s per chat and ~30/s per bot (FAQ "My bot is hitting limits").
    double telegramPerChatRate = 1.0;
    double telegramPerChatBurst = 1.0;
    double telegramGlobalRate = 30.0;
    double telegramGlobalBurst = 30.0;
    // WhatsApp: 80 messages/s per business number by default; about one message per 6 s to the
    // same customer, with bursts up to 45 (pair rate limit, error 131056 beyond it).
    double whatsAppGlobalRate = 80.0;
    double whatsAppPerRecipientRate = 1.0 / 6.0;
    double whatsAppPerRecipientBurst = 45.0;

    /** @brief Reads the outbox and ratelimits settings; ratelimits/enabled=false lifts every limit.
     */
    [[nodiscard]] static OutboxPolicy fromSettings(const Settings &settings);
};

} // namespace aiochat
