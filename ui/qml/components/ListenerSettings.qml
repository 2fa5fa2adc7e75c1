import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// The webhook listener as saved in aiochat.ini: where it listens, HTTPS, and who may reach it
// how often. The backend checks everything before saving; limits and allow-lists apply at once,
// the address, port and TLS files at the next start (the form says so).
ColumnLayout {
    id: form

    property var settings: null
    property string error: ""
    property string notice: ""
    property bool working: false
    readonly property var fields: [
        { key: "address", label: qsTr("Address"), hint: qsTr("127.0.0.1 (this machine only; a tunnel forwards to it) or 0.0.0.0 (every network)") },
        { key: "port", label: qsTr("Port"), hint: "8080" },
        { key: "tlsCertificate", label: qsTr("TLS certificate (PEM)"), hint: qsTr("empty: plain HTTP behind your tunnel"), file: true },
        { key: "tlsKey", label: qsTr("TLS private key (PEM)"), hint: qsTr("the certificate's key"), file: true },
        { key: "rateLimitApi", label: qsTr("Rate limit: Console API"), hint: qsTr("100/900 = 100 requests per 900 s per address; off") },
        { key: "rateLimitWebhook", label: qsTr("Rate limit: webhooks"), hint: "120000/60" },
        { key: "rateLimitWebhookFailures", label: qsTr("Rate limit: refused webhook requests"), hint: "60/60" },
        { key: "rateLimitSystem", label: qsTr("Rate limit: health and metrics"), hint: "600/60" },
        { key: "allowApi", label: qsTr("Allowed: Console API"), hint: qsTr("any address; or e.g. 10.0.0.0/8, 192.168.1.20") },
        { key: "allowTelegram", label: qsTr("Allowed: Telegram webhook"), hint: qsTr("any address; “telegram” = Telegram's published ranges") },
        { key: "allowWhatsApp", label: qsTr("Allowed: WhatsApp webhook"), hint: qsTr("any address") },
        { key: "allowSystem", label: qsTr("Allowed: health and metrics"), hint: qsTr("any address") },
        { key: "trustedProxies", label: qsTr("Trusted proxies"), hint: qsTr("e.g. 127.0.0.1 for a local tunnel: then X-Forwarded-For names the client") }
    ]

    function load() {
        Backend.request("listener.settings", {}, form, (result, err) => {
            form.error = err ? err.message : "";
            if (err)
                return;
            form.settings = result;
            for (let i = 0; i < inputs.count; ++i)
                inputs.itemAt(i).text = result.saved[form.fields[i].key] || "";
        });
    }

    function save() {
        let params = {};
        for (let i = 0; i < inputs.count; ++i) {
            const key = form.fields[i].key;
            const typed = inputs.itemAt(i).text.trim();
            if (typed !== (form.settings.saved[key] || ""))
                params[key] = typed;
        }
        if (Object.keys(params).length === 0) {
            form.notice = qsTr("Nothing changed.");
            return;
        }
        form.working = true;
        form.error = "";
        form.notice = "";
        Backend.request("listener.configure", params, form, (result, err) => {
            form.working = false;
            if (err) {
                form.error = err.message;
                return;
            }
            form.settings = result;
            form.notice = result.restartRequired ? qsTr("Saved. Rate limits and allow-lists apply now; the address, port and TLS files apply when AIO-CHAT next starts.") : qsTr("Saved and applied.");
        });
    }

    spacing: Theme.spacing
    Component.onCompleted: load()

    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.mutedText
        text: form.settings ? qsTr("Running at %1. --listen / --port and AIOCHAT_LISTEN / AIOCHAT_PORT override the address and port saved here.").arg(form.settings.running.url) : ""
    }

    GridLayout {
        Layout.fillWidth: true
        columns: 2
        columnSpacing: Theme.padding
        rowSpacing: 2

        Repeater {
            id: inputs
            model: form.fields
            delegate: ColumnLayout {
                id: field
                required property var modelData
                property alias text: input.text
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                spacing: 0
                Label {
                    text: field.modelData.label
                    color: Theme.mutedText
                    font.pixelSize: 12
                }
                RowLayout {
                    Layout.fillWidth: true
                    TextField {
                        id: input
                        objectName: "listener_" + field.modelData.key
                        Layout.fillWidth: true
                        // Nothing saved for the address or port: the running one shows, not a default.
                        placeholderText: form.settings && (field.modelData.key === "address" || field.modelData.key === "port") ? qsTr("now %1").arg(form.settings.running[field.modelData.key]) : field.modelData.hint
                        selectByMouse: true
                        Accessible.name: field.modelData.label
                        Accessible.description: field.modelData.hint
                        ToolTip.visible: hovered && text === ""
                        ToolTip.text: field.modelData.hint
                        ToolTip.delay: 500
                    }
                    Button {
                        visible: field.modelData.file === true
                        flat: true
                        text: qsTr("Browse…")
                        onClicked: {
                            picker.target = input;
                            picker.open();
                        }
                    }
                }
            }
        }
    }

    FilePicker {
        id: picker
        property TextField target: null
        objectName: "pemPicker"
        title: qsTr("Choose a PEM file")
        nameFilters: [qsTr("PEM files (*.pem *.crt *.key)"), qsTr("All files (*)")]
        onChosen: file => {
            if (target)
                target.text = decodeURIComponent(String(file).replace(/^file:\/\//, ""));
        }
    }

    Label {
        objectName: "listenerError"
        Layout.fillWidth: true
        visible: form.error !== ""
        text: form.error
        color: Theme.failed
        wrapMode: Text.Wrap
    }
    Label {
        objectName: "listenerNotice"
        Layout.fillWidth: true
        visible: form.notice !== ""
        text: form.notice
        color: Theme.open
        wrapMode: Text.Wrap
    }
    Button {
        objectName: "saveListenerButton"
        text: qsTr("Save listener settings")
        highlighted: true
        enabled: form.settings !== null && !form.working
        onClicked: form.save()
    }
}
