#pragma once

// wrk-driven webhook load against aiochat processes, shared by the inbound and cluster
// benchmarks: the Lua scripts, the result parser, and a headless instance as a child process.
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>

#include <csignal>
#include <cstdio>

namespace aiochat::bench {

using namespace Qt::StringLiterals;

inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

struct WrkResult
{
    qint64 requests = 0;
    double seconds = 0;
    qint64 non2xx = 0;
    qint64 socketErrors = 0;
    double p50 = 0, p90 = 0, p99 = 0, max = 0; // ms
    [[nodiscard]] double rate() const
    {
        return seconds > 0 ? double(requests - non2xx) / seconds : 0;
    }
    [[nodiscard]] qint64 ok() const { return requests - non2xx; }
};

inline constexpr const char *kDone = R"LUA(
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d non2xx=%d socket=%d p50=%d p90=%d p99=%d max=%d\n",
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
)LUA";

/** @brief Telegram text updates with ids from @p offset (one billion apart per wrk thread). */
inline QByteArray telegramScript(qint64 offset, const QByteArray &secret)
{
    return QByteArray(R"LUA(
local counter = 0
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  base = )LUA") +
           QByteArray::number(offset) + R"LUA( + (tonumber(tid) or 0) * 1000000000
end
function request()
  counter = counter + 1
  local id = base + counter
  local chat = 1000 + id % 500
  local body = string.format('{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"is_bot":false,"first_name":"Load"},"chat":{"id":%d,"type":"private","first_name":"Load"},"date":1767225600,"text":"load test message %d"}}', id, id, chat, chat, id)
  return wrk.format("POST", "/webhooks/telegram", {["Content-Type"]="application/json", ["X-Telegram-Bot-Api-Secret-Token"]=")LUA" +
           secret + R"LUA("}, body)
end
)LUA" + kDone;
}

inline WrkResult runWrk(const QString &wrk, const QString &script, quint16 port, int connections,
                        int seconds)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(wrk, {u"-t2"_s, u"-c"_s + QString::number(connections),
                  u"-d"_s + QString::number(seconds) + u's', u"--timeout"_s, u"10s"_s, u"-s"_s,
                  script, u"http://127.0.0.1:"_s + QString::number(port)});
    p.waitForFinished(seconds * 1000 + 120000);
    const QString out = QString::fromUtf8(p.readAll());
    static const QRegularExpression re(
        uR"(RESULT requests=(\d+) duration_us=(\d+) non2xx=(\d+) socket=(\d+) p50=(\d+) p90=(\d+) p99=(\d+) max=(\d+))"_s);
    const QRegularExpressionMatch m = re.match(out);
    WrkResult r;
    if (!m.hasMatch()) {
        std::fprintf(stderr, "wrk failed:\n%s\n", qPrintable(out));
        return r;
    }
    r.requests = m.captured(1).toLongLong();
    r.seconds = m.captured(2).toDouble() / 1e6;
    r.non2xx = m.captured(3).toLongLong();
    r.socketErrors = m.captured(4).toLongLong();
    r.p50 = m.captured(5).toDouble() / 1000;
    r.p90 = m.captured(6).toDouble() / 1000;
    r.p99 = m.captured(7).toDouble() / 1000;
    r.max = m.captured(8).toDouble() / 1000;
    return r;
}

inline double rssMiB(qint64 pid, const char *field)
{
    QFile f(u"/proc/"_s + QString::number(pid) + u"/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0;
}

struct Server
{
    QProcess process;
    quint16 port = 0;
    QString dir;

    bool start(const QString &binary, const QStringList &args, const QProcessEnvironment &env)
    {
        port = freePort();
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(binary, args + QStringList{u"--port"_s, QString::number(port)});
        QByteArray out;
        for (int i = 0;
             i < 200 && !out.contains("running headless") && !out.contains("bare responder ready");
             ++i) {
            process.waitForReadyRead(100);
            out += process.readAll();
        }
        return process.state() == QProcess::Running;
    }

    void stop()
    {
        ::kill(pid_t(process.processId()), SIGTERM);
        process.waitForFinished(60000);
    }
};

} // namespace aiochat::bench
