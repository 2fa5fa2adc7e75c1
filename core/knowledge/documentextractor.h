#pragma once

#include "domain/status.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace aiochat {

/** @brief One unit of a document's text as its structure gives it. */
struct TextBlock
{
    QString text;
    QStringList headings;  ///< the heading path above it ("Grace period", "Monthly premiums")
    int page = 0;          ///< 1-based page of a PDF, 0 for other formats
    bool tableRow = false; ///< a table row ("Header: value; …"), never split
};

/** @brief What a file's text turned out to be. */
struct ExtractedDocument
{
    QString fileName; ///< the file's own name, without any directory part
    QString mimeType; ///< text/plain, text/markdown, text/html or application/pdf
    int pages = 0;    ///< PDF pages, 0 otherwise
    QList<TextBlock> blocks;
};

/**
 * @brief Turns an uploaded file into text blocks: plain text (paragraphs), Markdown (headings,
 * paragraphs, list items, table rows), HTML (the body's text without scripts, styles,
 * navigation, headers and footers; headings; table rows) and PDF (text per page through
 * poppler-cpp).
 *
 * Everything that cannot become useful text is refused with a message an operator can act on:
 * empty or oversized files, binary data under a text name, damaged or encrypted PDFs, PDFs that
 * are only images. Pure function: no store, no network; safe on any thread.
 */
namespace documentextractor {

/** @brief The largest file accepted (20 MiB). */
constexpr qint64 kMaxBytes = 20 * 1024 * 1024;

/** @brief The name a file is stored under: its last path component, no control characters. */
[[nodiscard]] QString safeFileName(const QString &fileName);

[[nodiscard]] Result<ExtractedDocument> extract(const QString &fileName, const QByteArray &data);

/** @brief The parts, for tests and tools. */
[[nodiscard]] QList<TextBlock> markdownBlocks(const QString &text);
[[nodiscard]] QList<TextBlock> htmlBlocks(const QString &html);
[[nodiscard]] QList<TextBlock> plainTextBlocks(const QString &text);

} // namespace documentextractor
} // namespace aiochat
