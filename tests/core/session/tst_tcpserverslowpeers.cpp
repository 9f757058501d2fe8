#include "posixsocket.h"
#include "sessiontestutil.h"

#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

using namespace sockpit;
using namespace sockpit::test;

// A TCP server session against clients in this process, on loopback: the limits that keep one client
// that reads slowly, or never, from hurting the others, and a stop that is not held up by it.

class tst_TcpServerSlowPeers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void slowReaderDoesNotStallOthers();
    void neverReadingPeerIsBoundedAndCancellable_data();
    void neverReadingPeerIsBoundedAndCancellable();
};

void tst_TcpServerSlowPeers::initTestCase()
{
    QVERIFY(raiseOpenFileLimit() >= 1024);
}

void tst_TcpServerSlowPeers::slowReaderDoesNotStallOthers()
{
    // Precisely: one client never reads. The server sends 64 KiB chunks to all, one after another,
    // and the reading client must get each chunk, whole and in order, within 5 s of its send. Once
    // the stuck client's queue is full (a "dropped" error event names it), 16 more chunks still reach
    // the reader; sending to the stuck client alone is refused, and memory stays bounded.
    constexpr qint64 Limit = 1 << 20;
    constexpr int Chunk = 64 * 1024;
    Session server;
    EventLog log(&server);
    server.setDisplayPreviewBytes(16);
    SessionConfig config = serverConfig(loopback(false));
    config.sendQueueLimit = Limit;
    QVERIFY(startAndWait(server, config));
    const int stuck = rawConnect(loopback(false), server.localPort(), 4096);
    QVERIFY(stuck >= 0);
    QTcpSocket reader;
    reader.connectToHost(loopback(false), server.localPort());
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().connections, 2, WaitMs);
    QVERIFY(reader.waitForConnected(WaitMs));
    const QString stuckPeer = formatEndpoint(loopback(false), rawLocalPort(stuck));
    const QString readerPeer = formatEndpoint(loopback(false), reader.localPort());
    QTRY_VERIFY_WITH_TIMEOUT(connFor(server, stuckPeer) != 0 && connFor(server, readerPeer) != 0, WaitMs);
    const ConnId stuckId = connFor(server, stuckPeer);
    const ConnId readerId = connFor(server, readerPeer);

    qint64 sent = 0;
    qint64 received = 0;
    bool inOrder = true;
    auto readSome = [&] {
        const QByteArray bytes = reader.readAll();
        inOrder = inOrder && bytes == pattern(received, bytes.size());
        received += bytes.size();
        return received;
    };
    int fullAt = -1;
    for (int i = 0; i < 2000 && (fullAt < 0 || i <= fullAt + 16); ++i) {
        QVERIFY2(server.send(pattern(sent, Chunk)), qPrintable(QStringLiteral("chunk %1").arg(i)));
        sent += Chunk;
        QTRY_COMPARE_WITH_TIMEOUT(readSome(), sent, 5000);
        QVERIFY(inOrder);
        if (fullAt < 0 && log.find(EventKind::Dropped, stuckId))
            fullAt = i;
    }
    QVERIFY2(fullAt >= 0, "the stuck client's queue never filled");
    QCOMPARE(log.find(EventKind::Dropped, stuckId)->dir, Direction::Error);
    QCOMPARE(log.count(EventKind::Dropped, readerId), 0);
    QVERIFY(!server.send(pattern(0, Chunk), SendTarget::connection(stuckId)));
    for (const PeerInfo &info : server.peers())
        QVERIFY2(info.queuedBytes <= Limit, qPrintable(QString::number(info.queuedBytes)));
    QVERIFY(server.counters().queuedBytes <= Limit);

    // Closing with unread bytes resets the connection: its queue is discarded, and counted so.
    ::close(stuck);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Reset, stuckId), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().queuedBytes, qint64(0), WaitMs);
    QCOMPARE(server.counters().connections, 1);
    QVERIFY(server.send(pattern(sent, 4)));
    QTRY_COMPARE_WITH_TIMEOUT(readSome(), sent + 4, WaitMs);
    QVERIFY(inOrder);
    QVERIFY(stopAndWait(server));
}

void tst_TcpServerSlowPeers::neverReadingPeerIsBoundedAndCancellable_data()
{
    QTest::addColumn<bool>("byStop");
    QTest::newRow("cancel by disconnecting the peer") << false;
    QTest::newRow("cancel by stopping the session") << true;
}

void tst_TcpServerSlowPeers::neverReadingPeerIsBoundedAndCancellable()
{
    // The user keeps sending to a client that never reads. Precisely: sends go on until the kernel's
    // buffers and the connection's queue are full; from then on every send is refused with an error
    // event saying how many bytes wait, the queue never exceeds the limit, the peer list and the
    // counters show the waiting bytes (what the window's peer list and status bar display), and
    // accepted bytes always equal sent plus queued. Disconnecting the peer (or stopping) discards the
    // queue, says how many bytes were not sent, and leaves nothing queued.
    QFETCH(bool, byStop);
    constexpr qint64 Limit = 1 << 20;
    constexpr int Chunk = 64 * 1024;
    Session server;
    EventLog log(&server);
    server.setDisplayPreviewBytes(16);
    QSignalSpy closed(&server, &Session::peerClosed);
    SessionConfig config = serverConfig(loopback(false));
    config.sendQueueLimit = Limit;
    QVERIFY(startAndWait(server, config));
    const int stuck = rawConnect(loopback(false), server.localPort(), 4096);
    QVERIFY(stuck >= 0);
    const QString stuckPeer = formatEndpoint(loopback(false), rawLocalPort(stuck));
    QTRY_VERIFY_WITH_TIMEOUT(connFor(server, stuckPeer) != 0, WaitMs);
    const ConnId id = connFor(server, stuckPeer);

    qint64 accepted = 0;
    // Fills the queue to the brim: 64 KiB sends until refused, then 1 KiB, then single bytes.
    auto topUp = [&] {
        for (const qsizetype size : {qsizetype(Chunk), qsizetype(1024), qsizetype(1)}) {
            while (server.send(pattern(accepted, size), SendTarget::connection(id)))
                accepted += size;
        }
        return server.counters().queuedBytes;
    };
    // Full once nothing drained from the queue over three looks ~50 ms apart: the kernel's buffers
    // (which grow for a while on their own) take nothing more.
    int steady = 0;
    auto settled = [&] {
        steady = server.counters().queuedBytes == Limit ? steady + 1 : 0;
        topUp();
        return steady >= 3;
    };
    QTRY_VERIFY_WITH_TIMEOUT(settled(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(log.count(EventKind::Dropped, id) > 0, WaitMs);

    // The user keeps sending: refused every time, and nothing grows.
    const int droppedBefore = log.count(EventKind::Dropped, id);
    int refused = 0;
    for (int i = 0; i < 100; ++i) {
        topUp();
        refused += !server.send(pattern(0, Chunk), SendTarget::connection(id));
        QVERIFY(server.counters().queuedBytes <= Limit);
    }
    QCOMPARE(refused, 100);
    QVERIFY(!server.send(pattern(0, Chunk))); // to all: the only client is full
    QTRY_VERIFY_WITH_TIMEOUT(log.count(EventKind::Dropped, id) >= droppedBefore + 101, WaitMs);
    const Event *refusal = log.find(EventKind::Dropped, id);
    QCOMPARE(refusal->dir, Direction::Error);
    QVERIFY2(refusal->text.contains(QLatin1String("bytes are still waiting for this peer to read")),
        qPrintable(refusal->text));
    QCOMPARE(refusal->peer, stuckPeer);
    const qint64 queued = server.counters().queuedBytes;
    QVERIFY2(queued > 0 && queued <= Limit, qPrintable(QString::number(queued)));
    // What the peer list shows is what the session holds (read apart, so compared once both settle).
    QTRY_VERIFY_WITH_TIMEOUT(server.peers().size() == 1
            && server.peers().at(0).queuedBytes == server.counters().queuedBytes
            && server.peers().at(0).bytesOut == server.counters().bytesOut,
        WaitMs);

    // Cancel: the queue is dropped, and the close says exactly how much of it.
    if (byStop)
        QVERIFY(stopAndWait(server));
    else
        server.disconnectPeer(id);
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, WaitMs);
    QCOMPARE(closed.at(0).at(0).value<ConnId>(), id);
    QCOMPARE(closed.at(0).at(1).value<EventKind>(), EventKind::Close);
    const QString text = closed.at(0).at(2).toString();
    static const QRegularExpression notSent(QStringLiteral("\\((\\d+) bytes were not sent\\)"));
    const QRegularExpressionMatch match = notSent.match(text);
    QVERIFY2(match.hasMatch(), qPrintable(text));
    const qint64 waiting = match.captured(1).toLongLong();
    QVERIFY(waiting > 0 && waiting <= Limit);
    QCOMPARE(server.counters().queuedBytes, qint64(0));
    QCOMPARE(server.counters().connections, 0);
    QCOMPARE(server.counters().bytesOut + waiting, accepted); // every accepted byte sent or reported
    ::close(stuck);
    if (byStop)
        QVERIFY(startAndWait(server, config));
    verifyUsable(server, log);
    QVERIFY(stopAndWait(server));
}

QTEST_GUILESS_MAIN(tst_TcpServerSlowPeers)
#include "tst_tcpserverslowpeers.moc"
