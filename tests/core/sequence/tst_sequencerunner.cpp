// A sequence run over real loopback connections against a small device in the test: a Modbus-like
// register read with a CRC, text commands with captures reused, repeat, half-close, close, a flood of
// unrelated bytes before the match, timeouts and a peer that closes, each failure naming its step.

#include "checksum.h"
#include "sequenceformat.h"
#include "sequencerunner.h"
#include "session.h"
#include "sessiontestutil.h"

#include <QNetworkDatagram>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUdpSocket>

#include <memory>

using namespace sockpit;
using namespace sockpit::test;

namespace {

QByteArray crc(const QByteArray &frame)
{
    return appendChecksum(frame, {ChecksumKind::Crc16Modbus, ByteOrder::LittleEndian});
}

// One TCP client at a time. A frame starting with 0x01 is a Modbus read (8 bytes, CRC checked),
// answered with the registers 0x1234, 0x5678; anything else is a line of text:
//   HELLO -> "id=1234 name=pump\r\n"   GET X -> "VALUE X\r\n"   FLOOD -> 512 KiB of '.' then "READY\r\n"
//   BYE -> "BYE\r\n" and close         SILENT -> nothing
class Device final : public QObject
{
public:
    Device()
    {
        server.listen(QHostAddress::LocalHost, 0);
        connect(&server, &QTcpServer::newConnection, this, [this] {
            client = server.nextPendingConnection();
            connect(client, &QTcpSocket::readyRead, this, &Device::onData);
            connect(client, &QTcpSocket::disconnected, this, [this] { ended = true; });
        });
    }
    quint16 port() const { return server.serverPort(); }

    QTcpServer server;
    QTcpSocket *client = nullptr;
    QByteArray buffer;
    QStringList lines;
    int frames = 0;
    bool ended = false;

private:
    void onData()
    {
        buffer += client->readAll();
        while (!buffer.isEmpty()) {
            if (buffer.at(0) == '\x01') {
                if (buffer.size() < 8)
                    return;
                const QByteArray frame = buffer.left(8);
                buffer.remove(0, 8);
                ++frames;
                if (crc(frame.left(6)) != frame)
                    client->write(crc(QByteArray("\x01\x83\x02", 3)));
                else
                    client->write(crc(QByteArray("\x01\x03\x04\x12\x34\x56\x78", 7)));
                continue;
            }
            const qsizetype end = buffer.indexOf('\n');
            if (end < 0)
                return;
            const QString line = QString::fromUtf8(buffer.left(end)).trimmed();
            buffer.remove(0, end + 1);
            lines.append(line);
            if (line == QLatin1String("HELLO")) {
                client->write("id=1234 name=pump\r\n");
            } else if (line.startsWith(QLatin1String("GET "))) {
                client->write("VALUE " + line.mid(4).toUtf8() + "\r\n");
            } else if (line == QLatin1String("FLOOD")) {
                client->write(QByteArray(512 * 1024, '.') + "READY\r\n");
            } else if (line == QLatin1String("BYE")) {
                client->write("BYE\r\n");
                client->disconnectFromHost();
            }
        }
    }
};

Sequence parse(const QByteArray &json)
{
    Sequence sequence;
    QString error;
    if (!sequenceFromJson(json, &sequence, &error))
        qFatal("bad sequence in the test: %s", qPrintable(error));
    return sequence;
}

// A client session connected to the device, and a runner on it that collects every result.
struct Bench
{
    explicit Bench(quint16 port, SessionMode mode = SessionMode::TcpClient)
    {
        SessionConfig config = clientConfig(QHostAddress::LocalHost, port);
        config.mode = mode;
        if (mode == SessionMode::Udp) {
            config.bindAddress = QHostAddress::LocalHost;
            config.bindAddressSet = true;
        }
        ok = startAndWait(session, config);
        runner = std::make_unique<SequenceRunner>(&session);
        QObject::connect(runner.get(), &SequenceRunner::stepFinished,
            [this](const SequenceStepResult &result) { results.append(result); });
    }
    ~Bench()
    {
        runner.reset();
        stopAndWait(session);
    }
    // Runs to the end; the value finished() gave, or false when it never finished.
    bool run(const QByteArray &json, int withinMs = WaitMs)
    {
        QSignalSpy finished(runner.get(), &SequenceRunner::finished);
        if (!runner->start(parse(json)))
            return false;
        if (!finished.wait(withinMs) && finished.isEmpty())
            return false;
        passedRun = finished.first().first().toBool();
        return passedRun;
    }
    QStringList labels() const
    {
        QStringList out;
        for (const auto &r : results)
            out.append(r.label());
        return out;
    }

    Session session;
    std::unique_ptr<SequenceRunner> runner;
    QVector<SequenceStepResult> results;
    bool ok = false;
    bool passedRun = false;
};

} // namespace

class tst_SequenceRunner : public QObject
{
    Q_OBJECT
private slots:
    void modbusReadWithCrc();
    void capturesReused();
    void expectTimeoutFailsNamingStep();
    void repeat();
    void halfClose();
    void close();
    void floodBeforeMatch();
    void peerClosesDuringExpect();
    void exactMismatchFailsAtOnce();
    void udp();
    void serverSession();
    void sessionStopsDuringExpect();
    void notRunningSession();
    void bannerBeforeTheRunStarts();
};

void tst_SequenceRunner::modbusReadWithCrc()
{
    Device device;
    Bench bench(device.port());
    QVERIFY(bench.ok);
    const QByteArray request = crc(QByteArray("\x01\x03\x00\x00\x00\x02", 6)).toHex(' ');
    const QByteArray json = R"js({"steps": [{"kind": "send", "hex": ")js" + request + R"js("},
        {"kind": "expect", "match": "hex", "pattern": "01 03 04 12 34 ?? ?? ?? ??"}]})js";
    QVERIFY(bench.run(json));
    QCOMPARE(bench.results.size(), 2);
    QVERIFY(bench.results.at(0).passed);
    QCOMPARE(bench.results.at(0).sent, crc(QByteArray("\x01\x03\x00\x00\x00\x02", 6)));
    QCOMPARE(bench.results.at(1).arrived, crc(QByteArray("\x01\x03\x04\x12\x34\x56\x78", 7)));
    QCOMPARE(bench.results.at(1).kind, SequenceStep::Kind::Expect);
    QVERIFY(bench.results.at(1).elapsedUs >= 0);
    QCOMPARE(device.frames, 1);
}

void tst_SequenceRunner::capturesReused()
{
    Device device;
    Bench bench(device.port());
    QVERIFY(bench.ok);
    QVERIFY(bench.run(R"js({"steps": [
        {"kind": "send", "text": "HELLO\r\n"},
        {"kind": "expect", "match": "regex", "pattern": "id=(\\d+) name=(?<name>\\w+)"},
        {"kind": "send", "text": "GET {1}-{name}\r\n"},
        {"kind": "expect", "pattern": "VALUE 1234-pump\r\n"}]})js"));
    QCOMPARE(bench.results.size(), 4);
    QCOMPARE(bench.results.at(2).sent, QByteArray("GET 1234-pump\r\n"));
    QCOMPARE(bench.runner->captures().value(QStringLiteral("name")), QByteArray("pump"));
    QCOMPARE(device.lines, QStringList({QStringLiteral("HELLO"), QStringLiteral("GET 1234-pump")}));
}

void tst_SequenceRunner::expectTimeoutFailsNamingStep()
{
    Device device;
    Bench bench(device.port());
    QVERIFY(bench.ok);
    QVERIFY(!bench.run(R"js({"steps": [
        {"kind": "send", "text": "GET a\r\n"},
        {"kind": "expect", "pattern": "NEVER", "timeoutMs": 300},
        {"kind": "send", "text": "GET b\r\n"}]})js"));
    QCOMPARE(bench.results.size(), 2);
    const SequenceStepResult &failed = bench.results.at(1);
    QVERIFY(!failed.passed);
    QCOMPARE(failed.path, QStringLiteral("2"));
    QCOMPARE(failed.expected, QStringLiteral("NEVER"));
    QVERIFY2(failed.error.contains(QLatin1String("timed out after 300 ms")), qPrintable(failed.error));
    QCOMPARE(failed.arrived, QByteArray("VALUE a\r\n"));
    QVERIFY(failed.elapsedUs >= 300 * 1000);
    QCOMPARE(device.lines, QStringList({QStringLiteral("GET a")})); // step 3 never ran
}

void tst_SequenceRunner::repeat()
{
    Device device;
    Bench bench(device.port());
    QVERIFY(bench.ok);
    QVERIFY(bench.run(R"js({"steps": [
        {"kind": "repeat", "count": 3, "steps": [
            {"kind": "send", "text": "GET {counter}\n"},
            {"kind": "expect", "match": "regex", "pattern": "VALUE (\\d)"}]},
        {"kind": "delay", "ms": 1}]})js"));
    QCOMPARE(bench.labels(),
        QStringList({QStringLiteral("1#1.1"), QStringLiteral("1#1.2"), QStringLiteral("1#2.1"),
            QStringLiteral("1#2.2"), QStringLiteral("1#3.1"), QStringLiteral("1#3.2"), QStringLiteral("2")}));
    QCOMPARE(bench.results.at(2).path, QStringLiteral("1.1"));
    QCOMPARE(bench.results.at(2).iterations, QVector<int>({2}));
    QCOMPARE(device.lines,
        QStringList({QStringLiteral("GET 1"), QStringLiteral("GET 2"), QStringLiteral("GET 3")}));
    QCOMPARE(bench.runner->captures().value(QStringLiteral("1")), QByteArray("3"));
}

void tst_SequenceRunner::halfClose()
{
    Device device;
    Bench bench(device.port());
    QVERIFY(bench.ok);
    QVERIFY(bench.run(R"js({"steps": [
        {"kind": "send", "text": "HELLO\r\n"},
        {"kind": "expect", "pattern": "name=pump\r\n"},
        {"kind": "half-close"}]})js"));
    QCOMPARE(bench.results.last().kind, SequenceStep::Kind::HalfClose);
    QTRY_VERIFY_WITH_TIMEOUT(device.ended, WaitMs); // the device read the end of the stream
}

void tst_SequenceRunner::close()
{
    Device device;
    Bench bench(device.port());
    QVERIFY(bench.ok);
    QSignalSpy stopped(&bench.session, &Session::stopped);
    QVERIFY(bench.run(R"js({"steps": [{"kind": "send", "text": "GET x\n"}, {"kind": "expect", "pattern": "x"},
        {"kind": "close"}]})js"));
    QTRY_VERIFY_WITH_TIMEOUT(device.ended, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(bench.session.peers().isEmpty(), WaitMs);
}

void tst_SequenceRunner::floodBeforeMatch()
{
    Device device;
    Bench bench(device.port());
    QVERIFY(bench.ok);
    QVERIFY(bench.run(
        R"js({"steps": [{"kind": "send", "text": "FLOOD\n"}, {"kind": "expect", "pattern": "READY\r\n"},
        {"kind": "send", "text": "GET after\n"}, {"kind": "expect", "match": "exact", "pattern": "VALUE after\r\n"}]})js"));
    QCOMPARE(bench.results.at(1).arrived.size(), qsizetype(512 * 1024 + 7));
    QVERIFY(bench.results.at(1).arrived.endsWith("READY\r\n"));
    QVERIFY(bench.results.at(3).passed);
}

void tst_SequenceRunner::peerClosesDuringExpect()
{
    Device device;
    Bench bench(device.port());
    QVERIFY(bench.ok);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!bench.run(R"js({"timeoutMs": 60000, "steps": [{"kind": "send", "text": "BYE\n"},
        {"kind": "expect", "pattern": "NEVER"}]})js"));
    QVERIFY(clock.elapsed() < 30000); // ended by the close, not by the timeout
    QCOMPARE(bench.results.size(), 2);
    QVERIFY(!bench.results.at(1).passed);
    QVERIFY2(
        bench.results.at(1).error.contains(QLatin1String("ended")), qPrintable(bench.results.at(1).error));
    QCOMPARE(bench.results.at(1).arrived, QByteArray("BYE\r\n"));
}

void tst_SequenceRunner::exactMismatchFailsAtOnce()
{
    Device device;
    Bench bench(device.port());
    QVERIFY(bench.ok);
    QVERIFY(!bench.run(R"js({"timeoutMs": 60000, "steps": [{"kind": "send", "text": "GET 1\n"},
        {"kind": "expect", "match": "exact", "pattern": "VALUE 2\r\n"}]})js",
        30000));
    QVERIFY(!bench.results.last().passed);
    QVERIFY(bench.results.last().elapsedUs < 30000 * 1000);
}

void tst_SequenceRunner::udp()
{
    QUdpSocket device;
    QVERIFY(device.bind(QHostAddress::LocalHost, 0));
    connect(&device, &QUdpSocket::readyRead, &device, [&device] {
        while (device.hasPendingDatagrams()) {
            const QNetworkDatagram datagram = device.receiveDatagram();
            device.writeDatagram(datagram.makeReply("PONG " + datagram.data()));
        }
    });
    Bench bench(device.localPort(), SessionMode::Udp);
    QVERIFY(bench.ok);
    QVERIFY(bench.run(R"js({"steps": [{"kind": "send", "text": "ping {counter}"},
        {"kind": "expect", "match": "exact", "pattern": "PONG ping 1"},
        {"kind": "send", "text": "ping {counter}"}, {"kind": "expect", "pattern": "PONG ping 2"}]})js"));
    QCOMPARE(bench.results.size(), 4);
}

void tst_SequenceRunner::serverSession()
{
    // The runner on a server: sends go to its client, expects read what the client says.
    Session server;
    QVERIFY(startAndWait(server, serverConfig(QHostAddress::LocalHost)));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.localPort());
    QVERIFY(client.waitForConnected(WaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(server.peers().size(), 1, WaitMs);
    SequenceRunner runner(&server);
    QSignalSpy finished(&runner, &SequenceRunner::finished);
    QStringList errors;
    connect(&runner, &SequenceRunner::stepFinished, &runner,
        [&errors](const SequenceStepResult &result) { errors.append(result.error); });
    QByteArray got;
    connect(&client, &QTcpSocket::readyRead, &client, [&] { got += client.readAll(); });
    QVERIFY(runner.start(parse(R"js({"steps": [{"kind": "send", "text": "WHO?"},
        {"kind": "expect", "match": "exact", "pattern": "ME"}]})js"),
        server.peers().first().id));
    QTRY_COMPARE_WITH_TIMEOUT(got, QByteArray("WHO?"), WaitMs);
    QCOMPARE(errors, QStringList({QString()}));
    client.write("ME");
    QVERIFY(finished.wait(WaitMs) || !finished.isEmpty());
    QCOMPARE(finished.first().first().toBool(), true);
    stopAndWait(server);
}

void tst_SequenceRunner::sessionStopsDuringExpect()
{
    Device device;
    Bench bench(device.port());
    QVERIFY(bench.ok);
    QSignalSpy finished(bench.runner.get(), &SequenceRunner::finished);
    QVERIFY(bench.runner->start(
        parse(R"js({"steps": [{"kind": "expect", "pattern": "x", "timeoutMs": 60000}]})js")));
    QTRY_VERIFY_WITH_TIMEOUT(bench.runner->isRunning(), WaitMs);
    bench.session.stop();
    QVERIFY(finished.wait(WaitMs) || !finished.isEmpty());
    QCOMPARE(finished.first().first().toBool(), false);
    QCOMPARE(bench.results.size(), 1);
    QVERIFY2(bench.results.first().error.contains(QLatin1String("ended")),
        qPrintable(bench.results.first().error));
}

void tst_SequenceRunner::notRunningSession()
{
    Session session;
    SequenceRunner runner(&session);
    QVERIFY(!runner.start(parse(R"js({"steps": [{"kind": "close"}]})js")));
    QVERIFY(!runner.isRunning());
}

void tst_SequenceRunner::bannerBeforeTheRunStarts()
{
    // A server that speaks first, at once: its banner is read by the connection before the run can
    // start (on `started`, here even later, once the bytes are surely in). A runner that listens from
    // the start still sees it; one that starts listening with the run does not.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    connect(&server, &QTcpServer::newConnection, &server,
        [&server] { server.nextPendingConnection()->write("220 ready\r\n"); });
    const Sequence sequence
        = parse(R"({"steps": [{"kind": "expect", "pattern": "220 ready", "timeoutMs": 300}]})");
    for (const bool fromStart : {true, false}) {
        Session session;
        SequenceRunner runner(&session);
        QSignalSpy finished(&runner, &SequenceRunner::finished);
        if (fromStart)
            QVERIFY(runner.listenFromStart());
        QVERIFY(startAndWait(session, clientConfig(QHostAddress::LocalHost, server.serverPort())));
        QTRY_COMPARE_WITH_TIMEOUT(session.counters().bytesIn, qint64(11), WaitMs);
        QVERIFY(runner.start(sequence));
        QVERIFY(finished.wait(WaitMs) || !finished.isEmpty());
        QCOMPARE(finished.first().first().toBool(), fromStart);
        QVERIFY(stopAndWait(session));
    }
    // Only before a run: a running session has had its first bytes.
    Session running;
    QVERIFY(startAndWait(running, clientConfig(QHostAddress::LocalHost, server.serverPort())));
    SequenceRunner late(&running);
    QVERIFY(!late.listenFromStart());
    QVERIFY(stopAndWait(running));
}

QTEST_GUILESS_MAIN(tst_SequenceRunner)
#include "tst_sequencerunner.moc"
