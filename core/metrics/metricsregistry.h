#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMutex>

namespace aiochat {

/**
 * @brief Counters, gauges and histograms with labels, rendered in the Prometheus text format
 * (0.0.4) for /metrics and as JSON for the console's Metrics page. Thread-safe: the listener,
 * the writer thread and the reader pool all record here.
 *
 * Labels are passed pre-rendered ("route=\"/healthz\",status=\"200\""); use label() to build them.
 */
class MetricsRegistry
{
public:
    enum class Type
    {
        Counter,
        Gauge,
        Histogram
    };

    /** @brief Declares a family; call once per name before recording (HELP and TYPE lines). */
    void describe(const QByteArray &name, Type type, const QByteArray &help,
                  QList<double> buckets = {});

    void increment(const QByteArray &name, const QByteArray &labels = {}, double by = 1);
    void set(const QByteArray &name, const QByteArray &labels, double value);
    void observe(const QByteArray &name, const QByteArray &labels, double value);

    [[nodiscard]] double value(const QByteArray &name, const QByteArray &labels = {}) const;
    /** @brief Sum of a family's series whose labels contain @p labelFilter (empty = all). */
    [[nodiscard]] double sum(const QByteArray &name, const QByteArray &labelFilter = {}) const;
    [[nodiscard]] QByteArray renderPrometheus() const;
    [[nodiscard]] QJsonObject toJson() const;

    /** @brief key="value" with the value escaped as the text format requires. */
    [[nodiscard]] static QByteArray label(const QByteArray &key, const QByteArray &value);
    [[nodiscard]] static QByteArray
    labels(std::initializer_list<std::pair<QByteArray, QByteArray>> pairs);

private:
    struct Series
    {
        double value = 0;       ///< counter/gauge value, histogram sum
        quint64 count = 0;      ///< histogram observations
        QList<quint64> buckets; ///< histogram cumulative counts are derived when rendering
    };
    struct Family
    {
        Type type = Type::Counter;
        QByteArray help;
        QList<double> bounds;
        QMap<QByteArray, Series> series;
    };

    Series &seriesFor(const QByteArray &name, const QByteArray &labels);

    mutable QMutex m_mutex;
    QMap<QByteArray, Family> m_families;
};

} // namespace aiochat
