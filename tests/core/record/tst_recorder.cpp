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
    void dropReportKeepsItsPlace();
    void overLimitAsksToPauseUntilDrained();
    void closeEndsThePause();
    void lostReaderStopsRecording();
    void diskFullStopsRecording();
    void mirrorGetsEveryEventInItsFormat();
    void lostMirrorLeavesTheRecording();
    void openDescriptorWritesThere();
};

namespace {

Event dataEvent(ConnId conn, const QByteArray &payload)
{
    Event e;
    e.timeUs = nowMicroseconds();
    e.conn = conn;
    e.dir = Direction::In;
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

QJsonValue field(const QByteArray &line, const char *key)
{
    return parse(line).value(QLatin1String(key));
}

// A recorder stuck on a FIFO nobody reads yet, as on a disk that cannot keep up: its first line is
// twice the pipe's capacity, so it stays queued (and fills the queue) until the test drains the FIFO.
struct Stalled
{
    QTemporaryDir dir;
    int readFd = -1;
    qsizetype bigSize = 0;
    Recorder recorder;

    bool start(qint64 roomBesidesFirst = 0)
    {
        const QByteArray path = QFile::encodeName(dir.path() + QStringLiteral("/rec.jsonl"));
        if (::mkfifo(path.constData(), 0600) != 0)
            return false;
        readFd = ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        bigSize = ::fcntl(readFd, F_GETPIPE_SZ);
        recorder.setMaxQueuedBytes(bigSize + 64 + roomBesidesFirst);
        if (readFd < 0 || !recorder.open(QFile::decodeName(path), nullptr))
            return false;
        recorder.record(dataEvent(1, QByteArray(bigSize, 'a')), false);
        return true;
    }
    QByteArray drain()
    {
        QByteArray out;
        char buf[65536];
        ssize_t n;
        while ((n = ::read(readFd, buf, sizeof buf)) > 0)
            out.append(buf, n);
        return out;
    }
    QList<QByteArray> finish(const QByteArray &got)
    {
        recorder.close();
        return lines(got + drain());
    }
    ~Stalled()
    {
        // Losing its reader fails a writer still stuck on the FIFO (EPIPE), so a failed test cannot hang.
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
    QCOMPARE(field(all[0], "session").toString(), QStringLiteral("tcp-server 0.0.0.0:0"));
    QCOMPARE(field(all[1], "session").toString(), QStringLiteral("tcp-server 0.0.0.0:9000"));
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
    Stalled stalled;
    QVERIFY(stalled.start());
    for (int i = 0; i < 10; ++i)
        stalled.recorder.record(dataEvent(2, QByteArray(100, 'd')), false);
    QCOMPARE(stalled.recorder.droppedEvents(), quint64(10));

    QByteArray got;
    QTRY_VERIFY((got += stalled.drain()).contains("\"event\":\"dropped\""));
    stalled.recorder.record(dataEvent(3, "after"), false); // there is room again
    const QList<QByteArray> all = stalled.finish(got);
    QCOMPARE(all.size(), 3);
    QCOMPARE(field(all[0], "len").toInteger(), stalled.bigSize);
    QCOMPARE(field(all[1], "dir").toString(), QStringLiteral("error"));
    QCOMPARE(field(all[1], "len").toInteger(), 1000);
    QVERIFY(field(all[1], "text").toString().startsWith(QLatin1String("10 ")));
    QCOMPARE(field(all[2], "conn").toInteger(), 3);
}

void tst_Recorder::dropReportKeepsItsPlace()
{
    Stalled stalled;
    QVERIFY(stalled.start(200)); // room beside the stuck line for one small event, not two
    Recorder &recorder = stalled.recorder;
    recorder.record(dataEvent(2, QByteArray(100, 'k')), false); // fits
    recorder.record(dataEvent(3, QByteArray(100, 'd')), false); // dropped
    recorder.record(dataEvent(3, QByteArray(50, 'd')), false); // dropped
    QCOMPARE(recorder.droppedEvents(), quint64(2));
    QCOMPARE(recorder.queuedBytes(), stalled.bigSize + 64 + 164);
    recorder.setMaxQueuedBytes(Recorder::DefaultMaxQueuedBytes);
    recorder.record(dataEvent(4, "room"), false); // the report of the two goes in just before this

    QByteArray got;
    QTRY_VERIFY((got += stalled.drain()).contains("\"hex\":\"726f6f6d\""));
    const QList<QByteArray> all = stalled.finish(got);
    QCOMPARE(all.size(), 4);
    QCOMPARE(field(all[1], "conn").toInteger(), 2);
    QCOMPARE(field(all[2], "event").toString(), QStringLiteral("dropped"));
    QCOMPARE(field(all[2], "len").toInteger(), 150);
    QVERIFY(field(all[2], "text").toString().startsWith(QLatin1String("2 ")));
    QCOMPARE(field(all[3], "conn").toInteger(), 4);
}

// Over the limit, a pausable event is kept (nothing is lost) and the caller is told to pause, without
// waiting: the drained handler tells it when to go on.
void tst_Recorder::overLimitAsksToPauseUntilDrained()
{
    Stalled stalled;
    std::atomic<int> drained {0};
    stalled.recorder.setDrainedHandler([&] { ++drained; });
    QVERIFY(stalled.start());
    QElapsedTimer timer;
    timer.start();
    QVERIFY(stalled.recorder.record(dataEvent(2, "b"))); // over the limit: pause
    QVERIFY(stalled.recorder.record(dataEvent(3, "c"))); // still kept, still over
    QVERIFY2(timer.elapsed() < 1000, "record() waited for the disk");
    QVERIFY(stalled.recorder.isBehind());
    QCOMPARE(drained.load(), 0);
    QByteArray got;
    QTRY_VERIFY((got += stalled.drain(), drained.load() == 1));
    QVERIFY(!stalled.recorder.isBehind());
    QVERIFY(!stalled.recorder.record(dataEvent(4, "d"))); // room again
    const QList<QByteArray> all = stalled.finish(got);
    QCOMPARE(all.size(), 4);
    QCOMPARE(field(all[1], "hex").toString(), QStringLiteral("62"));
    QCOMPARE(field(all[3], "hex").toString(), QStringLiteral("64"));
    QCOMPARE(stalled.recorder.droppedEvents(), quint64(0));
    QCOMPARE(drained.load(), 1);
}

// A recording that ends while its producers are paused lets them go on: nothing else would.
void tst_Recorder::closeEndsThePause()
{
    Stalled stalled;
    std::atomic<int> drained {0};
    stalled.recorder.setDrainedHandler([&] { ++drained; });
    QVERIFY(stalled.start());
    QVERIFY(stalled.recorder.record(dataEvent(2, "b")));
    std::atomic<bool> closed {false};
    std::thread closer([&] {
        stalled.recorder.close(); // finishes once what is queued is written, i.e. once the test reads
        closed = true;
    });
    QByteArray got;
    QTRY_VERIFY((got += stalled.drain(), closed.load()));
    closer.join();
    QCOMPARE(drained.load(), 1);
    const QList<QByteArray> all = stalled.finish(got);
    QCOMPARE(all.size(), 2);
    QVERIFY(!stalled.recorder.record(dataEvent(5, "late"))); // closed: ignored, and no pause
}

void tst_Recorder::lostReaderStopsRecording()
{
    Stalled stalled;
    QVERIFY(stalled.start());
    ::close(stalled.readFd);
    stalled.readFd = -1;
    // EPIPE ends the recording; SIGPIPE must not end the program.
    QTRY_VERIFY(stalled.recorder.errorString().contains(qt_error_string(EPIPE)));
    QVERIFY(!stalled.recorder.isOpen());
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

void tst_Recorder::mirrorGetsEveryEventInItsFormat()
{
    // A recording with a hex dump beside it (sockpit connect --record F -x): the same events, each in
    // its own format, nothing lost in either.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString dumpPath = dir.filePath(QStringLiteral("dump.txt"));
    const int dumpFd = ::open(QFile::encodeName(dumpPath).constData(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    QVERIFY(dumpFd >= 0);
    Recorder recorder;
    recorder.addMirror(dumpFd, RecordFormat::HexDump);
    QVERIFY(recorder.open(dir.filePath(QStringLiteral("rec.jsonl")), nullptr));
    QByteArray sent;
    Event info = dataEvent(1, {});
    info.dir = Direction::Info;
    info.kind = EventKind::Accept;
    info.text = QStringLiteral("accepted");
    recorder.record(info);
    for (int i = 0; i < 2000; ++i) {
        const QByteArray payload = QByteArray::number(i).repeated(1 + i % 50);
        sent += payload;
        recorder.record(dataEvent(1, payload));
    }
    recorder.close(); // the mirror's descriptor is closed with it

    const QList<QByteArray> json = lines(readFile(dir.filePath(QStringLiteral("rec.jsonl"))));
    QCOMPARE(json.size(), 2001);
    QByteArray dumped;
    int headers = 0;
    for (const QByteArray &line : lines(readFile(dumpPath))) {
        if (line.startsWith("< ")) {
            ++headers;
            continue;
        }
        QVERIFY2(line.startsWith("  "), line.constData());
        dumped += QByteArray::fromHex(line.mid(12, 49).replace(' ', ""));
    }
    QCOMPARE(headers, 2000); // the info event is not dumped
    QCOMPARE(dumped, sent);
    QCOMPARE(::fcntl(dumpFd, F_GETFD), -1);
}

void tst_Recorder::lostMirrorLeavesTheRecording()
{
    // A hex dump whose reader went away (standard error closed) stops; the recording goes on.
    int pipeFds[2];
    QVERIFY(::pipe2(pipeFds, O_CLOEXEC) == 0);
    ::close(pipeFds[0]);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Recorder recorder;
    recorder.addMirror(pipeFds[1], RecordFormat::HexDump);
    QVERIFY(recorder.open(dir.filePath(QStringLiteral("rec.jsonl")), nullptr));
    for (int i = 0; i < 100; ++i)
        recorder.record(dataEvent(1, "payload"));
    recorder.close();
    QVERIFY(recorder.errorString().isEmpty());
    QCOMPARE(lines(readFile(dir.filePath(QStringLiteral("rec.jsonl")))).size(), 100);
}

void tst_Recorder::openDescriptorWritesThere()
{
    int pipeFds[2];
    QVERIFY(::pipe2(pipeFds, O_CLOEXEC) == 0);
    Recorder recorder;
    recorder.openDescriptor(pipeFds[1], RecordFormat::HexDump, QStringLiteral("standard error"));
    QVERIFY(recorder.isOpen());
    QCOMPARE(recorder.path(), QStringLiteral("standard error"));
    QCOMPARE(recorder.format(), RecordFormat::HexDump);
    recorder.record(dataEvent(3, "hi"));
    recorder.close();
    QByteArray got;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0) // the recorder closed the write end
        got.append(buffer, int(n));
    ::close(pipeFds[0]);
    const QList<QByteArray> dump = lines(got);
    QCOMPARE(dump.size(), 2);
    QVERIFY2(dump.at(0).startsWith("< ") && dump.at(0).endsWith("  #3  127.0.0.1:53122  2 bytes"),
        dump.at(0).constData());
    QVERIFY2(dump.at(1).startsWith("  00000000  68 69 "), dump.at(1).constData());
}

QTEST_APPLESS_MAIN(tst_Recorder)
#include "tst_recorder.moc"
