import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// The customer beside the conversation: who they are (masked, with an audited reveal), how they
// are verified, the conversation's tags and the team's private notes.
Pane {
    id: pane

    property var details: null
    property var notes: []
    property var tags: []
    property string error: ""
    readonly property double conversationId: details ? details.conversation.id : 0
    readonly property bool mayWrite: Backend.client.role === "admin" || Backend.client.role === "agent"

    function load() {
        if (pane.conversationId <= 0)
            return;
        const requested = pane.conversationId;
        Backend.request("conversation.notes", { conversationId: requested }, pane, (result, err) => {
            if (requested !== pane.conversationId)
                return;
            pane.error = err ? err.message : "";
            if (!err) {
                pane.notes = result.notes;
                pane.tags = result.tags;
            }
        });
    }

    function saveTags(text: string) {
        const list = text.split(",").map(t => t.trim()).filter(t => t !== "");
        Backend.request("conversation.setTags", { id: pane.conversationId, tags: list }, pane, (result, err) => {
            pane.error = err ? err.message : "";
            pane.load();
        });
    }

    function addNote() {
        const body = noteInput.text.trim();
        if (body === "")
            return;
        Backend.request("conversation.addNote", { conversationId: pane.conversationId, body: body }, pane, (result, err) => {
            pane.error = err ? err.message : "";
            if (!err) {
                noteInput.text = "";
                pane.load();
            }
        });
    }

    onConversationIdChanged: {
        pane.notes = [];
        pane.tags = [];
        load();
    }

    objectName: "customerPane"
    padding: Theme.padding

    CustomerDialog {
        id: customerDialog
    }

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column
            width: parent.width
            spacing: Theme.spacing

            Label {
                text: qsTr("Customer")
                font.weight: Font.DemiBold
                color: Theme.mutedText
            }
            Label {
                Layout.fillWidth: true
                text: pane.details && pane.details.contact ? pane.details.contact.displayName : (pane.details ? pane.details.conversation.title : "")
                font.pixelSize: 16
                font.weight: Font.DemiBold
                elide: Text.ElideRight
            }
            Label {
                visible: pane.details !== null && pane.details.contact !== undefined
                text: pane.details && pane.details.contact ? pane.details.contact.phone : ""
                font.family: "monospace"
                color: Theme.mutedText
            }
            Label {
                visible: pane.details !== null && pane.details.contact !== undefined
                text: pane.details && pane.details.contact ? pane.details.contact.email : ""
                color: Theme.mutedText
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Button {
                visible: pane.details !== null && pane.details.contact !== undefined
                text: qsTr("Details…")
                flat: true
                onClicked: customerDialog.show(pane.details.contact.id)
            }
            Label {
                visible: pane.details !== null && pane.details.contact === undefined
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.mutedText
                text: qsTr("Not linked to a customer record yet.")
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: !pane.details || !pane.details.identity ? "" : (pane.details.identity.verified ? qsTr("Verified until %1").arg(Theme.clockTime(new Date(pane.details.identity.verificationExpiresAt))) : qsTr("Not verified"))
                color: pane.details && pane.details.identity && pane.details.identity.verified ? Theme.open : Theme.mutedText
            }

            MenuSeparator {
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("Tags")
                font.weight: Font.DemiBold
                color: Theme.mutedText
            }
            Flow {
                Layout.fillWidth: true
                spacing: 4
                Repeater {
                    model: pane.tags
                    delegate: Rectangle {
                        required property string modelData
                        radius: 10
                        color: Theme.selection
                        implicitWidth: tagLabel.implicitWidth + 16
                        implicitHeight: tagLabel.implicitHeight + 6
                        Label {
                            id: tagLabel
                            anchors.centerIn: parent
                            text: parent.modelData
                            font.pixelSize: 12
                        }
                    }
                }
            }
            TextField {
                objectName: "tagsInput"
                Layout.fillWidth: true
                visible: pane.mayWrite
                placeholderText: qsTr("claim, vip, renewal (Enter to save)")
                text: pane.tags.join(", ")
                onAccepted: pane.saveTags(text)
            }

            MenuSeparator {
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("Private notes")
                font.weight: Font.DemiBold
                color: Theme.mutedText
            }
            Label {
                Layout.fillWidth: true
                visible: pane.notes.length === 0
                text: qsTr("Notes stay with the team; the customer never sees them.")
                color: Theme.mutedText
                wrapMode: Text.Wrap
                font.pixelSize: 12
            }
            Repeater {
                model: pane.notes
                delegate: ColumnLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    spacing: 0
                    Label {
                        Layout.fillWidth: true
                        text: modelData.body
                        wrapMode: Text.Wrap
                    }
                    Label {
                        text: (modelData.authorName || qsTr("someone")) + " · " + Theme.clockTime(new Date(modelData.createdAt))
                        color: Theme.mutedText
                        font.pixelSize: 11
                    }
                }
            }
            TextArea {
                id: noteInput
                objectName: "noteInput"
                Layout.fillWidth: true
                visible: pane.mayWrite
                placeholderText: qsTr("Add a note for the team")
                wrapMode: TextEdit.Wrap
            }
            Button {
                visible: pane.mayWrite
                text: qsTr("Add note")
                enabled: noteInput.text.trim() !== ""
                onClicked: pane.addNote()
            }
            Label {
                Layout.fillWidth: true
                visible: pane.error !== ""
                text: pane.error
                color: Theme.failed
                wrapMode: Text.Wrap
            }
        }
    }
}
