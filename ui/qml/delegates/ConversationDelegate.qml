import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import AioChat

// One row of the conversation list.
ItemDelegate {
    id: row

    required property int index
    required property double conversationId
    required property string title
    required property string platform
    required property string status
    required property string handler
    required property int unreadCount
    required property string preview
    required property string lastMessageKind
    required property date lastMessageAt
    required property bool isGroup
    required property string attentionReason
    required property date waitingSince
    required property string matchedText
    required property string assigneeName
    property bool selected: false
    // The keyboard's row (j/k, ↑/↓) while the list has the focus: framed, so it can be seen.
    property bool current: false
    readonly property bool waiting: status === "needs_attention"

    implicitHeight: 72
    highlighted: selected
    Accessible.name: qsTr("%1, %2, %3, %4 unread").arg(title).arg(ownerText()).arg(waiting ? Theme.attentionReasonName(attentionReason) + ", " + row.waitedFor() : Theme.statusName(status)).arg(unreadCount)

    // "Waiting 12 min", "Waiting 3 h", "Waiting 2 days": how long the customer has waited.
    function waitedFor(): string {
        if (isNaN(row.waitingSince.getTime()) || Dates.minute < 0 || Dates.localeRevision < 0)
            return "";
        const waited = Math.max(0, Math.floor((Dates.now().getTime() - row.waitingSince.getTime()) / 60000));
        if (waited < 1)
            return qsTr("Waiting now");
        if (waited < 60)
            return qsTr("Waiting %n min", "", waited);
        if (waited < 1440)
            return qsTr("Waiting %n h", "", Math.floor(waited / 60));
        return qsTr("Waiting %n day(s)", "", Math.floor(waited / 1440));
    }

    // Who answers: the bot, the assigned operator, or nobody yet.
    function ownerText(): string {
        if (row.handler === "bot")
            return qsTr("Bot");
        // The first name is enough in a row ("Maya", not "Maya (Billing)").
        return row.assigneeName !== "" ? row.assigneeName.split(" ")[0] : qsTr("Unassigned");
    }

    function previewText(): string {
        // A search result shows what matched; otherwise the latest message.
        if (row.matchedText !== "")
            return row.matchedText;
        if (row.preview !== "")
            return row.preview;
        if (row.lastMessageKind === "photo")
            return qsTr("Photo");
        if (row.lastMessageKind === "document")
            return qsTr("Document");
        if (row.lastMessageKind === "")
            return "";
        return qsTr("Attachment");
    }

    background: Rectangle {
        color: row.selected ? Theme.selection : (row.hovered ? Qt.rgba(0.5, 0.5, 0.5, 0.08) : "transparent")
        Rectangle {
            visible: row.waiting
            width: 3
            height: parent.height
            color: Theme.attention
        }
        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            height: 1
            color: Theme.divider
        }
        Rectangle {
            objectName: "currentFrame"
            anchors.fill: parent
            visible: row.current
            color: "transparent"
            border.width: 2
            border.color: Theme.accentText
        }
    }

    contentItem: RowLayout {
        spacing: Theme.padding
        Avatar {
            name: row.title
            size: 40
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            RowLayout {
                Layout.fillWidth: true
                spacing: 6
                Label {
                    Layout.fillWidth: true
                    text: row.title !== "" ? row.title : qsTr("Unknown customer")
                    font.weight: row.unreadCount > 0 ? Font.Bold : Font.DemiBold
                    elide: Text.ElideRight
                }
                // Beside the name, so the second line keeps its width for what was said.
                PlatformBadge {
                    platform: row.platform
                }
                // A waiting customer's row says for how long; the others when they last wrote.
                Label {
                    objectName: "rowTime"
                    text: row.waiting ? row.waitedFor() : Dates.shortTime(row.lastMessageAt)
                    color: row.waiting ? Theme.attention : (row.unreadCount > 0 ? Theme.accentText : Theme.mutedText)
                    font.pixelSize: 12
                    font.weight: row.waiting ? Font.DemiBold : Font.Normal
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 6
                Label {
                    objectName: "attentionReason"
                    visible: row.waiting
                    text: Theme.attentionReasonName(row.attentionReason)
                    color: Theme.attention
                    font.pixelSize: 11
                    font.weight: Font.DemiBold
                }
                Label {
                    objectName: "previewLabel"
                    Layout.fillWidth: true
                    text: row.previewText()
                    color: Theme.mutedText
                    font.pixelSize: 13
                    elide: Text.ElideRight
                    maximumLineCount: 1
                }
                // Who answers, after what was said (a prefix would read as the message's sender).
                Label {
                    objectName: "ownerLabel"
                    text: row.ownerText()
                    color: Theme.mutedText
                    font.pixelSize: 11
                    elide: Text.ElideRight
                    Layout.maximumWidth: 80
                }
                CountBadge {
                    count: row.unreadCount
                }
            }
        }
    }
}
