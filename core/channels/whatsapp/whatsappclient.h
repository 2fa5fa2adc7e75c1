#pragma once

#include <QJsonObject>
#include <QObject>

#include <functional>

#include "media/download.h"

class QNetworkAccessManager;

namespace aiochat {

/** @brief A Cloud API answer: the body on success, the Graph error fields on failure. */
struct WhatsAppReply
{
    int httpStatus = 0;
    bool ok = false;
    QJsonObject body;
    int errorCode = 0;
    QString errorMessage; ///< "(#131047) Re-engagement message"
    QString details;      ///< error_data.details
    bool transportError = false;

    /** @brief "(#131047) Re-engagement message — Message failed to send because …" */
    [[nodiscard]] QString summary() const;
};

/**
 * @brief Minimal WhatsApp Cloud API client: POST <base>/<phone-number-id>/messages with the
 * bearer token (text, templates, mark-as-read). Lives in the core thread; never logs the token.
 */
class WhatsAppClient : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const WhatsAppReply &)>;

    explicit WhatsAppClient(QNetworkAccessManager &network, QObject *parent = nullptr);

    void setCredentials(const QString &apiBase, const QString &phoneNumberId,
                        const QString &accessToken);
    [[nodiscard]] bool isConfigured() const
    {
        return !m_apiBase.isEmpty() && !m_phoneNumberId.isEmpty() && !m_token.isEmpty();
    }

    void postMessage(const QJsonObject &body, int timeoutMs, Done done);
    /** @brief Marks an inbound message (and those before it) read: blue ticks for the customer. */
    void markRead(const QString &platformMessageId, Done done);
    /**
     * @brief POST /{phone-number-id}/media (multipart: the file, its type, messaging_product):
     * the media id a following image or document message names.
     */
    void uploadMedia(const QByteArray &data, const QString &mimeType, const QString &fileName,
                     int timeoutMs, Done done);
    /** @brief GET /{media-id}: the short-lived URL of an inbound file, its type, size and hash. */
    void mediaInfo(const QString &mediaId, int timeoutMs, Done done);
    /**
     * @brief Downloads the URL mediaInfo() gave, with the bearer token, at most @p maxBytes. The
     * URL is used at once and never stored or logged.
     */
    void downloadMedia(const QString &url, qint64 maxBytes, int timeoutMs,
                       std::function<void(Download)> done, DownloadProgress progress = {});

private:
    QNetworkAccessManager &m_network;
    QString m_apiBase;
    QString m_phoneNumberId;
    QString m_token;
};

} // namespace aiochat
