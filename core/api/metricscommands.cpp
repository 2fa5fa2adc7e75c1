#include "metricscommands.h"

#include "consoleapi.h"
#include "domain/timestamps.h"
#include "params.h"
#include "storage/connection.h"

#include <QJsonArray>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

constexpr qint64 kHour = 3600 * 1000;
constexpr qint64 kDay = 24 * kHour;

struct Range
{
    qint64 from = 0;   ///< first bucket's start (ms)
    qint64 bucket = 0; ///< bucket width (ms)
    int buckets = 0;
};

// "24h" counts by the hour, up to the current one; "7d" and "30d" by the operator's local day
// (utcOffsetMinutes), today included.
std::optional<Range> rangeFor(const QString &name, int utcOffsetMinutes, qint64 now)
{
    const qint64 offset = qint64(utcOffsetMinutes) * 60 * 1000;
    if (name == u"24h"_s) {
        const qint64 thisHour = now / kHour * kHour;
        return Range{thisHour - 23 * kHour, kHour, 24};
    }
    const int days = name == u"7d"_s ? 7 : name == u"30d"_s ? 30 : 0;
    if (!days)
        return std::nullopt;
    const qint64 today = (now + offset) / kDay * kDay - offset; // local midnight, in UTC ms
    return Range{today - (days - 1) * kDay, kDay, days};
}

double percentile(QList<double> &values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype rank =
        std::clamp<qsizetype>(qsizetype(p * double(values.size())), 0, values.size() - 1);
    return values.at(rank);
}

QJsonObject durations(QSqlQuery &q)
{
    QList<double> seconds;
    while (q.next())
        seconds.append(double(q.value(0).toLongLong()) / 1000.0);
    const qsizetype count = seconds.size();
    const double p50 = percentile(seconds, 0.5);
    const double p90 = percentile(seconds, 0.9);
    return {{u"count"_s, count}, {u"p50Seconds"_s, p50}, {u"p90Seconds"_s, p90}};
}

// How long conversations took from creation to @p column (first_response_at or resolved_at,
// our own constants), for those where that moment falls in [from, to).
Result<QJsonObject> durationsUntil(QSqlDatabase &db, const QString &column, qint64 from, qint64 to)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT "_s + column + u" - created_at FROM conversations WHERE "_s + column +
              u" >= ? AND "_s + column + u" < ? AND "_s + column + u" >= created_at"_s);
    q.addBindValue(from);
    q.addBindValue(to);
    if (Status s = execute(q, u"reading "_s + column); !s.isOk())
        return s;
    return durations(q);
}

// The bot over the period, from its interaction log: outcomes, verification, the model's
// latency (p50/p90, as a small histogram), its failures and tokens.
Result<QJsonObject> assistantFigures(QSqlDatabase &db, qint64 from, qint64 to)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT outcome, mode, COUNT(*), SUM(prompt_tokens), SUM(completion_tokens) "
              u"FROM assistant_interactions WHERE created_at >= ? AND created_at < ? "
              u"GROUP BY outcome, mode"_s);
    q.addBindValue(from);
    q.addBindValue(to);
    if (Status s = execute(q, u"counting the bot's turns"_s); !s.isOk())
        return s;
    QJsonObject outcomes;
    qint64 turns = 0, fallbacks = 0, llm = 0, promptTokens = 0, completionTokens = 0;
    while (q.next()) {
        const QString outcome = q.value(0).toString();
        const qint64 n = q.value(2).toLongLong();
        outcomes.insert(outcome, outcomes.value(outcome).toInteger() + n);
        turns += n;
        if (q.value(1).toString() == u"offline_fallback"_s)
            fallbacks += n;
        if (q.value(1).toString() != u"offline"_s)
            llm += n;
        promptTokens += q.value(3).toLongLong();
        completionTokens += q.value(4).toLongLong();
    }
    q.prepare(u"SELECT llm_ms FROM assistant_interactions WHERE created_at >= ? AND "
              u"created_at < ? AND mode <> 'offline' AND llm_ms > 0"_s);
    q.addBindValue(from);
    q.addBindValue(to);
    if (Status s = execute(q, u"reading the model's latency"_s); !s.isOk())
        return s;
    QList<double> seconds;
    const QList<double> bounds{0.5, 1, 2, 4, 8, 16, 32};
    QList<qint64> histogram(bounds.size() + 1, 0);
    while (q.next()) {
        const double sec = q.value(0).toDouble() / 1000.0;
        seconds.append(sec);
        qsizetype i = 0;
        while (i < bounds.size() && sec > bounds.at(i))
            ++i;
        ++histogram[i];
    }
    QJsonArray buckets;
    for (qsizetype i = 0; i < histogram.size(); ++i)
        buckets.append(QJsonObject{
            {u"le"_s, i < bounds.size() ? QJsonValue(bounds.at(i)) : QJsonValue(u"+Inf"_s)},
            {u"count"_s, histogram.at(i)}});
    return QJsonObject{{u"turns"_s, turns},
                       {u"outcomes"_s, outcomes},
                       {u"llmTurns"_s, llm},
                       {u"llmFailures"_s, fallbacks},
                       {u"llmP50Seconds"_s, percentile(seconds, 0.5)},
                       {u"llmP90Seconds"_s, percentile(seconds, 0.9)},
                       {u"llmLatency"_s, buckets},
                       {u"promptTokens"_s, promptTokens},
                       {u"completionTokens"_s, completionTokens}};
}

CommandResponse history(const CommandRequest &req, QSqlDatabase &db)
{
    Params p(req.params);
    const QString rangeName = p.optionalString(u"range"_s, 10);
    const int offset = p.optionalInt(u"utcOffsetMinutes"_s, 0, -14 * 60, 14 * 60);
    if (!p.isOk())
        return CommandResponse::error(p.status());
    const std::optional<Range> range =
        rangeFor(rangeName.isEmpty() ? u"24h"_s : rangeName, offset, nowMillis());
    if (!range)
        return CommandResponse::error(Status::invalidArgument(u"range: must be 24h, 7d or 30d"_s));
    const qint64 to = range->from + range->bucket * range->buckets;

    QSqlQuery q(db);
    // The bucket arithmetic uses literals (numbers computed here, never input): PostgreSQL's
    // driver cannot type placeholders inside it, and GROUP BY must repeat the same expression.
    const QString bucket = u"(m.created_at - "_s + QString::number(range->from) + u") / "_s +
                           QString::number(range->bucket);
    q.prepare(u"SELECT "_s + bucket +
              u", c.platform, m.direction, COUNT(*) "
              u"FROM messages m JOIN conversations c ON c.id = m.conversation_id "
              u"WHERE m.created_at >= ? AND m.created_at < ? GROUP BY "_s +
              bucket + u", c.platform, m.direction"_s);
    q.addBindValue(range->from);
    q.addBindValue(to);
    if (Status s = execute(q, u"counting messages"_s); !s.isOk())
        return CommandResponse::error(s);
    QMap<QString, QList<qint64>> counts; // "telegram/in" -> per bucket
    while (q.next()) {
        const int bucket = q.value(0).toInt();
        const QString key = q.value(1).toString() + u'/' + q.value(2).toString();
        QList<qint64> &series = counts[key];
        if (series.isEmpty())
            series.resize(range->buckets);
        if (bucket >= 0 && bucket < range->buckets)
            series[bucket] += q.value(3).toLongLong();
    }
    QJsonArray series;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        QJsonArray values;
        for (const qint64 v : it.value())
            values.append(v);
        const QStringList parts = it.key().split(u'/');
        series.append(QJsonObject{{u"platform"_s, parts.value(0)},
                                  {u"direction"_s, parts.value(1)},
                                  {u"counts"_s, values}});
    }
    QJsonArray starts;
    for (int i = 0; i < range->buckets; ++i)
        starts.append(toIsoString(range->from + i * range->bucket));

    const Result<QJsonObject> firstResponse =
        durationsUntil(db, u"first_response_at"_s, range->from, to);
    const Result<QJsonObject> resolution = durationsUntil(db, u"resolved_at"_s, range->from, to);
    if (!firstResponse.isOk())
        return CommandResponse::error(firstResponse.status());
    if (!resolution.isOk())
        return CommandResponse::error(resolution.status());

    const Result<QJsonObject> assistant = assistantFigures(db, range->from, to);
    if (!assistant.isOk())
        return CommandResponse::error(assistant.status());

    // Automation: the queue as it is now, and what the jobs of the range did (reminders are the
    // messages scheduled rules queued).
    QJsonObject jobs{{u"pending"_s, 0}, {u"running"_s, 0}, {u"dead"_s, 0}};
    q.prepare(u"SELECT state, COUNT(*) FROM jobs WHERE state IN ('pending', 'running', 'dead') "
              u"GROUP BY state"_s);
    if (Status s = execute(q, u"counting jobs"_s); !s.isOk())
        return CommandResponse::error(s);
    while (q.next())
        jobs.insert(q.value(0).toString(), q.value(1).toLongLong());
    QJsonObject actions;
    q.prepare(u"SELECT kind, state, COUNT(*) FROM jobs WHERE updated_at >= ? AND updated_at < ? "
              u"GROUP BY kind, state"_s);
    q.addBindValue(range->from);
    q.addBindValue(to);
    if (Status s = execute(q, u"counting actions"_s); !s.isOk())
        return CommandResponse::error(s);
    while (q.next()) {
        QJsonObject byState = actions.value(q.value(0).toString()).toObject();
        byState.insert(q.value(1).toString(), q.value(2).toLongLong());
        actions.insert(q.value(0).toString(), byState);
    }
    q.prepare(u"SELECT COUNT(*) FROM jobs j JOIN automation_runs r ON r.id = j.run_id "
              u"WHERE j.state = 'done' AND j.kind LIKE 'send_%' AND r.reason IN ('schedule', "
              u"'manual') AND j.updated_at >= ? AND j.updated_at < ?"_s);
    q.addBindValue(range->from);
    q.addBindValue(to);
    if (Status s = execute(q, u"counting reminders"_s); !s.isOk())
        return CommandResponse::error(s);
    const qint64 reminders = q.next() ? q.value(0).toLongLong() : 0;

    QJsonObject conversations{{u"open"_s, 0}, {u"needs_attention"_s, 0}};
    q.prepare(u"SELECT status, COUNT(*) FROM conversations WHERE status IN "
              u"('open', 'needs_attention') GROUP BY status"_s);
    if (Status s = execute(q, u"counting conversations"_s); !s.isOk())
        return CommandResponse::error(s);
    while (q.next())
        conversations.insert(q.value(0).toString(), q.value(1).toLongLong());

    return CommandResponse::ok(QJsonObject{
        {u"range"_s, rangeName.isEmpty() ? u"24h"_s : rangeName},
        {u"bucketSeconds"_s, range->bucket / 1000},
        {u"bucketStarts"_s, starts},
        {u"messages"_s, series},
        {u"firstResponse"_s, firstResponse.value()},
        {u"resolution"_s, resolution.value()},
        {u"conversations"_s, conversations},
        {u"assistant"_s, assistant.value()},
        {u"automation"_s,
         QJsonObject{{u"jobs"_s, jobs}, {u"actions"_s, actions}, {u"remindersSent"_s, reminders}}},
    });
}

} // namespace

void registerMetricsCommands(ConsoleApi &api)
{
    api.registerRead(u"metrics.history"_s, Permission::SystemRead, history);
}

} // namespace aiochat
