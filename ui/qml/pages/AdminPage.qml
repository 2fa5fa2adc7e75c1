import QtQuick
import QtQuick.Controls
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
