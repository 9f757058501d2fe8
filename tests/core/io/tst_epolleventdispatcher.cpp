#include "epolleventdispatcher.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QSemaphore>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <functional>
#include <memory>

#include <sys/socket.h>
#include <unistd.h>

using namespace sockpit;

// The I/O threads' event dispatcher, on a thread of its own as the pool runs it: socket notifiers
// woken by what happens on their descriptor and by nothing else, notifiers that go away in the middle
// of a wake-up, timers that fire in order and never early, events posted from another thread, and
// the end of the thread's loop.
class tst_EpollEventDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void readAndWriteNotifiersOfOneDescriptor();
    void disabledNotifierIsNotWoken();
    void notifierRemovedByAnotherInTheSameWakeUp();
    void newNotifierOnAReusedNumberGetsNoOldWakeUp();
    void exceptionNotifierWokenByHangUp();
    void loopWithoutNotifiersDoesNotSpin();
    void timerInANestedLoopDoesNotSpin();
    void timersFireInOrderAndNeverEarly();
    void periodicTimerStoppedFromItsEvent();
    void remainingTime();
    void timerNumbersAreGivenBack();
    void postedEventWakesTheThread();

private:
    // Runs `work` on the dispatcher's thread and waits for it.
    void onThread(const std::function<void()> &work);

    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; // lives on m_thread
};

namespace {

constexpr int WaitMs = 5000;

struct SocketPair
{
    int ends[2] = {-1, -1};
    SocketPair() { ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, ends); }
    ~SocketPair()
    {
        for (int fd : ends) {
            if (fd >= 0)
                ::close(fd);
        }
    }
};

} // namespace

void tst_EpollEventDispatcher::init()
{
    m_thread = new QThread;
    auto *dispatcher = new EpollEventDispatcher;
    QVERIFY(dispatcher->isValid());
    m_thread->setEventDispatcher(dispatcher);
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    m_thread->start();
}

void tst_EpollEventDispatcher::cleanup()
{
    QObject *context = m_context;
    QMetaObject::invokeMethod(
        context, [context] { delete context; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    QVERIFY(m_thread->wait(WaitMs)); // quit() interrupts a wait in epoll_wait()
    delete m_thread;
}

void tst_EpollEventDispatcher::onThread(const std::function<void()> &work)
{
    QMetaObject::invokeMethod(m_context, work, Qt::BlockingQueuedConnection);
}

void tst_EpollEventDispatcher::readAndWriteNotifiersOfOneDescriptor()
{
    // One descriptor, a reader and a writer: the writer is woken at once (there is room), the reader
    // only once the other end writes.
    SocketPair pair;
    QAtomicInt reads = 0;
    QAtomicInt writes = 0;
    QSocketNotifier *reader = nullptr;
    QSocketNotifier *writer = nullptr;
    onThread([&] {
        reader = new QSocketNotifier(pair.ends[0], QSocketNotifier::Read, m_context);
        writer = new QSocketNotifier(pair.ends[0], QSocketNotifier::Write, m_context);
        connect(reader, &QSocketNotifier::activated, m_context, [&] {
            char byte = 0;
            while (::read(pair.ends[0], &byte, 1) == 1)
                reads.fetchAndAddRelaxed(1);
        });
        connect(writer, &QSocketNotifier::activated, m_context, [&] {
            writes.fetchAndAddRelaxed(1);
            writer->setEnabled(false); // woken once, then not again
        });
    });
    QTRY_COMPARE_WITH_TIMEOUT(writes.loadRelaxed(), 1, WaitMs);
    QCOMPARE(reads.loadRelaxed(), 0);
    QCOMPARE(::write(pair.ends[1], "abc", 3), ssize_t(3));
    QTRY_COMPARE_WITH_TIMEOUT(reads.loadRelaxed(), 3, WaitMs);
    QCOMPARE(writes.loadRelaxed(), 1);
    onThread([&] { writer->setEnabled(true); });
    QTRY_COMPARE_WITH_TIMEOUT(writes.loadRelaxed(), 2, WaitMs);
    onThread([&] {
        delete reader;
        delete writer;
    });
}

void tst_EpollEventDispatcher::disabledNotifierIsNotWoken()
{
    // A disabled reader with bytes waiting is not woken (nor does its descriptor keep the thread
    // busy); enabled again, it is.
    SocketPair pair;
    QAtomicInt woken = 0;
    QSocketNotifier *reader = nullptr;
    onThread([&] {
        reader = new QSocketNotifier(pair.ends[0], QSocketNotifier::Read, m_context);
        reader->setEnabled(false);
        connect(reader, &QSocketNotifier::activated, m_context, [&] {
            woken.fetchAndAddRelaxed(1);
            char buffer[16];
            while (::read(pair.ends[0], buffer, sizeof(buffer)) > 0) { }
        });
    });
    QCOMPARE(::write(pair.ends[1], "x", 1), ssize_t(1));
    // A timer on the same thread fires after the byte is there: the loop has had its chance.
    QAtomicInt ticked = 0;
    onThread([&] { QTimer::singleShot(50, m_context, [&] { ticked.storeRelaxed(1); }); });
    QTRY_COMPARE_WITH_TIMEOUT(ticked.loadRelaxed(), 1, WaitMs);
    QCOMPARE(woken.loadRelaxed(), 0);
    onThread([&] { reader->setEnabled(true); });
    QTRY_COMPARE_WITH_TIMEOUT(woken.loadRelaxed(), 1, WaitMs);
    onThread([&] { delete reader; });
}

void tst_EpollEventDispatcher::notifierRemovedByAnotherInTheSameWakeUp()
{
    // Two descriptors ready in one wake-up; whichever is woken first deletes the other's notifier
    // and closes that descriptor. The other is not woken (the sanitizers see no use after free).
    SocketPair first;
    SocketPair second;
    QAtomicInt woken = 0;
    onThread([&] {
        auto *a = new QSocketNotifier(first.ends[0], QSocketNotifier::Read, m_context);
        auto *b = new QSocketNotifier(second.ends[0], QSocketNotifier::Read, m_context);
        const auto wake = [&](QSocketNotifier *self, QPointer<QSocketNotifier> other, SocketPair *otherPair) {
            woken.fetchAndAddRelaxed(1);
            self->setEnabled(false);
            delete other.data();
            ::close(otherPair->ends[0]);
            otherPair->ends[0] = -1;
        };
        connect(a, &QSocketNotifier::activated, m_context, [=, &second] { wake(a, b, &second); });
        connect(b, &QSocketNotifier::activated, m_context, [=, &first] { wake(b, a, &first); });
        // Both made ready before the thread looks again: the writes happen on this thread.
        QCOMPARE(::write(first.ends[1], "1", 1), ssize_t(1));
        QCOMPARE(::write(second.ends[1], "2", 1), ssize_t(1));
    });
    QAtomicInt ticked = 0;
    onThread([&] { QTimer::singleShot(50, m_context, [&] { ticked.storeRelaxed(1); }); });
    QTRY_COMPARE_WITH_TIMEOUT(ticked.loadRelaxed(), 1, WaitMs);
    QCOMPARE(woken.loadRelaxed(), 1);
}

void tst_EpollEventDispatcher::newNotifierOnAReusedNumberGetsNoOldWakeUp()
{
    // Two descriptors ready in one wake-up. Whichever is woken first closes the other, puts a new
    // socket (with nothing to read) under the same number and watches it: the wake-up the old one
    // had pending must not reach the new notifier.
    SocketPair first;
    SocketPair second;
    SocketPair replacement;
    QAtomicInt oldWoken = 0;
    QAtomicInt newWoken = 0;
    QAtomicInt reused = -1;
    onThread([&] {
        auto *a = new QSocketNotifier(first.ends[0], QSocketNotifier::Read, m_context);
        auto *b = new QSocketNotifier(second.ends[0], QSocketNotifier::Read, m_context);
        const auto wake = [&](QSocketNotifier *self, QPointer<QSocketNotifier> other) {
            oldWoken.fetchAndAddRelaxed(1);
            self->setEnabled(false);
            if (reused.loadRelaxed() >= 0 || !other)
                return;
            const int number = int(other->socket());
            delete other.data();
            ::close(number);
            reused.storeRelaxed(::dup2(replacement.ends[0], number)); // the same number, a new socket
            auto *fresh = new QSocketNotifier(number, QSocketNotifier::Read, m_context);
            connect(fresh, &QSocketNotifier::activated, m_context, [&] { newWoken.fetchAndAddRelaxed(1); });
        };
        connect(a, &QSocketNotifier::activated, m_context, [=] { wake(a, b); });
        connect(b, &QSocketNotifier::activated, m_context, [=] { wake(b, a); });
        QCOMPARE(::write(first.ends[1], "1", 1), ssize_t(1));
        QCOMPARE(::write(second.ends[1], "2", 1), ssize_t(1));
    });
    QAtomicInt ticked = 0;
    onThread([&] { QTimer::singleShot(50, m_context, [&] { ticked.storeRelaxed(1); }); });
    QTRY_COMPARE_WITH_TIMEOUT(ticked.loadRelaxed(), 1, WaitMs);
    QVERIFY(reused.loadRelaxed() >= 0);
    QCOMPARE(oldWoken.loadRelaxed(), 1);
    QCOMPARE(newWoken.loadRelaxed(), 0);
    // The new socket is watched: what is written to it now wakes its notifier.
    QCOMPARE(::write(replacement.ends[1], "3", 1), ssize_t(1));
    QTRY_VERIFY_WITH_TIMEOUT(newWoken.loadRelaxed() >= 1, WaitMs);
    onThread([&] {
        qDeleteAll(m_context->findChildren<QSocketNotifier *>());
        ::close(reused.loadRelaxed());
    });
}

void tst_EpollEventDispatcher::exceptionNotifierWokenByHangUp()
{
    // As with poll(): a hang-up wakes an exception notifier too, the only one on its descriptor.
    SocketPair pair;
    QAtomicInt woken = 0;
    onThread([&] {
        auto *notifier = new QSocketNotifier(pair.ends[0], QSocketNotifier::Exception, m_context);
        connect(notifier, &QSocketNotifier::activated, m_context, [&, notifier] {
            woken.fetchAndAddRelaxed(1);
            notifier->setEnabled(false);
        });
    });
    ::close(pair.ends[1]);
    pair.ends[1] = -1;
    QTRY_COMPARE_WITH_TIMEOUT(woken.loadRelaxed(), 1, WaitMs);
    onThread([&] { qDeleteAll(m_context->findChildren<QSocketNotifier *>()); });
}

void tst_EpollEventDispatcher::loopWithoutNotifiersDoesNotSpin()
{
    // A nested loop that leaves socket notifiers out waits for its timer, although a watched
    // descriptor stays readable all along.
    SocketPair pair;
    QCOMPARE(::write(pair.ends[1], "x", 1), ssize_t(1));
    int wakeUps = 0;
    onThread([&] {
        auto *notifier = new QSocketNotifier(pair.ends[0], QSocketNotifier::Read, m_context);
        Q_UNUSED(notifier);
        QAbstractEventDispatcher *dispatcher = QThread::currentThread()->eventDispatcher();
        const auto counting = connect(dispatcher, &QAbstractEventDispatcher::awake, [&] { ++wakeUps; });
        QEventLoop loop;
        QTimer::singleShot(100, &loop, &QEventLoop::quit);
        loop.exec(QEventLoop::ExcludeSocketNotifiers);
        disconnect(counting);
        delete notifier;
    });
    QVERIFY2(wakeUps < 50, QByteArray::number(wakeUps).constData());
}

void tst_EpollEventDispatcher::timerInANestedLoopDoesNotSpin()
{
    // A 10 ms timer whose event runs a 200 ms nested loop: the loop is not woken for that timer
    // again and again while it waits (it is not fired from inside its own event).
    int wakeUps = 0;
    int fired = 0;
    onThread([&] {
        QTimer timer;
        timer.setTimerType(Qt::PreciseTimer);
        QAbstractEventDispatcher *dispatcher = QThread::currentThread()->eventDispatcher();
        connect(&timer, &QTimer::timeout, m_context, [&] {
            if (++fired > 1)
                return;
            const auto counting = connect(dispatcher, &QAbstractEventDispatcher::awake, [&] { ++wakeUps; });
            QEventLoop loop;
            QTimer::singleShot(200, &loop, &QEventLoop::quit);
            loop.exec();
            disconnect(counting);
            timer.stop();
        });
        timer.start(10);
        QEventLoop outer;
        QTimer::singleShot(300, &outer, &QEventLoop::quit);
        outer.exec();
    });
    QCOMPARE(fired, 1);
    QVERIFY2(wakeUps < 100, QByteArray::number(wakeUps).constData());
}

void tst_EpollEventDispatcher::timersFireInOrderAndNeverEarly()
{
    // Three single-shot timers of each type, started together: each fires once, after its full
    // interval, in the order of their intervals.
    QList<int> order;
    QList<qint64> lateness;
    QElapsedTimer clock;
    onThread([&] {
        clock.start();
        const Qt::TimerType types[] = {Qt::VeryCoarseTimer, Qt::PreciseTimer, Qt::CoarseTimer};
        const int intervals[] = {120, 40, 80};
        for (int i = 0; i < 3; ++i) {
            auto *timer = new QTimer(m_context);
            timer->setSingleShot(true);
            timer->setTimerType(types[i]);
            timer->setInterval(intervals[i]);
            const int interval = intervals[i];
            connect(timer, &QTimer::timeout, m_context, [&, interval, timer] {
                order << interval;
                lateness << clock.elapsed() - interval;
                timer->deleteLater();
            });
            timer->start();
        }
    });
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 3, WaitMs);
    onThread([] {}); // what the thread wrote is seen here
    QCOMPARE(order, (QList<int> {40, 80, 120}));
    for (const qint64 late : std::as_const(lateness))
        QVERIFY2(late >= 0, QByteArray::number(late).constData());
}

void tst_EpollEventDispatcher::periodicTimerStoppedFromItsEvent()
{
    // A 10 ms timer fires again and again until its fifth event stops it; each comes a full interval
    // after the one before.
    QAtomicInt fired = 0;
    QList<qint64> times;
    QElapsedTimer clock;
    onThread([&] {
        auto *timer = new QTimer(m_context);
        timer->setTimerType(Qt::PreciseTimer);
        timer->setInterval(10);
        connect(timer, &QTimer::timeout, m_context, [&, timer] {
            times << clock.elapsed();
            if (fired.fetchAndAddRelaxed(1) + 1 == 5)
                timer->stop();
        });
        clock.start();
        timer->start();
    });
    QTRY_COMPARE_WITH_TIMEOUT(fired.loadRelaxed(), 5, WaitMs);
    QAtomicInt ticked = 0;
    onThread([&] { QTimer::singleShot(60, m_context, [&] { ticked.storeRelaxed(1); }); });
    QTRY_COMPARE_WITH_TIMEOUT(ticked.loadRelaxed(), 1, WaitMs);
    QCOMPARE(fired.loadRelaxed(), 5);
    QCOMPARE(times.size(), 5);
    for (int i = 0; i < times.size(); ++i)
        QVERIFY2(times.at(i) >= 10 * (i + 1), QByteArray::number(times.at(i)).constData());
}

void tst_EpollEventDispatcher::remainingTime()
{
    int left = -2;
    int afterStop = -2;
    onThread([&] {
        QTimer timer;
        timer.start(1000);
        left = timer.remainingTime();
        timer.stop();
        afterStop = timer.remainingTime();
    });
    QVERIFY2(left > 900 && left <= 1000, QByteArray::number(left).constData());
    QCOMPARE(afterStop, -1);
}

void tst_EpollEventDispatcher::timerNumbersAreGivenBack()
{
    // Started and stopped 100,000 times, a timer keeps coming back with small numbers: the numbers
    // of stopped timers are reused, never used up.
    int largest = 0;
    onThread([&] {
        QObject owner;
        for (int i = 0; i < 100000; ++i) {
            const int id = owner.startTimer(1000);
            largest = qMax(largest, id);
            owner.killTimer(id);
        }
    });
    QVERIFY2(largest < 1000, QByteArray::number(largest).constData());
}

void tst_EpollEventDispatcher::postedEventWakesTheThread()
{
    // The thread sleeps in epoll_wait() with no timer; a call posted from here wakes it, each time.
    QSemaphore ran;
    for (int i = 0; i < 1000; ++i) {
        QMetaObject::invokeMethod(
            m_context, [&ran] { ran.release(); }, Qt::QueuedConnection);
        QVERIFY2(ran.tryAcquire(1, WaitMs), QByteArray::number(i).constData());
    }
}

QTEST_GUILESS_MAIN(tst_EpollEventDispatcher)
#include "tst_epolleventdispatcher.moc"
