#include "backuparchive.h"

#include <QIODevice>
#include <QJsonDocument>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace aiochat::backup {

namespace {

constexpr QByteArrayView kMagic = "AIOCHATB";
constexpr qint64 kChunk = 1 << 20;
constexpr quint32 kMaxHeader = 64 * 1024;

QByteArray bigEndian(quint32 value)
{
    QByteArray bytes(4, Qt::Uninitialized);
    qToBigEndian(value, bytes.data());
    return bytes;
}

Status notABackup()
{
    return Status::invalidArgument(u"this file is not an AIO-CHAT backup"_s);
}

} // namespace

ArchiveWriter::ArchiveWriter(QIODevice &out)
    : m_out(out)
{}

Status ArchiveWriter::write(const QByteArray &bytes)
{
    if (m_stop && m_stop())
        return Status::unavailable(u"the backup was cancelled (AIO-CHAT is stopping)"_s);
    if (m_out.write(bytes) != bytes.size())
        return Status::unavailable(u"writing the backup: "_s + m_out.errorString());
    m_hash.addData(bytes);
    m_written += bytes.size();
    return Status::ok();
}

Status ArchiveWriter::writeHeader(const QJsonObject &header)
{
    const QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    if (Status s = write(bigEndian(quint32(json.size()))); !s.isOk())
        return s;
    return write(json);
}

Status ArchiveWriter::begin()
{
    return write(kMagic.toByteArray() + bigEndian(ArchiveReader::kFormatVersion));
}

Status ArchiveWriter::add(QJsonObject header, const QByteArray &body)
{
    header.insert(u"size"_s, body.size());
    if (Status s = writeHeader(header); !s.isOk())
        return s;
    return write(body);
}

Status ArchiveWriter::add(QJsonObject header, QIODevice &body, qint64 size)
{
    header.insert(u"size"_s, size);
    if (Status s = writeHeader(header); !s.isOk())
        return s;
    for (qint64 left = size; left > 0;) {
        const QByteArray chunk = body.read(qMin(left, kChunk));
        if (chunk.isEmpty())
            return Status::unavailable(u"reading "_s + header.value(u"path"_s).toString() +
                                       u" for the backup: "_s + body.errorString());
        if (Status s = write(chunk); !s.isOk())
            return s;
        left -= chunk.size();
    }
    return Status::ok();
}

Status ArchiveWriter::finish()
{
    // The checksum covers everything before the end record, which it cannot cover itself.
    const QString digest = QString::fromLatin1(m_hash.result().toHex());
    return writeHeader(QJsonObject{{u"type"_s, u"end"_s}, {u"size"_s, 0}, {u"sha256"_s, digest}});
}

ArchiveReader::ArchiveReader(QIODevice &in)
    : m_in(in)
{}

Status ArchiveReader::check()
{
    return readEntries({}, true);
}

Status ArchiveReader::forEach(const Visitor &visit)
{
    return readEntries(visit, false);
}

Status ArchiveReader::readEntries(const Visitor &visit, bool verify)
{
    if (!m_in.seek(0))
        return Status::unavailable(u"reading the backup: "_s + m_in.errorString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    qint64 offset = 0;
    const auto truncated = [this] {
        return Status::invalidArgument(u"the backup is incomplete: it ends at byte "_s +
                                       QString::number(m_in.size()) +
                                       u" before its end record (truncated while copying?)"_s);
    };
    const auto read = [&](qint64 count, QByteArray &into) {
        into = m_in.read(count);
        if (into.size() != count)
            return false;
        hash.addData(into);
        offset += count;
        return true;
    };

    QByteArray bytes;
    if (!read(kMagic.size() + 4, bytes)) {
        const bool prefix =
            !bytes.isEmpty() && (bytes.startsWith(kMagic) || kMagic.startsWith(bytes));
        return prefix ? truncated() : notABackup();
    }
    if (!bytes.startsWith(kMagic))
        return notABackup();
    const quint32 version = qFromBigEndian<quint32>(bytes.constData() + kMagic.size());
    if (version > kFormatVersion)
        return Status::failedPrecondition(
            u"this backup was made by a newer AIO-CHAT (backup format "_s +
            QString::number(version) + u"); install that version or a newer one to restore it"_s);

    bool first = true;
    for (;;) {
        const QByteArray before = hash.result(); // the checksum an end record must carry
        QByteArray length;
        if (m_in.atEnd())
            return truncated();
        if (!read(4, length))
            return truncated();
        const quint32 headerSize = qFromBigEndian<quint32>(length.constData());
        if (headerSize == 0 || headerSize > kMaxHeader)
            return Status::invalidArgument(u"the backup is damaged at byte "_s +
                                           QString::number(offset - 4));
        QByteArray json;
        if (!read(headerSize, json))
            return truncated();
        QJsonParseError error{};
        const QJsonObject header = QJsonDocument::fromJson(json, &error).object();
        const QString type = header.value(u"type"_s).toString();
        const qint64 size = header.value(u"size"_s).toInteger(-1);
        if (error.error != QJsonParseError::NoError || type.isEmpty() || size < 0)
            return Status::invalidArgument(u"the backup is damaged at byte "_s +
                                           QString::number(offset - headerSize));
        if (first && type != u"manifest"_s)
            return notABackup();
        first = false;
        if (type == u"end"_s) {
            if (verify &&
                header.value(u"sha256"_s).toString() != QString::fromLatin1(before.toHex()))
                return Status::invalidArgument(
                    u"the backup is damaged: its checksum does not match its contents"_s);
            return Status::ok();
        }
        if (verify || !visit) {
            // Read the body through the hash without keeping it.
            for (qint64 left = size; left > 0;) {
                QByteArray chunk;
                if (!read(qMin(left, kChunk), chunk))
                    return truncated();
                left -= chunk.size();
            }
            continue;
        }
        const qint64 bodyStart = m_in.pos();
        if (Status s = visit(header, m_in, size); !s.isOk())
            return s;
        if (!m_in.seek(bodyStart + size))
            return truncated();
        offset = bodyStart + size;
    }
}

} // namespace aiochat::backup
