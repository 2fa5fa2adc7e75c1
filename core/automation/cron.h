#pragma once

#include "domain/status.h"
#include "domain/timestamps.h"

#include <QTimeZone>

#include <bitset>

namespace aiochat::automation {

/**
 * @brief A five-field cron expression ("minute hour day-of-month month day-of-week") evaluated in
 * an IANA time zone. Fields take `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, lists, and
 * month and weekday names (JAN, MON); Sunday is 0 or 7. As in Vixie cron, when both day fields are
 * restricted a day matches either of them.
 *
 * Daylight saving: a local time that does not exist (the spring-forward gap) runs at the first
 * instant after the gap; a local time that happens twice (fall back) runs once, at its first
 * occurrence. So "0 9 * * *" is 09:00 on the wall clock every day of the year, and "30 1 * * *"
 * in Europe/London runs exactly once on both transition days.
 */
class CronSchedule
{
public:
    /** @brief Parses @p expression for @p timeZone (IANA id, e.g. "Asia/Jakarta"). */
    [[nodiscard]] static Result<CronSchedule> parse(const QString &expression,
                                                    const QString &timeZone);

    /** @brief The first run strictly after @p after, or 0 when there is none within 5 years. */
    [[nodiscard]] Millis next(Millis after) const;
    /** @brief The next @p count runs after @p after (for "next runs" in the console). */
    [[nodiscard]] QList<Millis> nextRuns(Millis after, int count) const;

    [[nodiscard]] const QString &expression() const { return m_expression; }
    [[nodiscard]] const QTimeZone &timeZone() const { return m_zone; }

private:
    [[nodiscard]] bool dayMatches(const QDate &date) const;
    /** @brief The instant the wall-clock time @p local first shows, or the end of its gap. */
    [[nodiscard]] Millis instantOf(const QDate &date, const QTime &time) const;

    QString m_expression;
    QTimeZone m_zone;
    std::bitset<60> m_minutes;
    std::bitset<24> m_hours;
    std::bitset<32> m_days;    ///< 1..31
    std::bitset<13> m_months;  ///< 1..12
    std::bitset<7> m_weekdays; ///< 0 = Sunday
    bool m_daysRestricted = false;
    bool m_weekdaysRestricted = false;
};

/** @brief Whether @p id names a time zone this machine knows (IANA database). */
[[nodiscard]] bool isKnownTimeZone(const QString &id);

} // namespace aiochat::automation
