import QtQuick
import QtQuick.Controls
import AioChat

// A conversation status (open, needs attention, resolved, closed) as an outlined chip.
Rectangle {
    id: chip

    property string status: "open"

    implicitWidth: label.implicitWidth + 14
    implicitHeight: label.implicitHeight + 6
    radius: height / 2
    color: "transparent"
    border.color: Theme.statusColor(status)
    border.width: 1

    Label {
        id: label
        anchors.centerIn: parent
        text: Theme.statusName(chip.status)
        color: Theme.statusColor(chip.status)
        font.pixelSize: 11
        font.weight: Font.DemiBold
    }
}
