#include "checksum.h"
#include "recorder.h"
#include "recordreader.h"
#include "sessiontestutil.h"

#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

#include <algorithm>

using namespace sockpit;
using namespace sockpit::test;

// What the receive pipeline does with each received message besides passing it on, through running
// sessions on loopback: the checksum check (SessionConfig::receiveCheck) marks each message ok or bad,
// adds an error event after a bad one, counts both, records the error, follows a change while the
// session runs, and leaves sent bytes and pieces of cut messages alone.
class tst_ReceivePipeline : public QObject
{
    Q_OBJECT

private slots:
    void checksOfDatagrams();
    void checksOfFramedStream();
    void cutPiecesAreNotChecked();
    void checkChangesWhileRunning();
    void badChecksumIsRecorded();
};

namespace {

ChecksumCheck modbusCheck(int skipFirst = 0, int skipLast = 0)
{
    ChecksumCheck check;
    check.spec = {ChecksumKind::Crc16Modbus, ByteOrder::LittleEndian};
    check.skipFirst = skipFirst;
    check.skipLast = skipLast;
    return check;
}

QByteArray withModbus(const QByteArray &bytes)
{
    return appendChecksum(bytes, {ChecksumKind::Crc16Modbus, ByteOrder::LittleEndian});
}

QVector<CheckResult> inResults(const EventLog &log)
{
    QVector<CheckResult> results;
    for (const Event &event : log.events) {
        if (event.dir == Direction::In)
            results.append(event.check);
    }
    return results;
}

// The data event's index of each error event about a checksum: the error follows its message.
bool errorsFollowTheirMessages(const EventLog &log)
{
    for (qsizetype i = 0; i < log.events.size(); ++i) {
        const Event &event = log.events.at(i);
        if (event.kind != EventKind::Checksum)
            continue;
        if (event.dir != Direction::Error || i == 0 || log.events.at(i - 1).check != CheckResult::Bad
            || log.events.at(i - 1).conn != event.conn)
            return false;
    }
    return true;
}

} // namespace

void tst_ReceivePipeline::checksOfDatagrams()
{
    Session server;
    EventLog log(&server);
    SessionConfig config = udpConfig(loopback(false));
    config.receiveCheck = modbusCheck();
    QVERIFY(startAndWait(server, config));
    QUdpSocket peer;
    const QByteArray good = withModbus("\x01\x03\x00\x00\x00\x0a");
    QByteArray bad = good;
    bad[1] = '\x04';
    for (const QByteArray &datagram : {good, bad, QByteArray("\x01", 1), good})
        QVERIFY(peer.writeDatagram(datagram, loopback(false), server.localPort()) == datagram.size());
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().checked, qint64(4), WaitMs);
    QCOMPARE(server.counters().badChecksums, qint64(2));
    QTRY_COMPARE_WITH_TIMEOUT(log.count(EventKind::Checksum), 2, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(inResults(log).size(), 4, WaitMs);
    QCOMPARE(inResults(log),
        (QVector<CheckResult> {CheckResult::Ok, CheckResult::Bad, CheckResult::Bad, CheckResult::Ok}));
    QVERIFY2(errorsFollowTheirMessages(log), log.dump().constData());
    const int first = log.indexOf(EventKind::Checksum);
    QVERIFY(
        log.events.at(first).text.startsWith(QLatin1String("bad checksum: CRC-16/MODBUS of the message is")));
    QCOMPARE(log.events.at(first).peer, log.events.at(first - 1).peer);
    const auto second = std::find_if(log.events.begin() + first + 1, log.events.end(),
        [](const Event &event) { return event.kind == EventKind::Checksum; });
    QVERIFY(second != log.events.end());
    QVERIFY(second->text.contains(QLatin1String("too short")));
    // What the session sends is never checked.
    QVERIFY(server.send(QByteArray("no check value"), SendTarget::to(loopback(false), peer.localPort())));
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().messagesOut, qint64(1), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!log.payload(Direction::Out).isEmpty(), WaitMs);
    for (const Event &event : log.events) {
        if (event.dir == Direction::Out)
            QCOMPARE(event.check, CheckResult::None);
    }
    QCOMPARE(server.counters().checked, qint64(4));
    QVERIFY(stopAndWait(server));
}

void tst_ReceivePipeline::checksOfFramedStream()
{
    Session server;
    EventLog log(&server);
    SessionConfig config = serverConfig(loopback(false));
    config.framing.kind = Framing::Kind::Delimiter;
    config.framing.delimiter = "\r\n";
    config.receiveCheck = modbusCheck(1, 1); // [STX] bytes [value] [ETX] CR LF
    QVERIFY(startAndWait(server, config));
    QTcpSocket client;
    client.connectToHost(loopback(false), server.localPort());
    QVERIFY(client.waitForConnected(WaitMs));
    const QByteArray good = "\x02" + withModbus("hello") + "\x03\r\n";
    QByteArray bad = good;
    bad[2] = 'E';
    // Three messages in one write, and the last one in pieces: the check sees whole messages.
    client.write(good + bad + good.left(3));
    QVERIFY(client.waitForBytesWritten(WaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().checked, qint64(2), WaitMs);
    client.write(good.mid(3));
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().checked, qint64(3), WaitMs);
    QCOMPARE(server.counters().badChecksums, qint64(1));
    QTRY_COMPARE_WITH_TIMEOUT(inResults(log).size(), 3, WaitMs);
    QCOMPARE(inResults(log), (QVector<CheckResult> {CheckResult::Ok, CheckResult::Bad, CheckResult::Ok}));
    QTRY_COMPARE_WITH_TIMEOUT(log.count(EventKind::Checksum), 1, WaitMs);
    QVERIFY2(errorsFollowTheirMessages(log), log.dump().constData());
    QVERIFY(stopAndWait(server));
}

void tst_ReceivePipeline::cutPiecesAreNotChecked()
{
    Session server;
    EventLog log(&server);
    SessionConfig config = serverConfig(loopback(false));
    config.framing.kind = Framing::Kind::Delimiter;
    config.framing.delimiter = "\n";
    config.framing.maxFrame = 16;
    config.receiveCheck = modbusCheck();
    QVERIFY(startAndWait(server, config));
    QTcpSocket client;
    client.connectToHost(loopback(false), server.localPort());
    QVERIFY(client.waitForConnected(WaitMs));
    client.write(QByteArray(40, 'x') + '\n' + withModbus("ok") + '\n');
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, qint64(46), WaitMs);
    // The long message came in pieces, none of them checked; the short one after it was.
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().checked, qint64(1), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(inResults(log).size() >= 2 && inResults(log).last() == CheckResult::Ok, WaitMs);
    const QVector<CheckResult> results = inResults(log);
    QVERIFY(std::all_of(
        results.begin(), results.end() - 1, [](CheckResult r) { return r == CheckResult::None; }));
    QCOMPARE(server.counters().badChecksums, qint64(0));
    QVERIFY(stopAndWait(server));
}

void tst_ReceivePipeline::checkChangesWhileRunning()
{
    Session server;
    EventLog log(&server);
    SessionConfig config = udpConfig(loopback(false));
    QVERIFY(startAndWait(server, config));
    QUdpSocket peer;
    const QByteArray good = withModbus("abc");
    peer.writeDatagram("not checked", loopback(false), server.localPort());
    QTRY_COMPARE_WITH_TIMEOUT(inResults(log).size(), 1, WaitMs);
    QCOMPARE(inResults(log).first(), CheckResult::None);
    QCOMPARE(server.counters().checked, qint64(0));

    config.receiveCheck = modbusCheck();
    QVERIFY(server.setLiveOptions(config));
    QCOMPARE(server.config().receiveCheck, modbusCheck());
    peer.writeDatagram(good, loopback(false), server.localPort());
    peer.writeDatagram("bad!", loopback(false), server.localPort());
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().checked, qint64(2), WaitMs);
    QCOMPARE(server.counters().badChecksums, qint64(1));

    config.receiveCheck = ChecksumCheck();
    QVERIFY(server.setLiveOptions(config));
    peer.writeDatagram("bad again, not checked", loopback(false), server.localPort());
    QTRY_COMPARE_WITH_TIMEOUT(inResults(log).size(), 4, WaitMs);
    QCOMPARE(inResults(log),
        (QVector<CheckResult> {CheckResult::None, CheckResult::Ok, CheckResult::Bad, CheckResult::None}));
    QCOMPARE(server.counters().checked, qint64(2));
    QVERIFY(stopAndWait(server));
}

void tst_ReceivePipeline::badChecksumIsRecorded()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("checks.jsonl"));
    Session server;
    auto recorder = std::make_shared<Recorder>();
    QString error;
    QVERIFY2(recorder->open(path, &error), qPrintable(error));
    server.setRecorder(recorder);
    SessionConfig config = udpConfig(loopback(false));
    config.receiveCheck = modbusCheck();
    QVERIFY(startAndWait(server, config));
    QUdpSocket peer;
    peer.writeDatagram(withModbus("fine"), loopback(false), server.localPort());
    peer.writeDatagram("wrong", loopback(false), server.localPort());
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().checked, qint64(2), WaitMs);
    QVERIFY(stopAndWait(server));
    server.setRecorder(nullptr);
    recorder->close();

    Recording recording;
    QVERIFY2(readRecordingFile(path, &recording, &error), qPrintable(error));
    QVERIFY(recording.problems.isEmpty());
    int checksums = 0;
    for (const Event &event : recording.events) {
        if (event.kind == EventKind::Checksum) {
            ++checksums;
            QCOMPARE(event.dir, Direction::Error);
            QVERIFY(event.text.startsWith(QLatin1String("bad checksum:")));
        }
    }
    QCOMPARE(checksums, 1);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("\"event\":\"checksum\""));
}

QTEST_GUILESS_MAIN(tst_ReceivePipeline)
#include "tst_receivepipeline.moc"
