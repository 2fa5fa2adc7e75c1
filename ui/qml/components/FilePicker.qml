import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// Chooses a local file to open or to save. It shows the system's file dialog, or Qt's own when
// the system has none. Qt's own dialog needs runtime modules that a machine may lack (Debian
// ships them as separate packages); Qt crashes when they are missing, so they are checked first,
// and without them the operator is told what to install and may type the path instead.
Item {
    id: picker

    property string title
    property var nameFilters: []
    property bool saving: false
    // The dialog shown last: the system's ("system") or the typed-path fallback ("typed").
    property string shown: ""
    // Untyped on purpose: naming SystemFileDialog's type here would make this file need
    // QtQuick.Dialogs to load at all.
    readonly property var dialog: systemDialog.item
    readonly property bool dialogVisible: (dialog !== null && dialog.visible) || fallback.visible
    readonly property alias fallbackDialog: fallback

    signal chosen(url file)

    function open() {
        const problem = Backend.fileDialogProblem();
        if (problem !== "") {
            fallback.problem = problem;
            picker.shown = "typed";
            fallback.open();
            return;
        }
        systemDialog.active = true;
        picker.shown = "system";
        picker.dialog.open();
    }

    function close() {
        if (picker.dialog)
            picker.dialog.close();
        fallback.close();
    }

    visible: false

    // Loaded by URL, not by type: a page that holds a picker must load even where
    // QtQuick.Dialogs itself is missing.
    Loader {
        id: systemDialog
        active: false
        source: Qt.resolvedUrl("SystemFileDialog.qml")
        onLoaded: {
            const d = picker.dialog;
            d.title = Qt.binding(() => picker.title);
            d.nameFilters = Qt.binding(() => picker.nameFilters);
            d.saving = Qt.binding(() => picker.saving);
            d.picked.connect(file => picker.chosen(file));
        }
    }

    Dialog {
        id: fallback

        property string problem

        objectName: "typedPathDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(560, parent ? parent.width - 48 : 560)
        modal: true
        title: picker.title
        standardButtons: Dialog.Cancel | Dialog.Ok

        onOpened: pathField.forceActiveFocus()
        onAccepted: {
            const path = pathField.text.trim();
            if (path !== "")
                picker.chosen(Backend.fileUrl(path));
        }

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing
            Label {
                Layout.fillWidth: true
                text: qsTr("The file dialog cannot be shown: %1. Type the file's full path instead.").arg(fallback.problem)
                wrapMode: Text.Wrap
                color: Theme.mutedText
            }
            TextField {
                id: pathField
                objectName: "typedPath"
                Layout.fillWidth: true
                placeholderText: picker.saving ? qsTr("/home/me/customers.csv") : qsTr("Full path of the file")
                Accessible.name: qsTr("File path")
                onAccepted: fallback.accept()
            }
        }
    }
}
