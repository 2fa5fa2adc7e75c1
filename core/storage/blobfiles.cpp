#include "blobfiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLocale>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStorageInfo>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

QString size(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

BlobFiles::BlobFiles(QString directory)
    : m_directory(std::move(directory))
{}

QString BlobFiles::directoryFor(const QString &sqlitePath)
{
    // Named like SQLite's own -wal and -shm files: they belong to that database and go with it.
    return sqlitePath + u"-media"_s;
}

Result<QString> BlobFiles::pathOf(const QString &key) const
{
    static const QRegularExpression hex(u"^[0-9a-f]{16,128}$"_s);
    if (!hex.match(key).hasMatch())
        return Status::invalidArgument(u"not a file key: "_s + key.left(20));
    // A level of sub-directories keeps any one directory to a few thousand entries.
    return m_directory + u'/' + key.left(2) + u'/' + key;
}

Status BlobFiles::write(const QString &key, const QByteArray &bytes, qint64 keepFree) const
{
    const Result<QString> path = pathOf(key);
    if (!path.isOk())
        return path.status();
    const QString folder = QFileInfo(path.value()).absolutePath();
    if (!QDir().mkpath(folder))
        return Status::unavailable(u"cannot create "_s + folder);
    // Owner only, whatever the umask: these are customers' files (sealed, but still).
    QFile::setPermissions(m_directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QStorageInfo disk(folder);
    if (disk.isValid() && disk.bytesAvailable() >= 0 &&
        disk.bytesAvailable() - bytes.size() < keepFree)
        return Status::unavailable(u"the disk is full: "_s + size(disk.bytesAvailable()) +
                                   u" free, "_s + size(bytes.size()) + u" needed and "_s +
                                   size(keepFree) + u" kept free for the database"_s);
    QSaveFile file(path.value());
    if (!file.open(QIODevice::WriteOnly))
        return Status::unavailable(u"cannot write "_s + path.value() + u": "_s +
                                   file.errorString());
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    // QSaveFile flushes to disk before the rename, and drops its temporary file on failure.
    if (file.write(bytes) != bytes.size() || !file.commit())
        return Status::unavailable(u"cannot write "_s + path.value() + u": "_s +
                                   file.errorString());
    return Status::ok();
}

Result<QByteArray> BlobFiles::read(const QString &key) const
{
    const Result<QString> path = pathOf(key);
    if (!path.isOk())
        return path.status();
    QFile file(path.value());
    if (!file.open(QIODevice::ReadOnly))
        return Status::unavailable(u"cannot read "_s + path.value() + u": "_s + file.errorString());
    QByteArray bytes = file.readAll();
    if (file.error() != QFile::NoError)
        return Status::unavailable(u"cannot read "_s + path.value() + u": "_s + file.errorString());
    return bytes;
}

bool BlobFiles::contains(const QString &key) const
{
    const Result<QString> path = pathOf(key);
    return path.isOk() && QFileInfo::exists(path.value());
}

Status BlobFiles::remove(const QString &key) const
{
    const Result<QString> path = pathOf(key);
    if (!path.isOk())
        return path.status();
    QFile file(path.value());
    if (file.exists() && !file.remove())
        return Status::unavailable(u"cannot remove "_s + path.value() + u": "_s +
                                   file.errorString());
    return Status::ok();
}

QStringList BlobFiles::keys() const
{
    QStringList out;
    QDirIterator it(m_directory, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (pathOf(it.fileName()).isOk())
            out.append(it.fileName());
    }
    return out;
}

} // namespace aiochat
