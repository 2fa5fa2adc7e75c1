#pragma once

#include "fakehttpserver.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QTimer>

namespace aiochat::test {

/**
 * @brief A loopback imitation of the Telegram Bot API (api.telegram.org) for tests. Routes
 * /bot<token>/<method> case-insensitively, accepts JSON, form and query parameters, checks the
 * required parameters and their types against the Bot API description (tests/data), and
 * answers with the real error texts. Implements getMe, getUpdates (long polling with offsets,
 * 409 while a webhook is set), setWebhook (secret token rules; plain http allowed as with a
 * local Bot API server), deleteWebhook, getWebhookInfo, getFile and the file download path (the
 * token checked on both), and a webhook pusher that delivers queued updates to the registered
 * URL with Telegram's retry behaviour.
 */
class FakeTelegramServer : public QObject
{
    Q_OBJECT
public:
    struct Call
    {
        QString method;
        QJsonObject params;
        qint64 at = 0; ///< ms since epoch, when the fake received it
    };

    /** @brief An answer to force on the next matching call(s) instead of the normal one. */
    struct Injection
    {
        QString method;    ///< e.g. "sendMessage"
        QString chatId;    ///< only for this chat; empty = any
        int errorCode = 0; ///< 429, 400, 401, 403, 500…; 0 with noAnswer = hang
        QString description;
        QJsonObject parameters; ///< retry_after, migrate_to_chat_id
        bool noAnswer = false;  ///< never answer (the client must time out)
        int times = 1;
    };

    explicit FakeTelegramServer(QString token, QObject *parent = nullptr);

    bool listen() { return m_http.listen(); }
    [[nodiscard]] QString apiBase() const { return m_http.baseUrl(); }
    [[nodiscard]] const QList<Call> &calls() const { return m_calls; }
    [[nodiscard]] QList<Call> callsOf(const QString &method) const;

    /** @brief Adds an update (update_id assigned when missing); delivered by getUpdates or the
     * pusher. */
    qint64 queueUpdate(QJsonObject update);
    [[nodiscard]] int pendingUpdates() const { return int(m_queue.size()); }
    [[nodiscard]] QString webhookUrl() const { return m_webhookUrl; }
    [[nodiscard]] QString webhookSecret() const { return m_webhookSecret; }
    /** @brief Statuses the webhook answered, in order (the pusher's view). */
    [[nodiscard]] const QList<int> &webhookResponses() const { return m_webhookResponses; }

    void inject(const Injection &injection) { m_injections.append(injection); }
    /**
     * @brief A file the bot may fetch: getFile answers its path (none over the Bot API's 20 MB,
     * as Telegram does), /file/bot<token>/<path> serves the bytes. Returns the file_id.
     */
    QString addFile(const QByteArray &content, const QString &path);
    /**
     * @brief While held, getFile calls wait unanswered (a benchmark lets a burst of messages
     * settle before their downloads start); releasing answers them all.
     */
    void holdFiles(bool hold);
    /** @brief getFile calls waiting for holdFiles(false). */
    [[nodiscard]] int heldFiles() const { return int(m_heldFiles.size()); }
    /** @brief How many times each file path was downloaded. */
    [[nodiscard]] int downloadsOf(const QString &path) const { return m_downloads.value(path); }
    /** @brief Messages accepted by sendMessage, in arrival order. */
    [[nodiscard]] QList<Call> sentMessages() const;
    /** @brief Texts accepted for one chat, in order. */
    [[nodiscard]] QStringList textsTo(const QString &chatId) const;

Q_SIGNALS:
    void called(const QString &method);
    void webhookDelivered(qint64 updateId);

private:
    void handle(const FakeRequest &request, const FakeResponder &responder);
    void answerUpdates(const FakeResponder &responder, qint64 offset, int limit);
    void pushNext();
    void answerGetFile(const QString &id, const FakeResponder &responder);
    [[nodiscard]] QString validate(const QString &method, const QJsonObject &params) const;

    FakeHttpServer m_http{this};
    QString m_token;
    QJsonObject m_spec;
    QList<Call> m_calls;
    QList<QJsonObject> m_queue;
    QList<Injection> m_injections;
    qint64 m_nextMessageId = 5000;
    qint64 m_nextUpdateId = 905512001;
    QString m_webhookUrl;
    QString m_webhookSecret;
    qint64 m_lastErrorDate = 0; ///< the last failed webhook delivery (getWebhookInfo)
    QString m_lastErrorMessage;
    QList<int> m_webhookResponses;
    QNetworkAccessManager m_network{this};
    bool m_pushing = false;
    int m_pushDelayMs = 0;
    struct Poll
    {
        FakeResponder responder;
        qint64 offset;
        int limit;
        QTimer *timer;
    };
    QList<Poll> m_polls;
    struct File
    {
        QByteArray content;
        QString path;
    };
    QHash<QString, File> m_files; ///< by file_id
    QHash<QString, int> m_downloads;
    bool m_holdingFiles = false;
    QList<std::function<void()>> m_heldFiles;
};

} // namespace aiochat::test
