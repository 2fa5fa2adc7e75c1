#include "badgeiconprovider.h"

#include <QIcon>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace aiochat {

BadgeIconProvider::BadgeIconProvider()
    : QQuickImageProvider(QQuickImageProvider::Image)
{}

QImage BadgeIconProvider::requestImage(const QString &id, QSize *size, const QSize &requestedSize)
{
    const int side = requestedSize.isValid() ? std::max(requestedSize.width(), 16) : 64;
    QImage image(side, side, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QIcon(u":/qt/qml/AioChat/icons/aiochat.svg"_s).paint(&p, image.rect());
    bool ok = false;
    const int count = id.toInt(&ok);
    if (ok && count > 0) {
        const QString text = count > 99 ? u"99+"_s : QString::number(count);
        const int d = side * 11 / 20;
        const QRect badge(side - d, 0, d, d);
        p.setPen(QPen(Qt::white, std::max(1, side / 32)));
        p.setBrush(QColor(0xC6, 0x28, 0x28));
        p.drawEllipse(badge);
        QFont font;
        font.setBold(true);
        font.setPixelSize(text.size() > 2 ? d * 2 / 5 : d * 3 / 5);
        p.setFont(font);
        p.drawText(badge, Qt::AlignCenter, text);
    }
    p.end();
    if (size)
        *size = image.size();
    return image;
}

} // namespace aiochat
