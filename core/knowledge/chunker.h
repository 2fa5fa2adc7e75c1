#pragma once

#include "documentextractor.h"

#include <QList>
#include <QString>

namespace aiochat {

/** @brief A passage of a document as retrieval finds and an answer cites it. */
struct DocumentChunk
{
    qint64 id = 0; ///< once stored
    int ordinal = 0;
    QString headingPath; ///< "Grace period › Monthly premiums"
    int page = 0;        ///< 1-based PDF page where it starts, 0 otherwise
    QString text;
    int words = 0;
    /** @brief The text says it no longer applies (archived, superseded, replaced). */
    bool superseded = false;
};

/**
 * @brief Splits a document's blocks into passages that keep meaning: a section (one heading
 * path) is the unit; a long section is cut at block, then sentence boundaries into passages of
 * roughly 200–400 words, each starting with the last sentences (about 40 words) of the one
 * before. Table rows are never cut, and a short section stays one short passage, so a small FAQ
 * entry is found on its own rather than mixed into its neighbours.
 */
class Chunker
{
public:
    struct Limits
    {
        int targetWords = 300;
        int maxWords = 400;
        int overlapWords = 40;
    };

    Chunker()
        : Chunker(Limits{})
    {}
    explicit Chunker(Limits limits)
        : m_limits(limits)
    {}

    [[nodiscard]] QList<DocumentChunk> split(const QList<TextBlock> &blocks) const;

    /** @brief Whether a passage marks itself as no longer current (English and Indonesian). */
    [[nodiscard]] static bool marksSuperseded(const QString &text);
    /** @brief Sentences of @p text (., ! and ? followed by a space and a capital or digit). */
    [[nodiscard]] static QStringList sentences(const QString &text);

private:
    Limits m_limits;
};

} // namespace aiochat
