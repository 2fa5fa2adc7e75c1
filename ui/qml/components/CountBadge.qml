import QtQuick
import QtQuick.Controls
import AioChat

// A small round counter (unread messages, items waiting).
Rectangle {
    id: badge

    property int count: 0

    visible: count > 0
    implicitWidth: Math.max(20, label.implicitWidth + 10)
    implicitHeight: 20
    radius: 10
    color: Theme.accent
    Accessible.name: qsTr("%n unread", "", count)

    Label {
        id: label
        anchors.centerIn: parent
        text: badge.count > 99 ? "99+" : badge.count
        color: "white"
        font.pixelSize: 11
        font.weight: Font.Bold
    }
}
