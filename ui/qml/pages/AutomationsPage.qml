import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// Rules (with their switch, trigger, next and last run), the jobs that failed for good, and
// broadcasts. On the right, the rule editor: trigger, a condition builder, the actions with their
// messages in English and Indonesian, and a live preview of who the rule would hit now and what
// each would receive — the backend's dry run, so what is previewed is what is sent.
Page {
    id: page

    objectName: "automationsPage"

    readonly property bool mayEdit: Backend.client.role === "admin"
    property var rules: []
    property var fields: []
    property var jobs: []
    property var broadcasts: []
    property var attributes: []
    property string attributeError: ""
    property var runs: []
    property string errorText: ""
    property string timeZone: ""
    // The rule in the editor: 0 = a new one; -1 = a new broadcast; null selection = nothing open.
    property int editingId: 0
    property bool editorOpen: false
    property bool editingBroadcast: false
    property bool editingBuiltin: false
    property var preview: null
    property var fieldErrors: []
    property string saveNote: ""
    readonly property alias ruleList: ruleView
    readonly property alias nameField: nameEdit
    readonly property alias previewList: recipients
    readonly property alias conditionRows: conditionModel
    readonly property alias actionRows: actionModel

    function refresh() {
        Backend.request("automation.list", {}, page, (result, error) => {
            page.errorText = error ? error.message : "";
            if (!error)
                page.rules = result.rules;
        });
        Backend.request("jobs.list", {
            "state": jobFilter.currentIndex === 0 ? "dead" : (jobFilter.currentIndex === 1 ? "pending" : "")
        }, page, (result, error) => {
            if (!error)
                page.jobs = result.jobs;
        });
        Backend.request("broadcast.list", {}, page, (result, error) => {
            if (!error)
                page.broadcasts = result.broadcasts;
        });
        Backend.request("attributes.list", {}, page, (result, error) => {
            if (!error)
                page.attributes = result.attributes;
        });
        if (page.editorOpen && page.editingId > 0)
            page.loadRuns(page.editingId);
    }

    function loadFields() {
        Backend.request("automation.fields", {}, page, (result, error) => {
            if (error)
                return;
            page.fields = result.fields;
            page.timeZone = result.timeZone;
        });
    }

    function loadRuns(ruleId: int) {
        Backend.request("automation.runs", {
            "ruleId": ruleId,
            "limit": 10
        }, page, (result, error) => {
            if (!error)
                page.runs = result.runs;
        });
    }

    function field(name: string): var {
        for (let i = 0; i < page.fields.length; ++i) {
            if (page.fields[i].name === name)
                return page.fields[i];
        }
        return null;
    }

    function fieldNames(): var {
        const scope = trigger.currentValue === "schedule" || trigger.currentValue === "contact.verified" || page.editingBroadcast ? ["contact"] : (trigger.currentValue === "message.received" ? ["contact", "conversation", "message"] : ["contact", "conversation"]);
        return page.fields.filter(f => scope.indexOf(f.scope) >= 0).map(f => f.name);
    }

    function operatorsOf(name: string): var {
        const f = page.field(name);
        return f ? f.operators : ["eq"];
    }

    function operatorText(op: string): string {
        const names = {
            "eq": qsTr("is"),
            "ne": qsTr("is not"),
            "gt": qsTr("after / more than"),
            "gte": qsTr("on or after / at least"),
            "lt": qsTr("before / less than"),
            "lte": qsTr("on or before / at most"),
            "in": qsTr("is one of"),
            "contains": qsTr("contains"),
            "exists": qsTr("is set"),
            "daysUntil": qsTr("days until it"),
            "daysSince": qsTr("days since it")
        };
        return names[op] || op;
    }

    // A new rule starts as the reminder most offices want, to be adapted.
    function newRule() {
        page.editingId = 0;
        page.editingBroadcast = false;
        page.editingBuiltin = false;
        page.load({
            "name": "",
            "trigger": {
                "type": "schedule",
                "cron": "0 9 * * *",
                "timeZone": page.timeZone
            },
            "conditions": {
                "all": []
            },
            "actions": [
                {
                    "type": "send_message",
                    "text": {
                        "en": "",
                        "id": ""
                    }
                }
            ]
        }, true);
        page.runs = [];
    }

    function newBroadcast() {
        page.editingId = -1;
        page.editingBroadcast = true;
        page.editingBuiltin = false;
        page.load({
            "name": "",
            "trigger": {
                "type": "broadcast",
                "throttlePerMinute": 60
            },
            "conditions": {
                "all": []
            },
            "actions": [
                {
                    "type": "send_message",
                    "text": {
                        "en": "",
                        "id": ""
                    }
                }
            ]
        }, true);
        page.runs = [];
    }

    function edit(rule: var) {
        page.editingId = rule.id;
        page.editingBroadcast = false;
        page.editingBuiltin = rule.builtin !== "";
        page.load(rule.definition, rule.enabled);
        page.loadRuns(rule.id);
    }

    function load(definition: var, enabled: bool) {
        nameEdit.text = definition.name || "";
        const t = definition.trigger || {};
        trigger.currentIndex = Math.max(0, trigger.indexOfValue(t.type || "schedule"));
        cron.text = t.cron || "0 9 * * *";
        zone.text = t.timeZone || page.timeZone;
        jitter.value = t.jitterMinutes || 0;
        throttle.value = t.throttlePerMinute || 0;
        idle.value = t.minutes || 30;
        const c = definition.conditions || {};
        matchAny.checked = c.any !== undefined;
        const leaves = c.any || c.all || (c.field ? [c] : []);
        conditionModel.clear();
        for (let i = 0; i < leaves.length; ++i) {
            const l = leaves[i];
            conditionModel.append({
                "field": l.field || "",
                "op": l.op || "eq",
                "cmp": l.cmp || "lte",
                "value": Array.isArray(l.value) ? l.value.join(", ") : (l.value === undefined ? "" : String(l.value))
            });
        }
        actionModel.clear();
        const actions = definition.actions || [];
        for (let i = 0; i < actions.length; ++i) {
            const a = actions[i];
            const text = a.text === undefined ? {} : (typeof a.text === "string" ? {
                    "en": a.text
                } : a.text);
            const tpl = a.whatsappTemplate || a.template || {};
            actionModel.append({
                "type": a.type,
                "textEn": a.type === "task" ? (a.title || "") : (text.en || ""),
                "textId": text.id || "",
                "template": tpl.name || "",
                "parameters": (tpl.parameters || []).join(" | "),
                "value": a.tag || a.status || (a.operatorId !== undefined ? String(a.operatorId) : "") || (a.dueInHours ? String(a.dueInHours) : "")
            });
        }
        dedupe.checked = (definition.dedupeBy || "") !== "";
        dedupeField.currentIndex = Math.max(0, dedupeField.indexOfValue(definition.dedupeBy || ""));
        page.fieldErrors = [];
        page.saveNote = "";
        page.preview = null;
        page.editorOpen = true;
        previewTimer.restart();
    }

    // The editor's state as the definition the backend checks.
    function definition(): var {
        const leaves = [];
        for (let i = 0; i < conditionModel.count; ++i) {
            const row = conditionModel.get(i);
            const f = page.field(row.field);
            const leaf = {
                "field": row.field,
                "op": row.op
            };
            let value = row.value.trim();
            if (row.op === "exists")
                leaf.value = value !== "false";
            else if (row.op === "daysUntil" || row.op === "daysSince") {
                leaf.cmp = row.cmp;
                leaf.value = Number(value);
            } else if (row.op === "in")
                leaf.value = value.split(",").map(s => s.trim()).filter(s => s !== "").map(s => f && f.type === "number" ? Number(s) : s);
            else if (f && f.type === "number")
                leaf.value = value === "" || isNaN(Number(value)) ? value : Number(value);
            else if (f && f.type === "boolean")
                leaf.value = value === "true" || value === "yes";
            else
                leaf.value = value;
            leaves.push(leaf);
        }
        const actions = [];
        for (let i = 0; i < actionModel.count; ++i) {
            const a = actionModel.get(i);
            const action = {
                "type": a.type
            };
            if (a.type === "send_message" || a.type === "note") {
                const text = {};
                if (a.textEn.trim() !== "")
                    text.en = a.textEn;
                if (a.textId.trim() !== "")
                    text.id = a.textId;
                action.text = a.type === "note" ? (a.textEn || a.textId) : text;
            }
            if ((a.type === "send_message" || a.type === "send_whatsapp_template") && a.template.trim() !== "") {
                const spec = {
                    "name": a.template.trim(),
                    "language": {
                        "en": "en",
                        "id": "id"
                    },
                    "parameters": page.splitParameters(a.parameters)
                };
                if (a.type === "send_message")
                    action.whatsappTemplate = spec;
                else
                    action.template = spec;
            }
            if (a.type === "tag")
                action.tag = a.value;
            if (a.type === "set_status")
                action.status = a.value;
            if (a.type === "assign")
                action.operatorId = Number(a.value) || 0;
            if (a.type === "task") {
                action.title = a.textEn;
                // Hours as typed: the backend names a value that is not a whole number.
                if (a.value.trim() !== "")
                    action.dueInHours = isNaN(Number(a.value)) ? a.value : Number(a.value);
            }
            actions.push(action);
        }
        const t = {
            "type": page.editingBroadcast ? "broadcast" : trigger.currentValue
        };
        if (t.type === "schedule") {
            t.cron = cron.text;
            t.timeZone = zone.text;
            t.jitterMinutes = jitter.value;
            t.throttlePerMinute = throttle.value;
        } else if (t.type === "conversation.idle") {
            t.minutes = idle.value;
        } else if (t.type === "broadcast") {
            t.throttlePerMinute = throttle.value;
        }
        const d = {
            "name": nameEdit.text,
            "trigger": t,
            "conditions": leaves.length === 0 ? {} : (matchAny.checked ? {
                    "any": leaves
                } : {
                    "all": leaves
                }),
            "actions": actions
        };
        if (dedupe.checked && dedupeField.currentValue)
            d.dedupeBy = dedupeField.currentValue;
        return d;
    }

    // "{{contact.name}} | {{attr.due | date}}" → two parameters: a | inside {{ }} is a filter.
    function splitParameters(text: string): var {
        const out = [];
        let depth = 0;
        let current = "";
        for (let i = 0; i < text.length; ++i) {
            if (text.startsWith("{{", i))
                ++depth;
            else if (text.startsWith("}}", i))
                depth = Math.max(0, depth - 1);
            if (text[i] === "|" && depth === 0) {
                out.push(current.trim());
                current = "";
            } else {
                current += text[i];
            }
        }
        out.push(current.trim());
        return out.filter(s => s !== "");
    }

    function errorFor(path: string): string {
        return page.fieldErrors.filter(e => e.field === path || e.field.startsWith(path + ".") || e.field.startsWith(path + "[")).map(e => e.message).join("\n");
    }

    function runPreview() {
        if (!page.editorOpen || !page.mayEdit)
            return;
        const d = page.definition();
        if (page.editingBroadcast)
            d.trigger = {
                "type": "broadcast",
                "throttlePerMinute": throttle.value
            };
        Backend.request("automation.dryRun", {
            "definition": d,
            "limit": 20
        }, page, (result, error) => {
            if (error) {
                page.preview = null;
                page.fieldErrors = error.details && error.details.fields ? error.details.fields : [{
                        "field": "",
                        "message": error.message
                    }];
                return;
            }
            page.fieldErrors = [];
            page.preview = result;
        });
    }

    function save() {
        const d = page.definition();
        page.saveNote = "";
        if (page.editingBroadcast) {
            Backend.request("broadcast.create", {
                "name": d.name,
                "conditions": d.conditions,
                "actions": d.actions,
                "throttlePerMinute": throttle.value
            }, page, (result, error) => {
                if (error) {
                    page.fieldErrors = error.details && error.details.fields ? error.details.fields : [];
                    page.saveNote = error.message;
                    return;
                }
                page.editorOpen = false;
                tabs.currentIndex = 2;
                page.refresh();
            });
            return;
        }
        const params = {
            "definition": d
        };
        if (page.editingId > 0)
            params.id = page.editingId;
        Backend.request(page.editingId > 0 ? "automation.update" : "automation.create", params, page, (result, error) => {
            if (error) {
                page.fieldErrors = error.details && error.details.fields ? error.details.fields : [];
                page.saveNote = error.message;
                return;
            }
            page.editingId = result.id;
            page.saveNote = qsTr("Saved.");
            page.refresh();
        });
    }

    // Defines (or redefines) a customer attribute from the form on the Attributes tab.
    function defineAttribute() {
        const params = {
            "key": attributeKey.text.trim(),
            "label": attributeLabel.text.trim(),
            "type": attributeType.currentValue,
            "personal": attributePersonal.checked
        };
        if (params.type === "money")
            params.currency = attributeCurrency.text.trim();
        if (params.type === "choice")
            params.options = attributeCurrency.text.split(",").map(s => s.trim()).filter(s => s !== "");
        Backend.request("attributes.define", params, page, (result, error) => {
            page.attributeError = error ? error.message : "";
            if (error)
                return;
            attributeKey.text = "";
            attributeLabel.text = "";
            attributeCurrency.text = "";
            attributePersonal.checked = false;
            page.refresh();
            page.loadFields();
        });
    }

    function runSummary(run: var): string {
        if (!run)
            return qsTr("Not run yet");
        if (run.state === "missed")
            return qsTr("Missed %1 (the instance was off)").arg(Dates.moment(new Date(run.scheduledFor)));
        return qsTr("%1: %2 matched · %3 sent · %4 failed · %5 waiting").arg(Dates.moment(new Date(run.startedAt))).arg(run.matched).arg(run.sent).arg(run.failed).arg(run.pending + run.inOutbox);
    }

    Component.onCompleted: {
        page.loadFields();
        page.refresh();
    }

    Connections {
        target: Backend.client
        function onEventReceived(name: string, payload: var) {
            if (name === "automation.updated" || name === "automation.run" || name === "jobs.updated" || name === "broadcast.updated")
                refreshTimer.restart();
            else if (name === "attributes.updated")
                page.loadFields();
        }
    }

    // Events come in bursts (a run finishing hundreds of jobs): one refresh for a burst.
    Timer {
        id: refreshTimer
        interval: 300
        onTriggered: page.refresh()
    }
    Timer {
        id: previewTimer
        interval: 400
        onTriggered: page.runPreview()
    }

    header: PageHeader {
        title: qsTr("Automations")
        Button {
            objectName: "newRuleButton"
            visible: page.mayEdit
            text: qsTr("New rule")
            highlighted: true
            onClicked: page.newRule()
        }
        Button {
            objectName: "newBroadcastButton"
            visible: page.mayEdit
            text: qsTr("New broadcast")
            onClicked: page.newBroadcast()
        }
    }

    ListModel {
        id: conditionModel
    }
    ListModel {
        id: actionModel
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            ErrorBanner {
                Layout.fillWidth: true
                text: page.errorText
                onRetry: page.refresh()
            }
            TabBar {
                id: tabs
                Layout.fillWidth: true
                TabButton {
                    text: qsTr("Rules")
                }
                TabButton {
                    objectName: "jobsTab"
                    text: qsTr("Jobs")
                }
                TabButton {
                    text: qsTr("Broadcasts")
                }
                TabButton {
                    objectName: "attributesTab"
                    text: qsTr("Attributes")
                }
            }
            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: tabs.currentIndex

                ListView {
                    id: ruleView
                    objectName: "ruleList"
                    clip: true
                    model: page.rules
                    Accessible.name: qsTr("Rules")
                    Accessible.role: Accessible.List
                    ScrollBar.vertical: ScrollBar {}
                    delegate: ItemDelegate {
                        id: ruleRow
                        required property var modelData
                        width: ListView.view.width
                        highlighted: page.editorOpen && page.editingId === modelData.id
                        Accessible.name: qsTr("Rule %1").arg(modelData.name)
                        onClicked: page.edit(modelData)
                        contentItem: RowLayout {
                            spacing: Theme.spacing
                            Switch {
                                objectName: "ruleSwitch"
                                checked: ruleRow.modelData.enabled
                                enabled: page.mayEdit
                                Accessible.name: qsTr("Enable %1").arg(ruleRow.modelData.name)
                                onToggled: Backend.request("automation.setEnabled", {
                                    "id": ruleRow.modelData.id,
                                    "enabled": checked
                                }, page, (result, error) => {
                                    page.errorText = error ? qsTr("%1 cannot be enabled: %2").arg(ruleRow.modelData.name).arg(error.message) : "";
                                    page.refresh();
                                })
                            }
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 2
                                Label {
                                    Layout.fillWidth: true
                                    text: ruleRow.modelData.name + (ruleRow.modelData.builtin ? qsTr(" (built in)") : "")
                                    font.weight: Font.DemiBold
                                    elide: Text.ElideRight
                                }
                                Label {
                                    Layout.fillWidth: true
                                    color: Theme.mutedText
                                    elide: Text.ElideRight
                                    text: ruleRow.modelData.summary + (ruleRow.modelData.enabled && ruleRow.modelData.nextRunAt ? " · " + qsTr("next %1").arg(Dates.preciseMoment(new Date(ruleRow.modelData.nextRunAt))) : "")
                                }
                                Label {
                                    Layout.fillWidth: true
                                    color: Theme.mutedText
                                    elide: Text.ElideRight
                                    text: page.runSummary(ruleRow.modelData.lastRun)
                                }
                                Label {
                                    Layout.fillWidth: true
                                    visible: ruleRow.modelData.problems.length > 0
                                    color: Theme.failed
                                    wrapMode: Text.Wrap
                                    text: ruleRow.modelData.problems.map(p => p.message).join("\n")
                                }
                            }
                        }
                    }
                    EmptyState {
                        anchors.centerIn: parent
                        visible: ruleView.count === 0 && page.errorText === ""
                        iconSource: "qrc:/qt/qml/AioChat/icons/automations.svg"
                        title: qsTr("No rules yet")
                        body: qsTr("Rules send reminders on a schedule or act when customers write.")
                    }
                }

                ColumnLayout {
                    spacing: 0
                    FilterBox {
                        id: jobFilter
                        objectName: "jobFilter"
                        Layout.margins: Theme.spacing
                        Layout.preferredWidth: 220
                        model: [qsTr("Failed for good"), qsTr("Waiting"), qsTr("All jobs")]
                        Accessible.name: qsTr("Which jobs")
                        onActivated: page.refresh()
                    }
                    ListView {
                        id: jobView
                        objectName: "jobList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        model: page.jobs
                        ScrollBar.vertical: ScrollBar {}
                        delegate: ItemDelegate {
                            id: jobRow
                            required property var modelData
                            width: ListView.view.width
                            Accessible.name: qsTr("Job %1").arg(modelData.id)
                            contentItem: RowLayout {
                                spacing: Theme.spacing
                                ColumnLayout {
                                    Layout.fillWidth: true
                                    spacing: 2
                                    Label {
                                        Layout.fillWidth: true
                                        elide: Text.ElideRight
                                        font.weight: Font.DemiBold
                                        text: [jobRow.modelData.kind, jobRow.modelData.contactName, jobRow.modelData.ruleName].filter(s => s !== "").join(" · ")
                                    }
                                    Label {
                                        Layout.fillWidth: true
                                        color: Theme.mutedText
                                        text: qsTr("%1 · attempt %2 of %3 · %4").arg(jobRow.modelData.state).arg(jobRow.modelData.attempts).arg(jobRow.modelData.maxAttempts).arg(Dates.preciseMoment(new Date(jobRow.modelData.runAt)))
                                    }
                                    Label {
                                        Layout.fillWidth: true
                                        visible: jobRow.modelData.lastError !== ""
                                        color: Theme.failed
                                        wrapMode: Text.Wrap
                                        text: jobRow.modelData.lastError
                                    }
                                }
                                ToolButton {
                                    visible: page.mayEdit && (jobRow.modelData.state === "dead" || jobRow.modelData.state === "discarded")
                                    text: qsTr("Retry")
                                    onClicked: Backend.request("jobs.retry", {
                                        "id": jobRow.modelData.id
                                    }, page, (result, error) => {
                                        page.errorText = error ? error.message : "";
                                        page.refresh();
                                    })
                                }
                                ToolButton {
                                    visible: page.mayEdit && (jobRow.modelData.state === "dead" || jobRow.modelData.state === "pending")
                                    text: qsTr("Discard")
                                    onClicked: Backend.request("jobs.discard", {
                                        "id": jobRow.modelData.id
                                    }, page, (result, error) => {
                                        page.errorText = error ? error.message : "";
                                        page.refresh();
                                    })
                                }
                            }
                        }
                        EmptyState {
                            anchors.centerIn: parent
                            visible: jobView.count === 0
                            iconSource: "qrc:/qt/qml/AioChat/icons/automations.svg"
                            title: jobFilter.currentIndex === 0 ? qsTr("No failed jobs") : qsTr("No jobs")
                            body: qsTr("A job that fails three times, or cannot succeed, stays here with its reason until it is retried or discarded.")
                        }
                    }
                }

                ListView {
                    id: broadcastView
                    objectName: "broadcastList"
                    clip: true
                    model: page.broadcasts
                    ScrollBar.vertical: ScrollBar {}
                    delegate: ItemDelegate {
                        id: broadcastRow
                        required property var modelData
                        readonly property var run: modelData.run || {}
                        width: ListView.view.width
                        contentItem: RowLayout {
                            spacing: Theme.spacing
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 2
                                Label {
                                    Layout.fillWidth: true
                                    text: broadcastRow.modelData.name
                                    font.weight: Font.DemiBold
                                    elide: Text.ElideRight
                                }
                                ProgressBar {
                                    Layout.fillWidth: true
                                    from: 0
                                    to: Math.max(1, broadcastRow.run.queued || 0)
                                    value: (broadcastRow.run.sent || 0) + (broadcastRow.run.failed || 0)
                                }
                                Label {
                                    Layout.fillWidth: true
                                    color: Theme.mutedText
                                    text: qsTr("%1 · %2 of %3 sent · %4 failed · %5 cancelled").arg(broadcastRow.modelData.state).arg(broadcastRow.run.sent || 0).arg(broadcastRow.run.queued || 0).arg(broadcastRow.run.failed || 0).arg(broadcastRow.run.cancelled || 0)
                                }
                            }
                            ToolButton {
                                visible: page.mayEdit && broadcastRow.modelData.state === "running"
                                text: qsTr("Cancel")
                                onClicked: Backend.request("broadcast.cancel", {
                                    "id": broadcastRow.modelData.id
                                }, page, (result, error) => {
                                    page.errorText = error ? error.message : "";
                                    page.refresh();
                                })
                            }
                        }
                    }
                    EmptyState {
                        anchors.centerIn: parent
                        visible: broadcastView.count === 0
                        iconSource: "qrc:/qt/qml/AioChat/icons/automations.svg"
                        title: qsTr("No broadcasts")
                        body: qsTr("A broadcast sends one message to every customer a set of conditions selects, at a steady pace.")
                    }
                }

                // The customer attributes rules and templates use: listed, added, removed.
                ColumnLayout {
                    spacing: 0
                    ListView {
                        id: attributeView
                        objectName: "attributeList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        model: page.attributes
                        ScrollBar.vertical: ScrollBar {}
                        delegate: ItemDelegate {
                            id: attributeRow
                            required property var modelData
                            width: ListView.view.width
                            Accessible.name: qsTr("Attribute %1").arg(modelData.label)
                            contentItem: RowLayout {
                                spacing: Theme.spacing
                                ColumnLayout {
                                    Layout.fillWidth: true
                                    spacing: 2
                                    Label {
                                        Layout.fillWidth: true
                                        text: attributeRow.modelData.label
                                        font.weight: Font.DemiBold
                                        elide: Text.ElideRight
                                    }
                                    Label {
                                        Layout.fillWidth: true
                                        elide: Text.ElideRight
                                        color: Theme.mutedText
                                        text: ["attr." + attributeRow.modelData.key, attributeRow.modelData.type + (attributeRow.modelData.currency ? " " + attributeRow.modelData.currency : ""), attributeRow.modelData.personal ? qsTr("personal: sealed, masked") : ""].filter(s => s !== "").join(" · ")
                                    }
                                }
                                ToolButton {
                                    visible: page.mayEdit
                                    text: qsTr("Remove")
                                    onClicked: Backend.request("attributes.delete", {
                                        "key": attributeRow.modelData.key
                                    }, page, (result, error) => {
                                        page.attributeError = error ? error.message : "";
                                        page.refresh();
                                    })
                                }
                            }
                        }
                        EmptyState {
                            anchors.centerIn: parent
                            visible: attributeView.count === 0
                            iconSource: "qrc:/qt/qml/AioChat/icons/customers.svg"
                            title: qsTr("No attributes yet")
                            body: qsTr("Attributes such as a payment due date or a monthly premium hold what rules compare and messages mention. A CSV import offers its extra columns as attributes too.")
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.margins: Theme.spacing
                        visible: page.attributeError !== ""
                        text: page.attributeError
                        color: Theme.failed
                        wrapMode: Text.Wrap
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Layout.margins: Theme.spacing
                        visible: page.mayEdit
                        TextField {
                            id: attributeKey
                            objectName: "attributeKey"
                            Layout.preferredWidth: 170
                            placeholderText: "payment_due_date"
                            Accessible.name: qsTr("Attribute key")
                        }
                        TextField {
                            id: attributeLabel
                            Layout.fillWidth: true
                            placeholderText: qsTr("Label, e.g. Payment due date")
                            Accessible.name: qsTr("Attribute label")
                        }
                        FilterBox {
                            id: attributeType
                            objectName: "attributeType"
                            Layout.preferredWidth: 120
                            model: ["text", "number", "money", "date", "boolean", "choice"]
                            Accessible.name: qsTr("Attribute type")
                        }
                        TextField {
                            id: attributeCurrency
                            Layout.preferredWidth: 140
                            visible: attributeType.currentValue === "money" || attributeType.currentValue === "choice"
                            placeholderText: attributeType.currentValue === "money" ? "IDR" : qsTr("Gold, Silver")
                            Accessible.name: attributeType.currentValue === "money" ? qsTr("Currency") : qsTr("Choices")
                        }
                        CheckBox {
                            id: attributePersonal
                            text: qsTr("Personal")
                        }
                        Button {
                            objectName: "defineAttribute"
                            text: qsTr("Add")
                            enabled: attributeKey.text.trim() !== ""
                            onClicked: page.defineAttribute()
                        }
                    }
                }
            }
        }

        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            color: Theme.divider
            visible: page.editorOpen
        }

        ScrollView {
            id: editor
            objectName: "ruleEditor"
            visible: page.editorOpen
            Layout.fillHeight: true
            Layout.preferredWidth: 520
            Layout.maximumWidth: 520
            contentWidth: availableWidth
            clip: true

            ColumnLayout {
                width: editor.availableWidth
                spacing: Theme.spacing

                RowLayout {
                    Layout.fillWidth: true
                    Layout.margins: Theme.spacing
                    Label {
                        Layout.fillWidth: true
                        text: page.editingBroadcast ? qsTr("New broadcast") : (page.editingId > 0 ? qsTr("Edit rule") : qsTr("New rule"))
                        font.pixelSize: 18
                        font.weight: Font.DemiBold
                    }
                    ToolButton {
                        text: qsTr("Close")
                        onClicked: page.editorOpen = false
                    }
                }

                GridLayout {
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacing
                    Layout.rightMargin: Theme.spacing
                    columns: 2
                    columnSpacing: Theme.spacing

                    Label {
                        text: qsTr("Name")
                    }
                    TextField {
                        id: nameEdit
                        objectName: "ruleName"
                        Layout.fillWidth: true
                        enabled: page.mayEdit
                        placeholderText: qsTr("e.g. Payment due reminder")
                        Accessible.name: qsTr("Rule name")
                        onTextEdited: previewTimer.restart()
                    }
                    Label {
                        text: qsTr("When")
                        visible: !page.editingBroadcast
                    }
                    FilterBox {
                        id: trigger
                        objectName: "ruleTrigger"
                        visible: !page.editingBroadcast
                        enabled: page.mayEdit
                        Layout.fillWidth: true
                        textRole: "text"
                        valueRole: "value"
                        model: [
                            {
                                "value": "schedule",
                                "text": qsTr("On a schedule")
                            },
                            {
                                "value": "message.received",
                                "text": qsTr("A customer writes")
                            },
                            {
                                "value": "conversation.created",
                                "text": qsTr("A conversation starts")
                            },
                            {
                                "value": "conversation.statusChanged",
                                "text": qsTr("A conversation's status changes")
                            },
                            {
                                "value": "contact.verified",
                                "text": qsTr("A customer is verified")
                            },
                            {
                                "value": "conversation.idle",
                                "text": qsTr("A customer waits for a reply")
                            }
                        ]
                        Accessible.name: qsTr("Trigger")
                        onActivated: previewTimer.restart()
                    }
                    Label {
                        text: qsTr("Cron")
                        visible: cron.visible
                    }
                    TextField {
                        id: cron
                        objectName: "ruleCron"
                        visible: !page.editingBroadcast && trigger.currentValue === "schedule"
                        enabled: page.mayEdit
                        Layout.fillWidth: true
                        placeholderText: qsTr("minute hour day month weekday, e.g. 0 9 * * *")
                        Accessible.name: qsTr("Cron expression")
                        onTextEdited: previewTimer.restart()
                    }
                    Label {
                        text: qsTr("Time zone")
                        visible: zone.visible
                    }
                    TextField {
                        id: zone
                        visible: cron.visible
                        enabled: page.mayEdit
                        Layout.fillWidth: true
                        placeholderText: "Asia/Jakarta"
                        Accessible.name: qsTr("Time zone")
                        onTextEdited: previewTimer.restart()
                    }
                    Label {
                        text: qsTr("Spread over")
                        visible: cron.visible
                    }
                    RowLayout {
                        visible: cron.visible
                        SpinBox {
                            id: jitter
                            from: 0
                            to: 720
                            editable: true
                            enabled: page.mayEdit
                            Accessible.name: qsTr("Jitter in minutes")
                        }
                        Label {
                            text: qsTr("minutes")
                        }
                    }
                    Label {
                        text: qsTr("At most")
                        visible: cron.visible || page.editingBroadcast
                    }
                    RowLayout {
                        visible: cron.visible || page.editingBroadcast
                        SpinBox {
                            id: throttle
                            from: 0
                            to: 100000
                            editable: true
                            enabled: page.mayEdit
                            Accessible.name: qsTr("Sends per minute")
                        }
                        Label {
                            text: qsTr("sends per minute (0: no limit)")
                        }
                    }
                    Label {
                        text: qsTr("After")
                        visible: idle.visible
                    }
                    RowLayout {
                        visible: !page.editingBroadcast && trigger.currentValue === "conversation.idle"
                        SpinBox {
                            id: idle
                            from: 1
                            to: 10080
                            editable: true
                            enabled: page.mayEdit
                            Accessible.name: qsTr("Minutes without a reply")
                            onValueModified: previewTimer.restart()
                        }
                        Label {
                            text: qsTr("minutes without a reply")
                        }
                    }
                }
                Label {
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacing
                    Layout.rightMargin: Theme.spacing
                    wrapMode: Text.Wrap
                    color: page.errorFor("trigger") !== "" ? Theme.failed : Theme.mutedText
                    text: page.errorFor("trigger") !== "" ? page.errorFor("trigger") : (page.preview && page.preview.nextRuns ? qsTr("Next runs: %1").arg(page.preview.nextRuns.slice(0, 3).map(t => Dates.preciseMoment(new Date(t))).join(", ")) : "")
                    visible: text !== ""
                }

                // Conditions: all or any of the rows.
                RowLayout {
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacing
                    Layout.rightMargin: Theme.spacing
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Who")
                        font.weight: Font.DemiBold
                    }
                    Switch {
                        id: matchAny
                        enabled: page.mayEdit
                        text: checked ? qsTr("any condition") : qsTr("all conditions")
                        onToggled: previewTimer.restart()
                    }
                }
                ListView {
                    id: conditionView
                    objectName: "conditionList"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacing
                    Layout.rightMargin: Theme.spacing
                    Layout.preferredHeight: contentHeight
                    interactive: false
                    model: conditionModel
                    spacing: 4
                    delegate: ColumnLayout {
                        id: conditionRow
                        required property int index
                        required property string field
                        required property string op
                        required property string cmp
                        required property string value
                        width: ListView.view.width
                        spacing: 2
                        RowLayout {
                            Layout.fillWidth: true
                            FilterBox {
                                Layout.preferredWidth: 170
                                enabled: page.mayEdit
                                model: page.fieldNames()
                                currentIndex: Math.max(0, model.indexOf(conditionRow.field))
                                displayText: page.field(currentText) ? page.field(currentText).label : currentText
                                Accessible.name: qsTr("Field")
                                Component.onCompleted: {
                                    if (conditionRow.field === "" && count > 0)
                                        conditionModel.setProperty(conditionRow.index, "field", currentText);
                                }
                                onActivated: {
                                    conditionModel.setProperty(conditionRow.index, "field", currentText);
                                    conditionModel.setProperty(conditionRow.index, "op", page.operatorsOf(currentText)[0]);
                                    previewTimer.restart();
                                }
                            }
                            FilterBox {
                                Layout.preferredWidth: 130
                                enabled: page.mayEdit
                                model: page.operatorsOf(conditionRow.field)
                                currentIndex: Math.max(0, model.indexOf(conditionRow.op))
                                displayText: page.operatorText(currentText)
                                Accessible.name: qsTr("Comparison")
                                onActivated: {
                                    conditionModel.setProperty(conditionRow.index, "op", currentText);
                                    previewTimer.restart();
                                }
                            }
                            FilterBox {
                                Layout.preferredWidth: 70
                                visible: conditionRow.op === "daysUntil" || conditionRow.op === "daysSince"
                                enabled: page.mayEdit
                                model: ["lte", "lt", "eq", "gte", "gt", "ne"]
                                currentIndex: Math.max(0, model.indexOf(conditionRow.cmp))
                                displayText: ({
                                        "lte": "≤",
                                        "lt": "<",
                                        "eq": "=",
                                        "gte": "≥",
                                        "gt": ">",
                                        "ne": "≠"
                                    })[currentText]
                                Accessible.name: qsTr("Days comparison")
                                onActivated: {
                                    conditionModel.setProperty(conditionRow.index, "cmp", currentText);
                                    previewTimer.restart();
                                }
                            }
                            TextField {
                                Layout.fillWidth: true
                                visible: conditionRow.op !== "exists"
                                enabled: page.mayEdit
                                text: conditionRow.value
                                placeholderText: page.field(conditionRow.field) && page.field(conditionRow.field).type === "date" && conditionRow.op.indexOf("days") < 0 ? "2026-12-31" : (page.field(conditionRow.field) && page.field(conditionRow.field).options.length > 0 ? page.field(conditionRow.field).options.join(", ") : qsTr("value"))
                                Accessible.name: qsTr("Value")
                                onTextEdited: {
                                    conditionModel.setProperty(conditionRow.index, "value", text);
                                    previewTimer.restart();
                                }
                            }
                            ToolButton {
                                visible: page.mayEdit
                                text: "✕"
                                Accessible.name: qsTr("Remove condition")
                                onClicked: {
                                    conditionModel.remove(conditionRow.index);
                                    previewTimer.restart();
                                }
                            }
                        }
                        Label {
                            Layout.fillWidth: true
                            visible: text !== ""
                            color: Theme.failed
                            wrapMode: Text.Wrap
                            text: page.errorFor("conditions." + (matchAny.checked ? "any" : "all") + "[" + conditionRow.index + "]")
                        }
                    }
                }
                Button {
                    Layout.leftMargin: Theme.spacing
                    visible: page.mayEdit
                    flat: true
                    text: qsTr("Add condition")
                    onClicked: conditionModel.append({
                        "field": "",
                        "op": "eq",
                        "cmp": "lte",
                        "value": ""
                    })
                }

                Label {
                    Layout.leftMargin: Theme.spacing
                    text: qsTr("Then")
                    font.weight: Font.DemiBold
                }
                ListView {
                    id: actionView
                    objectName: "actionList"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacing
                    Layout.rightMargin: Theme.spacing
                    Layout.preferredHeight: contentHeight
                    interactive: false
                    model: actionModel
                    spacing: Theme.spacing
                    delegate: ColumnLayout {
                        id: actionRow
                        required property int index
                        required property string type
                        required property string textEn
                        required property string textId
                        required property string template
                        required property string parameters
                        required property string value
                        readonly property bool sends: type === "send_message" || type === "send_whatsapp_template"
                        width: ListView.view.width
                        spacing: 4
                        RowLayout {
                            Layout.fillWidth: true
                            FilterBox {
                                Layout.fillWidth: true
                                enabled: page.mayEdit
                                textRole: "text"
                                valueRole: "value"
                                model: [
                                    {
                                        "value": "send_message",
                                        "text": qsTr("Send a message")
                                    },
                                    {
                                        "value": "send_whatsapp_template",
                                        "text": qsTr("Send a WhatsApp template")
                                    },
                                    {
                                        "value": "tag",
                                        "text": qsTr("Tag the conversation")
                                    },
                                    {
                                        "value": "set_status",
                                        "text": qsTr("Set the status")
                                    },
                                    {
                                        "value": "assign",
                                        "text": qsTr("Assign to an operator")
                                    },
                                    {
                                        "value": "handoff",
                                        "text": qsTr("Hand off to a person")
                                    },
                                    {
                                        "value": "note",
                                        "text": qsTr("Add a private note")
                                    },
                                    {
                                        "value": "task",
                                        "text": qsTr("Create a follow-up task")
                                    }
                                ]
                                currentIndex: Math.max(0, indexOfValue(actionRow.type))
                                Accessible.name: qsTr("Action")
                                onActivated: {
                                    actionModel.setProperty(actionRow.index, "type", currentValue);
                                    previewTimer.restart();
                                }
                            }
                            ToolButton {
                                visible: page.mayEdit && actionModel.count > 1
                                text: "✕"
                                Accessible.name: qsTr("Remove action")
                                onClicked: {
                                    actionModel.remove(actionRow.index);
                                    previewTimer.restart();
                                }
                            }
                        }
                        TextArea {
                            objectName: "messageEnglish"
                            Layout.fillWidth: true
                            visible: actionRow.type === "send_message" || actionRow.type === "note" || actionRow.type === "task"
                            enabled: page.mayEdit
                            wrapMode: TextEdit.Wrap
                            text: actionRow.textEn
                            placeholderText: actionRow.type === "task" ? qsTr("Task: Call {{contact.name}} about the payment") : actionRow.type === "note" ? qsTr("Note for operators") : qsTr("English: Hello {{contact.name}}, your premium of {{attr.monthly_premium_idr | money}} is due on {{attr.payment_due_date | date}}.")
                            Accessible.name: qsTr("Message in English")
                            onTextChanged: {
                                if (text !== actionRow.textEn) {
                                    actionModel.setProperty(actionRow.index, "textEn", text);
                                    previewTimer.restart();
                                }
                            }
                        }
                        TextArea {
                            objectName: "messageIndonesian"
                            Layout.fillWidth: true
                            visible: actionRow.type === "send_message"
                            enabled: page.mayEdit
                            wrapMode: TextEdit.Wrap
                            text: actionRow.textId
                            placeholderText: qsTr("Indonesian (for customers whose language is id)")
                            Accessible.name: qsTr("Message in Indonesian")
                            onTextChanged: {
                                if (text !== actionRow.textId) {
                                    actionModel.setProperty(actionRow.index, "textId", text);
                                    previewTimer.restart();
                                }
                            }
                        }
                        RowLayout {
                            Layout.fillWidth: true
                            visible: actionRow.sends
                            TextField {
                                Layout.preferredWidth: 170
                                enabled: page.mayEdit
                                text: actionRow.template
                                placeholderText: qsTr("WhatsApp template")
                                Accessible.name: qsTr("WhatsApp template name")
                                onTextEdited: {
                                    actionModel.setProperty(actionRow.index, "template", text);
                                    previewTimer.restart();
                                }
                            }
                            TextField {
                                Layout.fillWidth: true
                                enabled: page.mayEdit
                                text: actionRow.parameters
                                placeholderText: qsTr("parameters: {{contact.name}} | {{attr.payment_due_date | date}}")
                                Accessible.name: qsTr("Template parameters")
                                onTextEdited: {
                                    actionModel.setProperty(actionRow.index, "parameters", text);
                                    previewTimer.restart();
                                }
                            }
                        }
                        TextField {
                            Layout.fillWidth: true
                            visible: actionRow.type === "tag" || actionRow.type === "set_status" || actionRow.type === "assign" || actionRow.type === "task"
                            enabled: page.mayEdit
                            text: actionRow.value
                            placeholderText: actionRow.type === "tag" ? qsTr("tag") : (actionRow.type === "set_status" ? "resolved" : (actionRow.type === "task" ? qsTr("due in hours (empty: no due time)") : qsTr("operator id")))
                            Accessible.name: qsTr("Action value")
                            onTextEdited: {
                                actionModel.setProperty(actionRow.index, "value", text);
                                previewTimer.restart();
                            }
                        }
                        Label {
                            Layout.fillWidth: true
                            visible: text !== ""
                            color: Theme.failed
                            wrapMode: Text.Wrap
                            text: page.errorFor("actions[" + actionRow.index + "]")
                        }
                    }
                }
                Button {
                    Layout.leftMargin: Theme.spacing
                    visible: page.mayEdit
                    flat: true
                    text: qsTr("Add action")
                    onClicked: actionModel.append({
                        "type": "tag",
                        "textEn": "",
                        "textId": "",
                        "template": "",
                        "parameters": "",
                        "value": ""
                    })
                }
                RowLayout {
                    Layout.leftMargin: Theme.spacing
                    Layout.rightMargin: Theme.spacing
                    visible: !page.editingBroadcast
                    CheckBox {
                        id: dedupe
                        enabled: page.mayEdit
                        text: qsTr("Once per customer and")
                        onToggled: previewTimer.restart()
                    }
                    FilterBox {
                        id: dedupeField
                        Layout.fillWidth: true
                        enabled: page.mayEdit && dedupe.checked
                        textRole: "label"
                        valueRole: "name"
                        model: page.fields.filter(f => f.scope === "contact")
                        Accessible.name: qsTr("Send once per value of")
                        onActivated: previewTimer.restart()
                    }
                }

                // Live preview: the backend's dry run of what is on screen.
                Label {
                    Layout.leftMargin: Theme.spacing
                    text: qsTr("Preview")
                    font.weight: Font.DemiBold
                }
                Label {
                    objectName: "previewSummary"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacing
                    Layout.rightMargin: Theme.spacing
                    wrapMode: Text.Wrap
                    color: page.fieldErrors.length > 0 ? Theme.failed : Theme.mutedText
                    text: page.fieldErrors.length > 0 ? page.fieldErrors.map(e => (e.field ? e.field + ": " : "") + e.message).join("\n") : (page.preview ? qsTr("Now it would reach %n customer(s)", "", page.preview.matched) + (page.preview.unreachable > 0 ? qsTr(" (%n without a chat)", "", page.preview.unreachable) : "") : qsTr("Checking…"))
                }
                ListView {
                    id: recipients
                    objectName: "previewList"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacing
                    Layout.rightMargin: Theme.spacing
                    Layout.preferredHeight: contentHeight
                    interactive: false
                    model: page.preview && page.fieldErrors.length === 0 ? page.preview.recipients.slice(0, 5) : []
                    spacing: 6
                    delegate: Pane {
                        id: recipient
                        required property var modelData
                        width: ListView.view.width
                        padding: 8
                        background: Rectangle {
                            color: Theme.selection
                            radius: 6
                        }
                        ColumnLayout {
                            width: parent.width
                            spacing: 2
                            Label {
                                Layout.fillWidth: true
                                font.weight: Font.DemiBold
                                elide: Text.ElideRight
                                text: [recipient.modelData.name, recipient.modelData.platform, recipient.modelData.language].filter(s => s).join(" · ")
                            }
                            Label {
                                Layout.fillWidth: true
                                wrapMode: Text.Wrap
                                text: recipient.modelData.text
                            }
                            Label {
                                Layout.fillWidth: true
                                visible: recipient.modelData.note !== ""
                                wrapMode: Text.Wrap
                                color: Theme.failed
                                text: recipient.modelData.note
                            }
                        }
                    }
                }

                RowLayout {
                    Layout.margins: Theme.spacing
                    visible: page.mayEdit
                    Button {
                        objectName: "saveRule"
                        text: page.editingBroadcast ? qsTr("Send broadcast") : qsTr("Save")
                        highlighted: true
                        onClicked: page.save()
                    }
                    Button {
                        visible: page.editingId > 0 && trigger.currentValue === "schedule"
                        text: qsTr("Run now")
                        onClicked: Backend.request("automation.runNow", {
                            "id": page.editingId
                        }, page, (result, error) => {
                            page.saveNote = error ? error.message : qsTr("Running…");
                        })
                    }
                    Button {
                        visible: page.editingId > 0 && !page.editingBuiltin
                        flat: true
                        text: qsTr("Delete")
                        onClicked: Backend.request("automation.delete", {
                            "id": page.editingId
                        }, page, (result, error) => {
                            if (error) {
                                page.saveNote = error.message;
                                return;
                            }
                            page.editorOpen = false;
                            page.refresh();
                        })
                    }
                    Label {
                        Layout.fillWidth: true
                        text: page.saveNote
                        wrapMode: Text.Wrap
                        color: page.fieldErrors.length > 0 ? Theme.failed : Theme.mutedText
                    }
                }

                Label {
                    Layout.leftMargin: Theme.spacing
                    visible: page.runs.length > 0
                    text: qsTr("Run history")
                    font.weight: Font.DemiBold
                }
                ListView {
                    objectName: "runList"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacing
                    Layout.rightMargin: Theme.spacing
                    Layout.bottomMargin: Theme.spacing
                    Layout.preferredHeight: contentHeight
                    interactive: false
                    model: page.runs
                    delegate: Label {
                        required property var modelData
                        width: ListView.view.width
                        wrapMode: Text.Wrap
                        color: modelData.state === "missed" || modelData.failed > 0 ? Theme.failed : Theme.mutedText
                        text: page.runSummary(modelData) + (modelData.note ? " — " + modelData.note : "")
                    }
                }
            }
        }
    }
}
