import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import AioChat

// For administrators: the team (accounts, roles, locks) and the audit log.
Page {
    id: page

    objectName: "adminPage"

    header: PageHeader {
        title: qsTr("Team and audit")
        TabBar {
            id: tabs
            Layout.preferredWidth: 320
            // The selected tab's name is drawn in the accent colour: the text variant keeps it
            // readable on a dark page.
            Material.accent: Theme.accentText
            TabButton {
                text: qsTr("Team")
            }
            TabButton {
                objectName: "auditTab"
                text: qsTr("Audit log")
            }
        }
    }

    StackLayout {
        anchors.fill: parent
        currentIndex: tabs.currentIndex
        TeamView {
            id: team
        }
        AuditView {
            operators: team.operators
        }
    }
}
