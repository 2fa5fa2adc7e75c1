#include "whatsapptemplates.h"

#include <QRegularExpression>
#include <QSet>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace aiochat::whatsapptemplates {

namespace {

QSet<int> placeholders(const QString &body)
{
    static const QRegularExpression placeholder(u"\\{\\{\\s*(\\d+)\\s*\\}\\}"_s);
    QSet<int> numbers;
    for (const QRegularExpressionMatch &m : placeholder.globalMatch(body))
        numbers.insert(m.captured(1).toInt());
    return numbers;
}

} // namespace

QString checkPlaceholders(const QString &body)
{
    const QSet<int> numbers = placeholders(body);
    QStringList missing;
    int highest = 0;
    for (int n : numbers)
        highest = std::max(highest, n);
    for (int n = 1; n <= highest; ++n) {
        if (!numbers.contains(n))
            missing << u"{{"_s + QString::number(n) + u"}}"_s;
    }
    if (numbers.contains(0))
        return u"placeholders are numbered from {{1}}"_s;
    if (!missing.isEmpty())
        return u"placeholders must be {{1}}, {{2}}… without gaps: "_s + missing.join(u", "_s) +
               u" is missing"_s;
    return {};
}

int placeholderCount(const QString &body)
{
    return int(placeholders(body).size());
}

QString checkParameter(const QString &value, int number)
{
    const QString which = u"parameter {{"_s + QString::number(number) + u"}}"_s;
    if (value.trimmed().isEmpty())
        return which + u" is empty: WhatsApp refuses empty values"_s;
    if (value.contains(u'\n') || value.contains(u'\r') || value.contains(u'\t'))
        return which + u" contains a line break or a tab, which WhatsApp refuses in parameters"_s;
    if (value.contains(u"     "_s))
        return which + u" contains more than four spaces in a row, which WhatsApp refuses"_s;
    return {};
}

} // namespace aiochat::whatsapptemplates
