import QtQuick
import QtQuick.Controls
import AioChat

Page {
    id: page

    header: PageHeader {
        title: qsTr("Knowledge base")
    }

    EmptyState {
        anchors.centerIn: parent
        iconSource: "qrc:/qt/qml/AioChat/icons/knowledge.svg"
        title: qsTr("No documents yet")
        body: qsTr("Policy documents and FAQs the bot answers from will be listed here. Document ingestion is not part of this build yet.")
    }
}
