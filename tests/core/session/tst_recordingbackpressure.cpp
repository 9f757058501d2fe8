// A recording that cannot keep up holds back only its own session: that session stops reading its
// connections until the writer catches up (nothing is dropped), while every other session on the same
// I/O threads goes on as before. No I/O thread ever waits for a disk.

#include "iothreadpool.h"
#include "recorder.h"
#include "sessiontestutil.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <vector>

using namespace sockpit;
using namespace sockpit::test;

namespace {

// A recording file that is a FIFO the test reads only when it chooses to: until then the recorder's
// writer is stuck, as on a disk that cannot keep up.
struct StuckFile
{
    QTemporaryDir dir;
    QString path;
    int readFd = -1;
    QByteArray unread; // the start of a line not complete yet

    bool create()
    {
        path = dir.path() + QStringLiteral("/rec.jsonl");
        const QByteArray name = QFile::encodeName(path);
        if (::mkfifo(name.constData(), 0600) != 0)
            return false;
        readFd = ::open(name.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        return readFd >= 0;
    }
    // Reads what the writer has written so far; adds the byte counts of its "in" events to *inBytes.
    void drain(qint64 *inBytes)
    {
        char buffer[65536];
        ssize_t n;
        while ((n = ::read(readFd, buffer, sizeof buffer)) > 0)
            unread.append(buffer, n);
        qsizetype start = 0;
        for (qsizetype end; (end = unread.indexOf('\n', start)) >= 0; start = end + 1) {
            const QJsonObject event = QJsonDocument::fromJson(unread.mid(start, end - start)).object();
            if (event.value(QLatin1String("dir")).toString() == QLatin1String("in"))
                *inBytes += event.value(QLatin1String("len")).toInteger();
        }
        unread.remove(0, start);
    }
    ~StuckFile()
    {
        // A writer still stuck on the FIFO fails with EPIPE once its reader is gone: no hang.
        if (readFd >= 0)
            ::close(readFd);
    }
};

} // namespace

class tst_RecordingBackPressure : public QObject
{
    Q_OBJECT
private slots:
    void slowRecordingHoldsBackOnlyItsSession();
};

void tst_RecordingBackPressure::slowRecordingHoldsBackOnlyItsSession()
{
    auto recorder = std::make_shared<Recorder>();
    recorder->setMaxQueuedBytes(256 * 1024);
    Session echo;
    Session recorded;
    recorded.setRecorder(recorder);
    StuckFile file; // declared after the sessions: its reader goes first, which unsticks a writer
    QVERIFY(file.create());
    QString error;
    QVERIFY2(recorder->open(file.path, &error), qPrintable(error));

    SessionConfig echoConfig = serverConfig(QHostAddress::LocalHost);
    echoConfig.echo = true;
    QVERIFY(startAndWait(echo, echoConfig));
    QVERIFY(startAndWait(recorded, serverConfig(QHostAddress::LocalHost)));

    // Flooding clients on every I/O thread (accepted connections go to the threads in turn): a
    // recorder that made its caller wait would stop every one of them.
    const int clients = 2 * IoThreadPool::instance().size();
    constexpr qint64 PerClient = 2 << 20;
    const qint64 total = clients * PerClient;
    std::vector<std::unique_ptr<QTcpSocket>> flooders;
    for (int i = 0; i < clients; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, recorded.localPort());
        QVERIFY(socket->waitForConnected(WaitMs));
        socket->write(QByteArray(PerClient, char('a' + i)));
        flooders.push_back(std::move(socket));
    }
    QTRY_VERIFY_WITH_TIMEOUT(recorder->isBehind(), WaitMs);

    // The other session's echo round trip, while the recording stays stuck.
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, echo.localPort());
    QVERIFY(probe.waitForConnected(WaitMs));
    QElapsedTimer timer;
    qint64 slowestMs = 0;
    for (int i = 0; i < 20; ++i) {
        const QByteArray ping = "ping " + QByteArray::number(i) + '\n';
        timer.start();
        probe.write(ping);
        QByteArray answer;
        QTRY_COMPARE_WITH_TIMEOUT(answer += probe.readAll(), ping, 2000);
        slowestMs = qMax(slowestMs, timer.elapsed());
    }
    qInfo("slowest echo round trip beside the stuck recording: %lld ms", slowestMs);
    QVERIFY(recorder->isBehind());
    // Held back, not dropped: the recorded session has stopped reading.
    QVERIFY(recorded.counters().bytesIn < total);
    QCOMPARE(recorder->droppedEvents(), quint64(0));

    // Once the file is read again, every byte sent arrives and is recorded.
    qint64 recordedIn = 0;
    QTRY_VERIFY_WITH_TIMEOUT((file.drain(&recordedIn), recordedIn == total), 60000);
    QCOMPARE(recorded.counters().bytesIn, total);
    QVERIFY(stopAndWait(recorded));
    QVERIFY(stopAndWait(echo));
}

QTEST_MAIN(tst_RecordingBackPressure)
#include "tst_recordingbackpressure.moc"
