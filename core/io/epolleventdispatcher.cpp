#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <ctime>
#include <iterator>
#include <vector>

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace sockpit {

namespace {

qint64 nowNs()
{
    timespec now {};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

constexpr qint64 NsPerMs = 1000000;

// What poll() reports that wakes each type of notifier, as Qt's own dispatchers read it: an error or
// a hang-up wakes every notifier of the descriptor, so that each finds out.
constexpr quint32 WakesRead = EPOLLIN | EPOLLHUP | EPOLLERR;
constexpr quint32 WakesWrite = EPOLLOUT | EPOLLHUP | EPOLLERR;
constexpr quint32 WakesException = EPOLLPRI | EPOLLHUP | EPOLLERR;
constexpr quint32 Wakes[3] = {WakesRead, WakesWrite, WakesException};

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    , m_wakeFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (!isValid())
        return;
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.fd = m_wakeFd;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event) != 0) {
        ::close(m_wakeFd);
        m_wakeFd = -1;
    }
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    emit awake();
    QCoreApplication::sendPostedEvents();

    // Events posted from now on call wakeUp(), which makes epoll_wait() return at once.
    const bool mayWait = flags.testFlag(QEventLoop::WaitForMoreEvents) && !m_interrupted.load();
    int timeoutMs = 0;
    if (mayWait) {
        timeoutMs = flags.testFlag(QEventLoop::X11ExcludeTimers) ? -1 : msUntilNextTimer();
        emit aboutToBlock();
    }
    if (m_interrupted.load())
        return false;

    int activated = 0;
    if (flags.testFlag(QEventLoop::ExcludeSocketNotifiers)) {
        // Only a wake-up or a timer: the sockets' readiness stays for a later call (level-triggered),
        // and waiting on the epoll set would return at once for it, again and again.
        pollfd wake {m_wakeFd, POLLIN, 0};
        int woken = 0;
        do
            woken = ::poll(&wake, 1, timeoutMs);
        while (woken < 0 && errno == EINTR);
        if (woken > 0)
            activated += takeWakeUp();
    } else {
        constexpr int MaxEvents = 256;
        epoll_event events[MaxEvents];
        int count = 0;
        do
            count = ::epoll_wait(m_epoll, events, MaxEvents, timeoutMs);
        while (count < 0 && errno == EINTR);
        // Taken before any notifier runs: a notifier registered while these are delivered (on a
        // descriptor number just closed and reused, say) gets none of them.
        Ready ready[MaxEvents]; // on the stack: no allocation per wake-up
        int readyCount = 0;
        for (int i = 0; i < count; ++i) {
            const int fd = events[i].data.fd;
            if (fd == m_wakeFd) {
                activated += takeWakeUp();
                continue;
            }
            const auto found = m_watches.constFind(fd);
            if (found == m_watches.cend())
                continue;
            Ready &one = ready[readyCount++];
            one.fd = fd;
            one.events = events[i].events;
            std::copy(std::begin(found->registrations), std::end(found->registrations), one.registrations);
        }
        for (int i = 0; i < readyCount; ++i)
            activated += activate(ready[i]);
    }
    if (!flags.testFlag(QEventLoop::X11ExcludeTimers))
        activated += activateTimers();
    return activated > 0;
}

int EpollEventDispatcher::takeWakeUp()
{
    eventfd_t count = 0;
    ::eventfd_read(m_wakeFd, &count);
    // Cleared after the read: a wakeUp() in between finds it still set and writes nothing, but its
    // event is sent by the next call, which begins with sendPostedEvents().
    m_wakeUpPending.store(0);
    return 1; // counted as an event, as Qt's dispatchers count their wake-up pipe
}

int EpollEventDispatcher::activate(const Ready &ready)
{
    int activated = 0;
    for (int type = 0; type < 3; ++type) {
        if (!(ready.events & Wakes[type]) || !ready.registrations[type])
            continue;
        // Looked up again for each: a notifier woken before may have removed this one, closed the
        // descriptor, or registered another in its place.
        const auto found = m_watches.constFind(ready.fd);
        if (found == m_watches.cend())
            return activated;
        QSocketNotifier *notifier = found->notifiers[type];
        if (!notifier || found->registrations[type] != ready.registrations[type])
            continue;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
        ++activated;
    }
    return activated;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || type < 0 || type > 2)
        return;
    const auto found = m_watches.find(fd);
    const bool known = found != m_watches.end();
    Watch &watched = known ? *found : m_watches[fd];
    if (watched.notifiers[type] && watched.notifiers[type] != notifier)
        qWarning(
            "EpollEventDispatcher: a second notifier of one type for descriptor %d replaces the first", fd);
    watched.notifiers[type] = notifier;
    watched.registrations[type] = ++m_lastRegistration;
    watch(fd, watched, known);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const auto found = m_watches.find(fd);
    if (found == m_watches.end())
        return;
    for (int type = 0; type < 3; ++type) {
        if (found->notifiers[type] == notifier) {
            found->notifiers[type] = nullptr;
            found->registrations[type] = 0;
        }
    }
    if (found->empty()) {
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr); // EBADF when it was closed first: gone anyway
        m_watches.erase(found);
        return;
    }
    watch(fd, *found, true);
}

void EpollEventDispatcher::watch(int fd, const Watch &watched, bool known)
{
    epoll_event event {};
    if (watched.notifiers[QSocketNotifier::Read])
        event.events |= EPOLLIN;
    if (watched.notifiers[QSocketNotifier::Write])
        event.events |= EPOLLOUT;
    if (watched.notifiers[QSocketNotifier::Exception])
        event.events |= EPOLLPRI;
    event.data.fd = fd;
    // A descriptor closed and reopened under the same number without its notifiers going first has
    // left the epoll set, though it is still listed here: ADD and MOD each try the other.
    const int first = known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (::epoll_ctl(m_epoll, first, fd, &event) == 0)
        return;
    if ((first == EPOLL_CTL_MOD && errno == ENOENT) || (first == EPOLL_CTL_ADD && errno == EEXIST)) {
        if (::epoll_ctl(m_epoll, first == EPOLL_CTL_MOD ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event) == 0)
            return;
    }
    qWarning("EpollEventDispatcher: cannot watch descriptor %d: %s", fd, strerror(errno));
}

void EpollEventDispatcher::registerTimer(
    int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    if (timerId < 1 || interval < 0 || !object)
        return;
    unregisterTimer(timerId);
    Timer &timer = m_timers[timerId];
    timer.intervalMs = interval;
    timer.type = timerType;
    timer.object = object;
    schedule(timerId, timer, nowNs() + interval * NsPerMs);
}

void EpollEventDispatcher::schedule(int timerId, Timer &timer, qint64 dueNs)
{
    m_due.erase({timer.dueNs, timerId});
    timer.dueNs = dueNs;
    m_due.insert({dueNs, timerId});
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto found = m_timers.find(timerId);
    if (found == m_timers.end())
        return false;
    m_due.erase({found->dueNs, timerId});
    m_timers.erase(found);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    bool any = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->object == object) {
            m_due.erase({it->dueNs, it.key()});
            it = m_timers.erase(it);
            any = true;
        } else {
            ++it;
        }
    }
    return any;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> timers;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it) {
        if (it->object == object)
            timers.append(TimerInfo(it.key(), int(it->intervalMs), it->type));
    }
    return timers;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto found = m_timers.constFind(timerId);
    if (found == m_timers.cend())
        return -1;
    const qint64 left = found->dueNs - nowNs();
    return left <= 0 ? 0 : int((left + NsPerMs - 1) / NsPerMs);
}

int EpollEventDispatcher::msUntilNextTimer() const
{
    if (m_due.empty())
        return -1;
    const qint64 left = m_due.begin()->first - nowNs();
    if (left <= 0)
        return 0;
    // Rounded up: a timer never fires early.
    return int(qMin<qint64>((left + NsPerMs - 1) / NsPerMs, INT_MAX));
}

int EpollEventDispatcher::activateTimers()
{
    if (m_due.empty())
        return 0;
    const qint64 now = nowNs();
    // The timers due now, taken first: a timer's event may start, stop or restart any timer.
    std::vector<int> due;
    for (auto it = m_due.cbegin(); it != m_due.cend() && it->first <= now; ++it)
        due.push_back(it->second);
    int fired = 0;
    for (const int timerId : due) {
        auto found = m_timers.find(timerId);
        // Gone, or stopped and its number given to a timer started since, which is not due yet.
        if (found == m_timers.end() || found->dueNs > now)
            continue;
        const qint64 interval = found->intervalMs * NsPerMs;
        const qint64 next = found->dueNs + interval;
        if (found->firing) {
            // Its event runs a nested loop: not again from inside it, but its time moves on, so that
            // the nested loop does not wake at once for it, again and again.
            schedule(timerId, *found, next > now ? next : now + interval);
            continue;
        }
        // The next time is set before the event, so that the event may stop or restart the timer.
        schedule(timerId, *found, next > now ? next : now + interval); // late: no catching up
        found->firing = true;
        QObject *object = found->object;
        QTimerEvent event(timerId);
        QCoreApplication::sendEvent(object, &event);
        ++fired;
        found = m_timers.find(timerId); // the event may have added timers, or removed this one
        if (found != m_timers.end())
            found->firing = false;
    }
    return fired;
}

void EpollEventDispatcher::wakeUp()
{
    if (m_wakeUpPending.exchange(1) == 0)
        ::eventfd_write(m_wakeFd, 1);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

} // namespace sockpit
