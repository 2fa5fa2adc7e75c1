import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// Creating a customer, or editing one. Personal fields are never shown here in clear: when
// editing, an empty field keeps the stored value (shown masked as a hint), typing replaces it,
// and "Remove" deletes it. The backend checks every field and names what is wrong.
Dialog {
    id: dialog

    property double contactId: 0 // 0: a new customer
    property var original: null
    property var fieldErrors: ({})
    property var removed: ({})
    property string error: ""
    property bool working: false
    readonly property var personalFields: [
        { key: "phone", label: qsTr("Phone"), hint: qsTr("+62 812 3456 7890") },
        { key: "email", label: qsTr("E-mail"), hint: qsTr("name@example.com") },
        { key: "policyNumber", label: qsTr("Policy number"), hint: qsTr("POL-2024-0017") },
        { key: "dateOfBirth", label: qsTr("Date of birth"), hint: qsTr("YYYY-MM-DD") }
    ]

    signal saved(var contact)

    function create() {
        dialog.contactId = 0;
        dialog.original = null;
        reset("");
        open();
    }

    function edit(contact: var) {
        dialog.contactId = contact.id;
        dialog.original = contact;
        reset(contact.displayName);
        open();
    }

    function reset(name: string) {
        dialog.fieldErrors = {};
        dialog.removed = {};
        dialog.error = "";
        nameField.text = name;
        for (let i = 0; i < fieldRepeater.count; ++i)
            fieldRepeater.itemAt(i).text = "";
        const language = dialog.original ? dialog.original.language : "";
        languageBox.currentIndex = language === "en" ? 1 : (language === "id" ? 2 : 0);
        // The attributes admins defined; personal ones are masked and only replaced by typing.
        attributeModel.clear();
        Backend.request("attributes.list", {}, dialog, (result, err) => {
            if (err)
                return;
            const values = dialog.original ? dialog.original.attributes || {} : {};
            for (let i = 0; i < result.attributes.length; ++i) {
                const a = result.attributes[i];
                const v = values[a.key];
                const text = v === undefined || v === null ? "" : String(v);
                attributeModel.append({
                    "key": a.key,
                    "label": a.label,
                    "kind": a.type,
                    "hint": a.type === "date" ? "2026-12-31" : (a.type === "choice" ? a.options.join(", ") : ""),
                    "stored": text,
                    "masked": text === "••••",
                    "typed": text === "••••" ? "" : text
                });
            }
        });
    }

    function toggleRemoved(key: string) {
        let copy = Object.assign({}, dialog.removed);
        copy[key] = !copy[key];
        dialog.removed = copy;
    }

    function submit() {
        let params = {};
        if (dialog.contactId > 0)
            params.id = dialog.contactId;
        if (dialog.contactId === 0 || nameField.text.trim() !== dialog.original.displayName)
            params.displayName = nameField.text;
        for (let i = 0; i < dialog.personalFields.length; ++i) {
            const key = dialog.personalFields[i].key;
            const typed = fieldRepeater.itemAt(i).text.trim();
            if (dialog.removed[key])
                params[key] = "";
            else if (typed !== "")
                params[key] = typed;
        }
        const languages = ["", "en", "id"];
        if (dialog.contactId === 0 ? languageBox.currentIndex > 0 : languages[languageBox.currentIndex] !== (dialog.original.language || ""))
            params.language = languages[languageBox.currentIndex];
        let attributes = {};
        let changed = false;
        for (let i = 0; i < attributeModel.count; ++i) {
            const a = attributeModel.get(i);
            const typed = a.typed.trim();
            if (a.masked ? typed !== "" : typed !== a.stored) {
                attributes[a.key] = typed === "" ? null : typed;
                changed = true;
            }
        }
        if (changed)
            params.attributes = attributes;
        dialog.working = true;
        dialog.error = "";
        Backend.request(dialog.contactId > 0 ? "contact.update" : "contact.create", params, dialog, (result, err) => {
            dialog.working = false;
            if (err) {
                let byField = {};
                const list = err.details && err.details.fields ? err.details.fields : [];
                for (let j = 0; j < list.length; ++j)
                    byField[list[j].field] = list[j].message;
                dialog.fieldErrors = byField;
                dialog.error = list.length > 0 ? "" : err.message;
                return;
            }
            dialog.saved(result.contact);
            dialog.close();
        });
    }

    // Typing starts in the name field.
    onOpened: nameField.forceActiveFocus()

    objectName: "contactEditDialog"
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: 480
    modal: true
    title: dialog.contactId > 0 ? qsTr("Edit %1").arg(dialog.original ? dialog.original.displayName : "") : qsTr("New customer")
    // Plain buttons: Save closes the dialog only once the backend agreed.
    footer: DialogButtonBox {
        Button {
            text: qsTr("Cancel")
            flat: true
            onClicked: dialog.close()
        }
        Button {
            objectName: "saveContactButton"
            text: qsTr("Save")
            highlighted: true
            enabled: !dialog.working && nameField.text.trim() !== ""
            onClicked: dialog.submit()
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 4

        Label {
            Layout.fillWidth: true
            visible: dialog.error !== ""
            text: dialog.error
            color: Theme.failed
            wrapMode: Text.Wrap
        }
        Label {
            text: qsTr("Name")
            color: Theme.mutedText
        }
        TextField {
            id: nameField
            objectName: "contactName"
            Layout.fillWidth: true
            placeholderText: qsTr("Full name")
            Accessible.name: qsTr("Name")
        }
        Label {
            objectName: "error_displayName"
            Layout.fillWidth: true
            visible: text !== ""
            text: dialog.fieldErrors.displayName || ""
            color: Theme.failed
            wrapMode: Text.Wrap
            font.pixelSize: 12
        }
        Repeater {
            id: fieldRepeater
            model: dialog.personalFields
            delegate: ColumnLayout {
                id: row
                required property var modelData
                property alias text: input.text
                Layout.fillWidth: true
                spacing: 2
                Label {
                    text: row.modelData.label
                    color: Theme.mutedText
                }
                RowLayout {
                    Layout.fillWidth: true
                    TextField {
                        id: input
                        objectName: "contact_" + row.modelData.key
                        Layout.fillWidth: true
                        enabled: !dialog.removed[row.modelData.key]
                        readonly property string stored: dialog.original ? dialog.original[row.modelData.key] || "" : ""
                        placeholderText: dialog.removed[row.modelData.key] ? qsTr("Will be removed") : stored !== "" ? qsTr("%1 — type to replace").arg(stored) : row.modelData.hint
                        inputMethodHints: row.modelData.key === "phone" ? Qt.ImhDialableCharactersOnly : row.modelData.key === "email" ? Qt.ImhEmailCharactersOnly : Qt.ImhNone
                        Accessible.name: row.modelData.label
                    }
                    Button {
                        flat: true
                        visible: input.stored !== ""
                        text: dialog.removed[row.modelData.key] ? qsTr("Keep") : qsTr("Remove")
                        Accessible.name: qsTr("Remove %1").arg(row.modelData.label)
                        onClicked: dialog.toggleRemoved(row.modelData.key)
                    }
                }
                Label {
                    objectName: "error_" + row.modelData.key
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: dialog.fieldErrors[row.modelData.key] || ""
                    color: Theme.failed
                    wrapMode: Text.Wrap
                    font.pixelSize: 12
                }
            }
        }
        Label {
            text: qsTr("Language")
            color: Theme.mutedText
        }
        FilterBox {
            id: languageBox
            objectName: "contactLanguage"
            Layout.fillWidth: true
            model: [qsTr("Not known"), qsTr("English"), qsTr("Indonesian")]
            Accessible.name: qsTr("Language")
        }
        Label {
            Layout.fillWidth: true
            visible: text !== ""
            text: dialog.fieldErrors.language || ""
            color: Theme.failed
            font.pixelSize: 12
        }
        ListModel {
            id: attributeModel
        }
        Repeater {
            model: attributeModel
            delegate: ColumnLayout {
                id: attributeRow
                required property int index
                required property string key
                required property string label
                required property string hint
                required property bool masked
                required property string typed
                Layout.fillWidth: true
                spacing: 2
                Label {
                    text: attributeRow.label
                    color: Theme.mutedText
                }
                TextField {
                    objectName: "attr_" + attributeRow.key
                    Layout.fillWidth: true
                    text: attributeRow.typed
                    placeholderText: attributeRow.masked ? qsTr("•••• — type to replace") : attributeRow.hint
                    Accessible.name: attributeRow.label
                    onTextEdited: attributeModel.setProperty(attributeRow.index, "typed", text)
                }
                Label {
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: dialog.fieldErrors["attr." + attributeRow.key] || ""
                    color: Theme.failed
                    wrapMode: Text.Wrap
                    font.pixelSize: 12
                }
            }
        }
        BusyIndicator {
            Layout.alignment: Qt.AlignHCenter
            running: dialog.working
            visible: running
        }
    }
}
