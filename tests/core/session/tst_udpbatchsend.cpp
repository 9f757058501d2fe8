#include "netnstestutil.h"
#include "sessiontestutil.h"

#include <QTest>

#include <cerrno>
#include <cstring>

#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace sockpit;
using namespace sockpit::test;

// Many datagrams handed to a UDP session at once (SessionFeed::sendBatch, what a sender nothing paces
// does): a run of one size goes to the kernel as one send that it cuts into datagrams (UDP_SEGMENT);
// every datagram still arrives on its own, whole and in order, and is counted as its own send.
class tst_UdpBatchSend : public QObject
{
    Q_OBJECT

private slots:
    void equalDatagramsGoAsOneSend_data();
    void equalDatagramsGoAsOneSend();
    void eachArrivesAsItsOwnDatagram_data();
    void eachArrivesAsItsOwnDatagram();
    void segmentLongerThanTheRouteTakes();
    void segmentLimitIsPerDestination();
};

namespace {

// A plain UDP socket bound to `address` (loopback unless given), non-blocking; with `gro`, it takes a
// datagram the sender had the kernel cut (UDP_SEGMENT) as one read, the segment size beside it
// (UDP_GRO).
class RawReceiver
{
public:
    RawReceiver(bool v6, bool gro)
        : RawReceiver(loopback(v6), gro)
    { }
    RawReceiver(const QHostAddress &address, bool gro)
    {
        const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
        m_fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_storage storage {};
        socklen_t length = 0;
        if (v6) {
            auto *a = reinterpret_cast<sockaddr_in6 *>(&storage);
            a->sin6_family = AF_INET6;
            const Q_IPV6ADDR bytes = address.toIPv6Address();
            std::memcpy(&a->sin6_addr, &bytes, sizeof(a->sin6_addr));
            length = sizeof(sockaddr_in6);
        } else {
            auto *a = reinterpret_cast<sockaddr_in *>(&storage);
            a->sin_family = AF_INET;
            a->sin_addr.s_addr = htonl(address.toIPv4Address());
            length = sizeof(sockaddr_in);
        }
        const int on = 1;
        const int room = 1 << 20; // the kernel grants up to twice net.core.rmem_max: 416 KiB by default
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &room, sizeof(room));
        m_ok = m_fd >= 0 && ::bind(m_fd, reinterpret_cast<sockaddr *>(&storage), length) == 0
            && (!gro || ::setsockopt(m_fd, SOL_UDP, UDP_GRO, &on, sizeof(on)) == 0);
        m_port = m_ok ? rawLocalPort(m_fd) : 0;
    }
    ~RawReceiver()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    RawReceiver(const RawReceiver &) = delete;
    RawReceiver &operator=(const RawReceiver &) = delete;

    bool isValid() const { return m_ok; }
    quint16 port() const { return m_port; }

    // Reads every datagram waiting; returns how many have arrived in all.
    qsizetype readWaiting()
    {
        for (;;) {
            QByteArray bytes(70000, Qt::Uninitialized);
            iovec vector {bytes.data(), size_t(bytes.size())};
            alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
            msghdr message {};
            message.msg_iov = &vector;
            message.msg_iovlen = 1;
            message.msg_control = control;
            message.msg_controllen = sizeof(control);
            const ssize_t n = ::recvmsg(m_fd, &message, 0);
            if (n < 0)
                return datagrams.size();
            bytes.truncate(n);
            int segment = 0;
            for (cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
                if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO)
                    std::memcpy(&segment, CMSG_DATA(c), sizeof(segment));
            }
            datagrams << bytes;
            segments << segment;
        }
    }

    QVector<QByteArray> datagrams;
    QVector<int> segments; // the segment size the kernel gave beside each read (UDP_GRO), or 0

private:
    int m_fd = -1;
    bool m_ok = false;
    quint16 m_port = 0;
};

qint64 totalSize(const QVector<QByteArray> &pieces)
{
    qint64 total = 0;
    for (const QByteArray &piece : pieces)
        total += piece.size();
    return total;
}

} // namespace

void tst_UdpBatchSend::equalDatagramsGoAsOneSend_data()
{
    addAddressRows();
}

void tst_UdpBatchSend::equalDatagramsGoAsOneSend()
{
    // A receiver that accepts cut datagrams whole sees what the sender did: 64 datagrams of 32 bytes
    // went as one send of 2,048 bytes cut every 32. (Sent one by one, they would be 64 reads.)
    QFETCH(bool, v6);
    RawReceiver receiver(v6, true);
    QVERIFY(receiver.isValid());
    Session sender;
    sender.setDisplayDataEvents(false);
    QVERIFY(startAndWait(sender, udpConfig(loopback(v6))));
    QVector<QByteArray> pieces;
    for (int i = 0; i < 64; ++i)
        pieces << pattern(i * 32, 32);

    QVERIFY(sender.feed().sendBatch(pieces, SendTarget::to(loopback(v6), receiver.port())));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.readWaiting(), qsizetype(1), WaitMs);
    QCOMPARE(receiver.datagrams.constFirst().size(), qsizetype(64 * 32));
    QCOMPARE(receiver.segments.constFirst(), 32);
    QVERIFY(receiver.datagrams.constFirst() == pattern(0, 64 * 32));
    QTRY_COMPARE_WITH_TIMEOUT(sender.counters().messagesOut, qint64(64), WaitMs);
    QCOMPARE(sender.counters().bytesOut, qint64(64 * 32));
    QCOMPARE(sender.counters().queuedBytes, qint64(0));
    QVERIFY(stopAndWait(sender));
}

void tst_UdpBatchSend::eachArrivesAsItsOwnDatagram_data()
{
    addAddressRows();
}

void tst_UdpBatchSend::eachArrivesAsItsOwnDatagram()
{
    // Runs of one size longer than one send takes, sizes that change, an empty datagram and a long
    // one, in one batch: a plain receiver reads each datagram on its own, in order. (The batch fits
    // in the receiver's socket buffer: loopback drops what does not.)
    QFETCH(bool, v6);
    RawReceiver receiver(v6, false);
    QVERIFY(receiver.isValid());
    Session sender;
    sender.setDisplayDataEvents(false);
    QVERIFY(startAndWait(sender, udpConfig(loopback(v6))));
    QVector<QByteArray> pieces;
    qint64 offset = 0;
    const auto add = [&](int count, qsizetype size) {
        for (int i = 0; i < count; ++i) {
            pieces << pattern(offset, size);
            offset += size + 1;
        }
    };
    add(70, 7); // a run longer than one send's 64 datagrams
    add(3, 1000);
    add(1, 0);
    add(2, 1200);
    add(1, 1199); // shorter than the run before it: a run of its own
    add(1, 20000); // too long to go with another in one send
    add(40, 1600); // a run one send cannot carry whole (more than 65,000 bytes)

    QVERIFY(sender.feed().sendBatch(pieces, SendTarget::to(loopback(v6), receiver.port())));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.readWaiting(), pieces.size(), WaitMs);
    QCOMPARE(receiver.datagrams.size(), pieces.size());
    for (qsizetype i = 0; i < pieces.size(); ++i)
        QVERIFY2(receiver.datagrams.at(i) == pieces.at(i), QByteArray::number(i).constData());
    QTRY_COMPARE_WITH_TIMEOUT(sender.counters().messagesOut, qint64(pieces.size()), WaitMs);
    QCOMPARE(sender.counters().bytesOut, totalSize(pieces));
    QCOMPARE(sender.counters().queuedBytes, qint64(0));
    QVERIFY(stopAndWait(sender));
}

void tst_UdpBatchSend::segmentLongerThanTheRouteTakes()
{
    // A route whose MTU is shorter than the datagrams: the kernel refuses to cut them (EINVAL), and
    // they go one by one instead (each fragmented and put together again on the way), whole and
    // counted; shorter datagrams on the same socket are still cut by the kernel. The route is a
    // loopback with an MTU of 1,280 bytes, in a network namespace of the test's own.
    SOCKPIT_RUN_IN_NETWORK_NAMESPACE("a route with a small MTU");
    const QString error
        = ipCommands({QStringLiteral("link set lo mtu 1280"), QStringLiteral("link set lo up")});
    QVERIFY2(error.isEmpty(), qPrintable(error));

    for (const bool v6 : {false, true}) {
        RawReceiver receiver(v6, true);
        QVERIFY(receiver.isValid());
        Session sender;
        sender.setDisplayDataEvents(false);
        QVERIFY(startAndWait(sender, udpConfig(loopback(v6))));
        const SendTarget target = SendTarget::to(loopback(v6), receiver.port());

        QVector<QByteArray> longOnes;
        for (int i = 0; i < 8; ++i)
            longOnes << pattern(i * 1300, 1300);
        QVERIFY(sender.feed().sendBatch(longOnes, target));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.readWaiting(), longOnes.size(), WaitMs);
        QVERIFY(receiver.datagrams == longOnes);
        QTRY_COMPARE_WITH_TIMEOUT(sender.counters().messagesOut, qint64(8), WaitMs);

        // The refusal lowered the longest size cut, and did not turn cutting off.
        receiver.datagrams.clear();
        receiver.segments.clear();
        QVector<QByteArray> shortOnes;
        for (int i = 0; i < 16; ++i)
            shortOnes << pattern(i * 100, 100);
        QVERIFY(sender.feed().sendBatch(shortOnes, target));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.readWaiting(), qsizetype(1), WaitMs);
        QCOMPARE(receiver.segments.constFirst(), 100);
        QVERIFY(receiver.datagrams.constFirst() == pattern(0, 1600));

        QTRY_COMPARE_WITH_TIMEOUT(sender.counters().messagesOut, qint64(24), WaitMs);
        QCOMPARE(sender.counters().bytesOut, qint64(8 * 1300 + 16 * 100));
        QCOMPARE(sender.counters().queuedBytes, qint64(0));
        QVERIFY(stopAndWait(sender));
    }
}

void tst_UdpBatchSend::segmentLimitIsPerDestination()
{
    // One session sends to two addresses of this machine whose routes differ: one with an MTU of 1,280
    // bytes, one with loopback's 65,536. The first refuses to have 1,300-byte datagrams cut; the second
    // still takes them cut, from the same socket. In a network namespace of the test's own.
    SOCKPIT_RUN_IN_NETWORK_NAMESPACE("routes with different MTUs");
    QString error = ipCommands({QStringLiteral("link set lo up"),
        QStringLiteral("route add local 127.0.0.2/32 dev lo mtu lock 1280 table local"),
        QStringLiteral("-6 addr add fd00::2/128 dev lo nodad")});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // The kernel adds the address's own local route from a work queue, a moment after `ip` returns;
    // the narrow route takes its place once it is there.
    QTRY_VERIFY_WITH_TIMEOUT(
        !ipOutput(QStringLiteral("-6 route show table local fd00::2")).isEmpty(), WaitMs);
    error = ipCommands({QStringLiteral("-6 route del local fd00::2 dev lo table local"),
        QStringLiteral("-6 route add local fd00::2 dev lo mtu lock 1280 table local")});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    for (const QString &address : {QStringLiteral("fd00::2"), QStringLiteral("127.0.0.2")}) {
        const QString route = ipOutput(QStringLiteral("route get ") + address);
        QVERIFY2(route.contains(QLatin1String("mtu lock 1280")), qPrintable(route));
    }

    for (const bool v6 : {false, true}) {
        const QHostAddress narrow(v6 ? QStringLiteral("fd00::2") : QStringLiteral("127.0.0.2"));
        RawReceiver behindNarrow(narrow, true);
        RawReceiver behindWide(v6, true);
        QVERIFY(behindNarrow.isValid() && behindWide.isValid());
        Session sender;
        sender.setDisplayDataEvents(false);
        QVERIFY(startAndWait(sender, udpConfig(loopback(v6))));
        QVector<QByteArray> pieces;
        for (int i = 0; i < 8; ++i)
            pieces << pattern(i * 1300, 1300);

        QVERIFY(sender.feed().sendBatch(pieces, SendTarget::to(narrow, behindNarrow.port())));
        QTRY_COMPARE_WITH_TIMEOUT(behindNarrow.readWaiting(), pieces.size(), WaitMs);
        QVERIFY(behindNarrow.datagrams == pieces);

        QVERIFY(sender.feed().sendBatch(pieces, SendTarget::to(loopback(v6), behindWide.port())));
        QTRY_COMPARE_WITH_TIMEOUT(behindWide.readWaiting(), qsizetype(1), WaitMs);
        QCOMPARE(behindWide.segments.constFirst(), 1300);
        QVERIFY(behindWide.datagrams.constFirst() == pattern(0, 8 * 1300));
        QTRY_COMPARE_WITH_TIMEOUT(sender.counters().messagesOut, qint64(16), WaitMs);
        QCOMPARE(sender.counters().queuedBytes, qint64(0));
        QVERIFY(stopAndWait(sender));
    }
}

QTEST_GUILESS_MAIN(tst_UdpBatchSend)
#include "tst_udpbatchsend.moc"
