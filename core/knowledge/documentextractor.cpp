#include "documentextractor.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QStringDecoder>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace aiochat::documentextractor {

namespace {

// Collapses runs of white space; the text of a block is one line.
QString clean(const QString &s)
{
    return s.simplified();
}

// Pieces of a table: a header row (if any) names the cells of the rows under it, so each row
// reads on its own: "Month: March; Premium: Rp 450.000".
QString tableRow(const QStringList &header, const QStringList &cells)
{
    QStringList parts;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        const QString cell = clean(cells.at(i));
        if (cell.isEmpty())
            continue;
        const QString name = i < header.size() ? clean(header.at(i)) : QString();
        parts.append(name.isEmpty() ? cell : name + u": "_s + cell);
    }
    return parts.join(u"; "_s);
}

// Inline Markdown to plain text: emphasis markers, code ticks and link targets go.
QString markdownInline(QString s)
{
    static const QRegularExpression image(uR"(!\[([^\]]*)\]\([^)]*\))"_s);
    static const QRegularExpression link(uR"(\[([^\]]*)\]\([^)]*\))"_s);
    static const QRegularExpression emphasis(uR"((\*\*|__|\*|_|`))"_s);
    s.replace(image, u"\\1"_s);
    s.replace(link, u"\\1"_s);
    s.replace(emphasis, QString());
    return clean(s);
}

QStringList markdownCells(QString line)
{
    line = line.trimmed();
    if (line.startsWith(u'|'))
        line.remove(0, 1);
    if (line.endsWith(u'|'))
        line.chop(1);
    QStringList cells = line.split(u'|');
    for (QString &c : cells)
        c = markdownInline(c);
    return cells;
}

// --- HTML -------------------------------------------------------------------------------------

QString decodeEntities(const QString &s)
{
    if (!s.contains(u'&'))
        return s;
    static const QHash<QString, QString> named{
        {u"amp"_s, u"&"_s},    {u"lt"_s, u"<"_s},    {u"gt"_s, u">"_s},    {u"quot"_s, u"\""_s},
        {u"apos"_s, u"'"_s},   {u"nbsp"_s, u" "_s},  {u"ndash"_s, u"–"_s}, {u"mdash"_s, u"—"_s},
        {u"hellip"_s, u"…"_s}, {u"rsquo"_s, u"’"_s}, {u"lsquo"_s, u"‘"_s}, {u"ldquo"_s, u"“"_s},
        {u"rdquo"_s, u"”"_s},  {u"euro"_s, u"€"_s},  {u"copy"_s, u"©"_s},
    };
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s.at(i) != u'&') {
            out.append(s.at(i));
            continue;
        }
        const qsizetype semi = s.indexOf(u';', i + 1);
        if (semi < 0 || semi - i > 10) {
            out.append(s.at(i));
            continue;
        }
        const QString name = s.mid(i + 1, semi - i - 1);
        QString value;
        if (name.startsWith(u'#')) {
            bool ok = false;
            const uint code = name.startsWith(u"#x"_s, Qt::CaseInsensitive)
                                  ? name.mid(2).toUInt(&ok, 16)
                                  : name.mid(1).toUInt(&ok, 10);
            if (ok && code > 0 && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF)) {
                const char32_t c = code;
                value = QString::fromUcs4(&c, 1);
            }
        } else {
            value = named.value(name.toLower());
        }
        if (value.isNull()) {
            out.append(s.at(i));
            continue;
        }
        out.append(value);
        i = semi;
    }
    return out;
}

bool isIn(const QString &tag, std::initializer_list<const char16_t *> names)
{
    for (const char16_t *n : names) {
        if (tag == QStringView(n))
            return true;
    }
    return false;
}

// The HTML walk: a flat tokenizer with counters, no tree and no recursion, so deep nesting costs
// nothing but time linear in its size.
class HtmlWalker
{
public:
    QList<TextBlock> run(const QString &html)
    {
        qsizetype i = 0;
        const qsizetype n = html.size();
        while (i < n) {
            const qsizetype lt = html.indexOf(u'<', i);
            const qsizetype textEnd = lt < 0 ? n : lt;
            if (textEnd > i)
                text(html.mid(i, textEnd - i));
            if (lt < 0)
                break;
            if (html.mid(lt, 4) == u"<!--"_s) {
                const qsizetype end = html.indexOf(u"-->"_s, lt + 4);
                i = end < 0 ? n : end + 3;
                continue;
            }
            const qsizetype gt = html.indexOf(u'>', lt + 1);
            if (gt < 0)
                break;
            QString inside = html.mid(lt + 1, gt - lt - 1).trimmed();
            i = gt + 1;
            if (inside.startsWith(u'!') || inside.startsWith(u'?'))
                continue; // doctype, processing instruction
            const bool closing = inside.startsWith(u'/');
            if (closing)
                inside.remove(0, 1);
            qsizetype nameEnd = 0;
            while (nameEnd < inside.size() && (inside.at(nameEnd).isLetterOrNumber()))
                ++nameEnd;
            const QString tag = inside.left(nameEnd).toLower();
            if (tag.isEmpty())
                continue;
            // Raw-text elements: their content is never text of the page.
            if (!closing && isIn(tag, {u"script", u"style", u"template", u"svg", u"noscript",
                                       u"iframe", u"object", u"textarea"})) {
                if (inside.endsWith(u'/'))
                    continue;
                const QString close = u"</"_s + tag;
                const qsizetype end = html.indexOf(close, i, Qt::CaseInsensitive);
                const qsizetype endGt = end < 0 ? -1 : html.indexOf(u'>', end);
                i = endGt < 0 ? n : endGt + 1;
                continue;
            }
            element(tag, closing);
        }
        flush();
        return m_blocks;
    }

private:
    void text(const QString &raw)
    {
        if (m_skipDepth > 0)
            return;
        const QString t = decodeEntities(raw);
        if (m_inCell)
            m_cell += t;
        else if (m_headingLevel > 0)
            m_heading += t;
        else
            m_text += t;
    }

    void element(const QString &tag, bool closing)
    {
        // Page furniture: navigation, site header and footer, asides.
        if (isIn(tag, {u"nav", u"header", u"footer", u"aside"})) {
            m_skipDepth = std::max(0, m_skipDepth + (closing ? -1 : 1));
            return;
        }
        if (m_skipDepth > 0)
            return;
        if (tag.size() == 2 && tag.at(0) == u'h' && tag.at(1) >= u'1' && tag.at(1) <= u'6') {
            if (!closing) {
                flush();
                m_headingLevel = tag.at(1).digitValue();
                m_heading.clear();
            } else if (m_headingLevel > 0) {
                const QString h = clean(m_heading);
                while (m_headings.size() >= m_headingLevel)
                    m_headings.removeLast();
                while (m_headings.size() < m_headingLevel - 1)
                    m_headings.append(QString());
                if (!h.isEmpty())
                    m_headings.append(h);
                m_headings.removeAll(QString());
                m_headingLevel = 0;
            }
            return;
        }
        if (tag == u"tr"_s) {
            flush();
            if (closing)
                endRow();
            else
                m_row.clear(), m_rowAllHeader = true;
            return;
        }
        if (tag == u"td"_s || tag == u"th"_s) {
            if (!closing) {
                m_inCell = true;
                m_cell.clear();
                if (tag == u"td"_s)
                    m_rowAllHeader = false;
            } else if (m_inCell) {
                m_row.append(clean(m_cell));
                m_inCell = false;
            }
            return;
        }
        if (tag == u"table"_s) {
            flush();
            m_tableHeader.clear();
            return;
        }
        if (isIn(tag,
                 {u"p",       u"div",  u"br",   u"li",         u"ul",         u"ol",     u"section",
                  u"article", u"main", u"body", u"blockquote", u"pre",        u"hr",     u"dd",
                  u"dt",      u"dl",   u"form", u"figure",     u"figcaption", u"caption"}))
            flush();
    }

    void endRow()
    {
        if (m_inCell) {
            m_row.append(clean(m_cell));
            m_inCell = false;
        }
        if (m_row.isEmpty())
            return;
        if (m_rowAllHeader && m_tableHeader.isEmpty()) {
            m_tableHeader = m_row;
        } else {
            const QString row = tableRow(m_tableHeader, m_row);
            if (!row.isEmpty())
                m_blocks.append({row, m_headings, 0, true});
        }
        m_row.clear();
    }

    void flush()
    {
        const QString t = clean(m_text);
        m_text.clear();
        if (!t.isEmpty())
            m_blocks.append({t, m_headings, 0, false});
    }

    QList<TextBlock> m_blocks;
    QStringList m_headings;
    QString m_text;
    QString m_heading;
    int m_headingLevel = 0;
    int m_skipDepth = 0;
    bool m_inCell = false;
    QString m_cell;
    QStringList m_row;
    bool m_rowAllHeader = false;
    QStringList m_tableHeader;
};

// --- PDF --------------------------------------------------------------------------------------

void ignorePopplerMessages(const std::string &, void *)
{}

// A line that stands alone and reads like a title: short, no final punctuation, capitalised.
bool looksLikeHeading(const QString &line, const QString &next)
{
    if (line.size() > 70 || next.isEmpty())
        return false;
    const QStringList words = line.split(u' ', Qt::SkipEmptyParts);
    if (words.isEmpty() || words.size() > 8)
        return false;
    const QChar last = line.back();
    if (last == u'.' || last == u',' || last == u';' || last == u':' || last == u'?')
        return false;
    return line.front().isUpper() || line.front().isDigit();
}

QList<TextBlock> pdfPageBlocks(const QString &pageText, int page, QStringList &headings)
{
    QList<TextBlock> out;
    const QStringList lines = pageText.split(u'\n');
    QString paragraph;
    const auto flush = [&] {
        const QString t = clean(paragraph);
        paragraph.clear();
        if (!t.isEmpty())
            out.append({t, headings, page, false});
    };
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = clean(lines.at(i));
        if (line.isEmpty()) {
            flush();
            continue;
        }
        const QString next = i + 1 < lines.size() ? clean(lines.at(i + 1)) : QString();
        const bool standalone = paragraph.isEmpty();
        if (standalone && looksLikeHeading(line, next)) {
            flush();
            headings = {line};
            continue;
        }
        // Columns laid out with wide gaps read as a table row.
        if (lines.at(i).contains(u"   "_s) && line.split(u' ').size() <= 16) {
            flush();
            const QStringList cells =
                lines.at(i).trimmed().split(QRegularExpression(u"\\s{3,}"_s), Qt::SkipEmptyParts);
            if (cells.size() >= 2) {
                out.append({cells.join(u" | "_s), headings, page, true});
                continue;
            }
        }
        paragraph += u' ' + line;
    }
    flush();
    return out;
}

Result<ExtractedDocument> extractPdf(ExtractedDocument doc, const QByteArray &data)
{
    poppler::set_debug_error_function(ignorePopplerMessages, nullptr);
    std::unique_ptr<poppler::document> pdf(
        poppler::document::load_from_raw_data(data.constData(), int(data.size())));
    if (!pdf)
        return Status::invalidArgument(u"not a readable PDF (damaged or truncated)"_s);
    if (pdf->is_locked())
        return Status::invalidArgument(
            u"the PDF is encrypted or password-protected; upload an unprotected copy"_s);
    doc.pages = pdf->pages();
    QStringList headings;
    for (int p = 0; p < doc.pages; ++p) {
        std::unique_ptr<poppler::page> page(pdf->create_page(p));
        if (!page)
            continue;
        const poppler::byte_array utf8 =
            page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
        // NFKC: typeset ligatures ("ﬁ" in "beneﬁt") and full-width forms become the letters
        // customers type, or the words could not be found.
        const QString text = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()))
                                 .normalized(QString::NormalizationForm_KC);
        doc.blocks.append(pdfPageBlocks(text, p + 1, headings));
    }
    return doc;
}

// --- text -------------------------------------------------------------------------------------

enum class Kind
{
    Text,
    Markdown,
    Html,
    Pdf,
    Unknown
};

Kind kindOf(const QString &fileName, const QByteArray &data)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == u"pdf"_s)
        return Kind::Pdf;
    if (suffix == u"md"_s || suffix == u"markdown"_s)
        return Kind::Markdown;
    if (suffix == u"html"_s || suffix == u"htm"_s || suffix == u"xhtml"_s)
        return Kind::Html;
    if (suffix == u"txt"_s || suffix == u"text"_s)
        return Kind::Text;
    if (data.startsWith("%PDF-"))
        return Kind::Pdf;
    const QByteArray head = data.left(512).trimmed().toLower();
    if (head.startsWith("<!doctype html") || head.startsWith("<html"))
        return Kind::Html;
    if (suffix.isEmpty())
        return Kind::Text;
    return Kind::Unknown;
}

Result<QString> decodeText(const QByteArray &data)
{
    if (data.contains('\0'))
        return Status::invalidArgument(u"the file holds binary data, not text"_s);
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8.decode(data);
    if (utf8.hasError())
        return Status::invalidArgument(u"the file is not UTF-8 text (binary data?)"_s);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    return text;
}

} // namespace

QString safeFileName(const QString &fileName)
{
    QString name = fileName;
    name.replace(u'\\', u'/');
    name = name.section(u'/', -1);
    QString out;
    for (const QChar c : std::as_const(name)) {
        if (c.category() != QChar::Other_Control && c.category() != QChar::Other_Format)
            out.append(c);
    }
    out = out.trimmed();
    if (out == u"."_s || out == u".."_s)
        return {};
    return out.left(200);
}

QList<TextBlock> plainTextBlocks(const QString &text)
{
    QList<TextBlock> out;
    const QStringList paragraphs = text.split(QRegularExpression(u"\\n\\s*\\n"_s));
    for (const QString &p : paragraphs) {
        const QString t = clean(p);
        if (!t.isEmpty())
            out.append({t, {}, 0, false});
    }
    return out;
}

QList<TextBlock> markdownBlocks(const QString &text)
{
    static const QRegularExpression atx(u"^(#{1,6})\\s+(.*?)\\s*#*\\s*$"_s);
    static const QRegularExpression separatorRow(u"^\\s*\\|?\\s*:?-{3,}"_s);
    static const QRegularExpression listItem(u"^\\s*([-*+]|\\d+[.)])\\s+"_s);
    QList<TextBlock> out;
    QStringList headings;
    QString paragraph;
    QStringList tableHeader;
    bool inTable = false;
    bool inFence = false;
    const auto flush = [&] {
        const QString t = markdownInline(paragraph);
        paragraph.clear();
        if (!t.isEmpty())
            out.append({t, headings, 0, false});
    };
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(u"```"_s) || trimmed.startsWith(u"~~~"_s)) {
            flush();
            inFence = !inFence;
            continue;
        }
        if (inFence) {
            paragraph += u' ' + trimmed;
            continue;
        }
        const QRegularExpressionMatch h = atx.match(trimmed);
        if (h.hasMatch()) {
            flush();
            inTable = false;
            const int level = int(h.capturedLength(1));
            while (headings.size() >= level)
                headings.removeLast();
            headings.append(markdownInline(h.captured(2)));
            continue;
        }
        if (trimmed.startsWith(u'|')) {
            flush();
            if (!inTable) {
                // A header row when the next line is the |---| separator.
                const bool header =
                    i + 1 < lines.size() && separatorRow.match(lines.at(i + 1)).hasMatch();
                inTable = true;
                tableHeader = header ? markdownCells(trimmed) : QStringList();
                if (header) {
                    ++i; // the separator
                    continue;
                }
            }
            const QString row = tableRow(tableHeader, markdownCells(trimmed));
            if (!row.isEmpty())
                out.append({row, headings, 0, true});
            continue;
        }
        inTable = false;
        if (trimmed.isEmpty()) {
            flush();
            continue;
        }
        if (listItem.match(line).hasMatch()) {
            flush();
            paragraph = QString(line).remove(listItem);
            continue;
        }
        paragraph += u' ' + trimmed;
    }
    flush();
    return out;
}

QList<TextBlock> htmlBlocks(const QString &html)
{
    return HtmlWalker().run(html);
}

Result<ExtractedDocument> extract(const QString &fileName, const QByteArray &data)
{
    ExtractedDocument doc;
    doc.fileName = safeFileName(fileName);
    if (doc.fileName.isEmpty())
        return Status::invalidArgument(u"fileName: a file needs a name"_s);
    if (data.isEmpty())
        return Status::invalidArgument(u"the file is empty"_s);
    if (data.size() > kMaxBytes)
        return Status::invalidArgument(u"the file is larger than 20 MiB"_s);
    Result<ExtractedDocument> out = Status::internal(u"unreachable"_s);
    switch (kindOf(doc.fileName, data)) {
    case Kind::Pdf:
        doc.mimeType = u"application/pdf"_s;
        out = extractPdf(doc, data);
        break;
    case Kind::Markdown:
    case Kind::Html:
    case Kind::Text: {
        const Kind kind = kindOf(doc.fileName, data);
        const Result<QString> text = decodeText(data);
        if (!text.isOk())
            return text.status();
        doc.mimeType = kind == Kind::Markdown ? u"text/markdown"_s
                       : kind == Kind::Html   ? u"text/html"_s
                                              : u"text/plain"_s;
        doc.blocks = kind == Kind::Markdown ? markdownBlocks(text.value())
                     : kind == Kind::Html   ? htmlBlocks(text.value())
                                            : plainTextBlocks(text.value());
        out = doc;
        break;
    }
    case Kind::Unknown:
        return Status::invalidArgument(
            u"unsupported file type: upload plain text, Markdown, HTML or PDF"_s);
    }
    if (!out.isOk())
        return out;
    if (out->blocks.isEmpty())
        return Status::invalidArgument(out->mimeType == u"application/pdf"_s
                                           ? u"the PDF has no text (scanned pages are images; "
                                             u"run OCR on it first)"_s
                                           : u"the file has no text"_s);
    return out;
}

} // namespace aiochat::documentextractor
