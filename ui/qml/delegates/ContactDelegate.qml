import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// One customer in the Customers list; personal fields arrive masked from the backend.
ItemDelegate {
    id: row

    required property double contactId
    required property string displayName
    required property string phone
    required property string email
    required property string policyNumber
    required property var attributes

    implicitHeight: 64
    Accessible.name: displayName

    background: Rectangle {
        color: row.hovered ? Qt.rgba(0.5, 0.5, 0.5, 0.08) : "transparent"
        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            height: 1
            color: Theme.divider
        }
    }

    contentItem: RowLayout {
        spacing: Theme.padding
        Avatar {
            name: row.displayName
            size: 36
        }
        ColumnLayout {
            // Fixed columns: an empty field must not let the others shift (a fill-width child
            // would otherwise make this column share the spare width).
            Layout.fillWidth: false
            Layout.preferredWidth: 240
            Layout.maximumWidth: 240
            spacing: 0
            Label {
                text: row.displayName
                font.weight: Font.DemiBold
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                text: row.attributes.plan || ""
                color: Theme.mutedText
                font.pixelSize: 12
            }
        }
        Label {
            Layout.preferredWidth: 170
            text: row.phone
            color: Theme.mutedText
            font.family: "monospace"
        }
        Label {
            Layout.preferredWidth: 220
            text: row.email
            color: Theme.mutedText
            elide: Text.ElideRight
        }
        Label {
            Layout.fillWidth: true
            text: row.policyNumber
            color: Theme.mutedText
            font.family: "monospace"
        }
    }
}
