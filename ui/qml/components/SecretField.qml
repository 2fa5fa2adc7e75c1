import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// One secret (a bot token, an app secret): write-only. The field never shows what is stored; it
// says whether something is, and Save replaces it in the secrets store.
RowLayout {
    id: field

    property string label: ""
    property string key: ""     ///< the secrets-store name, e.g. "telegram-bot-token"
    property bool stored: false
    property bool secret: true
    property string value: ""   ///< for plain settings: the current value, shown
    signal saved

    spacing: Theme.spacing

    Label {
        Layout.preferredWidth: 210
        Layout.maximumWidth: 210
        wrapMode: Text.Wrap
        text: field.label
        color: Theme.mutedText
    }
    TextField {
        id: input
        objectName: "field_" + field.key
        Layout.fillWidth: true
        echoMode: field.secret ? TextInput.Password : TextInput.Normal
        placeholderText: field.secret ? (field.stored ? qsTr("stored — type to replace") : qsTr("not set")) : qsTr("not set")
        text: field.secret ? "" : field.value
        Accessible.name: field.label
        onAccepted: save.clicked()
    }
    Button {
        id: save
        text: qsTr("Save")
        flat: true
        enabled: input.text !== (field.secret ? "" : field.value)
        onClicked: Backend.request("channel.configure", { key: field.key, value: input.text.trim() }, field, (result, err) => {
            status.text = err ? err.message : qsTr("Saved");
            status.color = err ? Theme.failed : Theme.open;
            if (!err) {
                if (field.secret)
                    input.text = "";
                field.saved();
            }
        })
    }
    Label {
        id: status
        Layout.preferredWidth: 60
        font.pixelSize: 12
        elide: Text.ElideRight
    }
}
