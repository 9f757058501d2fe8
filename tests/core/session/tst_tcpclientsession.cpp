#include "recorder.h"
#include "saturatedlistener.h"
#include "sessiontestutil.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSemaphore>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

#include <sys/socket.h>

using namespace sockpit;
using namespace sockpit::test;

// A TCP client session against a TCP server session (and against plain sockets) on loopback: data
// both ways, failures that leave it startable, a large transfer in order, and the recording.
class tst_TcpClientSession : public QObject
{
    Q_OBJECT

private slots:
    void bothWays_data();
    void bothWays();
    void stopsWhenServerCloses();
    void closeAfterPeerFinishWaitsForEarlierSends();
    void lostConnectionFails();
    void connectionRefused_data();
    void connectionRefused();
    void connectTimeoutIsWaitedInFull_data();
    void connectTimeoutIsWaitedInFull();
    void largeTransfer_data();
    void largeTransfer();
    void recording();
};

namespace {

// A port nobody listens on: bound by the system, then released.
quint16 closedPort(bool v6)
{
    QTcpServer probe;
    if (!probe.listen(loopback(v6), 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

} // namespace

void tst_TcpClientSession::bothWays_data()
{
    addAddressRows();
}

void tst_TcpClientSession::bothWays()
{
    QFETCH(bool, v6);
    Session server;
    Session client;
    EventLog serverLog(&server);
    EventLog clientLog(&client);
    QSignalSpy opened(&server, &Session::peerOpened);
    QVERIFY(startAndWait(server, serverConfig(loopback(v6))));
    QVERIFY(startAndWait(client, clientConfig(loopback(v6), server.localPort())));
    QVERIFY(opened.count() == 1 || opened.wait(WaitMs));
    const ConnId id = opened.at(0).at(0).value<ConnId>();
    const QString clientEnd = formatEndpoint(loopback(v6), client.localPort());
    QCOMPARE(opened.at(0).at(1).toString(), clientEnd);
    QCOMPARE(client.peers().size(), 1);
    QCOMPARE(client.peers().at(0).peer, formatEndpoint(loopback(v6), server.localPort()));

    QVERIFY(client.send("hello from the client"));
    QVERIFY(client.send(QByteArray("\x00\xff\r\n", 4)));
    QTRY_COMPARE_WITH_TIMEOUT(
        serverLog.payload(Direction::In, id), QByteArray("hello from the client\x00\xff\r\n", 25), WaitMs);
    QCOMPARE(serverLog.find(EventKind::None, id)->peer, clientEnd);
    QVERIFY(server.send("hello from the server"));
    QTRY_COMPARE_WITH_TIMEOUT(clientLog.payload(Direction::In), QByteArray("hello from the server"), WaitMs);
    QCOMPARE(clientLog.payload(Direction::Out), QByteArray("hello from the client\x00\xff\r\n", 25));

    // The sender counts bytes once the kernel took them, which may be just after the peer saw them.
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().bytesOut, qint64(25), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesOut, qint64(21), WaitMs);
    QCOMPARE(client.counters().messagesOut, qint64(2));
    QCOMPARE(client.counters().bytesIn, qint64(21));
    QCOMPARE(server.counters().bytesIn, qint64(25));
    QCOMPARE(server.peers().at(0).bytesIn, qint64(25));

    // The client leaving is a FIN: the server sees the half-close, and its connection stays usable.
    QVERIFY(stopAndWait(client));
    QTRY_VERIFY_WITH_TIMEOUT(serverLog.find(EventKind::HalfClose, id), WaitMs);
    QVERIFY(stopAndWait(server));
}

void tst_TcpClientSession::stopsWhenServerCloses()
{
    Session server;
    Session client;
    EventLog clientLog(&client);
    QSignalSpy opened(&server, &Session::peerOpened);
    QSignalSpy stopped(&client, &Session::stopped);
    client.setCloseAfterPeerFinish(true);
    QVERIFY(startAndWait(server, serverConfig(loopback(false))));
    QVERIFY(startAndWait(client, clientConfig(loopback(false), server.localPort())));
    QVERIFY(opened.count() == 1 || opened.wait(WaitMs));
    QVERIFY(server.send("bye"));
    server.shutdownWrite(opened.at(0).at(0).value<ConnId>());
    QVERIFY(stopped.wait(WaitMs));
    QCOMPARE(client.state(), Session::State::Idle);
    QCOMPARE(clientLog.payload(Direction::In), QByteArray("bye"));
    QVERIFY(clientLog.find(EventKind::HalfClose));
    QVERIFY(clientLog.find(EventKind::Close));
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().connections, 0, WaitMs);
    QVERIFY(stopAndWait(server));
}

void tst_TcpClientSession::closeAfterPeerFinishWaitsForEarlierSends()
{
    // What `sockpit connect` does when its input ends: send the last bytes, then ask that the peer's
    // FIN close the connection. The I/O thread reads the peer's FIN before it takes the bytes (it is
    // held in the data handler meanwhile, and reads the FIN next). The bytes must still go out before
    // this side's FIN, not be refused as sent to a closed connection.
    QTcpServer listener;
    QVERIFY(listener.listen(loopback(false), 0));
    QSemaphore held;
    QSemaphore gate;
    Session client;
    EventLog log(&client);
    client.setDataHandler([&](ConnId, const char *, qsizetype) { // the peer's one byte: called once
        held.release();
        gate.tryAcquire(1, WaitMs);
    });
    QVERIFY(startAndWait(client, clientConfig(loopback(false), listener.serverPort())));
    QTRY_VERIFY_WITH_TIMEOUT(listener.hasPendingConnections(), WaitMs);
    std::unique_ptr<QTcpSocket> peer(listener.nextPendingConnection());
    QByteArray received;
    connect(peer.get(), &QTcpSocket::readyRead, this, [&] { received += peer->readAll(); });

    QCOMPARE(peer->write("x"), qint64(1));
    QTRY_VERIFY_WITH_TIMEOUT(held.available() == 1, WaitMs); // the event loop sends the byte meanwhile
    QCOMPARE(::shutdown(int(peer->socketDescriptor()), SHUT_WR), 0); // the FIN the I/O thread reads next
    const QByteArray last = pattern(0, 256 * 1024);
    QVERIFY(client.send(last));
    client.setCloseAfterPeerFinish(true);
    gate.release();

    QTRY_COMPARE_WITH_TIMEOUT(received.size(), last.size(), WaitMs);
    QVERIFY(received == last);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Close), WaitMs);
    QVERIFY2(!log.find(EventKind::Dropped), log.dump().constData());
    QCOMPARE(client.counters().bytesOut, qint64(last.size()));
    QVERIFY(stopAndWait(client));
}

void tst_TcpClientSession::lostConnectionFails()
{
    // session.h: `failed` is emitted when "the client lost its connection"; a reset is such a loss.
    QTcpServer listener;
    QVERIFY(listener.listen(loopback(false), 0));
    Session client;
    EventLog log(&client);
    QSignalSpy failed(&client, &Session::failed);
    QSignalSpy stopped(&client, &Session::stopped);
    QVERIFY(startAndWait(client, clientConfig(loopback(false), listener.serverPort())));
    QTRY_VERIFY_WITH_TIMEOUT(listener.hasPendingConnections(), WaitMs);
    QTcpSocket *accepted = listener.nextPendingConnection();
    QVERIFY(accepted);
    setLingerZero(int(accepted->socketDescriptor()));
    accepted->abort(); // with SO_LINGER {1, 0}: a reset
    QVERIFY(stopped.count() == 1 || stopped.wait(WaitMs));
    QCOMPARE(client.state(), Session::State::Idle);
    QVERIFY2(log.find(EventKind::Reset), log.dump().constData());
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(1).value<EventKind>(), EventKind::Reset);
}

void tst_TcpClientSession::connectionRefused_data()
{
    addAddressRows();
}

void tst_TcpClientSession::connectionRefused()
{
    QFETCH(bool, v6);
    const quint16 port = closedPort(v6);
    QVERIFY(port != 0);
    Session client;
    EventLog log(&client);
    QSignalSpy failed(&client, &Session::failed);
    client.start(clientConfig(loopback(v6), port));
    QVERIFY(failed.wait(WaitMs));
    QCOMPARE(failed.at(0).at(1).value<EventKind>(), EventKind::Refused);
    const QString endpoint = formatEndpoint(loopback(v6), port);
    QVERIFY2(failed.at(0).at(0).toString().contains(endpoint), qPrintable(failed.at(0).at(0).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Idle, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Refused), WaitMs);
    QCOMPARE(log.find(EventKind::Refused)->dir, Direction::Error);

    // Startable again, and it works this time.
    Session server;
    QVERIFY(startAndWait(server, serverConfig(loopback(v6))));
    QVERIFY(startAndWait(client, clientConfig(loopback(v6), server.localPort())));
    QVERIFY(client.send("ok"));
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, qint64(2), WaitMs);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

void tst_TcpClientSession::connectTimeoutIsWaitedInFull_data()
{
    QTest::addColumn<int>("timeoutMs");
    // A coarse timer may fire 5 % early, at 380 and 950 ms: never before the time the user gave.
    QTest::newRow("400 ms") << 400;
    QTest::newRow("1000 ms") << 1000;
}

void tst_TcpClientSession::connectTimeoutIsWaitedInFull()
{
    QFETCH(int, timeoutMs);
    SaturatedListener listener; // the attempt stays pending until the client gives up
    QVERIFY(listener.port != 0);
    Session client;
    QSignalSpy failed(&client, &Session::failed);
    SessionConfig config = clientConfig(loopback(false), listener.port);
    config.connectTimeoutMs = timeoutMs;
    QElapsedTimer clock;
    clock.start();
    client.start(config);
    QVERIFY(failed.wait(timeoutMs + WaitMs));
    const qint64 elapsed = clock.elapsed();
    QCOMPARE(failed.at(0).at(1).value<EventKind>(), EventKind::Timeout);
    QVERIFY2(elapsed >= timeoutMs, qPrintable(QString::number(elapsed)));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Idle, WaitMs);
}

void tst_TcpClientSession::largeTransfer_data()
{
    QTest::addColumn<bool>("clientSends");
    QTest::newRow("client to server") << true;
    QTest::newRow("server to client") << false;
}

void tst_TcpClientSession::largeTransfer()
{
    // 64 MiB through the feed of a producer thread, checked byte by byte on the receiving I/O thread.
    QFETCH(bool, clientSends);
    constexpr qint64 Total = qint64(64) << 20;
    constexpr int Chunk = 256 * 1024;
    constexpr qint64 Watermark = 1 << 20;
    Session server;
    Session client;
    Session &sender = clientSends ? client : server;
    Session &receiver = clientSends ? server : client;
    std::atomic<qint64> received {0};
    std::atomic<qint64> firstBad {-1};
    receiver.setDataHandler([&](ConnId, const char *data, qsizetype size) {
        const qint64 offset = received.load();
        for (qsizetype i = 0; i < size && firstBad.load() < 0; ++i) {
            if (data[i] != patternByte(offset + i))
                firstBad.store(offset + i);
        }
        received.store(offset + size);
    });
    server.setDisplayDataEvents(false);
    client.setDisplayDataEvents(false);
    QSignalSpy opened(&server, &Session::peerOpened);
    QVERIFY(startAndWait(server, serverConfig(loopback(false))));
    QVERIFY(startAndWait(client, clientConfig(loopback(false), server.localPort())));
    QVERIFY(opened.count() == 1 || opened.wait(WaitMs));

    const SessionFeed feed = sender.feed();
    std::atomic<qint64> maxQueued {0};
    std::atomic<bool> sendFailed {false};
    std::thread producer([&] {
        if (!feed.waitForPeer())
            return sendFailed.store(true);
        for (qint64 offset = 0; offset < Total; offset += Chunk) {
            if (!feed.waitForQueueBelow(Watermark) || !feed.send(pattern(offset, Chunk)))
                return sendFailed.store(true);
            maxQueued.store(qMax(maxQueued.load(), feed.queuedBytes()));
        }
        feed.shutdownWrite();
    });
    QTRY_VERIFY_WITH_TIMEOUT(received.load() >= Total || sendFailed.load() || firstBad.load() >= 0, 25000);
    producer.join();
    QVERIFY(!sendFailed.load());
    QCOMPARE(firstBad.load(), qint64(-1));
    QCOMPARE(received.load(), Total);
    QVERIFY2(maxQueued.load() <= Watermark + Chunk, qPrintable(QString::number(maxQueued.load())));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.peers().value(0).peerFinished, true, WaitMs);
    QCOMPARE(receiver.counters().bytesIn, Total);
    QCOMPARE(sender.counters().bytesOut, Total);
    QCOMPARE(sender.counters().messagesOut, Total / Chunk);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

void tst_TcpClientSession::recording()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("traffic.jsonl"));
    auto recorder = std::make_shared<Recorder>();
    QString error;
    QVERIFY2(recorder->open(path, &error), qPrintable(error));
    Session server;
    server.setRecorder(recorder);
    server.setCloseAfterPeerFinish(true);
    QVERIFY(startAndWait(server, serverConfig(loopback(false))));
    Session client;
    QVERIFY(startAndWait(client, clientConfig(loopback(false), server.localPort())));
    QVERIFY(client.send("hello"));
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, qint64(5), WaitMs);
    QVERIFY(server.send(QByteArray("\x00wor\xffld", 7)));
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().bytesIn, qint64(7), WaitMs);
    QVERIFY(stopAndWait(client)); // FIN: the server half-closes, then closes
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().connections, 0, WaitMs);
    QVERIFY(stopAndWait(server));
    recorder->close();

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QVERIFY(lines.size() > 5);
    QVERIFY(lines.constLast().isEmpty()); // whole lines only
    QSet<QString> dirs;
    QSet<QString> steps;
    QHash<QString, QString> hexByDir;
    QSet<qint64> dataConns;
    qint64 acceptConn = -1;
    for (int i = 0; i + 1 < lines.size(); ++i) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(lines.at(i), &parseError);
        QVERIFY2(doc.isObject(),
            qPrintable(QStringLiteral("line %1: %2").arg(i + 1).arg(parseError.errorString())));
        const QJsonObject o = doc.object();
        QVERIFY(o.value(QLatin1String("t")).toString().endsWith(QLatin1Char('Z')));
        QVERIFY(o.value(QLatin1String("conn")).isDouble());
        const QString d = o.value(QLatin1String("dir")).toString();
        dirs.insert(d);
        if (d == QLatin1String("in") || d == QLatin1String("out")) {
            hexByDir[d] += o.value(QLatin1String("hex")).toString();
            dataConns.insert(qint64(o.value(QLatin1String("conn")).toDouble()));
        } else {
            const QString step = o.value(QLatin1String("event")).toString();
            steps.insert(step);
            if (step == QLatin1String("accept"))
                acceptConn = qint64(o.value(QLatin1String("conn")).toDouble());
        }
    }
    QCOMPARE(dirs, (QSet<QString> {QStringLiteral("in"), QStringLiteral("out"), QStringLiteral("info")}));
    QCOMPARE(hexByDir.value(QStringLiteral("in")), QStringLiteral("68656c6c6f"));
    QCOMPARE(hexByDir.value(QStringLiteral("out")), QStringLiteral("00776f72ff6c64"));
    for (const char *step : {"listen", "accept", "half-close", "close"})
        QVERIFY2(steps.contains(QLatin1String(step)), step);
    QVERIFY(acceptConn > 0);
    QCOMPARE(dataConns, QSet<qint64> {acceptConn});
}

QTEST_GUILESS_MAIN(tst_TcpClientSession)
#include "tst_tcpclientsession.moc"
