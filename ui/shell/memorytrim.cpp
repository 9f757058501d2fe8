#include "memorytrim.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace sockpit::ui {

namespace {

std::atomic<qint64> g_lastTrimUs {-1};

} // namespace

void tuneAllocator()
{
#ifdef __GLIBC__
    ::mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    ::mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
#endif
}

void startMemoryTrimming(int intervalMs)
{
#ifdef __GLIBC__
    static QTimer *timer = nullptr;
    if (timer || !QCoreApplication::instance())
        return;
    timer = new QTimer(QCoreApplication::instance());
    timer->setInterval(intervalMs);
    QObject::connect(timer, &QTimer::timeout, [] {
        // Off the main thread: the trim walks every arena, each under its lock.
        QThreadPool::globalInstance()->start([] {
            QElapsedTimer clock;
            clock.start();
            ::malloc_trim(0);
            g_lastTrimUs.store(clock.nsecsElapsed() / 1000);
        });
    });
    timer->start();
#else
    Q_UNUSED(intervalMs)
#endif
}

qint64 lastMemoryTrimUs()
{
    return g_lastTrimUs.load();
}

} // namespace sockpit::ui
