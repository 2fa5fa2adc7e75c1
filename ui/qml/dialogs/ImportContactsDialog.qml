import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// CSV import in two steps: the file is checked first (a preview of the rows as they will be
// saved, and every row's problems with its line number), then imported — every row, or none.
Dialog {
    id: dialog

    property string csv: ""
    property string fileName: ""
    property var plan: null
    property string error: ""
    property bool working: false

    function choose() {
        dialog.csv = "";
        dialog.plan = null;
        dialog.error = "";
        fileDialog.open();
    }

    // Loads @p url and asks the backend for a preview (nothing is written).
    function load(url: url) {
        const read = Backend.readTextFile(url, 8 * 1024 * 1024);
        dialog.fileName = String(url).replace(/^.*\//, "");
        open();
        if (read.error) {
            dialog.error = read.error;
            return;
        }
        dialog.csv = read.text;
        check();
    }

    function check() {
        dialog.working = true;
        dialog.error = "";
        Backend.request("contacts.import", { csv: dialog.csv }, dialog, (result, err) => {
            dialog.working = false;
            dialog.plan = err ? null : result;
            dialog.error = err ? err.message : "";
        });
    }

    function commit() {
        dialog.working = true;
        Backend.request("contacts.import", { csv: dialog.csv, commit: true, acceptAttributes: newAttributes.checked }, dialog, (result, err) => {
            dialog.working = false;
            if (err) {
                // Someone added a clashing customer meanwhile: show the fresh verdict.
                dialog.error = err.message;
                if (err.details && err.details.errors)
                    dialog.plan = err.details;
                return;
            }
            dialog.plan = result;
            dialog.imported(result.imported);
            dialog.close();
        });
    }

    signal imported(int count)

    objectName: "importDialog"
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(760, parent ? parent.width - 48 : 760)
    height: Math.min(600, parent ? parent.height - 48 : 600)
    modal: true
    title: qsTr("Import customers — %1").arg(dialog.fileName)

    FilePicker {
        id: fileDialog
        objectName: "importPicker"
        title: qsTr("Import customers from CSV")
        nameFilters: [qsTr("CSV files (*.csv)"), qsTr("All files (*)")]
        onChosen: file => dialog.load(file)
    }

    footer: DialogButtonBox {
        Button {
            objectName: "chooseAnotherFile"
            text: qsTr("Choose another file…")
            flat: true
            onClicked: fileDialog.open()
        }
        Button {
            text: qsTr("Cancel")
            flat: true
            onClicked: dialog.close()
        }
        Button {
            objectName: "importButton"
            text: dialog.plan ? qsTr("Import %n customer(s)", "", dialog.plan.valid) : qsTr("Import")
            highlighted: true
            enabled: !dialog.working && dialog.plan !== null && dialog.plan.invalid === 0 && dialog.plan.valid > 0
            onClicked: dialog.commit()
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        Label {
            objectName: "importSummary"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            visible: dialog.plan !== null
            text: !dialog.plan ? "" : dialog.plan.invalid > 0
                ? qsTr("%1 of %2 rows need fixing. Nothing is imported until every row is right: correct the file and choose it again.").arg(dialog.plan.invalid).arg(dialog.plan.rows)
                : qsTr("All %1 rows are ready to import.").arg(dialog.plan.rows)
            color: dialog.plan && dialog.plan.invalid > 0 ? Theme.failed : Theme.open
        }
        // Columns that name no customer field become attributes, with the type their values
        // suggest (a value that does not fit its type is a row to fix).
        CheckBox {
            id: newAttributes
            objectName: "importAttributes"
            Layout.fillWidth: true
            checked: true
            visible: dialog.plan !== null && dialog.plan.attributes.length > 0
            text: dialog.plan ? qsTr("Add as customer attributes: %1").arg(dialog.plan.attributes.map(a => a.label + " (" + a.type + ")").join(", ")) : ""
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            visible: dialog.plan !== null && dialog.plan.ignoredColumns.length > 0
            text: dialog.plan ? qsTr("Ignored columns: %1").arg(dialog.plan.ignoredColumns.join(", ")) : ""
            color: Theme.mutedText
        }
        Label {
            Layout.fillWidth: true
            visible: dialog.error !== ""
            text: dialog.error
            color: Theme.failed
            wrapMode: Text.Wrap
        }
        BusyIndicator {
            Layout.alignment: Qt.AlignHCenter
            running: dialog.working
            visible: running
        }

        // The problems first: they are what the operator has to act on.
        ListView {
            objectName: "importErrors"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: 2
            visible: count > 0
            clip: true
            model: dialog.plan ? dialog.plan.errors : []
            delegate: Label {
                required property var modelData
                width: ListView.view.width
                wrapMode: Text.Wrap
                bottomPadding: 4
                text: qsTr("Line %1 (%2): %3").arg(modelData.line).arg(modelData.name || "—").arg(modelData.errors.map(e => (e.field ? e.field + " — " : "") + e.message).join(" "))
            }
            ScrollBar.vertical: ScrollBar {}
        }
        Label {
            visible: dialog.plan !== null && dialog.plan.preview.length > 0
            text: qsTr("Preview (first %n row(s) as they will be saved)", "", dialog.plan ? dialog.plan.preview.length : 0)
            font.bold: true
        }
        ListView {
            objectName: "importPreview"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: 3
            visible: count > 0
            clip: true
            model: dialog.plan ? dialog.plan.preview : []
            delegate: RowLayout {
                required property var modelData
                width: ListView.view.width
                spacing: Theme.spacing
                Label {
                    Layout.preferredWidth: 40
                    text: modelData.line
                    color: Theme.mutedText
                }
                Label {
                    Layout.preferredWidth: 180
                    text: modelData.name
                    elide: Text.ElideRight
                }
                Label {
                    Layout.preferredWidth: 150
                    text: modelData.phone
                    elide: Text.ElideRight
                }
                Label {
                    Layout.fillWidth: true
                    text: [modelData.email, modelData.policyNumber, modelData.dateOfBirth].filter(v => v !== "").join(" · ")
                    elide: Text.ElideRight
                }
            }
            ScrollBar.vertical: ScrollBar {}
        }
    }
}
