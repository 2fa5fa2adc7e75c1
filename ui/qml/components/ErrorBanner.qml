import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import AioChat

// A failure the operator should know about, with a way to try again.
Pane {
    id: banner

    property string text: ""

    signal retry

    visible: text !== ""
    padding: Theme.spacing
    Material.background: Theme.errorBackground

    RowLayout {
        anchors.fill: parent
        spacing: Theme.spacing
        Label {
            Layout.fillWidth: true
            text: banner.text
            wrapMode: Text.Wrap
            color: Theme.failed
        }
        Button {
            text: qsTr("Retry")
            flat: true
            onClicked: banner.retry()
        }
    }
}
