#include "params.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace aiochat {

Params::Params(const QJsonObject &params)
    : m_params(params)
{}

void Params::fail(const QString &name, const QString &why)
{
    if (m_status.isOk())
        m_status = Status::invalidArgument(name + u": "_s + why);
}

qint64 Params::requiredId(const QString &name)
{
    if (!m_params.contains(name)) {
        fail(name, u"is required"_s);
        return 0;
    }
    const qint64 id = optionalId(name);
    if (id <= 0)
        fail(name, u"must be a positive id"_s);
    return id;
}

qint64 Params::optionalId(const QString &name)
{
    const QJsonValue v = m_params.value(name);
    if (v.isUndefined() || v.isNull())
        return 0;
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d >= 0 && d == double(qint64(d)))
            return qint64(d);
    } else if (v.isString()) {
        bool ok = false;
        const qint64 id = v.toString().toLongLong(&ok);
        if (ok && id >= 0)
            return id;
    }
    fail(name, u"must be an id"_s);
    return 0;
}

int Params::optionalInt(const QString &name, int fallback, int min, int max)
{
    const QJsonValue v = m_params.value(name);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isDouble() || v.toDouble() != double(v.toInt()) || v.toInt() < min || v.toInt() > max) {
        fail(name, u"must be a whole number from "_s + QString::number(min) + u" to "_s +
                       QString::number(max));
        return fallback;
    }
    return v.toInt();
}

QString Params::optionalString(const QString &name, int maxLength)
{
    const QJsonValue v = m_params.value(name);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isString()) {
        fail(name, u"must be text"_s);
        return {};
    }
    if (v.toString().size() > maxLength) {
        fail(name, u"is longer than "_s + QString::number(maxLength) + u" characters"_s);
        return {};
    }
    return v.toString();
}

QString Params::requiredString(const QString &name, int maxLength)
{
    if (!m_params.contains(name) || m_params.value(name).isNull()) {
        fail(name, u"is required"_s);
        return {};
    }
    const QString value = optionalString(name, maxLength);
    if (m_status.isOk() && value.trimmed().isEmpty())
        fail(name, u"must not be empty"_s);
    return value;
}

std::optional<bool> Params::optionalBool(const QString &name)
{
    const QJsonValue v = m_params.value(name);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isBool()) {
        fail(name, u"must be true or false"_s);
        return std::nullopt;
    }
    return v.toBool();
}

Millis Params::optionalTime(const QString &name)
{
    const QString text = optionalString(name, 64);
    if (text.isEmpty())
        return 0;
    const Millis ms = fromIsoString(text);
    if (ms == 0)
        fail(name, u"must be an ISO 8601 date-time"_s);
    return ms;
}

QStringList Params::optionalStringList(const QString &name)
{
    const QJsonValue v = m_params.value(name);
    if (v.isUndefined() || v.isNull())
        return {};
    if (v.isString())
        return {v.toString()};
    if (!v.isArray()) {
        fail(name, u"must be a list of text"_s);
        return {};
    }
    QStringList out;
    for (const QJsonValue &item : v.toArray()) {
        if (!item.isString()) {
            fail(name, u"must be a list of text"_s);
            return {};
        }
        out.append(item.toString());
    }
    return out;
}

} // namespace aiochat
