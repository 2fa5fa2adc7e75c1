import QtQuick
import QtQuick.Controls

// A filter's drop-down in a narrow column: the chosen entry is shortened with "…" instead of cut
// off mid-word when a language's words are longer than the column, and the tooltip says it whole.
ComboBox {
    id: box

    contentItem: Label {
        leftPadding: 12
        text: box.displayText
        font: box.font
        elide: Text.ElideRight
        verticalAlignment: Text.AlignVCenter
    }
    ToolTip.visible: hovered && (contentItem as Label).truncated
    ToolTip.text: displayText
    ToolTip.delay: 500
}
