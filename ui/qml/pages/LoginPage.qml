import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import AioChat

// Signing in — or, on the very first start, creating the administrator who will then invite
// the rest of the team.
Page {
    id: page

    readonly property bool setup: Backend.client.needsSetup
    property string error: ""
    property string notice: ""

    function submit() {
        page.error = "";
        if (email.text.trim() === "" || password.text === "") {
            page.error = qsTr("Enter your e-mail address and password.");
            return;
        }
        if (page.setup) {
            if (password.text !== confirm.text) {
                page.error = qsTr("The two passwords differ.");
                return;
            }
            Backend.client.setupAdministrator(email.text.trim(), password.text);
        } else {
            Backend.client.login(email.text.trim(), password.text);
        }
    }

    objectName: "loginPage"
    // Typing starts in the e-mail field (the Loader that shows this page does not pass focus on).
    Component.onCompleted: email.forceActiveFocus()

    Connections {
        target: Backend.client
        function onLoginFailed(message: string) {
            page.error = message.length > 0 ? message.charAt(0).toUpperCase() + message.slice(1) : "";
            password.selectAll();
            password.forceActiveFocus();
        }
        function onSessionEnded(message: string) {
            page.notice = qsTr("You were signed out: %1").arg(message);
        }
        function onSessionChanged() {
            if (!Backend.client.signedIn)
                password.text = "";
            confirm.text = "";
        }
    }

    background: Rectangle {
        color: Theme.conversationBackground
    }

    Pane {
        anchors.centerIn: parent
        width: Math.min(420, page.width - 2 * Theme.padding)
        padding: Theme.padding * 2
        Material.elevation: 4

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.padding

            Image {
                Layout.alignment: Qt.AlignHCenter
                source: "qrc:/qt/qml/AioChat/icons/aiochat.svg"
                sourceSize.width: 56
                sourceSize.height: 56
                Accessible.ignored: true
            }
            Label {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: page.setup ? qsTr("Welcome to AIO-CHAT") : qsTr("Sign in to AIO-CHAT")
                font.pixelSize: 22
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
            }
            Label {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: Theme.mutedText
                visible: text !== ""
                text: page.setup ? qsTr("Create the administrator account. You can invite agents and viewers afterwards.") : page.notice
            }
            TextField {
                id: email
                objectName: "loginEmail"
                Layout.fillWidth: true
                placeholderText: qsTr("E-mail address")
                inputMethodHints: Qt.ImhEmailCharactersOnly | Qt.ImhNoAutoUppercase
                selectByMouse: true
                focus: true
                Accessible.name: qsTr("E-mail address")
                onAccepted: password.forceActiveFocus()
            }
            TextField {
                id: password
                objectName: "loginPassword"
                Layout.fillWidth: true
                placeholderText: qsTr("Password")
                echoMode: TextInput.Password
                selectByMouse: true
                Accessible.name: qsTr("Password")
                onAccepted: page.setup ? confirm.forceActiveFocus() : page.submit()
            }
            TextField {
                id: confirm
                objectName: "loginConfirm"
                Layout.fillWidth: true
                visible: page.setup
                placeholderText: qsTr("Repeat the password")
                echoMode: TextInput.Password
                Accessible.name: qsTr("Repeat the password")
                onAccepted: page.submit()
            }
            Label {
                Layout.fillWidth: true
                visible: page.setup
                wrapMode: Text.Wrap
                color: Theme.mutedText
                font.pixelSize: 12
                text: qsTr("At least 10 characters, with two kinds of characters (letters, digits, symbols). A passphrase works well.")
            }
            Label {
                objectName: "loginError"
                Layout.fillWidth: true
                visible: page.error !== ""
                text: page.error
                color: Theme.failed
                wrapMode: Text.Wrap
                Accessible.role: Accessible.AlertMessage
            }
            Button {
                objectName: "loginButton"
                Layout.fillWidth: true
                highlighted: true
                enabled: !Backend.client.busy
                text: Backend.client.busy ? qsTr("Checking…") : page.setup ? qsTr("Create administrator and sign in") : qsTr("Sign in")
                onClicked: page.submit()
            }
        }
    }
}
