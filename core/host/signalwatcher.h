#pragma once

#include <QObject>

class QSocketNotifier;

namespace aiochat {

/**
 * @brief Turns SIGINT and SIGTERM into a Qt signal, so shutdown runs in the event loop (services
 * stopped in order, writes flushed) instead of in a signal handler. Uses the self-pipe trick:
 * the handler only writes a byte; a QSocketNotifier reads it.
 */
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace aiochat
