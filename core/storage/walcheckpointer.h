#pragma once

#include "databaseconfig.h"

#include <condition_variable>
#include <mutex>

class QThread;

namespace aiochat {

/**
 * @brief Keeps SQLite's write-ahead log short without stalling commits. SQLite's automatic
 * checkpoint runs inside a commit on the writer thread, holding up every request in that group;
 * a passive checkpoint from a connection of its own copies pages while writers and readers go
 * on. The writer keeps a large automatic threshold only as a backstop. SQLite only.
 */
class WalCheckpointer
{
public:
    explicit WalCheckpointer(DatabaseConfig config, int intervalMs = 250);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    void start();
    void stop();
    /**
     * @brief Checkpoints fully and empties the log at the next turn: after personal data was
     * overwritten, so no copy of the old pages stays in the WAL file.
     */
    void truncateSoon();

private:
    void loop();

    DatabaseConfig m_config;
    int m_intervalMs;
    QThread *m_thread = nullptr;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    bool m_truncate = false;
};

} // namespace aiochat
