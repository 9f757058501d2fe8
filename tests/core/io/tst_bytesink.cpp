#include "bytesink.h"
#include "recorder.h"
#include "sessiontestutil.h"

#include <QFile>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <csignal>
#include <thread>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace sockpit;
using namespace sockpit::test;

// Where a headless command's received bytes go: a descriptor that takes them by splice() when it
// can (pipe, socket, file, /dev/null) and by write() when it cannot (a file opened for appending, a
// device), whole pieces at a time, waiting for room rather than losing bytes. Then the same through a
// TCP server session: bytes nothing else looks at are spliced; recorded, framed or echoed ones are
// copied, and all of them arrive.
class tst_ByteSink : public QObject
{
    Q_OBJECT

private slots:
    void takesWhatArrivesInThePipe_data();
    void takesWhatArrivesInThePipe();
    void readerGoneClosesOnce();
    void waitsForRoomInsteadOfLosingBytes();
    void sessionSplicesOnlyWhatNothingElseSees_data();
    void sessionSplicesOnlyWhatNothingElseSees();
    void urgentByteDoesNotStopTheStream();

private:
    QTemporaryDir m_dir;
};

namespace {

// A descriptor pair that owns its ends.
struct Pair
{
    int ends[2] = {-1, -1};
    ~Pair()
    {
        for (int fd : ends)
            if (fd >= 0)
                ::close(fd);
    }
};

// A pipe holding `bytes`, as a connection's pipe holds what it spliced out of its socket.
// Fails rather than blocks when the system gives pipes less room than `bytes` (pipe-max-size).
bool fillPipe(Pair &pipe, const QByteArray &bytes)
{
    if (::pipe2(pipe.ends, O_CLOEXEC | O_NONBLOCK) != 0)
        return false;
    ::fcntl(pipe.ends[1], F_SETPIPE_SZ, 1024 * 1024);
    return ::fcntl(pipe.ends[1], F_GETPIPE_SZ) >= bytes.size()
        && ::write(pipe.ends[1], bytes.constData(), size_t(bytes.size())) == bytes.size();
}

QByteArray readAll(int fd, qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    qsizetype got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, bytes.data() + got, size_t(size - got));
        if (n <= 0)
            break;
        got += n;
    }
    bytes.resize(got);
    return bytes;
}

} // namespace

void tst_ByteSink::takesWhatArrivesInThePipe_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("spliced");

    QTest::newRow("pipe") << QStringLiteral("pipe") << true;
    QTest::newRow("socket") << QStringLiteral("socket") << true;
    QTest::newRow("file") << QStringLiteral("file") << true;
    QTest::newRow("/dev/null") << QStringLiteral("null") << true;
    QTest::newRow("file opened for appending") << QStringLiteral("append") << false;
    QTest::newRow("another device") << QStringLiteral("zero") << false;
}

void tst_ByteSink::takesWhatArrivesInThePipe()
{
    QFETCH(QString, kind);
    QFETCH(bool, spliced);

    const QByteArray first = pattern(0, 1000);
    const QByteArray piped = pattern(1000, 40 * 1024);
    Pair destination;
    int fd = -1;
    const QString path = m_dir.filePath(kind + QStringLiteral(".out"));
    if (kind == QLatin1String("pipe")) {
        QVERIFY(::pipe2(destination.ends, O_CLOEXEC) == 0);
        fd = destination.ends[1];
    } else if (kind == QLatin1String("socket")) {
        QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, destination.ends) == 0);
        fd = destination.ends[1];
    } else if (kind == QLatin1String("null") || kind == QLatin1String("zero")) {
        destination.ends[1]
            = ::open(kind == QLatin1String("null") ? "/dev/null" : "/dev/zero", O_WRONLY | O_CLOEXEC);
        fd = destination.ends[1];
    } else {
        const int flags
            = O_WRONLY | O_CREAT | O_CLOEXEC | (kind == QLatin1String("append") ? O_APPEND : O_TRUNC);
        destination.ends[1] = ::open(QFile::encodeName(path).constData(), flags, 0600);
        fd = destination.ends[1];
    }
    QVERIFY(fd >= 0);

    ByteSink sink(fd);
    QCOMPARE(sink.takesSplice(), spliced);
    QCOMPARE(sink.msSinceLastWrite(), qint64(-1));
    QVERIFY(sink.write(first.constData(), first.size()));
    Pair source;
    QVERIFY(fillPipe(source, piped));
    QVERIFY(sink.writeFromPipe(source.ends[0], piped.size()));
    QCOMPARE(sink.splicedBytes(), spliced ? qint64(piped.size()) : qint64(0));
    QVERIFY(sink.msSinceLastWrite() >= 0);
    QVERIFY(!sink.isClosed());

    const QByteArray expected = first + piped;
    if (kind == QLatin1String("pipe") || kind == QLatin1String("socket")) {
        QCOMPARE(readAll(destination.ends[0], expected.size()), expected);
    } else if (kind == QLatin1String("file") || kind == QLatin1String("append")) {
        QFile written(path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll(), expected);
    }
}

void tst_ByteSink::readerGoneClosesOnce()
{
    std::signal(SIGPIPE, SIG_IGN); // as the command line runs: a write to a closed pipe fails with EPIPE
    Pair destination;
    QVERIFY(::pipe2(destination.ends, O_CLOEXEC) == 0);
    ::close(destination.ends[0]);
    destination.ends[0] = -1;
    ByteSink sink(destination.ends[1]);
    int closedCalls = 0;
    sink.setClosedHandler([&closedCalls] { ++closedCalls; });
    QVERIFY(!sink.write("x", 1));
    QVERIFY(sink.isClosed());
    QVERIFY(!sink.takesSplice());
    QCOMPARE(closedCalls, 1);
    QVERIFY(!sink.write("y", 1));
    Pair source;
    QVERIFY(fillPipe(source, QByteArrayLiteral("z")));
    QVERIFY(!sink.writeFromPipe(source.ends[0], 1));
    QCOMPARE(closedCalls, 1);
}

void tst_ByteSink::waitsForRoomInsteadOfLosingBytes()
{
    // A non-blocking pipe that holds 64 KiB, read slowly: 2 MiB go in, by write() and by splice(),
    // and come out whole and in order.
    Pair destination;
    QVERIFY(::pipe2(destination.ends, O_CLOEXEC | O_NONBLOCK) == 0);
    ::fcntl(destination.ends[0], F_SETFL, 0); // the reader blocks; the sink's end stays non-blocking
    ByteSink sink(destination.ends[1]);
    QVERIFY(sink.takesSplice());
    const QByteArray written = pattern(0, 1024 * 1024);
    const QByteArray piped = pattern(written.size(), 1024 * 1024);
    std::atomic<bool> ok {true};
    std::thread writer([&] {
        Pair source;
        ok = sink.write(written.constData(), written.size()) && fillPipe(source, piped)
            && sink.writeFromPipe(source.ends[0], piped.size());
        ::close(destination.ends[1]);
        destination.ends[1] = -1;
    });
    QByteArray received;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(destination.ends[0], buffer, sizeof buffer);
        if (n <= 0)
            break;
        received.append(buffer, n);
    }
    writer.join();
    QVERIFY(ok);
    QCOMPARE(received.size(), written.size() + piped.size());
    QVERIFY(received == written + piped);
    QCOMPARE(sink.splicedBytes(), qint64(piped.size()));
}

void tst_ByteSink::sessionSplicesOnlyWhatNothingElseSees_data()
{
    QTest::addColumn<QString>("extra");
    QTest::addColumn<bool>("spliced");

    QTest::newRow("nothing else looks") << QString() << true;
    QTest::newRow("recorded") << QStringLiteral("record") << false;
    QTest::newRow("framed by lines") << QStringLiteral("lines") << false;
    QTest::newRow("echoed") << QStringLiteral("echo") << false;
}

void tst_ByteSink::sessionSplicesOnlyWhatNothingElseSees()
{
    QFETCH(QString, extra);
    QFETCH(bool, spliced);

    const QString path = m_dir.filePath(QStringLiteral("received-%1.bin").arg(extra));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    auto sink = std::make_shared<ByteSink>(out.handle());
    QVERIFY(sink->takesSplice());

    Session server;
    server.setDisplayDataEvents(false);
    server.setDataSink(sink);
    SessionConfig config = serverConfig(loopback(false));
    std::shared_ptr<Recorder> recorder;
    if (extra == QLatin1String("record")) {
        recorder = std::make_shared<Recorder>();
        QString error;
        QVERIFY2(recorder->open(m_dir.filePath(QStringLiteral("session.jsonl")), &error), qPrintable(error));
        server.setRecorder(recorder);
    } else if (extra == QLatin1String("lines")) {
        config.framing.kind = Framing::Kind::Delimiter;
    } else if (extra == QLatin1String("echo")) {
        config.echo = true;
    }
    QVERIFY(startAndWait(server, config));

    const QByteArray sent = pattern(3, 3 * 1024 * 1024);
    QTcpSocket client;
    client.connectToHost(loopback(false), server.localPort());
    QVERIFY(client.waitForConnected(WaitMs));
    client.write(sent);
    QByteArray echoed;
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, qint64(sent.size()), WaitMs);
    if (extra == QLatin1String("echo")) {
        QTRY_VERIFY_WITH_TIMEOUT((echoed += client.readAll()).size() == sent.size(), WaitMs);
        QVERIFY(echoed == sent);
    }
    client.disconnectFromHost();
    QVERIFY(stopAndWait(server));
    if (recorder)
        recorder->close();

    out.close();
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QByteArray received = out.readAll();
    QCOMPARE(received.size(), sent.size());
    QVERIFY(received == sent);
    QCOMPARE(sink->splicedBytes(), spliced ? qint64(sent.size()) : qint64(0));
}

void tst_ByteSink::urgentByteDoesNotStopTheStream()
{
    // Urgent data (MSG_OOB) stops splice() at its mark, where recv() skips the byte: that wake-up is
    // read as usual, and what follows the mark still reaches the sink.
    const QString path = m_dir.filePath(QStringLiteral("urgent.bin"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    auto sink = std::make_shared<ByteSink>(out.handle());
    Session server;
    server.setDisplayDataEvents(false);
    server.setDataSink(sink);
    QVERIFY(startAndWait(server, serverConfig(loopback(false))));
    const int fd = rawConnect(loopback(false), server.localPort());
    QVERIFY(fd >= 0);
    QCOMPARE(::send(fd, "abc", 3, 0), ssize_t(3));
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, qint64(3), WaitMs);
    QCOMPARE(::send(fd, "!", 1, MSG_OOB), ssize_t(1));
    QCOMPARE(::send(fd, "def", 3, 0), ssize_t(3));
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, qint64(6), WaitMs);
    ::close(fd);
    QVERIFY(stopAndWait(server));
    out.close();
    QVERIFY(out.open(QIODevice::ReadOnly));
    QCOMPARE(out.readAll(), QByteArrayLiteral("abcdef"));
    QVERIFY(sink->splicedBytes() > 0);
}

QTEST_GUILESS_MAIN(tst_ByteSink)
#include "tst_bytesink.moc"
