import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import AioChat

// One conversation: who it is with, and its messages (newest at the bottom, older pages load
// as the operator scrolls up).
Page {
    id: view

    property double conversationId: 0
    property var details: null
    property string detailsError: ""

    function loadDetails() {
        view.details = null;
        view.detailsError = "";
        if (view.conversationId <= 0)
            return;
        const requested = view.conversationId;
        Backend.request("conversation.get", { id: requested }, (result, error) => {
            if (requested !== view.conversationId)
                return;
            if (error) {
                view.detailsError = error.message;
                return;
            }
            view.details = result;
        });
    }

    onConversationIdChanged: loadDetails()

    background: Rectangle {
        color: Theme.conversationBackground
    }

    header: Pane {
        visible: view.conversationId > 0
        Material.elevation: 1
        implicitHeight: 60
        padding: 0

        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: Theme.padding
            anchors.rightMargin: Theme.padding
            spacing: Theme.padding
            Avatar {
                name: view.details ? view.details.conversation.title : ""
                size: 36
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0
                Label {
                    Layout.fillWidth: true
                    text: view.details ? (view.details.conversation.title || qsTr("Unknown customer")) : ""
                    font.pixelSize: 16
                    font.weight: Font.DemiBold
                    elide: Text.ElideRight
                }
                RowLayout {
                    spacing: 6
                    PlatformBadge {
                        visible: view.details !== null
                        platform: view.details ? view.details.conversation.platform : ""
                    }
                    Label {
                        text: !view.details ? "" : (view.details.conversation.handler === "human" ? qsTr("A person is handling this conversation") : qsTr("The bot is answering"))
                        color: Theme.mutedText
                        font.pixelSize: 12
                    }
                    Label {
                        visible: view.details !== null && view.details.identity !== undefined && view.details.identity.verified
                        text: qsTr("· Verified")
                        color: Theme.open
                        font.pixelSize: 12
                    }
                }
            }
            StatusChip {
                visible: view.details !== null
                status: view.details ? view.details.conversation.status : "open"
            }
        }
    }

    EmptyState {
        anchors.centerIn: parent
        visible: view.conversationId <= 0
        iconSource: "qrc:/qt/qml/AioChat/icons/conversations.svg"
        title: qsTr("Pick a conversation")
        body: qsTr("Choose one from the list, or use ↑/↓ (j/k) and Enter.")
    }

    ColumnLayout {
        anchors.fill: parent
        visible: view.conversationId > 0
        spacing: 0

        ErrorBanner {
            Layout.fillWidth: true
            text: view.detailsError !== "" ? view.detailsError : messages.errorString
            onRetry: {
                view.loadDetails();
                messages.refresh();
            }
        }

        ListView {
            id: messageList
            objectName: "messageList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            verticalLayoutDirection: ListView.BottomToTop
            spacing: 2
            boundsBehavior: Flickable.StopAtBounds
            reuseItems: true
            cacheBuffer: 800
            Accessible.name: qsTr("Messages")
            Accessible.role: Accessible.List
            ScrollBar.vertical: ScrollBar {}

            model: MessageListModel {
                id: messages
                client: Backend.client
                conversationId: view.conversationId
            }
            delegate: MessageDelegate {
                width: ListView.view.width
            }

            header: Item {
                height: Theme.padding
            }
            footer: Item {
                width: messageList.width
                height: messages.hasMore ? 40 : Theme.padding
                BusyIndicator {
                    anchors.centerIn: parent
                    height: 32
                    running: messages.loading && messageList.count > 0
                }
            }

            BusyIndicator {
                anchors.centerIn: parent
                running: messages.loading && messageList.count === 0
            }
        }
    }
}
