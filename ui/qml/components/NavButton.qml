import QtQuick
import QtQuick.Controls
import AioChat
import QtQuick.Layouts

// One entry of the navigation rail: icon above a short label.
ItemDelegate {
    id: nav

    property string iconSource: ""
    property bool current: false

    Layout.fillWidth: true
    implicitHeight: 64
    // The rail is narrow: the label gets its whole width.
    leftPadding: 3
    rightPadding: 3
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
            color: nav.current ? Theme.accentText : Theme.text
            // Long names ("Conversations" in bold, other languages) shrink to fit rather than
            // lose their end.
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: 8
            horizontalAlignment: Text.AlignHCenter
            Layout.preferredWidth: Math.min(implicitWidth, nav.availableWidth)
            Layout.maximumWidth: nav.availableWidth
        }
    }
}
