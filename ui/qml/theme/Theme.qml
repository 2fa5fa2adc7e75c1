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

    readonly property color telegram: "#229ED9"
    readonly property color whatsapp: "#25A35A"
    readonly property color sandbox: "#7E57C2"

    readonly property color attention: "#E65100"
    readonly property color open: "#00796B"
    readonly property color resolved: "#607D8B"
    readonly property color closed: "#455A64"
    readonly property color failed: "#C62828"

    readonly property color customerBubble: dark ? "#2F3437" : "#FFFFFF"
    readonly property color botBubble: dark ? "#1F3D3A" : "#E0F2F1"
    readonly property color operatorBubble: dark ? "#1E3350" : "#E3F2FD"
    readonly property color systemText: dark ? "#B0BEC5" : "#607D8B"
    readonly property color conversationBackground: dark ? "#1B1E20" : "#F3F5F6"
    readonly property color mutedText: dark ? "#9AA5AB" : "#6B777D"
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
