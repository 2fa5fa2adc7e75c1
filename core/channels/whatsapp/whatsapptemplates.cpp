#include "whatsapptemplates.h"

#include "config/settings.h"

#include <QJsonDocument>
#include <QJsonObject>

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

QJsonArray approved(const Settings &settings)
{
    return QJsonDocument::fromJson(settings.value(u"whatsapp/templates"_s).toString().toUtf8())
        .array();
}

Result<QJsonObject> resolve(const Settings &settings, const QJsonObject &requested)
{
    const QString name = requested.value(u"name"_s).toString();
    const QString language = requested.value(u"language"_s).toString();
    const QJsonArray parameters = requested.value(u"parameters"_s).toArray();
    for (const QJsonValue &v : approved(settings)) {
        const QJsonObject t = v.toObject();
        if (t.value(u"name"_s).toString() != name ||
            (!language.isEmpty() && t.value(u"language"_s).toString() != language))
            continue;
        const QString body = t.value(u"body"_s).toString();
        const int expected = placeholderCount(body);
        if (parameters.size() != expected)
            return Status::invalidArgument(u"template: \""_s + name + u"\" needs "_s +
                                           QString::number(expected) + u" parameter(s), got "_s +
                                           QString::number(parameters.size()));
        // Refused here rather than by Meta after the message was queued (132018).
        for (qsizetype i = 0; i < parameters.size(); ++i) {
            if (const QString why = checkParameter(parameters.at(i).toString(), int(i) + 1);
                !why.isEmpty())
                return Status::invalidArgument(u"template: "_s + why);
        }
        return QJsonObject{{u"name"_s, name},
                           {u"language"_s, t.value(u"language"_s).toString()},
                           {u"parameters"_s, parameters},
                           {u"body"_s, body}};
    }
    return Status::invalidArgument(u"template: no approved template \""_s + name + u"\""_s +
                                   (language.isEmpty() ? QString() : u" in "_s + language) +
                                   u" (configure them under whatsapp/templates)"_s);
}

} // namespace aiochat::whatsapptemplates
