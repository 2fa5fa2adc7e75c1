import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// One customer's details. Personal fields arrive masked; showing one is a deliberate act that
// the backend records in the audit log (and refuses to viewers).
Dialog {
    id: dialog

    property double contactId: 0
    property var contact: null
    property var identities: []
    property var revealed: ({})
    property string error: ""
    // Attributes admins defined (attributes.list), and the personal ones once shown.
    property var definitions: []
    property var revealedAttributes: null
    readonly property bool mayReveal: Backend.client.role === "admin" || Backend.client.role === "agent"
    readonly property var fields: [
        { key: "phone", label: qsTr("Phone") },
        { key: "email", label: qsTr("E-mail") },
        { key: "policyNumber", label: qsTr("Policy number") },
        { key: "dateOfBirth", label: qsTr("Date of birth") }
    ]

    signal editRequested(var contact)
    signal mergeRequested(var contact)

    function show(id: double) {
        dialog.contactId = id;
        dialog.contact = null;
        dialog.revealed = {};
        dialog.revealedAttributes = null;
        dialog.error = "";
        Backend.request("attributes.list", {}, dialog, (result, err) => {
            if (!err)
                dialog.definitions = result.attributes;
        });
        Backend.request("contact.get", { id: id }, dialog, (result, err) => {
            dialog.error = err ? err.message : "";
            if (!err) {
                dialog.contact = result.contact;
                dialog.identities = result.identities;
            }
        });
        open();
    }

    function platforms(): var {
        let out = [];
        for (let i = 0; i < dialog.identities.length; ++i) {
            const p = dialog.identities[i].platform;
            if (out.indexOf(p) < 0)
                out.push(p);
        }
        return out;
    }

    // A stored attribute value as people read it: dates and amounts in the console's language.
    function attributeText(def: var): string {
        if (!dialog.contact)
            return "";
        const values = dialog.revealedAttributes || dialog.contact.attributes || {};
        const v = values[def.key];
        if (v === undefined || v === null || v === "")
            return "—";
        if (v === "••••")
            return v;
        if (def.type === "date")
            return Qt.formatDate(new Date(v + "T00:00:00"), Qt.locale(), Locale.LongFormat);
        if (def.type === "money")
            return def.currency + " " + Number(v).toLocaleString(Qt.locale(), "f", 0);
        if (def.type === "number")
            return Number(v).toLocaleString(Qt.locale(), "f", Number(v) % 1 === 0 ? 0 : 2);
        if (def.type === "boolean")
            return v ? qsTr("Yes") : qsTr("No");
        return String(v);
    }

    function languageText(code: string): string {
        return code === "id" ? qsTr("Indonesian") : (code === "en" ? qsTr("English") : qsTr("Not known"));
    }

    function reveal(field: string) {
        Backend.request("contact.get", { id: dialog.contactId, reveal: [field] }, dialog, (result, err) => {
            if (err) {
                dialog.error = err.message;
                return;
            }
            if (field === "attributes") {
                dialog.revealedAttributes = result.contact.attributes;
                return;
            }
            let copy = Object.assign({}, dialog.revealed);
            copy[field] = result.contact[field];
            dialog.revealed = copy;
        });
    }

    objectName: "customerDialog"
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: 460
    modal: true
    title: dialog.contact ? dialog.contact.displayName : qsTr("Customer")
    footer: DialogButtonBox {
        Button {
            objectName: "editCustomerButton"
            visible: dialog.mayReveal && dialog.contact !== null
            text: qsTr("Edit…")
            flat: true
            onClicked: {
                const contact = dialog.contact;
                dialog.close();
                dialog.editRequested(contact);
            }
        }
        Button {
            objectName: "mergeCustomerButton"
            visible: dialog.mayReveal && dialog.contact !== null
            text: qsTr("Merge…")
            flat: true
            onClicked: {
                const contact = dialog.contact;
                dialog.close();
                dialog.mergeRequested(contact);
            }
        }
        Button {
            objectName: "customerDocumentsButton"
            visible: dialog.mayReveal && dialog.contact !== null
            text: qsTr("Documents…")
            flat: true
            onClicked: {
                const contact = dialog.contact;
                dialog.close();
                Backend.showKnowledge(contact.id, contact.displayName);
            }
        }
        Button {
            objectName: "closeCustomerButton"
            text: qsTr("Close")
            flat: true
            onClicked: dialog.close()
        }
    }

    // An attribute and its value (outside contentItem: qmllint refuses an id inside a deferred
    // property).
    Component {
        id: attributeDelegate

        RowLayout {
            id: attributeRow
            required property var modelData
            width: ListView.view.width
            spacing: Theme.padding
            Label {
                Layout.preferredWidth: 150
                text: attributeRow.modelData.label
                color: Theme.mutedText
                elide: Text.ElideRight
            }
            Label {
                objectName: "attr_" + attributeRow.modelData.key
                Layout.fillWidth: true
                Layout.preferredHeight: 32
                verticalAlignment: Text.AlignVCenter
                text: dialog.attributeText(attributeRow.modelData)
            }
            Button {
                flat: true
                visible: dialog.mayReveal && dialog.attributeText(attributeRow.modelData) === "••••"
                text: qsTr("Show")
                Accessible.name: qsTr("Show %1").arg(attributeRow.modelData.label)
                onClicked: dialog.reveal("attributes")
            }
        }
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            visible: dialog.error !== ""
            text: dialog.error
            color: Theme.failed
            wrapMode: Text.Wrap
        }
        GridLayout {
            Layout.fillWidth: true
            columns: 3
            columnSpacing: Theme.padding
            visible: dialog.contact !== null
            Repeater {
                model: dialog.fields
                delegate: Label {
                    required property var modelData
                    required property int index
                    Layout.row: index
                    Layout.column: 0
                    text: modelData.label
                    color: Theme.mutedText
                }
            }
            Repeater {
                model: dialog.fields
                delegate: Label {
                    required property var modelData
                    required property int index
                    objectName: "field_" + modelData.key
                    Layout.row: index
                    Layout.column: 1
                    Layout.fillWidth: true
                    Layout.preferredHeight: 44
                    verticalAlignment: Text.AlignVCenter
                    font.family: "monospace"
                    text: dialog.revealed[modelData.key] !== undefined ? dialog.revealed[modelData.key] : (dialog.contact ? dialog.contact[modelData.key] || "—" : "")
                }
            }
            Repeater {
                model: dialog.fields
                delegate: Button {
                    required property var modelData
                    required property int index
                    objectName: "reveal_" + modelData.key
                    Layout.row: index
                    Layout.column: 2
                    flat: true
                    visible: dialog.mayReveal && dialog.contact && (dialog.contact[modelData.key] || "") !== "" && dialog.revealed[modelData.key] === undefined
                    text: qsTr("Show")
                    Accessible.name: qsTr("Show %1").arg(modelData.label)
                    onClicked: dialog.reveal(modelData.key)
                }
            }
        }
        GridLayout {
            objectName: "attributeGrid"
            Layout.fillWidth: true
            columns: 2
            columnSpacing: Theme.padding
            visible: dialog.contact !== null
            Label {
                Layout.preferredWidth: 150
                text: qsTr("Language")
                color: Theme.mutedText
            }
            Label {
                objectName: "contactLanguage"
                Layout.fillWidth: true
                text: dialog.contact ? dialog.languageText(dialog.contact.language) : ""
            }
        }
        ListView {
            objectName: "attributeList"
            Layout.fillWidth: true
            Layout.preferredHeight: contentHeight
            interactive: false
            visible: dialog.contact !== null
            model: dialog.definitions
            delegate: attributeDelegate
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.mutedText
            font.pixelSize: 12
            text: dialog.mayReveal ? qsTr("Showing a detail is recorded in the audit log with your name.") : qsTr("Your role shows personal details masked.")
        }
        Label {
            Layout.fillWidth: true
            visible: dialog.identities.length > 0
            color: Theme.mutedText
            text: qsTr("Reachable on: %1").arg(dialog.platforms().join(", "))
        }
    }
}
