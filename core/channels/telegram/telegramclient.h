#pragma once

#include "domain/status.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>

#include <functional>

#include "media/download.h"

class QNetworkAccessManager;

class QNetworkReply;

namespace aiochat {

/** @brief A Bot API answer, success or failure, with what the error handling needs. */
struct TelegramReply
{
    int httpStatus = 0;
    bool ok = false;
    int errorCode = 0;
    QString description;
    QJsonValue result;
    int retryAfter = 0;          ///< seconds (429)
    qint64 migrateToChatId = 0;  ///< group upgraded to a supergroup (400)
    bool transportError = false; ///< no HTTP answer at all (timeout, refused, TLS…)

    /** @brief A short, operator-readable summary: "409 Conflict: …", "network: …". */
    [[nodiscard]] QString summary() const;
};

/**
 * @brief Minimal Telegram Bot API client: POST <base>/bot<token>/<method> with JSON parameters.
 * The token is part of the URL, so URLs are never logged. Lives in the core thread.
 */
class TelegramClient : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const TelegramReply &)>;

    TelegramClient(QNetworkAccessManager &network, QObject *parent = nullptr);

    void setCredentials(const QString &apiBase, const QString &token);
    [[nodiscard]] bool isConfigured() const { return !m_token.isEmpty() && !m_apiBase.isEmpty(); }

    /** @brief Calls @p method; @p done runs in this object's thread. @p timeoutMs bounds the whole
     * call. */
    void call(const QString &method, const QJsonObject &params, int timeoutMs, Done done);
    /**
     * @brief Calls @p method (sendPhoto, sendDocument) as multipart/form-data: @p params as text
     * fields, the file as @p fileField.
     */
    void upload(const QString &method, const QJsonObject &params, const QString &fileField,
                const QString &fileName, const QString &mimeType, const QByteArray &data,
                int timeoutMs, Done done);
    /**
     * @brief Downloads a file getFile described (<base>/file/bot<token>/<file_path>), at most
     * @p maxBytes. The URL holds the token: it is built here and never leaves this class.
     */
    void downloadFile(const QString &filePath, qint64 maxBytes, int timeoutMs,
                      std::function<void(Download)> done, DownloadProgress progress = {});

private:
    [[nodiscard]] QNetworkRequest methodRequest(const QString &method, int timeoutMs) const;
    /** @brief Calls @p done with the Bot API's answer when @p reply finishes. */
    void answer(QNetworkReply *reply, Done done);

    QNetworkAccessManager &m_network;
    QString m_apiBase;
    QString m_token;
};

} // namespace aiochat
