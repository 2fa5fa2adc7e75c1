pragma Singleton
import QtQuick

// The one place that turns instants into words, the way chat apps do ("14:05", "Tue",
// "Yesterday 14:05", "Waiting 12 min" is the row's), always in the console's language and always
// from the backend's clock (aiochat::Clock), so tests and demonstrations at a fixed instant read
// the same everywhere.
QtObject {
    id: dates

    // Bumped when the language changes: bindings that format through these functions read it,
    // so they re-evaluate in the new locale.
    property int localeRevision: 0
    // Counts minutes (the main window's timer), so relative times stay true while it is open.
    property int minute: 0
    // The backend's clock less the system's, set by the main window.
    property real clockOffset: 0

    function now(): date {
        return new Date(Date.now() + clockOffset);
    }

    // Hours and minutes in the locale's style; some locales' short format still carries seconds.
    function clockTime(when: date): string {
        if (localeRevision < 0)
            return "";
        return Qt.formatTime(when, Qt.locale().timeFormat(Locale.ShortFormat).replace(/[:.]ss/, ""));
    }

    // A calendar day in the locale's short form.
    function calendarDay(when: date): string {
        if (isNaN(when.getTime()) || localeRevision < 0)
            return "";
        return when.toLocaleDateString(Qt.locale(), Locale.ShortFormat);
    }

    // "Today", "Yesterday", "Tomorrow", or the locale's short date.
    function dayName(when: date): string {
        const now = dates.now();
        const today = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
        const day = new Date(when.getFullYear(), when.getMonth(), when.getDate()).getTime();
        const diff = Math.round((today - day) / 86400000);
        if (diff === 0)
            return qsTr("Today");
        if (diff === 1)
            return qsTr("Yesterday");
        if (diff === -1)
            return qsTr("Tomorrow");
        return dates.calendarDay(when);
    }

    // Today: the time; this week: the weekday; older: the date — the way chat apps show it.
    function shortTime(when: date): string {
        if (isNaN(when.getTime()) || localeRevision < 0)
            return "";
        const now = dates.now();
        const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate());
        if (when >= startOfToday)
            return clockTime(when);
        const days = (startOfToday - when) / 86400000;
        if (days < 6)
            return Qt.locale().dayName(when.getDay(), Locale.ShortFormat);
        return dates.calendarDay(when);
    }

    // The one way to name a moment outside a chat (verification, notes, the team):
    // "Today 14:05", "Yesterday 14:05", "Tomorrow 09:00", else the locale's short date and time.
    function moment(when: date): string {
        if (isNaN(when.getTime()) || localeRevision < 0)
            return "";
        return qsTr("%1 %2", "a day, then a time of day").arg(dates.dayName(when)).arg(dates.clockTime(when));
    }

    // The same to the second, for the audit log.
    function preciseMoment(when: date): string {
        if (isNaN(when.getTime()) || localeRevision < 0)
            return "";
        return qsTr("%1 %2", "a day, then a time of day").arg(dates.dayName(when)).arg(Qt.formatTime(when, Qt.locale().timeFormat(Locale.ShortFormat).replace(/[:.]ss/, "").replace("mm", "mm:ss")));
    }

    function dayLabel(isoDay: string): string {
        const parts = isoDay.split("-");
        if (parts.length !== 3 || localeRevision < 0)
            return isoDay;
        const day = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
        const now = dates.now();
        const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
        const diff = Math.round((today - day) / 86400000);
        if (diff === 0)
            return qsTr("Today");
        if (diff === 1)
            return qsTr("Yesterday");
        return day.toLocaleDateString(Qt.locale(), Locale.LongFormat);
    }

}
