#pragma once

#include "config/options.h"
#include "domain/status.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>

#include <memory>
#include <vector>

class QLockFile;
class QThread;

namespace aiochat {

class AuditLog;
class AuthService;
class ChannelSettings;
class ClusterLink;
class ConsoleApi;
class ConversationService;
class DataKeyring;
struct DatabaseConfig;
class CoreService;
class EventBus;
class InboundJournal;
class JournalProcessor;
class ListenerService;
class MetricsRegistry;
class OutboundChannel;
class Outbox;
class PersonalDataCipher;
class SecretStore;
class Settings;
class Storage;
class TelegramClient;
class VectorIndex;
class TelegramPoller;
class WhatsAppClient;

/**
 * @brief Owns the backend: the core thread (services, listener, clients), the single database
 * writer thread and the reader pool. start() brings everything up in order and reports the first
 * failure; stop() takes it down in reverse and flushes pending writes. Both are called from the
 * thread that created the host (main), and both block until done.
 */
class CoreHost : public QObject
{
    Q_OBJECT
public:
    explicit CoreHost(Options options, QObject *parent = nullptr);
    ~CoreHost() override;

    [[nodiscard]] Status start();
    void stop();

    /** @brief How a maintenance job shares the data directory with a running instance. */
    enum class Access
    {
        Exclusive, ///< refuse while AIO-CHAT runs with this data directory
        Shared,    ///< fine alongside a running instance (reads, the key rotation)
    };
    /**
     * @brief Opens settings, secrets and storage (migrated) without the core thread, listener or
     * services: for command-line jobs. stop() closes it again.
     */
    [[nodiscard]] Status openForMaintenance(Access access);
    [[nodiscard]] bool isRunning() const { return m_running; }

    [[nodiscard]] const Options &options() const { return m_options; }
    /** @brief Lives in the core thread: call it through queued invocations only. */
    [[nodiscard]] ConsoleApi *consoleApi() const { return m_api; }
    [[nodiscard]] EventBus *events() const { return m_events; }
    [[nodiscard]] ConversationService *conversations() const { return m_conversations; }
    [[nodiscard]] Storage *storage() const { return m_storage.get(); }
    [[nodiscard]] SecretStore *secrets() const { return m_secrets.get(); }
    [[nodiscard]] Settings *settings() const { return m_settings.get(); }
    [[nodiscard]] QThread *coreThread() const { return m_coreThread; }
    [[nodiscard]] MetricsRegistry *metrics() const { return m_metrics.get(); }
    // Core-thread objects (use through queued invocations):
    [[nodiscard]] ChannelSettings *channels() const { return m_channels; }
    [[nodiscard]] InboundJournal *journal() const { return m_journal; }
    [[nodiscard]] JournalProcessor *journalProcessor() const { return m_processor; }
    [[nodiscard]] ListenerService *listener() const { return m_listener; }
    [[nodiscard]] TelegramPoller *telegramPoller() const { return m_poller; }
    [[nodiscard]] Outbox *outbox() const { return m_outbox; }
    [[nodiscard]] AuthService *auth() const { return m_auth; }
    [[nodiscard]] ClusterLink *cluster() const { return m_cluster; }
    [[nodiscard]] const AuditLog *auditLog() const { return m_audit.get(); }
    [[nodiscard]] QByteArray auditKey() const { return m_auditKey; }
    /** @brief The port the listener is bound to (useful with --port 0). */
    [[nodiscard]] quint16 listenerPort() const { return m_listenerPort; }

private:
    [[nodiscard]] Status prepareDataDir();
    [[nodiscard]] Status lockDataDir();
    [[nodiscard]] Status openStorage();
    /** @brief First start: this instance's keys, made and saved where they are missing. */
    [[nodiscard]] Status loadOrCreateKeys();
    /** @brief A database in use: its keys must all be there; none is ever made. */
    [[nodiscard]] Status loadKeys(const DatabaseConfig &config);
    void useDataKeys(DataKeyring keyring);
    /** @brief Records the keys' fingerprints in the database when it lacks them. */
    [[nodiscard]] Status keepKeyCheck(const QString &stored);
    [[nodiscard]] Status startCoreThread();
    void registerSystemCommands();
    /** @brief hostname:data directory — names this instance among those sharing a database. */
    [[nodiscard]] QString instanceName() const;
    /** @brief Wires the cluster link (PostgreSQL): events, caches, sends, journal, poller. */
    void shareWithOtherInstances();
    /** @brief Settings another instance changed (channels, the listener's guard), applied here. */
    void applySharedSettings(const QVariantMap &changes, qint64 version);

    Options m_options;
    bool m_running = false;
    std::unique_ptr<QLockFile> m_lock; ///< one running instance per data directory
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<SecretStore> m_secrets;
    std::shared_ptr<const PersonalDataCipher> m_cipher;
    std::unique_ptr<Storage> m_storage;
    std::unique_ptr<MetricsRegistry> m_metrics;
    /// Passage vectors: searched from reader threads, so it outlives the threads that use it.
    std::unique_ptr<VectorIndex> m_vectors;
    QByteArray m_auditKey;
    QByteArray m_tokenKey;
    std::unique_ptr<AuditLog> m_audit;
    quint16 m_listenerPort = 0;

    QThread *m_coreThread = nullptr;
    QObject *m_coreRoot = nullptr; ///< parent of every core-thread object; moved as one
    EventBus *m_events = nullptr;
    ConversationService *m_conversations = nullptr;
    ConsoleApi *m_api = nullptr;
    ChannelSettings *m_channels = nullptr;
    InboundJournal *m_journal = nullptr;
    JournalProcessor *m_processor = nullptr;
    TelegramClient *m_telegram = nullptr;
    TelegramPoller *m_poller = nullptr;
    ListenerService *m_listener = nullptr;
    WhatsAppClient *m_whatsApp = nullptr;
    Outbox *m_outbox = nullptr;
    AuthService *m_auth = nullptr;
    ClusterLink *m_cluster = nullptr;
    std::vector<std::unique_ptr<OutboundChannel>> m_senders;
    std::vector<CoreService *> m_services; ///< in start order
    std::vector<CoreService *> m_started;
};

} // namespace aiochat
