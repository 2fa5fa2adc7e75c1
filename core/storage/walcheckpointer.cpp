#include "walcheckpointer.h"

#include "connection.h"
#include "logging/logging.h"

#include <QSqlQuery>
#include <QThread>

#include <utility>

using namespace Qt::StringLiterals;

namespace aiochat {

WalCheckpointer::WalCheckpointer(DatabaseConfig config, int intervalMs)
    : m_config(std::move(config))
    , m_intervalMs(intervalMs)
{}

WalCheckpointer::~WalCheckpointer()
{
    stop();
}

void WalCheckpointer::start()
{
    if (m_thread || m_config.engine != Engine::Sqlite)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    m_thread = QThread::create([this] { loop(); });
    m_thread->setObjectName(u"aiochat-wal-checkpoint"_s);
    m_thread->start(QThread::LowPriority);
}

void WalCheckpointer::stop()
{
    if (!m_thread)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void WalCheckpointer::truncateSoon()
{
    {
        std::lock_guard lock(m_mutex);
        m_truncate = true;
    }
    m_wake.notify_all();
}

void WalCheckpointer::loop()
{
    const QString name = u"aiochat-wal-checkpoint-"_s + QString::number(quintptr(this));
    {
        Result<QSqlDatabase> db = openConnection(m_config, name, ConnectionRole::Reader);
        if (!db.isOk()) {
            qCWarning(lcStorage) << "WAL checkpoints disabled:" << db.status().message();
            return;
        }
        QSqlQuery checkpoint(db.value());
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            m_wake.wait_for(lock, std::chrono::milliseconds(m_intervalMs),
                            [this] { return m_stopping || m_truncate; });
            if (m_stopping)
                break;
            const bool truncate = std::exchange(m_truncate, false);
            lock.unlock();
            // PASSIVE: copies what it can without waiting for (or blocking) anyone. TRUNCATE
            // waits for readers (up to the busy timeout) and empties the file.
            checkpoint.exec(truncate ? u"PRAGMA wal_checkpoint(TRUNCATE)"_s
                                     : u"PRAGMA wal_checkpoint(PASSIVE)"_s);
            checkpoint.finish();
            lock.lock();
        }
    }
    closeConnection(name);
}

} // namespace aiochat
