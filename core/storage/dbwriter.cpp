#include "dbwriter.h"

#include "connection.h"
#include "logging/logging.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QThread>

#include <atomic>
#include <future>

using namespace Qt::StringLiterals;

namespace aiochat {

namespace {

// Upper bound on one group: keeps a huge backlog from building one giant transaction whose
// completions all wait for the slowest piece.
constexpr std::size_t kMaxGroup = 2000;

std::atomic<int> g_writerSerial{0};

} // namespace

DbWriter::DbWriter(DatabaseConfig config)
    : m_config(std::move(config))
    , m_connectionName(u"aiochat-writer-"_s + QString::number(++g_writerSerial))
{}

DbWriter::~DbWriter()
{
    stop();
}

Status DbWriter::start()
{
    std::promise<Status> opened;
    std::future<Status> result = opened.get_future();
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    m_thread = QThread::create([this, &opened] {
        {
            Result<QSqlDatabase> db =
                openConnection(m_config, m_connectionName, ConnectionRole::Writer);
            if (!db.isOk()) {
                opened.set_value(db.status());
                return;
            }
            m_db = db.value();
        }
        {
            std::lock_guard lock(m_mutex);
            m_running = true;
        }
        opened.set_value(Status::ok());
        loop();
        m_db = QSqlDatabase();
        closeConnection(m_connectionName);
    });
    m_thread->setObjectName(u"aiochat-db-writer"_s);
    m_thread->start();
    const Status s = result.get();
    if (!s.isOk()) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    return s;
}

void DbWriter::stop()
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
    std::lock_guard lock(m_mutex);
    m_running = false;
    // Anything submitted after the loop ended cannot be written any more: say so.
    for (std::deque<Item> *queue : {&m_queue, &m_background}) {
        for (Item &item : *queue) {
            if (item.done)
                item.done(Status::unavailable(u"the database writer has stopped"_s));
        }
        queue->clear();
    }
}

bool DbWriter::isRunning() const
{
    std::lock_guard lock(m_mutex);
    return m_running && !m_stopping;
}

void DbWriter::submit(Work work, Completion done, Priority priority)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_running && !m_stopping) {
            (priority == Priority::Background ? m_background : m_queue)
                .push_back({std::move(work), std::move(done)});
            m_waiting.store(int(m_queue.size()), std::memory_order_relaxed);
            m_wake.notify_one();
            return;
        }
    }
    if (done)
        done(Status::unavailable(u"the database writer is not running"_s));
}

void DbWriter::submit(QObject *context, Work work, std::function<void(const Status &)> done,
                      Priority priority)
{
    QPointer<QObject> guard(context);
    submit(
        std::move(work),
        [guard, done = std::move(done)](const Status &status) {
            if (!guard)
                return;
            QMetaObject::invokeMethod(
                guard.data(),
                [guard, done, status] {
                    if (guard)
                        done(status);
                },
                Qt::QueuedConnection);
        },
        priority);
}

Status DbWriter::run(Work work)
{
    Q_ASSERT(QThread::currentThread() != m_thread);
    std::promise<Status> promise;
    std::future<Status> future = promise.get_future();
    submit(std::move(work), [&promise](const Status &s) { promise.set_value(s); });
    return future.get();
}

Status DbWriter::runExclusive(Work work)
{
    Q_ASSERT(QThread::currentThread() != m_thread);
    std::promise<Status> promise;
    std::future<Status> future = promise.get_future();
    {
        std::lock_guard lock(m_mutex);
        if (m_running && !m_stopping) {
            m_queue.push_back(
                {std::move(work), [&promise](const Status &s) { promise.set_value(s); }, true});
            m_wake.notify_one();
        } else {
            return Status::unavailable(u"the database writer is not running"_s);
        }
    }
    return future.get();
}

void DbWriter::flush()
{
    const Status ignored = run([](QSqlDatabase &) { return Status::ok(); });
    Q_UNUSED(ignored);
}

void DbWriter::setGroupObserver(GroupObserver observer)
{
    std::lock_guard lock(m_mutex);
    m_observer = std::move(observer);
}

void DbWriter::loop()
{
    for (;;) {
        std::deque<Item> group;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock,
                        [this] { return m_stopping || !m_queue.empty() || !m_background.empty(); });
            if (m_queue.empty() && m_background.empty() && m_stopping)
                break;
            if (m_queue.empty()) {
                // Background work only when nothing else waits, one piece per transaction.
                group.push_back(std::move(m_background.front()));
                m_background.pop_front();
            } else if (m_queue.front().exclusive) {
                group.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            } else {
                // A group ends before the next exclusive item, so order is kept.
                while (!m_queue.empty() && !m_queue.front().exclusive && group.size() < kMaxGroup) {
                    group.push_back(std::move(m_queue.front()));
                    m_queue.pop_front();
                }
            }
        }
        {
            std::lock_guard lock(m_mutex);
            m_waiting.store(int(m_queue.size()), std::memory_order_relaxed);
        }
        if (group.front().exclusive)
            processExclusive(group.front());
        else
            processGroup(group);
    }
}

Status DbWriter::ensureOpen()
{
    if (m_db.isOpen())
        return Status::ok();
    m_db = QSqlDatabase();
    closeConnection(m_connectionName);
    Result<QSqlDatabase> db = openConnection(m_config, m_connectionName, ConnectionRole::Writer);
    if (!db.isOk())
        return db.status();
    m_db = db.value();
    qCInfo(lcStorage) << "database writer reconnected";
    return Status::ok();
}

void DbWriter::processExclusive(Item &item)
{
    Status s = ensureOpen();
    if (s.isOk())
        s = item.work(m_db);
    if (item.done)
        item.done(s);
}

void DbWriter::processGroup(std::deque<Item> &group)
{
    QElapsedTimer timer;
    timer.start();
    std::vector<Status> results(group.size());

    Status begin = ensureOpen();
    if (begin.isOk() && !m_db.transaction()) {
        // A server restart or network blip shows up here first: reconnect once and retry.
        m_db.close();
        begin = ensureOpen();
        if (begin.isOk() && !m_db.transaction())
            begin =
                Status::unavailable(u"cannot begin a transaction: "_s + m_db.lastError().text());
    }

    bool committed = false;
    if (begin.isOk()) {
        const bool single = group.size() == 1;
        for (std::size_t i = 0; i < group.size(); ++i) {
            if (single) {
                results[i] = group[i].work(m_db);
                continue;
            }
            // Each piece under its own savepoint: one failure does not undo the others.
            Status outcome;
            const Status savepoint = attempt(
                m_db, u"w"_s, [&] { return group[i].work(m_db); }, outcome);
            results[i] = outcome.isOk() ? savepoint : outcome;
        }
        if (single && !results[0].isOk()) {
            m_db.rollback();
        } else if (m_db.commit()) {
            committed = true;
        } else {
            // The connection may have broken after the server committed: say that it is not
            // known, so nobody takes "failed" for "not saved".
            const Status failed = Status::unavailable(
                u"the database did not confirm saving this (it may have been saved): "_s +
                m_db.lastError().text());
            qCWarning(lcStorage) << "group commit of" << group.size()
                                 << "writes failed:" << m_db.lastError().text();
            m_db.rollback();
            for (Status &r : results) {
                if (r.isOk())
                    r = failed;
            }
        }
    } else {
        qCWarning(lcStorage) << "database unavailable:" << begin.message();
        for (Status &r : results)
            r = begin;
    }

    const qint64 nanos = timer.nsecsElapsed();
    GroupObserver observer;
    {
        std::lock_guard lock(m_mutex);
        observer = m_observer;
    }
    if (observer)
        observer(int(group.size()), nanos, committed);
    for (std::size_t i = 0; i < group.size(); ++i) {
        if (group[i].done)
            group[i].done(results[i]);
    }
}

} // namespace aiochat
