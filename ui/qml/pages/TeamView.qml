import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// Operator accounts: add one, change a role, disable an account, lift a login lock.
Item {
    id: view

    property var operators: []
    property string error: ""

    function load() {
        Backend.request("operators.list", {}, view, (result, err) => {
            view.error = err ? err.message : "";
            if (!err)
                view.operators = result.operators;
        });
    }

    function update(id: double, change: var) {
        change.id = id;
        Backend.request("operator.update", change, view, (result, err) => {
            view.error = err ? err.message : "";
            view.load();
        });
    }

    function since(iso: string): string {
        return iso ? Dates.moment(new Date(iso)) : qsTr("never");
    }

    Component.onCompleted: load()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.padding
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: qsTr("%n operator(s)", "", view.operators.length)
                color: Theme.mutedText
            }
            Button {
                objectName: "addOperatorButton"
                text: qsTr("Add operator…")
                highlighted: true
                onClicked: addDialog.open()
            }
        }
        Label {
            Layout.fillWidth: true
            visible: view.error !== ""
            text: view.error
            color: Theme.failed
            wrapMode: Text.Wrap
        }
        ListView {
            id: list
            objectName: "operatorList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: view.operators
            ScrollBar.vertical: ScrollBar {}
            delegate: ItemDelegate {
                id: row
                required property var modelData
                width: ListView.view.width
                implicitHeight: 64
                Accessible.name: modelData.email
                contentItem: RowLayout {
                    spacing: Theme.padding
                    Avatar {
                        name: row.modelData.displayName || row.modelData.email
                        size: 36
                        opacity: row.modelData.disabled ? 0.4 : 1
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Label {
                            text: row.modelData.displayName + "  ·  " + row.modelData.email
                            font.weight: Font.DemiBold
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                        Label {
                            text: qsTr("Last sign-in: %1").arg(view.since(row.modelData.lastLoginAt))
                            color: Theme.mutedText
                            font.pixelSize: 12
                        }
                    }
                    Label {
                        visible: row.modelData.lockedUntil !== ""
                        text: qsTr("Locked until %1").arg(Dates.moment(new Date(row.modelData.lockedUntil)))
                        color: Theme.attention
                    }
                    Button {
                        visible: row.modelData.lockedUntil !== ""
                        text: qsTr("Unlock")
                        flat: true
                        onClicked: view.update(row.modelData.id, { unlock: true })
                    }
                    ComboBox {
                        Layout.preferredWidth: 130
                        model: ["admin", "agent", "viewer"]
                        currentIndex: model.indexOf(row.modelData.role)
                        Accessible.name: qsTr("Role of %1").arg(row.modelData.email)
                        onActivated: index => {
                            if (model[index] !== row.modelData.role)
                                view.update(row.modelData.id, { role: model[index] });
                        }
                    }
                    Switch {
                        text: row.modelData.disabled ? qsTr("Disabled") : qsTr("Active")
                        checked: !row.modelData.disabled
                        onToggled: view.update(row.modelData.id, { disabled: !checked })
                    }
                }
            }
        }
    }

    Dialog {
        id: addDialog

        property string error: ""

        objectName: "addOperatorDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: 420
        modal: true
        title: qsTr("Add operator")
        standardButtons: Dialog.Cancel

        onOpened: {
            email.text = "";
            name.text = "";
            password.text = "";
            role.currentIndex = 1;
            addDialog.error = "";
            email.forceActiveFocus();
        }

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing
            TextField {
                id: email
                Layout.fillWidth: true
                placeholderText: qsTr("E-mail address")
            }
            TextField {
                id: name
                Layout.fillWidth: true
                placeholderText: qsTr("Name (optional)")
            }
            ComboBox {
                id: role
                Layout.fillWidth: true
                model: ["admin", "agent", "viewer"]
                currentIndex: 1
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.mutedText
                font.pixelSize: 12
                text: [qsTr("Administrators can do everything, including managing the team and reading the audit log."), qsTr("Agents answer customers, verify them and see their details when needed."), qsTr("Viewers can read conversations; personal details stay masked.")][role.currentIndex]
            }
            TextField {
                id: password
                Layout.fillWidth: true
                placeholderText: qsTr("Initial password (share it privately)")
                echoMode: TextInput.Password
            }
            Label {
                Layout.fillWidth: true
                text: addDialog.error
                visible: text !== ""
                color: Theme.failed
                wrapMode: Text.Wrap
            }
            Button {
                Layout.alignment: Qt.AlignRight
                text: qsTr("Add operator")
                highlighted: true
                onClicked: Backend.request("operator.create", {
                    email: email.text.trim(),
                    displayName: name.text.trim(),
                    role: role.currentText,
                    password: password.text
                }, view, (result, err) => {
                    if (err) {
                        addDialog.error = err.message;
                        return;
                    }
                    addDialog.close();
                    view.load();
                })
            }
        }
    }
}
