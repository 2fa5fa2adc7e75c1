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
                onInteractionRequested: messageId => botTurn.show(view.conversationId, messageId)
                onPictureRequested: file => pictureViewer.show(file)
                onSaveRequested: file => view.saveFile(file)
                onKnowledgeRequested: file => addToKnowledge.ask(file)
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

    // A file a customer sent, saved where the operator chooses (the backend audits the read).
    property var fileToSave: null
    function saveFile(file: var) {
        view.fileToSave = file;
        savePicker.open();
    }
    FilePicker {
        id: savePicker
        objectName: "saveAttachmentPicker"
        title: qsTr("Save the customer's file")
        saving: true
        onChosen: file => Backend.fetchAttachment(view.fileToSave.id, "save", file, view, error => pictureViewer.problem = error)
    }

    // A customer's file into their own documents: at once when the chat proved who they are;
    // otherwise the operator confirms the customer first (the backend insists either way).
    Dialog {
        id: addToKnowledge
        objectName: "addToKnowledgeDialog"

        property var file: null
        property string outcome: ""
        property bool failed: false
        readonly property bool verified: view.details !== null && view.details.identity !== undefined && view.details.identity.verified === true
        readonly property var contact: view.details ? view.details.contact : null

        function ask(file: var) {
            addToKnowledge.file = file;
            addToKnowledge.outcome = "";
            addToKnowledge.failed = false;
            if (addToKnowledge.verified)
                addToKnowledge.send(0);
            else
                addToKnowledge.open();
        }
        function send(contactId: double) {
            const params = {
                "id": addToKnowledge.file.id
            };
            if (contactId > 0)
                params.contactId = contactId;
            Backend.request("attachment.addToKnowledge", params, view, (result, err) => {
                addToKnowledge.failed = err !== null;
                addToKnowledge.outcome = err ? err.message : (result.duplicate ? qsTr("%1 is already among %2's documents.") : qsTr("%1 was added to %2's documents; the bot answers them from it.")).arg(addToKnowledge.file.fileName).arg(addToKnowledge.contact ? addToKnowledge.contact.displayName : qsTr("the customer"));
                if (!addToKnowledge.opened)
                    addToKnowledge.open();
            });
        }

        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 520)
        modal: true
        title: qsTr("Add to the customer's knowledge")
        standardButtons: addToKnowledge.outcome === "" && addToKnowledge.contact ? Dialog.Ok | Dialog.Cancel : Dialog.Close
        onAccepted: {
            if (addToKnowledge.outcome === "" && addToKnowledge.contact)
                addToKnowledge.send(addToKnowledge.contact.id);
        }

        Label {
            width: parent.width
            wrapMode: Text.Wrap
            color: addToKnowledge.failed ? Theme.failed : palette.windowText
            text: addToKnowledge.outcome !== "" ? addToKnowledge.outcome : (addToKnowledge.contact ? qsTr("This chat has not proved who the customer is. Add %1 to the documents of %2? Only do this if you know the file is theirs: the bot will answer them from it.").arg(addToKnowledge.file ? addToKnowledge.file.fileName : "").arg(addToKnowledge.contact.displayName) : qsTr("This chat is not linked to a customer yet: link or verify it first."))
        }
    }

    // A picture a customer sent, as large as the window allows (decoded at most 1600 px a side).
    Dialog {
        id: pictureViewer
        objectName: "pictureViewer"

        property var file: null
        property string problem: ""

        function show(file: var) {
            pictureViewer.file = file;
            pictureViewer.problem = "";
            pictureViewer.open();
        }

        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 1200)
        height: Math.min(parent.height - 80, 900)
        modal: true
        title: pictureViewer.file ? pictureViewer.file.fileName : ""
        standardButtons: Dialog.Close

        ColumnLayout {
            anchors.fill: parent
            Image {
                Layout.fillWidth: true
                Layout.fillHeight: true
                source: pictureViewer.visible && pictureViewer.file ? "image://attachment/" + pictureViewer.file.id : ""
                sourceSize.width: 1600
                sourceSize.height: 1600
                asynchronous: true
                fillMode: Image.PreserveAspectFit
                Accessible.name: pictureViewer.title
                BusyIndicator {
                    anchors.centerIn: parent
                    visible: running
                    running: parent.status === Image.Loading
                }
            }
            RowLayout {
                Label {
                    Layout.fillWidth: true
                    text: pictureViewer.problem !== "" ? pictureViewer.problem : (pictureViewer.file ? pictureViewer.file.mimeType + " · " + Theme.fileSize(pictureViewer.file.size) + (pictureViewer.file.width > 0 ? " · " + pictureViewer.file.width + " × " + pictureViewer.file.height : "") : "")
                    color: pictureViewer.problem !== "" ? Theme.failed : Theme.mutedText
                    elide: Text.ElideRight
                }
                Button {
                    text: qsTr("Save as…")
                    onClicked: view.saveFile(pictureViewer.file)
                }
            }
        }
    }

    // How one of the bot's replies came about: what it decided (answered, did not know, asked for
    // verification, handed over, blocked), in which mode and with which model, the passages it
    // retrieved with their scores and text, what it cited, and where the time went. (Written
    // here, not as a file of its own: Qt 6.4's qmllint crashes on this module with one more type.)
    Dialog {
        id: botTurn

        property var turn: null
        property string error: ""
        property bool loading: false

        function outcomeText(outcome: string): string {
            switch (outcome) {
            case "answered":
                return qsTr("Answered from the documents");
            case "no_answer":
                return qsTr("Did not know — passed to a colleague");
            case "verification_requested":
                return qsTr("Asked the customer to verify");
            case "verified":
                return qsTr("Verified the customer");
            case "verification_failed":
                return qsTr("Verification failed");
            case "declined":
                return qsTr("Declined: asked about someone else");
            case "handoff":
                return qsTr("Handed over to a person");
            case "blocked":
                return qsTr("Reply blocked: it named another customer's details");
            case "greeting":
                return qsTr("Greeted the customer");
            }
            return outcome;
        }

        function modeText(t: var): string {
            if (t.mode === "llm")
                return qsTr("Written by %1").arg(t.model);
            if (t.mode === "offline_fallback")
                return qsTr("Quoted from the documents (the model %1 failed)").arg(t.model);
            return qsTr("Quoted from the documents (offline)");
        }

        function loadPassages(documentId: double) {
            Backend.request("knowledge.get", { id: documentId }, botTurn, (doc, e) => {
                if (e)
                    return;
                for (let i = 0; i < passages.count; ++i) {
                    const chunk = doc.chunks.find(c => c.id === passages.get(i).chunkId);
                    if (chunk)
                        passages.setProperty(i, "passage", chunk.text);
                }
            });
        }

        function show(conversationId: double, messageId: double) {
            botTurn.turn = null;
            botTurn.error = "";
            botTurn.loading = true;
            passages.clear();
            open();
            Backend.request("assistant.interactions", {
                conversationId: conversationId,
                messageId: messageId,
                limit: 1
            }, botTurn, (result, err) => {
                botTurn.loading = false;
                if (err) {
                    botTurn.error = err.message;
                    return;
                }
                if (result.interactions.length === 0) {
                    botTurn.error = qsTr("This message was not written by the bot's pipeline.");
                    return;
                }
                botTurn.turn = result.interactions[0];
                let documents = [];
                for (let i = 0; i < botTurn.turn.retrieved.length; ++i) {
                    const r = botTurn.turn.retrieved[i];
                    passages.append({
                        chunkId: r.chunkId,
                        documentId: r.documentId,
                        fileName: r.fileName,
                        score: r.score,
                        passage: "",
                        // The passage itself was quoted (older log entries name only the document).
                        cited: botTurn.turn.citations.some(c => c.chunkId !== undefined ? c.chunkId === r.chunkId : c.documentId === r.documentId)
                    });
                    if (documents.indexOf(r.documentId) < 0)
                        documents.push(r.documentId);
                }
                // The passages' text, read from the knowledge base (operators who may read it).
                documents.forEach(id => botTurn.loadPassages(id));
            });
        }

        objectName: "botTurnDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(640, parent ? parent.width - 40 : 640)
        height: Math.min(620, parent ? parent.height - 40 : 620)
        modal: true
        title: qsTr("How the bot answered")
        standardButtons: Dialog.Close

        ListModel {
            id: passages
        }

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing

            BusyIndicator {
                visible: botTurn.loading
                running: botTurn.loading
                Layout.alignment: Qt.AlignHCenter
            }
            Label {
                visible: botTurn.error !== ""
                Layout.fillWidth: true
                text: botTurn.error
                color: Theme.failed
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "interactionOutcome"
                visible: botTurn.turn !== null
                Layout.fillWidth: true
                text: botTurn.turn ? botTurn.outcomeText(botTurn.turn.outcome) : ""
                font.weight: Font.DemiBold
                wrapMode: Text.Wrap
            }
            Label {
                visible: botTurn.turn !== null
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.mutedText
                text: !botTurn.turn ? "" : botTurn.modeText(botTurn.turn) + " · " + qsTr("search %1 ms").arg(botTurn.turn.retrievalMs) + (botTurn.turn.mode !== "offline" ? " · " + qsTr("model %1 ms").arg(botTurn.turn.llmMs) : "") + (botTurn.turn.promptTokens > 0 ? " · " + qsTr("%1 + %2 tokens").arg(botTurn.turn.promptTokens).arg(botTurn.turn.completionTokens) : "")
            }
            Label {
                visible: botTurn.turn !== null && botTurn.turn.note !== ""
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.attention
                text: botTurn.turn ? botTurn.turn.note : ""
            }
            Label {
                visible: passages.count > 0
                text: qsTr("Passages found")
                font.weight: Font.DemiBold
                color: Theme.mutedText
            }
            Label {
                visible: botTurn.turn !== null && passages.count === 0
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.mutedText
                text: qsTr("No passage was searched for or found for this message.")
            }
            ListView {
                objectName: "interactionPassages"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: Theme.spacing
                model: passages
                ScrollBar.vertical: ScrollBar {}
                delegate: Pane {
                    id: row
                    required property string fileName
                    required property double score
                    required property string passage
                    required property bool cited
                    width: ListView.view.width - 12
                    padding: Theme.padding / 2
                    background: Rectangle {
                        radius: Theme.radius
                        color: "transparent"
                        border.color: row.cited ? Theme.open : Theme.divider
                    }
                    ColumnLayout {
                        width: parent.width
                        spacing: 2
                        Label {
                            Layout.fillWidth: true
                            text: row.fileName + " · " + qsTr("score %1").arg(row.score.toFixed(3)) + (row.cited ? " · " + qsTr("cited") : "")
                            font.weight: Font.DemiBold
                            elide: Text.ElideMiddle
                        }
                        Label {
                            Layout.fillWidth: true
                            text: row.passage
                            wrapMode: Text.Wrap
                            maximumLineCount: 6
                            elide: Text.ElideRight
                            textFormat: Text.PlainText
                            color: Theme.mutedText
                        }
                    }
                }
            }
        }
    }
}
