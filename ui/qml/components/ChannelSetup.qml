import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// Connecting Telegram and WhatsApp, for administrators: tokens and secrets (write-only), the
// Telegram mode, the public URL the tunnel gives, and checks against the platforms.
ColumnLayout {
    id: setup

    property var channels: null
    // The address stored with the instance (channel.status), until the operator types another.
    property string publicUrl: channels && channels.listener && channels.listener.publicUrl ? channels.listener.publicUrl : ""
    property string result: ""
    property bool resultOk: true
    signal changed

    function missing(platform: string, key: string): bool {
        if (!setup.channels)
            return true;
        const env = "AIOCHAT_" + key.toUpperCase().replace(/-/g, "_");
        for (let i = 0; i < setup.channels.channels.length; ++i) {
            const c = setup.channels.channels[i];
            if (c.platform === platform)
                return (c.missing || []).indexOf(env) >= 0;
        }
        return true;
    }

    function channel(platform: string): var {
        if (!setup.channels)
            return {};
        for (let i = 0; i < setup.channels.channels.length; ++i) {
            if (setup.channels.channels[i].platform === platform)
                return setup.channels.channels[i];
        }
        return {};
    }

    function show(err: var, text: string) {
        setup.resultOk = !err;
        setup.result = err ? err.message : text;
    }

    spacing: Theme.padding

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing
        Label {
            Layout.preferredWidth: 210
            Layout.maximumWidth: 210
            wrapMode: Text.Wrap
            text: qsTr("Public URL")
            color: Theme.mutedText
        }
        TextField {
            id: publicUrlField
            objectName: "publicUrlField"
            Layout.fillWidth: true
            placeholderText: qsTr("https://your-tunnel.example.com (where the platforms reach this listener)")
            text: setup.publicUrl
            onTextChanged: setup.publicUrl = text.trim().replace(/\/+$/, "")
            onEditingFinished: Backend.request("channel.configure", { key: "listener/publicUrl", value: setup.publicUrl }, setup, (r, err) => {
                if (err)
                    setup.show(err, "");
            })
        }
        Button {
            objectName: "checkReachabilityButton"
            text: qsTr("Check from outside")
            flat: true
            enabled: setup.publicUrl.startsWith("http")
            onClicked: {
                setup.show(null, qsTr("Calling this listener through %1…").arg(setup.publicUrl));
                Backend.request("channel.checkReachability", { publicUrl: setup.publicUrl }, setup, (r, err) => {
                    if (err) {
                        setup.show(err, "");
                        return;
                    }
                    let lines = [(r.listener.ok ? "✓ " : "✗ ") + r.listener.detail + qsTr(" (%1 ms)").arg(r.listener.ms)];
                    if (r.telegram.configured) {
                        if (r.telegram.error)
                            lines.push(qsTr("Telegram: %1").arg(r.telegram.error));
                        else if (!r.telegram.registered)
                            lines.push(qsTr("Telegram: no webhook registered; register %1 with “Set webhook”.").arg(r.telegram.webhookUrl));
                        else if (!r.telegram.matches)
                            lines.push(qsTr("Telegram delivers to %1, not to %2.").arg(r.telegram.registered).arg(r.telegram.webhookUrl));
                        else
                            lines.push(qsTr("Telegram delivers here; %1 update(s) waiting.").arg(r.telegram.pendingUpdates));
                        if (r.telegram.lastError)
                            lines.push(qsTr("Telegram's last delivery error (%1): %2").arg(Dates.moment(new Date(r.telegram.lastErrorAt))).arg(r.telegram.lastError));
                    }
                    if (!r.whatsapp.verifyTokenSet)
                        lines.push(qsTr("WhatsApp: set the verify token to check Meta's handshake."));
                    else
                        lines.push(r.whatsapp.handshake.ok ? qsTr("WhatsApp: the verify handshake succeeds at %1.").arg(r.whatsapp.callbackUrl) : qsTr("WhatsApp: the verify handshake fails at %1.").arg(r.whatsapp.callbackUrl));
                    setup.resultOk = r.listener.ok && (!r.telegram.configured || r.telegram.matches === true);
                    setup.result = lines.join("\n");
                });
            }
        }
    }

    GroupBox {
        Layout.fillWidth: true
        title: qsTr("Telegram")
        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing
            SecretField {
                Layout.fillWidth: true
                label: qsTr("Bot token (from @BotFather)")
                key: "telegram-bot-token"
                stored: !setup.missing("telegram", key)
                onSaved: setup.changed()
            }
            RowLayout {
                Layout.fillWidth: true
                Label {
                    Layout.preferredWidth: 210
                    Layout.maximumWidth: 210
                    wrapMode: Text.Wrap
                    text: qsTr("Receive updates by")
                    color: Theme.mutedText
                }
                RadioButton {
                    id: webhookMode
                    text: qsTr("Webhook")
                    checked: setup.channel("telegram").mode !== "polling"
                    onToggled: if (checked)
                        Backend.request("telegram.setMode", { mode: "webhook" }, setup, (r, err) => {
                            setup.show(err, qsTr("Webhook mode: set the webhook below."));
                            setup.changed();
                        })
                }
                RadioButton {
                    text: qsTr("Long polling (no public URL needed)")
                    checked: setup.channel("telegram").mode === "polling"
                    onToggled: if (checked)
                        Backend.request("telegram.setMode", { mode: "polling" }, setup, (r, err) => {
                            setup.show(err, qsTr("Long polling started."));
                            setup.changed();
                        })
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                Button {
                    objectName: "setWebhookButton"
                    text: qsTr("Set webhook")
                    enabled: setup.publicUrl.startsWith("https://") && webhookMode.checked
                    onClicked: Backend.request("telegram.setWebhook", { url: setup.publicUrl + "/webhooks/telegram" }, setup, (r, err) => {
                        setup.show(err, qsTr("Telegram will deliver to %1/webhooks/telegram (with a secret header).").arg(setup.publicUrl));
                        setup.changed();
                    })
                }
                Button {
                    objectName: "checkBotButton"
                    text: qsTr("Check the bot")
                    flat: true
                    // Nothing to check until a token is stored.
                    enabled: !setup.missing("telegram", "telegram-bot-token")
                    onClicked: Backend.request("telegram.getMe", {}, setup, (r, err) => setup.show(err, err ? "" : qsTr("Connected as @%1").arg(r.result.username)))
                }
                Button {
                    text: qsTr("Webhook status")
                    flat: true
                    onClicked: Backend.request("telegram.getWebhookInfo", {}, setup, (r, err) => {
                        if (err) {
                            setup.show(err, "");
                            return;
                        }
                        const info = r.result;
                        let text = info.url ? qsTr("Delivering to %1; %2 update(s) waiting.").arg(info.url).arg(info.pending_update_count || 0) : qsTr("No webhook set.");
                        if (info.last_error_message)
                            text += " " + qsTr("Last error: %1").arg(info.last_error_message);
                        setup.show(null, text);
                    })
                }
            }
        }
    }

    GroupBox {
        Layout.fillWidth: true
        title: qsTr("WhatsApp Cloud API")
        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing
            SecretField {
                Layout.fillWidth: true
                label: qsTr("Phone number id")
                key: "whatsapp/phoneNumberId"
                secret: false
                value: setup.channel("whatsapp").phoneNumberId || ""
                onSaved: setup.changed()
            }
            SecretField {
                Layout.fillWidth: true
                label: qsTr("Access token")
                key: "whatsapp-access-token"
                stored: !setup.missing("whatsapp", key)
                onSaved: setup.changed()
            }
            SecretField {
                Layout.fillWidth: true
                label: qsTr("App secret")
                key: "whatsapp-app-secret"
                stored: !setup.missing("whatsapp", key)
                onSaved: setup.changed()
            }
            SecretField {
                Layout.fillWidth: true
                label: qsTr("Verify token")
                key: "whatsapp-verify-token"
                stored: !setup.missing("whatsapp", key)
                onSaved: setup.changed()
            }
            RowLayout {
                Layout.fillWidth: true
                Label {
                    Layout.preferredWidth: 210
                    Layout.maximumWidth: 210
                    wrapMode: Text.Wrap
                    text: qsTr("Callback URL for Meta")
                    color: Theme.mutedText
                }
                TextEdit {
                    Layout.fillWidth: true
                    readOnly: true
                    selectByMouse: true
                    wrapMode: Text.WrapAnywhere
                    color: Theme.text
                    text: setup.publicUrl !== "" ? setup.publicUrl + "/webhooks/whatsapp" : qsTr("enter the public URL above")
                }
            }
            WhatsAppTemplates {
                Layout.fillWidth: true
            }
        }
    }

    Label {
        objectName: "channelSetupResult"
        Layout.fillWidth: true
        visible: setup.result !== ""
        text: setup.result
        color: setup.resultOk ? Theme.open : Theme.failed
        wrapMode: Text.Wrap
    }
}
