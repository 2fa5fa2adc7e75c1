import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// The customer beside the conversation: who they are (masked, with an audited reveal), how they
// are verified, the conversation's tags, its follow-up tasks and the team's private notes.
Pane {
    id: pane

    property var details: null

    // The customer was edited or merged from this pane: the conversation's details are stale.
    signal customerEdited
    property var notes: []
    property var tasks: []
    property var tags: []
    property var identities: []
    property var otherConversations: []
    property var customerTags: []
    property string error: ""
    readonly property double conversationId: details ? details.conversation.id : 0
    readonly property bool mayWrite: Backend.client.role === "admin" || Backend.client.role === "agent"
    readonly property double contactId: details && details.contact ? details.contact.id : 0

    signal conversationRequested(double conversationId)

    // The customer's platform identities and their other conversations (newest first).
    property string customerShown: ""

    function loadCustomer() {
        // From the details themselves: the ids derived from them may not be re-evaluated yet.
        const conversation = pane.details ? pane.details.conversation.id : 0;
        const contact = pane.details && pane.details.contact ? pane.details.contact.id : 0;
        const shown = conversation + "/" + contact;
        if (shown === pane.customerShown)
            return;
        pane.customerShown = shown;
        // Nothing from the previous customer stays on screen while this one's loads.
        pane.identities = [];
        pane.otherConversations = [];
        pane.customerTags = [];
        if (contact <= 0) {
            pane.identities = pane.details && pane.details.identity ? [pane.details.identity] : [];
            return;
        }
        Backend.request("contact.get", { id: contact }, pane, (result, err) => {
            if (!err && contact === pane.contactId) {
                pane.identities = result.identities;
                pane.customerTags = result.tags;
            }
        });
        Backend.request("conversations.list", { contactId: contact, limit: 11 }, pane, (result, err) => {
            if (err || contact !== pane.contactId)
                return;
            pane.otherConversations = result.items.filter(c => c.id !== conversation).slice(0, 10);
        });
    }

    readonly property var identity: details && details.identity ? details.identity : null

    function verificationText() {
        const i = pane.identity;
        if (!i)
            return "";
        if (i.verified) {
            const until = Dates.moment(new Date(i.verificationExpiresAt));
            if (i.verifiedBy === "operator")
                return qsTr("Verified by an operator until %1").arg(until);
            if (i.verifiedBy === "customer+phone")
                return qsTr("Verified (policy number, date of birth and phone) until %1").arg(until);
            return qsTr("Verified (policy number and date of birth) until %1").arg(until);
        }
        if (i.verifyLocked)
            return qsTr("Not verified · locked after too many failed attempts until %1").arg(Dates.moment(new Date(i.verifyLockedUntil)));
        if (i.verifyFailures > 0)
            return qsTr("Not verified · %n failed attempt(s)", "", i.verifyFailures);
        return qsTr("Not verified");
    }

    function setVerified(verify: bool) {
        Backend.request(verify ? "identity.verify" : "identity.revoke", {
            identityId: pane.identity.id,
            contactId: pane.contactId
        }, pane, (result, err) => {
            pane.error = err ? err.message : "";
            if (!err)
                pane.customerEdited();
        });
    }

    function load() {
        if (pane.conversationId <= 0)
            return;
        const requested = pane.conversationId;
        Backend.request("conversation.notes", { conversationId: requested }, pane, (result, err) => {
            if (requested !== pane.conversationId)
                return;
            pane.error = err ? err.message : "";
            if (!err) {
                pane.notes = result.notes;
                pane.tags = result.tags;
            }
        });
    }

    function loadTasks() {
        if (pane.conversationId <= 0)
            return;
        const requested = pane.conversationId;
        Backend.request("tasks.list", { conversationId: requested }, pane, (result, err) => {
            if (requested !== pane.conversationId)
                return;
            pane.error = err ? err.message : "";
            if (!err)
                pane.tasks = result.items;
        });
    }

    // The due time a preset names, from the backend's clock: "" (none), hours from now, or
    // tomorrow at nine.
    function dueFor(preset: string): string {
        const now = Dates.now();
        if (preset === "")
            return "";
        if (preset === "tomorrow") {
            const t = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0);
            return t.toISOString();
        }
        return new Date(now.getTime() + Number(preset) * 3600000).toISOString();
    }

    function addTask() {
        const title = taskInput.text.trim();
        if (title === "")
            return;
        const params = {
            "conversationId": pane.conversationId,
            "title": title
        };
        const due = pane.dueFor(taskDue.currentValue);
        if (due !== "")
            params.dueAt = due;
        if (taskMine.checked)
            params.assigneeId = Backend.client.operatorId;
        Backend.request("task.create", params, pane, (result, err) => {
            pane.error = err ? err.message : "";
            if (!err) {
                taskInput.text = "";
                pane.loadTasks();
            }
        });
    }

    function setTaskDone(id: double, done: bool) {
        Backend.request("task.update", {
            "id": id,
            "status": done ? "done" : "open"
        }, pane, (result, err) => {
            pane.error = err ? err.message : "";
            pane.loadTasks();
        });
    }

    function saveTags(list: var) {
        Backend.request("conversation.setTags", { id: pane.conversationId, tags: list }, pane, (result, err) => {
            pane.error = err ? err.message : "";
            pane.load();
        });
    }

    function saveCustomerTags(list: var) {
        Backend.request("contact.setTags", { id: pane.contactId, tags: list }, pane, (result, err) => {
            pane.error = err ? err.message : "";
            if (!err)
                pane.customerTags = result.contact.tags;
        });
    }

    function addNote() {
        const body = noteInput.text.trim();
        if (body === "")
            return;
        Backend.request("conversation.addNote", { conversationId: pane.conversationId, body: body }, pane, (result, err) => {
            pane.error = err ? err.message : "";
            if (!err) {
                noteInput.text = "";
                pane.load();
            }
        });
    }

    onConversationIdChanged: {
        pane.notes = [];
        pane.tags = [];
        pane.tasks = [];
        noteInput.text = ""; // a draft belongs to the conversation it was written in
        taskInput.text = "";
        load();
        loadTasks();
    }

    // What a colleague or an automation rule leaves on this conversation appears at once.
    Connections {
        target: Backend.client
        function onEventReceived(name: string, payload: var) {
            if ((name === "task.created" || name === "task.updated") && payload.task.conversationId === pane.conversationId)
                pane.loadTasks();
            else if (name === "note.created" && payload.note.conversationId === pane.conversationId)
                pane.load();
        }
    }
    // Both ids come from the details: one load per conversation and customer shown, however
    // often the details are refreshed.
    onDetailsChanged: loadCustomer()

    objectName: "customerPane"
    padding: Theme.padding

    // The customer's details with Edit… and Merge…, as on the Customers page; what they change
    // reloads the conversation (a merge may give it another customer).
    CustomerDialog {
        id: customerDialog
        onEditRequested: contact => editDialog.edit(contact)
        onMergeRequested: contact => mergeDialog.show(contact)
    }

    ContactEditDialog {
        id: editDialog
        onSaved: contact => {
            customerDialog.show(contact.id);
            pane.customerEdited();
        }
    }

    MergeContactsDialog {
        id: mergeDialog
        onMerged: contact => {
            customerDialog.show(contact.id);
            pane.customerEdited();
        }
    }

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column
            width: parent.width
            spacing: Theme.spacing

            Label {
                text: qsTr("Customer")
                font.weight: Font.DemiBold
                color: Theme.mutedText
            }
            Label {
                Layout.fillWidth: true
                text: pane.details && pane.details.contact ? pane.details.contact.displayName : (pane.details ? pane.details.conversation.title : "")
                font.pixelSize: 16
                font.weight: Font.DemiBold
                elide: Text.ElideRight
            }
            Label {
                visible: pane.details !== null && pane.details.contact !== undefined
                text: pane.details && pane.details.contact ? pane.details.contact.phone : ""
                font.family: "monospace"
                color: Theme.mutedText
            }
            Label {
                visible: pane.details !== null && pane.details.contact !== undefined
                text: pane.details && pane.details.contact ? pane.details.contact.email : ""
                color: Theme.mutedText
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Button {
                visible: pane.details !== null && pane.details.contact !== undefined
                text: qsTr("Details…")
                flat: true
                onClicked: customerDialog.show(pane.details.contact.id)
            }
            Label {
                visible: pane.details !== null && pane.details.contact === undefined
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.mutedText
                text: qsTr("Not linked to a customer record yet.")
            }
            Label {
                objectName: "verificationLabel"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: pane.verificationText()
                color: pane.identity && pane.identity.verified ? Theme.open : (pane.identity && pane.identity.verifyLocked ? Theme.failed : Theme.mutedText)
            }
            // By hand, for an operator who checked the customer another way (audited).
            RowLayout {
                visible: pane.mayWrite && pane.identity !== null && !pane.identity.isGroup && pane.contactId > 0
                spacing: Theme.spacing
                Button {
                    objectName: "verifyButton"
                    visible: pane.identity !== null && !pane.identity.verified
                    text: qsTr("Verify as this customer")
                    onClicked: pane.setVerified(true)
                }
                Button {
                    objectName: "revokeButton"
                    visible: pane.identity !== null && pane.identity.verified
                    flat: true
                    text: qsTr("Revoke verification")
                    onClicked: pane.setVerified(false)
                }
            }

            Label {
                visible: pane.identities.length > 0
                text: qsTr("Reachable on")
                font.weight: Font.DemiBold
                color: Theme.mutedText
            }
            Repeater {
                objectName: "identityRows"
                model: pane.identities
                delegate: RowLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    PlatformBadge {
                        platform: modelData.platform
                    }
                    Label {
                        Layout.fillWidth: true
                        text: modelData.displayName + (modelData.username ? " · @" + modelData.username : "") + (modelData.blocked ? " · " + qsTr("blocked us") : "")
                        elide: Text.ElideRight
                    }
                }
            }

            Label {
                visible: pane.otherConversations.length > 0
                text: qsTr("Other conversations")
                font.weight: Font.DemiBold
                color: Theme.mutedText
            }
            Repeater {
                objectName: "otherConversations"
                model: pane.otherConversations
                delegate: ItemDelegate {
                    id: other
                    required property var modelData
                    Layout.fillWidth: true
                    padding: 4
                    Accessible.name: qsTr("Open the conversation of %1").arg(Dates.shortTime(new Date(modelData.lastMessageAt)))
                    onClicked: pane.conversationRequested(modelData.id)
                    contentItem: ColumnLayout {
                        spacing: 2
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: Theme.spacing
                            PlatformBadge {
                                platform: other.modelData.platform
                            }
                            StatusChip {
                                status: other.modelData.status
                            }
                            Item {
                                Layout.fillWidth: true
                            }
                            Label {
                                text: Dates.shortTime(new Date(other.modelData.lastMessageAt))
                                color: Theme.mutedText
                                font.pixelSize: 11
                            }
                        }
                        Label {
                            Layout.fillWidth: true
                            text: other.modelData.lastMessagePreview
                            elide: Text.ElideRight
                            color: Theme.mutedText
                        }
                    }
                }
            }

            MenuSeparator {
                Layout.fillWidth: true
            }
            TagEditor {
                objectName: "customerTags"
                Layout.fillWidth: true
                visible: pane.contactId > 0
                title: qsTr("Customer tags")
                tags: pane.customerTags
                editable: pane.mayWrite
                inputName: "customerTagsInput"
                onSaveRequested: list => pane.saveCustomerTags(list)
            }
            TagEditor {
                Layout.fillWidth: true
                title: qsTr("Conversation tags")
                tags: pane.tags
                editable: pane.mayWrite
                inputName: "tagsInput"
                onSaveRequested: list => pane.saveTags(list)
            }

            MenuSeparator {
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("Follow-up tasks")
                font.weight: Font.DemiBold
                color: Theme.mutedText
            }
            Label {
                Layout.fillWidth: true
                visible: pane.tasks.length === 0
                text: qsTr("Nothing to follow up.")
                color: Theme.mutedText
                font.pixelSize: 12
            }
            Repeater {
                model: pane.tasks
                delegate: RowLayout {
                    id: taskRow
                    required property var modelData
                    readonly property bool done: modelData.status === "done"
                    readonly property bool overdue: !done && modelData.dueAt !== "" && new Date(modelData.dueAt) < Dates.now() && Dates.minute >= 0
                    Layout.fillWidth: true
                    spacing: 2
                    CheckBox {
                        objectName: "taskDone"
                        Layout.alignment: Qt.AlignTop
                        checked: taskRow.done
                        enabled: pane.mayWrite
                        Accessible.name: qsTr("Done: %1").arg(taskRow.modelData.title)
                        onToggled: pane.setTaskDone(taskRow.modelData.id, checked)
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Label {
                            Layout.fillWidth: true
                            text: taskRow.modelData.title
                            wrapMode: Text.Wrap
                            font.strikeout: taskRow.done
                            color: taskRow.done ? Theme.mutedText : palette.windowText
                        }
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            font.pixelSize: 11
                            color: taskRow.overdue ? Theme.failed : Theme.mutedText
                            text: {
                                const t = taskRow.modelData;
                                const parts = [];
                                if (taskRow.done)
                                    parts.push(qsTr("done %1 by %2").arg(Dates.moment(new Date(t.completedAt))).arg(t.completedBy || qsTr("someone")));
                                else if (t.dueAt !== "")
                                    parts.push((taskRow.overdue ? qsTr("overdue since %1") : qsTr("due %1")).arg(Dates.moment(new Date(t.dueAt))));
                                parts.push(t.assigneeName !== "" ? qsTr("for %1").arg(t.assigneeName) : qsTr("anyone"));
                                if (t.createdBy !== t.assigneeName)
                                    parts.push(qsTr("from %1").arg(t.createdBy || qsTr("someone")));
                                return parts.join(" · ");
                            }
                        }
                    }
                }
            }
            TextField {
                id: taskInput
                objectName: "taskInput"
                Layout.fillWidth: true
                visible: pane.mayWrite
                placeholderText: qsTr("Add a follow-up task")
                Accessible.name: qsTr("New task")
                onAccepted: pane.addTask()
            }
            RowLayout {
                Layout.fillWidth: true
                visible: pane.mayWrite
                ComboBox {
                    id: taskDue
                    objectName: "taskDue"
                    Layout.fillWidth: true
                    textRole: "text"
                    valueRole: "value"
                    Accessible.name: qsTr("Due")
                    model: [
                        {
                            "value": "",
                            "text": qsTr("No due time")
                        },
                        {
                            "value": "1",
                            "text": qsTr("In an hour")
                        },
                        {
                            "value": "4",
                            "text": qsTr("In 4 hours")
                        },
                        {
                            "value": "tomorrow",
                            "text": qsTr("Tomorrow 09:00")
                        },
                        {
                            "value": "72",
                            "text": qsTr("In 3 days")
                        },
                        {
                            "value": "168",
                            "text": qsTr("In a week")
                        }
                    ]
                }
            }
            RowLayout {
                Layout.fillWidth: true
                visible: pane.mayWrite
                Button {
                    text: qsTr("Add task")
                    enabled: taskInput.text.trim() !== ""
                    onClicked: pane.addTask()
                }
                CheckBox {
                    id: taskMine
                    objectName: "taskMine"
                    text: qsTr("Mine")
                    checked: true
                }
            }

            MenuSeparator {
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("Private notes")
                font.weight: Font.DemiBold
                color: Theme.mutedText
            }
            Label {
                Layout.fillWidth: true
                visible: pane.notes.length === 0
                text: qsTr("Notes stay with the team; the customer never sees them.")
                color: Theme.mutedText
                wrapMode: Text.Wrap
                font.pixelSize: 12
            }
            Repeater {
                model: pane.notes
                delegate: ColumnLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    spacing: 0
                    Label {
                        Layout.fillWidth: true
                        text: modelData.body
                        wrapMode: Text.Wrap
                    }
                    Label {
                        text: (modelData.authorName || qsTr("someone")) + " · " + Dates.moment(new Date(modelData.createdAt))
                        color: Theme.mutedText
                        font.pixelSize: 11
                    }
                }
            }
            TextArea {
                id: noteInput
                objectName: "noteInput"
                Layout.fillWidth: true
                visible: pane.mayWrite
                placeholderText: qsTr("Add a note for the team")
                wrapMode: TextEdit.Wrap
            }
            Button {
                visible: pane.mayWrite
                text: qsTr("Add note")
                enabled: noteInput.text.trim() !== ""
                onClicked: pane.addNote()
            }
            Label {
                Layout.fillWidth: true
                visible: pane.error !== ""
                text: pane.error
                color: Theme.failed
                wrapMode: Text.Wrap
            }
        }
    }
}
