#pragma once

#include <QQuickImageProvider>

namespace aiochat {

/**
 * @brief "image://badge/<n>": the application icon with a red count in the corner (none for 0,
 * "99+" above 99), for the system tray — which takes an image, not a QML item.
 */
class BadgeIconProvider : public QQuickImageProvider
{
public:
    BadgeIconProvider();
    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;
};

} // namespace aiochat
