#include "cron.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace aiochat::automation {

namespace {

constexpr qint64 kDayMs = 24 * 3600 * 1000;

struct FieldSpec
{
    const char16_t *name;
    int min;
    int max;
    QStringList names; ///< names for min, min+1… (months, weekdays)
};

// One item's value: a number or, where the field has them, a name.
std::optional<int> fieldValue(const QString &text, const FieldSpec &spec)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    if (ok)
        return n;
    const int i = spec.names.indexOf(text.toUpper());
    if (i >= 0)
        return spec.min + i;
    return std::nullopt;
}

// Sets the values @p field selects in @p bits; false with @p error when it is not valid.
template <size_t N>
bool parseField(const QString &field, const FieldSpec &spec, std::bitset<N> &bits, bool &restricted,
                QString &error)
{
    const QString label = QString::fromUtf16(spec.name);
    restricted = field != u"*"_s && !field.startsWith(u"*/"_s);
    for (const QString &item : field.split(u',')) {
        const QStringList stepParts = item.split(u'/');
        if (stepParts.size() > 2 || stepParts.first().isEmpty()) {
            error = label + u": \""_s + item + u"\" is not a value, range or step"_s;
            return false;
        }
        int step = 1;
        if (stepParts.size() == 2) {
            bool ok = false;
            step = stepParts.at(1).toInt(&ok);
            if (!ok || step <= 0) {
                error = label + u": the step in \""_s + item + u"\" must be a positive number"_s;
                return false;
            }
        }
        int from = spec.min;
        int to = spec.max;
        const QString &base = stepParts.first();
        if (base != u"*"_s) {
            const QStringList range = base.split(u'-');
            if (range.size() > 2) {
                error = label + u": \""_s + item + u"\" is not a value or range"_s;
                return false;
            }
            const std::optional<int> a = fieldValue(range.first(), spec);
            const std::optional<int> b = range.size() == 2 ? fieldValue(range.at(1), spec) : a;
            if (!a || !b) {
                error = label + u": \""_s + item + u"\" is not a number"_s;
                return false;
            }
            for (int v : {*a, *b}) {
                if (v < spec.min || v > spec.max) {
                    error = label + u": "_s + QString::number(v) + u" is out of range "_s +
                            QString::number(spec.min) + u"–"_s + QString::number(spec.max);
                    return false;
                }
            }
            if (*a > *b) {
                error = label + u": the range \""_s + base + u"\" runs backwards"_s;
                return false;
            }
            from = *a;
            // "5/15" means 5, 20, 35, 50 as in Vixie cron.
            to = range.size() == 2 || stepParts.size() == 1 ? *b : spec.max;
        }
        for (int v = from; v <= to; v += step)
            bits.set(size_t(v), true);
    }
    return true;
}

} // namespace

bool isKnownTimeZone(const QString &id)
{
    // Not isTimeZoneIdAvailable(): Qt 6.4 lists only zone1970.tab's names there, so the
    // system's own "Etc/UTC" (Debian's default) and links such as "US/Pacific" would be refused.
    return !id.isEmpty() && QTimeZone(id.toUtf8()).isValid();
}

Result<CronSchedule> CronSchedule::parse(const QString &expression, const QString &timeZone)
{
    const QStringList fields = expression.simplified().split(u' ', Qt::SkipEmptyParts);
    if (fields.size() != 5)
        return Status::invalidArgument(
            u"cron: five fields are needed (minute hour day month weekday), e.g. \"0 9 * * *\"; "
            u"this has "_s +
            QString::number(fields.size()));
    if (!isKnownTimeZone(timeZone))
        return Status::invalidArgument(u"timeZone: \""_s + timeZone +
                                       u"\" is not a known time zone (IANA name such as "
                                       u"Asia/Jakarta)"_s);
    CronSchedule s;
    s.m_expression = fields.join(u' ');
    s.m_zone = QTimeZone(timeZone.toUtf8());
    static const QStringList months{u"JAN"_s, u"FEB"_s, u"MAR"_s, u"APR"_s, u"MAY"_s, u"JUN"_s,
                                    u"JUL"_s, u"AUG"_s, u"SEP"_s, u"OCT"_s, u"NOV"_s, u"DEC"_s};
    static const QStringList days{u"SUN"_s, u"MON"_s, u"TUE"_s, u"WED"_s,
                                  u"THU"_s, u"FRI"_s, u"SAT"_s};
    QString error;
    bool restricted = false;
    std::bitset<60> minutes;
    std::bitset<24> hours;
    std::bitset<32> dom;
    std::bitset<13> month;
    std::bitset<8> weekdays; // 0..7, 7 folded into 0 below
    if (!parseField(fields.at(0), {u"minute", 0, 59, {}}, minutes, restricted, error) ||
        !parseField(fields.at(1), {u"hour", 0, 23, {}}, hours, restricted, error) ||
        !parseField(fields.at(2), {u"day of month", 1, 31, {}}, dom, s.m_daysRestricted, error) ||
        !parseField(fields.at(3), {u"month", 1, 12, months}, month, restricted, error) ||
        !parseField(fields.at(4), {u"day of week", 0, 7, days}, weekdays, s.m_weekdaysRestricted,
                    error))
        return Status::invalidArgument(u"cron: "_s + error);
    s.m_minutes = minutes;
    s.m_hours = hours;
    s.m_days = dom;
    s.m_months = month;
    for (int d = 0; d < 7; ++d)
        s.m_weekdays.set(size_t(d), weekdays.test(size_t(d)) || (d == 0 && weekdays.test(7)));
    return s;
}

bool CronSchedule::dayMatches(const QDate &date) const
{
    if (!m_months.test(size_t(date.month())))
        return false;
    const bool dom = m_days.test(size_t(date.day()));
    const bool dow = m_weekdays.test(size_t(date.dayOfWeek() % 7));
    if (m_daysRestricted && m_weekdaysRestricted)
        return dom || dow;
    return dom && dow;
}

Millis CronSchedule::instantOf(const QDate &date, const QTime &time) const
{
    // The wall-clock time read as if it were UTC; the real instant is that minus the offset in
    // force then. Around a transition two offsets are possible: keep those that agree with
    // themselves, the earliest first; when neither does the time falls in a gap.
    const Millis wall = QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch();
    const int before = m_zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(wall - kDayMs, Qt::UTC));
    const int after = m_zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(wall + kDayMs, Qt::UTC));
    Millis best = 0;
    for (int offset : {before, after}) {
        const Millis t = wall - qint64(offset) * 1000;
        if (m_zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(t, Qt::UTC)) == offset &&
            (best == 0 || t < best))
            best = t;
    }
    if (best != 0)
        return best;
    // In the gap: the first instant after it is the transition itself.
    const QTimeZone::OffsetData transition = m_zone.previousTransition(
        QDateTime::fromMSecsSinceEpoch(wall - qint64(before) * 1000, Qt::UTC));
    return transition.atUtc.isValid() ? transition.atUtc.toMSecsSinceEpoch()
                                      : wall - qint64(before) * 1000;
}

Millis CronSchedule::next(Millis after) const
{
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(after, Qt::UTC).toTimeZone(m_zone);
    // The day before too: a gap or an overlap can move a wall time across midnight UTC.
    QDate day = start.date().addDays(-1);
    for (int i = 0; i < 5 * 366 + 2; ++i, day = day.addDays(1)) {
        if (!dayMatches(day))
            continue;
        for (int h = 0; h < 24; ++h) {
            if (!m_hours.test(size_t(h)))
                continue;
            for (int m = 0; m < 60; ++m) {
                if (!m_minutes.test(size_t(m)))
                    continue;
                const Millis t = instantOf(day, QTime(h, m));
                if (t > after)
                    return t;
            }
        }
    }
    return 0;
}

QList<Millis> CronSchedule::nextRuns(Millis after, int count) const
{
    QList<Millis> runs;
    for (Millis t = after; runs.size() < count;) {
        t = next(t);
        if (t == 0)
            break;
        runs.append(t);
    }
    return runs;
}

} // namespace aiochat::automation
