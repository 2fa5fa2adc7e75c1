#include "keysetpage.h"

using namespace Qt::StringLiterals;

namespace aiochat::keyset {

namespace {
constexpr QChar kSeparator = u'\x1f'; // the ASCII unit separator: never typed into a name
constexpr auto kBase64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
} // namespace

QString encode(const QStringList &parts)
{
    return QString::fromLatin1(parts.join(kSeparator).toUtf8().toBase64(kBase64));
}

Result<QStringList> decode(const QString &cursor, qsizetype count)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), kBase64 | QByteArray::AbortOnBase64DecodingErrors);
    const QStringList parts = QString::fromUtf8(decoded.decoded).split(kSeparator);
    if (!decoded || parts.size() != count)
        return Status::invalidArgument(u"malformed cursor"_s);
    return parts;
}

} // namespace aiochat::keyset
