#include "keyringwatcher.h"

#include "config/secretstore.h"
#include "datakeyring.h"
#include "keyrotation.h"
#include "logging/logging.h"
#include "personaldatacipher.h"
#include "storage/dbreaderpool.h"
#include "storage/dbsettings.h"
#include "storage/dbwriter.h"
#include "storage/storage.h"

#include <QPointer>

using namespace Qt::StringLiterals;

namespace aiochat {

KeyringWatcher::KeyringWatcher(Storage &storage, SecretStore &secrets, int intervalMs,
                               QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_secrets(secrets)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(intervalMs);
    connect(m_timer, &QTimer::timeout, this, &KeyringWatcher::check);
}

Status KeyringWatcher::start()
{
    // The keyring was loaded at start-up: acknowledge whatever version is announced now.
    qint64 version = 0;
    const Status s = m_storage.writer().run([&version](QSqlDatabase &db) -> Status {
        const Result<QString> v =
            dbsettings::read(db, QString::fromLatin1(KeyRotation::kVersionKey));
        if (!v.isOk())
            return v.status();
        version = v.value().toLongLong();
        return dbsettings::write(db, QString::fromLatin1(KeyRotation::kLoadedKey),
                                 QString::number(version));
    });
    if (!s.isOk())
        return s;
    m_version = version;
    m_timer->start();
    return Status::ok();
}

void KeyringWatcher::check()
{
    if (m_checking)
        return;
    m_checking = true;
    QPointer<KeyringWatcher> self(this);
    m_storage.readers().submit([self](QSqlDatabase &db) {
        const Result<QString> v =
            dbsettings::read(db, QString::fromLatin1(KeyRotation::kVersionKey));
        const qint64 version = v.isOk() ? v.value().toLongLong() : -1;
        // The readers outlive the core objects at shutdown: the watcher may be gone by now.
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, version] {
                if (!self)
                    return;
                self->m_checking = false;
                if (version >= 0 && version != self->m_version)
                    self->apply(version);
            },
            Qt::QueuedConnection);
    });
}

void KeyringWatcher::apply(qint64 version)
{
    Result<DataKeyring> ring = DataKeyring::load(m_secrets);
    if (!ring.isOk()) {
        qCWarning(lcSecurity).noquote()
            << "cannot reload the data keys:" << ring.status().message();
        return;
    }
    m_storage.cipher().replaceKeyring(std::move(ring).value());
    m_version = version;
    qCInfo(lcSecurity) << "data keys reloaded; now sealing with key"
                       << m_storage.cipher().currentKeyId();
    m_storage.writer().submit([version](QSqlDatabase &db) {
        return dbsettings::write(db, QString::fromLatin1(KeyRotation::kLoadedKey),
                                 QString::number(version));
    });
}

} // namespace aiochat
