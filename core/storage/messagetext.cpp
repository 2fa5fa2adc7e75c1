#include "messagetext.h"

#include "security/personaldatacipher.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace aiochat::messagetext {

namespace {

// Characters that join a token rather than end it: "siti@example.com", "POL-2024-001",
// "12/03/1985", "+62", "don't".
bool isJoiner(QChar c)
{
    return c == u'@' || c == u'.' || c == u'-' || c == u'/' || c == u'+' || c == u'_' || c == u'\'';
}

bool isTokenChar(QChar c)
{
    return c.isLetterOrNumber() || c.isMark() || isJoiner(c);
}

// A phone or date written in groups: digits with spaces, dots, dashes or brackets between them,
// 8 to 15 digits in all (E.164 has at most 15; fewer than 8 are amounts and times). Never a part
// of a longer token: the digits of "POL-2024-000123" are that token's, not a phone.
const QRegularExpression &groupedNumber()
{
    static const QRegularExpression re(
        uR"((?<![\p{L}\p{N}@._/+'-])\+?\(?\d[\d ().\-]{5,}\d(?![\p{L}\p{N}]|[@._/+'-][\p{L}\p{N}]))"_s);
    return re;
}

QString digitsOf(QStringView s)
{
    QString out;
    for (const QChar c : s) {
        if (c.isDigit())
            out.append(c);
    }
    return out;
}

bool isGroupedNumber(const QString &digits)
{
    return digits.size() >= 8 && digits.size() <= 15;
}

// The hashed form of a sensitive token as the index stores it: "x" and 80 bits of the keyed
// hash in hex — plenty to keep distinct values apart, a word no language has, one FTS token.
QString hashedTerm(const QByteArray &index)
{
    return u'x' + QString::fromLatin1(index.left(10).toHex());
}

} // namespace

QString ftsQuoted(const QString &term)
{
    QString t = term;
    t.replace(u'"', u"\"\""_s);
    return u'"' + t + u'"';
}

QString tsQuoted(const QString &term)
{
    QString t = term;
    t.replace(u'\'', u"''"_s);
    t.replace(u'\\', u"\\\\"_s);
    return u'\'' + t + u'\'';
}

QList<Token> tokens(const QString &text)
{
    QList<Token> out;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        while (i < n && !isTokenChar(text.at(i)))
            ++i;
        qsizetype end = i;
        while (end < n && isTokenChar(text.at(end)))
            ++end;
        qsizetype from = i;
        qsizetype to = end;
        while (from < to && isJoiner(text.at(from)))
            ++from;
        while (to > from && isJoiner(text.at(to - 1)))
            --to;
        i = end;
        if (from == to)
            continue;
        const QString chunk = text.sliced(from, to - from).toLower();
        const bool hasDigit =
            std::any_of(chunk.cbegin(), chunk.cend(), [](QChar c) { return c.isDigit(); });
        if (chunk.contains(u'@')) {
            out.append({chunk, true});
        } else if (hasDigit) {
            QString normalized;
            for (const QChar c : chunk) {
                if (c.isLetterOrNumber())
                    normalized.append(c);
            }
            out.append({normalized, true});
        } else {
            out.append({chunk, false});
        }
    }
    return out;
}

// What an operator typed, with numbers written in groups joined into one token, as they are
// also indexed that way.
QList<Token> queryTokens(const QString &typed)
{
    QString text = typed;
    QRegularExpressionMatchIterator it = groupedNumber().globalMatch(typed);
    QList<QRegularExpressionMatch> matches;
    while (it.hasNext())
        matches.append(it.next());
    // Replace from the end so earlier offsets stay valid.
    for (auto m = matches.crbegin(); m != matches.crend(); ++m) {
        const QString digits = digitsOf(m->capturedView());
        if (isGroupedNumber(digits))
            text.replace(m->capturedStart(), m->capturedLength(), u' ' + digits + u' ');
    }
    return tokens(text);
}

QStringList indexedForms(const PersonalDataCipher &cipher, const Token &token)
{
    if (!token.sensitive)
        return {token.text};
    QStringList out;
    for (const QByteArray &index : cipher.blindIndexes(PersonalField::SearchTerm, token.text))
        out.append(hashedTerm(index));
    return out;
}

QString searchTerms(const PersonalDataCipher &cipher, const QString &text, Repeats repeats)
{
    QStringList terms;
    for (const Token &t : tokens(text)) {
        terms.append(t.sensitive ? hashedTerm(cipher.blindIndex(PersonalField::SearchTerm, t.text))
                                 : t.text);
    }
    QRegularExpressionMatchIterator it = groupedNumber().globalMatch(text);
    while (it.hasNext()) {
        const QString digits = digitsOf(it.next().capturedView());
        if (isGroupedNumber(digits))
            terms.append(hashedTerm(cipher.blindIndex(PersonalField::SearchTerm, digits)));
    }
    terms.sort();
    if (repeats == Repeats::Drop)
        terms.removeDuplicates();
    return terms.join(u' ');
}

Sealed seal(const PersonalDataCipher &cipher, const QString &text)
{
    if (text.isEmpty())
        return {};
    return {cipher.seal(PersonalField::MessageText, text), searchTerms(cipher, text)};
}

QString open(const PersonalDataCipher &cipher, const QByteArray &sealed, const QString &clear)
{
    if (sealed.isEmpty())
        return clear;
    const Result<QString> text = cipher.open(PersonalField::MessageText, sealed);
    if (!text.isOk())
        return u"[this text cannot be opened: "_s + text.status().message() + u']';
    return text.value();
}

QString ftsQuery(const PersonalDataCipher &cipher, const QString &typed)
{
    const QList<Token> typedTokens = queryTokens(typed);
    QStringList terms;
    for (qsizetype i = 0; i < typedTokens.size(); ++i) {
        const Token &t = typedTokens.at(i);
        if (!t.sensitive) {
            terms.append(ftsQuoted(t.text) + (i + 1 == typedTokens.size() ? u"*"_s : QString()));
            continue;
        }
        QStringList alternatives;
        for (const QByteArray &index : cipher.blindIndexes(PersonalField::SearchTerm, t.text))
            alternatives.append(ftsQuoted(hashedTerm(index)));
        if (alternatives.size() == 1)
            terms.append(alternatives.first());
        else if (!alternatives.isEmpty())
            terms.append(u'(' + alternatives.join(u" OR "_s) + u')');
    }
    return terms.join(u' ');
}

QString tsQuery(const PersonalDataCipher &cipher, const QString &typed)
{
    const QList<Token> typedTokens = queryTokens(typed);
    QStringList terms;
    for (qsizetype i = 0; i < typedTokens.size(); ++i) {
        const Token &t = typedTokens.at(i);
        if (!t.sensitive) {
            terms.append(tsQuoted(t.text) + (i + 1 == typedTokens.size() ? u":*"_s : QString()));
            continue;
        }
        QStringList alternatives;
        for (const QByteArray &index : cipher.blindIndexes(PersonalField::SearchTerm, t.text))
            alternatives.append(tsQuoted(hashedTerm(index)));
        if (!alternatives.isEmpty())
            terms.append(u'(' + alternatives.join(u" | "_s) + u')');
    }
    return terms.join(u" & "_s);
}

} // namespace aiochat::messagetext
