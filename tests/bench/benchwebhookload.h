#pragma once

// Webhook load for benchmarks: Telegram updates posted to a host at a steady rate, each
// acknowledgement's latency recorded — the figure other work must not disturb.
#include "hostfixture.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <functional>

namespace aiochat::bench {

// Posts Telegram updates at a steady rate and records each acknowledgement's latency.
class WebhookLoad : public QObject
{
public:
    WebhookLoad(test::HostFixture &fx, int rate)
        : m_fx(fx)
    {
        m_timer.setInterval(std::max(1, 1000 / rate));
        connect(&m_timer, &QTimer::timeout, this, &WebhookLoad::post);
    }
    void start()
    {
        m_latencies.clear();
        m_timer.start();
    }
    /** @brief The latencies so far; the load goes on. */
    QList<double> take() { return std::exchange(m_latencies, {}); }
    QList<double> stop()
    {
        m_timer.stop();
        while (m_inFlight > 0)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        return m_latencies;
    }

private:
    void post()
    {
        QNetworkRequest request(QUrl(m_fx.baseUrl() + QStringLiteral("/webhooks/telegram")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setRawHeader("X-Telegram-Bot-Api-Secret-Token", "tg-secret-0123456789");
        const qint64 update = ++m_update;
        auto *timer = new QElapsedTimer;
        timer->start();
        ++m_inFlight;
        QNetworkReply *reply =
            m_network.post(request, test::telegramTextUpdate(update, 500000 + update % 1000,
                                                             QStringLiteral("Hello there")));
        connect(reply, &QNetworkReply::finished, this, [this, reply, timer] {
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
                m_latencies.append(double(timer->nsecsElapsed()) / 1e6);
            delete timer;
            reply->deleteLater();
            --m_inFlight;
        });
    }

    test::HostFixture &m_fx;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    QList<double> m_latencies;
    qint64 m_update = 100000;
    int m_inFlight = 0;
};

inline bool waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    // Sleeps until an event comes (a reply, the load's timer, this tick): processEvents() with a
    // time limit would spin, taking a core from the threads being measured.
    QTimer tick;
    tick.start(5);
    QElapsedTimer t;
    t.start();
    while (!condition()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

} // namespace aiochat::bench
