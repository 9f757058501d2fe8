#include "iothreadpool.h"
#include "posixsocket.h"
#include "sessiontestutil.h"

#include <QElapsedTimer>
#include <QNetworkDatagram>
#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <QUdpSocket>

#include <algorithm>

using namespace sockpit;
using namespace sockpit::test;

// UDP sessions on loopback: datagrams both ways between two sessions with every kind of target, the
// sender reported on each, echo that keeps datagram boundaries, and a port that is taken.
class tst_UdpSession : public QObject
{
    Q_OBJECT

private slots:
    void bothWays_data();
    void bothWays();
    void defaultTarget_data();
    void defaultTarget();
    void echoKeepsDatagrams_data();
    void echoKeepsDatagrams();
    void portInUse_data();
    void portInUse();
    void noDestination();
    void emptyAndLargestDatagrams();
    void floodIsCountedWhenNotDisplayed();
    void kernelDropsAreCountedAndReported();
    void scopedAddresses();
};

void tst_UdpSession::bothWays_data()
{
    addAddressRows();
}

void tst_UdpSession::bothWays()
{
    QFETCH(bool, v6);
    Session a;
    Session b;
    EventLog logA(&a);
    EventLog logB(&b);
    QVERIFY(startAndWait(a, udpConfig(loopback(v6))));
    QVERIFY(startAndWait(b, udpConfig(loopback(v6))));
    QVERIFY(a.localPort() != 0 && b.localPort() != 0);
    const QString endA = formatEndpoint(loopback(v6), a.localPort());
    const QString endB = formatEndpoint(loopback(v6), b.localPort());

    QVERIFY(a.send("ping", SendTarget::to(loopback(v6), b.localPort())));
    QTRY_COMPARE_WITH_TIMEOUT(logB.payload(Direction::In), QByteArray("ping"), WaitMs);
    const Event *in = logB.find(EventKind::None);
    QVERIFY(in);
    QCOMPARE(in->peer, endA);
    QCOMPARE(in->len, qint64(4));
    const ConnId inConn = in->conn; // the log grows while we wait below, which moves its events

    QVERIFY(b.send("pong!", SendTarget::lastPeer()));
    QTRY_COMPARE_WITH_TIMEOUT(logA.payload(Direction::In), QByteArray("pong!"), WaitMs);
    QCOMPARE(logA.payload(Direction::Out), QByteArray("ping"));
    const Event *back = nullptr;
    for (const Event &e : std::as_const(logA.events)) {
        if (e.dir == Direction::In)
            back = &e;
    }
    QVERIFY(back);
    QCOMPARE(back->peer, endB);

    // B knows A as a peer and can answer it by its connection number too.
    const QVector<PeerInfo> peers = b.peers();
    QCOMPARE(peers.size(), 1);
    QCOMPARE(peers.at(0).peer, endA);
    QCOMPARE(peers.at(0).bytesIn, qint64(4));
    QCOMPARE(inConn, peers.at(0).id);
    QVERIFY(b.send("again", SendTarget::connection(peers.at(0).id)));
    QTRY_COMPARE_WITH_TIMEOUT(logA.payload(Direction::In), QByteArray("pong!again"), WaitMs);

    QCOMPARE(a.counters().bytesOut, qint64(4));
    QCOMPARE(a.counters().messagesOut, qint64(1));
    QCOMPARE(a.counters().bytesIn, qint64(10));
    QCOMPARE(a.counters().messagesIn, qint64(2));
    QCOMPARE(b.counters().bytesIn, qint64(4));
    QCOMPARE(b.counters().bytesOut, qint64(10));
    QCOMPARE(b.counters().messagesOut, qint64(2));
    QCOMPARE(b.counters().queuedBytes, qint64(0));
    QVERIFY(stopAndWait(a));
    QVERIFY(stopAndWait(b));
}

void tst_UdpSession::defaultTarget_data()
{
    addAddressRows();
}

void tst_UdpSession::defaultTarget()
{
    QFETCH(bool, v6);
    Session receiver;
    EventLog log(&receiver);
    QVERIFY(startAndWait(receiver, udpConfig(loopback(v6))));
    Session sender;
    SessionConfig config = udpConfig(loopback(v6));
    config.host = loopback(v6).toString();
    config.port = receiver.localPort();
    QVERIFY(startAndWait(sender, config));
    QVERIFY(sender.send("one"));
    QVERIFY(sender.send("two"));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.counters().messagesIn, qint64(2), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::In), QByteArray("onetwo"), WaitMs);
    QCOMPARE(log.find(EventKind::None)->peer, formatEndpoint(loopback(v6), sender.localPort()));
    QVERIFY(stopAndWait(sender));
    QVERIFY(stopAndWait(receiver));
}

void tst_UdpSession::echoKeepsDatagrams_data()
{
    QTest::addColumn<bool>("v6");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("count");
    QTest::newRow("ipv4, 1 byte") << false << 1 << 1;
    QTest::newRow("ipv4, 1472 bytes") << false << 1472 << 1;
    QTest::newRow("ipv4, largest datagram (65507)") << false << 65507 << 1;
    QTest::newRow("ipv6, largest datagram (65527)") << true << 65527 << 1;
    QTest::newRow("ipv4, burst of 100 x 512") << false << 512 << 100;
    QTest::newRow("ipv6, burst of 100 x 512") << true << 512 << 100;
}

void tst_UdpSession::echoKeepsDatagrams()
{
    QFETCH(bool, v6);
    QFETCH(int, size);
    QFETCH(int, count);
    Session echo;
    echo.setDisplayDataEvents(false);
    SessionConfig config = udpConfig(loopback(v6));
    config.echo = true;
    QVERIFY(startAndWait(echo, config));

    QUdpSocket socket;
    QVERIFY(socket.bind(loopback(v6), 0));
    QVector<QByteArray> sent;
    for (int i = 0; i < count; ++i) {
        QByteArray datagram = pattern(i * 7, size);
        datagram[0] = char(i);
        sent.push_back(datagram);
        QCOMPARE(socket.writeDatagram(datagram, loopback(v6), echo.localPort()), qint64(size));
    }
    QVector<QByteArray> received;
    auto drain = [&] {
        while (socket.hasPendingDatagrams()) {
            const QNetworkDatagram datagram = socket.receiveDatagram();
            if (datagram.senderPort() == echo.localPort())
                received.push_back(datagram.data());
        }
        return received.size();
    };
    QTRY_COMPARE_WITH_TIMEOUT(drain(), count, WaitMs);
    QCOMPARE(received, sent);
    QCOMPARE(echo.counters().messagesIn, qint64(count));
    QCOMPARE(echo.counters().bytesIn, qint64(count) * size);
    QTRY_COMPARE_WITH_TIMEOUT(echo.counters().bytesOut, qint64(count) * size, WaitMs);
    QCOMPARE(echo.peers().size(), 1);
    QCOMPARE(echo.peers().at(0).peer, formatEndpoint(loopback(v6), socket.localPort()));
    QVERIFY(stopAndWait(echo));
}

void tst_UdpSession::portInUse_data()
{
    addAddressRows();
}

void tst_UdpSession::portInUse()
{
    QFETCH(bool, v6);
    Session first;
    QVERIFY(startAndWait(first, udpConfig(loopback(v6))));
    Session second;
    EventLog log(&second);
    QSignalSpy failed(&second, &Session::failed);
    SessionConfig config = udpConfig(loopback(v6));
    config.bindPort = first.localPort();
    second.start(config);
    QVERIFY(failed.wait(WaitMs));
    const QString endpoint = formatEndpoint(loopback(v6), first.localPort());
    QVERIFY2(failed.at(0).at(0).toString().contains(endpoint), qPrintable(failed.at(0).at(0).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(second.state(), Session::State::Idle, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!log.events.isEmpty(), WaitMs);
    QCOMPARE(log.events.constFirst().dir, Direction::Error);
    QVERIFY(startAndWait(second, udpConfig(loopback(v6))));
    QVERIFY(second.send("x", SendTarget::to(loopback(v6), first.localPort())));
    QTRY_COMPARE_WITH_TIMEOUT(first.counters().bytesIn, qint64(1), WaitMs);
    QVERIFY(stopAndWait(second));
    QVERIFY(stopAndWait(first));
}

void tst_UdpSession::noDestination()
{
    // Nobody has been heard from and there is no default target: the bytes go nowhere, visibly.
    Session session;
    EventLog log(&session);
    QVERIFY(startAndWait(session, udpConfig(loopback(false))));
    session.send("lost", SendTarget::lastPeer());
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Dropped), WaitMs);
    QCOMPARE(log.find(EventKind::Dropped)->dir, Direction::Error);
    QCOMPARE(session.counters().bytesOut, qint64(0));
    QCOMPARE(session.counters().queuedBytes, qint64(0));
    QVERIFY(stopAndWait(session));
}

void tst_UdpSession::emptyAndLargestDatagrams()
{
    // The two ends of what IPv4 UDP can carry, between two sessions, both ways: an empty datagram is
    // a message of 0 bytes (counted, shown, never lost or merged), and 65,507 bytes arrive whole.
    Session a;
    Session b;
    EventLog logA(&a);
    EventLog logB(&b);
    b.setDisplayPreviewBytes(int(MaxUdpPayload)); // B's log shows the datagrams whole
    QVERIFY(startAndWait(a, udpConfig(loopback(false))));
    QVERIFY(startAndWait(b, udpConfig(loopback(false))));
    const QByteArray largest = pattern(3, MaxUdpPayload);
    QCOMPARE(largest.size(), qsizetype(65507));

    QVERIFY(a.send(QByteArray(), SendTarget::to(loopback(false), b.localPort())));
    QVERIFY(a.send(largest, SendTarget::to(loopback(false), b.localPort())));
    QTRY_COMPARE_WITH_TIMEOUT(b.counters().messagesIn, qint64(2), WaitMs);
    QCOMPARE(b.counters().bytesIn, qint64(MaxUdpPayload));
    QTRY_COMPARE_WITH_TIMEOUT(a.counters().messagesOut, qint64(2), WaitMs);
    QCOMPARE(a.counters().bytesOut, qint64(MaxUdpPayload));
    QTRY_VERIFY_WITH_TIMEOUT(logB.payload(Direction::In).size() == MaxUdpPayload, WaitMs);
    QVector<qint64> lengths;
    for (const Event &e : std::as_const(logB.events)) {
        if (e.dir == Direction::In)
            lengths << e.len;
    }
    QCOMPARE(lengths, (QVector<qint64> {0, MaxUdpPayload}));
    QVERIFY(logB.payload(Direction::In) == largest);
    QCOMPARE(logB.count(EventKind::Error), 0); // nothing truncated

    // And back, to whoever sent last.
    QVERIFY(b.send(largest, SendTarget::lastPeer()));
    QVERIFY(b.send(QByteArray(), SendTarget::lastPeer()));
    QTRY_COMPARE_WITH_TIMEOUT(a.counters().messagesIn, qint64(2), WaitMs);
    QCOMPARE(a.counters().bytesIn, qint64(MaxUdpPayload));
    QTRY_COMPARE_WITH_TIMEOUT(b.counters().messagesOut, qint64(2), WaitMs);
    QCOMPARE(b.counters().bytesOut, qint64(MaxUdpPayload));
    QCOMPARE(b.peers().size(), 1);
    QCOMPARE(b.peers().at(0).bytesIn, qint64(MaxUdpPayload));
    QCOMPARE(a.counters().queuedBytes, qint64(0));
    QCOMPARE(b.counters().queuedBytes, qint64(0));
    QVERIFY(stopAndWait(a));
    QVERIFY(stopAndWait(b));
}

// While the GUI thread is busy the display queue fills up; the datagrams past its limit are not built
// into events at all, but each one is still counted, as received and as not displayed.
void tst_UdpSession::floodIsCountedWhenNotDisplayed()
{
    Session receiver;
    EventLog log(&receiver);
    QVERIFY(startAndWait(receiver, udpConfig(loopback(false))));
    QUdpSocket sender;
    QVERIFY(sender.bind(loopback(false), 0));
    const int count = 20000;
    // No event loop runs here until the receiver has counted them all, so no display batch is taken.
    for (int i = 0; i < count; ++i) {
        if (sender.writeDatagram("flood", loopback(false), receiver.localPort()) != 5)
            QFAIL("could not send");
    }
    QElapsedTimer waited;
    waited.start();
    qint64 received = 0;
    // Busy-waits on the counter without processing events (the condition, not a fixed time).
    while ((received = receiver.counters().messagesIn) < count && waited.elapsed() < WaitMs)
        QThread::yieldCurrentThread();
    QVERIFY(received > 5000); // more than the display queue holds (the kernel may drop the rest)
    int displayed = 0;
    QTRY_VERIFY_WITH_TIMEOUT((displayed = int(std::count_if(log.events.cbegin(), log.events.cend(),
                                  [](const Event &e) { return e.dir == Direction::In; })))
                + log.notDisplayed
            == receiver.counters().messagesIn,
        WaitMs);
    QVERIFY(log.notDisplayed > 0);
    QCOMPARE(receiver.counters().bytesIn, receiver.counters().messagesIn * 5);
    QVERIFY(stopAndWait(receiver));
}

void tst_UdpSession::kernelDropsAreCountedAndReported()
{
    // The I/O threads are held while more arrives than the socket's receive queue holds: the
    // system drops the rest, and the session counts them and says so, exactly.
    Session receiver;
    receiver.setDisplayDataEvents(false);
    EventLog log(&receiver);
    QVERIFY(startAndWait(receiver, udpConfig(loopback(false))));
    IoThreadPool &pool = IoThreadPool::instance();
    QSemaphore held;
    QSemaphore gate;
    for (int i = 0; i < pool.size(); ++i) {
        QMetaObject::invokeMethod(
            pool.worker(i),
            [&] {
                held.release();
                gate.acquire();
            },
            Qt::QueuedConnection);
    }
    QVERIFY(held.tryAcquire(pool.size(), WaitMs));
    const int sender = posix::openSocket(AF_INET, SOCK_DGRAM);
    QVERIFY(sender >= 0);
    const SocketAddress to = SocketAddress::from(loopback(false), receiver.localPort());
    // 36 MB, more than the largest receive queue the session asks for (8 MiB, doubled by the kernel).
    constexpr int Count = 600;
    const QByteArray big(60000, 'x');
    for (int i = 0; i < Count; ++i)
        ::sendto(sender, big.constData(), size_t(big.size()), 0, to.data(), to.length);
    gate.release(pool.size());
    QTRY_VERIFY_WITH_TIMEOUT(
        receiver.counters().messagesIn + receiver.counters().kernelDrops >= Count, WaitMs);
    const qint64 dropped = receiver.counters().kernelDrops;
    QVERIFY2(dropped > 0 && dropped < Count, QByteArray::number(dropped).constData());
    QCOMPARE(receiver.counters().messagesIn + dropped, qint64(Count));
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Dropped) != nullptr, WaitMs);
    const Event *event = log.find(EventKind::Dropped);
    QVERIFY2(event->text.contains(QString::number(dropped)), qPrintable(event->text));
    posix::closeDescriptor(sender);
    QVERIFY(stopAndWait(receiver));
}

void tst_UdpSession::scopedAddresses()
{
    // An IPv6 address with a scope id (as "fe80::1%eth0" would be written) reaches the socket calls:
    // bound and sent to as ::1%lo, and as a default target given by name with its scope.
    const QHostAddress scoped(QStringLiteral("::1%lo"));
    QCOMPARE(scoped.scopeId(), QStringLiteral("lo"));
    Session receiver;
    EventLog log(&receiver);
    QVERIFY(startAndWait(receiver, udpConfig(scoped)));
    Session sender;
    SessionConfig config = udpConfig(scoped);
    config.host = QStringLiteral("::1%lo");
    config.port = receiver.localPort();
    QVERIFY(startAndWait(sender, config));
    QVERIFY(sender.send("default"));
    QVERIFY(sender.send("explicit", SendTarget::to(scoped, receiver.localPort())));
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::In), QByteArray("defaultexplicit"), WaitMs);
    QVERIFY(stopAndWait(sender));
    QVERIFY(stopAndWait(receiver));
}

QTEST_GUILESS_MAIN(tst_UdpSession)
#include "tst_udpsession.moc"
