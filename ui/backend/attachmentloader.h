#pragma once

#include "domain/status.h"

#include <QByteArray>
#include <QQuickAsyncImageProvider>

#include <functional>

namespace aiochat {

class ConsoleClient;

/**
 * @brief A customer's file, read whole through the Console API (attachment.download, 1 MiB
 * chunks). @p done runs on @p context's thread.
 */
void loadAttachment(ConsoleClient *client, qint64 attachmentId, QObject *context,
                    std::function<void(const Result<QByteArray> &)> done);

/**
 * @brief image://attachment/<id>: a picture a customer sent, as a thumbnail of the requested
 * size. Read through the Console API, decoded off the GUI thread with a bounded allocation (a
 * decompression bomb cannot take the console's memory) and kept in a small cache (64 MiB of
 * decoded pixels), so scrolling back does not fetch again.
 */
class AttachmentImageProvider : public QQuickAsyncImageProvider
{
public:
    explicit AttachmentImageProvider(ConsoleClient *client);
    QQuickImageResponse *requestImageResponse(const QString &id,
                                              const QSize &requestedSize) override;

private:
    ConsoleClient *m_client;
};

} // namespace aiochat
