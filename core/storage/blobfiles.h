#pragma once

#include "domain/status.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace aiochat {

/**
 * @brief Sealed values kept as files beside an SQLite database (`<database>-media/ab/<key>`):
 * values too large to pass through the single write connection without holding up every write
 * queued behind them (customers' files). The caller seals; this class only places bytes.
 *
 * A file is written whole — a temporary file, flushed to disk, then renamed — so a crash leaves
 * the old state or the new one, never half a file. Keys are lower-case hex (a keyed hash), so
 * no key can name a path outside the directory. Thread-safe: its only state is the directory.
 */
class BlobFiles
{
public:
    explicit BlobFiles(QString directory);

    /** @brief Where the files of the SQLite database at @p sqlitePath live. */
    [[nodiscard]] static QString directoryFor(const QString &sqlitePath);

    [[nodiscard]] const QString &directory() const { return m_directory; }
    /**
     * @brief Writes @p bytes under @p key, replacing what was there. Refused, before anything is
     * written, when the disk would keep less than @p keepFree bytes free (the database needs room
     * too); a write the disk refuses halfway (full, read-only) leaves nothing behind.
     */
    [[nodiscard]] Status write(const QString &key, const QByteArray &bytes,
                               qint64 keepFree = 0) const;
    [[nodiscard]] Result<QByteArray> read(const QString &key) const;
    [[nodiscard]] bool contains(const QString &key) const;
    /** @brief Removes the file of @p key (Ok when there was none). */
    [[nodiscard]] Status remove(const QString &key) const;
    /** @brief Every key with a file (to find files no row refers to any more). */
    [[nodiscard]] QStringList keys() const;

    /** @brief The file of @p key; refused for a key that is not lower-case hex. */
    [[nodiscard]] Result<QString> pathOf(const QString &key) const;

private:
    QString m_directory;
};

} // namespace aiochat
