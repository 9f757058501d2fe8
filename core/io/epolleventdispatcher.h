#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>

#include <atomic>
#include <set>
#include <utility>

class QSocketNotifier;

namespace sockpit {

// The I/O threads' event dispatcher, on epoll(7). A wake-up costs the same whether a thread watches
// ten sockets or ten thousand: glib's dispatcher, Qt's default, hands poll() every registered
// descriptor at each wake-up and searches a list to unregister one, which made 10,000 clients cost a
// server most of its time. Timers are kept in due order and never fire early.
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    // False when the kernel refused the epoll or eventfd descriptor: use Qt's dispatcher then.
    bool isValid() const { return m_epoll >= 0 && m_wakeFd >= 0; }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override; // any thread
    void interrupt() override; // any thread

private:
    // The notifiers of one descriptor, one of each type at most, each with the number of its
    // registration: a wake-up reaches a notifier only if it was registered when epoll_wait() returned.
    struct Watch
    {
        QSocketNotifier *notifiers[3] = {}; // indexed by QSocketNotifier::Type
        quint64 registrations[3] = {};
        bool empty() const { return !notifiers[0] && !notifiers[1] && !notifiers[2]; }
    };
    // A descriptor epoll_wait() reported, and its registrations at that moment.
    struct Ready
    {
        int fd = -1;
        quint32 events = 0;
        quint64 registrations[3] = {};
    };
    struct Timer
    {
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        qint64 dueNs = 0; // on the monotonic clock
        bool firing = false; // its event is being delivered: not fired again from a nested loop
    };

    void watch(int fd, const Watch &watch, bool known);
    // Delivers the descriptor's events to its notifiers still registered as they were; how many
    // were activated.
    int activate(const Ready &ready);
    int takeWakeUp(); // reads the eventfd; 1
    int activateTimers();
    int msUntilNextTimer() const; // -1: no timer
    void schedule(int timerId, Timer &timer, qint64 dueNs);

    int m_epoll = -1;
    int m_wakeFd = -1; // an eventfd: wakeUp() writes it, the loop reads it
    std::atomic<int> m_wakeUpPending {0};
    std::atomic<bool> m_interrupted {false};
    QHash<int, Watch> m_watches;
    quint64 m_lastRegistration = 0;
    QHash<int, Timer> m_timers;
    std::set<std::pair<qint64, int>> m_due; // (due time, timer id), earliest first
};

} // namespace sockpit
