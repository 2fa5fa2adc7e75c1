#pragma once

#include <QDateTime>
#include <QString>

namespace aiochat {

/** @brief Milliseconds since the Unix epoch (UTC): how every timestamp is stored and compared. */
using Millis = qint64;

[[nodiscard]] inline Millis nowMillis()
{
    return QDateTime::currentMSecsSinceEpoch();
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
