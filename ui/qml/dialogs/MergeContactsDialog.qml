import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// Two records of one person (a Telegram chat and a WhatsApp number, say) become one customer:
// the other record's conversations, identities, notes and tags move here; its details only fill
// what this customer lacks. It cannot be undone, so the choice is confirmed.
Dialog {
    id: dialog

    property var keep: null
    property var other: null
    property string error: ""
    property bool working: false
    // Records that are probably the same person (same name, phone or e-mail), offered first.
    property var suggestions: []
    // Merging cannot be undone: the first press asks, the second merges.
    property bool confirming: false

    onOtherChanged: dialog.confirming = false

    signal merged(var contact)

    function show(contact: var) {
        dialog.keep = contact;
        dialog.other = null;
        dialog.error = "";
        dialog.suggestions = [];
        search.text = "";
        open();
        search.forceActiveFocus();
        Backend.request("contacts.duplicates", { id: contact.id }, dialog, (result, err) => {
            if (!err && dialog.keep && dialog.keep.id === contact.id)
                dialog.suggestions = result.items;
        });
    }

    function sameAsText(reasons: var): string {
        const names = reasons.map(r => r === "phone" ? qsTr("same phone") : (r === "email" ? qsTr("same e-mail") : qsTr("same name")));
        return names.join(", ");
    }

    function merge() {
        dialog.working = true;
        Backend.request("contact.merge", { keepId: dialog.keep.id, mergeId: dialog.other.id }, dialog, (result, err) => {
            dialog.working = false;
            if (err) {
                dialog.error = err.message;
                return;
            }
            dialog.merged(result.contact);
            dialog.close();
        });
    }

    objectName: "mergeDialog"
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: 480
    height: 520
    modal: true
    title: qsTr("Merge into %1").arg(dialog.keep ? dialog.keep.displayName : "")

    footer: DialogButtonBox {
        Button {
            text: qsTr("Cancel")
            flat: true
            onClicked: dialog.close()
        }
        Button {
            objectName: "confirmMergeButton"
            text: dialog.confirming ? qsTr("Merge for good") : qsTr("Merge…")
            highlighted: true
            enabled: dialog.other !== null && !dialog.working
            onClicked: {
                if (dialog.confirming)
                    dialog.merge();
                else
                    dialog.confirming = true;
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing
        Label {
            visible: dialog.suggestions.length > 0
            text: qsTr("Probably the same person")
            font.weight: Font.DemiBold
            color: Theme.mutedText
        }
        Repeater {
            objectName: "mergeSuggestions"
            model: dialog.suggestions
            delegate: ItemDelegate {
                required property var modelData
                Layout.fillWidth: true
                highlighted: dialog.other !== null && dialog.other.id === modelData.id
                text: modelData.displayName + "  ·  " + dialog.sameAsText(modelData.sameAs)
                onClicked: dialog.other = { id: modelData.id, displayName: modelData.displayName }
            }
        }
        TextField {
            id: search
            objectName: "mergeSearch"
            Layout.fillWidth: true
            placeholderText: qsTr("Find the other record: name, phone, e-mail or policy number")
            Accessible.name: qsTr("Find the customer to merge")
            onTextChanged: candidates.search = text
        }
        ListView {
            id: list
            objectName: "mergeCandidates"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: ContactListModel {
                id: candidates
                client: Backend.client
            }
            delegate: ItemDelegate {
                id: candidate
                required property double contactId
                required property string displayName
                required property string phone
                required property string email
                width: ListView.view.width
                // The customer being kept is not a candidate.
                visible: dialog.keep !== null && contactId !== dialog.keep.id
                height: visible ? implicitHeight : 0
                highlighted: dialog.other !== null && dialog.other.id === contactId
                text: displayName + (phone !== "" ? "  ·  " + phone : "") + (email !== "" ? "  ·  " + email : "")
                onClicked: dialog.other = { id: contactId, displayName: displayName }
            }
            ScrollBar.vertical: ScrollBar {}
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            visible: dialog.other !== null
            text: dialog.other ? qsTr("%1's conversations, platform identities, notes and tags move to %2, and %1 leaves the list. This cannot be undone.").arg(dialog.other.displayName).arg(dialog.keep.displayName) : ""
            color: dialog.confirming ? Theme.attention : Theme.text
            font.weight: dialog.confirming ? Font.DemiBold : Font.Normal
        }
        Label {
            Layout.fillWidth: true
            visible: dialog.error !== ""
            text: dialog.error
            color: Theme.failed
            wrapMode: Text.Wrap
        }
    }
}
