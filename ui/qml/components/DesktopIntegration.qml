import QtQuick
import Qt.labs.platform as Platform
import AioChat

// The console on the desktop: a tray icon whose badge counts the conversations that need
// attention, and a notification when one starts to (clicking it opens that conversation).
// Without a system tray (offscreen, some desktops) the window title still carries the count.
Item {
    id: desktop

    // What the window shows: no notification for the conversation the operator is looking at.
    property bool windowActive: false
    property double openConversation: 0
    readonly property alias watcher: watcher
    property double pendingConversation: 0

    signal bringToFront
    signal conversationRequested(double conversationId)

    AttentionWatcher {
        id: watcher
        client: Backend.client
        onAttentionNeeded: (conversationId, title, preview) => {
            // No interruption for what the operator is looking at already.
            if (desktop.windowActive && desktop.openConversation === conversationId)
                return;
            desktop.pendingConversation = conversationId;
            if (trayLoader.item)
                trayLoader.item.showMessage(qsTr("Needs attention: %1").arg(title), preview);
        }
    }

    Loader {
        id: trayLoader
        // Offscreen and minimal platforms have no tray to draw into.
        active: Qt.platform.pluginName !== "offscreen" && Qt.platform.pluginName !== "minimal" && Backend.client.signedIn
        sourceComponent: Platform.SystemTrayIcon {
            visible: available
            icon.source: "image://badge/" + watcher.needsAttention
            tooltip: watcher.needsAttention > 0 ? qsTr("AIO-CHAT — %n conversation(s) need attention", "", watcher.needsAttention) : qsTr("AIO-CHAT")
            onActivated: desktop.bringToFront()
            onMessageClicked: {
                desktop.bringToFront();
                if (desktop.pendingConversation > 0)
                    desktop.conversationRequested(desktop.pendingConversation);
            }
            menu: Platform.Menu {
                Platform.MenuItem {
                    text: qsTr("Open AIO-CHAT")
                    onTriggered: desktop.bringToFront()
                }
                Platform.MenuItem {
                    text: qsTr("Quit")
                    onTriggered: Qt.quit()
                }
            }
        }
    }
}
