#include "netnstestutil.h"
#include "sessiontestutil.h"

#include <arpa/inet.h>
#include <net/if.h>

using namespace sockpit;
using namespace sockpit::test;

// UDP broadcast and multicast on loopback: a datagram to 127.255.255.255 reaches a socket bound to
// 0.0.0.0, groups joined on `lo` at start and while running (and left again), and the errors a user
// can make. Every sender sets its multicast interface to `lo` (or to a veth pair in a network
// namespace of its own, for IPv6): nothing leaves this machine.
class tst_UdpMulticast : public QObject
{
    Q_OBJECT

private slots:
    void broadcastNeedsSoBroadcast();
    void broadcast();
    void joinAtStart();
    void joinAndLeaveWhileRunning();
    void badInterfaceFailsStart();
    void membershipErrors();
    void ipv6InNamespace();

private:
    // Sends `bytes` to the group until the receiver has them (a joined group needs a moment in some
    // kernels), then a unicast marker; true when the receiver's log ends with both.
    static bool deliver(Session &sender, const QHostAddress &group, quint16 port, Session &receiver,
        const EventLog &log, const QByteArray &bytes);
};

namespace {

const QHostAddress Broadcast(QStringLiteral("127.255.255.255"));
// Groups no other test joins. Linux hands a socket bound to 0.0.0.0 the datagrams of every group some
// socket of the machine joined on the interface (IP_MULTICAST_ALL), so a test running at the same time
// with a member of the same group would break the checks that a non-member gets nothing.
const QHostAddress Group(QStringLiteral("239.1.9.3"));
const QHostAddress GroupV6(QStringLiteral("ff12::1234"));

SessionConfig multicastConfig(const QHostAddress &bind, const QString &interfaceName)
{
    SessionConfig config = udpConfig(bind);
    config.multicastInterface = interfaceName;
    return config;
}

int countIn(const EventLog &log, const QByteArray &payload)
{
    int n = 0;
    for (const Event &e : log.events)
        n += e.dir == Direction::In && e.payload == payload;
    return n;
}

const Event *findText(const EventLog &log, EventKind kind, Direction dir)
{
    for (const Event &e : log.events) {
        if (e.kind == kind && e.dir == dir)
            return &e;
    }
    return nullptr;
}

} // namespace

void tst_UdpMulticast::broadcastNeedsSoBroadcast()
{
    // What the session's SO_BROADCAST is for: without it the kernel refuses broadcast destinations.
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    QVERIFY(fd >= 0);
    sockaddr_in to {};
    to.sin_family = AF_INET;
    to.sin_port = htons(9);
    to.sin_addr.s_addr = htonl(Broadcast.toIPv4Address());
    const ssize_t n = ::sendto(fd, "x", 1, 0, reinterpret_cast<sockaddr *>(&to), sizeof(to));
    const int error = errno;
    ::close(fd);
    QCOMPARE(n, ssize_t(-1));
    QCOMPARE(error, EACCES);
}

void tst_UdpMulticast::broadcast()
{
    Session receiver;
    EventLog log(&receiver);
    QVERIFY(startAndWait(receiver, udpConfig(QHostAddress(QHostAddress::AnyIPv4))));
    Session sender;
    EventLog senderLog(&sender);
    // Bound to 127.0.0.1, so the datagram to lo's broadcast address stays on lo.
    QVERIFY(startAndWait(sender, udpConfig(QHostAddress(QHostAddress::LocalHost))));
    QVERIFY(sender.send("to everyone", SendTarget::to(Broadcast, receiver.localPort())));
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::In), QByteArray("to everyone"), WaitMs);
    QCOMPARE(log.find(EventKind::None)->peer, formatEndpoint(QHostAddress::LocalHost, sender.localPort()));
    QVERIFY2(!senderLog.find(EventKind::Error), senderLog.dump().constData());
    QVERIFY(stopAndWait(sender));
    QVERIFY(stopAndWait(receiver));
}

bool tst_UdpMulticast::deliver(Session &sender, const QHostAddress &group, quint16 port, Session &receiver,
    const EventLog &log, const QByteArray &bytes)
{
    const bool arrived = QTest::qWaitFor(
        [&] {
            if (countIn(log, bytes) > 0)
                return true;
            sender.send(bytes, SendTarget::to(group, port));
            return false;
        },
        WaitMs);
    Q_UNUSED(receiver)
    return arrived;
}

void tst_UdpMulticast::joinAtStart()
{
    Session receiver;
    EventLog log(&receiver);
    SessionConfig config = multicastConfig(QHostAddress(QHostAddress::AnyIPv4), QStringLiteral("lo"));
    config.multicastGroups = {Group, QHostAddress(QStringLiteral("239.1.9.4"))};
    QVERIFY(startAndWait(receiver, config));
    QTRY_VERIFY_WITH_TIMEOUT(log.count(EventKind::Join) == 2, WaitMs);
    QCOMPARE(log.find(EventKind::Join)->text, QStringLiteral("joined 239.1.9.3 on lo"));
    QCOMPARE(log.find(EventKind::Join)->dir, Direction::Info);

    // The sender's default target is the group; its interface is lo.
    Session sender;
    EventLog senderLog(&sender);
    SessionConfig senderConfig = multicastConfig(QHostAddress(QHostAddress::AnyIPv4), QStringLiteral("lo"));
    senderConfig.bindAddressSet = false;
    senderConfig.host = Group.toString();
    senderConfig.port = receiver.localPort();
    QVERIFY(startAndWait(sender, senderConfig));
    QVERIFY(sender.send("to the group"));
    QTRY_COMPARE_WITH_TIMEOUT(countIn(log, "to the group"), 1, WaitMs);
    QVERIFY(deliver(sender, QHostAddress(QStringLiteral("239.1.9.4")), receiver.localPort(), receiver, log,
        "second group"));
    QVERIFY2(!senderLog.find(EventKind::Error), senderLog.dump().constData());
    QVERIFY(stopAndWait(sender));
    QVERIFY(stopAndWait(receiver));
}

void tst_UdpMulticast::joinAndLeaveWhileRunning()
{
    Session receiver;
    EventLog log(&receiver);
    QVERIFY(startAndWait(receiver, udpConfig(QHostAddress(QHostAddress::AnyIPv4))));
    Session sender;
    QVERIFY(startAndWait(sender, multicastConfig(QHostAddress(QHostAddress::AnyIPv4), QStringLiteral("lo"))));
    const quint16 port = receiver.localPort();

    // Not a member: a group datagram does not arrive, the unicast one sent after it does.
    QVERIFY(sender.send("before", SendTarget::to(Group, port)));
    QVERIFY(sender.send("marker 1", SendTarget::to(QHostAddress::LocalHost, port)));
    QTRY_COMPARE_WITH_TIMEOUT(countIn(log, "marker 1"), 1, WaitMs);
    QCOMPARE(countIn(log, "before"), 0);

    receiver.joinGroup(Group, QStringLiteral("lo"));
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Join), WaitMs);
    QCOMPARE(log.find(EventKind::Join)->text, QStringLiteral("joined 239.1.9.3 on lo"));
    QVERIFY(deliver(sender, Group, port, receiver, log, "while a member"));

    // By index this time: lo's number names the same interface.
    receiver.leaveGroup(Group, QString::number(if_nametoindex("lo")));
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Leave), WaitMs);
    QCOMPARE(log.find(EventKind::Leave)->text, QStringLiteral("left 239.1.9.3 on lo"));
    QCOMPARE(log.find(EventKind::Leave)->dir, Direction::Info);
    QVERIFY(sender.send("after", SendTarget::to(Group, port)));
    QVERIFY(sender.send("marker 2", SendTarget::to(QHostAddress::LocalHost, port)));
    QTRY_COMPARE_WITH_TIMEOUT(countIn(log, "marker 2"), 1, WaitMs);
    QCOMPARE(countIn(log, "after"), 0);
    QVERIFY(stopAndWait(sender));
    QVERIFY(stopAndWait(receiver));
}

void tst_UdpMulticast::badInterfaceFailsStart()
{
    Session session;
    EventLog log(&session);
    QSignalSpy failed(&session, &Session::failed);
    SessionConfig config = multicastConfig(QHostAddress(QHostAddress::AnyIPv4), QStringLiteral("nosuch0"));
    config.multicastGroups = {Group};
    session.start(config);
    QVERIFY(failed.wait(WaitMs));
    QCOMPARE(failed.at(0).at(0).toString(),
        QStringLiteral("there is no network interface 'nosuch0' on this machine"));
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), Session::State::Idle, WaitMs);

    // An IPv6 group on an IPv4 socket.
    Session v4;
    QSignalSpy v4Failed(&v4, &Session::failed);
    config = multicastConfig(QHostAddress(QHostAddress::LocalHost), QStringLiteral("lo"));
    config.multicastGroups = {GroupV6};
    v4.start(config);
    QVERIFY(v4Failed.wait(WaitMs));
    QVERIFY2(v4Failed.at(0).at(0).toString().contains(QStringLiteral("cannot join ff12::1234 on lo")),
        qPrintable(v4Failed.at(0).at(0).toString()));
}

void tst_UdpMulticast::membershipErrors()
{
    Session session;
    EventLog log(&session);
    QVERIFY(startAndWait(session, udpConfig(QHostAddress(QHostAddress::AnyIPv4))));
    session.joinGroup(QHostAddress(QHostAddress::LocalHost), QStringLiteral("lo"));
    session.joinGroup(Group, QStringLiteral("nosuch0"));
    session.leaveGroup(Group, QStringLiteral("lo"));
    QTRY_COMPARE_WITH_TIMEOUT(log.count(EventKind::Join) + log.count(EventKind::Leave), 3, WaitMs);
    QStringList texts;
    for (const Event &e : std::as_const(log.events)) {
        if (e.kind == EventKind::Join || e.kind == EventKind::Leave) {
            QCOMPARE(e.dir, Direction::Error);
            texts << e.text;
        }
    }
    QCOMPARE(texts,
        QStringList({QStringLiteral("127.0.0.1 is not a multicast group address"),
            QStringLiteral("there is no network interface 'nosuch0' on this machine"),
            QStringLiteral("cannot leave 239.1.9.3 on lo: not a member")}));
    QVERIFY(stopAndWait(session));

    // Not running: refused with a reason, nothing crosses to an I/O thread.
    session.joinGroup(Group);
    QTRY_VERIFY_WITH_TIMEOUT(findText(log, EventKind::Join, Direction::Error) != nullptr, WaitMs);
}

void tst_UdpMulticast::ipv6InNamespace()
{
    // IPv6 multicast cannot loop back on this host's `lo`: it has no multicast route (sending fails
    // with "Network is unreachable"), and even with one added in a namespace the kernel does not
    // deliver the looped copy on lo. So the test runs again in a network namespace of its own, with a
    // veth pair whose traffic cannot leave the namespace.
    SOCKPIT_RUN_IN_NETWORK_NAMESPACE("IPv6 multicast");
    // In the namespace: lo, and a veth pair with an address that needs no duplicate detection.
    const QString error = ipCommands({QStringLiteral("link set lo up"),
        QStringLiteral("link add sp0 type veth peer name sp1"), QStringLiteral("link set sp0 up"),
        QStringLiteral("link set sp1 up"), QStringLiteral("-6 addr add fd00::1/64 dev sp0 nodad")});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString iface = QStringLiteral("sp0");

    Session receiver;
    EventLog log(&receiver);
    SessionConfig config = multicastConfig(QHostAddress(QHostAddress::AnyIPv6), iface);
    config.multicastGroups = {GroupV6};
    QVERIFY(startAndWait(receiver, config));
    QTRY_COMPARE_WITH_TIMEOUT(log.count(EventKind::Join), 1, WaitMs);
    QCOMPARE(log.find(EventKind::Join)->text, QStringLiteral("joined ff12::1234 on sp0"));

    Session sender;
    EventLog senderLog(&sender);
    QVERIFY(startAndWait(sender, multicastConfig(QHostAddress(QHostAddress::AnyIPv6), iface)));
    QVERIFY2(deliver(sender, GroupV6, receiver.localPort(), receiver, log, "six"), log.dump().constData());

    // Link-local scope, joined while running; and an IPv4 group on the same dual-stack socket.
    const QHostAddress linkLocal(QStringLiteral("ff02::1:3"));
    receiver.joinGroup(linkLocal);
    receiver.joinGroup(Group);
    QTRY_COMPARE_WITH_TIMEOUT(log.count(EventKind::Join), 3, WaitMs);
    QVERIFY2(!findText(log, EventKind::Join, Direction::Error), log.dump().constData());
    QVERIFY2(deliver(sender, linkLocal, receiver.localPort(), receiver, log, "link-local"),
        log.dump().constData());
    QVERIFY2(
        deliver(sender, Group, receiver.localPort(), receiver, log, "four over six"), log.dump().constData());
    QVERIFY(stopAndWait(sender));
    QVERIFY(stopAndWait(receiver));
}

QTEST_GUILESS_MAIN(tst_UdpMulticast)
#include "tst_udpmulticast.moc"
