#include "secretstore.h"

#include "security/crypto.h"

#include "environmentsecretbackend.h"
#include "keychainsecretbackend.h"
#include "keyfilesecretbackend.h"
#include "logging/logging.h"
#include "logging/redactor.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace aiochat {

SecretStore::SecretStore(std::vector<std::unique_ptr<SecretBackend>> backends)
    : m_backends(std::move(backends))
{}

SecretStore::~SecretStore() = default;

std::unique_ptr<SecretStore> SecretStore::createDefault(const QString &dataDir, Mode mode,
                                                        const QProcessEnvironment &env)
{
    std::vector<std::unique_ptr<SecretBackend>> chain;
    if (mode != Mode::KeyFile) {
        auto keychain = std::make_unique<KeychainSecretBackend>(dataDir);
        if (keychain->probe()) {
            chain.push_back(std::move(keychain));
        } else if (mode == Mode::Keychain) {
            qCWarning(lcConfig) << "no OS keychain answered although one was requested;"
                                << "falling back to the key file";
        } else {
            qCInfo(lcConfig) << "no OS keychain answered; secrets are kept in the key file";
        }
    }
    if (chain.empty())
        chain.push_back(
            std::make_unique<KeyFileSecretBackend>(QDir(dataDir).filePath(u"secrets.json"_s)));
    chain.push_back(std::make_unique<EnvironmentSecretBackend>(env));
    return std::make_unique<SecretStore>(std::move(chain));
}

std::optional<SecretStore::Mode> SecretStore::modeFromString(const QString &name)
{
    if (name.isEmpty() || name == u"auto"_s)
        return Mode::Auto;
    if (name == u"keychain"_s)
        return Mode::Keychain;
    if (name == u"file"_s)
        return Mode::KeyFile;
    return std::nullopt;
}

Result<std::optional<QByteArray>> SecretStore::read(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    for (const auto &backend : m_backends) {
        Result<std::optional<QByteArray>> value = backend->read(name);
        if (!value.isOk())
            return value.status().prefixed(backend->description());
        if (value.value().has_value()) {
            Redactor::instance().addSecret(QString::fromUtf8(*value.value()));
            return value;
        }
    }
    return std::optional<QByteArray>();
}

QString SecretStore::readText(const QString &name)
{
    const Result<std::optional<QByteArray>> value = read(name);
    if (!value.isOk() || !value.value().has_value())
        return {};
    return QString::fromUtf8(*value.value());
}

Status SecretStore::write(const QString &name, const QByteArray &value)
{
    QMutexLocker lock(&m_mutex);
    Redactor::instance().addSecret(QString::fromUtf8(value));
    for (const auto &backend : m_backends) {
        if (backend->isWritable())
            return backend->write(name, value).prefixed(backend->description());
    }
    return Status::failedPrecondition(u"no writable secrets store"_s);
}

Result<QByteArray> SecretStore::readOrCreateKey(const QString &name, int bytes)
{
    const Result<std::optional<QByteArray>> existing = read(name);
    if (!existing.isOk())
        return existing.status().prefixed(u"reading "_s + name);
    if (existing.value()) {
        const QByteArray key = QByteArray::fromBase64(*existing.value());
        if (key.size() != bytes)
            return Status::failedPrecondition(u"the stored "_s + name + u" is malformed"_s);
        return key;
    }
    const QByteArray key = crypto::randomBytes(bytes);
    if (Status s = write(name, key.toBase64()); !s.isOk())
        return s.prefixed(u"saving "_s + name);
    return key;
}

Status SecretStore::remove(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    for (const auto &backend : m_backends) {
        if (backend->isWritable())
            return backend->remove(name).prefixed(backend->description());
    }
    return Status::failedPrecondition(u"no writable secrets store"_s);
}

QString SecretStore::writableDescription() const
{
    QMutexLocker lock(&m_mutex);
    for (const auto &backend : m_backends) {
        if (backend->isWritable())
            return backend->description();
    }
    return u"none"_s;
}

} // namespace aiochat
