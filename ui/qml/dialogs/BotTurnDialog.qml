import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// How the bot came to one of its replies: what it decided (answered, did not know, asked for
// verification, handed over, blocked), in which mode and with which model, the passages it
// retrieved with their scores, what it cited, and where the time went.
Dialog {
    id: dialog

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
        Backend.request("knowledge.get", { id: documentId }, dialog, (doc, e) => {
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
        dialog.turn = null;
        dialog.error = "";
        dialog.loading = true;
        passages.clear();
        open();
        Backend.request("assistant.interactions", {
            conversationId: conversationId,
            messageId: messageId,
            limit: 1
        }, dialog, (result, err) => {
            dialog.loading = false;
            if (err) {
                dialog.error = err.message;
                return;
            }
            if (result.interactions.length === 0) {
                dialog.error = qsTr("This message was not written by the bot's pipeline.");
                return;
            }
            dialog.turn = result.interactions[0];
            let documents = [];
            for (let i = 0; i < dialog.turn.retrieved.length; ++i) {
                const r = dialog.turn.retrieved[i];
                passages.append({
                    chunkId: r.chunkId,
                    documentId: r.documentId,
                    fileName: r.fileName,
                    score: r.score,
                    passage: "",
                    // The passage itself was quoted (older log entries name only the document).
                    cited: dialog.turn.citations.some(c => c.chunkId !== undefined ? c.chunkId === r.chunkId : c.documentId === r.documentId)
                });
                if (documents.indexOf(r.documentId) < 0)
                    documents.push(r.documentId);
            }
            // The passages' text, read from the knowledge base (operators who may read it).
            documents.forEach(id => dialog.loadPassages(id));
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
            visible: dialog.loading
            running: dialog.loading
            Layout.alignment: Qt.AlignHCenter
        }
        Label {
            visible: dialog.error !== ""
            Layout.fillWidth: true
            text: dialog.error
            color: Theme.failed
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "interactionOutcome"
            visible: dialog.turn !== null
            Layout.fillWidth: true
            text: dialog.turn ? dialog.outcomeText(dialog.turn.outcome) : ""
            font.weight: Font.DemiBold
            wrapMode: Text.Wrap
        }
        Label {
            visible: dialog.turn !== null
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.mutedText
            text: !dialog.turn ? "" : dialog.modeText(dialog.turn) + " · " + qsTr("search %1 ms").arg(dialog.turn.retrievalMs) + (dialog.turn.mode !== "offline" ? " · " + qsTr("model %1 ms").arg(dialog.turn.llmMs) : "") + (dialog.turn.promptTokens > 0 ? " · " + qsTr("%1 + %2 tokens").arg(dialog.turn.promptTokens).arg(dialog.turn.completionTokens) : "")
        }
        Label {
            visible: dialog.turn !== null && dialog.turn.note !== ""
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.attention
            text: dialog.turn ? dialog.turn.note : ""
        }
        Label {
            visible: passages.count > 0
            text: qsTr("Passages found")
            font.weight: Font.DemiBold
            color: Theme.mutedText
        }
        Label {
            visible: dialog.turn !== null && passages.count === 0
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
