#pragma once

#include "databaseconfig.h"
#include "domain/status.h"

#include <QPointer>
#include <QSqlDatabase>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

class QThread;

namespace aiochat {

/**
 * @brief The single database writer: one connection on its own thread, group commits.
 *
 * Work submitted from any thread is queued; the writer takes everything waiting, runs it in one
 * transaction (each piece under its own savepoint, so one failure does not undo the others) and
 * commits once. Completions run after the commit, so "done with Ok" means durable at the
 * configured Durability. Many small writes therefore cost one commit, not one each.
 */
class DbWriter
{
public:
    using Work = std::function<Status(QSqlDatabase &)>;
    /** @brief Runs on the writer thread after commit (or failure); keep it short. */
    using Completion = std::function<void(const Status &)>;
    /** @brief Called on the writer thread after each group: jobs in it and commit time. */
    using GroupObserver = std::function<void(int jobs, qint64 commitNanos, bool ok)>;

    /**
     * @brief Normal work is what someone waits for (a webhook's 2xx, an operator's action);
     * Background work (journal processing) runs only when no normal work is queued, in its own
     * transaction, so acknowledgements never wait behind it.
     */
    enum class Priority
    {
        Normal,
        Background
    };

    explicit DbWriter(DatabaseConfig config);
    ~DbWriter();
    DbWriter(const DbWriter &) = delete;
    DbWriter &operator=(const DbWriter &) = delete;

    /** @brief Starts the thread and opens the connection; blocks until open or failed. */
    [[nodiscard]] Status start();
    /** @brief Commits everything queued, closes the connection, joins the thread. */
    void stop();
    [[nodiscard]] bool isRunning() const;

    void submit(Work work, Completion done = {}, Priority priority = Priority::Normal);
    /**
     * @brief Like submit, but @p done runs on @p context's thread (queued); it is dropped if
     * @p context was destroyed meanwhile.
     */
    void submit(QObject *context, Work work, std::function<void(const Status &)> done,
                Priority priority = Priority::Normal);
    /** @brief Submits and waits. Never call from the writer thread. */
    [[nodiscard]] Status run(Work work);
    /**
     * @brief Runs @p work alone, outside any group transaction, and waits: for work that manages
     * its own transaction (schema migrations, bulk loads).
     */
    [[nodiscard]] Status runExclusive(Work work);
    /** @brief Waits until everything submitted before this call is committed. */
    void flush();

    void setGroupObserver(GroupObserver observer);
    /**
     * @brief True when normal work is queued. Background work checks it between steps and
     * yields, so a long job never holds acknowledgements back. Callable from any thread.
     */
    [[nodiscard]] bool hasWaitingWork() const
    {
        return m_waiting.load(std::memory_order_relaxed) > 0;
    }
    [[nodiscard]] const DatabaseConfig &config() const { return m_config; }

private:
    struct Item
    {
        Work work;
        Completion done;
        bool exclusive = false;
    };

    void loop();
    void processGroup(std::deque<Item> &group);
    void processExclusive(Item &item);
    [[nodiscard]] Status ensureOpen();

    DatabaseConfig m_config;
    QString m_connectionName;
    QSqlDatabase m_db;
    QThread *m_thread = nullptr;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Item> m_queue;
    std::deque<Item> m_background;
    std::atomic<int> m_waiting{0}; ///< size of m_queue, readable without the lock
    bool m_stopping = false;
    bool m_running = false;
    GroupObserver m_observer;
};

} // namespace aiochat
