import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// Every customer in the CRM, searchable by name or by exact phone, e-mail or policy number.
Page {
    id: page

    objectName: "customersPage"

    property string exportMessage: ""
    readonly property bool mayEdit: Backend.client.role === "admin" || Backend.client.role === "agent"
    readonly property alias editDialog: editDialog
    readonly property alias importDialog: importDialog
    readonly property alias mergeDialog: mergeDialog
    readonly property alias detailsDialog: details
    readonly property alias contactModel: contacts
    // The customer fields and attributes a filter may name (as rules name them).
    property var filterFields: []

    function loadFilterFields() {
        Backend.request("automation.fields", {}, page, (result, err) => {
            if (!err)
                page.filterFields = result.fields.filter(f => f.scope === "contact");
        });
    }

    // "Payment due date · due within · 3" → {field, op: daysUntil, cmp: lte, value: 3}.
    function applyFilter() {
        const f = page.filterFields[filterField.currentIndex];
        const value = filterValue.text.trim();
        if (!f || (value === "" && filterOp.currentValue !== "exists")) {
            contacts.filter = {};
            return;
        }
        const numeric = f.type === "number";
        const op = filterOp.currentValue;
        if (op === "within")
            contacts.filter = {
                "field": f.name,
                "op": "daysUntil",
                "cmp": "lte",
                "value": Number(value)
            };
        else if (op === "exists")
            contacts.filter = {
                "field": f.name,
                "op": "exists",
                "value": true
            };
        else
            contacts.filter = {
                "field": f.name,
                "op": op,
                "value": numeric ? Number(value) : value
            };
    }

    Component.onCompleted: loadFilterFields()

    Connections {
        target: Backend.client
        function onEventReceived(name: string, payload: var) {
            if (name === "attributes.updated")
                page.loadFilterFields();
        }
    }

    header: PageHeader {
        title: qsTr("Customers")
        Button {
            objectName: "newContactButton"
            visible: page.mayEdit
            text: qsTr("New customer")
            highlighted: true
            onClicked: editDialog.create()
        }
        Button {
            objectName: "importContactsButton"
            visible: page.mayEdit
            text: qsTr("Import CSV…")
            flat: true
            onClicked: importDialog.choose()
        }
        Button {
            objectName: "exportButton"
            visible: Backend.client.role === "admin"
            text: qsTr("Export CSV…")
            flat: true
            onClicked: exportDialog.open()
        }
        TextField {
            id: search
            Layout.preferredWidth: 360
            placeholderText: qsTr("Name, phone, e-mail or policy number")
            selectByMouse: true
            Accessible.name: qsTr("Search customers")
            onTextChanged: contacts.search = text
            Keys.onDownPressed: list.forceActiveFocus()
        }
    }

    CustomerDialog {
        id: details
        onEditRequested: contact => editDialog.edit(contact)
        onMergeRequested: contact => mergeDialog.show(contact)
    }

    ContactEditDialog {
        id: editDialog
        onSaved: contact => {
            page.exportMessage = "";
            details.show(contact.id);
        }
    }

    MergeContactsDialog {
        id: mergeDialog
        onMerged: contact => details.show(contact.id)
    }

    ImportContactsDialog {
        id: importDialog
        onImported: count => page.exportMessage = qsTr("%n customer(s) imported.", "", count)
    }

    // Exports hold every personal detail: administrators only, and each one is audited.
    FilePicker {
        id: exportDialog
        objectName: "exportPicker"
        title: qsTr("Export customers")
        saving: true
        nameFilters: [qsTr("CSV files (*.csv)")]
        onChosen: file => Backend.request("contacts.export", {}, page, (result, err) => {
            if (err) {
                page.exportMessage = err.message;
                return;
            }
            const failure = Backend.saveTextFile(file, result.csv);
            page.exportMessage = failure !== "" ? failure : qsTr("%n customer(s) exported. The file holds personal data: keep it safe.", "", result.count);
        })
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ErrorBanner {
            Layout.fillWidth: true
            text: contacts.errorString
            onRetry: contacts.refresh()
        }
        // Filter by a customer field or attribute, the way rules select customers.
        RowLayout {
            objectName: "customerFilter"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacing
            Layout.rightMargin: Theme.spacing
            visible: page.filterFields.length > 0
            Label {
                text: qsTr("Filter")
                color: Theme.mutedText
            }
            FilterBox {
                id: filterField
                objectName: "filterField"
                Layout.preferredWidth: 220
                model: page.filterFields.map(f => f.label)
                Accessible.name: qsTr("Filter on")
                onActivated: page.applyFilter()
            }
            FilterBox {
                id: filterOp
                objectName: "filterOp"
                Layout.preferredWidth: 170
                textRole: "text"
                valueRole: "value"
                readonly property var field: page.filterFields[filterField.currentIndex]
                model: field && field.type === "date" ? [
                        {
                            "value": "within",
                            "text": qsTr("due within (days)")
                        },
                        {
                            "value": "lt",
                            "text": qsTr("before")
                        },
                        {
                            "value": "gt",
                            "text": qsTr("after")
                        },
                        {
                            "value": "exists",
                            "text": qsTr("is set")
                        }
                    ] : (field && field.type === "number" ? [
                            {
                                "value": "gte",
                                "text": qsTr("at least")
                            },
                            {
                                "value": "lte",
                                "text": qsTr("at most")
                            },
                            {
                                "value": "eq",
                                "text": qsTr("equals")
                            }
                        ] : [
                            {
                                "value": "eq",
                                "text": qsTr("is")
                            },
                            {
                                "value": "contains",
                                "text": qsTr("contains")
                            },
                            {
                                "value": "exists",
                                "text": qsTr("is set")
                            }
                        ])
                Accessible.name: qsTr("Comparison")
                onActivated: page.applyFilter()
            }
            TextField {
                id: filterValue
                objectName: "filterValue"
                Layout.preferredWidth: 200
                visible: filterOp.currentValue !== "exists"
                placeholderText: qsTr("value")
                Accessible.name: qsTr("Filter value")
                onEditingFinished: page.applyFilter()
            }
            Button {
                flat: true
                visible: Object.keys(contacts.filter).length > 0
                text: qsTr("Clear")
                onClicked: {
                    filterValue.text = "";
                    contacts.filter = {};
                }
            }
            Item {
                Layout.fillWidth: true
            }
        }
        Label {
            Layout.fillWidth: true
            Layout.margins: Theme.spacing
            visible: page.exportMessage !== ""
            text: page.exportMessage
            wrapMode: Text.Wrap
            color: Theme.mutedText
        }

        ListView {
            id: list
            objectName: "customerList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            // ↑/↓ (or j/k) move, Enter opens the customer; ↓ in the search field comes here.
            keyNavigationEnabled: true
            highlightMoveDuration: 0
            highlight: Rectangle {
                color: Theme.selection
            }
            Keys.onPressed: event => {
                if (event.key === Qt.Key_J) {
                    list.incrementCurrentIndex();
                    event.accepted = true;
                } else if (event.key === Qt.Key_K) {
                    list.decrementCurrentIndex();
                    event.accepted = true;
                } else if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter) && list.currentIndex >= 0) {
                    details.show(contacts.data(contacts.index(list.currentIndex, 0), ContactListModel.IdRole));
                    event.accepted = true;
                }
            }
            Accessible.name: qsTr("Customers")
            Accessible.role: Accessible.List
            ScrollBar.vertical: ScrollBar {}
            model: ContactListModel {
                id: contacts
                client: Backend.client
            }
            delegate: ContactDelegate {
                width: ListView.view.width
                onClicked: details.show(contactId)
            }

            EmptyState {
                anchors.centerIn: parent
                visible: list.count === 0 && !contacts.loading && contacts.errorString === ""
                iconSource: "qrc:/qt/qml/AioChat/icons/customers.svg"
                title: search.text !== "" ? qsTr("No customer matches “%1”").arg(search.text) : qsTr("No customers yet")
                body: search.text !== "" ? qsTr("Phone numbers, e-mails and policy numbers must match exactly; names match from the start of a word.") : qsTr("Customers are created when someone writes in, or by importing a CSV file.")
            }
            BusyIndicator {
                // Hidden when idle: Material's spinner keeps animating (and redrawing the window)
                // while merely transparent.
                visible: running
                anchors.centerIn: parent
                running: contacts.loading && list.count === 0
            }
        }
    }
}
