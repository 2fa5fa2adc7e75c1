#pragma once

#include "domain/status.h"
#include "host/coreservice.h"

#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

namespace aiochat {

class DataKeyring;
class PersonalDataCipher;
class SecretStore;
class Storage;

/**
 * @brief Lets `aiochat --rotate-data-key` run beside this instance: every couple of seconds it
 * reads the data-key version a rotation announces in the database; when it changes, the keyring
 * is reloaded from the secrets store and the load acknowledged ("data-keys.loaded"), which the
 * rotation waits for before re-sealing anything. With several instances on one PostgreSQL
 * database the rotation ran beside another instance: the keyring it shares (sealed under a key
 * this instance holds) is taken into this instance's secrets store first, and the load is
 * acknowledged under this instance's name too. Lives in the core thread.
 */
class KeyringWatcher : public QObject, public CoreService
{
    Q_OBJECT
public:
    /** @brief @p instance: this instance's name when the database is shared, else "". */
    KeyringWatcher(Storage &storage, SecretStore &secrets, int intervalMs, QString instance = {},
                   QObject *parent = nullptr);

    [[nodiscard]] QString serviceName() const override { return QStringLiteral("key watcher"); }
    [[nodiscard]] Status start() override;
    void stop() override { m_timer->stop(); }

private:
    void check();
    void apply(qint64 version, const QByteArray &shared);
    /** @brief The keyring to use: this instance's, or the shared one when it adds keys to it. */
    [[nodiscard]] Result<DataKeyring> keyring(const QByteArray &shared);
    [[nodiscard]] static Status acknowledge(QSqlDatabase &db, const QString &instance,
                                            qint64 version);

    Storage &m_storage;
    SecretStore &m_secrets;
    QString m_instance;
    QTimer *m_timer; ///< a child, so it moves to the core thread with us
    qint64 m_version = -1;
    bool m_checking = false;
};

} // namespace aiochat
