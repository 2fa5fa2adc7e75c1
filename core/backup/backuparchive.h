#pragma once

#include "domain/status.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QJsonObject>

#include <functional>

class QIODevice;

namespace aiochat::backup {

/**
 * @brief The container of an AIO-CHAT backup: one file, read front to back.
 *
 * `AIOCHATB` + format version (4 bytes, big-endian), then entries, each a header length (4 bytes,
 * big-endian), a compact JSON header and `header.size` bytes of body. The first entry is the
 * manifest (`"type": "manifest"`), the last `{"type": "end", "sha256": …}` with the SHA-256 of
 * every byte before it — a truncated or altered file is refused before anything is restored.
 * docs/backup-format.md describes the entries.
 */
class ArchiveWriter
{
public:
    explicit ArchiveWriter(QIODevice &out);

    /** @brief The magic and the format version. */
    [[nodiscard]] Status begin();
    /** @brief An entry whose body is @p body. */
    [[nodiscard]] Status add(QJsonObject header, const QByteArray &body);
    /** @brief An entry whose body is the next @p size bytes of @p body, copied in chunks. */
    [[nodiscard]] Status add(QJsonObject header, QIODevice &body, qint64 size);
    /** @brief The end record; the archive is complete once this returns Ok. */
    [[nodiscard]] Status finish();

    [[nodiscard]] qint64 bytesWritten() const { return m_written; }
    /** @brief Checked before each chunk: true stops the archive with an error. */
    void setStop(std::function<bool()> stop) { m_stop = std::move(stop); }

private:
    [[nodiscard]] Status write(const QByteArray &bytes);
    [[nodiscard]] Status writeHeader(const QJsonObject &header);

    QIODevice &m_out;
    std::function<bool()> m_stop;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    qint64 m_written = 0;
};

/**
 * @brief Reads an archive written by ArchiveWriter. check() reads it all once and says whether
 * it is whole; forEach() then hands each entry to a visitor, body included.
 */
class ArchiveReader
{
public:
    /** @brief A visitor: the entry's header and a device positioned at its body. */
    using Visitor = std::function<Status(const QJsonObject &header, QIODevice &body, qint64 size)>;

    explicit ArchiveReader(QIODevice &in);

    /**
     * @brief Reads to the end: the magic, every entry and the end record's checksum. Fails with
     * what is wrong — not a backup, a newer format, truncated at byte N, damaged.
     */
    [[nodiscard]] Status check();
    /** @brief Every entry but the end record, in order (after a successful check()). */
    [[nodiscard]] Status forEach(const Visitor &visit);

    static constexpr quint32 kFormatVersion = 1;

private:
    [[nodiscard]] Status readEntries(const Visitor &visit, bool verify);

    QIODevice &m_in;
};

} // namespace aiochat::backup
