#include "dbreaderpool.h"

#include "connection.h"
#include "logging/logging.h"

#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {
std::atomic<int> g_poolSerial{0};
}

DbReaderPool::DbReaderPool(DatabaseConfig config, int threads)
    : m_config(std::move(config))
    , m_threadCount(std::max(1, threads))
    , m_serial(++g_poolSerial)
{}

DbReaderPool::~DbReaderPool()
{
    stop();
}

void DbReaderPool::start()
{
    if (!m_threads.empty())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    for (int i = 0; i < m_threadCount; ++i) {
        QThread *t = QThread::create([this, i] { loop(i); });
        t->setObjectName(u"aiochat-db-reader-"_s + QString::number(i));
        t->start();
        m_threads.push_back(t);
    }
}

void DbReaderPool::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (QThread *t : m_threads) {
        t->wait();
        delete t;
    }
    m_threads.clear();
}

void DbReaderPool::submit(Work work)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(work));
    }
    m_wake.notify_one();
}

void DbReaderPool::loop(int index)
{
    const QString name =
        u"aiochat-reader-"_s + QString::number(m_serial) + u'-' + QString::number(index);
    QSqlDatabase db;
    for (;;) {
        Work work;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                break;
            work = std::move(m_queue.front());
            m_queue.pop_front();
        }
        if (!db.isOpen()) {
            db = QSqlDatabase();
            closeConnection(name);
            Result<QSqlDatabase> opened = openConnection(m_config, name, ConnectionRole::Reader);
            if (opened.isOk())
                db = opened.value();
            else
                qCWarning(lcStorage)
                    << "reader cannot open the database:" << opened.status().message();
        }
        work(db);
    }
    db = QSqlDatabase();
    closeConnection(name);
}

} // namespace aiochat
