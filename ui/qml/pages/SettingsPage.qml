import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// Where this instance keeps its data and how it is reached.
Page {
    id: page

    property var info: null
    property var channels: null
    property var backups: null
    property string backupError: ""
    property string error: ""

    function loadBackups() {
        if (Backend.client.role !== "admin")
            return;
        Backend.request("backup.status", {}, page, (result, err) => {
            page.backupError = err ? err.message : "";
            if (!err)
                page.backups = result;
        });
    }

    function backupSummary(): string {
        const b = page.backups;
        if (!b)
            return "";
        if (!b.available)
            return qsTr("This instance keeps its data in PostgreSQL: back it up with pg_dump (see the README).");
        let lines = [];
        if (b.running)
            lines.push(qsTr("Making a backup now…"));
        if (b.last && b.last.ok)
            lines.push(qsTr("Last backup %1: %2 (%3 MB) — %4").arg(Dates.moment(new Date(b.last.at))).arg(b.last.file.split("/").pop()).arg((b.last.bytes / 1048576).toFixed(1)).arg(b.last.summary));
        else if (b.last)
            lines.push(qsTr("The last backup failed %1: %2").arg(Dates.moment(new Date(b.last.at))).arg(b.last.error));
        if (b.enabled && b.nextRun)
            lines.push(qsTr("Next backup %1 (%2)").arg(Dates.moment(new Date(b.nextRun))).arg(b.timeZone));
        return lines.join("\n");
    }

    Connections {
        target: Backend.client
        function onEventReceived(name: string, payload: var) {
            if (name === "backup.finished")
                page.backups = payload;
        }
    }

    function load() {
        Backend.request("system.info", {}, page, (result, err) => {
            page.error = err ? err.message : "";
            page.info = err ? null : result;
        });
        Backend.request("channel.status", {}, page, (result, err) => {
            if (err)
                page.error = err.message;
            page.channels = err ? null : result;
        });
    }

    function channelSummary(channel: var): string {
        if (channel.platform === "sandbox")
            return qsTr("Always available: try the bot and automations without a platform account.");
        let parts = [];
        parts.push(channel.receiving ? qsTr("Receiving") : qsTr("Not receiving"));
        parts.push(channel.sending ? qsTr("sending configured") : qsTr("sending not configured"));
        if (channel.platform === "telegram")
            parts.push(channel.mode === "polling" ? qsTr("long polling") : qsTr("webhook mode"));
        return parts.join(" · ");
    }

    Component.onCompleted: {
        load();
        loadBackups();
    }

    function languageChoices(): var {
        let out = [{ code: "", name: qsTr("System default") }];
        const shipped = Backend.languages;
        for (let i = 0; i < shipped.length; ++i)
            out.push(shipped[i]);
        return out;
    }

    header: PageHeader {
        title: qsTr("Settings")
    }

    // A Flickable, not a ScrollView: its size never feeds back into the page's implicit size.
    Flickable {
        id: scroll
        objectName: "settingsScroll"
        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 2 * Theme.padding
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column
            width: Math.min(scroll.width - 2 * Theme.padding, 760)
            x: Theme.padding
            spacing: Theme.padding

            ErrorBanner {
                Layout.fillWidth: true
                Layout.topMargin: Theme.padding
                text: page.error
                onRetry: page.load()
            }

            GroupBox {
                Layout.fillWidth: true
                Layout.topMargin: Theme.padding
                title: qsTr("Channels")

                ColumnLayout {
                    anchors.fill: parent
                    spacing: Theme.padding

                    Repeater {
                        model: page.channels ? page.channels.channels : []
                        delegate: RowLayout {
                            id: channelRow
                            required property var modelData
                            Layout.fillWidth: true
                            spacing: Theme.padding
                            PlatformBadge {
                                Layout.alignment: Qt.AlignTop
                                Layout.topMargin: 3
                                platform: channelRow.modelData.platform
                            }
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 2
                                Label {
                                    Layout.fillWidth: true
                                    text: page.channelSummary(channelRow.modelData)
                                    color: channelRow.modelData.receiving ? Theme.open : Theme.attention
                                    font.weight: Font.DemiBold
                                    wrapMode: Text.Wrap
                                }
                                Label {
                                    Layout.fillWidth: true
                                    visible: (channelRow.modelData.missing || []).length > 0
                                    text: qsTr("Missing: %1. An administrator sets them under “Connect channels” below.").arg((channelRow.modelData.missingNames || channelRow.modelData.missing || []).join(", "))
                                    color: Theme.mutedText
                                    wrapMode: Text.Wrap
                                }
                                Label {
                                    Layout.fillWidth: true
                                    visible: channelRow.modelData.webhookPath !== undefined && page.channels !== null
                                    text: qsTr("Webhook: %1%2 — expose it through your tunnel and give the public URL to the platform.").arg(page.channels ? page.channels.listener.url : "").arg(channelRow.modelData.webhookPath || "")
                                    color: Theme.mutedText
                                    wrapMode: Text.Wrap
                                }
                                Label {
                                    Layout.fillWidth: true
                                    visible: channelRow.modelData.polling !== undefined && channelRow.modelData.polling.lastError !== ""
                                    text: channelRow.modelData.polling ? channelRow.modelData.polling.lastError : ""
                                    color: Theme.failed
                                    wrapMode: Text.Wrap
                                }
                            }
                        }
                    }
                }
            }

            GroupBox {
                Layout.fillWidth: true
                visible: Backend.client.role === "admin"
                title: qsTr("Connect channels")
                ChannelSetup {
                    anchors.fill: parent
                    channels: page.channels
                    onChanged: page.load()
                }
            }

            // The OpenAI-compatible endpoint (Ollama, llama.cpp server, vLLM, OpenAI). Without
            // one everything works offline: keyword search and extractive answers.
            GroupBox {
                id: assistantBox
                objectName: "assistantSettings"
                Layout.fillWidth: true
                visible: Backend.client.role === "admin"
                title: qsTr("Assistant")
                readonly property var assistant: page.channels && page.channels.assistant ? page.channels.assistant : ({})

                ColumnLayout {
                    anchors.fill: parent
                    spacing: Theme.spacing
                    Switch {
                        objectName: "assistantSwitch"
                        text: qsTr("Answer customers automatically")
                        checked: assistantBox.assistant.enabled !== false
                        onToggled: Backend.request("channel.configure", {
                            "key": "assistant/enabled",
                            "value": checked ? "on" : "off"
                        }, assistantBox, (result, err) => {
                            if (err)
                                page.error = err.message;
                            page.load();
                        })
                    }
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.mutedText
                        text: qsTr("Without an endpoint the assistant works offline: keyword search and answers quoted from the documents. With one, an embedding model gives passages vectors (so a question finds text in other words or languages) and a chat model writes the answers from the passages found — if it fails, the customer still gets the quoted answer.")
                    }
                    SecretField {
                        Layout.fillWidth: true
                        label: qsTr("Endpoint URL")
                        key: "llm/baseUrl"
                        secret: false
                        value: assistantBox.assistant.baseUrl || ""
                        onSaved: page.load()
                    }
                    SecretField {
                        Layout.fillWidth: true
                        label: qsTr("Embedding model")
                        key: "llm/embeddingModel"
                        secret: false
                        value: assistantBox.assistant.embeddingModel || ""
                        onSaved: page.load()
                    }
                    SecretField {
                        Layout.fillWidth: true
                        label: qsTr("Chat model (empty: answers quoted from the documents)")
                        key: "llm/chatModel"
                        secret: false
                        value: assistantBox.assistant.chatModel || ""
                        onSaved: page.load()
                    }
                    SecretField {
                        Layout.fillWidth: true
                        label: qsTr("API key (optional for local servers)")
                        key: "llm-api-key"
                        stored: assistantBox.assistant.apiKeySet === true
                        onSaved: page.load()
                    }
                    RowLayout {
                        spacing: Theme.spacing
                        Button {
                            id: testButton
                            objectName: "testConnectionButton"
                            text: testButton.busy ? qsTr("Testing…") : qsTr("Test connection")
                            property bool busy: false
                            enabled: !busy && (assistantBox.assistant.baseUrl || "") !== ""
                            onClicked: {
                                busy = true;
                                testResult.text = "";
                                Backend.request("assistant.testConnection", {}, testButton, (result, err) => {
                                    busy = false;
                                    if (err) {
                                        testResult.text = err.message;
                                        return;
                                    }
                                    const line = (what, r) => r.ok ? qsTr("%1: answered in %2 ms").arg(what).arg(r.ms) : qsTr("%1: %2").arg(what).arg(r.error);
                                    testResult.text = line(qsTr("Chat model"), result.chat) + "\n" + line(qsTr("Embedding model"), result.embeddings);
                                });
                            }
                        }
                        Label {
                            id: testResult
                            objectName: "testConnectionResult"
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            color: Theme.mutedText
                        }
                    }
                }
            }

            GroupBox {
                Layout.fillWidth: true
                visible: Backend.client.role === "admin"
                title: qsTr("Webhook listener")
                Loader {
                    // Loaded for administrators only: the backend refuses the settings to others.
                    anchors.fill: parent
                    active: Backend.client.role === "admin"
                    sourceComponent: ListenerSettings {}
                }
            }

            GroupBox {
                id: backupBox
                Layout.fillWidth: true
                visible: Backend.client.role === "admin"
                title: qsTr("Backups")

                function save(changes: var) {
                    Backend.request("backup.configure", changes, page, (result, err) => {
                        page.backupError = err ? err.message : "";
                        if (!err)
                            page.backups = result;
                    });
                }

                ColumnLayout {
                    anchors.fill: parent
                    spacing: Theme.spacing
                    RowLayout {
                        spacing: Theme.spacing
                        enabled: page.backups !== null && page.backups.available
                        CheckBox {
                            objectName: "dailyBackup"
                            text: qsTr("Back up every day at")
                            checked: page.backups !== null && page.backups.enabled
                            onToggled: backupBox.save({ enabled: checked })
                        }
                        TextField {
                            objectName: "backupAt"
                            Layout.preferredWidth: 70
                            text: page.backups ? page.backups.at : ""
                            inputMask: "99:99"
                            Accessible.name: qsTr("Time of the daily backup")
                            onEditingFinished: if (page.backups && text !== page.backups.at)
                                backupBox.save({ at: text })
                        }
                        Label {
                            text: qsTr("keeping the newest")
                        }
                        SpinBox {
                            objectName: "backupKeep"
                            from: 1
                            to: 365
                            value: page.backups ? page.backups.keep : 7
                            Accessible.name: qsTr("Backups to keep")
                            onValueModified: backupBox.save({ keep: value })
                        }
                    }
                    RowLayout {
                        spacing: Theme.spacing
                        enabled: page.backups !== null && page.backups.available
                        Label {
                            text: qsTr("Folder")
                            color: Theme.mutedText
                        }
                        TextField {
                            objectName: "backupDir"
                            Layout.fillWidth: true
                            text: page.backups ? page.backups.dir : ""
                            Accessible.name: qsTr("Backup folder")
                            onEditingFinished: if (page.backups && text !== page.backups.dir)
                                backupBox.save({ dir: text })
                        }
                        Button {
                            objectName: "backupNow"
                            text: qsTr("Back up now")
                            enabled: page.backups !== null && !page.backups.running
                            onClicked: Backend.request("backup.runNow", {}, page, (result, err) => {
                                page.backupError = err ? err.message : "";
                                if (!err)
                                    page.backups = result;
                            })
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        text: page.backupSummary()
                        wrapMode: Text.Wrap
                        visible: text !== ""
                    }
                    Label {
                        Layout.fillWidth: true
                        text: page.backupError
                        color: Theme.failed
                        wrapMode: Text.Wrap
                        visible: text !== ""
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Daily backups leave the keys out. Keep the key file safe separately, or make a backup with keys from the command line: aiochat --backup FILE --include-keys.")
                        color: Theme.mutedText
                        wrapMode: Text.Wrap
                    }
                }
            }

            GroupBox {
                Layout.fillWidth: true
                title: qsTr("Appearance")
                ComboBox {
                    id: appearanceBox
                    // Shows the appearance in force, also after the language changed (the model
                    // is rebuilt) or the appearance was set elsewhere: a plain binding is lost
                    // the first time the operator picks an entry.
                    function sync() {
                        currentIndex = Math.max(0, indexOfValue(Theme.appearance));
                    }
                    objectName: "appearanceBox"
                    width: 260
                    model: [
                        { value: "system", name: qsTr("Like the system") },
                        { value: "light", name: qsTr("Light") },
                        { value: "dark", name: qsTr("Dark") }
                    ]
                    textRole: "name"
                    valueRole: "value"
                    Component.onCompleted: sync()
                    onModelChanged: sync()
                    Accessible.name: qsTr("Appearance")
                    onActivated: Theme.appearance = currentValue
                    Connections {
                        target: Theme
                        function onAppearanceChanged() {
                            appearanceBox.sync();
                        }
                    }
                }
            }

            GroupBox {
                Layout.fillWidth: true
                title: qsTr("Language")
                RowLayout {
                    anchors.fill: parent
                    spacing: Theme.padding
                    ComboBox {
                        id: languageBox
                        objectName: "languageBox"
                        Layout.preferredWidth: 260
                        // "" first: follow the system; then every shipped language by its own name.
                        model: page.languageChoices()
                        textRole: "name"
                        valueRole: "code"
                        currentIndex: Math.max(0, indexOfValue(Backend.language))
                        Accessible.name: qsTr("Language")
                        onActivated: Backend.setLanguage(currentValue)
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Dates and numbers follow the language too. Changes apply at once.")
                        color: Theme.mutedText
                        wrapMode: Text.Wrap
                    }
                }
            }

            GroupBox {
                Layout.fillWidth: true
                title: qsTr("This instance")

                GridLayout {
                    anchors.fill: parent
                    columns: 2
                    columnSpacing: Theme.padding * 2
                    rowSpacing: Theme.spacing

                    Repeater {
                        model: [
                            { label: qsTr("Version"), key: "version" },
                            { label: qsTr("Data directory"), key: "dataDir" },
                            { label: qsTr("Database"), key: "database" },
                            { label: qsTr("Secrets are kept in"), key: "secretsStore" },
                            { label: qsTr("Webhook listener"), key: "listen" },
                            { label: qsTr("Log file"), key: "logFile" }
                        ]
                        delegate: RowLayout {
                            id: entry
                            required property var modelData
                            Layout.columnSpan: 2
                            Layout.fillWidth: true
                            Label {
                                Layout.preferredWidth: 180
                                text: entry.modelData.label
                                color: Theme.mutedText
                            }
                            TextEdit {
                                Layout.fillWidth: true
                                text: page.info ? (page.info[entry.modelData.key] || qsTr("—")) : ""
                                readOnly: true
                                selectByMouse: true
                                wrapMode: Text.WrapAnywhere
                                font.pixelSize: 14
                                color: Theme.text
                                Accessible.name: entry.modelData.label
                            }
                        }
                    }
                }
            }
        }
    }
}
