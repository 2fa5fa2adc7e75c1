#include "metricsregistry.h"

#include <QJsonArray>

#include <cmath>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

QByteArray number(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return QByteArray::number(qint64(v));
    return QByteArray::number(v, 'g', 12);
}

QByteArray withLabels(const QByteArray &name, const QByteArray &labels)
{
    return labels.isEmpty() ? name : name + '{' + labels + '}';
}

} // namespace

void MetricsRegistry::describe(const QByteArray &name, Type type, const QByteArray &help,
                               QList<double> buckets)
{
    QMutexLocker lock(&m_mutex);
    Family &f = m_families[name];
    f.type = type;
    f.help = help;
    f.bounds = std::move(buckets);
}

MetricsRegistry::Series &MetricsRegistry::seriesFor(const QByteArray &name,
                                                    const QByteArray &labels)
{
    Family &f = m_families[name];
    Series &s = f.series[labels];
    if (f.type == Type::Histogram && s.buckets.size() != f.bounds.size())
        s.buckets = QList<quint64>(f.bounds.size(), 0);
    return s;
}

void MetricsRegistry::increment(const QByteArray &name, const QByteArray &labels, double by)
{
    QMutexLocker lock(&m_mutex);
    seriesFor(name, labels).value += by;
}

void MetricsRegistry::set(const QByteArray &name, const QByteArray &labels, double value)
{
    QMutexLocker lock(&m_mutex);
    seriesFor(name, labels).value = value;
}

void MetricsRegistry::observe(const QByteArray &name, const QByteArray &labels, double value)
{
    QMutexLocker lock(&m_mutex);
    const Family &f = m_families[name];
    Series &s = seriesFor(name, labels);
    s.value += value;
    ++s.count;
    for (qsizetype i = 0; i < f.bounds.size(); ++i) {
        if (value <= f.bounds.at(i)) {
            ++s.buckets[i];
            break;
        }
    }
}

double MetricsRegistry::value(const QByteArray &name, const QByteArray &labels) const
{
    QMutexLocker lock(&m_mutex);
    const auto f = m_families.constFind(name);
    if (f == m_families.constEnd())
        return 0;
    const auto s = f->series.constFind(labels);
    if (s == f->series.constEnd())
        return 0;
    return f->type == Type::Histogram ? double(s->count) : s->value;
}

double MetricsRegistry::sum(const QByteArray &name, const QByteArray &labelFilter) const
{
    QMutexLocker lock(&m_mutex);
    const auto f = m_families.constFind(name);
    if (f == m_families.constEnd())
        return 0;
    double total = 0;
    for (auto it = f->series.cbegin(); it != f->series.cend(); ++it) {
        if (labelFilter.isEmpty() || it.key().contains(labelFilter))
            total += f->type == Type::Histogram ? double(it->count) : it->value;
    }
    return total;
}

QByteArray MetricsRegistry::renderPrometheus() const
{
    QMutexLocker lock(&m_mutex);
    QByteArray out;
    out.reserve(8192);
    for (auto f = m_families.cbegin(); f != m_families.cend(); ++f) {
        const QByteArray &name = f.key();
        QByteArray help = f->help;
        help.replace('\\', "\\\\").replace('\n', "\\n");
        out += "# HELP " + name + ' ' + help + '\n';
        out += "# TYPE " + name + ' ' +
               (f->type == Type::Counter ? "counter"
                : f->type == Type::Gauge ? "gauge"
                                         : "histogram") +
               '\n';
        for (auto s = f->series.cbegin(); s != f->series.cend(); ++s) {
            const QByteArray &labels = s.key();
            if (f->type != Type::Histogram) {
                out += withLabels(name, labels) + ' ' + number(s->value) + '\n';
                continue;
            }
            const QByteArray prefix = labels.isEmpty() ? QByteArray() : labels + ',';
            quint64 cumulative = 0;
            for (qsizetype i = 0; i < f->bounds.size(); ++i) {
                cumulative += s->buckets.value(i);
                out += name + "_bucket{" + prefix + "le=\"" + number(f->bounds.at(i)) + "\"} " +
                       QByteArray::number(cumulative) + '\n';
            }
            out +=
                name + "_bucket{" + prefix + "le=\"+Inf\"} " + QByteArray::number(s->count) + '\n';
            out += withLabels(name + "_sum", labels) + ' ' + number(s->value) + '\n';
            out += withLabels(name + "_count", labels) + ' ' + QByteArray::number(s->count) + '\n';
        }
    }
    return out;
}

QJsonObject MetricsRegistry::toJson() const
{
    QMutexLocker lock(&m_mutex);
    QJsonObject out;
    for (auto f = m_families.cbegin(); f != m_families.cend(); ++f) {
        QJsonArray series;
        for (auto s = f->series.cbegin(); s != f->series.cend(); ++s) {
            QJsonObject o{{u"labels"_s, QString::fromUtf8(s.key())}};
            if (f->type == Type::Histogram) {
                o.insert(u"count"_s, qint64(s->count));
                o.insert(u"sum"_s, s->value);
            } else {
                o.insert(u"value"_s, s->value);
            }
            series.append(o);
        }
        out.insert(QString::fromUtf8(f.key()), series);
    }
    return out;
}

QByteArray MetricsRegistry::label(const QByteArray &key, const QByteArray &value)
{
    QByteArray v = value;
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return key + "=\"" + v + '"';
}

QByteArray MetricsRegistry::labels(std::initializer_list<std::pair<QByteArray, QByteArray>> pairs)
{
    QByteArray out;
    for (const auto &[k, v] : pairs) {
        if (!out.isEmpty())
            out += ',';
        out += label(k, v);
    }
    return out;
}

} // namespace aiochat
