import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// The audit log, newest first: who read which customer's details, sign-ins, team and settings
// changes. "Verify chain" checks that no entry was edited, removed or reordered.
Item {
    id: view

    property var operators: []
    property var entries: []
    property string cursor: ""
    property string error: ""
    property string verdict: ""
    property bool verdictOk: true

    function filters(): var {
        let f = { limit: 100 };
        if (action.text.trim() !== "")
            f.action = action.text.trim();
        if (who.currentIndex > 0)
            f.operatorId = view.operators[who.currentIndex - 1].id;
        return f;
    }

    function load(more: bool) {
        let f = filters();
        if (more)
            f.cursor = view.cursor;
        Backend.request("audit.list", f, view, (result, err) => {
            view.error = err ? err.message : "";
            if (err)
                return;
            view.entries = more ? view.entries.concat(result.items) : result.items;
            view.cursor = result.nextCursor;
        });
    }

    function verify() {
        Backend.request("audit.verify", {}, view, (result, err) => {
            if (err) {
                view.verdictOk = false;
                view.verdict = err.message;
                return;
            }
            view.verdictOk = result.ok;
            view.verdict = result.ok ? qsTr("Chain intact: %n entries check out.", "", result.entries) : qsTr("Broken at entry %1: %2").arg(result.brokenAt).arg(result.reason);
        });
    }

    function operatorNames(): var {
        let names = [qsTr("Everyone")];
        for (let i = 0; i < view.operators.length; ++i)
            names.push(view.operators[i].email);
        return names;
    }

    function describe(entry: var): string {
        const d = entry.detail || {};
        let parts = [];
        if (d.fields)
            parts.push(qsTr("fields: %1").arg(d.fields.join(", ")));
        if (d.role)
            parts.push(qsTr("role: %1").arg(d.role));
        if (d.reason)
            parts.push(qsTr("reason: %1").arg(d.reason));
        if (d.disabled !== undefined)
            parts.push(d.disabled ? qsTr("disabled") : qsTr("enabled"));
        if (d.unlocked)
            parts.push(qsTr("unlocked"));
        if (d.params)
            parts.push(qsTr("changed: %1").arg(d.params.join(", ")));
        if (d.client)
            parts.push(qsTr("from %1").arg(d.client));
        return parts.join(" · ");
    }

    Component.onCompleted: load(false)

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.padding
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            TextField {
                id: action
                Layout.preferredWidth: 240
                placeholderText: qsTr("Action (login, contact.reveal…)")
                onAccepted: view.load(false)
            }
            ComboBox {
                id: who
                Layout.preferredWidth: 260
                model: view.operatorNames()
                onActivated: view.load(false)
            }
            Button {
                text: qsTr("Filter")
                onClicked: view.load(false)
            }
            Item {
                Layout.fillWidth: true
            }
            Button {
                objectName: "verifyChainButton"
                text: qsTr("Verify chain")
                onClicked: view.verify()
            }
        }
        Label {
            objectName: "auditVerdict"
            Layout.fillWidth: true
            visible: view.verdict !== ""
            text: view.verdict
            color: view.verdictOk ? Theme.open : Theme.failed
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            visible: view.error !== ""
            text: view.error
            color: Theme.failed
        }
        ListView {
            id: list
            objectName: "auditList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: view.entries
            ScrollBar.vertical: ScrollBar {}
            delegate: Item {
                id: row
                required property var modelData
                width: ListView.view.width
                implicitHeight: 48
                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.spacing
                    anchors.rightMargin: Theme.spacing
                    spacing: Theme.padding
                    Label {
                        Layout.preferredWidth: 130
                        text: Dates.preciseMoment(new Date(row.modelData.at))
                        color: Theme.mutedText
                        font.family: "monospace"
                        font.pixelSize: 12
                    }
                    Label {
                        Layout.preferredWidth: 200
                        text: row.modelData.operatorEmail || qsTr("system")
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.preferredWidth: 150
                        text: row.modelData.action
                        font.weight: Font.DemiBold
                        color: row.modelData.action.endsWith("failure") ? Theme.failed : Theme.text
                    }
                    Label {
                        Layout.preferredWidth: 110
                        text: row.modelData.targetType ? row.modelData.targetType + " " + row.modelData.targetId : ""
                        color: Theme.mutedText
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        text: view.describe(row.modelData)
                        color: Theme.mutedText
                        elide: Text.ElideRight
                    }
                }
                Rectangle {
                    anchors.bottom: parent.bottom
                    width: parent.width
                    height: 1
                    color: Theme.divider
                }
            }
            footer: Button {
                visible: view.cursor !== ""
                text: qsTr("Older entries")
                flat: true
                onClicked: view.load(true)
            }
            EmptyState {
                anchors.centerIn: parent
                visible: list.count === 0 && view.error === ""
                iconSource: "qrc:/qt/qml/AioChat/icons/team.svg"
                title: qsTr("No audit entries match")
                body: qsTr("Sign-ins, revealed customer details and team or settings changes appear here.")
            }
        }
    }
}
