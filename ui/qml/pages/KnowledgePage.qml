import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// The documents the bot answers from: the shared base and each customer's own. Files come in by
// the Upload… button or by dropping them on the list; each shows its state. On the right, "Try a
// question" runs the retrieval the bot uses and shows why it would say what it says; "Passages"
// shows how a document was split.
Page {
    id: page

    objectName: "knowledgePage"

    readonly property bool mayEdit: Backend.client.role === "admin" || Backend.client.role === "agent"
    // The scope shown: 0 = everything (or the shared base with sharedOnly), else one customer.
    property int contactId: 0
    property string contactName: ""
    property bool sharedOnly: false
    property var documents: []
    property string errorText: ""
    property var embeddings: ({})
    // Files on their way in: fileName, phase (waiting, reading, done, failed), message; the
    // file's bytes wait in `pendingData` until their turn.
    readonly property alias uploads: uploadModel
    property var pendingData: ({})
    property var selected: null
    property var passages: []
    property var hits: []
    property string answerNote: ""
    readonly property alias uploadPicker: picker
    readonly property alias questionField: question

    function showCustomer(id: int, name: string) {
        page.contactId = id;
        page.contactName = name;
        page.sharedOnly = false;
        page.selected = null;
        page.refresh();
    }

    function refresh() {
        const params = page.contactId > 0 ? {
            "contactId": page.contactId
        } : (page.sharedOnly ? {
                "scope": "shared"
            } : {});
        params.limit = 200;
        Backend.request("knowledge.list", params, page, (result, error) => {
            page.errorText = error ? error.message : "";
            if (!error)
                page.documents = result.items;
        });
        Backend.request("knowledge.status", {}, page, (result, error) => {
            if (!error)
                page.embeddings = result.embeddings;
        });
    }

    // One file at a time, in the order given; each row says how far it got.
    function upload(urls: var) {
        for (let i = 0; i < urls.length; ++i) {
            const file = Backend.readFileBase64(urls[i], 20 * 1024 * 1024);
            if (!file.error)
                page.pendingData[uploadModel.count] = file.data;
            uploadModel.append({
                "fileName": file.fileName,
                "phase": file.error ? "failed" : "waiting",
                "message": file.error ? file.error : qsTr("Waiting…")
            });
        }
        page.nextUpload();
    }

    function setUpload(index: int, state: string, message: string) {
        uploadModel.setProperty(index, "phase", state);
        uploadModel.setProperty(index, "message", message);
        if (state !== "reading")
            delete page.pendingData[index];
    }

    function nextUpload() {
        for (let i = 0; i < uploadModel.count; ++i) {
            if (uploadModel.get(i).phase === "reading")
                return; // one at a time
        }
        for (let i = 0; i < uploadModel.count; ++i) {
            if (uploadModel.get(i).phase !== "waiting")
                continue;
            const params = {
                "scope": page.contactId > 0 ? "contact" : "shared",
                "fileName": uploadModel.get(i).fileName,
                "data": page.pendingData[i] || ""
            };
            if (page.contactId > 0)
                params.contactId = page.contactId;
            page.setUpload(i, "reading", qsTr("Reading and indexing…"));
            Backend.request("knowledge.upload", params, page, (result, error) => {
                if (error)
                    page.setUpload(i, "failed", error.message);
                else if (result.duplicate)
                    page.setUpload(i, "done", qsTr("Already in the knowledge base"));
                else
                    page.setUpload(i, "done", qsTr("Ready: %n passage(s)", "", result.document.chunkCount));
                page.nextUpload();
                page.refresh();
            });
            return;
        }
    }

    function select(doc: var) {
        page.selected = doc;
        page.passages = [];
        tabs.currentIndex = 1;
        Backend.request("knowledge.get", {
            "id": doc.id
        }, page, (result, error) => {
            if (error)
                page.errorText = error.message;
            else if (page.selected && page.selected.id === doc.id)
                page.passages = result.chunks;
        });
    }

    function ask() {
        const params = {
            "query": question.text,
            "limit": 5
        };
        if (page.contactId > 0)
            params.contactId = page.contactId;
        page.answerNote = qsTr("Searching…");
        Backend.request("knowledge.search", params, page, (result, error) => {
            if (error) {
                page.hits = [];
                page.answerNote = error.message;
                return;
            }
            page.hits = result.hits;
            if (result.hits.length === 0)
                page.answerNote = qsTr("Nothing relevant found: the bot would say it does not know and offer a person.");
            else if (result.vectorError)
                page.answerNote = qsTr("Keyword search only: %1").arg(result.vectorError);
            else
                page.answerNote = result.vectors ? qsTr("Keyword and vector search combined.") : qsTr("Keyword search.");
        });
    }

    function sizeText(bytes: int): string {
        if (bytes < 1024)
            return qsTr("%1 B").arg(bytes);
        if (bytes < 1024 * 1024)
            return qsTr("%1 KB").arg(Math.round(bytes / 1024));
        return qsTr("%1 MB").arg((bytes / (1024 * 1024)).toFixed(1));
    }

    function kindText(mime: string): string {
        if (mime === "application/pdf")
            return qsTr("PDF");
        if (mime === "text/markdown")
            return qsTr("Markdown");
        if (mime === "text/html")
            return qsTr("HTML");
        return qsTr("Text");
    }

    Component.onCompleted: refresh()

    Connections {
        target: Backend.client
        function onEventReceived(name: string, payload: var) {
            if (name === "knowledge.updated")
                page.refresh();
        }
    }

    header: PageHeader {
        title: page.contactId > 0 ? qsTr("Documents of %1").arg(page.contactName) : qsTr("Knowledge base")
        Button {
            objectName: "uploadButton"
            visible: page.mayEdit
            text: qsTr("Upload…")
            highlighted: true
            onClicked: picker.open()
        }
        FilterBox {
            id: scopeBox
            objectName: "scopeBox"
            Layout.preferredWidth: 260
            model: page.contactId > 0 ? [qsTr("All documents"), qsTr("Shared base"), page.contactName] : [qsTr("All documents"), qsTr("Shared base")]
            currentIndex: page.contactId > 0 ? 2 : (page.sharedOnly ? 1 : 0)
            Accessible.name: qsTr("Which documents")
            onActivated: index => {
                if (index === 2)
                    return;
                page.contactId = 0;
                page.contactName = "";
                page.sharedOnly = index === 1;
                page.refresh();
            }
        }
    }

    FilePicker {
        id: picker
        objectName: "knowledgePicker"
        title: page.contactId > 0 ? qsTr("Add documents for %1").arg(page.contactName) : qsTr("Add documents to the shared base")
        nameFilters: [qsTr("Documents (*.pdf *.md *.markdown *.html *.htm *.txt)"), qsTr("All files (*)")]
        onChosen: file => page.upload([file])
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
            Label {
                objectName: "embeddingStatus"
                Layout.fillWidth: true
                Layout.margins: Theme.spacing
                wrapMode: Text.Wrap
                color: page.embeddings.lastError ? Theme.failed : Theme.mutedText
                text: !page.embeddings.configured ? qsTr("Keyword search only: no embedding endpoint is configured.") : (page.embeddings.lastError ? qsTr("Embedding paused (keyword search still works): %1").arg(page.embeddings.lastError) : qsTr("Vectors for %n passage(s) with %1.", "", page.embeddings.indexed || 0).arg(page.embeddings.model))
            }
            ListModel {
                id: uploadModel
            }
            ListView {
                objectName: "uploadList"
                Layout.fillWidth: true
                Layout.preferredHeight: contentHeight
                interactive: false
                model: uploadModel
                delegate: RowLayout {
                    id: uploadRow
                    required property string fileName
                    required property string phase
                    required property string message
                    x: Theme.padding
                    width: ListView.view.width - 2 * Theme.padding
                    spacing: Theme.spacing
                    BusyIndicator {
                        Layout.preferredWidth: 24
                        Layout.preferredHeight: 24
                        visible: running
                        running: uploadRow.phase === "reading"
                    }
                    Label {
                        text: uploadRow.fileName
                        font.weight: Font.DemiBold
                    }
                    Label {
                        Layout.fillWidth: true
                        text: uploadRow.message
                        elide: Text.ElideRight
                        color: uploadRow.phase === "failed" ? Theme.failed : Theme.mutedText
                    }
                }
            }

            ListView {
                id: list
                objectName: "documentList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                boundsBehavior: Flickable.StopAtBounds
                model: page.documents
                Accessible.name: qsTr("Documents")
                Accessible.role: Accessible.List
                ScrollBar.vertical: ScrollBar {}
                delegate: ItemDelegate {
                    id: row
                    required property var modelData
                    width: ListView.view.width
                    highlighted: page.selected !== null && page.selected.id === modelData.id
                    Accessible.name: qsTr("Document %1").arg(modelData.fileName)
                    onClicked: page.select(modelData)
                    contentItem: RowLayout {
                        spacing: Theme.spacing
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Label {
                                Layout.fillWidth: true
                                text: row.modelData.fileName
                                font.weight: Font.DemiBold
                                elide: Text.ElideMiddle
                            }
                            Label {
                                Layout.fillWidth: true
                                color: Theme.mutedText
                                elide: Text.ElideRight
                                text: [row.modelData.scope === "shared" ? qsTr("Shared base") : qsTr("Customer's own"), page.kindText(row.modelData.mimeType), row.modelData.pages > 0 ? qsTr("%n page(s)", "", row.modelData.pages) : "", qsTr("%n passage(s)", "", row.modelData.chunkCount), page.sizeText(row.modelData.sizeBytes), Dates.moment(new Date(row.modelData.updatedAt))].filter(s => s !== "").join(" · ")
                            }
                            Label {
                                Layout.fillWidth: true
                                visible: row.modelData.status === "failed"
                                text: row.modelData.error
                                color: Theme.failed
                                wrapMode: Text.Wrap
                            }
                        }
                        Label {
                            text: row.modelData.status === "ready" ? qsTr("Ready") : (row.modelData.status === "failed" ? qsTr("Failed") : qsTr("Indexing"))
                            color: row.modelData.status === "failed" ? Theme.failed : Theme.accentText
                        }
                        ToolButton {
                            visible: page.mayEdit
                            text: qsTr("Re-index")
                            onClicked: Backend.request("knowledge.reindex", {
                                "id": row.modelData.id
                            }, page, (result, error) => {
                                page.errorText = error ? error.message : "";
                                page.refresh();
                            })
                        }
                        ToolButton {
                            objectName: "deleteDocument"
                            visible: page.mayEdit
                            text: qsTr("Delete")
                            onClicked: {
                                confirmDelete.document = row.modelData;
                                confirmDelete.open();
                            }
                        }
                    }
                }

                EmptyState {
                    anchors.centerIn: parent
                    visible: list.count === 0 && page.errorText === ""
                    iconSource: "qrc:/qt/qml/AioChat/icons/knowledge.svg"
                    title: qsTr("No documents yet")
                    body: page.mayEdit ? qsTr("Upload policy terms, FAQs or a customer's own documents (PDF, Markdown, HTML or text), or drop the files here. The bot answers only from them.") : qsTr("The documents the bot answers from will be listed here.")
                }

                // Files dropped on the list are uploaded to the scope shown.
                DropArea {
                    id: drop
                    anchors.fill: parent
                    enabled: page.mayEdit
                    onDropped: dropEvent => {
                        if (dropEvent.hasUrls)
                            page.upload(dropEvent.urls);
                    }
                    Rectangle {
                        anchors.fill: parent
                        visible: drop.containsDrag
                        color: Theme.selection
                        opacity: 0.8
                        Label {
                            anchors.centerIn: parent
                            text: page.contactId > 0 ? qsTr("Drop to add to %1's documents").arg(page.contactName) : qsTr("Drop to add to the shared base")
                            font.pixelSize: 18
                        }
                    }
                }
            }
        }

        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            color: Theme.divider
        }

        ColumnLayout {
            Layout.fillHeight: true
            Layout.preferredWidth: 440
            Layout.maximumWidth: 440
            spacing: 0

            TabBar {
                id: tabs
                Layout.fillWidth: true
                TabButton {
                    text: qsTr("Try a question")
                }
                TabButton {
                    text: qsTr("Passages")
                }
            }
            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: tabs.currentIndex

                ColumnLayout {
                    spacing: Theme.spacing
                    RowLayout {
                        Layout.fillWidth: true
                        Layout.margins: Theme.spacing
                        TextField {
                            id: question
                            objectName: "questionField"
                            Layout.fillWidth: true
                            placeholderText: page.contactId > 0 ? qsTr("A question from %1").arg(page.contactName) : qsTr("A customer's question")
                            selectByMouse: true
                            onAccepted: page.ask()
                        }
                        Button {
                            text: qsTr("Search")
                            enabled: question.text.trim() !== ""
                            onClicked: page.ask()
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.leftMargin: Theme.spacing
                        Layout.rightMargin: Theme.spacing
                        wrapMode: Text.Wrap
                        color: Theme.mutedText
                        text: page.answerNote !== "" ? page.answerNote : (page.contactId > 0 ? qsTr("Searches %1's documents and the shared base, as the bot does for this customer once verified.").arg(page.contactName) : qsTr("Searches the shared base, as the bot does for a customer who is not verified."))
                    }
                    ListView {
                        objectName: "hitList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        spacing: Theme.spacing
                        model: page.hits
                        ScrollBar.vertical: ScrollBar {}
                        delegate: Pane {
                            required property var modelData
                            required property int index
                            width: ListView.view.width
                            padding: Theme.spacing
                            ColumnLayout {
                                width: parent.width
                                spacing: 2
                                Label {
                                    Layout.fillWidth: true
                                    font.weight: Font.DemiBold
                                    elide: Text.ElideRight
                                    text: (index + 1) + ". " + modelData.fileName + (modelData.page > 0 ? qsTr(", p. %1").arg(modelData.page) : "")
                                }
                                Label {
                                    Layout.fillWidth: true
                                    color: Theme.mutedText
                                    elide: Text.ElideRight
                                    text: [modelData.superseded ? qsTr("marked archived") : "", qsTr("score %1").arg(modelData.score.toFixed(4)), modelData.headingPath].filter(s => s !== "").join(" · ")
                                }
                                Label {
                                    Layout.fillWidth: true
                                    wrapMode: Text.Wrap
                                    maximumLineCount: 8
                                    elide: Text.ElideRight
                                    text: modelData.text
                                }
                            }
                        }
                    }
                }

                ListView {
                    objectName: "passageList"
                    clip: true
                    spacing: Theme.spacing
                    model: page.passages
                    ScrollBar.vertical: ScrollBar {}
                    header: Label {
                        width: ListView.view.width
                        padding: Theme.spacing
                        wrapMode: Text.Wrap
                        color: Theme.mutedText
                        text: page.selected ? qsTr("%1: %n passage(s)", "", page.passages.length).arg(page.selected.fileName) : qsTr("Choose a document to see its passages.")
                    }
                    delegate: Pane {
                        required property var modelData
                        width: ListView.view.width
                        padding: Theme.spacing
                        ColumnLayout {
                            width: parent.width
                            spacing: 2
                            Label {
                                Layout.fillWidth: true
                                color: Theme.mutedText
                                elide: Text.ElideRight
                                text: ["#" + (modelData.ordinal + 1), modelData.headingPath, modelData.page > 0 ? qsTr("p. %1").arg(modelData.page) : "", qsTr("%n word(s)", "", modelData.words), modelData.superseded ? qsTr("marked archived") : ""].filter(s => s !== "").join(" · ")
                            }
                            Label {
                                Layout.fillWidth: true
                                wrapMode: Text.Wrap
                                text: modelData.text
                            }
                        }
                    }
                }
            }
        }
    }

    Dialog {
        id: confirmDelete
        property var document: null
        parent: Overlay.overlay
        anchors.centerIn: parent
        modal: true
        title: qsTr("Delete %1?").arg(confirmDelete.document ? confirmDelete.document.fileName : "")
        standardButtons: Dialog.Ok | Dialog.Cancel
        Label {
            width: 360
            wrapMode: Text.Wrap
            text: qsTr("The bot stops answering from it at once. Its passages and vectors are deleted.")
        }
        onAccepted: Backend.request("knowledge.delete", {
            "id": confirmDelete.document.id
        }, page, (result, error) => {
            page.errorText = error ? error.message : "";
            if (!error && page.selected && page.selected.id === confirmDelete.document.id) {
                page.selected = null;
                page.passages = [];
            }
            page.refresh();
        })
    }
}
