#include "sessiontestutil.h"

#include <QElapsedTimer>
#include <QRegularExpression>

#include <cerrno>

#include <netinet/in.h>

using namespace sockpit;
using namespace sockpit::test;

// ICMP echo sessions on loopback: replies decoded and timed, the session ending by itself after its
// count, running until stopped with count 0, and a payload of the user's own.
class tst_IcmpSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void repliesAreDecoded();
    void runsUntilStoppedWithCountZero();
    void intervalIsWaitedInFull();
    void sendsUserPayload();
    void ipv6HostIsRefused();
};

namespace {

SessionConfig pingConfig(const QString &host, int count)
{
    SessionConfig config;
    config.mode = SessionMode::Icmp;
    config.host = host;
    config.pingCount = count;
    config.pingIntervalMs = 20;
    config.pingTimeoutMs = WaitMs;
    return config;
}

QStringList replies(const EventLog &log)
{
    QStringList texts;
    for (const Event &e : log.events) {
        if (e.kind == EventKind::Reply)
            texts << e.text;
    }
    return texts;
}

} // namespace

void tst_IcmpSession::initTestCase()
{
    const int fd = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
    if (fd < 0)
        QSKIP(qPrintable(QStringLiteral("a raw ICMP socket needs root or CAP_NET_RAW, which this process "
                                        "does not have (%1)")
                             .arg(QString::fromLocal8Bit(strerror(errno)))));
    ::close(fd);
}

void tst_IcmpSession::repliesAreDecoded()
{
    Session session;
    EventLog log(&session);
    QSignalSpy stopped(&session, &Session::stopped);
    SessionConfig config = pingConfig(QStringLiteral("127.0.0.1"), 3);
    config.pingPayloadSize = 100;
    QVERIFY(startAndWait(session, config));
    QCOMPARE(session.name(), QStringLiteral("icmp 127.0.0.1"));
    // Three replies, then the session ends on its own.
    QVERIFY(stopped.wait(WaitMs));
    const QStringList texts = replies(log);
    QCOMPARE(texts.size(), 3);
    static const QRegularExpression line(
        QStringLiteral("^108 bytes from 127\\.0\\.0\\.1: icmp_seq=(\\d) ttl=64 time=\\d+\\.\\d{3} ms \u00b7 "
                       "IPv4 len 128 ttl 64 127\\.0\\.0\\.1 > 127\\.0\\.0\\.1 \u00b7 ICMP type 0 \\(echo "
                       "reply\\) code 0 id 0x[0-9a-f]{4} seq (\\d) checksum 0x[0-9a-f]{4} ok$"));
    for (int i = 0; i < 3; ++i) {
        const auto match = line.match(texts.at(i));
        QVERIFY2(match.hasMatch(), qPrintable(texts.at(i)));
        QCOMPARE(match.captured(1).toInt(), i + 1);
        QCOMPARE(match.captured(2).toInt(), i + 1);
    }
    QCOMPARE(session.counters().messagesOut, qint64(3));
    QCOMPARE(session.counters().messagesIn, qint64(3));
    QCOMPARE(session.counters().bytesOut, qint64(3 * 108));
    QCOMPARE(session.counters().bytesIn, qint64(3 * 128));
    const Event *summary = log.find(EventKind::Stop);
    QVERIFY(summary);
    QVERIFY2(summary->text.startsWith(QStringLiteral("127.0.0.1: 3 sent, 3 received, 0% lost, round trip")),
        qPrintable(summary->text));
    // The raw bytes as data events: requests out, replies (with their IP header) in.
    int in = 0;
    for (const Event &e : std::as_const(log.events)) {
        if (e.dir == Direction::In) {
            ++in;
            QCOMPARE(e.len, qint64(128));
            QCOMPARE(quint8(e.payload.at(0)), quint8(0x45));
        }
    }
    QCOMPARE(in, 3);
    QVERIFY(!log.find(EventKind::Timeout));
}

void tst_IcmpSession::runsUntilStoppedWithCountZero()
{
    Session session;
    EventLog log(&session);
    QVERIFY(startAndWait(session, pingConfig(QStringLiteral("127.0.0.1"), 0)));
    QTRY_VERIFY_WITH_TIMEOUT(session.counters().messagesIn >= 5, WaitMs);
    QCOMPARE(session.state(), Session::State::Running);
    QVERIFY(stopAndWait(session));
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Stop), WaitMs);
}

void tst_IcmpSession::intervalIsWaitedInFull()
{
    // Three requests 200 ms apart: the last goes no sooner than 400 ms after the first (a coarse
    // timer would send each up to 5 % early).
    Session session;
    QSignalSpy stopped(&session, &Session::stopped);
    SessionConfig config = pingConfig(QStringLiteral("127.0.0.1"), 3);
    config.pingIntervalMs = 200;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(startAndWait(session, config));
    QVERIFY(stopped.wait(WaitMs));
    QCOMPARE(session.counters().messagesOut, qint64(3));
    QVERIFY2(clock.elapsed() >= 400, qPrintable(QString::number(clock.elapsed())));
}

void tst_IcmpSession::sendsUserPayload()
{
    Session session;
    EventLog log(&session);
    SessionConfig config = pingConfig(QStringLiteral("localhost"), 0);
    config.pingIntervalMs = 3600000; // only the first automatic request within the test
    QVERIFY(startAndWait(session, config));
    QTRY_COMPARE_WITH_TIMEOUT(session.counters().messagesIn, qint64(1), WaitMs);
    QVERIFY(session.send("from the composer"));
    QTRY_COMPARE_WITH_TIMEOUT(session.counters().messagesIn, qint64(2), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(replies(log).size(), 2, WaitMs);
    const QStringList texts = replies(log);
    QVERIFY2(texts.at(1).startsWith(QStringLiteral("25 bytes from 127.0.0.1: icmp_seq=2 ")),
        qPrintable(texts.at(1)));
    QTRY_VERIFY_WITH_TIMEOUT(log.payload(Direction::In).endsWith("from the composer"), WaitMs);
    QVERIFY(stopAndWait(session));
}

void tst_IcmpSession::ipv6HostIsRefused()
{
    Session session;
    QSignalSpy failed(&session, &Session::failed);
    session.start(pingConfig(QStringLiteral("::1"), 1));
    QVERIFY(failed.wait(WaitMs));
    QCOMPARE(failed.at(0).at(0).toString(),
        QStringLiteral("'::1' has no IPv4 address: ICMP echo here is IPv4 only"));
}

QTEST_GUILESS_MAIN(tst_IcmpSession)
#include "tst_icmpsession.moc"
