import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import AioChat

// The operator's inbox: the conversation list on the left, the open conversation on the right.
Page {
    id: page

    objectName: "conversationsPage"

    property double selectedConversation: 0

    function focusSearch() {
        searchField.forceActiveFocus();
        searchField.selectAll();
    }

    function open(row: int) {
        if (row < 0 || row >= list.count)
            return;
        list.currentIndex = row;
        page.selectedConversation = conversations.idAt(row);
    }

    readonly property var statusFilters: [
        { label: qsTr("Inbox"), statuses: ["needs_attention", "open"] },
        { label: qsTr("Needs attention"), statuses: ["needs_attention"] },
        { label: qsTr("Open"), statuses: ["open"] },
        { label: qsTr("Resolved"), statuses: ["resolved"] },
        { label: qsTr("Closed"), statuses: ["closed"] },
        { label: qsTr("All"), statuses: [] }
    ]
    readonly property var platformFilters: [
        { label: qsTr("All platforms"), platforms: [] },
        { label: qsTr("WhatsApp"), platforms: ["whatsapp"] },
        { label: qsTr("Telegram"), platforms: ["telegram"] },
        { label: qsTr("Sandbox"), platforms: ["sandbox"] }
    ]

    SplitView {
        anchors.fill: parent
        orientation: Qt.Horizontal

        Pane {
            id: listPane
            SplitView.preferredWidth: 340
            SplitView.minimumWidth: 280
            padding: 0

            ColumnLayout {
                anchors.fill: parent
                spacing: 0

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.margins: Theme.padding
                    spacing: Theme.spacing

                    TextField {
                        id: searchField
                        Layout.fillWidth: true
                        placeholderText: qsTr("Search messages and customers (Ctrl+K)")
                        selectByMouse: true
                        Accessible.name: qsTr("Search conversations")
                        onTextChanged: conversations.search = text
                        Keys.onDownPressed: list.forceActiveFocus()
                        Keys.onEscapePressed: text = ""
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacing
                        ComboBox {
                            id: statusBox
                            Layout.fillWidth: true
                            model: page.statusFilters
                            textRole: "label"
                            Accessible.name: qsTr("Status filter")
                        }
                        ComboBox {
                            id: platformBox
                            Layout.fillWidth: true
                            model: page.platformFilters
                            textRole: "label"
                            Accessible.name: qsTr("Platform filter")
                        }
                    }
                }

                ErrorBanner {
                    Layout.fillWidth: true
                    text: conversations.errorString
                    onRetry: conversations.refresh()
                }

                ListView {
                    id: list
                    objectName: "conversationList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    focus: true
                    keyNavigationEnabled: true
                    highlightMoveDuration: 0
                    boundsBehavior: Flickable.StopAtBounds
                    Accessible.name: qsTr("Conversations")
                    Accessible.role: Accessible.List
                    ScrollBar.vertical: ScrollBar {}

                    model: ConversationListModel {
                        id: conversations
                        client: Backend.client
                        statuses: page.statusFilters[statusBox.currentIndex].statuses
                        platforms: page.platformFilters[platformBox.currentIndex].platforms
                    }

                    delegate: ConversationDelegate {
                        width: ListView.view.width
                        selected: conversationId === page.selectedConversation
                        onClicked: page.open(index)
                    }

                    Keys.onPressed: event => {
                        if (event.key === Qt.Key_J) {
                            list.incrementCurrentIndex();
                            event.accepted = true;
                        } else if (event.key === Qt.Key_K && !(event.modifiers & Qt.ControlModifier)) {
                            list.decrementCurrentIndex();
                            event.accepted = true;
                        } else if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
                            page.open(list.currentIndex);
                            event.accepted = true;
                        }
                    }

                    EmptyState {
                        anchors.centerIn: parent
                        visible: list.count === 0 && !conversations.loading && conversations.errorString === ""
                        iconSource: "qrc:/qt/qml/AioChat/icons/conversations.svg"
                        title: searchField.text !== "" ? qsTr("No conversations match “%1”").arg(searchField.text) : qsTr("No conversations here")
                        body: searchField.text !== "" ? qsTr("Try fewer words, or another status filter.") : qsTr("Messages from WhatsApp, Telegram and the Sandbox appear here as soon as they arrive.")
                    }
                    BusyIndicator {
                        anchors.centerIn: parent
                        running: conversations.loading && list.count === 0
                    }
                }
            }
        }

        ConversationView {
            id: conversationView
            SplitView.fillWidth: true
            SplitView.minimumWidth: 380
            conversationId: page.selectedConversation
        }

        ConversationSidePane {
            SplitView.preferredWidth: 270
            SplitView.minimumWidth: 220
            // On a narrow window the conversation keeps the room; the customer is one click away.
            visible: page.selectedConversation > 0 && page.width > 1080
            details: conversationView.details
        }
    }
}
