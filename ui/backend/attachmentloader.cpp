#include "attachmentloader.h"

#include "backend/consoleclient.h"

#include <QBuffer>
#include <QCache>
#include <QImageReader>
#include <QMutex>
#include <QThreadPool>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr int kChunk = 1024 * 1024;
constexpr int kMaxThumbnailSide = 1600;
constexpr int kDecodeLimitMb = 128;

void loadFrom(ConsoleClient *client, qint64 id, qint64 offset, std::shared_ptr<QByteArray> bytes,
              QObject *context, std::function<void(const Result<QByteArray> &)> done)
{
    client->call(
        u"attachment.download"_s,
        QJsonObject{{u"id"_s, id}, {u"offset"_s, offset}, {u"length"_s, kChunk}}, context,
        [client, id, bytes, context, done](const CommandResponse &r) {
            if (!r.status.isOk()) {
                done(r.status);
                return;
            }
            const QJsonObject o = r.result.toObject();
            bytes->append(QByteArray::fromBase64(o.value(u"data"_s).toString().toLatin1()));
            if (o.value(u"done"_s).toBool() || bytes->size() >= o.value(u"total"_s).toInteger()) {
                done(*bytes);
                return;
            }
            loadFrom(client, id, bytes->size(), bytes, context, done);
        });
}

// Decoded thumbnails by "id:w×h"; the cost is the image's bytes.
QCache<QString, QImage> &cache()
{
    static QCache<QString, QImage> c(64 * 1024 * 1024);
    return c;
}
QMutex &cacheLock()
{
    static QMutex m;
    return m;
}

QImage decode(const QByteArray &bytes, const QSize &wanted, QString &error)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAllocationLimit(kDecodeLimitMb);
    reader.setAutoTransform(true); // phone photos carry their rotation in EXIF
    QSize size = reader.size();
    if (!size.isValid()) {
        error = u"not a picture this console can show"_s;
        return {};
    }
    // Scaled while decoding (JPEG decodes smaller for free): never the full picture when a
    // thumbnail was asked for.
    const QSize bound = wanted.isValid() && !wanted.isEmpty()
                            ? wanted.boundedTo(QSize(kMaxThumbnailSide, kMaxThumbnailSide))
                            : QSize(kMaxThumbnailSide, kMaxThumbnailSide);
    if (size.width() > bound.width() || size.height() > bound.height())
        size.scale(bound, Qt::KeepAspectRatio);
    reader.setScaledSize(size);
    QImage image = reader.read();
    if (image.isNull())
        error = reader.errorString();
    return image;
}

class Response : public QQuickImageResponse
{
public:
    Response(ConsoleClient *client, qint64 id, QSize wanted)
    {
        const QString key = QString::number(id) + u':' + QString::number(wanted.width()) + u'x' +
                            QString::number(wanted.height());
        {
            QMutexLocker lock(&cacheLock());
            if (const QImage *hit = cache().object(key)) {
                m_image = *hit;
                QMetaObject::invokeMethod(this, &Response::finished, Qt::QueuedConnection);
                return;
            }
        }
        // The client lives on the GUI thread: the download starts there, the decoding runs on
        // the thread pool, and finished() may be emitted from any thread. The engine deletes a
        // response only after its finished(), which is emitted exactly once below.
        Response *self = this;
        QMetaObject::invokeMethod(client, [client, id, wanted, key, self] {
            loadAttachment(client, id, client, [wanted, key, self](const Result<QByteArray> &r) {
                if (!r.isOk()) {
                    self->fail(r.status().message());
                    return;
                }
                QThreadPool::globalInstance()->start([bytes = r.value(), wanted, key, self] {
                    QString error;
                    QImage image = decode(bytes, wanted, error);
                    if (!image.isNull()) {
                        QMutexLocker lock(&cacheLock());
                        cache().insert(key, new QImage(image), int(image.sizeInBytes()));
                    }
                    if (image.isNull())
                        self->fail(error);
                    else
                        self->done(std::move(image));
                });
            });
        });
    }

    QQuickTextureFactory *textureFactory() const override
    {
        return QQuickTextureFactory::textureFactoryForImage(m_image);
    }
    QString errorString() const override { return m_error; }

private:
    void done(QImage image)
    {
        m_image = std::move(image);
        Q_EMIT finished();
    }
    void fail(const QString &error)
    {
        m_error = error;
        Q_EMIT finished();
    }

    QImage m_image;
    QString m_error;
};

} // namespace

void loadAttachment(ConsoleClient *client, qint64 attachmentId, QObject *context,
                    std::function<void(const Result<QByteArray> &)> done)
{
    loadFrom(client, attachmentId, 0, std::make_shared<QByteArray>(), context, std::move(done));
}

AttachmentImageProvider::AttachmentImageProvider(ConsoleClient *client)
    : m_client(client)
{}

QQuickImageResponse *AttachmentImageProvider::requestImageResponse(const QString &id,
                                                                   const QSize &requestedSize)
{
    return new Response(m_client, id.toLongLong(), requestedSize);
}

} // namespace aiochat
