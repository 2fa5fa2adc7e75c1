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
    // A remote console can sign in only while its server answers.
    readonly property bool reachable: !Backend.client.remote || Backend.client.connectionState === "connected"
    property string error: ""
    property string notice: ""
    property bool choosingServer: false

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
            // Which instance this console opens: this computer's own, or the office's server.
            RowLayout {
                Layout.fillWidth: true
                Label {
                    objectName: "serverLabel"
                    Layout.fillWidth: true
                    elide: Text.ElideMiddle
                    color: Theme.mutedText
                    text: Backend.client.remote ? qsTr("Server: %1 (%2)").arg(Backend.client.serverUrl).arg(Backend.client.connectionState === "connected" ? qsTr("connected") : Backend.client.connectionState === "offline" ? qsTr("offline") : qsTr("connecting…")) : qsTr("Server: this computer")
                }
                Button {
                    objectName: "changeServerButton"
                    flat: true
                    text: qsTr("Change…")
                    onClicked: page.choosingServer = !page.choosingServer
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                visible: page.choosingServer
                RadioButton {
                    id: thisComputer
                    objectName: "thisComputerChoice"
                    text: qsTr("This computer")
                    checked: !Backend.client.remote
                }
                RadioButton {
                    id: anotherServer
                    objectName: "serverChoice"
                    text: qsTr("The office's server")
                    checked: Backend.client.remote
                }
                TextField {
                    id: serverAddress
                    objectName: "serverAddress"
                    Layout.fillWidth: true
                    enabled: anotherServer.checked
                    placeholderText: "https://office-pc:8443"
                    text: Backend.client.remote ? Backend.client.serverUrl : Backend.rememberedServer
                    inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                    Accessible.name: qsTr("Server address")
                }
                Button {
                    objectName: "connectServerButton"
                    Layout.fillWidth: true
                    text: qsTr("Open this console")
                    onClicked: page.error = Backend.switchServer(anotherServer.checked ? serverAddress.text : "")
                }
            }
            // An office's own certificate: shown once, trusted by the operator, then remembered.
            ColumnLayout {
                Layout.fillWidth: true
                visible: Backend.client.pendingFingerprint !== ""
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: qsTr("This server's certificate is not known yet. Trust it only if this fingerprint is the one your administrator gives you for the server:")
                }
                Label {
                    objectName: "certificateFingerprint"
                    Layout.fillWidth: true
                    wrapMode: Text.WrapAnywhere
                    font.family: "monospace"
                    font.pixelSize: 11
                    text: Backend.client.pendingFingerprint
                }
                Button {
                    objectName: "trustCertificateButton"
                    text: qsTr("Trust this certificate")
                    onClicked: Backend.client.trustCertificate()
                }
            }
            RowLayout {
                Layout.fillWidth: true
                visible: Backend.client.remote && Backend.client.connectionState !== "connected" && Backend.client.pendingFingerprint === ""
                Label {
                    objectName: "connectionProblem"
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.failed
                    text: Backend.client.connectionError !== "" ? Backend.client.connectionError : qsTr("Connecting to %1…").arg(Backend.client.serverUrl)
                }
                Button {
                    flat: true
                    text: qsTr("Try again")
                    onClicked: Backend.client.reconnectNow()
                }
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
                enabled: !Backend.client.busy && page.reachable
                text: Backend.client.busy ? qsTr("Checking…") : page.setup ? qsTr("Create administrator and sign in") : qsTr("Sign in")
                onClicked: page.submit()
            }
        }
    }
}
