#include "iothreadpool.h"

#include "epolleventdispatcher.h"

#include <QCoreApplication>

#include <algorithm>
#include <mutex>

#include <pthread.h>
#include <signal.h>

namespace sockpit {

namespace {
IoThreadPool *s_instance = nullptr;
std::mutex s_instanceMutex;
std::mutex s_hooksMutex; // not s_instanceMutex: the pool stops while that one is held
std::vector<void (*)()> s_threadEndHooks;

std::vector<void (*)()> threadEndHooks()
{
    std::lock_guard<std::mutex> lock(s_hooksMutex);
    return s_threadEndHooks;
}
} // namespace

void IoThreadPool::addThreadEndHook(void (*hook)())
{
    std::lock_guard<std::mutex> lock(s_hooksMutex);
    if (std::find(s_threadEndHooks.begin(), s_threadEndHooks.end(), hook) == s_threadEndHooks.end())
        s_threadEndHooks.push_back(hook);
}

IoThreadPool &IoThreadPool::instance()
{
    std::lock_guard<std::mutex> lock(s_instanceMutex);
    if (!s_instance) {
        s_instance = new IoThreadPool;
        qAddPostRoutine(&IoThreadPool::shutdownInstance);
    }
    return *s_instance;
}

void IoThreadPool::shutdownInstance()
{
    std::lock_guard<std::mutex> lock(s_instanceMutex);
    delete s_instance;
    s_instance = nullptr;
}

IoThreadPool::IoThreadPool()
{
    // sendfile() and splice() into a socket the peer closed raise SIGPIPE (they have no MSG_NOSIGNAL):
    // the I/O threads, which inherit this thread's signal mask, never take it and get EPIPE instead.
    sigset_t pipeSignal;
    sigset_t previous;
    sigemptyset(&pipeSignal);
    sigaddset(&pipeSignal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous);
    const int count = qMax(1, QThread::idealThreadCount());
    for (int i = 0; i < count; ++i) {
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("sockpit-io-%1").arg(i));
        auto *dispatcher = new EpollEventDispatcher;
        if (dispatcher->isValid())
            thread->setEventDispatcher(dispatcher); // the thread takes it
        else
            delete dispatcher; // Qt's own, then
        auto *worker = new QObject;
        worker->setObjectName(thread->objectName());
        worker->moveToThread(thread);
        thread->start();
        m_threads.push_back(thread);
        m_workers.push_back(worker);
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

IoThreadPool::~IoThreadPool()
{
    shutdown();
}

void IoThreadPool::shutdown()
{
    // Deleting each worker on its own thread closes every socket still parented to it there.
    const std::vector<void (*)()> hooks = threadEndHooks();
    for (std::size_t i = 0; i < m_workers.size(); ++i) {
        QObject *worker = m_workers[i];
        QMetaObject::invokeMethod(
            worker,
            [worker, &hooks] {
                delete worker;
                for (void (*hook)() : hooks)
                    hook();
            },
            Qt::BlockingQueuedConnection);
        m_threads[i]->quit();
        m_threads[i]->wait();
        delete m_threads[i];
    }
    m_workers.clear();
    m_threads.clear();
}

int IoThreadPool::nextIndex()
{
    return int(m_next.fetch_add(1, std::memory_order_relaxed) % unsigned(m_workers.size()));
}

bool IoThreadPool::isIoThread() const
{
    const QThread *current = QThread::currentThread();
    for (const QThread *thread : m_threads) {
        if (thread == current)
            return true;
    }
    return false;
}

} // namespace sockpit
