import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import AioChat

// One message: a day separator when it opens a new day, then the bubble — customers on the
// left, the bot and operators on the right, system notes centred.
Item {
    id: message

    required property double messageId
    required property string direction
    required property string sender
    required property string senderName
    required property string kind
    required property string text
    required property var attachments
    // The files among them as the backend keeps them: state, type by content, size, id.
    required property var files
    required property string status
    required property string error
    required property date createdAt
    required property bool edited
    required property string day
    required property bool dayBreak
    // WhatsApp's 24-hour window is closed: free text cannot be retried, only a template sent.
    property bool replyWindowClosed: false

    // The bot's replies open how they came about (sources, passages, timings).
    signal interactionRequested(double messageId)
    // A picture opens larger; any kept file can be saved or opened in the system's viewer.
    signal pictureRequested(var file)
    signal saveRequested(var file)
    // A customer's PDF or text file becomes their own knowledge for the bot.
    signal knowledgeRequested(var file)

    property string fileProblem: ""

    function fileAt(position: int): var {
        const list = message.files || [];
        for (let i = 0; i < list.length; ++i)
            if (list[i].position === position)
                return list[i];
        return null;
    }

    function fileStateText(file: var): string {
        if (!file)
            return "";
        switch (file.state) {
        case "pending":
            return qsTr("Downloading…");
        case "downloading":
            return file.total > 0 ? qsTr("Downloading… %1 %").arg(Math.floor(100 * file.received / file.total)) : qsTr("Downloading…");
        case "failed":
            return qsTr("Not downloaded: %1").arg(file.error);
        }
        return "";
    }

    readonly property bool outbound: direction === "out"
    readonly property bool system: sender === "system"

    implicitHeight: column.implicitHeight + 6

    function senderLabel(): string {
        if (message.sender === "bot")
            return qsTr("Bot");
        if (message.sender === "operator")
            return message.senderName !== "" ? message.senderName : qsTr("Operator");
        return message.senderName;
    }

    function statusText(): string {
        switch (message.status) {
        case "queued":
            return qsTr("Queued");
        case "sent":
            return qsTr("Sent");
        case "delivered":
            return qsTr("Delivered");
        case "read":
            return qsTr("Read");
        case "failed":
            return qsTr("Failed");
        }
        return "";
    }

    ColumnLayout {
        id: column
        width: parent.width
        spacing: 4

        Label {
            visible: message.dayBreak
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: 10
            Layout.bottomMargin: 4
            text: Dates.dayLabel(message.day)
            color: Theme.mutedText
            font.pixelSize: 12
            font.weight: Font.DemiBold
        }

        Label {
            visible: message.system
            Layout.alignment: Qt.AlignHCenter
            Layout.maximumWidth: column.width * 0.8
            text: message.text
            color: Theme.systemText
            font.italic: true
            font.pixelSize: 12
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
        }

        Rectangle {
            id: bubble
            visible: !message.system
            Layout.alignment: message.outbound ? Qt.AlignRight : Qt.AlignLeft
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            Layout.maximumWidth: Math.min(column.width * 0.72, 620)
            implicitWidth: content.implicitWidth + 2 * Theme.padding
            implicitHeight: content.implicitHeight + Theme.padding
            radius: Theme.radius
            color: message.sender === "bot" ? Theme.botBubble : (message.sender === "operator" ? Theme.operatorBubble : Theme.customerBubble)
            border.color: message.status === "failed" ? Theme.failed : Theme.divider
            border.width: 1

            ColumnLayout {
                id: content
                x: Theme.padding
                y: Theme.padding / 2
                width: bubble.width - 2 * Theme.padding
                spacing: 3

                Label {
                    visible: text !== ""
                    text: message.senderLabel()
                    color: message.sender === "bot" ? Theme.open : (message.sender === "operator" ? Theme.operatorText : Theme.mutedText)
                    font.pixelSize: 12
                    font.weight: Font.DemiBold
                }
                Repeater {
                    model: message.attachments
                    delegate: ColumnLayout {
                        id: attachment
                        required property var modelData
                        required property int index
                        readonly property var file: message.fileAt(index)
                        readonly property bool ready: file !== null && file.state === "ready"
                        readonly property bool picture: ready && String(file.mimeType).startsWith("image/")
                        spacing: 2

                        // A picture shows itself: a thumbnail decoded off the GUI thread.
                        Image {
                            objectName: "attachmentThumbnail"
                            visible: attachment.picture
                            Layout.preferredWidth: 240
                            Layout.preferredHeight: attachment.picture && attachment.file.width > 0 ? Math.min(240, 240 * attachment.file.height / attachment.file.width) : 180
                            source: attachment.picture ? "image://attachment/" + attachment.file.id : ""
                            // Decoded at the size shown (sharp on high-density screens), no larger:
                            // every extra pixel is decoding, memory and texture upload while
                            // the list scrolls.
                            sourceSize.width: 240 * Screen.devicePixelRatio
                            sourceSize.height: 240 * Screen.devicePixelRatio
                            asynchronous: true
                            fillMode: Image.PreserveAspectFit
                            Accessible.name: qsTr("Picture %1").arg(attachment.file ? attachment.file.fileName : "")
                            TapHandler {
                                onTapped: message.pictureRequested(attachment.file)
                            }
                            HoverHandler {
                                cursorShape: Qt.PointingHandCursor
                            }
                        }
                        RowLayout {
                            visible: !attachment.picture
                            spacing: 6
                            Rectangle {
                                implicitWidth: 34
                                implicitHeight: 34
                                radius: 6
                                color: Theme.divider
                                Label {
                                    anchors.centerIn: parent
                                    text: String(attachment.modelData.mimeType || "").startsWith("image/") ? qsTr("IMG") : qsTr("DOC")
                                    font.pixelSize: 10
                                    font.weight: Font.Bold
                                    color: Theme.mutedText
                                }
                            }
                            ColumnLayout {
                                spacing: 0
                                Label {
                                    text: (attachment.file ? attachment.file.fileName : "") || attachment.modelData.name || qsTr("Unnamed file")
                                    font.weight: Font.DemiBold
                                    elide: Text.ElideMiddle
                                    Layout.maximumWidth: 360
                                }
                                Label {
                                    readonly property string type: (attachment.ready ? attachment.file.mimeType : attachment.modelData.mimeType) || qsTr("unknown type")
                                    readonly property double bytes: attachment.ready ? attachment.file.size : (attachment.modelData.size || 0)
                                    readonly property int seconds: attachment.modelData.duration || 0
                                    text: type + (bytes ? " · " + Theme.fileSize(bytes) : "") + (seconds ? " · " + Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0") : "")
                                    color: Theme.mutedText
                                    font.pixelSize: 11
                                }
                            }
                        }
                        Label {
                            visible: text !== ""
                            Layout.maximumWidth: 360
                            text: message.fileStateText(attachment.file)
                            color: attachment.file && attachment.file.state === "failed" ? Theme.failed : Theme.mutedText
                            font.pixelSize: 11
                            wrapMode: Text.Wrap
                        }
                        RowLayout {
                            spacing: 0
                            visible: attachment.ready || (attachment.file !== null && attachment.file.state === "failed")
                            Button {
                                visible: attachment.ready && !attachment.picture
                                flat: true
                                text: qsTr("Open")
                                Accessible.name: qsTr("Open %1").arg(attachment.file ? attachment.file.fileName : "")
                                onClicked: Backend.fetchAttachment(attachment.file.id, "open", "", message, error => message.fileProblem = error)
                            }
                            Button {
                                objectName: "saveAttachmentButton"
                                visible: attachment.ready
                                flat: true
                                text: qsTr("Save as…")
                                Accessible.name: qsTr("Save %1").arg(attachment.file ? attachment.file.fileName : "")
                                onClicked: message.saveRequested(attachment.file)
                            }
                            Button {
                                objectName: "addToKnowledgeButton"
                                visible: attachment.ready && !message.outbound && Backend.client.role !== "viewer" && ["application/pdf", "text/plain", "text/markdown", "text/html"].indexOf(attachment.file.mimeType) >= 0
                                flat: true
                                text: qsTr("Add to customer's knowledge")
                                Accessible.name: qsTr("Add %1 to the customer's documents").arg(attachment.file ? attachment.file.fileName : "")
                                onClicked: message.knowledgeRequested(attachment.file)
                            }
                            Button {
                                visible: attachment.file !== null && attachment.file.state === "failed" && Backend.client.role !== "viewer"
                                flat: true
                                text: qsTr("Try again")
                                Accessible.name: qsTr("Download %1 again").arg(attachment.file ? attachment.file.fileName : "")
                                onClicked: Backend.request("attachment.retry", {
                                    "id": attachment.file.id
                                }, message, (result, err) => message.fileProblem = err ? err.message : "")
                            }
                        }
                    }
                }
                Label {
                    visible: message.fileProblem !== ""
                    Layout.fillWidth: true
                    text: message.fileProblem
                    color: Theme.failed
                    font.pixelSize: 11
                    wrapMode: Text.Wrap
                }
                Label {
                    visible: message.text !== ""
                    Layout.fillWidth: true
                    text: message.text
                    wrapMode: Text.Wrap
                    textFormat: Text.PlainText
                }
                RowLayout {
                    visible: message.status === "failed"
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    Label {
                        Layout.fillWidth: true
                        text: message.error !== "" ? qsTr("Not delivered: %1").arg(message.error) : qsTr("Not delivered")
                        color: Theme.failed
                        font.pixelSize: 12
                        wrapMode: Text.Wrap
                    }
                    Button {
                        objectName: "retryButton"
                        visible: !message.replyWindowClosed || message.kind === "template"
                        text: qsTr("Retry")
                        flat: true
                        Accessible.name: qsTr("Send this message again")
                        onClicked: Backend.request("message.retry", { messageId: message.messageId }, message, null)
                    }
                }
                RowLayout {
                    Layout.alignment: Qt.AlignRight
                    spacing: 6
                    Label {
                        objectName: "howAnsweredLink"
                        visible: message.sender === "bot"
                        text: qsTr("How was this answered?")
                        color: Theme.accentText
                        font.pixelSize: 11
                        font.underline: howArea.containsMouse
                        Accessible.role: Accessible.Link
                        Accessible.name: text
                        MouseArea {
                            id: howArea
                            anchors.fill: parent
                            hoverEnabled: true
                            cursorShape: Qt.PointingHandCursor
                            onClicked: message.interactionRequested(message.messageId)
                        }
                    }
                    Label {
                        visible: message.edited
                        text: qsTr("edited")
                        color: Theme.mutedText
                        font.pixelSize: 11
                        font.italic: true
                    }
                    Label {
                        text: Dates.clockTime(message.createdAt)
                        color: Theme.mutedText
                        font.pixelSize: 11
                    }
                    Label {
                        visible: message.outbound
                        text: message.statusText()
                        color: message.status === "failed" ? Theme.failed : (message.status === "read" ? Theme.telegram : Theme.mutedText)
                        font.pixelSize: 11
                    }
                }
            }
        }
    }
}
