#pragma once

#include "fakehttpserver.h"

#include <QHash>

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>

namespace aiochat::test {

/**
 * @brief A loopback imitation of the WhatsApp Cloud API (graph.facebook.com/vNN.0): POST
 * /<version>/<phone-number-id>/messages with a bearer token, validated like Meta does (messaging
 * product, recipient, type, text length, template shape), answering with fresh wamids; read
 * receipts ({"status":"read"}); injected Graph errors (131047, 130429, 131056, 190…); and a
 * pusher that delivers signed status webhooks to the product's listener; media metadata and
 * downloads with expiring URLs, the bearer token checked on both; media uploads and the image
 * and document messages that name them.
 */
class FakeWhatsAppServer : public QObject
{
    Q_OBJECT
public:
    struct Sent
    {
        QJsonObject body;
        QString to;
        QString wamid;
        qint64 at = 0;
    };
    struct Injection
    {
        int code = 0;
        int httpStatus = 400;
        QString title;
        QString details;
        int times = 1;
        int delayMs = 0; ///< answer later (a status webhook can overtake it)
    };

    FakeWhatsAppServer(QString phoneNumberId, QString token, QObject *parent = nullptr);

    bool listen() { return m_http.listen(); }
    /** @brief What AIOCHAT_WHATSAPP_API_BASE should be: http://127.0.0.1:<port>/v24.0 */
    [[nodiscard]] QString apiBase() const { return m_http.baseUrl() + QStringLiteral("/v24.0"); }
    [[nodiscard]] const QList<Sent> &sent() const { return m_sent; }
    [[nodiscard]] const QStringList &readMarks() const { return m_readMarks; }
    [[nodiscard]] int requests() const { return m_requests; }
    void inject(const Injection &injection) { m_injections.append(injection); }
    /** @brief The wamid the next accepted message will get. */
    [[nodiscard]] QString nextWamid() const;
    /** @brief Holds successful answers back until releaseAnswers() (a webhook can overtake them).
     */
    void holdAnswers() { m_holding = true; }
    void releaseAnswers();

    /**
     * @brief Media a customer sent: GET /v24.0/<media-id> (bearer checked) answers a download URL
     * on this server that itself needs the bearer and expires after @p urlLifetimeMs (Meta's last
     * about five minutes); the first @p expiredUrls URLs are expired when handed out, as if the
     * download came too late. Returns the media id.
     */
    QString addMedia(const QByteArray &content, const QString &mimeType,
                     qint64 urlLifetimeMs = 300'000, int expiredUrls = 0);
    /** @brief Media ids handed out for uploads, in order. */
    [[nodiscard]] const QStringList &uploads() const { return m_uploads; }
    /** @brief What was uploaded (or added) under @p mediaId. */
    [[nodiscard]] QByteArray mediaContent(const QString &mediaId) const
    {
        return m_media.value(mediaId).content;
    }
    /** @brief Download URLs handed out (metadata calls that succeeded). */
    [[nodiscard]] int mediaUrlsIssued() const { return m_urlsIssued; }

    /** @brief POSTs a statuses[] notification for @p wamid, signed with @p appSecret. */
    int pushStatus(const QString &webhookUrl, const QByteArray &appSecret, const QString &wamid,
                   const QString &status, const QJsonArray &errors = {});

private:
    void handle(const FakeRequest &request, const FakeResponder &responder);

    FakeHttpServer m_http{this};
    QString m_phoneNumberId;
    QString m_token;
    QList<Sent> m_sent;
    QStringList m_readMarks;
    QList<Injection> m_injections;
    QNetworkAccessManager m_network{this};
    int m_counter = 0;
    int m_requests = 0;
    bool m_holding = false;
    QList<std::pair<FakeResponder, FakeResponse>> m_held;
    struct Media
    {
        QByteArray content;
        QString mimeType;
        qint64 urlLifetimeMs = 0;
        int expiredUrls = 0;
    };
    QHash<QString, Media> m_media;                     ///< by media id
    QHash<QString, std::pair<QString, qint64>> m_urls; ///< URL key → media id, expiry
    int m_urlsIssued = 0;

    void handleMedia(const FakeRequest &request, const FakeResponder &responder);
    void handleUpload(const FakeRequest &request, const FakeResponder &responder);
    QStringList m_uploads;
};

} // namespace aiochat::test
