#pragma once

#include <QObject>
#include <QThread>

#include <atomic>
#include <vector>

namespace sockpit {

// The I/O threads every session shares: one per core, each with its own event loop. A socket is
// created, watched and closed on one of them; sessions hand work over with queued calls to worker(i).
class IoThreadPool final
{
public:
    // Created on first use; its threads are stopped when the QCoreApplication goes away.
    static IoThreadPool &instance();

    int size() const { return int(m_workers.size()); }
    // A context object living on thread `index`: objects created there may use it as their parent.
    QObject *worker(int index) const { return m_workers.at(std::size_t(index)); }
    // Round-robin choice, so accepted connections spread evenly over the threads.
    int nextIndex();
    bool isIoThread() const;
    // Runs `hook` on each I/O thread as the pool stops it, after the thread's objects are deleted and
    // before QThread::wait() returns. A library that keeps state per thread frees it there: Qt's
    // threads are detached, so a thread-local destructor that runs after wait() returned races with
    // the process's exit handlers. May be called from any thread, before the pool stops.
    static void addThreadEndHook(void (*hook)());

private:
    IoThreadPool();
    ~IoThreadPool();
    void shutdown();
    static void shutdownInstance();

    std::vector<QThread *> m_threads;
    std::vector<QObject *> m_workers;
    std::atomic<unsigned> m_next {0};
};

} // namespace sockpit
