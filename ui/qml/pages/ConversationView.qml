import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import AioChat

// One conversation: who it is with, and its messages (newest at the bottom, older pages load
// as the operator scrolls up).
Page {
    id: view
    objectName: "conversationView"

    property double conversationId: 0
    property var details: null
    property string detailsError: ""

    function loadDetails() {
        takeOverNotice.visible = false;
        view.details = null;
        view.detailsError = "";
        if (view.conversationId <= 0)
            return;
        const requested = view.conversationId;
        Backend.request("conversation.get", { id: requested }, view, (result, error) => {
            if (requested !== view.conversationId)
                return;
            if (error) {
                view.detailsError = error.message;
                return;
            }
            view.details = result;
            // Opening a conversation reads it: its unread count clears in every console (the
            // backend announces the change). Viewers only look; the backend refuses them.
            if (result.conversation.unreadCount > 0 && (Backend.client.role === "admin" || Backend.client.role === "agent"))
                Backend.request("conversation.markRead", { conversationId: requested }, view, () => {});
        });
    }

    property var directory: []

    function act(command: string, params: var, then: var) {
        params.id = view.conversationId;
        Backend.request(command, params, view, (result, error) => {
            if (error) {
                view.detailsError = error.message;
                return;
            }
            view.applyConversation(result.conversation);
            if (then)
                then();
        });
    }

    // Typing where the bot answers takes the conversation over; the notice offers to undo it.
    function takeOver() {
        if (view.takingOver || !view.conversation || view.conversation.handler !== "bot")
            return;
        view.takingOver = true;
        view.act("conversation.setHandler", { handler: "human" }, () => {
            view.takingOver = false;
            takeOverNotice.show();
        });
    }

    // Resolved here: the page moves on to the next waiting conversation.
    signal resolved(double conversationId)
    // The operator asked for the settings (to add WhatsApp templates).
    signal settingsRequested
    property bool takingOver: false
    readonly property bool active: view.conversation !== null && (view.conversation.status === "open" || view.conversation.status === "needs_attention")

    function applyConversation(conversation: var) {
        if (!view.details || conversation.id !== view.conversationId)
            return;
        let copy = Object.assign({}, view.details);
        copy.conversation = conversation;
        view.details = copy;
    }

    function operatorName(id: double): string {
        for (let i = 0; i < view.directory.length; ++i) {
            if (view.directory[i].id === id)
                return view.directory[i].displayName;
        }
        return qsTr("someone");
    }

    onConversationIdChanged: loadDetails()

    Component.onCompleted: Backend.request("operators.directory", {}, view, (result, error) => {
        if (!error)
            view.directory = result.operators;
    })

    // Another console (or the bot, or the outbox) changed this conversation: follow it.
    Connections {
        target: Backend.client
        function onEventReceived(name: string, payload: var) {
            if (name === "conversation.updated" && payload.conversation)
                view.applyConversation(payload.conversation);
        }
    }

    readonly property bool mayWrite: Backend.client.role === "admin" || Backend.client.role === "agent"
    readonly property var conversation: view.details ? view.details.conversation : null

    background: Rectangle {
        color: Theme.conversationBackground
    }

    header: Pane {
        visible: view.conversationId > 0
        Material.elevation: 1
        padding: 0
        topPadding: Theme.spacing
        bottomPadding: Theme.spacing

        ColumnLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.padding
        anchors.rightMargin: Theme.padding
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
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
                        Layout.fillWidth: true
                        objectName: "handlerLabel"
                        text: !view.details ? "" : (!view.active ? qsTr("Finished: a new message from the customer starts a new conversation") : (view.details.conversation.handler === "human" ? qsTr("An operator is answering") : qsTr("The bot is answering")))
                        color: Theme.mutedText
                        font.pixelSize: 12
                        elide: Text.ElideRight
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

        // What an agent does with the conversation, on a row of its own so it fits beside the
        // customer pane.
        RowLayout {
            Layout.fillWidth: true
            visible: view.mayWrite && view.conversation !== null
            spacing: 0
            Label {
                Layout.fillWidth: true
                text: view.conversation && view.conversation.assigneeId > 0 ? qsTr("Assigned to %1").arg(view.operatorName(view.conversation.assigneeId)) : qsTr("Unassigned")
                color: Theme.mutedText
                font.pixelSize: 12
                elide: Text.ElideRight
            }
            Button {
                objectName: "handlerButton"
                visible: view.mayWrite && view.conversation !== null
                flat: true
                text: view.conversation && view.conversation.handler === "human" ? qsTr("Hand back to bot") : qsTr("Take over")
                onClicked: view.act("conversation.setHandler", { handler: view.conversation.handler === "human" ? "bot" : "human" })
            }
            Button {
                objectName: "assignButton"
                visible: view.mayWrite && view.conversation !== null
                flat: true
                text: qsTr("Assign")
                onClicked: assignMenu.open()
                Menu {
                    id: assignMenu
                    y: parent.height
                    MenuItem {
                        text: qsTr("Assign to me")
                        enabled: Backend.client.operatorId > 0
                        onTriggered: view.act("conversation.assign", { operatorId: Backend.client.operatorId })
                    }
                    MenuItem {
                        text: qsTr("Unassign")
                        onTriggered: view.act("conversation.assign", { operatorId: 0 })
                    }
                    MenuSeparator {}
                    Repeater {
                        model: view.directory
                        delegate: MenuItem {
                            required property var modelData
                            text: modelData.displayName
                            onTriggered: view.act("conversation.assign", { operatorId: modelData.id })
                        }
                    }
                }
            }
            Button {
                objectName: "resolveButton"
                visible: view.mayWrite && view.conversation !== null
                highlighted: view.conversation !== null && view.conversation.status !== "resolved"
                text: view.conversation && (view.conversation.status === "resolved" || view.conversation.status === "closed") ? qsTr("Reopen") : qsTr("Resolve")
                onClicked: {
                    const resolving = view.active;
                    view.act("conversation.setStatus", { status: resolving ? "resolved" : "open" }, () => {
                        if (resolving)
                            view.resolved(view.conversationId);
                    });
                }
            }
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
            // Older pages are asked for two screens before the top, so scrolling up through a
            // long history does not stop at each page boundary.
            onContentYChanged: {
                if (contentY - originY < 2 * height && messages.hasMore && !messages.loading)
                    messages.loadMore();
            }
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
                replyWindowClosed: composer.windowClosed
                onInteractionRequested: messageId => interactionDialog.show(view.conversationId, messageId)
            }

            header: Item {
                height: Theme.padding
            }
            footer: Item {
                width: messageList.width
                height: messages.hasMore ? 40 : Theme.padding
                BusyIndicator {
                    // Hidden when idle: Material's spinner keeps animating (and redrawing the window)
                    // while merely transparent.
                    visible: running
                    anchors.centerIn: parent
                    height: 32
                    running: messages.loading && messageList.count > 0
                }
            }

            BusyIndicator {
                // Hidden when idle: Material's spinner keeps animating (and redrawing the window)
                // while merely transparent.
                visible: running
                anchors.centerIn: parent
                running: messages.loading && messageList.count === 0
            }
        }

        // "You took over from the bot", with Undo, for a few seconds after typing took it over.
        Pane {
            id: takeOverNotice
            objectName: "takeOverNotice"
            function show() {
                visible = true;
                hideTimer.restart();
            }
            Layout.fillWidth: true
            visible: false
            padding: Theme.spacing
            background: Rectangle {
                color: Theme.selection
            }
            Timer {
                id: hideTimer
                interval: 10000
                onTriggered: takeOverNotice.visible = false
            }
            RowLayout {
                anchors.fill: parent
                Label {
                    Layout.fillWidth: true
                    text: qsTr("You took over from the bot: it stays silent while you answer.")
                    wrapMode: Text.Wrap
                }
                Button {
                    objectName: "undoTakeOver"
                    flat: true
                    text: qsTr("Undo")
                    onClicked: {
                        takeOverNotice.visible = false;
                        view.act("conversation.setHandler", { handler: "bot" });
                    }
                }
            }
        }

        Composer {
            id: composer
            objectName: "composer"
            Layout.fillWidth: true
            visible: view.mayWrite && view.conversation !== null
            conversationId: view.conversationId
            platform: view.conversation ? view.conversation.platform : ""
            windowClosesAt: view.conversation ? view.conversation.replyWindowClosesAt : ""
            handler: view.conversation ? view.conversation.handler : ""
            active: view.active
            onTakeOverRequested: view.takeOver()
            onSettingsRequested: view.settingsRequested()
        }
    }

    BotTurnDialog {
        id: interactionDialog
    }
}
