import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import QtQuick.Window
import AioChat

// Playing a customer on the Sandbox channel: what you type arrives like a WhatsApp or Telegram
// message (journal, conversation, bot, console), and what the bot or an operator answers comes
// back here. Try the whole flow without a platform account.
ApplicationWindow {
    id: sandbox

    property string error: ""

    function send() {
        const text = input.text.trim();
        if (text === "")
            return;
        sandbox.error = "";
        transcript.append({ mine: true, text: text, at: Backend.now().toISOString() });
        Backend.request("sandbox.send", { user: user.text.trim(), name: name.text.trim(), text: text }, sandbox, (result, err) => {
            if (err)
                sandbox.error = err.message;
        });
        input.text = "";
        list.positionViewAtEnd();
    }

    objectName: "sandboxWindow"
    title: qsTr("Sandbox — chat as a customer")
    width: 420
    height: 640
    minimumWidth: 340
    minimumHeight: 420

    Material.primary: Material.Teal
    Material.accent: Material.Teal

    ListModel {
        id: transcript
    }

    Connections {
        target: Backend.client
        function onEventReceived(eventName: string, payload: var) {
            if (eventName === "sandbox.reply" && payload.user === user.text.trim()) {
                transcript.append({ mine: false, text: payload.text, at: Backend.now().toISOString() });
                list.positionViewAtEnd();
            }
        }
    }

    header: ToolBar {
        Material.background: Theme.sandbox
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: Theme.padding
            anchors.rightMargin: Theme.padding
            spacing: Theme.spacing
            TextField {
                id: name
                Layout.fillWidth: true
                text: qsTr("Sandbox tester")
                placeholderText: qsTr("Customer name")
                color: "white"
                Accessible.name: qsTr("Customer name")
            }
            TextField {
                id: user
                Layout.preferredWidth: 120
                text: "sandbox-tester"
                placeholderText: qsTr("Customer id")
                color: "white"
                Accessible.name: qsTr("Customer id")
                onEditingFinished: transcript.clear()
            }
        }
    }

    background: Rectangle {
        color: Theme.conversationBackground
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ListView {
            id: list
            objectName: "sandboxTranscript"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 6
            model: transcript
            topMargin: Theme.padding
            bottomMargin: Theme.padding
            ScrollBar.vertical: ScrollBar {}
            delegate: Item {
                id: bubble
                required property bool mine
                required property string text
                required property string at
                width: ListView.view.width
                implicitHeight: body.implicitHeight + 16
                Rectangle {
                    anchors.fill: body
                    anchors.margins: -8
                    radius: Theme.radius
                    color: bubble.mine ? Theme.customerBubble : Theme.botBubble
                    border.color: Theme.divider
                }
                Label {
                    id: body
                    x: bubble.mine ? bubble.width - width - Theme.padding - 8 : Theme.padding + 8
                    y: 8
                    width: Math.min(implicitWidth, bubble.width * 0.72)
                    text: bubble.text
                    wrapMode: Text.Wrap
                    textFormat: Text.PlainText
                }
            }
            EmptyState {
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.padding
                visible: list.count === 0
                iconSource: "qrc:/qt/qml/AioChat/icons/sandbox.svg"
                title: qsTr("Say hello")
                body: qsTr("Your messages arrive in the console as a Sandbox conversation; answers from the bot or an operator appear here.")
            }
        }
        Label {
            Layout.fillWidth: true
            Layout.margins: Theme.spacing
            visible: sandbox.error !== ""
            text: sandbox.error
            color: Theme.failed
            wrapMode: Text.Wrap
        }
        Pane {
            Layout.fillWidth: true
            padding: Theme.spacing
            RowLayout {
                anchors.fill: parent
                spacing: Theme.spacing
                TextField {
                    id: input
                    objectName: "sandboxInput"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Message as the customer")
                    Accessible.name: qsTr("Message as the customer")
                    onAccepted: sandbox.send()
                }
                Button {
                    objectName: "sandboxSend"
                    text: qsTr("Send")
                    highlighted: true
                    enabled: input.text.trim() !== "" && user.text.trim() !== ""
                    onClicked: sandbox.send()
                }
            }
        }
    }
}
