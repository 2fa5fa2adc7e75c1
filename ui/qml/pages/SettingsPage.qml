import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AioChat

// Where this instance keeps its data and how it is reached.
Page {
    id: page

    property var info: null
    property string error: ""

    function load() {
        Backend.request("system.info", {}, (result, err) => {
            page.error = err ? err.message : "";
            page.info = err ? null : result;
        });
    }

    Component.onCompleted: load()

    header: PageHeader {
        title: qsTr("Settings")
    }

    // A Flickable, not a ScrollView: its size never feeds back into the page's implicit size.
    Flickable {
        id: scroll
        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 2 * Theme.padding
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column
            width: Math.min(scroll.width - 2 * Theme.padding, 760)
            x: Theme.padding
            spacing: Theme.padding

            ErrorBanner {
                Layout.fillWidth: true
                Layout.topMargin: Theme.padding
                text: page.error
                onRetry: page.load()
            }

            GroupBox {
                Layout.fillWidth: true
                Layout.topMargin: Theme.padding
                title: qsTr("This instance")

                GridLayout {
                    anchors.fill: parent
                    columns: 2
                    columnSpacing: Theme.padding * 2
                    rowSpacing: Theme.spacing

                    Repeater {
                        model: [
                            { label: qsTr("Version"), key: "version" },
                            { label: qsTr("Data directory"), key: "dataDir" },
                            { label: qsTr("Database"), key: "database" },
                            { label: qsTr("Secrets are kept in"), key: "secretsStore" },
                            { label: qsTr("Webhook listener"), key: "listen" },
                            { label: qsTr("Log file"), key: "logFile" }
                        ]
                        delegate: RowLayout {
                            id: entry
                            required property var modelData
                            Layout.columnSpan: 2
                            Layout.fillWidth: true
                            Label {
                                Layout.preferredWidth: 180
                                text: entry.modelData.label
                                color: Theme.mutedText
                            }
                            TextEdit {
                                Layout.fillWidth: true
                                text: page.info ? (page.info[entry.modelData.key] || qsTr("—")) : ""
                                readOnly: true
                                selectByMouse: true
                                wrapMode: Text.WrapAnywhere
                                font.pixelSize: 14
                                color: page.palette.windowText
                                Accessible.name: entry.modelData.label
                            }
                        }
                    }
                }
            }
        }
    }
}
