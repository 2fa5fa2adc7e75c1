#pragma once

#include "domain/status.h"

#include <QByteArray>
#include <QSize>
#include <QString>

namespace aiochat::media {

/** @brief The largest picture kept: a photo is a few dozen megapixels, a decompression bomb more.
 */
inline constexpr qint64 kMaxImagePixels = 100'000'000;

/** @brief What the content is, by its bytes alone (QMimeDatabase's magic), never by its name. */
[[nodiscard]] QString sniffMime(const QByteArray &data);

/**
 * @brief Whether a file may be kept as what it claims to be: an executable never, whatever it is
 * called; a file that claims to be a PDF or a picture (by its declared type or its name's
 * extension) must be one. The error says what it really is.
 */
[[nodiscard]] Status checkContent(const QString &declaredMime, const QString &fileName,
                                  const QString &sniffed);

/**
 * @brief A picture's size read from its header (PNG, JPEG, GIF, WebP) without decoding it; an
 * invalid size when the header is not understood.
 */
[[nodiscard]] QSize imageSize(const QByteArray &data);

/**
 * @brief A name that is safe to show and to save under: the last path component, no control
 * characters, no leading dots, at most 120 characters with its extension kept; "file" (plus an
 * extension for @p mime) when nothing is left.
 */
[[nodiscard]] QString safeFileName(const QString &name, const QString &mime);

/** @brief A size for an error message: "1.5 MB". */
[[nodiscard]] QString megabytes(qint64 bytes);

} // namespace aiochat::media
