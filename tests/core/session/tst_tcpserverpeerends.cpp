#include "posixsocket.h"
#include "sessiontestutil.h"

#include <QTest>

using namespace sockpit;
using namespace sockpit::test;

// A TCP server session against clients in this process, on loopback: every way a connection can end
// (a reset, a close, a half-close, a reset during a transfer, a peer that goes silent), each leaving
// the server running and usable.

class tst_TcpServerPeerEnds : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void peerReset_data();
    void peerReset();
    void peerClose_data();
    void peerClose();
    void halfCloseEchoReturnsEverything_data();
    void halfCloseEchoReturnsEverything();
    void resetDuringTransfer_data();
    void resetDuringTransfer();
    void silentPeer();
};

void tst_TcpServerPeerEnds::initTestCase()
{
    QVERIFY(raiseOpenFileLimit() >= 1024);
}

void tst_TcpServerPeerEnds::peerReset_data()
{
    addAddressRows();
}

void tst_TcpServerPeerEnds::peerReset()
{
    QFETCH(bool, v6);
    Session server;
    EventLog log(&server);
    QSignalSpy closed(&server, &Session::peerClosed);
    QVERIFY(startAndWait(server, serverConfig(loopback(v6))));
    const int fd = rawConnect(loopback(v6), server.localPort());
    QVERIFY(fd >= 0);
    QCOMPARE(::send(fd, "abc", 3, MSG_NOSIGNAL), ssize_t(3));
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, qint64(3), WaitMs);
    const ConnId id = connFor(server, formatEndpoint(loopback(v6), rawLocalPort(fd)));
    QVERIFY(id != 0);

    rawReset(fd);
    QVERIFY(closed.wait(WaitMs));
    QCOMPARE(closed.at(0).at(0).value<ConnId>(), id);
    QCOMPARE(closed.at(0).at(1).value<EventKind>(), EventKind::Reset);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Reset, id), WaitMs);
    QCOMPARE(log.find(EventKind::Reset, id)->dir, Direction::Error);
    QCOMPARE(server.counters().connections, 0);
    QCOMPARE(server.state(), Session::State::Running);
    verifyUsable(server, log);
    QVERIFY(stopAndWait(server));
}

void tst_TcpServerPeerEnds::peerClose_data()
{
    QTest::addColumn<bool>("v6");
    QTest::addColumn<bool>("closeAfterPeerFinish");
    QTest::newRow("ipv4, server answers then shuts down") << false << false;
    QTest::newRow("ipv6, server answers then shuts down") << true << false;
    QTest::newRow("ipv4, close after peer finish") << false << true;
}

void tst_TcpServerPeerEnds::peerClose()
{
    QFETCH(bool, v6);
    QFETCH(bool, closeAfterPeerFinish);
    Session server;
    EventLog log(&server);
    QSignalSpy closed(&server, &Session::peerClosed);
    server.setCloseAfterPeerFinish(closeAfterPeerFinish);
    QVERIFY(startAndWait(server, serverConfig(loopback(v6))));
    const int fd = rawConnect(loopback(v6), server.localPort());
    QVERIFY(fd >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(connFor(server, formatEndpoint(loopback(v6), rawLocalPort(fd))) != 0, WaitMs);
    const ConnId id = connFor(server, formatEndpoint(loopback(v6), rawLocalPort(fd)));
    QCOMPARE(::send(fd, "request", 7, MSG_NOSIGNAL), ssize_t(7));
    ::shutdown(fd, SHUT_WR);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::HalfClose, id), WaitMs);
    QCOMPARE(log.payload(Direction::In, id), QByteArray("request"));

    QByteArray expected;
    if (!closeAfterPeerFinish) {
        // Half-closed, not closed: the server can still answer.
        QCOMPARE(server.peers().size(), 1);
        QVERIFY(server.peers().at(0).peerFinished);
        QVERIFY(closed.isEmpty());
        expected = "response";
        QVERIFY(server.send(expected, SendTarget::connection(id)));
        server.shutdownWrite(id);
    }
    bool eof = false;
    QCOMPARE(rawExchange(fd, {}, false, INT_MAX, &eof), expected);
    QVERIFY(eof);
    ::close(fd);
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, WaitMs);
    QCOMPARE(closed.at(0).at(1).value<EventKind>(), EventKind::Close);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Close, id), WaitMs);
    QVERIFY(log.indexOf(EventKind::HalfClose, id) < log.indexOf(EventKind::Close, id));
    QCOMPARE(log.count(EventKind::Reset), 0);
    QCOMPARE(server.counters().connections, 0);
    verifyUsable(server, log);
    QVERIFY(stopAndWait(server));
}

void tst_TcpServerPeerEnds::halfCloseEchoReturnsEverything_data()
{
    QTest::addColumn<bool>("v6");
    QTest::addColumn<int>("size");
    QTest::newRow("ipv4, 1 byte") << false << 1;
    QTest::newRow("ipv4, 100 kB") << false << 100000;
    QTest::newRow("ipv6, 100 kB") << true << 100000;
    QTest::newRow("ipv4, 12 MiB, over the queue limit") << false << (12 << 20);
}

void tst_TcpServerPeerEnds::halfCloseEchoReturnsEverything()
{
    QFETCH(bool, v6);
    QFETCH(int, size);
    Session server;
    server.setDisplayDataEvents(false);
    SessionConfig config = serverConfig(loopback(v6));
    config.echo = true;
    QVERIFY(startAndWait(server, config));
    const int fd = rawConnect(loopback(v6), server.localPort());
    QVERIFY(fd >= 0);

    const QByteArray data = pattern(0, size);
    bool eof = false;
    const QByteArray back = rawExchange(fd, data, true, size, &eof, 20000);
    ::close(fd);
    QCOMPARE(back.size(), data.size());
    QVERIFY(back == data);
    QVERIFY(eof);
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().connections, 0, WaitMs);
    QCOMPARE(server.counters().bytesIn, qint64(size));
    QCOMPARE(server.counters().bytesOut, qint64(size));
    QVERIFY(stopAndWait(server));
}

void tst_TcpServerPeerEnds::resetDuringTransfer_data()
{
    QTest::addColumn<bool>("serverSending");
    QTest::newRow("reset while the server sends") << true;
    QTest::newRow("reset while the client sends") << false;
}

void tst_TcpServerPeerEnds::resetDuringTransfer()
{
    // A client closes with SO_LINGER 0 while bytes flow: the server reports a reset (an error event,
    // "connection reset by peer", never an orderly close), forgets the connection and its queue,
    // and serves the next client.
    QFETCH(bool, serverSending);
    Session server;
    EventLog log(&server);
    server.setDisplayPreviewBytes(16);
    QSignalSpy closed(&server, &Session::peerClosed);
    QVERIFY(startAndWait(server, serverConfig(loopback(false))));
    const int fd = rawConnect(loopback(false), server.localPort());
    QVERIFY(fd >= 0);
    const QString peer = formatEndpoint(loopback(false), rawLocalPort(fd));
    QTRY_VERIFY_WITH_TIMEOUT(connFor(server, peer) != 0, WaitMs);
    const ConnId id = connFor(server, peer);

    constexpr int Chunk = 1 << 20;
    if (serverSending) {
        // 6 MiB queued; the client reads a little of it, then resets with the rest in flight.
        for (int i = 0; i < 6; ++i)
            QVERIFY(server.send(pattern(qint64(i) * Chunk, Chunk), SendTarget::connection(id)));
        bool eof = false;
        const QByteArray head = rawExchange(fd, {}, false, 64 * 1024, &eof);
        QVERIFY(head.size() >= 64 * 1024);
        QVERIFY(head == pattern(0, head.size()));
        QVERIFY(!eof);
    } else {
        // The client writes bursts until the server has read 256 KiB, and resets right after a burst.
        const QByteArray chunk = pattern(0, 64 * 1024);
        qint64 written = 0;
        auto writeBurst = [&] {
            for (int i = 0; i < 32; ++i) {
                const ssize_t n
                    = ::send(fd, chunk.constData(), size_t(chunk.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
                if (n <= 0)
                    break;
                written += n;
            }
            return server.counters().bytesIn >= 256 * 1024;
        };
        QTRY_VERIFY_WITH_TIMEOUT(writeBurst(), WaitMs);
        writeBurst();
        QVERIFY(written >= 256 * 1024);
    }
    rawReset(fd);

    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, WaitMs);
    QCOMPARE(closed.at(0).at(0).value<ConnId>(), id);
    QCOMPARE(closed.at(0).at(1).value<EventKind>(), EventKind::Reset);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Reset, id), WaitMs);
    const Event *reset = log.find(EventKind::Reset, id);
    QCOMPARE(reset->dir, Direction::Error);
    QCOMPARE(reset->peer, peer);
    QVERIFY2(reset->text.contains(QLatin1String("connection reset by peer")), qPrintable(reset->text));
    QCOMPARE(log.count(EventKind::Close, id), 0);
    QCOMPARE(server.counters().connections, 0);
    QCOMPARE(server.counters().queuedBytes, qint64(0));
    QVERIFY(server.peers().isEmpty());
    QCOMPARE(server.state(), Session::State::Running);
    verifyUsable(server, log);
    QVERIFY(stopAndWait(server));
}

void tst_TcpServerPeerEnds::silentPeer()
{
    // A client connects and says nothing: it is accepted and listed with zero bytes, and nothing else
    // happens to it while another client is served; its FIN is reported as a half-close (the server
    // may still answer), and disconnecting it is an orderly close.
    Session server;
    EventLog log(&server);
    QSignalSpy closed(&server, &Session::peerClosed);
    QVERIFY(startAndWait(server, serverConfig(loopback(false))));
    const int silent = rawConnect(loopback(false), server.localPort());
    QVERIFY(silent >= 0);
    const QString peer = formatEndpoint(loopback(false), rawLocalPort(silent));
    QTRY_VERIFY_WITH_TIMEOUT(connFor(server, peer) != 0, WaitMs);
    const ConnId id = connFor(server, peer);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Accept, id), WaitMs);
    QCOMPARE(log.find(EventKind::Accept, id)->peer, peer);

    verifyUsable(server, log); // another client talks both ways meanwhile
    QCOMPARE(server.counters().connections, 2);
    const QVector<PeerInfo> peers = server.peers();
    const auto info = std::find_if(peers.begin(), peers.end(), [&](const PeerInfo &p) { return p.id == id; });
    QVERIFY(info != peers.end());
    QCOMPARE(info->bytesIn, qint64(0));
    QCOMPARE(info->bytesOut, qint64(0));
    QVERIFY(!info->peerFinished);
    int ofSilent = 0;
    for (const Event &e : std::as_const(log.events))
        ofSilent += e.conn == id;
    QCOMPARE(ofSilent, 1); // the accept, nothing else
    QVERIFY(closed.isEmpty());

    ::shutdown(silent, SHUT_WR);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::HalfClose, id), WaitMs);
    QCOMPARE(log.find(EventKind::HalfClose, id)->dir, Direction::Info);
    QCOMPARE(connFor(server, peer), id); // half-closed, still listed
    QVERIFY(server.send("bye", SendTarget::connection(id)));
    bool eof = false;
    QCOMPARE(rawExchange(silent, {}, false, 3, &eof), QByteArray("bye"));
    server.disconnectPeer(id);
    QTRY_VERIFY_WITH_TIMEOUT(closed.count() >= 1, WaitMs);
    QCOMPARE(closed.at(0).at(0).value<ConnId>(), id);
    QCOMPARE(closed.at(0).at(1).value<EventKind>(), EventKind::Close);
    QCOMPARE(log.count(EventKind::Reset, id), 0);
    ::close(silent);
    QVERIFY(stopAndWait(server));
}

QTEST_GUILESS_MAIN(tst_TcpServerPeerEnds)
#include "tst_tcpserverpeerends.moc"
