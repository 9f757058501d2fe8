#include "posixsocket.h"
#include "sessiontestutil.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace sockpit;
using namespace sockpit::test;

// A TCP server session against clients in this process, on loopback: exact counters with many
// clients, stopping, the client limit, a port in use, framing, and the last bytes of fast streams. How a
// connection ends is in tst_tcpserverpeerends, the limits that keep a slow client from hurting others in
// tst_tcpserverslowpeers.
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
    void framing_data();
    void framing();
    void optionsChangeWhileRunning();
    void streamsTailArrives();
};

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

// Echo, the client limit, framing and auto-reply rules change without a restart: the open connection
// takes them at its next read, a new one starts with them.
void tst_TcpServerSession::optionsChangeWhileRunning()
{
    Session server;
    EventLog log(&server);
    SessionConfig config = serverConfig(loopback(false));
    QVERIFY(startAndWait(server, config));
    QTcpSocket client;
    client.connectToHost(loopback(false), server.localPort());
    QVERIFY(client.waitForConnected(WaitMs));
    client.write("one\ntwo\n");
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, qint64(8), WaitMs);
    // The events come in batches, after the counters.
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::In), QByteArray("one\ntwo\n"), WaitMs);
    QCOMPARE(client.bytesAvailable(), qint64(0)); // no echo

    config.echo = true;
    config.maxClients = 1;
    config.framing.kind = Framing::Kind::Delimiter;
    config.framing.delimiter = "\n";
    QVERIFY(server.setLiveOptions(config));
    QCOMPARE(server.config().echo, true);
    const qsizetype before = log.events.size();
    client.write("three\nfour\n");
    QByteArray echoed;
    QTRY_VERIFY_WITH_TIMEOUT((echoed += client.readAll()) == "three\nfour\n", WaitMs);
    // Framed by lines now: two messages from what may be one read.
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, qint64(19), WaitMs);
    QStringList messages;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            messages.clear();
            for (qsizetype i = before; i < log.events.size(); ++i) {
                if (log.events.at(i).dir == Direction::In)
                    messages << QString::fromLatin1(log.events.at(i).payload);
            }
            return messages.size() == 2;
        }(),
        WaitMs);
    QCOMPARE(messages, (QStringList {QStringLiteral("three\n"), QStringLiteral("four\n")}));

    // The limit of one holds with the open client: a second is refused.
    const int second = rawConnect(loopback(false), server.localPort());
    QVERIFY(second >= 0);
    bool eof = false;
    QCOMPARE(rawExchange(second, {}, false, INT_MAX, &eof), QByteArray());
    QVERIFY(eof);
    ::close(second);
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().refused, qint64(1), WaitMs);

    // Echo off and a rule on: only the rule answers.
    config.echo = false;
    AutoReplyRule rule;
    rule.match = AutoReplyRule::Match::Exact;
    rule.pattern = QStringLiteral("PING");
    rule.reply = QStringLiteral("PONG\\n");
    config.autoReplies = {rule};
    QVERIFY(server.setLiveOptions(config));
    client.write("PING\n");
    QByteArray answered;
    QTRY_VERIFY_WITH_TIMEOUT((answered += client.readAll()).endsWith("PONG\n"), WaitMs);
    QCOMPARE(answered, QByteArray("PONG\n")); // the echo, had it stayed on, would have come first
    QVERIFY(stopAndWait(server));
    QVERIFY(!server.setLiveOptions(config)); // not running
}

// A client that streams faster than the server reads raises the connection's receive low-water mark;
// the bytes a stream leaves under it when it pauses, with the connection still open, must arrive all
// the same, and soon. Several rounds, so that some end with a remainder under the mark.
void tst_TcpServerSession::streamsTailArrives()
{
    Session server;
    QVERIFY(startAndWait(server, serverConfig(loopback(false))));
    const int fd = rawConnect(loopback(false), server.localPort());
    QVERIFY(fd >= 0);
    const QByteArray burst(8 << 20, 'x');
    qint64 sent = 0;
    for (int round = 0; round < 8; ++round) {
        // 8 MiB in one blocking send(), then a few bytes more: no reply is awaited, nothing closes.
        for (qint64 done = 0; done < burst.size();) {
            const ssize_t n = ::send(fd, burst.constData() + done, size_t(burst.size() - done), MSG_NOSIGNAL);
            QVERIFY2(n > 0, strerror(errno));
            done += n;
        }
        const QByteArray tail = QByteArray::number(round).repeated(7 + round * 1000);
        QCOMPARE(::send(fd, tail.constData(), size_t(tail.size()), MSG_NOSIGNAL), ssize_t(tail.size()));
        sent += burst.size() + tail.size();
        QElapsedTimer clock;
        clock.start();
        QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, sent, WaitMs);
        // Two checks of the mark at most, and room for a loaded machine.
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    }
    ::close(fd);
    QVERIFY(stopAndWait(server));
}

QTEST_GUILESS_MAIN(tst_TcpServerSession)
#include "tst_tcpserversession.moc"
