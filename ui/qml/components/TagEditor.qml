import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// Tags as chips, and — for those who may change them — one field holding them all, comma
// separated, saved with Enter.
ColumnLayout {
    id: editor

    property string title: ""
    property var tags: []
    property bool editable: false
    property alias inputName: input.objectName

    signal saveRequested(var tags)

    spacing: 4
    // Assigned, not bound: typing would break a binding, and the next conversation or customer
    // would then show the previous one's text.
    onTagsChanged: input.text = editor.tags.join(", ")

    Label {
        text: editor.title
        font.weight: Font.DemiBold
        color: Theme.mutedText
    }
    Flow {
        Layout.fillWidth: true
        spacing: 4
        Repeater {
            model: editor.tags
            delegate: Rectangle {
                required property string modelData
                radius: 10
                color: Theme.selection
                implicitWidth: tagLabel.implicitWidth + 16
                implicitHeight: tagLabel.implicitHeight + 6
                Label {
                    id: tagLabel
                    anchors.centerIn: parent
                    text: parent.modelData
                    font.pixelSize: 12
                }
            }
        }
    }
    TextField {
        id: input
        Layout.fillWidth: true
        visible: editor.editable
        placeholderText: qsTr("claim, vip, renewal (Enter to save)")
        Accessible.name: editor.title
        onAccepted: editor.saveRequested(text.split(",").map(t => t.trim()).filter(t => t !== ""))
    }
}
