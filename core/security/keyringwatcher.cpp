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
                               QString instance, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_secrets(secrets)
    , m_instance(std::move(instance))
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(intervalMs);
    connect(m_timer, &QTimer::timeout, this, &KeyringWatcher::check);
}

Status KeyringWatcher::acknowledge(QSqlDatabase &db, const QString &instance, qint64 version)
{
    const QString value = QString::number(version);
    if (!instance.isEmpty()) {
        if (Status s = dbsettings::write(
                db, QString::fromLatin1(KeyRotation::kLoadedKey) + u'/' + instance, value);
            !s.isOk())
            return s;
    }
    return dbsettings::write(db, QString::fromLatin1(KeyRotation::kLoadedKey), value);
}

Status KeyringWatcher::start()
{
    // The keyring was loaded at start-up: acknowledge whatever version is announced now.
    qint64 version = 0;
    const Status s = m_storage.writer().run([this, &version](QSqlDatabase &db) -> Status {
        const Result<QString> v =
            dbsettings::read(db, QString::fromLatin1(KeyRotation::kVersionKey));
        if (!v.isOk())
            return v.status();
        version = v.value().toLongLong();
        return acknowledge(db, m_instance, version);
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
    const bool shared = !m_instance.isEmpty();
    m_storage.readers().submit([self, shared](QSqlDatabase &db) {
        const Result<QString> v =
            dbsettings::read(db, QString::fromLatin1(KeyRotation::kVersionKey));
        const qint64 version = v.isOk() ? v.value().toLongLong() : -1;
        QByteArray keyring;
        if (shared) {
            const Result<QString> k =
                dbsettings::read(db, QString::fromLatin1(KeyRotation::kSharedKey));
            if (k.isOk())
                keyring = QByteArray::fromBase64(k.value().toLatin1());
        }
        // The readers outlive the core objects at shutdown: the watcher may be gone by now.
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, version, keyring] {
                if (!self)
                    return;
                self->m_checking = false;
                if (version >= 0 && version != self->m_version)
                    self->apply(version, keyring);
            },
            Qt::QueuedConnection);
    });
}

Result<DataKeyring> KeyringWatcher::keyring(const QByteArray &shared)
{
    Result<DataKeyring> own = DataKeyring::load(m_secrets);
    if (!own.isOk() || shared.isEmpty())
        return own;
    const Result<QByteArray> json =
        m_storage.cipher().openBytes(PersonalField::SharedSetting, shared);
    if (!json.isOk())
        return own; // sealed under a key this instance never had: its own keyring decides
    Result<DataKeyring> theirs = DataKeyring::fromJson(json.value());
    if (!theirs.isOk())
        return own;
    // Taken only when it holds every key this instance has (never loses one) and differs.
    for (const DataKeyring::Key &k : own->keys()) {
        const DataKeyring::Key *match = theirs->find(k.id);
        if (!match || match->material != k.material)
            return own;
    }
    if (theirs->toJson() == own->toJson())
        return own;
    if (Status s = theirs->save(m_secrets); !s.isOk())
        return s.prefixed(u"saving the data keys another instance added"_s);
    qCInfo(lcSecurity) << "data keys taken from the instance that rotated them";
    return theirs;
}

void KeyringWatcher::apply(qint64 version, const QByteArray &shared)
{
    Result<DataKeyring> ring = keyring(shared);
    if (!ring.isOk()) {
        qCWarning(lcSecurity).noquote()
            << "cannot reload the data keys:" << ring.status().message();
        return;
    }
    m_storage.cipher().replaceKeyring(std::move(ring).value());
    m_version = version;
    qCInfo(lcSecurity) << "data keys reloaded; now sealing with key"
                       << m_storage.cipher().currentKeyId();
    m_storage.writer().submit([instance = m_instance, version](QSqlDatabase &db) {
        return acknowledge(db, instance, version);
    });
}

} // namespace aiochat
