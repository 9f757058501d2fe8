#include "posixsocket.h"
#include "sessiontestutil.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <atomic>
#include <cstring>
#include <functional>
#include <thread>

#include <arpa/inet.h>
#include <dirent.h>
#include <malloc.h>

using namespace sockpit;
using namespace sockpit::test;

// 50,000 clients connect to a TCP server session and close at once, each with a reset (SO_LINGER 0,
// so neither side keeps TIME_WAIT entries), spread over the source addresses 127.0.0.2-127.0.0.9
// (one address has only ~28,000 ephemeral ports). The clients run in a plain POSIX loop on a helper
// thread of this process, which is also the server's process. Afterwards the server must hold no
// descriptor and no memory more than before.
class tst_ConnectChurn : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void descriptorsAndMemoryReturn();
};

namespace {

constexpr int Cycles = 50000;
constexpr int WarmUpCycles = 2000;
constexpr int SourceAddresses = 8; // 127.0.0.2 .. 127.0.0.9
// Connections the clients may be ahead of the server's accept(), so the listen queue never overflows
// (an overflowing queue drops SYNs, and a client would wait a second for its retransmission).
constexpr qint64 AheadOfAccept = 256;

// AddressSanitizer keeps freed memory in quarantine and grows the heap by design: there, LeakSanitizer
// is the check for leaks, and the resident-memory comparison is left out.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool MeasureMemory = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool MeasureMemory = false;
#else
constexpr bool MeasureMemory = true;
#endif
#else
constexpr bool MeasureMemory = true;
#endif

int openDescriptors()
{
    DIR *dir = ::opendir("/proc/self/fd");
    if (!dir)
        return -1;
    int count = 0;
    while (const dirent *entry = ::readdir(dir)) {
        if (entry->d_name[0] != '.')
            ++count;
    }
    ::closedir(dir);
    return count - 1; // the directory's own descriptor
}

qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().simplified().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * ::sysconf(_SC_PAGESIZE) : -1;
}

// The bytes the process's allocations hold, in every arena and in mmapped blocks: what a leak grows.
// Resident memory is not: how much of its freed memory the allocator can hand back depends on how
// many connections and display batches were alive at once, which a loaded machine raises (the GUI
// thread falls behind), so it measured the machine's load as much as the server.
qint64 heapInUse()
{
    const struct mallinfo2 info = ::mallinfo2();
    return qint64(info.uordblks) + qint64(info.hblkhd);
}

// The client side: connect from 127.0.0.(2 + i % SourceAddresses), then close with a reset.
struct Churn
{
    quint16 port = 0;
    int count = 0;
    std::function<qint64()> acceptedSoFar; // thread-safe
    std::atomic<bool> cancel {false};
    std::atomic<int> done {0};
    std::atomic<int> failures {0};
    std::atomic<int> firstErrno {0};

    void run()
    {
        const qint64 acceptedAtStart = acceptedSoFar();
        for (int i = 0; i < count && !cancel.load(); ++i) {
            while (i - (acceptedSoFar() - acceptedAtStart) > AheadOfAccept && !cancel.load())
                std::this_thread::yield();
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in source {};
            source.sin_family = AF_INET;
            source.sin_addr.s_addr = htonl(INADDR_LOOPBACK + 1 + quint32(i % SourceAddresses));
            sockaddr_in server {};
            server.sin_family = AF_INET;
            server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            server.sin_port = htons(port);
            if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&source), sizeof source) != 0
                || ::connect(fd, reinterpret_cast<sockaddr *>(&server), sizeof server) != 0) {
                int expected = 0;
                firstErrno.compare_exchange_strong(expected, errno);
                failures.fetch_add(1);
            } else {
                setLingerZero(fd);
            }
            if (fd >= 0)
                ::close(fd);
            done.fetch_add(1);
        }
    }
};

} // namespace

void tst_ConnectChurn::initTestCase()
{
    QVERIFY(raiseOpenFileLimit() >= 1024);
}

void tst_ConnectChurn::descriptorsAndMemoryReturn()
{
    Session server;
    QVERIFY(startAndWait(server, serverConfig(loopback(false))));

    auto cycle = [&](int count) {
        Churn churn;
        churn.port = server.localPort();
        churn.count = count;
        churn.acceptedSoFar = [&server] { return server.counters().accepted; };
        const qint64 acceptedBefore = server.counters().accepted;
        std::thread clients([&churn] { churn.run(); });
        // The GUI thread's event loop runs meanwhile: it takes the server's display batches, as the
        // window would.
        const bool finished = QTest::qWaitFor([&] { return churn.done.load() == count; }, 240000);
        churn.cancel.store(true);
        clients.join();
        QVERIFY2(
            finished, qPrintable(QStringLiteral("%1 of %2 clients ran").arg(churn.done.load()).arg(count)));
        QVERIFY2(churn.failures.load() == 0,
            qPrintable(QStringLiteral("%1 clients failed, the first with: %2")
                           .arg(churn.failures.load())
                           .arg(QString::fromLocal8Bit(std::strerror(churn.firstErrno.load())))));
        QTRY_COMPARE_WITH_TIMEOUT(server.counters().accepted, acceptedBefore + count, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(server.counters().connections, 0, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(server.peers().isEmpty(), WaitMs);
    };

    // A warm-up run, so the baseline includes what is made once and kept: the I/O threads, their
    // event dispatchers, the registry's hash tables at their largest.
    cycle(WarmUpCycles);
    if (QTest::currentTestFailed())
        return;
    const int descriptorsBefore = openDescriptors();
    // Under AddressSanitizer its own allocator answers mallinfo2() with zeros.
    const qint64 memoryBefore = MeasureMemory ? heapInUse() : 0;
    const qint64 residentBefore = residentBytes();
    QVERIFY(descriptorsBefore > 0 && (!MeasureMemory || memoryBefore > 0));

    QElapsedTimer clock;
    clock.start();
    cycle(Cycles);
    if (QTest::currentTestFailed())
        return;
    qInfo("%d connect/reset cycles in %lld ms", Cycles, clock.elapsed());
    QCOMPARE(server.counters().refused, qint64(0));
    QCOMPARE(server.counters().queuedBytes, qint64(0));

    QTRY_COMPARE_WITH_TIMEOUT(openDescriptors(), descriptorsBefore, WaitMs);
    if (MeasureMemory) {
        // Every connection costs the server well over 1 KiB while it lives (a TcpConnection with two
        // QSocketNotifiers, its statistics, peer and local names, two events). 4 MiB over 50,000
        // cycles is 84 bytes a cycle: a leak of any of those objects would be ten times that. The
        // margin covers what is kept at its largest size once made (hash tables, queues' capacity).
        constexpr qint64 Tolerance = qint64(4) << 20;
        qint64 memoryAfter = 0;
        QTRY_VERIFY2_WITH_TIMEOUT((memoryAfter = heapInUse()) <= memoryBefore + Tolerance,
            qPrintable(QStringLiteral("heap in use %1 KiB before, %2 KiB after")
                           .arg(memoryBefore >> 10)
                           .arg(memoryAfter >> 10)),
            WaitMs);
        qInfo("heap in use %lld KiB before, %lld KiB after; resident memory %lld KiB before, %lld KiB after",
            memoryBefore >> 10, memoryAfter >> 10, residentBefore >> 10, residentBytes() >> 10);
    }

    // Still serving.
    EventLog log(&server);
    verifyUsable(server, log);
    QVERIFY(stopAndWait(server));
}

QTEST_GUILESS_MAIN(tst_ConnectChurn)
#include "tst_connectchurn.moc"
