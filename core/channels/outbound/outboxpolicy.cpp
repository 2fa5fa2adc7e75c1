#include "outboxpolicy.h"

#include "config/settings.h"

using namespace Qt::StringLiterals;

namespace aiochat {

OutboxPolicy OutboxPolicy::fromSettings(const Settings &s)
{
    OutboxPolicy p;
    p.maxAttempts = std::max(1, s.value(u"outbox/maxAttempts"_s, p.maxAttempts).toInt());
    p.baseDelayMs = std::max(1, s.value(u"outbox/baseDelayMs"_s, p.baseDelayMs).toInt());
    p.maxDelayMs = std::max(p.baseDelayMs, s.value(u"outbox/maxDelayMs"_s, p.maxDelayMs).toInt());
    p.maxInFlight = std::max(1, s.value(u"outbox/maxInFlight"_s, p.maxInFlight).toInt());
    p.telegramPerChatRate =
        s.value(u"ratelimits/telegramPerChat"_s, p.telegramPerChatRate).toDouble();
    p.telegramGlobalRate = s.value(u"ratelimits/telegramGlobal"_s, p.telegramGlobalRate).toDouble();
    p.telegramGlobalBurst = p.telegramGlobalRate;
    p.whatsAppGlobalRate =
        s.value(u"ratelimits/whatsappThroughput"_s, p.whatsAppGlobalRate).toDouble();
    p.whatsAppPerRecipientRate =
        s.value(u"ratelimits/whatsappPerRecipient"_s, p.whatsAppPerRecipientRate).toDouble();
    if (!s.value(u"ratelimits/enabled"_s, true).toBool()) {
        p.telegramPerChatRate = p.telegramGlobalRate = p.whatsAppGlobalRate =
            p.whatsAppPerRecipientRate = 0;
    }
    return p;
}

} // namespace aiochat
