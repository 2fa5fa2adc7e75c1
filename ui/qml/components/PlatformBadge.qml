import QtQuick
import QtQuick.Controls
import AioChat

// The platform a conversation comes from, as a small coloured tag.
Rectangle {
    id: badge

    property string platform: ""

    implicitWidth: label.implicitWidth + 10
    implicitHeight: label.implicitHeight + 2
    radius: height / 2
    color: Theme.platformColor(platform)

    Label {
        id: label
        anchors.centerIn: parent
        text: Theme.platformName(badge.platform)
        color: "white"
        font.pixelSize: 10
        font.weight: Font.DemiBold
    }
}
