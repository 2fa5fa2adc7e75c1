#pragma once

#include <QFile>
#include <QList>
#include <QString>

#include <algorithm>
#include <cstdio>

/** @brief Small helpers the benchmark programs share: percentiles and memory readings. */
namespace aiochat::bench {

struct Percentiles
{
    double p50 = 0;
    double p95 = 0;
    double p99 = 0;
    double max = 0;
};

inline Percentiles percentiles(QList<double> samples)
{
    Percentiles p;
    if (samples.isEmpty())
        return p;
    std::sort(samples.begin(), samples.end());
    auto at = [&](double q) {
        return samples.at(std::min<qsizetype>(samples.size() - 1, qsizetype(q * samples.size())));
    };
    p.p50 = at(0.50);
    p.p95 = at(0.95);
    p.p99 = at(0.99);
    p.max = samples.last();
    return p;
}

/** @brief Resident set size now and at its peak, in MiB, from /proc/self/status. */
inline std::pair<double, double> rssMiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    double rss = 0;
    double hwm = 0;
    if (f.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> lines = f.readAll().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith("VmRSS:"))
                rss = line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
            else if (line.startsWith("VmHWM:"))
                hwm = line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
        }
    }
    return {rss, hwm};
}

inline void printRow(const char *what, const Percentiles &p, const char *target)
{
    std::printf("  %-44s p50 %8.2f ms  p95 %8.2f ms  p99 %8.2f ms  max %8.2f ms   target %s\n",
                what, p.p50, p.p95, p.p99, p.max, target);
}

} // namespace aiochat::bench
