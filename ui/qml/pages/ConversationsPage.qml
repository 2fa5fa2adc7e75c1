import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Qt.labs.settings
import AioChat

// The operator's inbox: the conversation list on the left, the open conversation on the right.
Page {
    id: page

    objectName: "conversationsPage"

    property double selectedConversation: 0
    readonly property alias dateRangeDialog: rangeDialog

    // Somewhere in the page asked for the Settings page (the window switches to it).
    signal settingsRequested

    function focusList() {
        list.forceActiveFocus();
    }

    function focusSearch() {
        searchField.forceActiveFocus();
        searchField.selectAll();
    }

    // After resolving: the conversation that has waited longest, else stay where we are.
    function openNextWaiting(resolvedId: double) {
        for (let r = 0; r < list.count; ++r) {
            const id = conversations.idAt(r);
            if (id !== resolvedId && conversations.data(conversations.index(r, 0), ConversationListModel.StatusRole) === "needs_attention") {
                page.open(r);
                return;
            }
        }
    }

    function open(row: int) {
        if (row < 0 || row >= list.count)
            return;
        list.currentIndex = row;
        page.selectedConversation = conversations.idAt(row);
        // A click keeps the keyboard on the list: j/k and Enter go on from here.
        list.forceActiveFocus();
    }

    readonly property var statusFilters: [
        { label: qsTr("Inbox"), statuses: ["needs_attention", "open"] },
        { label: qsTr("Needs attention"), statuses: ["needs_attention"] },
        { label: qsTr("Open"), statuses: ["open"] },
        { label: qsTr("Resolved"), statuses: ["resolved"] },
        { label: qsTr("Closed"), statuses: ["closed"] },
        { label: qsTr("All"), statuses: [] }
    ]
    readonly property var assigneeFilters: [
        { label: qsTr("Anyone"), assignee: "anyone" },
        { label: qsTr("Assigned to me"), assignee: "me" },
        { label: qsTr("Unassigned"), assignee: "unassigned" }
    ]
    // Date presets count back whole local days; "Custom range…" asks for two dates.
    readonly property var dateFilters: [
        { label: qsTr("Any time"), days: -1 },
        { label: qsTr("Today"), days: 0 },
        { label: qsTr("Last 7 days"), days: 6 },
        { label: qsTr("Last 30 days"), days: 29 },
        { label: qsTr("Custom…"), days: -2 }
    ]
    property date customFrom: new Date(NaN)
    property date customTo: new Date(NaN)

    function startOfDay(daysBack: int): date {
        const d = Backend.now();
        d.setHours(0, 0, 0, 0);
        d.setDate(d.getDate() - daysBack);
        return d;
    }

    function rangeFrom(): date {
        const days = page.dateFilters[dateBox.currentIndex].days;
        if (days >= 0)
            return startOfDay(days);
        return days === -2 ? page.customFrom : new Date(NaN);
    }

    function rangeTo(): date {
        if (page.dateFilters[dateBox.currentIndex].days !== -2 || isNaN(page.customTo.getTime()))
            return new Date(NaN);
        const end = new Date(page.customTo);
        end.setDate(end.getDate() + 1); // the whole last day is included
        return end;
    }

    readonly property var platformFilters: [
        { label: qsTr("All platforms"), platforms: [] },
        { label: qsTr("WhatsApp"), platforms: ["whatsapp"] },
        { label: qsTr("Telegram"), platforms: ["telegram"] },
        { label: qsTr("Sandbox"), platforms: ["sandbox"] }
    ]

    DateRangeDialog {
        id: rangeDialog
        anchors.centerIn: Overlay.overlay
        onChosen: (from, to) => {
            page.customFrom = from;
            page.customTo = to;
        }
        // Cancelling a first custom range falls back to "Any time" rather than an empty choice.
        onRejected: {
            if (isNaN(page.customFrom.getTime()))
                dateBox.currentIndex = 0;
        }
    }

    // The pane widths the operator dragged to, kept between sessions.
    Settings {
        id: panes
        category: "conversationsPage"
        property var splitState
    }
    Component.onCompleted: {
        if (panes.splitState)
            split.restoreState(panes.splitState);
    }
    Component.onDestruction: savePanes()

    function savePanes() {
        panes.splitState = split.saveState();
    }

    Connections {
        target: split
        // Saved when a drag ends too, not only at exit: a crash or power cut keeps it.
        function onResizingChanged() {
            if (!split.resizing)
                page.savePanes();
        }
    }

    SplitView {
        id: split
        objectName: "conversationsSplit"
        anchors.fill: parent
        orientation: Qt.Horizontal

        Pane {
            id: listPane
            objectName: "conversationListPane"
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
                        objectName: "conversationSearch"
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
                        FilterBox {
                            id: statusBox
                            Layout.fillWidth: true
                            model: page.statusFilters
                            textRole: "label"
                            Accessible.name: qsTr("Status filter")
                        }
                        FilterBox {
                            id: platformBox
                            objectName: "platformFilter"
                            Layout.fillWidth: true
                            model: page.platformFilters
                            textRole: "label"
                            Accessible.name: qsTr("Platform filter")
                        }
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacing
                        FilterBox {
                            id: assigneeBox
                            objectName: "assigneeFilter"
                            Layout.fillWidth: true
                            model: page.assigneeFilters
                            textRole: "label"
                            Accessible.name: qsTr("Assignee filter")
                        }
                        FilterBox {
                            id: dateBox
                            objectName: "dateFilter"
                            Layout.fillWidth: true
                            model: page.dateFilters
                            textRole: "label"
                            Accessible.name: qsTr("Date filter")
                            onActivated: index => {
                                if (page.dateFilters[index].days === -2)
                                    rangeDialog.open();
                            }
                        }
                    }
                    Label {
                        objectName: "dateRangeLabel"
                        Layout.fillWidth: true
                        visible: page.dateFilters[dateBox.currentIndex].days === -2 && !isNaN(page.customFrom.getTime())
                        text: qsTr("Active between %1 and %2").arg(Dates.calendarDay(page.customFrom))
                            .arg(Dates.calendarDay(page.customTo))
                        color: Theme.mutedText
                        font.pixelSize: 12
                        elide: Text.ElideRight
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
                    // The next page is asked for two screens before the end.
                    onContentYChanged: {
                        if (contentHeight - contentY - height < 2 * height && conversations.hasMore && !conversations.loading)
                            conversations.loadMore();
                    }
                    Accessible.name: qsTr("Conversations")
                    Accessible.role: Accessible.List
                    ScrollBar.vertical: ScrollBar {}

                    model: ConversationListModel {
                        id: conversations
                        client: Backend.client
                        statuses: page.statusFilters[statusBox.currentIndex].statuses
                        platforms: page.platformFilters[platformBox.currentIndex].platforms
                        assignee: page.assigneeFilters[assigneeBox.currentIndex].assignee
                        from: page.rangeFrom()
                        to: page.rangeTo()
                    }

                    delegate: ConversationDelegate {
                        width: ListView.view.width
                        selected: conversationId === page.selectedConversation
                        current: ListView.isCurrentItem && list.activeFocus
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
                        // Hidden when idle: Material's spinner keeps animating (and redrawing the window)
                        // while merely transparent.
                        visible: running
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
            onResolved: id => page.openNextWaiting(id)
            onSettingsRequested: page.settingsRequested()
        }

        ConversationSidePane {
            SplitView.preferredWidth: 270
            SplitView.minimumWidth: 220
            // On a narrow window the conversation keeps the room; the customer is one click away.
            visible: page.selectedConversation > 0 && page.width > 1080
            details: conversationView.details
            onCustomerEdited: conversationView.loadDetails()
            onConversationRequested: conversationId => {
                page.selectedConversation = conversationId;
                list.currentIndex = conversations.indexOfId(conversationId);
            }
        }
    }
}
