#include "posixsocket.h"
#include "sessiontestutil.h"

#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace sockpit;
using namespace sockpit::test;

// A TCP server session against clients in this process, on loopback: exact counters with many
// clients, every way a connection can end, and the limits that keep one client from hurting others.
Q_DECLARE_METATYPE(sockpit::Framing)

class tst_TcpServerSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void manyClients_data();
    void manyClients();
    void stopClosesClients();
    void maxClients();
    void portInUse_data();
    void portInUse();
    void peerReset_data();
    void peerReset();
    void peerClose_data();
    void peerClose();
    void halfCloseEchoReturnsEverything_data();
    void halfCloseEchoReturnsEverything();
    void slowReaderDoesNotStallOthers();
    void framing_data();
    void framing();
    void neverReadingPeerIsBoundedAndCancellable_data();
    void neverReadingPeerIsBoundedAndCancellable();
    void resetDuringTransfer_data();
    void resetDuringTransfer();
    void silentPeer();
};

namespace {

void addAddressRows()
{
    QTest::addColumn<bool>("v6");
    QTest::newRow("ipv4") << false;
    QTest::newRow("ipv6") << true;
}

} // namespace

void tst_TcpServerSession::initTestCase()
{
    QVERIFY(raiseOpenFileLimit() >= 1024);
}

void tst_TcpServerSession::manyClients_data()
{
    QTest::addColumn<bool>("v6");
    QTest::addColumn<int>("clients");
    QTest::newRow("ipv4, 200 clients") << false << 200;
    QTest::newRow("ipv6, 50 clients") << true << 50;
}

void tst_TcpServerSession::manyClients()
{
    QFETCH(bool, v6);
    QFETCH(int, clients);
    Session server;
    QVERIFY(startAndWait(server, serverConfig(loopback(v6))));

    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < clients; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        sockets.back()->connectToHost(loopback(v6), server.localPort());
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().connections, clients, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(sockets.begin(), sockets.end(),
                                 [](const auto &s) { return s->state() == QAbstractSocket::ConnectedState; }),
        WaitMs);

    // Client i sends a message of its own length; the server answers each one alone, then all.
    QHash<QString, QByteArray> sentBy;
    QHash<QString, QByteArray> replyTo;
    qint64 totalIn = 0;
    for (int i = 0; i < clients; ++i) {
        const QByteArray message = "client " + QByteArray::number(i) + ':' + QByteArray(i % 37, 'x') + '\n';
        const QString peer = formatEndpoint(loopback(v6), sockets[size_t(i)]->localPort());
        sentBy.insert(peer, message);
        replyTo.insert(peer, "reply to " + peer.toUtf8() + '\n');
        QCOMPARE(sockets[size_t(i)]->write(message), qint64(message.size()));
        totalIn += message.size();
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, totalIn, WaitMs);
    QCOMPARE(server.counters().messagesIn, qint64(clients));
    QCOMPARE(server.counters().accepted, qint64(clients));

    const QVector<PeerInfo> peers = server.peers();
    QCOMPARE(peers.size(), clients);
    qint64 totalOut = 0;
    for (const PeerInfo &info : peers) {
        QVERIFY2(sentBy.contains(info.peer), qPrintable(info.peer));
        QCOMPARE(info.bytesIn, qint64(sentBy.value(info.peer).size()));
        QVERIFY(server.send(replyTo.value(info.peer), SendTarget::connection(info.id)));
        totalOut += replyTo.value(info.peer).size();
    }
    QVERIFY(server.send("to all\n"));
    totalOut += qint64(clients) * 7;

    std::vector<QByteArray> received(static_cast<size_t>(clients));
    auto allReceived = [&] {
        bool done = true;
        for (int i = 0; i < clients; ++i) {
            received[size_t(i)] += sockets[size_t(i)]->readAll();
            const QString peer = formatEndpoint(loopback(v6), sockets[size_t(i)]->localPort());
            done = done && received[size_t(i)].size() >= replyTo.value(peer).size() + 7;
        }
        return done;
    };
    QTRY_VERIFY_WITH_TIMEOUT(allReceived(), WaitMs);
    for (int i = 0; i < clients; ++i) {
        const QString peer = formatEndpoint(loopback(v6), sockets[size_t(i)]->localPort());
        QCOMPARE(received[size_t(i)], QByteArray(replyTo.value(peer) + "to all\n"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesOut, totalOut, WaitMs);
    QCOMPARE(server.counters().messagesOut, qint64(2 * clients));
    QCOMPARE(server.counters().queuedBytes, qint64(0));
    for (const PeerInfo &info : server.peers())
        QCOMPARE(info.bytesOut, qint64(replyTo.value(info.peer).size() + 7));
    QVERIFY(stopAndWait(server));
}

void tst_TcpServerSession::stopClosesClients()
{
    Session server;
    QSignalSpy closed(&server, &Session::peerClosed);
    QVERIFY(startAndWait(server, serverConfig(loopback(false))));

    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    std::vector<std::unique_ptr<QSignalSpy>> gone;
    for (int i = 0; i < 3; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        gone.push_back(std::make_unique<QSignalSpy>(sockets.back().get(), &QTcpSocket::disconnected));
        sockets.back()->connectToHost(loopback(false), server.localPort());
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().connections, 3, WaitMs);
    const quint16 port = server.localPort();

    QVERIFY(stopAndWait(server));
    for (const auto &spy : gone)
        QTRY_COMPARE_WITH_TIMEOUT(spy->count(), 1, WaitMs);
    QCOMPARE(closed.count(), 3);
    QCOMPARE(server.counters().connections, 0);
    QVERIFY(server.peers().isEmpty());

    // The server closed first, so its port has connections in TIME_WAIT: it must listen there again.
    SessionConfig again = serverConfig(loopback(false));
    again.bindPort = port;
    EventLog log(&server);
    QVERIFY2(startAndWait(server, again), log.dump().constData());
    QCOMPARE(server.localPort(), port);
    verifyUsable(server, log);
    QVERIFY(stopAndWait(server));
}

void tst_TcpServerSession::maxClients()
{
    Session server;
    EventLog log(&server);
    SessionConfig config = serverConfig(loopback(false));
    config.maxClients = 2;
    QVERIFY(startAndWait(server, config));
    QTcpSocket first;
    QTcpSocket second;
    first.connectToHost(loopback(false), server.localPort());
    second.connectToHost(loopback(false), server.localPort());
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().accepted, qint64(2), WaitMs);

    // The third is accepted and closed at once: a FIN before any byte.
    const int third = rawConnect(loopback(false), server.localPort());
    QVERIFY(third >= 0);
    bool eof = false;
    QCOMPARE(rawExchange(third, {}, false, INT_MAX, &eof), QByteArray());
    QVERIFY(eof);
    const QString thirdPeer = formatEndpoint(loopback(false), rawLocalPort(third));
    ::close(third);
    QCOMPARE(server.counters().refused, qint64(1));
    QCOMPARE(server.counters().accepted, qint64(2));
    QCOMPARE(server.counters().connections, 2);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Refused), WaitMs);
    QCOMPARE(log.find(EventKind::Refused)->peer, thirdPeer);
    QCOMPARE(connFor(server, thirdPeer), ConnId(0));

    // The first two still talk both ways.
    QTRY_COMPARE_WITH_TIMEOUT(server.peers().size(), 2, WaitMs);
    QVERIFY(server.send("both"));
    QByteArray a;
    QByteArray b;
    QTRY_VERIFY_WITH_TIMEOUT((a += first.readAll()) == "both" && (b += second.readAll()) == "both", WaitMs);
    first.write("12345");
    second.write("678");
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, qint64(8), WaitMs);
    QCOMPARE(server.counters().refused, qint64(1));
    QVERIFY(stopAndWait(server));
}

void tst_TcpServerSession::portInUse_data()
{
    addAddressRows();
}

void tst_TcpServerSession::portInUse()
{
    QFETCH(bool, v6);
    Session first;
    EventLog firstLog(&first);
    QVERIFY(startAndWait(first, serverConfig(loopback(v6))));

    Session second;
    EventLog log(&second);
    QSignalSpy failed(&second, &Session::failed);
    QSignalSpy stopped(&second, &Session::stopped);
    SessionConfig config = serverConfig(loopback(v6));
    config.bindPort = first.localPort();
    second.start(config);
    QVERIFY(failed.wait(WaitMs));
    const QString endpoint = formatEndpoint(loopback(v6), first.localPort());
    const QString reason = failed.at(0).at(0).toString();
    QVERIFY2(reason.contains(endpoint), qPrintable(reason));
    QTRY_COMPARE_WITH_TIMEOUT(second.state(), Session::State::Idle, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!log.events.isEmpty(), WaitMs);
    const Event &error = log.events.constLast();
    QCOMPARE(error.dir, Direction::Error);
    QVERIFY2(error.text.contains(endpoint), qPrintable(error.text));

    // Startable again, and the first server is untouched.
    QVERIFY(startAndWait(second, serverConfig(loopback(v6))));
    QVERIFY(second.localPort() != first.localPort());
    verifyUsable(first, firstLog);
    QVERIFY(stopAndWait(second));
    QVERIFY(stopAndWait(first));
}

void tst_TcpServerSession::peerReset_data()
{
    addAddressRows();
}

void tst_TcpServerSession::peerReset()
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

void tst_TcpServerSession::peerClose_data()
{
    QTest::addColumn<bool>("v6");
    QTest::addColumn<bool>("closeAfterPeerFinish");
    QTest::newRow("ipv4, server answers then shuts down") << false << false;
    QTest::newRow("ipv6, server answers then shuts down") << true << false;
    QTest::newRow("ipv4, close after peer finish") << false << true;
}

void tst_TcpServerSession::peerClose()
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

void tst_TcpServerSession::halfCloseEchoReturnsEverything_data()
{
    QTest::addColumn<bool>("v6");
    QTest::addColumn<int>("size");
    QTest::newRow("ipv4, 1 byte") << false << 1;
    QTest::newRow("ipv4, 100 kB") << false << 100000;
    QTest::newRow("ipv6, 100 kB") << true << 100000;
    QTest::newRow("ipv4, 12 MiB, over the queue limit") << false << (12 << 20);
}

void tst_TcpServerSession::halfCloseEchoReturnsEverything()
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

void tst_TcpServerSession::slowReaderDoesNotStallOthers()
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

void tst_TcpServerSession::framing_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QByteArrayList>("writes"); // each one waited for before the next
    QTest::addColumn<QByteArrayList>("messages");
    QTest::addColumn<int>("cuts");

    Framing lines;
    lines.kind = Framing::Kind::Delimiter;
    lines.delimiter = "\n";
    QTest::newRow("lines") << lines << QByteArrayList {"one\ntw", "o\nthr", "ee\n"}
                           << QByteArrayList {"one\n", "two\n", "three\n"} << 0;
    QTest::newRow("unfinished line at the peer's FIN")
        << lines << QByteArrayList {"a\nta", "il"} << QByteArrayList {"a\n", "tail"} << 0;
    Framing prefixed;
    prefixed.kind = Framing::Kind::LengthPrefix;
    prefixed.prefixSize = 2;
    QTest::newRow("2-byte length") << prefixed
                                   << QByteArrayList {QByteArray("\x00\x03"
                                                                 "ab",
                                                          4),
                                          QByteArray("c\x00", 2), "\x01z"}
                                   << QByteArrayList {QByteArray("\x00\x03"
                                                                 "abc",
                                                          5),
                                          QByteArray("\x00\x01"
                                                     "z",
                                              3)}
                                   << 0;
    Framing capped = lines;
    capped.maxFrame = 4;
    QTest::newRow("cut at the maximum") << capped << QByteArrayList {"abcdefgh", "ij\nok\n"}
                                        << QByteArrayList {"abcd", "efgh", "ij\n", "ok\n"} << 1;
    Framing gap;
    gap.kind = Framing::Kind::IdleGap;
    gap.idleGapMs = 30;
    QTest::newRow("idle gap") << gap << QByteArrayList {"abc", "de"} << QByteArrayList {"abc", "de"} << 0;
}

// A session's framing turns the chunks reads return into the peer's messages, in the events the log
// and the recording get, whatever the reads' boundaries; the byte counters stay exact.
void tst_TcpServerSession::framing()
{
    QFETCH(Framing, framing);
    QFETCH(QByteArrayList, writes);
    QFETCH(QByteArrayList, messages);
    QFETCH(int, cuts);
    Session server;
    EventLog log(&server);
    SessionConfig config = serverConfig(loopback(false));
    config.framing = framing;
    QVERIFY(startAndWait(server, config));
    QTcpSocket client;
    client.connectToHost(loopback(false), server.localPort());
    QVERIFY(client.waitForConnected(WaitMs));
    qint64 sent = 0;
    QByteArray all;
    for (const QByteArray &bytes : writes) {
        client.write(bytes);
        sent += bytes.size();
        all += bytes;
        QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, sent, WaitMs);
        if (framing.kind == Framing::Kind::IdleGap) // each write is a message of its own after the gap
            QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::In), all, WaitMs);
    }
    client.disconnectFromHost(); // FIN: an unfinished message is shown as it is
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::HalfClose) != nullptr, WaitMs);
    QByteArrayList got;
    int lastMessage = -1;
    for (int i = 0; i < log.events.size(); ++i) {
        if (log.events.at(i).dir == Direction::In) {
            got << log.events.at(i).payload;
            lastMessage = i;
        }
    }
    QCOMPARE(got, messages);
    QCOMPARE(log.count(EventKind::Cut), cuts);
    QVERIFY(lastMessage < log.indexOf(EventKind::HalfClose)); // the unfinished message comes before the FIN
    QVERIFY(stopAndWait(server));
}

void tst_TcpServerSession::neverReadingPeerIsBoundedAndCancellable_data()
{
    QTest::addColumn<bool>("byStop");
    QTest::newRow("cancel by disconnecting the peer") << false;
    QTest::newRow("cancel by stopping the session") << true;
}

void tst_TcpServerSession::neverReadingPeerIsBoundedAndCancellable()
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

void tst_TcpServerSession::resetDuringTransfer_data()
{
    QTest::addColumn<bool>("serverSending");
    QTest::newRow("reset while the server sends") << true;
    QTest::newRow("reset while the client sends") << false;
}

void tst_TcpServerSession::resetDuringTransfer()
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

void tst_TcpServerSession::silentPeer()
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

QTEST_GUILESS_MAIN(tst_TcpServerSession)
#include "tst_tcpserversession.moc"
