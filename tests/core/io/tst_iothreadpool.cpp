#include "iothreadpool.h"

#include <QCoreApplication>
#include <QTest>

#include <mutex>
#include <set>
#include <thread>

using namespace sockpit;

// The I/O threads stop when the QCoreApplication goes; each runs the end hooks as it stops, on
// itself, before the pool is gone (what OpenSSL's per-thread state is freed by). main() below lets a
// first application go, with the pool it started, and the checks then read what the hooks saw.
class tst_IoThreadPool : public QObject
{
    Q_OBJECT

private slots:
    void endHooksRanOnEveryIoThreadOnce();
    void aPoolStartsAgainAfterwards();
};

namespace {

std::mutex s_mutex;
std::multiset<std::thread::id> s_hookThreads; // under s_mutex
int s_poolSize = 0;
int s_callsBeforeTheEnd = -1;
std::thread::id s_mainThread;

void recordHook()
{
    std::lock_guard<std::mutex> lock(s_mutex);
    s_hookThreads.insert(std::this_thread::get_id());
}

int callsSoFar()
{
    std::lock_guard<std::mutex> lock(s_mutex);
    return int(s_hookThreads.size());
}

} // namespace

void tst_IoThreadPool::endHooksRanOnEveryIoThreadOnce()
{
    QVERIFY(s_poolSize > 0);
    QCOMPARE(s_callsBeforeTheEnd, 0);
    std::lock_guard<std::mutex> lock(s_mutex);
    // Added twice, run once per thread; every call on a thread of its own, none on the main thread.
    QCOMPARE(int(s_hookThreads.size()), s_poolSize);
    QCOMPARE(int(std::set<std::thread::id>(s_hookThreads.begin(), s_hookThreads.end()).size()), s_poolSize);
    QCOMPARE(int(s_hookThreads.count(s_mainThread)), 0);
}

void tst_IoThreadPool::aPoolStartsAgainAfterwards()
{
    IoThreadPool &pool = IoThreadPool::instance();
    QCOMPARE(pool.size(), s_poolSize);
    bool ranThere = false;
    QMetaObject::invokeMethod(
        pool.worker(0), [&ranThere, &pool] { ranThere = pool.isIoThread(); }, Qt::BlockingQueuedConnection);
    QVERIFY(ranThere);
    QCOMPARE(callsSoFar(), s_poolSize); // the hooks run when this pool stops, after the checks
}

int main(int argc, char **argv)
{
    s_mainThread = std::this_thread::get_id();
    {
        QCoreApplication first(argc, argv);
        s_poolSize = IoThreadPool::instance().size();
        IoThreadPool::addThreadEndHook(&recordHook);
        IoThreadPool::addThreadEndHook(&recordHook);
        s_callsBeforeTheEnd = callsSoFar();
    } // the pool stops here
    QCoreApplication app(argc, argv);
    tst_IoThreadPool test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_iothreadpool.moc"
