import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// One figure on the Metrics page: a big value, what it is, and a line of context.
Rectangle {
    id: card

    property string label: ""
    property string value: ""
    property string detail: ""
    property color accent: Theme.open

    implicitWidth: 160
    implicitHeight: column.implicitHeight + 2 * Theme.padding
    radius: Theme.radius
    color: Theme.customerBubble
    border.color: Theme.divider
    Accessible.role: Accessible.StaticText
    Accessible.name: card.label + ": " + card.value + (card.detail !== "" ? ", " + card.detail : "")

    Rectangle {
        width: 4
        height: parent.height - 2 * Theme.radius
        anchors.verticalCenter: parent.verticalCenter
        color: card.accent
        radius: 2
    }
    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.padding
        anchors.leftMargin: Theme.padding + 6
        spacing: 2
        Label {
            Layout.fillWidth: true
            text: card.label
            color: Theme.mutedText
            font.pixelSize: 12
            elide: Text.ElideRight
        }
        Label {
            objectName: "statValue"
            text: card.value
            font.pixelSize: 26
            font.weight: Font.DemiBold
        }
        Label {
            Layout.fillWidth: true
            text: card.detail
            visible: text !== ""
            color: Theme.mutedText
            font.pixelSize: 12
            elide: Text.ElideRight
        }
    }
}
