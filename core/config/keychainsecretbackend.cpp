#include "keychainsecretbackend.h"

#include "security/crypto.h"

#include <QEventLoop>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

const QString kService = u"AIO-CHAT"_s;

// QtKeychain is asynchronous; secrets are read rarely (start-up, settings changes), so waiting
// in a local event loop keeps the SecretStore interface simple. Without a secret service the
// job fails fast (error 7) instead of hanging, which is what the fallback relies on.
void runJob(QKeychain::Job &job)
{
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.start();
    loop.exec(QEventLoop::ExcludeUserInputEvents);
}

} // namespace

KeychainSecretBackend::KeychainSecretBackend(const QString &dataDir)
    : m_scope(QString::fromLatin1(crypto::sha256(dataDir.toUtf8()).toHex().left(12)))
{}

bool KeychainSecretBackend::probe()
{
    return read(u"probe"_s).isOk();
}

QString KeychainSecretBackend::description() const
{
    return u"OS keychain"_s;
}

QString KeychainSecretBackend::entryKey(const QString &name) const
{
    return name + u'@' + m_scope;
}

Result<std::optional<QByteArray>> KeychainSecretBackend::read(const QString &name)
{
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(entryKey(name));
    runJob(job);
    if (job.error() == QKeychain::EntryNotFound)
        return std::optional<QByteArray>();
    if (job.error() != QKeychain::NoError)
        return Status::unavailable(u"keychain: "_s + job.errorString());
    return std::optional<QByteArray>(job.binaryData());
}

Status KeychainSecretBackend::write(const QString &name, const QByteArray &value)
{
    QKeychain::WritePasswordJob job(kService);
    job.setKey(entryKey(name));
    job.setBinaryData(value);
    runJob(job);
    if (job.error() != QKeychain::NoError)
        return Status::unavailable(u"keychain: "_s + job.errorString());
    return Status::ok();
}

Status KeychainSecretBackend::remove(const QString &name)
{
    QKeychain::DeletePasswordJob job(kService);
    job.setKey(entryKey(name));
    runJob(job);
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return Status::unavailable(u"keychain: "_s + job.errorString());
    return Status::ok();
}

} // namespace aiochat
