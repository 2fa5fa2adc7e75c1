#pragma once

#include "host/coreservice.h"
#include "media/attachmentrepository.h"
#include "media/download.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>

namespace aiochat {

class EventBus;
class MetricsRegistry;
class Settings;
class Storage;
class TelegramClient;
class WhatsAppClient;

/**
 * @brief Fetches the files customers send, a core service. Each file is queued with its message
 * (AttachmentRepository::queueFor, in the message's own commit), so nothing acknowledged is
 * forgotten; this service claims due ones on the writer, downloads a few at a time (Telegram:
 * getFile, then the file path; WhatsApp: the media id's short-lived URL, fetched again when it
 * expired), checks and seals each on the thread pool (type by content, executables refused, a
 * picture's size read from its header before anything decodes it) and keeps it once per content.
 * Nothing here runs on the path of a webhook's acknowledgement.
 *
 * Settings: media/maxFileMb (20: Telegram's Bot API limit), media/quotaMb (5120),
 * media/concurrent (4).
 */
class MediaFetcher : public QObject, public CoreService
{
    Q_OBJECT
public:
    struct Deps
    {
        Storage &storage;
        TelegramClient &telegram;
        WhatsAppClient &whatsApp;
        EventBus &events;
        MetricsRegistry &metrics;
        Settings &settings;
    };

    explicit MediaFetcher(Deps deps, QObject *parent = nullptr);
    ~MediaFetcher() override;

    [[nodiscard]] QString serviceName() const override { return QStringLiteral("media"); }
    [[nodiscard]] Status start() override;
    void stop() override;

    /** @brief Looks for due downloads now (a message with files arrived, a retry was asked). */
    void wake();

private:
    struct Failure
    {
        QString error;
        bool retryable = false;
    };
    using Fetched = std::function<void(const Result<QByteArray> &, const Failure &)>;

    void claim();
    void fetch(const PendingDownload &d);
    void fetchTelegram(const PendingDownload &d, Fetched done);
    void fetchWhatsApp(const PendingDownload &d, bool again, Fetched done);
    /** @brief attachment.progress events for @p d's download, a few per file. */
    [[nodiscard]] DownloadProgress progressOf(const PendingDownload &d);
    void keep(const PendingDownload &d, QByteArray bytes);
    void failed(const PendingDownload &d, const Failure &f);
    void finished(const PendingDownload &d, const QString &result, const QJsonObject &attachment);

    Deps m_deps;
    QTimer m_timer{this};  // a child: it moves to the core thread with the service
    QThreadPool m_workers; ///< checks, seals and writes fetched files (idle priority)
    int m_inFlight = 0;
    bool m_claiming = false;
    bool m_wakeAgain = false;
    bool m_running = false;
    qint64 m_maxBytes = 20LL * 1024 * 1024;
    qint64 m_quotaBytes = 5120LL * 1024 * 1024;
    qint64 m_keepFreeBytes = 256LL * 1024 * 1024; ///< disk space files must leave free
    int m_concurrent = 4;
    std::shared_ptr<std::atomic_bool> m_alive = std::make_shared<std::atomic_bool>(false);
};

} // namespace aiochat
