#include "posixsocket.h"
#include "recorder.h"
#include "sessiontestutil.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

#include <fcntl.h>

using namespace sockpit;
using namespace sockpit::test;

// Relay sessions (TCP and UDP) between clients and a target in this process, on loopback: what
// passes through arrives unchanged both ways, both sides are named in every event, half-close and
// failures travel from one side to the other, and one client's unreachable target hurts no one else.
class tst_RelaySession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tcpBothWays_data();
    void tcpBothWays();
    void tcpLargeTransferKeepsEveryByte();
    void tcpShownReadsKeepOnlyPreviews();
    void tcpTargetThatStopsReadingHoldsTheClientBack();
    void tcpUrgentByteDoesNotStopTheStream();
    void tcpRecordingStartedMidwayKeepsOrder();
    void tcpUnreachableTargetClosesThatClientOnly();
    void tcpTargetCloseReachesClient();
    void tcpClientDisconnectReachesTarget();
    void udpEachSenderGetsItsOwnAnswers_data();
    void udpEachSenderGetsItsOwnAnswers();
};

namespace {

SessionConfig relayConfig(
    SessionMode mode, const QHostAddress &bind, const QHostAddress &target, quint16 port)
{
    SessionConfig config;
    config.mode = mode;
    config.bindAddress = bind;
    config.bindAddressSet = true;
    config.host = target.toString();
    config.port = port;
    config.connectTimeoutMs = WaitMs;
    return config;
}

// A TCP server on 127.0.0.1 that echoes what it reads and shows no data.
bool startEchoTarget(Session &target)
{
    SessionConfig config = serverConfig(loopback(false));
    config.echo = true;
    target.setDisplayDataEvents(false);
    return startAndWait(target, config);
}

// A TCP relay on IPv4 loopback to `target`, started.
bool startTcpRelayTo(Session &relay, const Session &target)
{
    return startAndWait(
        relay, relayConfig(SessionMode::TcpRelay, loopback(false), loopback(false), target.localPort()));
}

// Sends `bytes` on fd and reads as many back.
QByteArray roundTrip(int fd, const QByteArray &bytes)
{
    bool eof = false;
    return rawExchange(fd, bytes, false, bytes.size(), &eof);
}

QByteArray readDatagram(QUdpSocket &socket)
{
    QByteArray bytes(int(socket.pendingDatagramSize()), Qt::Uninitialized);
    socket.readDatagram(bytes.data(), bytes.size());
    return bytes;
}

} // namespace

void tst_RelaySession::initTestCase()
{
    QVERIFY(raiseOpenFileLimit() >= 1024);
}

void tst_RelaySession::tcpBothWays_data()
{
    addAddressRows();
}

void tst_RelaySession::tcpBothWays()
{
    QFETCH(bool, v6);
    Session target;
    EventLog targetLog(&target);
    QVERIFY(startAndWait(target, serverConfig(loopback(v6))));
    Session relay;
    EventLog relayLog(&relay);
    QVERIFY(startAndWait(
        relay, relayConfig(SessionMode::TcpRelay, loopback(v6), loopback(v6), target.localPort())));
    QVERIFY(relay.name().startsWith(QStringLiteral("tcp-relay ")));

    const int fd = rawConnect(loopback(v6), relay.localPort());
    QVERIFY(fd >= 0);
    const QString client = formatEndpoint(loopback(v6), rawLocalPort(fd));
    const QString upstream = formatEndpoint(loopback(v6), target.localPort());
    // Listed once the target's connection has started on its I/O thread (counted a moment before).
    QTRY_COMPARE_WITH_TIMEOUT(target.peers().size(), 1, WaitMs);
    const ConnId atTarget = target.peers().constFirst().id;

    QCOMPARE(::send(fd, "hello", 5, MSG_NOSIGNAL), ssize_t(5));
    QTRY_COMPARE_WITH_TIMEOUT(targetLog.payload(Direction::In), QByteArray("hello"), WaitMs);
    QVERIFY(target.send("world", SendTarget::connection(atTarget)));
    bool eof = false;
    QByteArray answer;
    QTRY_COMPARE_WITH_TIMEOUT(
        answer += rawExchange(fd, {}, false, 1, &eof, 100), QByteArray("world"), WaitMs);

    // The relay logs what the client said as "in" and the target's answer as "out", naming both.
    QTRY_COMPARE_WITH_TIMEOUT(relayLog.payload(Direction::In), QByteArray("hello"), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(relayLog.payload(Direction::Out), QByteArray("world"), WaitMs);
    for (const Event &event : std::as_const(relayLog.events)) {
        if (event.dir != Direction::In && event.dir != Direction::Out)
            continue;
        QCOMPARE(event.peer, client);
        QCOMPARE(event.upstream, upstream);
    }
    const Event *connected = relayLog.find(EventKind::Connect);
    QVERIFY2(connected, relayLog.dump().constData());
    QCOMPARE(connected->upstream, upstream);
    QCOMPARE(relay.counters().bytesIn, qint64(5));
    QCOMPARE(relay.counters().bytesOut, qint64(5));
    QCOMPARE(relay.counters().connections, 1);
    QCOMPARE(relay.peers().size(), 1); // the client; the relay's own connection to the target is not a peer

    // Half-close travels: the client finishes, the target sees FIN, answers and finishes too.
    ::shutdown(fd, SHUT_WR);
    QTRY_VERIFY_WITH_TIMEOUT(targetLog.find(EventKind::HalfClose), WaitMs);
    QVERIFY(target.send("bye", SendTarget::connection(atTarget)));
    target.shutdownWrite(atTarget);
    QByteArray last = rawExchange(fd, {}, false, 1 << 20, &eof);
    QCOMPARE(last, QByteArray("bye"));
    QVERIFY(eof);
    ::close(fd);
    QTRY_COMPARE_WITH_TIMEOUT(relay.counters().connections, 0, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(target.counters().connections, 0, WaitMs);
    QVERIFY(relayLog.count(EventKind::Error) == 0);
    QVERIFY(stopAndWait(relay));
    QVERIFY(stopAndWait(target));
}

void tst_RelaySession::tcpLargeTransferKeepsEveryByte()
{
    // 16 MiB through a relay whose queues hold 64 KiB, to an echoing target and back: reading pauses
    // on one side while the other cannot write, and nothing is lost or reordered.
    Session target;
    QVERIFY(startEchoTarget(target));
    SessionConfig config
        = relayConfig(SessionMode::TcpRelay, loopback(false), loopback(false), target.localPort());
    config.sendQueueLimit = 64 * 1024;
    Session relay;
    relay.setDisplayDataEvents(false);
    QVERIFY(startAndWait(relay, config));

    const int fd = rawConnect(loopback(false), relay.localPort());
    QVERIFY(fd >= 0);
    const QByteArray data = pattern(0, 16 * 1024 * 1024);
    bool eof = false;
    const QByteArray back = rawExchange(fd, data, true, data.size(), &eof, 60000);
    ::close(fd);
    QCOMPARE(back.size(), data.size());
    QVERIFY(back == data);
    QVERIFY(eof); // the target's FIN came through once everything was echoed
    QCOMPARE(relay.counters().bytesIn, qint64(data.size()));
    QTRY_COMPARE_WITH_TIMEOUT(relay.counters().bytesOut, qint64(data.size()), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(relay.counters().queuedBytes, qint64(0), WaitMs);
    QVERIFY(stopAndWait(relay));
    QVERIFY(stopAndWait(target));
}

void tst_RelaySession::tcpTargetThatStopsReadingHoldsTheClientBack()
{
    // Bytes nobody looks at are written straight on; what the target does not take waits in the
    // relay's queue. Past the queue's limit the relay stops reading its client, so it holds at most
    // the limit and one read however much the client sends, and loses nothing when the target reads
    // again.
    QTcpServer target;
    QVERIFY(target.listen(QHostAddress::LocalHost));
    constexpr qint64 Limit = 256 * 1024;
    constexpr qint64 OneRead = 256 * 1024; // TcpConnection::ReadChunk
    SessionConfig config
        = relayConfig(SessionMode::TcpRelay, loopback(false), loopback(false), target.serverPort());
    config.sendQueueLimit = Limit;
    Session relay;
    relay.setDisplayDataEvents(false);
    QVERIFY(startAndWait(relay, config));

    const int fd = rawConnect(loopback(false), relay.localPort());
    QVERIFY(fd >= 0);
    QVERIFY(::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK) == 0);
    QVERIFY(target.waitForNewConnection(WaitMs));
    QTcpSocket *peer = target.nextPendingConnection();
    QVERIFY(peer);
    peer->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 64 * 1024);
    peer->setReadBufferSize(64 * 1024); // reads no more from the kernel once it holds this much

    const QByteArray data = pattern(0, 64 * 1024 * 1024);
    qint64 sent = 0;
    qint64 sentNow = 0;
    const auto push = [&] {
        sentNow = 0;
        while (sent < data.size()) {
            const ssize_t n = ::send(fd, data.constData() + sent, size_t(data.size() - sent), MSG_NOSIGNAL);
            if (n <= 0)
                break;
            sent += n;
            sentNow += n;
        }
    };
    // Held back: the client's socket takes nothing more, and the relay's queue is past its limit (it
    // resumes reading only once the queue is down to half of it).
    QTRY_VERIFY_WITH_TIMEOUT(
        (push(), sent == data.size() || (sentNow == 0 && relay.counters().queuedBytes > Limit)), WaitMs);
    QVERIFY2(sent < data.size(), "the relay read everything the client sent");
    QVERIFY2(relay.counters().queuedBytes <= Limit + OneRead,
        QByteArray::number(relay.counters().queuedBytes).constData());

    peer->setReadBufferSize(0);
    QByteArray received;
    QTRY_COMPARE_WITH_TIMEOUT((push(), received += peer->readAll(), received.size()), data.size(), 60000);
    QVERIFY(received == data);
    QCOMPARE(relay.counters().bytesIn, qint64(data.size())); // bytesOut counts what goes to the client
    QCOMPARE(relay.counters().queuedBytes, qint64(0));
    ::close(fd);
    QTRY_COMPARE_WITH_TIMEOUT(relay.counters().connections, 0, WaitMs);
    QVERIFY(stopAndWait(relay));
}

void tst_RelaySession::tcpUrgentByteDoesNotStopTheStream()
{
    // Urgent data (MSG_OOB) is skipped by recv() and is not relayed (it stopped splice() at its mark,
    // when the relay spliced): what follows the mark still goes through, both ways.
    Session target;
    QVERIFY(startEchoTarget(target));
    Session relay;
    relay.setDisplayDataEvents(false);
    QVERIFY(startTcpRelayTo(relay, target));
    const int fd = rawConnect(loopback(false), relay.localPort());
    QVERIFY(fd >= 0);
    QCOMPARE(roundTrip(fd, QByteArrayLiteral("abc")), QByteArrayLiteral("abc"));
    QCOMPARE(::send(fd, "!", 1, MSG_OOB), ssize_t(1));
    QCOMPARE(roundTrip(fd, QByteArrayLiteral("def")), QByteArrayLiteral("def"));
    QCOMPARE(relay.counters().bytesIn, qint64(6));
    ::close(fd);
    QTRY_COMPARE_WITH_TIMEOUT(relay.counters().connections, 0, WaitMs);
    QVERIFY(stopAndWait(relay));
    QVERIFY(stopAndWait(target));
}

void tst_RelaySession::tcpRecordingStartedMidwayKeepsOrder()
{
    // Bytes passed on unread, then a recording starts: from then on they are read, recorded and
    // written after what waits in the queue, so the stream stays whole and in order.
    Session target;
    QVERIFY(startEchoTarget(target));
    Session relay;
    relay.setDisplayDataEvents(false);
    QVERIFY(startTcpRelayTo(relay, target));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    const int fd = rawConnect(loopback(false), relay.localPort());
    QVERIFY(fd >= 0);
    const QByteArray data = pattern(0, 4 * 1024 * 1024);
    const qsizetype half = data.size() / 2;
    QByteArray back;
    bool eof = false;
    // The first half is sent without waiting for its echo, so that it is still on its way when the
    // recording starts.
    ::send(fd, data.constData(), size_t(64 * 1024), MSG_NOSIGNAL);
    auto recorder = std::make_shared<Recorder>();
    QString error;
    QVERIFY2(recorder->open(dir.filePath(QStringLiteral("relay.jsonl")), &error), qPrintable(error));
    relay.setRecorder(recorder);
    back += rawExchange(fd, data.mid(64 * 1024, half - 64 * 1024), false, half, &eof);
    back += rawExchange(fd, data.mid(half), true, data.size() - half, &eof, 60000);
    ::close(fd);
    QCOMPARE(back.size(), data.size());
    QVERIFY(back == data);
    QTRY_COMPARE_WITH_TIMEOUT(relay.counters().connections, 0, WaitMs);
    QVERIFY(stopAndWait(relay));
    recorder->close();
    QVERIFY(QFileInfo(dir.filePath(QStringLiteral("relay.jsonl"))).size() > 0);
    QVERIFY(stopAndWait(target));
}

void tst_RelaySession::tcpShownReadsKeepOnlyPreviews()
{
    // With data events shown, each read is both an event and bytes for the other side: the other side
    // gets every byte, while a shown event keeps a short preview of its own, not the whole read.
    constexpr int Preview = 16;
    Session target;
    QVERIFY(startEchoTarget(target));
    Session relay;
    relay.setDisplayPreviewBytes(Preview);
    EventLog relayLog(&relay);
    QVERIFY(startTcpRelayTo(relay, target));

    const int fd = rawConnect(loopback(false), relay.localPort());
    QVERIFY(fd >= 0);
    const QByteArray data = pattern(0, 1024 * 1024);
    bool eof = false;
    const QByteArray back = rawExchange(fd, data, true, data.size(), &eof, 60000);
    ::close(fd);
    QVERIFY(back == data);
    QTRY_COMPARE_WITH_TIMEOUT(relay.counters().connections, 0, WaitMs);
    QVERIFY(stopAndWait(relay));
    QVERIFY(stopAndWait(target));

    // The echo sends back what it got, so both directions carry the same stream.
    const bool all = relayLog.notDisplayed == 0;
    qint64 offset[2] = {0, 0};
    int large = 0;
    for (const Event &event : std::as_const(relayLog.events)) {
        if (event.dir != Direction::In && event.dir != Direction::Out)
            continue;
        QCOMPARE(event.payload.size(), qMin<qint64>(event.len, Preview));
        QVERIFY2(event.payload.capacity() < 1024, QByteArray::number(event.payload.capacity()).constData());
        qint64 &at = offset[event.dir == Direction::In ? 0 : 1];
        if (all)
            QCOMPARE(event.payload, data.mid(at, event.payload.size()));
        at += event.len;
        large += event.len > Preview;
    }
    QVERIFY(large > 0);
    if (all) {
        QCOMPARE(offset[0], qint64(data.size()));
        QCOMPARE(offset[1], qint64(data.size()));
    }
}

void tst_RelaySession::tcpUnreachableTargetClosesThatClientOnly()
{
    quint16 closedPort = 0;
    {
        Session probe; // a port that was just free, with nobody listening any more
        QVERIFY(startAndWait(probe, serverConfig(loopback(false))));
        closedPort = probe.localPort();
        QVERIFY(stopAndWait(probe));
    }
    Session relay;
    EventLog log(&relay);
    QVERIFY(startAndWait(
        relay, relayConfig(SessionMode::TcpRelay, loopback(false), loopback(false), closedPort)));
    for (int i = 0; i < 3; ++i) {
        const int fd = rawConnect(loopback(false), relay.localPort());
        QVERIFY(fd >= 0);
        bool eof = false;
        const QByteArray nothing = rawExchange(fd, {}, false, 1 << 20, &eof);
        QVERIFY(nothing.isEmpty());
        QVERIFY(eof);
        ::close(fd);
    }
    QTRY_COMPARE_WITH_TIMEOUT(log.count(EventKind::Refused), 3, WaitMs);
    const Event *refused = log.find(EventKind::Refused);
    QCOMPARE(refused->dir, Direction::Error);
    QCOMPARE(refused->upstream, formatEndpoint(loopback(false), closedPort));
    QVERIFY2(refused->text.contains(QStringLiteral("refused")), qPrintable(refused->text));
    QCOMPARE(relay.state(), Session::State::Running);
    QTRY_COMPARE_WITH_TIMEOUT(relay.counters().connections, 0, WaitMs);
    QCOMPARE(relay.counters().accepted, qint64(3));
    QVERIFY(stopAndWait(relay));
}

void tst_RelaySession::tcpTargetCloseReachesClient()
{
    Session target;
    QVERIFY(startAndWait(target, serverConfig(loopback(false))));
    Session relay;
    EventLog log(&relay);
    QVERIFY(startTcpRelayTo(relay, target));
    const int fd = rawConnect(loopback(false), relay.localPort());
    QVERIFY(fd >= 0);
    // Listed once the target's connection has started on its I/O thread (counted a moment before).
    QTRY_COMPARE_WITH_TIMEOUT(target.peers().size(), 1, WaitMs);
    const ConnId atTarget = target.peers().constFirst().id;
    // What the target said before it closed still reaches the client, then the client sees the end.
    QVERIFY(target.send(pattern(0, 256 * 1024), SendTarget::connection(atTarget)));
    target.disconnectPeer(atTarget);
    bool eof = false;
    const QByteArray received = rawExchange(fd, {}, false, 1 << 30, &eof);
    QVERIFY(eof);
    ::close(fd);
    QCOMPARE(received.size(), 256 * 1024);
    QVERIFY(received == pattern(0, 256 * 1024));
    QTRY_COMPARE_WITH_TIMEOUT(relay.counters().connections, 0, WaitMs);
    QTRY_VERIFY2_WITH_TIMEOUT(log.find(EventKind::Close), log.dump().constData(), WaitMs);
    QVERIFY(stopAndWait(relay));
    QVERIFY(stopAndWait(target));
}

void tst_RelaySession::tcpClientDisconnectReachesTarget()
{
    Session target;
    EventLog targetLog(&target);
    QVERIFY(startAndWait(target, serverConfig(loopback(false))));
    Session relay;
    QVERIFY(startTcpRelayTo(relay, target));
    const int fd = rawConnect(loopback(false), relay.localPort());
    QVERIFY(fd >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(relay.peers().size(), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(target.counters().connections, 1, WaitMs);
    // The user closes the client's connection in the relay: the target is told too.
    relay.disconnectPeer(relay.peers().constFirst().id);
    QTRY_VERIFY_WITH_TIMEOUT(targetLog.find(EventKind::HalfClose), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(relay.counters().connections, 0, WaitMs);
    bool eof = false;
    rawExchange(fd, {}, false, 1 << 20, &eof);
    QVERIFY(eof);
    ::close(fd);
    QVERIFY(stopAndWait(relay));
    QVERIFY(stopAndWait(target));
}

void tst_RelaySession::udpEachSenderGetsItsOwnAnswers_data()
{
    addAddressRows();
}

void tst_RelaySession::udpEachSenderGetsItsOwnAnswers()
{
    QFETCH(bool, v6);
    SessionConfig echoConfig = udpConfig(loopback(v6));
    echoConfig.echo = true;
    Session target;
    EventLog targetLog(&target);
    QVERIFY(startAndWait(target, echoConfig));
    Session relay;
    EventLog log(&relay);
    QVERIFY(startAndWait(
        relay, relayConfig(SessionMode::UdpRelay, loopback(v6), loopback(v6), target.localPort())));
    QVERIFY(relay.name().startsWith(QStringLiteral("udp-relay ")));

    QUdpSocket a, b;
    QVERIFY(a.bind(loopback(v6), 0));
    QVERIFY(b.bind(loopback(v6), 0));
    a.writeDatagram("from a", loopback(v6), relay.localPort());
    QTRY_VERIFY_WITH_TIMEOUT(a.hasPendingDatagrams(), WaitMs);
    QCOMPARE(readDatagram(a), QByteArray("from a"));
    b.writeDatagram("from b", loopback(v6), relay.localPort());
    QTRY_VERIFY_WITH_TIMEOUT(b.hasPendingDatagrams(), WaitMs);
    QCOMPARE(readDatagram(b), QByteArray("from b"));
    a.writeDatagram("a again", loopback(v6), relay.localPort());
    QTRY_VERIFY_WITH_TIMEOUT(a.hasPendingDatagrams(), WaitMs);
    QCOMPARE(readDatagram(a), QByteArray("a again"));
    QVERIFY(!b.hasPendingDatagrams());

    // The target saw two senders (one relay socket per client), the relay names each client.
    QTRY_COMPARE_WITH_TIMEOUT(target.peers().size(), 2, WaitMs);
    QCOMPARE(relay.peers().size(), 2);
    QCOMPARE(relay.counters().messagesIn, qint64(3));
    QCOMPARE(relay.counters().messagesOut, qint64(3));
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::In), QByteArray("from afrom ba again"), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::Out), QByteArray("from afrom ba again"), WaitMs);
    const QString upstream = formatEndpoint(loopback(v6), target.localPort());
    const QString clientA = formatEndpoint(loopback(v6), a.localPort());
    int fromA = 0;
    for (const Event &event : std::as_const(log.events)) {
        if (event.dir != Direction::In && event.dir != Direction::Out)
            continue;
        QCOMPARE(event.upstream, upstream);
        fromA += event.peer == clientA;
    }
    QCOMPARE(fromA, 4); // two datagrams of a's each way
    QVERIFY(stopAndWait(relay));
    QVERIFY(stopAndWait(target));
}

QTEST_GUILESS_MAIN(tst_RelaySession)
#include "tst_relaysession.moc"
