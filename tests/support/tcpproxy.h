#pragma once

#include <QHostAddress>
#include <QObject>

#include <memory>

class QThread;

namespace aiochat::test {

class TcpProxyWorker;

/**
 * @brief A loopback TCP relay in front of a server (PostgreSQL in the cluster tests), on a thread
 * of its own so that a test blocking its main thread never stalls the traffic. restart() does to
 * the clients what a server restart does: every connection is cut, and new ones are refused for
 * a while, then accepted again on the same port.
 */
class TcpProxy
{
public:
    TcpProxy(const QString &targetHost, quint16 targetPort);
    ~TcpProxy();

    [[nodiscard]] quint16 port() const { return m_port; }
    /** @brief Cuts every connection and refuses new ones for @p downMs. */
    void restart(int downMs);
    /** @brief Connections relayed so far (clients reconnecting count again). */
    [[nodiscard]] int connectionsSeen() const;

private:
    QThread *m_thread = nullptr;
    TcpProxyWorker *m_worker = nullptr;
    quint16 m_port = 0;
};

} // namespace aiochat::test
