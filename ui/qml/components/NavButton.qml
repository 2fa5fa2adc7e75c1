import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

// One entry of the navigation rail: icon above a short label.
ItemDelegate {
    id: nav

    property string iconSource: ""
    property bool current: false

    Layout.fillWidth: true
    implicitHeight: 64
    highlighted: current
    Accessible.role: Accessible.PageTab
    Accessible.name: text

    contentItem: ColumnLayout {
        spacing: 2
        Image {
            Layout.alignment: Qt.AlignHCenter
            source: nav.iconSource
            sourceSize.width: 22
            sourceSize.height: 22
            opacity: nav.current ? 1.0 : 0.6
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: nav.text
            font.pixelSize: 11
            font.weight: nav.current ? Font.DemiBold : Font.Normal
            color: nav.current ? nav.Material.accentColor : nav.Material.foreground
            elide: Text.ElideRight
            Layout.maximumWidth: nav.width - 4
        }
    }
}
