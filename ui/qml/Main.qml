import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import QtQuick.Window
import Qt.labs.settings
import AioChat

ApplicationWindow {
    id: window

    property int currentPage: 0

    readonly property var pages: [
        { name: qsTr("Conversations"), icon: "conversations", admin: false },
        { name: qsTr("Customers"), icon: "customers", admin: false },
        { name: qsTr("Knowledge"), icon: "knowledge", admin: false },
        { name: qsTr("Automations"), icon: "automations", admin: false },
        { name: qsTr("Metrics"), icon: "metrics", admin: false },
        { name: qsTr("Settings"), icon: "settings", admin: false },
        { name: qsTr("Team"), icon: "team", admin: true }
    ]
    readonly property bool isAdmin: Backend.client.role === "admin"
    // Created when opened and destroyed when closed: a hidden window would keep its transcript's
    // delegates (and any still being created) alive with nothing to show them.
    property SandboxWindow sandboxWindow: null

    function openSandbox() {
        if (!window.sandboxWindow)
            window.sandboxWindow = sandboxComponent.createObject(window) as SandboxWindow;
        window.sandboxWindow.show();
        window.sandboxWindow.requestActivate();
    }

    function closeSandbox() {
        if (window.sandboxWindow)
            window.sandboxWindow.close();
    }

    width: 1280
    height: 800
    minimumWidth: 960
    minimumHeight: 560
    visible: true
    // The count leads the title so the task bar shows it even without a system tray.
    title: (desktop.watcher.needsAttention > 0 ? "(" + desktop.watcher.needsAttention + ") " : "") + (Backend.demo ? qsTr("AIO-CHAT — demo data") : qsTr("AIO-CHAT"))

    // Set while the console is shown (the sign-in form has none).
    property ConversationsPage conversationsView: null
    readonly property double openConversation: conversationsView ? conversationsView.selectedConversation : 0

    function showConversation(conversationId: double) {
        window.currentPage = 0;
        if (window.conversationsView)
            window.conversationsView.selectedConversation = conversationId;
    }

    DesktopIntegration {
        id: desktop
        windowActive: window.active
        openConversation: window.openConversation
        onBringToFront: {
            window.show();
            window.raise();
            window.requestActivate();
        }
        onConversationRequested: conversationId => window.showConversation(conversationId)
    }

    // Where the operator left the window: size, place and whether it was maximised.
    Settings {
        id: geometry
        category: "window"
        property int x: -1
        property int y: -1
        property int width: 1280
        property int height: 800
        property bool maximized: false
    }

    Component.onCompleted: {
        Dates.clockOffset = Backend.now().getTime() - Date.now();
        window.width = Math.max(window.minimumWidth, geometry.width);
        window.height = Math.max(window.minimumHeight, geometry.height);
        // Only a place that is still on a screen (a monitor may have gone since).
        if (geometry.x >= 0 && geometry.y >= 0 && geometry.x < Screen.desktopAvailableWidth - 100 && geometry.y < Screen.desktopAvailableHeight - 100) {
            window.x = geometry.x;
            window.y = geometry.y;
        }
        if (geometry.maximized)
            window.visibility = Window.Maximized;
    }
    onClosing: window.saveGeometry()
    Component.onDestruction: window.saveGeometry()

    function saveGeometry() {
        if (window.conversationsView)
            window.conversationsView.savePanes();
        geometry.maximized = window.visibility === Window.Maximized;
        if (window.visibility === Window.Windowed) {
            geometry.x = window.x;
            geometry.y = window.y;
            geometry.width = window.width;
            geometry.height = window.height;
        }
    }

    Material.theme: Theme.appearance === "dark" ? Material.Dark : Theme.appearance === "light" ? Material.Light : Material.System
    Material.primary: Material.Teal
    Material.accent: Theme.accent

    Connections {
        target: Backend
        function onLanguageChanged() {
            Theme.localeRevision += 1;
            Dates.localeRevision += 1;
        }
    }

    Binding {
        target: Theme
        property: "dark"
        value: window.Material.theme === Material.Dark
    }

    // Until someone signs in, the window shows only the sign-in form: no view asks the backend
    // for anything it would refuse.
    Loader {
        id: shell
        anchors.fill: parent
        // A remote console shows the sign-in page at once: it says how the connection goes.
        sourceComponent: Backend.client.signedIn ? consoleComponent : (Backend.client.statusKnown || Backend.client.remote ? loginComponent : null)
    }

    // A remote console that lost its server says so above everything, with a way to retry;
    // commands fail clearly meanwhile (RemoteConsoleClient).
    Rectangle {
        objectName: "connectionBanner"
        anchors.top: parent.top
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.topMargin: Theme.padding / 2
        z: 10
        visible: Backend.client.remote && Backend.client.signedIn && Backend.client.connectionState !== "connected"
        width: Math.min(parent.width - 2 * Theme.padding, bannerRow.implicitWidth + 2 * Theme.padding)
        height: bannerRow.implicitHeight + Theme.padding
        radius: 6
        color: Theme.failed
        Accessible.role: Accessible.AlertMessage
        Accessible.name: bannerText.text

        RowLayout {
            id: bannerRow
            anchors.centerIn: parent
            spacing: Theme.padding
            Label {
                id: bannerText
                color: "white"
                text: Backend.client.connectionState === "offline" ? qsTr("Offline: %1").arg(Backend.client.connectionError) : qsTr("Reconnecting to %1…").arg(Backend.client.serverUrl)
            }
            Button {
                flat: true
                text: qsTr("Try again")
                Material.foreground: "white"
                onClicked: Backend.client.reconnectNow()
            }
        }
    }

    Component {
        id: loginComponent
        LoginPage {}
    }

    Component {
        id: consoleComponent

        Item {
            // Signed in: the keyboard works the conversation list at once (j/k, ↑/↓, Enter).
            Component.onCompleted: conversationsPage.focusList()
            Connections {
                target: window
                function onCurrentPageChanged() {
                    if (window.currentPage === 0)
                        conversationsPage.focusList();
                }
            }
            // "Documents…" in a customer's details: the Knowledge page, for that customer.
            Connections {
                target: Backend
                function onKnowledgeRequested(contactId: int, name: string) {
                    knowledgePage.showCustomer(contactId, name);
                    window.currentPage = 2;
                }
            }
            Binding {
                target: window
                property: "conversationsView"
                value: conversationsPage
            }
            Shortcut {
                sequence: "Ctrl+K"
                onActivated: {
                    window.currentPage = 0;
                    conversationsPage.focusSearch();
                }
            }
            Repeater {
                model: window.pages.length
                delegate: Item {
                    id: pageShortcut
                    required property int index
                    Shortcut {
                        enabled: !window.pages[pageShortcut.index].admin || window.isAdmin
                        sequence: "Ctrl+" + (pageShortcut.index + 1)
                        onActivated: window.currentPage = pageShortcut.index
                    }
                }
            }

            RowLayout {
                anchors.fill: parent
                spacing: 0

                Pane {
                    Layout.fillHeight: true
                    Layout.preferredWidth: Theme.navWidth
                    padding: 0
                    Material.elevation: 2

                    ColumnLayout {
                        anchors.fill: parent
                        anchors.topMargin: Theme.padding
                        spacing: 2

                        Image {
                            Layout.alignment: Qt.AlignHCenter
                            Layout.bottomMargin: Theme.padding
                            source: "qrc:/qt/qml/AioChat/icons/aiochat.svg"
                            sourceSize.width: 40
                            sourceSize.height: 40
                            Accessible.name: qsTr("AIO-CHAT")
                        }
                        Repeater {
                            model: window.pages
                            delegate: NavButton {
                                required property var modelData
                                required property int index
                                visible: !modelData.admin || window.isAdmin
                                text: modelData.name
                                iconSource: "qrc:/qt/qml/AioChat/icons/" + modelData.icon + ".svg"
                                current: window.currentPage === index
                                onClicked: window.currentPage = index
                                ToolTip.visible: hovered
                                ToolTip.delay: 600
                                ToolTip.text: qsTr("%1 (Ctrl+%2)").arg(modelData.name).arg(index + 1)
                            }
                        }
                        Item {
                            Layout.fillHeight: true
                        }
                        NavButton {
                            objectName: "sandboxButton"
                            visible: Backend.client.role === "admin" || Backend.client.role === "agent"
                            text: qsTr("Sandbox")
                            iconSource: "qrc:/qt/qml/AioChat/icons/sandbox.svg"
                            Accessible.name: qsTr("Open the Sandbox chat window")
                            onClicked: window.openSandbox()
                        }
                        OperatorButton {
                            Layout.alignment: Qt.AlignHCenter
                            Layout.bottomMargin: Theme.padding
                        }
                    }
                }

                StackLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    currentIndex: window.currentPage

                    ConversationsPage {
                        id: conversationsPage
                        onSettingsRequested: window.currentPage = 5
                    }
                    CustomersPage {}
                    KnowledgePage {
                        id: knowledgePage
                    }
                    AutomationsPage {}
                    MetricsPage {}
                    SettingsPage {}
                    Loader {
                        // Administration only exists for administrators (the backend refuses it
                        // to everyone else anyway).
                        active: window.isAdmin && window.currentPage === 6
                        sourceComponent: AdminPage {}
                    }
                }
            }
        }
    }

    // Relative times ("Waiting 12 min") re-read the clock once a minute.
    Timer {
        interval: 60000
        running: true
        repeat: true
        onTriggered: Dates.minute += 1
    }

    Component {
        id: sandboxComponent
        SandboxWindow {
            id: sandbox
            onClosing: {
                window.sandboxWindow = null;
                sandbox.destroy();
            }
        }
    }

    Connections {
        target: Backend.client
        function onSessionChanged() {
            if (!Backend.client.signedIn)
                window.closeSandbox();
            if (!Backend.client.signedIn || (window.pages[window.currentPage].admin && !window.isAdmin))
                window.currentPage = 0;
        }
    }
}
