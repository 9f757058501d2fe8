#include "recorder.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace sockpit;

// The recorder: every event reaches the file whole, from any thread, without stalling on a slow disk
// except by the back-pressure it promises, and a failing disk stops it cleanly.
class tst_Recorder : public QObject
{
    Q_OBJECT

private slots:
    void openMissingDirectoryFails();
    void formatFollowsPath_data();
    void formatFollowsPath();
    void concurrentWriters_data();
    void concurrentWriters();
    void dataVisibleWhileOpen();
    void sessionNameAppliesToLaterEvents();
    void closeIsIdempotent();
    void dropsAndReportsWhenDiskStalls();
    void blockedCallerResumesWhenThereIsRoom();
    void closeReleasesBlockedCaller();
    void diskFullStopsRecording();
};

namespace {

Event dataEvent(ConnId conn, const QByteArray &payload, Direction dir = Direction::In)
{
    Event e;
    e.timeUs = nowMicroseconds();
    e.conn = conn;
    e.dir = dir;
    e.peer = QStringLiteral("127.0.0.1:53122");
    e.local = QStringLiteral("127.0.0.1:9000");
    e.payload = payload;
    e.len = payload.size();
    return e;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QList<QByteArray> lines(const QByteArray &content)
{
    QList<QByteArray> result = content.split('\n');
    if (!result.isEmpty() && result.last().isEmpty())
        result.removeLast();
    return result;
}

QJsonObject parse(const QByteArray &line)
{
    return QJsonDocument::fromJson(line).object();
}

// A FIFO nobody reads yet: the recorder's writer blocks on it like on a disk that cannot keep up,
// until the test drains it.
struct Fifo
{
    QTemporaryDir dir;
    QString path;
    int readFd = -1;

    bool create()
    {
        path = dir.path() + QStringLiteral("/rec.jsonl");
        if (::mkfifo(QFile::encodeName(path).constData(), 0600) != 0)
            return false;
        readFd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        return readFd >= 0;
    }
    int capacity() const { return ::fcntl(readFd, F_GETPIPE_SZ); }
    QByteArray drain()
    {
        QByteArray out;
        char buf[65536];
        ssize_t n;
        while ((n = ::read(readFd, buf, sizeof buf)) > 0)
            out.append(buf, n);
        return out;
    }
    ~Fifo()
    {
        if (readFd >= 0)
            ::close(readFd);
    }
};

} // namespace

void tst_Recorder::openMissingDirectoryFails()
{
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/missing/rec.jsonl");
    Recorder recorder;
    QString error;
    QVERIFY(!recorder.open(path, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(error.contains(qt_error_string(ENOENT)), qPrintable(error));
    QVERIFY(!recorder.isOpen());
    recorder.record(dataEvent(1, "x")); // harmless
}

void tst_Recorder::formatFollowsPath_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("json");
    QTest::newRow("jsonl") << QStringLiteral("a.jsonl") << true;
    QTest::newRow("JSONL") << QStringLiteral("a.JSONL") << true;
    QTest::newRow("log") << QStringLiteral("a.log") << false;
}

void tst_Recorder::formatFollowsPath()
{
    QFETCH(QString, name);
    QFETCH(bool, json);
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("old content that open() must truncate\n");
    old.close();

    Recorder recorder;
    QString error;
    QVERIFY2(recorder.open(path, &error), qPrintable(error));
    QCOMPARE(recorder.path(), path);
    QCOMPARE(recorder.format() == RecordFormat::JsonLines, json);
    recorder.record(dataEvent(3, "hi"));
    recorder.close();
    const QByteArray content = readFile(path);
    QCOMPARE(lines(content).size(), 1);
    QCOMPARE(content.startsWith('{'), json);
    QVERIFY(content.contains(json ? "\"hex\":\"6869\"" : "68 69"));
}

void tst_Recorder::concurrentWriters_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("maxQueued");
    QTest::newRow("json") << QStringLiteral("rec.jsonl") << Recorder::DefaultMaxQueuedBytes;
    QTest::newRow("json, tiny limit") << QStringLiteral("rec.jsonl") << qint64(2048);
    QTest::newRow("text") << QStringLiteral("rec.txt") << Recorder::DefaultMaxQueuedBytes;
}

void tst_Recorder::concurrentWriters()
{
    QFETCH(QString, name);
    QFETCH(qint64, maxQueued);
    constexpr int Threads = 8;
    constexpr int PerThread = 2000;
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    Recorder recorder;
    recorder.setMaxQueuedBytes(maxQueued);
    QVERIFY(recorder.open(path, nullptr));
    std::vector<std::thread> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back([&recorder, t] {
            for (int i = 0; i < PerThread; ++i)
                recorder.record(dataEvent(ConnId(t), QByteArray::number(i).rightJustified(8, '.')));
        });
    }
    for (std::thread &t : threads)
        t.join();
    recorder.close();
    QCOMPARE(recorder.droppedEvents(), quint64(0));
    QVERIFY(recorder.errorString().isEmpty());

    const QList<QByteArray> all = lines(readFile(path));
    QCOMPARE(all.size(), Threads * PerThread);
    std::vector<int> next(Threads, 0); // each thread's events arrive whole and in its order
    for (const QByteArray &line : all) {
        int conn = -1;
        QByteArray payload;
        if (recorder.format() == RecordFormat::JsonLines) {
            const QJsonObject o = parse(line);
            QVERIFY2(!o.isEmpty(), line.constData());
            conn = o.value(QLatin1String("conn")).toInt();
            payload = QByteArray::fromHex(o.value(QLatin1String("hex")).toString().toLatin1());
        } else {
            const qsizetype hash = line.indexOf("  #");
            QVERIFY2(hash > 0 && line.contains(" 8 bytes  "), line.constData());
            conn = line.mid(hash + 3, line.indexOf(' ', hash + 3) - hash - 3).toInt();
            payload = line.right(8);
        }
        QVERIFY(conn >= 0 && conn < Threads);
        QCOMPARE(payload, QByteArray::number(next[conn]++).rightJustified(8, '.'));
    }
}

void tst_Recorder::dataVisibleWhileOpen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("live.jsonl"));
    Recorder recorder;
    QVERIFY(recorder.open(path, nullptr));
    recorder.record(dataEvent(1, "first"));
    QTRY_VERIFY_WITH_TIMEOUT(readFile(path).endsWith("\"hex\":\"6669727374\"}\n"), 1500);
    // Again after the writer went back to sleep.
    recorder.record(dataEvent(2, "again"));
    QTRY_VERIFY_WITH_TIMEOUT(lines(readFile(path)).size() == 2, 1500);
    QVERIFY(recorder.isOpen());
}

void tst_Recorder::sessionNameAppliesToLaterEvents()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.jsonl"));
    Recorder recorder;
    QVERIFY(recorder.open(path, nullptr));
    recorder.setSessionName(QStringLiteral("tcp-server 0.0.0.0:0"));
    recorder.record(dataEvent(0, "a"));
    recorder.setSessionName(QStringLiteral("tcp-server 0.0.0.0:9000"));
    recorder.record(dataEvent(0, "b"));
    recorder.close();
    const QList<QByteArray> all = lines(readFile(path));
    QCOMPARE(all.size(), 2);
    QCOMPARE(parse(all[0]).value(QLatin1String("session")).toString(), QStringLiteral("tcp-server 0.0.0.0:0"));
    QCOMPARE(parse(all[1]).value(QLatin1String("session")).toString(), QStringLiteral("tcp-server 0.0.0.0:9000"));
}

void tst_Recorder::closeIsIdempotent()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.jsonl"));
    Recorder recorder;
    recorder.close(); // never opened
    QVERIFY(recorder.open(path, nullptr));
    recorder.record(dataEvent(1, "kept"));
    recorder.close();
    recorder.close();
    QVERIFY(!recorder.isOpen());
    recorder.record(dataEvent(1, "ignored"));
    QCOMPARE(lines(readFile(path)).size(), 1);
}

void tst_Recorder::dropsAndReportsWhenDiskStalls()
{
    Fifo fifo;
    QVERIFY(fifo.create());
    Recorder recorder;
    recorder.setMaxQueuedBytes(1024);
    QVERIFY(recorder.open(fifo.path, nullptr));
    // One line twice the pipe's capacity: the writer cannot finish it until the test reads, so the
    // queue counts it as waiting for the disk the whole time.
    const QByteArray big(fifo.capacity(), 'a');
    recorder.record(dataEvent(1, big), false);
    for (int i = 0; i < 10; ++i)
        recorder.record(dataEvent(2, QByteArray(100, 'd')), false);
    QCOMPARE(recorder.droppedEvents(), quint64(10));

    QByteArray got;
    QTRY_VERIFY((got += fifo.drain()).contains("\"event\":\"dropped\""));
    recorder.record(dataEvent(3, "after"), false); // there is room again
    recorder.close();
    got += fifo.drain();

    const QList<QByteArray> all = lines(got);
    QCOMPARE(all.size(), 3);
    QCOMPARE(parse(all[0]).value(QLatin1String("len")).toInteger(), big.size());
    const QJsonObject dropped = parse(all[1]);
    QCOMPARE(dropped.value(QLatin1String("dir")).toString(), QStringLiteral("error"));
    QCOMPARE(dropped.value(QLatin1String("len")).toInteger(), 1000);
    QVERIFY(dropped.value(QLatin1String("text")).toString().contains(QLatin1String("10 ")));
    QCOMPARE(parse(all[2]).value(QLatin1String("conn")).toInteger(), 3);
}

void tst_Recorder::blockedCallerResumesWhenThereIsRoom()
{
    Fifo fifo;
    QVERIFY(fifo.create());
    Recorder recorder;
    recorder.setMaxQueuedBytes(1024);
    QVERIFY(recorder.open(fifo.path, nullptr));
    recorder.record(dataEvent(1, QByteArray(fifo.capacity(), 'a')));
    std::atomic<bool> done {false};
    std::thread blocked([&] {
        recorder.record(dataEvent(2, "b")); // waits: the first line is not on "disk" yet
        done = true;
    });
    QVERIFY(!done); // cannot have returned: nothing has been read
    QByteArray got;
    QTRY_VERIFY((got += fifo.drain(), done.load()));
    blocked.join();
    recorder.close();
    got += fifo.drain();
    const QList<QByteArray> all = lines(got);
    QCOMPARE(all.size(), 2);
    QCOMPARE(parse(all[1]).value(QLatin1String("hex")).toString(), QStringLiteral("62"));
    QCOMPARE(recorder.droppedEvents(), quint64(0));
}

void tst_Recorder::closeReleasesBlockedCaller()
{
    Fifo fifo;
    QVERIFY(fifo.create());
    Recorder recorder;
    recorder.setMaxQueuedBytes(1024);
    QVERIFY(recorder.open(fifo.path, nullptr));
    recorder.record(dataEvent(1, QByteArray(fifo.capacity(), 'a')));
    std::atomic<bool> recorded {false};
    std::atomic<bool> closed {false};
    std::thread blocked([&] {
        recorder.record(dataEvent(2, "b"));
        recorded = true;
    });
    std::thread closer([&] {
        recorder.close(); // finishes only once the first line is written, i.e. once the test reads
        closed = true;
    });
    // The blocked caller is let go while close() still waits for the writer: no deadlock.
    QTRY_VERIFY(recorded.load());
    QVERIFY(!closed);
    QByteArray got;
    QTRY_VERIFY((got += fifo.drain(), closed.load()));
    blocked.join();
    closer.join();
    got += fifo.drain();
    const QList<QByteArray> all = lines(got);
    QCOMPARE(all.size(), 1); // the first event in full; the late one was refused
    QCOMPARE(parse(all.first()).value(QLatin1String("hex")).toString().size(), 2 * fifo.capacity());
}

void tst_Recorder::diskFullStopsRecording()
{
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full here");
    Recorder recorder;
    std::atomic<int> calls {0};
    QString message;
    std::mutex messageMutex;
    recorder.setErrorHandler([&](const QString &m) {
        std::lock_guard lock(messageMutex);
        message = m;
        ++calls;
    });
    recorder.setMaxQueuedBytes(100);
    QString error;
    QVERIFY2(recorder.open(QStringLiteral("/dev/full"), &error), qPrintable(error));
    recorder.record(dataEvent(1, "no room"));
    QTRY_COMPARE(calls.load(), 1);
    QVERIFY(!recorder.isOpen());
    QVERIFY(recorder.errorString().contains(QLatin1String("/dev/full")));
    QVERIFY2(recorder.errorString().contains(qt_error_string(ENOSPC)), qPrintable(recorder.errorString()));
    {
        std::lock_guard lock(messageMutex);
        QCOMPARE(message, recorder.errorString());
    }
    // Further events, blocking ones included, cost next to nothing and never wait for the dead disk.
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 100000; ++i)
        recorder.record(dataEvent(1, QByteArray(200, 'x')), true);
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    recorder.close();
    QCOMPARE(calls.load(), 1);
    QVERIFY(!recorder.errorString().isEmpty());
}

QTEST_APPLESS_MAIN(tst_Recorder)
#include "tst_recorder.moc"
