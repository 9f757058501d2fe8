// Auto-reply rules in running sessions over loopback: a TCP server answers each framed message that
// matches, a UDP socket answers datagrams, a delay is honoured, and replies show as out events.

#include "autoreply.h"
#include "sessiontestutil.h"

#include <QElapsedTimer>
#include <QNetworkDatagram>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUdpSocket>

using namespace sockpit;
using namespace sockpit::test;
using Match = AutoReplyRule::Match;
using Reply = AutoReplyRule::Reply;

namespace {
AutoReplyRule rule(
    Match match, const QString &pattern, const QString &reply, Reply kind = Reply::Text, int delayMs = 0)
{
    AutoReplyRule r;
    r.match = match;
    r.pattern = pattern;
    r.reply = reply;
    r.replyKind = kind;
    r.delayMs = delayMs;
    return r;
}

AutoReplyRules deviceRules()
{
    return {
        rule(Match::Exact, QStringLiteral("PING"), QStringLiteral("PONG\\r\\n")),
        rule(Match::Regex, QStringLiteral("^id=\\d+"), QStringLiteral("ID OK\\n")),
        rule(Match::Hex, QStringLiteral("01 03 ?? ??"), QStringLiteral("01 83 02"), Reply::Hex),
    };
}
} // namespace

class tst_AutoReplySession : public QObject
{
    Q_OBJECT
private slots:
    void tcpServerAnswersEachFrame_data();
    void tcpServerAnswersEachFrame();
    void tcpClientAnswersServer();
    void delayIsHonoured();
    void udpAnswersSender();
};

void tst_AutoReplySession::tcpServerAnswersEachFrame_data()
{
    QTest::addColumn<bool>("v6");
    QTest::newRow("IPv4") << false;
    QTest::newRow("IPv6") << true;
}

void tst_AutoReplySession::tcpServerAnswersEachFrame()
{
    QFETCH(bool, v6);
    Session server;
    EventLog log(&server);
    SessionConfig config = serverConfig(loopback(v6));
    config.framing.kind = Framing::Kind::Delimiter;
    config.framing.delimiter = "\n";
    config.autoReplies = deviceRules();
    QCOMPARE(AutoReplier::validate(config.autoReplies), QString());
    if (!startAndWait(server, config)) {
        if (v6)
            QSKIP("no IPv6 loopback here");
        QFAIL(log.dump().constData());
    }
    QTcpSocket client;
    client.connectToHost(loopback(v6), server.localPort());
    QVERIFY(client.waitForConnected(WaitMs));
    // One write holding four messages: each is matched on its own, in order; one matches nothing.
    client.write(QByteArray("PING\nid=42\nnothing here\n\x01\x03\x00\x10\n", 29));
    const QByteArray expected("PONG\r\nID OK\n\x01\x83\x02", 15);
    QByteArray received;
    QTRY_COMPARE_WITH_TIMEOUT(received += client.readAll(), expected, WaitMs);
    // The replies are out events in the log, one per answer.
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::Out), expected, WaitMs);
    QCOMPARE(server.counters().messagesOut, qint64(3));
    QVERIFY(stopAndWait(server));
}

void tst_AutoReplySession::tcpClientAnswersServer()
{
    QTcpServer listener;
    QVERIFY(listener.listen(loopback(false), 0));
    Session client;
    EventLog log(&client);
    SessionConfig config = clientConfig(loopback(false), listener.serverPort());
    config.autoReplies = {rule(Match::Prefix, QStringLiteral("HELLO"), QStringLiteral("LOGIN admin\\n"))};
    QVERIFY(startAndWait(client, config));
    QTRY_VERIFY_WITH_TIMEOUT(listener.hasPendingConnections(), WaitMs);
    QTcpSocket *peer = listener.nextPendingConnection();
    peer->write("HELLO device 7\r\n");
    QByteArray received;
    QTRY_COMPARE_WITH_TIMEOUT(received += peer->readAll(), QByteArray("LOGIN admin\n"), WaitMs);
    // A message that matches no rule gets no answer; the next matching one does.
    peer->write("other\n");
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().bytesIn, qint64(22), WaitMs);
    peer->write("HELLO again");
    QTRY_COMPARE_WITH_TIMEOUT(received += peer->readAll(), QByteArray("LOGIN admin\nLOGIN admin\n"), WaitMs);
    QVERIFY(stopAndWait(client));
}

void tst_AutoReplySession::delayIsHonoured()
{
    constexpr int DelayMs = 300;
    Session server;
    EventLog log(&server);
    SessionConfig config = serverConfig(loopback(false));
    config.autoReplies
        = {rule(Match::Contains, QStringLiteral("slow"), QStringLiteral("late"), Reply::Text, DelayMs),
            rule(Match::Contains, QStringLiteral("fast"), QStringLiteral("now"))};
    QVERIFY(startAndWait(server, config));
    QTcpSocket client;
    client.connectToHost(loopback(false), server.localPort());
    QVERIFY(client.waitForConnected(WaitMs));

    QElapsedTimer clock;
    clock.start();
    client.write("slow");
    QByteArray received;
    QTRY_COMPARE_WITH_TIMEOUT(received += client.readAll(), QByteArray("late"), WaitMs);
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(elapsed >= DelayMs, qPrintable(QString::number(elapsed)));

    // A rule without delay answers at once: well before the delayed one would.
    received.clear();
    clock.restart();
    client.write("fast");
    QTRY_COMPARE_WITH_TIMEOUT(received += client.readAll(), QByteArray("now"), WaitMs);
    QVERIFY2(clock.elapsed() < DelayMs, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(stopAndWait(server));
}

void tst_AutoReplySession::udpAnswersSender()
{
    Session udp;
    EventLog log(&udp);
    SessionConfig config = udpConfig(loopback(false));
    config.autoReplies = deviceRules();
    QVERIFY(startAndWait(udp, config));
    QUdpSocket a;
    QUdpSocket b;
    QVERIFY(a.bind(loopback(false), 0));
    QVERIFY(b.bind(loopback(false), 0));
    a.writeDatagram(QByteArray("\x01\x03\x00\x01", 4), loopback(false), udp.localPort());
    b.writeDatagram("PING\n", loopback(false), udp.localPort());
    QTRY_VERIFY_WITH_TIMEOUT(a.hasPendingDatagrams() && b.hasPendingDatagrams(), WaitMs);
    QCOMPARE(a.receiveDatagram().data(), QByteArray("\x01\x83\x02", 3)); // each answer to its own sender
    QCOMPARE(b.receiveDatagram().data(), QByteArray("PONG\r\n"));
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::Out).size(), qsizetype(9), WaitMs);
    QVERIFY(stopAndWait(udp));
}

QTEST_GUILESS_MAIN(tst_AutoReplySession)
#include "tst_autoreplysession.moc"
