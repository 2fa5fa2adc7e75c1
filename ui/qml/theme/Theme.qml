pragma Singleton
import QtQuick
import Qt.labs.settings

// Spacing, shapes and the few colours the Material style does not provide (platforms,
// statuses, message bubbles), in light and dark variants.
QtObject {
    id: theme

    property bool dark: false
    // The operator's choice of appearance, kept between sessions: "system", "light" or "dark".
    property string appearance: "system"
    readonly property Settings appearanceStore: Settings {
        category: "appearance"
        property alias theme: theme.appearance
    }
    // Bumped when the language changes: every binding that formats a date or number through
    // these functions reads it, so it re-evaluates in the new locale.
    property int localeRevision: 0

    readonly property int spacing: 8
    readonly property int padding: 12
    readonly property int radius: 10
    readonly property int navWidth: 96

    // Every text colour here reaches WCAG AA (4.5:1) on the backgrounds it is used on, in both
    // appearances; tst_mainwindow::test_themeColoursMeetContrast holds the pairs and checks them.
    // Badges and buttons carry white text: their colours are dark enough for it in both.
    readonly property color telegram: "#1A75A8"
    readonly property color whatsapp: "#1E7E45"
    readonly property color sandbox: "#7E57C2"
    readonly property color accent: "#00796B" // Material.accent: highlighted buttons, badges

    readonly property color attention: dark ? "#FFB74D" : "#BF360C"
    readonly property color open: dark ? "#4DB6AC" : "#00695C"
    readonly property color resolved: dark ? "#B0BEC5" : "#4F6570"
    readonly property color closed: dark ? "#CFD8DC" : "#455A64"
    readonly property color failed: dark ? "#EF9A9A" : "#C62828"

    // What Material draws behind pages in each appearance (checked against a real window).
    readonly property color windowBackground: dark ? "#303030" : "#FAFAFA"
    readonly property color text: dark ? "#FFFFFF" : "#212121"
    readonly property color accentText: dark ? "#80CBC4" : "#00695C"
    readonly property color operatorText: dark ? "#90CAF9" : "#1565C0"
    readonly property color errorBackground: dark ? "#4A2020" : "#FDECEA"
    readonly property color customerBubble: dark ? "#2F3437" : "#FFFFFF"
    readonly property color botBubble: dark ? "#1F3D3A" : "#E0F2F1"
    readonly property color operatorBubble: dark ? "#1E3350" : "#E3F2FD"
    readonly property color systemText: dark ? "#B0BEC5" : "#5F6B71"
    readonly property color conversationBackground: dark ? "#1B1E20" : "#F3F5F6"
    readonly property color mutedText: dark ? "#A8B2B7" : "#5F6B71"
    readonly property color divider: dark ? "#33393C" : "#E3E7E9"
    readonly property color selection: dark ? "#24403D" : "#D7EEEB"

    function platformColor(platform: string): color {
        if (platform === "telegram")
            return telegram;
        if (platform === "whatsapp")
            return whatsapp;
        return sandbox;
    }

    function platformName(platform: string): string {
        if (platform === "telegram")
            return qsTr("Telegram");
        if (platform === "whatsapp")
            return qsTr("WhatsApp");
        return qsTr("Sandbox");
    }

    function statusColor(status: string): color {
        if (status === "needs_attention")
            return attention;
        if (status === "open")
            return open;
        if (status === "resolved")
            return resolved;
        return closed;
    }

    // Why a customer waits for a person (the backend's attentionReason).
    function attentionReasonName(reason: string): string {
        if (reason === "asked_for_human")
            return qsTr("Asked for a human");
        if (reason === "bot_could_not_answer")
            return qsTr("Bot had no answer");
        if (reason === "send_failed")
            return qsTr("Send failed");
        return qsTr("Customer waiting");
    }

    function statusName(status: string): string {
        if (status === "needs_attention")
            return qsTr("Needs attention");
        if (status === "open")
            return qsTr("Open");
        if (status === "resolved")
            return qsTr("Resolved");
        return qsTr("Closed");
    }

    function fileSize(bytes: real): string {
        if (bytes < 1024)
            return qsTr("%1 B").arg(bytes);
        if (bytes < 1024 * 1024)
            return qsTr("%1 KB").arg(Math.round(bytes / 1024));
        return qsTr("%1 MB").arg((bytes / 1024 / 1024).toLocaleString(Qt.locale(), "f", 1));
    }
}
