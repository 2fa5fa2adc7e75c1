import QtQuick
import QtQuick.Controls

// A round badge with the initials of a name, its colour derived from the name.
Rectangle {
    id: avatar

    property string name: ""
    property int size: 40

    // Dark enough for white initials (WCAG AA, checked by tst_mainwindow).
    readonly property var palette: ["#00796B", "#5E35B1", "#1565C0", "#BF360C", "#5D4037", "#3949AB", "#33691E", "#AD1457", "#0E6FA5", "#6A45B0"]

    function initials(text: string): string {
        const words = text.trim().split(/\s+/).filter(w => w.length > 0);
        if (words.length === 0)
            return "?";
        if (words.length === 1)
            return words[0].charAt(0).toUpperCase();
        return (words[0].charAt(0) + words[words.length - 1].charAt(0)).toUpperCase();
    }

    function colorFor(text: string): color {
        let hash = 0;
        for (let i = 0; i < text.length; ++i)
            hash = (hash * 31 + text.charCodeAt(i)) % 1000003;
        return palette[hash % palette.length];
    }

    implicitWidth: size
    implicitHeight: size
    radius: size / 2
    color: colorFor(name)
    Accessible.ignored: true

    Label {
        anchors.centerIn: parent
        text: avatar.initials(avatar.name)
        color: "white"
        font.pixelSize: avatar.size * 0.38
        font.weight: Font.DemiBold
    }
}
