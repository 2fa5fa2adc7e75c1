import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// Changing one's own password. Every session of the operator ends, this one included, so the
// console asks them to sign in again with the new password.
Dialog {
    id: dialog

    property string error: ""
    property bool working: false

    parent: Overlay.overlay
    anchors.centerIn: parent
    width: 400
    modal: true
    title: qsTr("Change password")
    standardButtons: Dialog.Cancel

    onOpened: {
        current.text = "";
        next.text = "";
        again.text = "";
        dialog.error = "";
        current.forceActiveFocus();
    }

    function submit() {
        if (next.text !== again.text) {
            dialog.error = qsTr("The two new passwords differ.");
            return;
        }
        dialog.working = true;
        Backend.request("auth.changePassword", {
            currentPassword: current.text,
            newPassword: next.text
        }, dialog, (result, err) => {
            dialog.working = false;
            if (err) {
                dialog.error = err.message;
                return;
            }
            dialog.close();
            Backend.client.logout();
        });
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing
        TextField {
            id: current
            Layout.fillWidth: true
            placeholderText: qsTr("Current password")
            echoMode: TextInput.Password
        }
        TextField {
            id: next
            Layout.fillWidth: true
            placeholderText: qsTr("New password")
            echoMode: TextInput.Password
        }
        TextField {
            id: again
            Layout.fillWidth: true
            placeholderText: qsTr("Repeat the new password")
            echoMode: TextInput.Password
            onAccepted: dialog.submit()
        }
        Label {
            Layout.fillWidth: true
            text: dialog.error
            visible: text !== ""
            color: Theme.failed
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("You will be signed out everywhere and sign in again with the new password.")
            color: Theme.mutedText
            font.pixelSize: 12
            wrapMode: Text.Wrap
        }
        Button {
            Layout.alignment: Qt.AlignRight
            text: qsTr("Change password")
            highlighted: true
            enabled: !dialog.working && current.text !== "" && next.text !== ""
            onClicked: dialog.submit()
        }
    }
}
