import QtQuick
import QtQuick.Controls
import AioChat

Page {
    id: page

    header: PageHeader {
        title: qsTr("Automations")
    }

    EmptyState {
        anchors.centerIn: parent
        iconSource: "qrc:/qt/qml/AioChat/icons/automations.svg"
        title: qsTr("No automations yet")
        body: qsTr("Rules such as payment-due reminders will be listed here. The automation engine is not part of this build yet.")
    }
}
