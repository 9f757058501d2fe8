#include "modetraits.h"
#include "sessionconfig.h"

#include <QTest>

using namespace sockpit;

Q_DECLARE_METATYPE(sockpit::SessionMode)
Q_DECLARE_METATYPE(sockpit::LocalRole)
Q_DECLARE_METATYPE(sockpit::RemoteRole)
Q_DECLARE_METATYPE(sockpit::TlsRole)
Q_DECLARE_METATYPE(sockpit::SendChoices)

// The mode table: one row per mode, each saying what the window and the command line offer in it.
class tst_ModeTraits : public QObject
{
    Q_OBJECT

private slots:
    void everyModeHasItsOwnRow();
    void namesRoundTrip();
    void rows_data();
    void rows();
    void shorthandsFollowTheTable();
    void optionsFollowTheKindOfSocket();
};

void tst_ModeTraits::everyModeHasItsOwnRow()
{
    const auto &table = allModeTraits();
    for (int i = 0; i < SessionModeCount; ++i) {
        QCOMPARE(int(table[std::size_t(i)].mode), i);
        QCOMPARE(&modeTraits(SessionMode(i)), &table[std::size_t(i)]);
        QVERIFY(table[std::size_t(i)].name != nullptr);
    }
    QCOMPARE(table.back().mode, SessionMode::UnixDatagram); // the last mode: no row left at its defaults
}

void tst_ModeTraits::namesRoundTrip()
{
    QStringList names;
    for (const ModeTraits &traits : allModeTraits()) {
        const QString name = sessionModeName(traits.mode);
        QVERIFY(!names.contains(name));
        names.append(name);
        QCOMPARE(sessionModeFromName(name), std::optional<SessionMode>(traits.mode));
    }
    QCOMPARE(names,
        QStringList({QStringLiteral("tcp-server"), QStringLiteral("tcp-client"), QStringLiteral("udp"),
            QStringLiteral("tcp-relay"), QStringLiteral("udp-relay"), QStringLiteral("icmp"),
            QStringLiteral("unix-server"), QStringLiteral("unix-client"), QStringLiteral("unix-dgram")}));
    QVERIFY(!sessionModeFromName(u"tcp"));
    QVERIFY(!sessionModeFromName(u""));
    QVERIFY(!sessionModeFromName(u"TCP-SERVER"));
}

void tst_ModeTraits::rows_data()
{
    QTest::addColumn<SessionMode>("mode");
    QTest::addColumn<LocalRole>("local");
    QTest::addColumn<RemoteRole>("remote");
    QTest::addColumn<bool>("peerList");
    QTest::addColumn<bool>("peersAreConnections");
    QTest::addColumn<SendChoices>("sendTo");
    QTest::addColumn<bool>("echo");
    QTest::addColumn<bool>("autoReply");
    QTest::addColumn<bool>("maxClients");
    QTest::addColumn<TlsRole>("tls");

    using S = SendChoice;
    QTest::newRow("tcp server") << SessionMode::TcpServer << LocalRole::Listen << RemoteRole::None << true
                                << true << SendChoices(S::AllPeers | S::SelectedPeers) << true << true << true
                                << TlsRole::Server;
    QTest::newRow("tcp client") << SessionMode::TcpClient << LocalRole::Source << RemoteRole::Connect << false
                                << false << SendChoices(S::OnePeer) << false << true << false
                                << TlsRole::Client;
    QTest::newRow("udp") << SessionMode::Udp << LocalRole::Listen << RemoteRole::DefaultTarget << true
                         << false << SendChoices(S::DefaultTarget | S::LastSender | S::SelectedPeers) << true
                         << true << false << TlsRole::ByRemoteHost;
    // A relay answers nothing itself, and what the user types goes to all its clients or its last
    // sender: it has no choice of peers to send to.
    QTest::newRow("tcp relay") << SessionMode::TcpRelay << LocalRole::Listen << RemoteRole::Forward << true
                               << true << SendChoices(S::AllPeers) << false << false << true << TlsRole::None;
    QTest::newRow("udp relay") << SessionMode::UdpRelay << LocalRole::Listen << RemoteRole::Forward << true
                               << false << SendChoices(S::LastSender) << false << false << false
                               << TlsRole::None;
    QTest::newRow("icmp") << SessionMode::Icmp << LocalRole::None << RemoteRole::Ping << false << false
                          << SendChoices(S::OnePeer) << false << false << false << TlsRole::None;
    // The Unix modes are the TCP server and client and UDP on a path, without TLS.
    QTest::newRow("unix server") << SessionMode::UnixServer << LocalRole::Listen << RemoteRole::None << true
                                 << true << SendChoices(S::AllPeers | S::SelectedPeers) << true << true
                                 << true << TlsRole::None;
    QTest::newRow("unix client") << SessionMode::UnixClient << LocalRole::None << RemoteRole::Connect << false
                                 << false << SendChoices(S::OnePeer) << false << true << false
                                 << TlsRole::None;
    QTest::newRow("unix datagrams") << SessionMode::UnixDatagram << LocalRole::Listen
                                    << RemoteRole::DefaultTarget << true << false
                                    << SendChoices(S::DefaultTarget | S::LastSender | S::SelectedPeers)
                                    << true << true << false << TlsRole::None;
}

void tst_ModeTraits::rows()
{
    QFETCH(SessionMode, mode);
    const ModeTraits &traits = modeTraits(mode);
    QCOMPARE(traits.mode, mode);
    QTEST(traits.local, "local");
    QTEST(traits.remote, "remote");
    QTEST(traits.peerList, "peerList");
    QTEST(traits.peersAreConnections, "peersAreConnections");
    QTEST(traits.sendTo, "sendTo");
    QTEST(traits.echo, "echo");
    QTEST(traits.autoReply, "autoReply");
    QTEST(traits.maxClients, "maxClients");
    QTEST(traits.tls, "tls");
    // Choosing peers needs a list of them to choose from.
    if (traits.sendTo.testFlag(SendChoice::SelectedPeers))
        QVERIFY(traits.peerList);
    // Closing a peer, counting clients and limiting them are for connections.
    if (traits.maxClients)
        QVERIFY(traits.peersAreConnections);
    if (traits.peersAreConnections)
        QVERIFY(traits.peerList);
    // Only a mode that connects out has a single peer, a connect timeout and reconnects.
    QCOMPARE(traits.sendTo.testFlag(SendChoice::OnePeer), !traits.peerList);
    if (traits.reconnect || traits.halfClose)
        QCOMPARE(traits.remote, RemoteRole::Connect);
}

void tst_ModeTraits::shorthandsFollowTheTable()
{
    for (const ModeTraits &traits : allModeTraits()) {
        QCOMPARE(isDatagramMode(traits.mode), traits.datagram);
        QCOMPARE(isRelayMode(traits.mode), traits.relay);
        QCOMPARE(isRelayMode(traits.mode), traits.remote == RemoteRole::Forward);
        QCOMPARE(isTlsMode(traits.mode), traits.tls != TlsRole::None);
        QCOMPARE(isUnixMode(traits.mode), traits.unixPaths);
        // A stream server or client is a TCP or Unix one that neither relays nor pings.
        const bool stream = !traits.datagram && !traits.relay && traits.remote != RemoteRole::Ping;
        QCOMPARE(isStreamServer(traits.mode), stream && traits.remote == RemoteRole::None);
        QCOMPARE(isStreamClient(traits.mode), stream && traits.remote == RemoteRole::Connect);
    }
    QVERIFY(isStreamServer(SessionMode::UnixServer));
    QVERIFY(isStreamClient(SessionMode::UnixClient));
    QVERIFY(!isUnixMode(SessionMode::TcpServer));
    QVERIFY(isDatagramMode(SessionMode::Udp));
    QVERIFY(isDatagramMode(SessionMode::UdpRelay));
    QVERIFY(!isDatagramMode(SessionMode::TcpRelay));
    QVERIFY(isTlsMode(SessionMode::TcpServer));
    QVERIFY(isTlsMode(SessionMode::TcpClient));
}

void tst_ModeTraits::optionsFollowTheKindOfSocket()
{
    for (const ModeTraits &traits : allModeTraits()) {
        const QByteArray name(traits.name);
        const bool ping = traits.remote == RemoteRole::Ping;
        const bool tcp = !traits.datagram && !ping;
        // Framing splits a byte stream; datagrams and echo replies are messages already.
        QVERIFY2(traits.framing == tcp, name);
        QVERIFY2(!traits.socketOptions || tcp, name);
        QVERIFY2(!traits.multicast || traits.datagram, name);
        QVERIFY2(traits.pingOptions == ping, name);
        // Only a ping and a Unix client have no local address of their own.
        QVERIFY2(traits.pingOptions == (traits.local == LocalRole::None && !traits.unixPaths), name);
        // A Unix socket has no TCP options, no multicast and, here, no TLS.
        QVERIFY2(
            !traits.unixPaths || (!traits.socketOptions && !traits.multicast && traits.tls == TlsRole::None),
            name);
        QVERIFY2(traits.connectTimeout == (tcp && traits.remote != RemoteRole::None), name);
        // TLS for a TCP server's and client's own connections; DTLS for the UDP socket, either end.
        QVERIFY2(traits.tls == TlsRole::None || (tcp && !traits.relay)
                || (traits.mode == SessionMode::Udp && traits.tls == TlsRole::ByRemoteHost),
            name);
        QVERIFY2(!traits.relay || (!traits.echo && !traits.autoReply), name);
    }
}

QTEST_GUILESS_MAIN(tst_ModeTraits)
#include "tst_modetraits.moc"
