#include "tcpproxy.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <atomic>

namespace aiochat::test {

/** @brief The relay itself; every member is used on the proxy's thread only. */
class TcpProxyWorker : public QObject
{
public:
    TcpProxyWorker(QString host, quint16 port)
        : m_host(std::move(host))
        , m_targetPort(port)
    {}

    quint16 open()
    {
        m_server = new QTcpServer(this);
        connect(m_server, &QTcpServer::newConnection, this, &TcpProxyWorker::accept);
        if (!m_server->listen(QHostAddress::LocalHost, 0))
            return 0;
        m_port = m_server->serverPort();
        return m_port;
    }

    void restart(int downMs)
    {
        m_server->close();
        const QList<QTcpSocket *> all = findChildren<QTcpSocket *>();
        for (QTcpSocket *s : all)
            s->abort();
        for (QTcpSocket *s : all)
            s->deleteLater();
        QTimer::singleShot(downMs, this,
                           [this] { (void)m_server->listen(QHostAddress::LocalHost, m_port); });
    }

    std::atomic<int> seen{0};

private:
    void accept()
    {
        while (QTcpSocket *client = m_server->nextPendingConnection()) {
            ++seen;
            client->setParent(this);
            auto *upstream = new QTcpSocket(this);
            const QPointer<QTcpSocket> c(client), u(upstream);
            connect(client, &QTcpSocket::readyRead, this, [c, u] {
                if (c && u)
                    u->write(c->readAll());
            });
            connect(upstream, &QTcpSocket::readyRead, this, [c, u] {
                if (c && u)
                    c->write(u->readAll());
            });
            // Data the client sent before the upstream connection was up is flushed on connect.
            connect(upstream, &QTcpSocket::connected, this, [c, u] {
                if (c && u && c->bytesAvailable())
                    u->write(c->readAll());
            });
            connect(client, &QTcpSocket::disconnected, this, [u] {
                if (u)
                    u->disconnectFromHost();
            });
            connect(upstream, &QTcpSocket::disconnected, this, [c] {
                if (c)
                    c->disconnectFromHost();
            });
            connect(upstream, &QTcpSocket::errorOccurred, this, [c] {
                if (c)
                    c->abort();
            });
            upstream->connectToHost(m_host, m_targetPort);
        }
    }

    QString m_host;
    quint16 m_targetPort;
    quint16 m_port = 0;
    QTcpServer *m_server = nullptr;
};

TcpProxy::TcpProxy(const QString &targetHost, quint16 targetPort)
    : m_thread(new QThread)
    , m_worker(new TcpProxyWorker(targetHost, targetPort))
{
    m_worker->moveToThread(m_thread);
    m_thread->start();
    QMetaObject::invokeMethod(
        m_worker, [this] { m_port = m_worker->open(); }, Qt::BlockingQueuedConnection);
}

TcpProxy::~TcpProxy()
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { delete worker; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void TcpProxy::restart(int downMs)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, downMs] { worker->restart(downMs); },
        Qt::BlockingQueuedConnection);
}

int TcpProxy::connectionsSeen() const
{
    return m_worker->seen.load();
}

} // namespace aiochat::test
