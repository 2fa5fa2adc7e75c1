import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import AioChat

// The title bar of a page; extra controls (a search field…) go to the right of the title.
Pane {
    id: header

    property string title: ""
    default property alias tools: toolRow.data

    implicitHeight: 60
    padding: 0
    Material.elevation: 1

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.padding * 1.5
        anchors.rightMargin: Theme.padding
        spacing: Theme.padding
        Label {
            text: header.title
            font.pixelSize: 20
            font.weight: Font.DemiBold
            Accessible.role: Accessible.Heading
        }
        Item {
            Layout.fillWidth: true
        }
        RowLayout {
            id: toolRow
            spacing: Theme.spacing
        }
    }
}
