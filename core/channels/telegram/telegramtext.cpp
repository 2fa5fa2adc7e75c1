#include "telegramtext.h"

using namespace Qt::StringLiterals;

namespace aiochat::telegramtext {

namespace {

// The best cut at or before @p limit in @p text (an index to cut before), by preference.
qsizetype bestCut(QStringView text, qsizetype limit)
{
    const QStringView window = text.left(limit);
    // Paragraphs, then lines: cut after the break.
    for (const QStringView sep : {u"\n\n", u"\n"}) {
        const qsizetype at = window.lastIndexOf(sep);
        if (at > limit / 4)
            return at + sep.size();
    }
    // Sentence ends followed by a space.
    qsizetype sentence = -1;
    for (qsizetype i = window.size() - 2; i > limit / 4; --i) {
        const QChar c = window.at(i);
        if ((c == u'.' || c == u'!' || c == u'?' || c == u'。') && window.at(i + 1).isSpace()) {
            sentence = i + 2;
            break;
        }
    }
    if (sentence > 0)
        return sentence;
    const qsizetype space = window.lastIndexOf(u' ');
    if (space > limit / 4)
        return space + 1;
    // No boundary at all (a very long word or URL): cut hard, but never inside a surrogate pair.
    qsizetype cut = limit;
    if (cut < text.size() && text.at(cut).isLowSurrogate())
        --cut;
    return cut;
}

} // namespace

QStringList split(const QString &text, int limit)
{
    QStringList parts;
    QStringView rest(text);
    while (rest.size() > limit) {
        const qsizetype cut = bestCut(rest, limit);
        const QString part = rest.left(cut).trimmed().toString();
        if (!part.isEmpty())
            parts.append(part);
        rest = rest.mid(cut);
        // The whitespace we cut at does not start the next part.
        while (!rest.isEmpty() && rest.front().isSpace())
            rest = rest.mid(1);
    }
    if (!rest.trimmed().isEmpty() || parts.isEmpty())
        parts.append(rest.toString());
    return parts;
}

QString escapeMarkdownV2(const QString &text)
{
    static const QString special = u"_*[]()~`>#+-=|{}.!\\"_s;
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        if (special.contains(c))
            out.append(u'\\');
        out.append(c);
    }
    return out;
}

QString escapeMarkdownV2Code(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'`' || c == u'\\')
            out.append(u'\\');
        out.append(c);
    }
    return out;
}

} // namespace aiochat::telegramtext
