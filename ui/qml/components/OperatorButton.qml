import QtQuick
import QtQuick.Controls
import AioChat

// Who is signed in, at the foot of the navigation rail: their account, password and sign-out.
ToolButton {
    id: button

    readonly property var op: Backend.client.currentOperator

    objectName: "operatorButton"
    implicitWidth: 56
    implicitHeight: 56
    Accessible.name: qsTr("Account of %1").arg(op.email || "")
    ToolTip.visible: hovered
    ToolTip.text: (op.displayName || op.email || "") + " · " + (op.role || "")

    contentItem: Item {
        Avatar {
            anchors.centerIn: parent
            name: button.op.displayName || button.op.email || "?"
            size: 36
        }
    }

    onClicked: menu.open()

    Menu {
        id: menu
        y: -height
        x: button.width

        MenuItem {
            enabled: false
            text: (button.op.email || "") + "\n" + qsTr("Role: %1").arg(button.op.role || "")
        }
        MenuSeparator {}
        MenuItem {
            text: qsTr("Change password…")
            enabled: (button.op.id || 0) > 0
            onTriggered: passwordDialog.open()
        }
        MenuItem {
            objectName: "signOutItem"
            text: qsTr("Sign out")
            enabled: (button.op.id || 0) > 0
            onTriggered: Backend.client.logout()
        }
    }

    ChangePasswordDialog {
        id: passwordDialog
        objectName: "changePasswordDialog"
    }
}
