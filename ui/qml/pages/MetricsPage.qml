import QtQuick
import QtQuick.Controls
import AioChat

Page {
    id: page

    header: PageHeader {
        title: qsTr("Metrics")
    }

    EmptyState {
        anchors.centerIn: parent
        iconSource: "qrc:/qt/qml/AioChat/icons/metrics.svg"
        title: qsTr("No metrics yet")
        body: qsTr("Message volumes, response times and delivery failures will be charted here once metrics are collected.")
    }
}
