import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import AioChat

// How the service is doing: messages in and out per platform over the last day, week or month
// (from the store), conversations waiting now, response and resolution times, and the live
// counters that /metrics exposes (outbox, failed sends, refused webhooks). Refreshed every ten
// seconds while the page is shown.
Page {
    id: page

    objectName: "metricsPage"

    property var history: null
    property var snapshot: null
    property string error: ""
    property date updatedAt: new Date(NaN)
    readonly property var ranges: [
        { key: "24h", label: qsTr("Last 24 hours") },
        { key: "7d", label: qsTr("Last 7 days") },
        { key: "30d", label: qsTr("Last 30 days") }
    ]

    function refresh() {
        const range = page.ranges[rangeBox.currentIndex].key;
        Backend.request("metrics.history", { range: range, utcOffsetMinutes: -Backend.now().getTimezoneOffset() }, page, (result, err) => {
            page.error = err ? err.message : "";
            if (!err) {
                page.history = result;
                page.updatedAt = Backend.now();
                page.drawChart();
            }
        });
        Backend.request("metrics.snapshot", {}, page, (result, err) => {
            if (!err)
                page.snapshot = result;
        });
    }

    // "platform=\"telegram\",reason=\"bad_secret\"" -> { platform: "telegram", reason: "bad_secret" }
    function labelsOf(text: string): var {
        let out = {};
        const re = /(\w+)="((?:[^"\\]|\\.)*)"/g;
        let m;
        while ((m = re.exec(text)) !== null)
            out[m[1]] = m[2];
        return out;
    }

    function seriesOf(family: string): var {
        return page.snapshot && page.snapshot[family] ? page.snapshot[family] : [];
    }

    function total(family: string, key: string, value: string): int {
        let sum = 0;
        const series = seriesOf(family);
        for (let i = 0; i < series.length; ++i) {
            if (key === "" || labelsOf(series[i].labels)[key] === value)
                sum += series[i].value;
        }
        return sum;
    }

    function rejects(): var {
        let rows = [];
        const series = seriesOf("aiochat_webhook_rejects_total");
        for (let i = 0; i < series.length; ++i) {
            const l = labelsOf(series[i].labels);
            rows.push({ platform: l.platform || "", reason: l.reason || "", count: series[i].value });
        }
        rows.sort((a, b) => b.count - a.count);
        return rows;
    }

    function duration(seconds: real): string {
        if (seconds <= 0)
            return "—";
        if (seconds < 90)
            return qsTr("%1 s").arg(Math.round(seconds));
        if (seconds < 90 * 60)
            return qsTr("%1 min").arg(Math.round(seconds / 60));
        if (seconds < 36 * 3600)
            return qsTr("%1 h").arg((seconds / 3600).toLocaleString(Qt.locale(), "f", 1));
        return qsTr("%1 d").arg((seconds / 86400).toLocaleString(Qt.locale(), "f", 1));
    }

    function bucketLabel(iso: string): string {
        const d = new Date(iso);
        return page.history.bucketSeconds < 86400 ? Dates.clockTime(d) : d.toLocaleDateString(Qt.locale(), "ddd d");
    }

    // Bars per bucket: for each platform, what came in and what went out.
    function drawChart() {
        bars.clear();
        if (!page.history)
            return;
        const starts = page.history.bucketStarts;
        let categories = [];
        for (let i = 0; i < starts.length; ++i)
            categories.push(bucketLabel(starts[i]));
        categoryAxis.categories = categories;
        let peak = 1;
        const series = page.history.messages;
        for (let i = 0; i < series.length; ++i) {
            const s = series[i];
            const name = Theme.platformName(s.platform) + " " + (s.direction === "in" ? qsTr("in") : qsTr("out"));
            const set = bars.append(name, s.counts);
            const base = Theme.platformColor(s.platform);
            set.color = s.direction === "in" ? base : Qt.lighter(base, 1.5);
            set.borderColor = "transparent";
            for (let j = 0; j < s.counts.length; ++j)
                peak = Math.max(peak, s.counts[j]);
        }
        // The series' own value axis (declaring a ValueAxis in QML trips qmllint in Qt 6.4).
        const valueAxis = chart.axisY(bars);
        if (valueAxis) {
            valueAxis.min = 0;
            valueAxis.max = Math.max(4, Math.ceil(peak * 1.15));
            valueAxis.labelFormat = "%d";
            valueAxis.labelsColor = Theme.mutedText;
            valueAxis.gridLineColor = Theme.divider;
            valueAxis.applyNiceNumbers();
        }
    }

    header: PageHeader {
        title: qsTr("Metrics")
        Label {
            visible: !isNaN(page.updatedAt.getTime())
            text: qsTr("Updated %1").arg(Dates.clockTime(page.updatedAt))
            color: Theme.mutedText
        }
        ComboBox {
            id: rangeBox
            objectName: "metricsRange"
            Layout.preferredWidth: 180
            model: page.ranges
            textRole: "label"
            Accessible.name: qsTr("Time range")
            onActivated: page.refresh()
        }
    }

    // The chart is drawn imperatively: redraw its labels in the new language.
    Connections {
        target: Backend
        function onLanguageChanged() {
            page.drawChart();
        }
    }

    Timer {
        interval: 10000
        repeat: true
        running: page.visible && Backend.client.signedIn
        triggeredOnStart: true
        onTriggered: page.refresh()
    }

    Flickable {
        anchors.fill: parent
        contentHeight: content.implicitHeight + 2 * Theme.padding
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: content
            x: Theme.padding
            y: Theme.padding
            width: parent.width - 2 * Theme.padding
            spacing: Theme.padding

            ErrorBanner {
                Layout.fillWidth: true
                text: page.error
                onRetry: page.refresh()
            }

            GridLayout {
                Layout.fillWidth: true
                columns: Math.max(2, Math.min(6, Math.floor(width / 175)))
                columnSpacing: Theme.padding
                rowSpacing: Theme.padding
                StatCard {
                    objectName: "statNeedsAttention"
                    Layout.fillWidth: true
                    label: qsTr("Needs attention")
                    value: page.history ? page.history.conversations.needs_attention.toLocaleString(Qt.locale(), "f", 0) : "—"
                    detail: qsTr("waiting for an operator")
                    accent: Theme.attention
                }
                StatCard {
                    objectName: "statOpen"
                    Layout.fillWidth: true
                    label: qsTr("Open")
                    value: page.history ? page.history.conversations.open.toLocaleString(Qt.locale(), "f", 0) : "—"
                    detail: qsTr("conversations in progress")
                    accent: Theme.open
                }
                StatCard {
                    objectName: "statFirstResponse"
                    Layout.fillWidth: true
                    label: qsTr("First response (median)")
                    value: page.history ? page.duration(page.history.firstResponse.p50Seconds) : "—"
                    detail: page.history ? qsTr("90% within %1 · %2 answered").arg(page.duration(page.history.firstResponse.p90Seconds)).arg(page.history.firstResponse.count) : ""
                    accent: Theme.telegram
                }
                StatCard {
                    objectName: "statResolution"
                    Layout.fillWidth: true
                    label: qsTr("Resolution (median)")
                    value: page.history ? page.duration(page.history.resolution.p50Seconds) : "—"
                    detail: page.history ? qsTr("90% within %1 · %2 resolved").arg(page.duration(page.history.resolution.p90Seconds)).arg(page.history.resolution.count) : ""
                    accent: Theme.resolved
                }
                StatCard {
                    objectName: "statOutbox"
                    Layout.fillWidth: true
                    label: qsTr("Outbox")
                    value: page.total("aiochat_outbox_depth", "", "").toLocaleString(Qt.locale(), "f", 0)
                    detail: qsTr("messages waiting to be sent")
                    accent: Theme.whatsapp
                }
                StatCard {
                    objectName: "statFailed"
                    Layout.fillWidth: true
                    label: qsTr("Failed sends")
                    value: page.total("aiochat_outbound_messages_total", "outcome", "failed").toLocaleString(Qt.locale(), "f", 0)
                    detail: qsTr("%1 retried · since start").arg(page.total("aiochat_outbound_messages_total", "outcome", "retry").toLocaleString(Qt.locale(), "f", 0))
                    accent: Theme.failed
                }
            }

            Label {
                text: qsTr("Automation")
                font.pixelSize: 16
                font.weight: Font.DemiBold
            }
            GridLayout {
                id: automationStats
                objectName: "automationStats"
                readonly property var a: page.history && page.history.automation ? page.history.automation : null
                function actions(state: string): int {
                    if (!a)
                        return 0;
                    let sum = 0;
                    for (const kind in a.actions)
                        sum += a.actions[kind][state] || 0;
                    return sum;
                }
                Layout.fillWidth: true
                columns: Math.max(2, Math.min(6, Math.floor(width / 175)))
                columnSpacing: Theme.padding
                rowSpacing: Theme.padding
                StatCard {
                    objectName: "statReminders"
                    Layout.fillWidth: true
                    label: qsTr("Reminders sent")
                    value: automationStats.a ? automationStats.a.remindersSent.toLocaleString(Qt.locale(), "f", 0) : "—"
                    detail: qsTr("%1 actions done in this period").arg(automationStats.actions("done"))
                    accent: Theme.open
                }
                StatCard {
                    objectName: "statJobsWaiting"
                    Layout.fillWidth: true
                    label: qsTr("Jobs waiting")
                    value: automationStats.a ? (automationStats.a.jobs.pending + automationStats.a.jobs.running).toLocaleString(Qt.locale(), "f", 0) : "—"
                    detail: automationStats.a ? qsTr("%1 running now").arg(automationStats.a.jobs.running) : ""
                    accent: Theme.telegram
                }
                StatCard {
                    objectName: "statJobsDead"
                    Layout.fillWidth: true
                    label: qsTr("Failed jobs")
                    value: automationStats.a ? automationStats.a.jobs.dead.toLocaleString(Qt.locale(), "f", 0) : "—"
                    detail: qsTr("retry or discard them under Automations → Jobs")
                    accent: Theme.failed
                }
            }

            Label {
                text: qsTr("Assistant")
                font.pixelSize: 16
                font.weight: Font.DemiBold
            }
            GridLayout {
                id: botStats
                objectName: "assistantStats"
                readonly property var a: page.history && page.history.assistant ? page.history.assistant : null
                function n(outcome: string): int {
                    return a && a.outcomes[outcome] ? a.outcomes[outcome] : 0;
                }
                function share(part: int, whole: int): string {
                    return whole > 0 ? Math.round(100 * part / whole) + " %" : "—";
                }
                readonly property int handedOff: n("handoff") + n("no_answer") + n("blocked")
                readonly property int questions: n("answered") + n("no_answer") + n("blocked")
                Layout.fillWidth: true
                columns: Math.max(2, Math.min(6, Math.floor(width / 175)))
                columnSpacing: Theme.padding
                rowSpacing: Theme.padding
                StatCard {
                    objectName: "statBotAnswered"
                    Layout.fillWidth: true
                    label: qsTr("Answered by the bot")
                    value: botStats.a ? botStats.share(botStats.a.turns - botStats.handedOff, botStats.a.turns) : "—"
                    detail: botStats.a ? qsTr("%1 handed to a person · %2 messages").arg(botStats.handedOff).arg(botStats.a.turns) : ""
                    accent: Theme.open
                }
                StatCard {
                    objectName: "statNoAnswer"
                    Layout.fillWidth: true
                    label: qsTr("No answer")
                    value: botStats.share(botStats.n("no_answer"), botStats.questions)
                    detail: qsTr("of %1 questions · %2 replies blocked").arg(botStats.questions).arg(botStats.n("blocked"))
                    accent: Theme.attention
                }
                StatCard {
                    objectName: "statVerification"
                    Layout.fillWidth: true
                    label: qsTr("Verifications")
                    value: botStats.n("verified").toLocaleString(Qt.locale(), "f", 0)
                    detail: qsTr("%1 failed attempts").arg(botStats.n("verification_failed"))
                    accent: Theme.telegram
                }
                StatCard {
                    objectName: "statModelLatency"
                    Layout.fillWidth: true
                    label: qsTr("Model reply (median)")
                    value: botStats.a && botStats.a.llmTurns > 0 ? qsTr("%1 s").arg(botStats.a.llmP50Seconds.toLocaleString(Qt.locale(), "f", 1)) : "—"
                    detail: botStats.a && botStats.a.llmTurns > 0 ? qsTr("90% within %1 s · %2 failed").arg(botStats.a.llmP90Seconds.toLocaleString(Qt.locale(), "f", 1)).arg(botStats.a.llmFailures) : qsTr("offline answers only")
                    accent: Theme.sandbox
                }
                StatCard {
                    objectName: "statTokens"
                    Layout.fillWidth: true
                    label: qsTr("Tokens")
                    value: botStats.a ? (botStats.a.promptTokens + botStats.a.completionTokens).toLocaleString(Qt.locale(), "f", 0) : "—"
                    detail: botStats.a ? qsTr("%1 prompt · %2 reply").arg(botStats.a.promptTokens.toLocaleString(Qt.locale(), "f", 0)).arg(botStats.a.completionTokens.toLocaleString(Qt.locale(), "f", 0)) : ""
                    accent: Theme.whatsapp
                }
            }
            Label {
                objectName: "modelLatencyHistogram"
                visible: botStats.a !== null && botStats.a.llmTurns > 0
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.mutedText
                text: botStats.a ? qsTr("Model replies by time: ") + botStats.a.llmLatency.map(b => (b.le === "+Inf" ? qsTr("longer") : qsTr("≤ %1 s").arg(b.le)) + " " + b.count).join(" · ") : ""
            }

            Label {
                text: qsTr("Messages")
                font.pixelSize: 16
                font.weight: Font.DemiBold
            }
            ChartView {
                id: chart
                objectName: "messagesChart"
                Layout.fillWidth: true
                Layout.preferredHeight: 320
                antialiasing: true
                backgroundColor: "transparent"
                legend.alignment: Qt.AlignBottom
                legend.labelColor: Theme.dark ? "#E0E0E0" : "#37474F"
                margins.left: 0
                margins.right: 0
                Accessible.name: qsTr("Messages in and out per platform")

                BarSeries {
                    id: bars
                    barWidth: 0.85
                    axisX: BarCategoryAxis {
                        id: categoryAxis
                        labelsColor: Theme.mutedText
                        gridVisible: false
                        labelsFont.pixelSize: 10
                    }
                }
            }
            Label {
                Layout.fillWidth: true
                visible: page.history !== null && page.history.messages.length === 0
                text: qsTr("No messages in this period.")
                color: Theme.mutedText
                horizontalAlignment: Text.AlignHCenter
            }

            Label {
                text: qsTr("Refused webhooks")
                font.pixelSize: 16
                font.weight: Font.DemiBold
            }
            Label {
                Layout.fillWidth: true
                visible: page.rejects().length === 0
                text: qsTr("None since the start: every webhook request was accepted.")
                color: Theme.mutedText
                wrapMode: Text.Wrap
            }
            Repeater {
                objectName: "rejectRows"
                model: page.rejects()
                delegate: RowLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    spacing: Theme.padding
                    PlatformBadge {
                        platform: modelData.platform
                    }
                    Label {
                        Layout.fillWidth: true
                        text: modelData.reason
                        font.family: "monospace"
                    }
                    Label {
                        text: modelData.count.toLocaleString(Qt.locale(), "f", 0)
                        font.weight: Font.DemiBold
                    }
                }
            }
        }
    }
}
