import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// What a view shows when it has nothing to show: what this place is and what to do next.
ColumnLayout {
    id: empty

    property string iconSource: ""
    property string title: ""
    property string body: ""

    spacing: Theme.spacing
    width: Math.min(parent ? parent.width - 48 : 420, 420)

    Image {
        Layout.alignment: Qt.AlignHCenter
        visible: empty.iconSource !== ""
        source: empty.iconSource
        sourceSize.width: 48
        sourceSize.height: 48
        opacity: 0.35
    }
    Label {
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        text: empty.title
        font.pixelSize: 18
        font.weight: Font.DemiBold
        wrapMode: Text.Wrap
    }
    Label {
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        visible: empty.body !== ""
        text: empty.body
        color: Theme.mutedText
        wrapMode: Text.Wrap
    }
}
