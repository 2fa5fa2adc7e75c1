#include "mediacheck.h"

#include <QLocale>
#include <QMimeDatabase>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace aiochat::media {

namespace {

bool isExecutable(const QString &mime)
{
    static const QStringList kinds{u"application/x-executable"_s,
                                   u"application/x-pie-executable"_s,
                                   u"application/x-sharedlib"_s,
                                   u"application/x-msdownload"_s,
                                   u"application/x-dosexec"_s,
                                   u"application/x-ms-dos-executable"_s,
                                   u"application/x-mach-binary"_s,
                                   u"application/x-elf"_s,
                                   u"application/vnd.microsoft.portable-executable"_s,
                                   u"application/x-ms-ne-executable"_s,
                                   u"application/x-shellscript"_s};
    return kinds.contains(mime);
}

quint32 be32(const QByteArray &d, qsizetype at)
{
    return qFromBigEndian<quint32>(reinterpret_cast<const uchar *>(d.constData()) + at);
}
quint16 be16(const QByteArray &d, qsizetype at)
{
    return qFromBigEndian<quint16>(reinterpret_cast<const uchar *>(d.constData()) + at);
}
quint16 le16(const QByteArray &d, qsizetype at)
{
    return qFromLittleEndian<quint16>(reinterpret_cast<const uchar *>(d.constData()) + at);
}

QSize jpegSize(const QByteArray &d)
{
    qsizetype i = 2;
    while (i + 9 < d.size()) {
        if (uchar(d.at(i)) != 0xFF) {
            ++i;
            continue;
        }
        const uchar marker = uchar(d.at(i + 1));
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            i += 2;
            continue;
        }
        // Start of frame (baseline, progressive…; not DHT/JPG/DAC): height then width.
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
            return {be16(d, i + 7), be16(d, i + 5)};
        i += 2 + be16(d, i + 2);
    }
    return {};
}

} // namespace

QString sniffMime(const QByteArray &data)
{
    static const QMimeDatabase db;
    return db.mimeTypeForData(data).name();
}

Status checkContent(const QString &declaredMime, const QString &fileName, const QString &sniffed)
{
    static const QMimeDatabase db;
    const QString described = db.mimeTypeForName(sniffed).comment();
    const auto refuse = [&](const QString &claim) {
        return Status::invalidArgument(claim + u" but it is "_s +
                                       (described.isEmpty() ? sniffed : described) + u" ("_s +
                                       sniffed + u')');
    };
    if (isExecutable(sniffed))
        return refuse(u"the file is a program, which is never kept,"_s);
    const QString lowerName = fileName.toLower();
    const bool claimsPdf = declaredMime == u"application/pdf"_s || lowerName.endsWith(u".pdf"_s);
    if (claimsPdf && sniffed != u"application/pdf"_s)
        return refuse(u"the file claims to be a PDF"_s);
    static const QStringList pictureEndings{u".jpg"_s, u".jpeg"_s, u".png"_s, u".gif"_s,
                                            u".webp"_s};
    const bool claimsPicture = declaredMime.startsWith(u"image/"_s) ||
                               std::any_of(pictureEndings.begin(), pictureEndings.end(),
                                           [&](const QString &e) { return lowerName.endsWith(e); });
    if (claimsPicture && !sniffed.startsWith(u"image/"_s))
        return refuse(u"the file claims to be a picture"_s);
    return Status::ok();
}

QSize imageSize(const QByteArray &d)
{
    if (d.size() >= 24 && d.startsWith("\x89PNG\r\n\x1a\n") && d.mid(12, 4) == "IHDR")
        return {int(std::min<quint32>(be32(d, 16), INT_MAX)),
                int(std::min<quint32>(be32(d, 20), INT_MAX))};
    if (d.size() >= 10 && (d.startsWith("GIF87a") || d.startsWith("GIF89a")))
        return {le16(d, 6), le16(d, 8)};
    if (d.size() >= 4 && uchar(d.at(0)) == 0xFF && uchar(d.at(1)) == 0xD8)
        return jpegSize(d);
    if (d.size() >= 30 && d.startsWith("RIFF") && d.mid(8, 4) == "WEBP") {
        const QByteArray chunk = d.mid(12, 4);
        if (chunk == "VP8X")
            return {1 + int(quint8(d[24]) | quint8(d[25]) << 8 | quint8(d[26]) << 16),
                    1 + int(quint8(d[27]) | quint8(d[28]) << 8 | quint8(d[29]) << 16)};
        if (chunk == "VP8 ")
            return {le16(d, 26) & 0x3FFF, le16(d, 28) & 0x3FFF};
        if (chunk == "VP8L") {
            const quint32 bits =
                qFromLittleEndian<quint32>(reinterpret_cast<const uchar *>(d.constData()) + 21);
            return {int(bits & 0x3FFF) + 1, int((bits >> 14) & 0x3FFF) + 1};
        }
    }
    return {};
}

QString safeFileName(const QString &name, const QString &mime)
{
    QString base = name;
    const qsizetype slash = std::max(base.lastIndexOf(u'/'), base.lastIndexOf(u'\\'));
    if (slash >= 0)
        base = base.mid(slash + 1);
    QString clean;
    for (const QChar c : std::as_const(base))
        if (c.isPrint() && c != u':' && c != u'*' && c != u'?' && c != u'"' && c != u'<' &&
            c != u'>' && c != u'|')
            clean.append(c);
    while (clean.startsWith(u'.') || clean.startsWith(u' '))
        clean.remove(0, 1);
    clean = clean.trimmed();
    constexpr qsizetype kMax = 120;
    if (clean.size() > kMax) {
        const qsizetype dot = clean.lastIndexOf(u'.');
        const QString ext = dot > 0 && clean.size() - dot <= 10 ? clean.mid(dot) : QString();
        clean = clean.left(kMax - ext.size()) + ext;
    }
    if (clean.isEmpty()) {
        static const QMimeDatabase db;
        const QString suffix = db.mimeTypeForName(mime).preferredSuffix();
        clean = suffix.isEmpty() ? u"file"_s : u"file."_s + suffix;
    }
    return clean;
}

QString megabytes(qint64 bytes)
{
    return QLocale::c().toString(double(bytes) / (1024.0 * 1024.0), 'f', 1) + u" MB"_s;
}

} // namespace aiochat::media
