#pragma once

#include "databaseconfig.h"
#include "domain/status.h"

#include <QSqlDatabase>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

class QThread;

namespace aiochat {

/**
 * @brief A few reader threads, each with its own connection (WAL lets them read while the writer
 * commits). Console API queries run here so neither the GUI nor the core thread waits on SQL.
 */
class DbReaderPool
{
public:
    using Work = std::function<void(QSqlDatabase &)>;

    DbReaderPool(DatabaseConfig config, int threads);
    ~DbReaderPool();
    DbReaderPool(const DbReaderPool &) = delete;
    DbReaderPool &operator=(const DbReaderPool &) = delete;

    void start();
    /** @brief Finishes queued work, closes the connections, joins the threads. */
    void stop();

    /**
     * @brief Runs @p work on a reader thread. If the connection cannot be opened, @p work gets a
     * closed database and its queries fail with the reason, which callers report.
     */
    void submit(Work work);

private:
    void loop(int index);

    DatabaseConfig m_config;
    int m_threadCount;
    std::vector<QThread *> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Work> m_queue;
    bool m_stopping = false;
    int m_serial;
};

} // namespace aiochat
