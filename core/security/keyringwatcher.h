#pragma once

#include "host/coreservice.h"

#include <QObject>
#include <QTimer>

namespace aiochat {

class PersonalDataCipher;
class SecretStore;
class Storage;

/**
 * @brief Lets `aiochat --rotate-data-key` run beside this instance: every couple of seconds it
 * reads the data-key version a rotation announces in the database; when it changes, the keyring
 * is reloaded from the secrets store and the load acknowledged ("data-keys.loaded"), which the
 * rotation waits for before re-sealing anything. Lives in the core thread.
 */
class KeyringWatcher : public QObject, public CoreService
{
    Q_OBJECT
public:
    KeyringWatcher(Storage &storage, SecretStore &secrets, int intervalMs,
                   QObject *parent = nullptr);

    [[nodiscard]] QString serviceName() const override { return QStringLiteral("key watcher"); }
    [[nodiscard]] Status start() override;
    void stop() override { m_timer->stop(); }

private:
    void check();
    void apply(qint64 version);

    Storage &m_storage;
    SecretStore &m_secrets;
    QTimer *m_timer; ///< a child, so it moves to the core thread with us
    qint64 m_version = -1;
    bool m_checking = false;
};

} // namespace aiochat
