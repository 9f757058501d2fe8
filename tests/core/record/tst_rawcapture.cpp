// Raw capture: the bytes of one connection (or of all) land in the file exactly as they arrived,
// written off the calling thread, and a failing disk stops the capture with a reason.

#include "rawcapture.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace sockpit;

class tst_RawCapture : public QObject
{
    Q_OBJECT
private slots:
    void keepsOneConnectionsBytesInOrder();
    void allConnectionsFromManyThreads();
    void openMissingDirectoryFails();
    void fullDiskStopsWithAReason();
    void stuckDiskNeverHoldsTheCaller();
};

namespace {
QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

void tst_RawCapture::keepsOneConnectionsBytesInOrder()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("raw.bin"));
    RawCapture capture;
    QString error;
    QVERIFY2(capture.open(path, 2, &error), qPrintable(error));
    QVERIFY(capture.isOpen());
    QByteArray expected;
    for (int i = 0; i < 1000; ++i) {
        const QByteArray chunk = QByteArray::number(i) + QByteArray(1, '\0') + QByteArray(i % 97, char(i));
        capture.write(2, chunk.constData(), chunk.size());
        capture.write(3, "other", 5); // another connection: not captured
        expected += chunk;
    }
    capture.close(); // writes what is still queued
    QVERIFY(!capture.isOpen());
    QCOMPARE(readAll(path), expected);
    QCOMPARE(capture.bytesWritten(), qint64(expected.size()));
    QVERIFY(capture.errorString().isEmpty());
}

void tst_RawCapture::allConnectionsFromManyThreads()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("raw.bin"));
    RawCapture capture;
    QVERIFY(capture.open(path, 0, nullptr));
    constexpr int Threads = 4;
    constexpr int Writes = 2000;
    std::vector<std::thread> writers;
    for (int t = 0; t < Threads; ++t) {
        writers.emplace_back([&capture, t] {
            const QByteArray chunk(16, char('a' + t));
            for (int i = 0; i < Writes; ++i)
                capture.write(ConnId(t + 1), chunk.constData(), chunk.size());
        });
    }
    for (std::thread &writer : writers)
        writer.join();
    capture.close();
    const QByteArray got = readAll(path);
    QCOMPARE(got.size(), qsizetype(Threads * Writes * 16));
    // Each write lands whole: the file is a sequence of 16-byte runs of one letter.
    for (qsizetype i = 0; i < got.size(); i += 16)
        QCOMPARE(got.mid(i, 16), QByteArray(16, got.at(i)));
}

void tst_RawCapture::openMissingDirectoryFails()
{
    QTemporaryDir dir;
    RawCapture capture;
    QString error;
    QVERIFY(!capture.open(dir.filePath(QStringLiteral("missing/raw.bin")), 0, &error));
    QVERIFY2(error.contains(QLatin1String("missing/raw.bin")), qPrintable(error));
    QVERIFY(!capture.isOpen());
}

void tst_RawCapture::fullDiskStopsWithAReason()
{
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("this system has no /dev/full");
    RawCapture capture;
    QVERIFY(capture.open(QStringLiteral("/dev/full"), 0, nullptr));
    capture.write(1, "lost", 4);
    QTRY_VERIFY(!capture.isOpen());
    QVERIFY2(capture.errorString().contains(QLatin1String("stopped")), qPrintable(capture.errorString()));
    capture.write(1, "after", 5); // ignored
    capture.close();
    QCOMPARE(capture.bytesWritten(), qint64(0));
}

// write() runs on I/O threads: a file that takes nothing (a FIFO nobody reads, as a disk that cannot
// keep up) must not hold it. The writes go to the writer thread's queue; past its bound the capture
// stops with a reason.
void tst_RawCapture::stuckDiskNeverHoldsTheCaller()
{
    QTemporaryDir dir;
    const QByteArray path = QFile::encodeName(dir.filePath(QStringLiteral("raw.fifo")));
    QCOMPARE(::mkfifo(path.constData(), 0600), 0);
    const int reader = ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    QVERIFY(reader >= 0);
    RawCapture capture;
    QVERIFY(capture.open(QFile::decodeName(path), 0, nullptr));
    std::atomic<bool> done {false};
    std::thread writer([&] {
        const QByteArray chunk(64 * 1024, 'x'); // 4 MiB in all: far more than the FIFO holds
        for (int i = 0; i < 64; ++i)
            capture.write(1, chunk.constData(), chunk.size());
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 5000);
    ::close(reader); // the writer thread, stuck on the FIFO, fails with EPIPE and ends
    writer.join();
    capture.close();
}

QTEST_GUILESS_MAIN(tst_RawCapture)
#include "tst_rawcapture.moc"
