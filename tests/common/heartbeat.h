#pragma once

// What the window's flood test (tests/ui/session/tst_sessiontabflood.cpp) and the window benchmarks
// (tests/bench/gui/guibench.cpp) measure a main thread by: a 10 ms heartbeat timer whose longest gap
// between ticks, less 10 ms, is the longest stall; and, for that gap, how much the thread ran and how
// long it waited for a core (on a shared machine that wait is not the window's doing).

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QString>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace sockpit::test {

// kB of a "VmHWM:" or "VmRSS:" line of a /proc/<pid>/status file; -1 when it cannot be read.
inline qint64 statusKb(const char *key, const QString &path = QStringLiteral("/proc/self/status"))
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(key) + ':';
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// CPU time the calling thread has used, in nanoseconds.
inline qint64 threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Nanoseconds the calling thread has waited on a run queue (second field of its schedstat).
inline qint64 runQueueWaitNs()
{
    QFile file(QStringLiteral("/proc/thread-self/schedstat"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readAll().split(' ').value(1).toLongLong();
}

// Ticks every IntervalMs on the thread that starts it and keeps the longest gap between two ticks.
class Heartbeat
{
public:
    static constexpr int IntervalMs = 10;

    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(IntervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { tick(); });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_lastCpu = threadCpuNs();
        m_lastWait = runQueueWaitNs();
        m_maxGapNs = m_maxGapCpuNs = m_maxGapWaitNs = m_maxOwnGapNs = m_maxCpuNs = 0;
        m_ticks = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double elapsedMs() const { return double(m_clock.nsecsElapsed()) / 1e6; }
    // The longest gap between two ticks, wall time.
    double maxGapMs() const { return double(m_maxGapNs) / 1e6; }
    // CPU time the thread itself used during the longest gap.
    double maxGapCpuMs() const { return double(m_maxGapCpuNs) / 1e6; }
    // The most CPU time the thread used between two ticks: the longest piece of work the code under
    // test did at once. Unlike a gap's wall time it holds no time the thread was not running (asleep,
    // blocked, waiting for a core, or its machine held up by the host).
    double maxCpuPerGapMs() const { return double(m_maxCpuNs) / 1e6; }
    // Time the thread was runnable but waited for a core during the longest gap.
    double maxGapWaitMs() const { return double(m_maxGapWaitNs) / 1e6; }
    // The longest stall, wall time: the longest gap less the interval.
    double stallMs() const { return std::max(0.0, maxGapMs() - IntervalMs); }
    // The longest stall once each gap's wait for a core is left out: the thread's working or
    // blocked time, which is what the code under test answers for.
    double ownStallMs() const { return std::max(0.0, double(m_maxOwnGapNs) / 1e6 - IntervalMs); }
    qint64 ticks() const { return m_ticks; }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        const qint64 cpu = threadCpuNs();
        const qint64 wait = runQueueWaitNs();
        const qint64 gap = now - m_last;
        if (gap > m_maxGapNs) {
            m_maxGapNs = gap;
            m_maxGapCpuNs = cpu - m_lastCpu;
            m_maxGapWaitNs = wait - m_lastWait;
        }
        m_maxOwnGapNs = std::max(m_maxOwnGapNs, gap - (wait - m_lastWait));
        m_maxCpuNs = std::max(m_maxCpuNs, cpu - m_lastCpu);
        if (m_trace && gap > 3 * IntervalMs * 1000000LL)
            std::fprintf(stderr, "gap %.1f ms at %.3f s\n", double(gap) / 1e6, double(now) / 1e9);
        m_last = now;
        m_lastCpu = cpu;
        m_lastWait = wait;
        ++m_ticks;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_lastCpu = 0;
    qint64 m_lastWait = 0;
    qint64 m_maxGapNs = 0;
    qint64 m_maxGapCpuNs = 0;
    qint64 m_maxGapWaitNs = 0;
    qint64 m_maxOwnGapNs = 0;
    qint64 m_maxCpuNs = 0;
    qint64 m_ticks = 0;
    bool m_trace = qEnvironmentVariableIsSet("HEARTBEAT_TRACE"); // every gap over 30 ms to stderr
};

} // namespace sockpit::test
