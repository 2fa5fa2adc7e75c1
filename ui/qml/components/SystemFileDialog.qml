import QtQuick
import QtQuick.Dialogs

// The platform's file dialog (or Qt's QML one). Only FilePicker loads this, after checking that
// the runtime modules it needs are installed.
FileDialog {
    property bool saving: false

    signal picked(url file)

    objectName: "systemFileDialog"
    fileMode: saving ? FileDialog.SaveFile : FileDialog.OpenFile
    onAccepted: picked(selectedFile)
}
