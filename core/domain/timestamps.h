#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>

#include <atomic>

namespace aiochat {

/** @brief Milliseconds since the Unix epoch (UTC): how every timestamp is stored and compared. */
using Millis = qint64;

/**
 * @brief The instant AIO-CHAT believes it is: the system clock, or — after startAt() — a chosen
 * instant that then advances in real time. Everything that stores, compares or shows "now"
 * (timestamps, "today", demo data, the console's date filters) reads it, so a test or a
 * demonstration can run at a fixed instant in any time zone and still see time pass (timeouts,
 * token expiry and ordering keep working).
 */
class Clock
{
public:
    [[nodiscard]] static Millis now()
    {
        return QDateTime::currentMSecsSinceEpoch() + s_offset.load(std::memory_order_relaxed);
    }
    /** @brief The local calendar day at now() (the machine's time zone). */
    [[nodiscard]] static QDate today()
    {
        return QDateTime::fromMSecsSinceEpoch(now(), Qt::LocalTime).date();
    }
    /** @brief From here on now() reads @p instant, then advances with the system clock. */
    static void startAt(Millis instant)
    {
        s_offset.store(instant - QDateTime::currentMSecsSinceEpoch(), std::memory_order_relaxed);
    }
    static void useSystemTime() { s_offset.store(0, std::memory_order_relaxed); }

private:
    static inline std::atomic<qint64> s_offset{0};
};

[[nodiscard]] inline Millis nowMillis()
{
    return Clock::now();
}

/**
 * @brief Unix seconds from a platform payload to Millis. Values outside years 1970–9999 are not
 * timestamps (and would overflow): they give 0, which callers treat as "not given".
 */
[[nodiscard]] inline Millis secondsToMillis(qint64 seconds)
{
    constexpr qint64 kYear9999 = 253402300799;
    return seconds > 0 && seconds <= kYear9999 ? seconds * 1000 : 0;
}

/** @brief ISO 8601 in UTC with milliseconds ("2026-11-25T20:56:30.123Z"), empty for 0. */
[[nodiscard]] inline QString toIsoString(Millis ms)
{
    if (ms == 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

/** @brief Parses ISO 8601 (any offset); returns 0 when the text is empty or not a date. */
[[nodiscard]] inline Millis fromIsoString(const QString &text)
{
    if (text.isEmpty())
        return 0;
    const QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    return dt.isValid() ? dt.toMSecsSinceEpoch() : 0;
}

} // namespace aiochat
