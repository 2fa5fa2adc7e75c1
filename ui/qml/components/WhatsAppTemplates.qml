import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// The message templates approved in Meta's WhatsApp Manager, as the console offers them when a
// conversation is outside WhatsApp's 24-hour window: name and language exactly as approved, and
// the approved text with {{1}}, {{2}}… where the operator fills in values.
ColumnLayout {
    id: editor

    property var rows: []
    property string error: ""
    property string notice: ""

    function load() {
        Backend.request("templates.list", {}, editor, (result, err) => {
            editor.error = err ? err.message : "";
            if (!err)
                editor.rows = result.templates.map(t => ({ name: t.name, language: t.language, body: t.body }));
        });
    }

    function change(index: int, field: string, value: string) {
        // Edits go to the plain array: rebuilding the rows on each keystroke would drop focus.
        editor.rows[index][field] = value;
    }

    function add() {
        editor.rows = editor.rows.concat([{ name: "", language: "id", body: "" }]);
    }

    function remove(index: int) {
        let copy = editor.rows.slice();
        copy.splice(index, 1);
        editor.rows = copy;
    }

    function save() {
        editor.notice = "";
        Backend.request("channel.configure", { key: "whatsapp/templates", value: JSON.stringify(editor.rows) }, editor, (result, err) => {
            editor.error = err ? err.message : "";
            if (!err) {
                editor.notice = qsTr("Templates saved.");
                editor.load();
            }
        });
    }

    spacing: Theme.spacing
    Component.onCompleted: load()

    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.mutedText
        text: qsTr("Templates: exactly as approved in Meta's WhatsApp Manager. Write {{1}}, {{2}}… where values go.")
    }
    Repeater {
        id: rowRepeater
        objectName: "templateRows"
        model: editor.rows
        delegate: RowLayout {
            id: row
            required property var modelData
            required property int index
            Layout.fillWidth: true
            spacing: Theme.spacing
            TextField {
                objectName: "templateName"
                Layout.preferredWidth: 170
                text: row.modelData.name
                placeholderText: qsTr("payment_reminder")
                Accessible.name: qsTr("Template name")
                onTextEdited: editor.change(row.index, "name", text.trim())
            }
            TextField {
                objectName: "templateLanguage"
                Layout.preferredWidth: 64
                text: row.modelData.language
                placeholderText: "id"
                Accessible.name: qsTr("Template language")
                onTextEdited: editor.change(row.index, "language", text.trim())
            }
            TextField {
                objectName: "templateBody"
                Layout.fillWidth: true
                text: row.modelData.body
                placeholderText: qsTr("Hello {{1}}, your premium of {{2}} is due tomorrow.")
                Accessible.name: qsTr("Template text")
                onTextEdited: editor.change(row.index, "body", text)
            }
            Button {
                flat: true
                text: qsTr("Remove")
                Accessible.name: qsTr("Remove the template %1").arg(row.modelData.name)
                onClicked: editor.remove(row.index)
            }
        }
    }
    RowLayout {
        spacing: Theme.spacing
        Button {
            objectName: "addTemplateButton"
            flat: true
            text: qsTr("Add template")
            onClicked: editor.add()
        }
        Button {
            objectName: "saveTemplatesButton"
            text: qsTr("Save templates")
            onClicked: editor.save()
        }
    }
    Label {
        objectName: "templatesError"
        Layout.fillWidth: true
        visible: editor.error !== ""
        text: editor.error
        color: Theme.failed
        wrapMode: Text.Wrap
    }
    Label {
        objectName: "templatesNotice"
        Layout.fillWidth: true
        visible: editor.notice !== ""
        text: editor.notice
        color: Theme.open
    }
}
