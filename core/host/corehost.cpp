#include "corehost.h"

#include "api/assistantcommands.h"
#include "api/attachmentcommands.h"
#include "api/authcommands.h"
#include "api/automationcommands.h"
#include "api/backupcommands.h"
#include "api/channelcommands.h"
#include "api/consoleapi.h"
#include "api/consolesocket.h"
#include "api/contactcommands.h"
#include "api/contacteditcommands.h"
#include "api/conversationcommands.h"
#include "api/knowledgecommands.h"
#include "api/listenercommands.h"
#include "api/messagecommands.h"
#include "api/metricscommands.h"
#include "api/taskcommands.h"
#include "api/workflowcommands.h"
#include "assistant/assistantservice.h"
#include "automation/automationservice.h"
#include "backup/backupscheduler.h"
#include "channels/channelsettings.h"
#include "channels/inboundjournal.h"
#include "channels/journalprocessor.h"
#include "channels/outbound/outbox.h"
#include "channels/sandbox/sandboxsender.h"
#include "channels/telegram/telegramclient.h"
#include "channels/telegram/telegrampoller.h"
#include "channels/telegram/telegramsender.h"
#include "channels/whatsapp/whatsappclient.h"
#include "channels/whatsapp/whatsappsender.h"
#include "cluster/clusterlink.h"
#include "config/secretstore.h"
#include "config/settings.h"
#include "conversations/conversationservice.h"
#include "coreservice.h"
#include "demo/demodatagenerator.h"
#include "events/eventbus.h"
#include "knowledge/embedder.h"
#include "knowledge/vectorindex.h"
#include "listenerservice.h"
#include "llm/chatclient.h"
#include "llm/embeddingclient.h"
#include "logging/logging.h"
#include "logging/logsetup.h"
#include "media/attachmentrepository.h"
#include "media/mediafetcher.h"
#include "metrics/metricsregistry.h"
#include "security/auditlog.h"
#include "security/authservice.h"
#include "security/datakeyring.h"
#include "security/keycheck.h"
#include "security/keyringwatcher.h"
#include "security/legacytextsealer.h"
#include "security/personaldatacipher.h"
#include "storage/dbsettings.h"
#include "storage/storage.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QSysInfo>
#include <QThread>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// Where the secrets are, in the console's language (the store names itself in English, for logs).
QString describeSecretStore(const QString &description)
{
    if (description.startsWith(u"key file "_s))
        return QObject::tr("the key file %1").arg(description.mid(9));
    if (description == u"OS keychain"_s)
        return QObject::tr("the system keychain");
    if (description == u"environment variables"_s)
        return QObject::tr("environment variables");
    return description;
}

} // namespace

CoreHost::CoreHost(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{}

CoreHost::~CoreHost()
{
    stop();
}

Status CoreHost::prepareDataDir()
{
    QDir dir(m_options.dataDir);
    if (!dir.mkpath(u"."_s))
        return Status::unavailable(u"cannot create the data directory "_s + m_options.dataDir);
    // The directory holds the database, the key file and logs: owner only — and so does what an
    // older version (or a copy from a backup) left readable to others.
    const auto ownerDir = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
    const auto ownerFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    QFile::setPermissions(m_options.dataDir, ownerDir);
    for (const QString &folder : {m_options.dataDir, dir.filePath(u"logs"_s)}) {
        const QFileInfoList entries = QDir(folder).entryInfoList(
            QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
        for (const QFileInfo &entry : entries) {
            if (!entry.isSymLink())
                QFile::setPermissions(entry.filePath(), entry.isDir() ? ownerDir : ownerFile);
        }
    }
    m_settings = std::make_unique<Settings>(dir.filePath(u"aiochat.ini"_s));
    return Status::ok();
}

Status CoreHost::lockDataDir()
{
    m_lock = std::make_unique<QLockFile>(QDir(m_options.dataDir).filePath(u"aiochat.lock"_s));
    // A lock left by a crashed instance names a dead process and is taken over.
    if (m_lock->tryLock(0))
        return Status::ok();
    qint64 pid = 0;
    QString host;
    QString app;
    m_lock->getLockInfo(&pid, &host, &app);
    m_lock.reset();
    return Status::failedPrecondition(
        u"AIO-CHAT is already running with the data directory "_s +
        QDir::toNativeSeparators(m_options.dataDir) +
        (pid ? u" (process "_s + QString::number(pid) + u')' : QString()));
}

Status CoreHost::openForMaintenance(Access access)
{
    Status s = prepareDataDir();
    if (s.isOk() && access == Access::Exclusive)
        s = lockDataDir();
    if (s.isOk())
        s = openStorage();
    if (!s.isOk())
        stop();
    return s;
}

Status CoreHost::loadOrCreateKeys()
{
    Result<DataKeyring> keyring = DataKeyring::loadOrCreate(*m_secrets);
    if (!keyring.isOk())
        return keyring.status().prefixed(u"personal-data key"_s);
    useDataKeys(std::move(keyring).value());
    // This instance's own keys: tokens are signed with one, the audit chain is keyed with the
    // other, so neither can be forged from what the database alone holds.
    Result<QByteArray> tokenKey = m_secrets->readOrCreateKey(u"token-signing-key"_s);
    if (!tokenKey.isOk())
        return tokenKey.status();
    m_tokenKey = tokenKey.value();
    Result<QByteArray> auditKey = m_secrets->readOrCreateKey(u"audit-key"_s);
    if (!auditKey.isOk())
        return auditKey.status();
    m_auditKey = auditKey.value();
    return Status::ok();
}

Status CoreHost::loadKeys(const DatabaseConfig &config)
{
    const QString where = m_secrets->writableDescription();
    const auto missing = [&](const QString &entry) {
        return Status::failedPrecondition(
            u"the "_s + where + u" has no \""_s + entry + u"\" key, but the database "_s +
            config.displayName() +
            u" holds data sealed with it. Restore the key file (secrets.json in the data "
            u"directory, mode 0600) or the keychain entry from the backup made with this "
            u"database, then start again. No new keys were made and nothing was written."_s);
    };
    const Result<std::optional<QByteArray>> ring =
        m_secrets->read(QString::fromLatin1(DataKeyring::kSecretName));
    if (!ring.isOk())
        return ring.status().prefixed(u"reading the personal-data key"_s);
    if (!ring.value())
        return missing(QString::fromLatin1(DataKeyring::kSecretName));
    Result<DataKeyring> keyring = DataKeyring::fromJson(*ring.value());
    if (!keyring.isOk())
        return keyring.status().prefixed(u"personal-data key"_s);
    useDataKeys(std::move(keyring).value());
    for (const auto &[name, key] :
         {std::pair{u"token-signing-key"_s, &m_tokenKey}, std::pair{u"audit-key"_s, &m_auditKey}}) {
        const Result<std::optional<QByteArray>> value = m_secrets->read(name);
        if (!value.isOk())
            return value.status();
        if (!value.value())
            return missing(name);
        *key = QByteArray::fromBase64(*value.value());
        if (key->size() != 32)
            return Status::failedPrecondition(u"the stored "_s + name + u" is malformed"_s);
    }
    return Status::ok();
}

void CoreHost::useDataKeys(DataKeyring keyring)
{
    m_cipher = std::make_shared<const PersonalDataCipher>(std::move(keyring));
    // A value sealed by a rotation running beside us, before the watcher caught up, still opens.
    m_cipher->setKeySource([secrets = m_secrets.get()] { return DataKeyring::load(*secrets); });
}

Status CoreHost::keepKeyCheck(const QString &stored)
{
    // Written once for a new database (and for one made before checks were kept), and again
    // when a rotation has added keys, so the check always names every key in use.
    if (!stored.isEmpty() && KeyCheck::covers(stored, m_cipher->keyring()))
        return Status::ok();
    const QString record = KeyCheck::record(m_cipher->keyring(), m_tokenKey, m_auditKey);
    return m_storage->writer().run([&record](QSqlDatabase &db) {
        return dbsettings::write(db, QString::fromLatin1(KeyCheck::kSettingsKey), record);
    });
}

Status CoreHost::openStorage()
{
    const auto mode = SecretStore::modeFromString(m_options.secretsMode);
    m_secrets =
        SecretStore::createDefault(m_options.dataDir, mode.value_or(SecretStore::Mode::Auto));
    qCInfo(lcConfig).noquote() << "secrets are kept in the" << m_secrets->writableDescription();

    Result<DatabaseConfig> resolved =
        DatabaseConfig::forInstance(m_options.databaseUrl, m_options.dataDir);
    if (!resolved.isOk())
        return resolved.status();
    DatabaseConfig config = resolved.value();
    if (config.engine == Engine::Postgres)
        config.instance = instanceName();
    const QString durability = m_settings->value(u"storage/durability"_s, u"process"_s).toString();
    config.durability = durability == u"power-loss"_s ? Durability::PowerLoss : Durability::Process;

    // Keys are made only for a database that has never been opened: one that has holds data
    // sealed under keys that must come back from a backup, never be replaced by new ones.
    const Result<Storage::Peek> peek = Storage::peek(config);
    if (!peek.isOk())
        return peek.status();
    Status keys = peek->initialised ? loadKeys(config) : loadOrCreateKeys();
    if (keys.isOk() && !peek->keyCheck.isEmpty())
        keys = KeyCheck::verify(peek->keyCheck, m_cipher->keyring(), m_tokenKey, m_auditKey,
                                m_secrets->writableDescription());
    if (!keys.isOk())
        return keys;
    m_audit = std::make_unique<AuditLog>(m_auditKey);

    m_metrics = std::make_unique<MetricsRegistry>();
    m_storage = std::make_unique<Storage>(config, m_cipher, 2);
    const Status opened = m_storage->open();
    if (!opened.isOk())
        return opened.prefixed(u"database"_s);
    if (const Status s = keepKeyCheck(peek->keyCheck); !s.isOk())
        return s;

    if (m_options.demo) {
        const Result<bool> empty = DemoDataGenerator::storeIsEmpty(m_storage->writer());
        if (!empty.isOk())
            return empty.status();
        if (empty.value()) {
            QElapsedTimer timer;
            timer.start();
            const Status s =
                DemoDataGenerator(*m_cipher, DemoScale{}).generate(m_storage->writer());
            if (!s.isOk())
                return s.prefixed(u"demo data"_s);
            qCInfo(lcDemo) << "demo data written in" << timer.elapsed() << "ms";
        } else {
            qCInfo(lcDemo) << "the store already has conversations; no demo data added";
        }
    }
    return Status::ok();
}

Status CoreHost::startCoreThread()
{
    m_coreThread = new QThread;
    m_coreThread->setObjectName(u"aiochat-core"_s);

    m_coreRoot = new QObject;
    m_coreRoot->setObjectName(u"coreRoot"_s);
    m_events = new EventBus(m_coreRoot);
    m_conversations = new ConversationService(*m_storage, *m_events, m_coreRoot);
    m_api = new ConsoleApi(m_storage->readers(), *m_events, m_coreRoot);
    m_auth = new AuthService(*m_storage, *m_audit, TokenService(m_tokenKey),
                             authPolicyFromSettings(*m_settings), PasswordHasher(), m_coreRoot);
    m_api->setAuthenticator(
        [auth = m_auth](const QString &token) { return auth->authenticate(token); });
    m_api->setAuditLog(m_audit.get(), &m_storage->writer());
    auto *network = new QNetworkAccessManager(m_coreRoot);
    m_channels = new ChannelSettings(*m_secrets, *m_settings,
                                     QProcessEnvironment::systemEnvironment(), m_coreRoot);
    m_journal = new InboundJournal(*m_storage, *m_metrics, m_coreRoot);
    m_processor =
        new JournalProcessor(*m_storage, *m_conversations, *m_events, *m_metrics, m_coreRoot);
    m_telegram = new TelegramClient(*network, m_coreRoot);
    m_poller = new TelegramPoller(*m_telegram, *m_journal, *m_channels, m_coreRoot);
    m_poller->setPollTimeout(m_settings->value(u"telegram/pollTimeoutSeconds"_s, 50).toInt());
    // The command line and environment win over what the Settings page saved.
    if (!m_options.listenAddressGiven) {
        const QHostAddress saved(m_settings->value(u"listener/address"_s).toString());
        if (!saved.isNull())
            m_options.listenAddress = saved.toString();
    }
    if (!m_options.portGiven) {
        bool ok = false;
        const uint saved = m_settings->value(u"listener/port"_s).toUInt(&ok);
        if (ok && saved > 0 && saved <= 65535)
            m_options.port = quint16(saved);
    }
    m_listener =
        new ListenerService(QHostAddress(m_options.listenAddress), m_options.port, *m_storage,
                            *m_journal, *m_metrics, *m_channels, *m_settings, m_coreRoot);
    m_listener->enableApi(*m_api);
    // A logout, a revoked session or a changed role closes or updates open console sockets now.
    connect(m_auth, &AuthService::operatorsChanged, m_listener->consoleSockets(),
            &ConsoleSocketServer::checkSessions);
    m_whatsApp = new WhatsAppClient(*network, m_coreRoot);
    m_outbox = new Outbox(*m_storage, *m_events, *m_metrics,
                          OutboxPolicy::fromSettings(*m_settings), m_coreRoot);
    const int requestTimeoutMs = m_settings->value(u"outbox/requestTimeoutMs"_s, 15'000).toInt();
    // Files operators send wait sealed in the store; a sender reads one when its turn comes (on a
    // reader thread, the answer back on the core thread).
    const FileReader files = [storage = m_storage.get(), root = m_coreRoot](
                                 qint64 attachmentId,
                                 std::function<void(const Result<QByteArray> &)> done) {
        const PersonalDataCipher &cipher = storage->cipher();
        const BlobFiles *blobs = storage->blobFiles();
        storage->readers().submit([attachmentId, done, root, &cipher, blobs](QSqlDatabase &db) {
            Result<QByteArray> bytes =
                AttachmentRepository(db, cipher, blobs).content(attachmentId);
            QMetaObject::invokeMethod(
                root, [done, bytes = std::move(bytes)] { done(bytes); }, Qt::QueuedConnection);
        });
    };
    auto telegramSender = std::make_unique<TelegramSender>(*m_telegram, requestTimeoutMs);
    telegramSender->setFileReader(files);
    m_senders.push_back(std::move(telegramSender));
    WhatsAppSender::Pacing pacing;
    pacing.pairMs = m_settings->value(u"whatsapp/pairRateDelayMs"_s, pacing.pairMs).toInt();
    pacing.throughputMs =
        m_settings->value(u"whatsapp/throughputDelayMs"_s, pacing.throughputMs).toInt();
    auto whatsAppSender = std::make_unique<WhatsAppSender>(*m_whatsApp, requestTimeoutMs, pacing);
    whatsAppSender->setFileReader(files);
    m_senders.push_back(std::move(whatsAppSender));
    m_senders.push_back(std::make_unique<SandboxSender>(*m_events));
    for (const auto &sender : m_senders)
        m_outbox->addChannel(sender.get());

    auto applyCredentials = [this] {
        m_telegram->setCredentials(m_channels->telegram().apiBase, m_channels->telegram().botToken);
        const WhatsAppConfig &wa = m_channels->whatsApp();
        m_whatsApp->setCredentials(wa.apiBase, wa.phoneNumberId, wa.accessToken);
    };
    applyCredentials();
    QObject::connect(m_channels, &ChannelSettings::changed, m_telegram, [this, applyCredentials] {
        applyCredentials();
        // New credentials may be the fix for a paused channel: try again.
        m_outbox->resume(Platform::Telegram);
        m_outbox->resume(Platform::WhatsApp);
    });
    QObject::connect(m_journal, &InboundJournal::appended, m_processor,
                     &JournalProcessor::schedule);
    QObject::connect(m_processor, &JournalProcessor::telegramCallbackQuery, m_telegram,
                     [this](const QString &id) {
                         // Stops the spinner on the customer's button; the press itself is in the
                         // conversation.
                         m_telegram->call(u"answerCallbackQuery"_s,
                                          QJsonObject{{u"callback_query_id"_s, id}}, 10'000,
                                          [](const TelegramReply &) {});
                     });
    // Order matters: the processor drains the backlog before new requests arrive; the outbox
    // resumes what was queued; the poller starts last and stops first.
    auto *keyWatcher = new KeyringWatcher(*m_storage, *m_secrets,
                                          m_settings->value(u"security/keyCheckMs"_s, 2000).toInt(),
                                          m_storage->config().instance, m_coreRoot);
    auto *sealer = new LegacyTextSealer(*m_storage, m_coreRoot);
    m_vectors = std::make_unique<VectorIndex>();
    auto *embeddings = new EmbeddingClient(*network, m_coreRoot);
    auto *embedder =
        new Embedder(*m_storage, *m_channels, *embeddings, *m_vectors, *m_events, m_coreRoot);
    // The bot answers after the outbox is up (its answers go through it).
    auto *chat = new ChatClient(*network, m_coreRoot);
    auto *assistant =
        new AssistantService(*m_storage, *m_outbox, *m_events, *m_channels, *m_metrics,
                             {*embedder, *embeddings, *m_vectors, *chat}, m_coreRoot);
    // Automations send through the outbox and act through the Console API; the owner name lets
    // an instance take back its own jobs after a restart (several may share PostgreSQL).
    auto *automation = new automation::AutomationService(
        {*m_storage, *m_outbox, *m_events, *m_api, *m_metrics, *m_settings}, instanceName(),
        m_coreRoot);
    // Files customers send are fetched in the background, never on a webhook's path.
    auto *media = new MediaFetcher(
        {*m_storage, *m_telegram, *m_whatsApp, *m_events, *m_metrics, *m_settings}, m_coreRoot);
    // The daily backup copies the database on a thread of its own; it never writes to it.
    const DatabaseConfig &database = m_storage->config();
    auto *backups = new backup::BackupScheduler(
        {*m_settings, *m_metrics, m_options.dataDir,
         database.engine == Engine::Sqlite ? database.sqlitePath : QString(),
         [automation] { return automation->defaultTimeZone(); }},
        m_coreRoot);
    // Several instances on one PostgreSQL database: events, caches, sends, journal rows and
    // the Telegram poller are shared through the link (on SQLite it does nothing).
    ClusterTiming timing;
    timing.heartbeatMs = std::max(100, m_settings->value(u"cluster/heartbeatMs"_s, 2000).toInt());
    timing.leaseMs =
        std::max(3 * timing.heartbeatMs, m_settings->value(u"cluster/leaseMs"_s, 15'000).toInt());
    m_cluster = new ClusterLink(m_storage->config(), *m_cipher, timing, m_coreRoot);
    if (m_cluster->isShared())
        shareWithOtherInstances();
    m_services = {m_cluster,  m_auth, keyWatcher, sealer,   m_processor, m_outbox, assistant,
                  automation, media,  m_listener, m_poller, embedder,    backups};

    registerConversationCommands(*m_api, *m_storage);
    registerContactCommands(*m_api, *m_storage, *m_audit);
    registerContactEditCommands(*m_api, *m_storage, *m_events, *m_audit);
    registerMetricsCommands(*m_api);
    registerListenerCommands(*m_api, *m_listener, *m_settings);
    registerAuthCommands(*m_api, *m_auth, m_auditKey);
    registerWorkflowCommands(*m_api, *m_storage, *m_events, *m_metrics);
    registerTaskCommands(*m_api, *m_storage, *m_events);
    registerAttachmentCommands(*m_api, *m_storage, *m_events, *media);
    registerChannelCommands(*m_api, {*m_channels, *m_journal, *m_metrics, *m_telegram, *m_poller,
                                     *m_listener, *m_outbox, *network});
    registerMessageCommands(*m_api, *m_outbox, *m_storage, *m_settings, *m_whatsApp, *m_events);
    registerAssistantCommands(*m_api,
                              {*m_storage, *m_events, *m_audit, *m_channels, *chat, *embeddings});
    registerKnowledgeCommands(*m_api, *m_storage, *m_events,
                              {*embedder, *embeddings, *m_vectors,
                               [channels = m_channels] { return channels->llm().timeoutMs; }});
    registerAutomationCommands(*m_api, *m_storage, *m_events, *automation);
    registerBackupCommands(*m_api, *m_events, *backups);
    registerSystemCommands();
    // Changes to how the instance talks to the outside world leave a trace.
    for (const char16_t *name : {u"channel.configure", u"telegram.setWebhook",
                                 u"telegram.deleteWebhook", u"telegram.setMode"})
        m_api->auditOnSuccess(QString::fromUtf16(name), u"channel"_s);

    m_coreRoot->moveToThread(m_coreThread);
    m_coreThread->start();

    Status result;
    QMetaObject::invokeMethod(
        m_coreRoot,
        [this, &result] {
            for (CoreService *service : m_services) {
                const Status s = service->start();
                if (!s.isOk()) {
                    result = s.prefixed(service->serviceName());
                    return;
                }
                m_started.push_back(service);
            }
            m_listenerPort = m_listener->port();
        },
        Qt::BlockingQueuedConnection);
    return result;
}

QString CoreHost::instanceName() const
{
    // Stable across restarts, so a restarted instance takes back what it had queued.
    return QSysInfo::machineHostName() + u':' + QDir(m_options.dataDir).absolutePath();
}

void CoreHost::shareWithOtherInstances()
{
    ClusterLink *cluster = m_cluster;
    const int leaseMs = cluster->timing().leaseMs;
    m_outbox->shareWithOthers(leaseMs);
    m_outbox->setMayDispatch(false); // until the first renewal of the lease
    m_processor->shareWithOthers(leaseMs);
    m_poller->setLeader(false); // until this instance holds the poller's lock
    connect(m_events, &EventBus::published, cluster, &ClusterLink::publish);
    connect(cluster, &ClusterLink::remoteEvent, m_api, &ConsoleApi::event);
    connect(m_auth, &AuthService::changedHere, cluster,
            [cluster] { cluster->invalidate(u"operators"_s); });
    connect(cluster, &ClusterLink::invalidated, m_auth, [auth = m_auth](const QString &cache) {
        if (cache == u"operators"_s)
            auth->reloadFromStore();
    });
    connect(cluster, &ClusterLink::leaseChanged, m_outbox, &Outbox::setMayDispatch);
    connect(cluster, &ClusterLink::leaseLost, m_outbox, &Outbox::reloadOwn);
    connect(cluster, &ClusterLink::pollerChanged, m_poller, &TelegramPoller::setLeader);
    // Each renewal: what an instance that died left behind is taken over.
    connect(cluster, &ClusterLink::heartbeat, m_outbox, &Outbox::takeOverLeftovers);
    connect(cluster, &ClusterLink::heartbeat, m_processor, &JournalProcessor::schedule);
    // What administrators change from a console applies on every instance.
    cluster->setSettingsVersion(m_settings->value(u"cluster/settingsVersion"_s, 0).toLongLong());
    connect(m_channels, &ChannelSettings::stored, cluster,
            [cluster](const QString &key, const QString &value) {
                cluster->shareSettings({{key, value}});
            });
    connect(m_listener, &ListenerService::guardConfigured, cluster, &ClusterLink::shareSettings);
    connect(cluster, &ClusterLink::settingsChanged, m_channels,
            [this](const QVariantMap &changes, qint64 version) {
                applySharedSettings(changes, version);
            });
}

void CoreHost::applySharedSettings(const QVariantMap &changes, qint64 version)
{
    bool guard = false;
    for (auto it = changes.cbegin(); it != changes.cend(); ++it) {
        const QString value = it.value().toString();
        if (it.key().startsWith(u"listener/"_s)) {
            if (value.isEmpty())
                m_settings->remove(it.key());
            else
                m_settings->setValue(it.key(), value);
            guard = true;
        } else if (const QString error = m_channels->applyFromPeer(it.key(), value);
                   !error.isEmpty()) {
            qCWarning(lcCore).noquote()
                << "a setting changed on another instance was not applied:" << error;
        }
    }
    m_settings->setValue(u"cluster/settingsVersion"_s, version);
    if (!m_settings->sync())
        qCWarning(lcCore) << "cannot write the settings file" << m_settings->filePath();
    if (guard) {
        if (const Status s = m_listener->reloadGuard(); !s.isOk())
            qCWarning(lcCore).noquote() << "the listener's guard was not reloaded:" << s.message();
    }
    m_poller->reconfigure();
    qCInfo(lcCore) << "applied" << changes.size() << "setting(s) changed on another instance";
}

void CoreHost::registerSystemCommands()
{
    const QString dataDir = m_options.dataDir;
    const QString database = m_storage->config().displayName();
    const QString secrets = m_secrets->writableDescription();
    const QString listen = m_options.listenAddress + u':' + QString::number(m_options.port);
    m_api->registerCore(u"system.info"_s, Permission::SystemRead,
                        [=](const CommandRequest &, const ConsoleApi::Reply &reply) {
                            reply(CommandResponse::ok(QJsonObject{
                                {u"version"_s, QCoreApplication::applicationVersion()},
                                {u"dataDir"_s, QDir::toNativeSeparators(dataDir)},
                                {u"database"_s, database},
                                {u"secretsStore"_s, describeSecretStore(secrets)},
                                {u"listen"_s, listen},
                                {u"logFile"_s, QDir::toNativeSeparators(logFilePath())},
                            }));
                        });
}

Status CoreHost::start()
{
    if (m_running)
        return Status::ok();
    QElapsedTimer timer;
    timer.start();
    Status s = prepareDataDir();
    if (s.isOk())
        s = lockDataDir();
    if (s.isOk())
        s = openStorage();
    if (s.isOk())
        s = startCoreThread();
    if (!s.isOk()) {
        qCCritical(lcCore).noquote() << "start-up failed:" << s.message();
        stop();
        return s;
    }
    m_running = true;
    qCInfo(lcCore).noquote() << "AIO-CHAT" << QCoreApplication::applicationVersion() << "started in"
                             << timer.elapsed() << "ms; data in"
                             << QDir::toNativeSeparators(m_options.dataDir);
    return Status::ok();
}

void CoreHost::stop()
{
    if (m_coreThread) {
        if (m_coreThread->isRunning()) {
            QMetaObject::invokeMethod(
                m_coreRoot,
                [this] {
                    for (auto it = m_started.rbegin(); it != m_started.rend(); ++it)
                        (*it)->stop();
                    m_started.clear();
                    // Deleted on the thread it lives on: the finishing thread runs deferred
                    // deletes.
                    m_coreRoot->deleteLater();
                },
                Qt::BlockingQueuedConnection);
        } else {
            delete m_coreRoot;
        }
        m_coreRoot = nullptr;
        m_events = nullptr;
        m_conversations = nullptr;
        m_api = nullptr;
        m_channels = nullptr;
        m_journal = nullptr;
        m_processor = nullptr;
        m_telegram = nullptr;
        m_poller = nullptr;
        m_listener = nullptr;
        m_whatsApp = nullptr;
        m_outbox = nullptr;
        m_auth = nullptr;
        m_services.clear();
        m_coreThread->quit();
        m_coreThread->wait();
        delete m_coreThread;
        m_coreThread = nullptr;
        m_senders.clear(); // after the outbox that used them is gone
    }
    if (m_storage) {
        m_storage->close(); // flushes the writer: nothing acknowledged is left in memory
        m_storage.reset();
    }
    if (m_settings)
        (void)m_settings->sync();
    m_lock.reset(); // unlocks
    if (m_running)
        qCInfo(lcCore) << "AIO-CHAT stopped";
    m_running = false;
}

} // namespace aiochat
