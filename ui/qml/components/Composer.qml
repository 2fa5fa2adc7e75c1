import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// Writing to the customer. Ctrl+Enter sends. Outside WhatsApp's 24-hour window free text is not
// allowed: the composer says so and offers the approved templates instead.
Pane {
    id: composer

    property double conversationId: 0
    property string platform: ""
    property string windowClosesAt: ""
    property var templates: []
    property string error: ""
    property bool sending: false
    // Who answers now ("bot" or "human"), and whether the conversation is still going on.
    property string handler: ""
    property bool active: true

    // The operator started writing where the bot answers: the view takes the conversation over,
    // or bot and person would both answer the customer.
    signal takeOverRequested
    // No approved templates: the way to add them is under Settings.
    signal settingsRequested

    // A file to send with the text as its caption: {fileName, data (base64), size}.
    property var attachment: null

    function attach(result: var) {
        if (result.error !== undefined && result.error !== "") {
            composer.error = result.error;
            return;
        }
        composer.error = "";
        composer.attachment = result;
    }

    readonly property bool windowClosed: platform === "whatsapp" && (windowClosesAt === "" || new Date(windowClosesAt) < Backend.now())

    function send() {
        const text = input.text.trim();
        if ((text === "" && composer.attachment === null) || composer.sending)
            return;
        composer.sending = true;
        composer.error = "";
        const params = {
            conversationId: composer.conversationId,
            text: text,
            idempotencyKey: "console-" + composer.conversationId + "-" + Date.now()
        };
        if (composer.attachment !== null)
            params.attachment = {
                fileName: composer.attachment.fileName,
                data: composer.attachment.data
            };
        Backend.request("message.send", params, composer, (result, err) => {
            composer.sending = false;
            if (err) {
                composer.error = err.message;
                return;
            }
            input.text = "";
            composer.attachment = null;
        });
    }

    onConversationIdChanged: composer.attachment = null // a file belongs to the chat it was meant for

    function sendTemplate() {
        const t = composer.templates[templateBox.currentIndex];
        if (!t)
            return;
        let parameters = [];
        const raw = templateValues.text.trim();
        if (raw !== "")
            parameters = raw.split("|").map(v => v.trim());
        Backend.request("message.send", {
            conversationId: composer.conversationId,
            template: { name: t.name, language: t.language, parameters: parameters },
            idempotencyKey: "console-template-" + composer.conversationId + "-" + Date.now()
        }, composer, (result, err) => {
            composer.error = err ? err.message : "";
            if (!err)
                templateValues.text = "";
        });
    }

    onPlatformChanged: {
        if (platform === "whatsapp" && templates.length === 0)
            Backend.request("templates.list", {}, composer, (result, err) => {
                if (!err)
                    composer.templates = result.templates;
            });
    }

    padding: Theme.spacing

    // The one item in the pane (a Pane sizes itself to a single child): a file dropped anywhere on
    // the composer is attached.
    DropArea {
        anchors.fill: parent
        implicitWidth: column.implicitWidth
        implicitHeight: column.implicitHeight
        enabled: !composer.windowClosed && (composer.platform === "telegram" || composer.platform === "whatsapp")
        onDropped: drop => {
            if (drop.hasUrls && drop.urls.length > 0) {
                composer.attach(Backend.readFileBase64(drop.urls[0], 50 * 1024 * 1024));
                drop.accept();
            }
        }

        ColumnLayout {
            id: column
            anchors.fill: parent
            spacing: Theme.spacing

            Label {
                Layout.fillWidth: true
                visible: composer.error !== ""
                text: composer.error
                color: Theme.failed
                wrapMode: Text.Wrap
            }

            // The file that goes with the next message.
            RowLayout {
                objectName: "attachmentChip"
                Layout.fillWidth: true
                visible: composer.attachment !== null && !composer.windowClosed
                Label {
                    Layout.fillWidth: true
                    text: composer.attachment ? qsTr("Attached: %1 (%2)").arg(composer.attachment.fileName).arg(Theme.fileSize(composer.attachment.size)) : ""
                    elide: Text.ElideMiddle
                    color: Theme.mutedText
                }
                ToolButton {
                    text: "✕"
                    Accessible.name: qsTr("Remove the attached file")
                    onClicked: composer.attachment = null
                }
            }

            FilePicker {
                id: attachPicker
                objectName: "attachPicker"
                title: qsTr("Attach a file")
                onChosen: file => composer.attach(Backend.readFileBase64(file, 50 * 1024 * 1024))
            }

            // Inside the window: free text.
            RowLayout {
                Layout.fillWidth: true
                visible: !composer.windowClosed
                spacing: Theme.spacing
                ScrollView {
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.min(140, Math.max(44, input.implicitHeight))
                    TextArea {
                        id: input
                        objectName: "composerInput"
                        placeholderText: qsTr("Write to the customer… (Ctrl+Enter to send)")
                        wrapMode: TextEdit.Wrap
                        Accessible.name: qsTr("Message")
                        onTextChanged: {
                            if (text !== "" && composer.handler === "bot" && composer.active)
                                composer.takeOverRequested();
                        }
                        Keys.onPressed: event => {
                            if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter) && (event.modifiers & Qt.ControlModifier)) {
                                composer.send();
                                event.accepted = true;
                            } else if (event.matches(StandardKey.Paste)) {
                                // A pasted picture (a screenshot) is attached; text pastes as usual.
                                const image = Backend.pastedImage();
                                if (image.data !== undefined) {
                                    composer.attach(image);
                                    event.accepted = true;
                                }
                            }
                        }
                    }
                }
                Button {
                    objectName: "attachButton"
                    text: qsTr("Attach")
                    flat: true
                    enabled: !composer.sending && (composer.platform === "telegram" || composer.platform === "whatsapp")
                    Accessible.name: qsTr("Attach a file")
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Attach a file (or drop one here, or paste a picture)")
                    ToolTip.delay: 500
                    onClicked: attachPicker.open()
                }
                // A draft from the documents, by the bot's rules; the operator edits and sends it.
                Button {
                    objectName: "suggestButton"
                    text: qsTr("Suggest")
                    flat: true
                    enabled: !composer.sending
                    Accessible.name: qsTr("Draft a reply from the documents")
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Draft a reply from the documents")
                    ToolTip.delay: 500
                    onClicked: Backend.request("assistant.suggest", {
                        conversationId: composer.conversationId
                    }, composer, (result, err) => {
                        if (err)
                            composer.error = err.message;
                        else if (result.text !== "") {
                            composer.error = "";
                            input.text = result.text;
                        } else
                            composer.error = result.reason;
                    })
                }
                Button {
                    objectName: "sendButton"
                    text: qsTr("Send")
                    highlighted: true
                    enabled: (input.text.trim() !== "" || composer.attachment !== null) && !composer.sending
                    onClicked: composer.send()
                }
            }

            // Outside it: why, and the templates.
            ColumnLayout {
                Layout.fillWidth: true
                visible: composer.windowClosed
                spacing: Theme.spacing
                Label {
                    objectName: "windowClosedNotice"
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.attention
                    text: qsTr("The customer last wrote more than 24 hours ago: WhatsApp only accepts an approved template until they write again.")
                }
                // None approved yet: say where they are added, instead of an empty list.
                RowLayout {
                    Layout.fillWidth: true
                    visible: composer.templates.length === 0
                    spacing: Theme.spacing
                    Label {
                        objectName: "noTemplatesNotice"
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: qsTr("No approved templates yet. An administrator adds them (as approved in Meta's WhatsApp Manager) under Settings.")
                    }
                    Button {
                        objectName: "openTemplateSettings"
                        text: qsTr("Open Settings")
                        flat: true
                        onClicked: composer.settingsRequested()
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    visible: composer.templates.length > 0
                    spacing: Theme.spacing
                    ComboBox {
                        id: templateBox
                        Layout.preferredWidth: 240
                        model: composer.templates.map(t => t.name + " (" + t.language + ")")
                    }
                    TextField {
                        id: templateValues
                        Layout.fillWidth: true
                        visible: composer.templates.length > 0 && (composer.templates[templateBox.currentIndex] || {}).placeholders > 0
                        placeholderText: qsTr("Values for {{1}}, {{2}}… separated by |")
                    }
                    Button {
                        text: qsTr("Send template")
                        onClicked: composer.sendTemplate()
                    }
                }
            }
        }
    }
}
