#include "chunker.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

int wordCount(const QString &s)
{
    int n = 0;
    bool inWord = false;
    for (const QChar c : s) {
        const bool letter = !c.isSpace();
        if (letter && !inWord)
            ++n;
        inWord = letter;
    }
    return n;
}

QString headingPathOf(const QStringList &headings)
{
    return headings.join(u" › "_s);
}

// The end of a passage that the next one starts with: whole sentences, about @p words.
QString tailSentences(const QString &text, int words)
{
    const QStringList parts = Chunker::sentences(text);
    QStringList tail;
    int n = 0;
    for (auto it = parts.crbegin(); it != parts.crend() && n < words; ++it) {
        const int w = wordCount(*it);
        if (n > 0 && n + w > words * 2)
            break;
        tail.prepend(*it);
        n += w;
    }
    return tail.join(u' ');
}

} // namespace

QStringList Chunker::sentences(const QString &text)
{
    static const QRegularExpression boundary(u"(?<=[.!?])\\s+(?=[\\p{Lu}\\p{N}\"“(])"_s);
    QStringList out = text.split(boundary, Qt::SkipEmptyParts);
    for (QString &s : out)
        s = s.trimmed();
    return out;
}

bool Chunker::marksSuperseded(const QString &text)
{
    static const QRegularExpression marker(
        u"\\b(archived|superseded|no longer (applies|valid|in force)|has been replaced|"
        u"replaced by|obsolete|diarsipkan|tidak berlaku lagi|sudah tidak berlaku|digantikan|"
        u"diganti dengan|telah diganti)\\b"_s,
        QRegularExpression::CaseInsensitiveOption);
    return marker.match(text).hasMatch();
}

QList<DocumentChunk> Chunker::split(const QList<TextBlock> &blocks) const
{
    QList<DocumentChunk> out;
    DocumentChunk current;
    QStringList parts;
    int words = 0;
    bool hasNew = false; // more than the overlap carried over from the passage before
    QString section;
    bool sectionOpen = false;

    const auto emit = [&] {
        if (!hasNew) {
            parts.clear();
            words = 0;
            return;
        }
        hasNew = false;
        current.text = parts.join(u'\n');
        current.words = words;
        current.ordinal = int(out.size());
        current.superseded = marksSuperseded(current.text) || marksSuperseded(current.headingPath);
        out.append(current);
        parts.clear();
        words = 0;
    };
    const auto start = [&](const TextBlock &b, const QString &carry) {
        current = DocumentChunk{};
        current.headingPath = headingPathOf(b.headings);
        current.page = b.page;
        if (!carry.isEmpty()) {
            parts.append(carry);
            words = wordCount(carry);
        }
    };

    for (const TextBlock &b : blocks) {
        const QString path = headingPathOf(b.headings);
        // A passage stays on one page of a PDF too: its citation names the page it quotes.
        const bool newPage = b.page > 0 && hasNew && b.page != current.page;
        if (!sectionOpen || path != section || newPage) {
            emit();
            section = path;
            sectionOpen = true;
            start(b, {});
        }
        const int w = wordCount(b.text);
        if (words + w <= m_limits.maxWords) {
            if (parts.isEmpty())
                current.page = b.page;
            parts.append(b.text);
            words += w;
            hasNew = true;
            if (words >= m_limits.targetWords) {
                const QString carry =
                    b.tableRow ? QString() : tailSentences(parts.last(), m_limits.overlapWords);
                emit();
                start(b, carry);
            }
            continue;
        }
        // Too long to add whole: a table row opens a new passage; text is cut by sentence.
        if (b.tableRow || w <= m_limits.maxWords) {
            const QString carry =
                parts.isEmpty() ? QString() : tailSentences(parts.last(), m_limits.overlapWords);
            emit();
            start(b, b.tableRow ? QString() : carry);
            parts.append(b.text);
            words += w;
            hasNew = true;
            continue;
        }
        for (const QString &sentence : sentences(b.text)) {
            const int sw = wordCount(sentence);
            if (words + sw > m_limits.maxWords && words > 0) {
                const QString carry = tailSentences(parts.join(u' '), m_limits.overlapWords);
                emit();
                start(b, carry);
            }
            parts.append(sentence);
            words += sw;
            hasNew = true;
        }
    }
    emit();
    return out;
}

} // namespace aiochat
