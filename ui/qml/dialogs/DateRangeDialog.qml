import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// Two calendar dates for the conversation list's date filter. Dates are typed as YYYY-MM-DD
// (unambiguous in every locale) and shown back in the operator's own date format.
Dialog {
    id: dialog

    property string error: ""

    signal chosen(date from, date to)

    // "2026-11-03" -> local midnight of that day, or an invalid date.
    function parseDay(text: string): date {
        const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
        if (!m)
            return new Date(NaN);
        const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
        // new Date() rolls 2026-02-31 over to March; such a day does not exist.
        if (d.getMonth() !== Number(m[2]) - 1 || d.getDate() !== Number(m[3]))
            return new Date(NaN);
        return d;
    }

    function isoDay(d: date): string {
        const pad = n => (n < 10 ? "0" : "") + n;
        return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
    }

    function submit() {
        const from = parseDay(fromField.text);
        const to = parseDay(toField.text);
        if (isNaN(from.getTime()) || isNaN(to.getTime())) {
            dialog.error = qsTr("Enter both dates as YYYY-MM-DD, for example %1.").arg(isoDay(Backend.now()));
            return;
        }
        if (to < from) {
            dialog.error = qsTr("The end date is before the start date.");
            return;
        }
        dialog.chosen(from, to);
        dialog.accept();
    }

    objectName: "dateRangeDialog"
    parent: Overlay.overlay
    width: 360
    modal: true
    title: qsTr("Conversations active between")
    standardButtons: Dialog.Cancel | Dialog.Apply

    onApplied: submit()

    onOpened: {
        const today = Backend.now();
        const weekAgo = Backend.now();
        weekAgo.setDate(today.getDate() - 7);
        if (fromField.text === "")
            fromField.text = isoDay(weekAgo);
        if (toField.text === "")
            toField.text = isoDay(today);
        dialog.error = "";
        fromField.forceActiveFocus();
        fromField.selectAll();
    }

    GridLayout {
        anchors.fill: parent
        columns: 2
        columnSpacing: Theme.spacing
        rowSpacing: Theme.spacing
        Label {
            text: qsTr("From")
        }
        TextField {
            id: fromField
            objectName: "rangeFrom"
            Layout.fillWidth: true
            placeholderText: qsTr("YYYY-MM-DD")
            inputMethodHints: Qt.ImhDate
            Accessible.name: qsTr("First day")
            onAccepted: toField.forceActiveFocus()
        }
        Label {
            text: qsTr("To")
        }
        TextField {
            id: toField
            objectName: "rangeTo"
            Layout.fillWidth: true
            placeholderText: qsTr("YYYY-MM-DD")
            inputMethodHints: Qt.ImhDate
            Accessible.name: qsTr("Last day")
            onAccepted: dialog.submit()
        }
        Label {
            objectName: "rangeError"
            Layout.columnSpan: 2
            Layout.fillWidth: true
            visible: dialog.error !== ""
            text: dialog.error
            color: Theme.failed
            wrapMode: Text.Wrap
        }
    }
}
