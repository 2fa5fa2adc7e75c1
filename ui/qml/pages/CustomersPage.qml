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
