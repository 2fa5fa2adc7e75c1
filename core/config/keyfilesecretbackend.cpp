#include "keyfilesecretbackend.h"

#include "logging/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace aiochat {

KeyFileSecretBackend::KeyFileSecretBackend(QString path)
    : m_path(std::move(path))
{}

QString KeyFileSecretBackend::description() const
{
    return u"key file "_s + QDir::toNativeSeparators(m_path);
}

Result<QJsonObject> KeyFileSecretBackend::load() const
{
    QFile file(m_path);
    if (!file.exists())
        return QJsonObject();
    // Someone widened the permissions (a copy, a restore from backup): tighten them again
    // before reading rather than keep serving secrets from a world-readable file.
    const auto wide = QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup |
                      QFileDevice::WriteOther;
    if (file.permissions() & wide) {
        qCWarning(lcConfig) << "key file had group/other permissions; restricting it to 0600";
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    if (!file.open(QIODevice::ReadOnly))
        return Status::unavailable(u"cannot read the key file: "_s + file.errorString());
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Status::internal(u"the key file is corrupt: "_s + error.errorString());
    return doc.object();
}

Status KeyFileSecretBackend::save(const QJsonObject &entries) const
{
    const QByteArray data = QJsonDocument(entries).toJson(QJsonDocument::Indented);
    const QByteArray target = QFile::encodeName(m_path);
    const QByteArray temp = target + ".tmp";
    const int fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return Status::unavailable(u"cannot create the key file: "_s + qt_error_string(errno));
    // O_CREAT's mode is filtered by the umask and ignored for an existing file: force it.
    ::fchmod(fd, 0600);
    qsizetype off = 0;
    while (off < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + off, std::size_t(data.size() - off));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const QString err = qt_error_string(errno);
            ::close(fd);
            ::unlink(temp.constData());
            return Status::unavailable(u"cannot write the key file: "_s + err);
        }
        off += n;
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(temp.constData());
        return Status::unavailable(u"cannot flush the key file: "_s + qt_error_string(errno));
    }
    if (::rename(temp.constData(), target.constData()) != 0) {
        ::unlink(temp.constData());
        return Status::unavailable(u"cannot replace the key file: "_s + qt_error_string(errno));
    }
    return Status::ok();
}

Result<std::optional<QByteArray>> KeyFileSecretBackend::read(const QString &name)
{
    const Result<QJsonObject> entries = load();
    if (!entries.isOk())
        return entries.status();
    const QJsonValue v = entries.value().value(name);
    if (!v.isString())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(QByteArray::fromBase64(v.toString().toLatin1()));
}

Status KeyFileSecretBackend::write(const QString &name, const QByteArray &value)
{
    Result<QJsonObject> entries = load();
    if (!entries.isOk())
        return entries.status();
    entries.value().insert(name, QString::fromLatin1(value.toBase64()));
    return save(entries.value());
}

Status KeyFileSecretBackend::remove(const QString &name)
{
    Result<QJsonObject> entries = load();
    if (!entries.isOk())
        return entries.status();
    if (!entries.value().contains(name))
        return Status::ok();
    entries.value().remove(name);
    return save(entries.value());
}

} // namespace aiochat
