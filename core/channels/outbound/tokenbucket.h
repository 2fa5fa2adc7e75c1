#pragma once

#include "domain/timestamps.h"

#include <algorithm>

namespace aiochat {

/**
 * @brief A token bucket: @p rate tokens per second, at most @p capacity stored. take() succeeds
 * when a token is there; nextAvailable() says when the next one will be. Time is passed in, so
 * the same bucket works for scheduling and in tests.
 */
class TokenBucket
{
public:
    TokenBucket() = default;
    TokenBucket(double rate, double capacity)
        : m_rate(rate)
        , m_capacity(capacity)
        , m_tokens(capacity)
    {}

    [[nodiscard]] bool isUnlimited() const { return m_rate <= 0; }

    bool take(Millis now)
    {
        if (isUnlimited())
            return true;
        refill(now);
        if (m_tokens < 1.0)
            return false;
        m_tokens -= 1.0;
        return true;
    }

    /** @brief The time at which take() will succeed (now if it would already). */
    [[nodiscard]] Millis nextAvailable(Millis now)
    {
        if (isUnlimited())
            return now;
        refill(now);
        if (m_tokens >= 1.0)
            return now;
        return now + Millis((1.0 - m_tokens) * 1000.0 / m_rate) + 1;
    }

private:
    void refill(Millis now)
    {
        if (m_last == 0)
            m_last = now;
        m_tokens = std::min(m_capacity, m_tokens + double(now - m_last) * m_rate / 1000.0);
        m_last = now;
    }

    double m_rate = 0; ///< tokens per second; 0 = no limit
    double m_capacity = 1;
    double m_tokens = 1;
    Millis m_last = 0;
};

} // namespace aiochat
