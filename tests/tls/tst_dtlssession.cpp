// DTLS sessions through the core API on loopback: a UDP Session without a remote host is a DTLS server,
// one with a remote host a DTLS client of it; each is given a QtTlsTransport (sockpit_tls). Handshakes,
// data both ways with exact counters, echo, verification and trust, time limits, and what the DTLS
// layer refuses (plain datagrams, strangers, records too large, peers without a handshake).

#include "qttlstransport.h"
#include "sessiontestutil.h"

#include "dtlslink.h"

#include <QDtls>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkDatagram>
#include <QScopeGuard>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QUdpSocket>

#include <memory>
#include <mutex>
#include <vector>

#include <sys/resource.h>

using namespace sockpit;
using namespace sockpit::test;
using sockpit::tls::QtTlsTransport;
using sockpit::tls::UntrustedCertificate;

class tst_DtlsSession : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void dataBothWaysWithTrustedCertificate();
    void echoKeepsEveryDatagram();
    void untrustedCertificateFailsTheStart();
    void trustedFingerprintIsAccepted();
    void handshakeWithoutAnswerTimesOut();
    void plainDatagramsReachNobody();
    void ignoredDatagramsAreCountedInOneLineASecond();
    void clientIgnoresStrangers();
    void oversizedMessageIsNotSent();
    void serverSendsOnlyToPeersWithAHandshake();
    void serverKeepsAtMostMaxAssociationsPeers();

private:
    // A running DTLS server with a self-signed certificate made for it, written to m_certFile.
    bool startServer(Session &server, bool echo = false);
    // A client session's setup for `server`, trusting its certificate unless told otherwise.
    SessionConfig clientConfigFor(quint16 port, bool trustServer = true) const;
    std::shared_ptr<QtTlsTransport> transportFor(const SessionConfig &config);
    // A running client of the server on `port`, trusting its certificate.
    bool startClient(Session &client, quint16 port);

    QTemporaryDir m_dir;
    QString m_certFile;
    QString m_fingerprint;
};

void tst_DtlsSession::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_certFile = m_dir.filePath(QStringLiteral("server.crt"));
}

std::shared_ptr<QtTlsTransport> tst_DtlsSession::transportFor(const SessionConfig &config)
{
    QString error;
    auto transport = QtTlsTransport::create(config, &error);
    if (!transport)
        qWarning("%s", qPrintable(error));
    return transport;
}

bool tst_DtlsSession::startServer(Session &server, bool echo)
{
    SessionConfig config = udpConfig(loopback(false));
    config.tls.enabled = true;
    config.echo = echo;
    const auto transport = transportFor(config);
    if (!transport || !transport->isServer())
        return false;
    QFile file(m_certFile);
    if (!file.open(QIODevice::WriteOnly) || file.write(transport->localCertificate().toPem()) <= 0)
        return false;
    file.close();
    m_fingerprint = tls::certificateFingerprint(transport->localCertificate());
    server.setTlsTransport(transport);
    return startAndWait(server, config);
}

SessionConfig tst_DtlsSession::clientConfigFor(quint16 port, bool trustServer) const
{
    SessionConfig config = udpConfig(loopback(false));
    config.bindPort = 0;
    config.host = QStringLiteral("127.0.0.1");
    config.port = port;
    config.connectTimeoutMs = WaitMs;
    config.tls.enabled = true;
    if (trustServer)
        config.tls.caFile = m_certFile; // the self-signed certificate is its own authority
    return config;
}

bool tst_DtlsSession::startClient(Session &client, quint16 port)
{
    const SessionConfig config = clientConfigFor(port);
    client.setTlsTransport(transportFor(config));
    return startAndWait(client, config);
}

void tst_DtlsSession::dataBothWaysWithTrustedCertificate()
{
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startServer(server));
    QVERIFY2(server.name().startsWith(QStringLiteral("dtls-server 127.0.0.1:")), qPrintable(server.name()));

    Session client;
    EventLog clientLog(&client);
    const SessionConfig config = clientConfigFor(server.localPort());
    const auto transport = transportFor(config);
    QVERIFY(transport && !transport->isServer());
    client.setTlsTransport(transport);
    // A client starts once its handshake is done: the outcome is logged before.
    QVERIFY(startAndWait(client, config));
    QCOMPARE(client.name(), QStringLiteral("dtls-client 127.0.0.1:%1").arg(server.localPort()));
    const auto handshakeDone = [&clientLog]() -> const Event * {
        for (const Event &event : std::as_const(clientLog.events)) {
            if (event.kind == EventKind::Tls && event.text.contains(QStringLiteral(" done: ")))
                return &event;
        }
        return nullptr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(handshakeDone(), WaitMs);
    const Event *done = handshakeDone();
    QVERIFY2(done->text.contains(QStringLiteral("DTLS 1.2")), qPrintable(done->text));
    QVERIFY2(done->text.contains(m_fingerprint + QStringLiteral(", verified")), qPrintable(done->text));
    QTRY_VERIFY_WITH_TIMEOUT(serverLog.find(EventKind::Tls), WaitMs);
    QCOMPARE(serverLog.find(EventKind::Tls)->dir, Direction::Info);
    QVERIFY2(
        serverLog.find(EventKind::Tls)->text.startsWith(QStringLiteral("DTLS handshake with 127.0.0.1:")),
        serverLog.dump().constData());

    QVERIFY(client.send(QByteArrayLiteral("hello over dtls")));
    QTRY_COMPARE_WITH_TIMEOUT(serverLog.payload(Direction::In), QByteArrayLiteral("hello over dtls"), WaitMs);
    QVERIFY(server.send(QByteArrayLiteral("and back"), SendTarget::lastPeer()));
    QTRY_COMPARE_WITH_TIMEOUT(clientLog.payload(Direction::In), QByteArrayLiteral("and back"), WaitMs);
    // Plain text is what is counted, on both sides.
    // A sender counts a datagram once it is written, which may be after its peer has it: waited for.
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().bytesOut, qint64(15), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesOut, qint64(8), WaitMs);
    QCOMPARE(client.counters().bytesIn, qint64(8));
    QCOMPARE(server.counters().bytesIn, qint64(15));

    // The client stopping tells the server (close_notify): an orderly end of that peer.
    QVERIFY(stopAndWait(client));
    QTRY_VERIFY_WITH_TIMEOUT(serverLog.find(EventKind::Close), WaitMs);
    QCOMPARE(serverLog.find(EventKind::Close)->dir, Direction::Info);
    QVERIFY2(serverLog.find(EventKind::Close)->text.startsWith(QStringLiteral("DTLS session closed by")),
        serverLog.dump().constData());
    QVERIFY(stopAndWait(server));
}

void tst_DtlsSession::echoKeepsEveryDatagram()
{
    Session server;
    QVERIFY(startServer(server, true));
    Session client;
    QByteArray received;
    int messages = 0;
    std::mutex mutex;
    client.setDataHandler([&](ConnId, const char *data, qsizetype size) {
        std::lock_guard<std::mutex> lock(mutex);
        received.append(data, size);
        ++messages;
    });
    const auto receivedSize = [&] {
        std::lock_guard<std::mutex> lock(mutex);
        return received.size();
    };
    QVERIFY(startClient(client, server.localPort()));

    // Each message is one record, from 1 byte to the most a record carries; each comes back whole.
    QByteArray expected;
    int sent = 0;
    for (qsizetype size : {qsizetype(1), qsizetype(100), qsizetype(1400), qsizetype(9000), MaxDtlsPayload}) {
        const QByteArray bytes = pattern(expected.size(), size);
        QVERIFY(client.send(bytes));
        expected += bytes;
        ++sent;
        // One at a time, so that the comparison is exact whatever the order datagrams take.
        QTRY_COMPARE_WITH_TIMEOUT(receivedSize(), expected.size(), WaitMs);
    }
    {
        std::lock_guard<std::mutex> lock(mutex);
        QCOMPARE(received, expected);
        QCOMPARE(messages, sent);
    }
    QCOMPARE(client.counters().bytesIn, qint64(expected.size()));
    QCOMPARE(server.counters().bytesIn, qint64(expected.size()));
    // The echo is counted once written, which may be after the client has it.
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesOut, qint64(expected.size()), WaitMs);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

void tst_DtlsSession::untrustedCertificateFailsTheStart()
{
    Session server;
    QVERIFY(startServer(server));
    Session client;
    EventLog clientLog(&client);
    const SessionConfig config = clientConfigFor(server.localPort(), false);
    const auto transport = transportFor(config);
    QVERIFY(transport);
    std::vector<UntrustedCertificate> reported;
    transport->setUntrustedHandler([&](const UntrustedCertificate &c) { reported.push_back(c); });
    client.setTlsTransport(transport);
    QSignalSpy failed(&client, &Session::failed);
    client.start(config);
    QVERIFY(failed.wait(WaitMs));
    QCOMPARE(failed.first().at(1).value<EventKind>(), EventKind::Tls);
    const QString reason = failed.first().at(0).toString();
    QVERIFY2(reason.startsWith(
                 QStringLiteral("DTLS handshake with 127.0.0.1:%1 failed: ").arg(server.localPort())),
        qPrintable(reason));
    QVERIFY2(reason.contains(m_fingerprint), qPrintable(reason));
    QCOMPARE(reported.size(), std::size_t(1));
    QCOMPARE(reported.front().fingerprint, m_fingerprint);
    QCOMPARE(reported.front().host, QStringLiteral("127.0.0.1"));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Idle, WaitMs);
    QVERIFY(stopAndWait(server));
}

void tst_DtlsSession::trustedFingerprintIsAccepted()
{
    Session server;
    QVERIFY(startServer(server));
    Session client;
    EventLog clientLog(&client);
    const SessionConfig config = clientConfigFor(server.localPort(), false);
    const auto transport = transportFor(config);
    QVERIFY(transport);
    transport->setTrustedFingerprints({m_fingerprint});
    client.setTlsTransport(transport);
    QVERIFY(startAndWait(client, config));
    QTRY_VERIFY2_WITH_TIMEOUT(
        clientLog.dump().contains("trusted by the user"), clientLog.dump().constData(), WaitMs);
    QVERIFY(client.send(QByteArrayLiteral("x")));
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, qint64(1), WaitMs);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

void tst_DtlsSession::handshakeWithoutAnswerTimesOut()
{
    // A UDP socket that reads nothing: the client's hellos go unanswered.
    QUdpSocket silent;
    QVERIFY(silent.bind(loopback(false), 0));
    Session client;
    SessionConfig config = clientConfigFor(silent.localPort(), false);
    config.connectTimeoutMs = 300;
    client.setTlsTransport(transportFor(config));
    QSignalSpy failed(&client, &Session::failed);
    QElapsedTimer clock;
    clock.start();
    client.start(config);
    QVERIFY(failed.wait(WaitMs));
    // Never sooner than the time given: a coarse timer would fire up to 5 % early.
    QVERIFY2(clock.elapsed() >= 300, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(failed.first().at(1).value<EventKind>(), EventKind::Timeout);
    QCOMPARE(failed.first().at(0).toString(),
        QStringLiteral(
            "DTLS handshake with 127.0.0.1:%1 timed out after 300 ms: no answer from a DTLS server")
            .arg(silent.localPort()));
    QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingDatagrams(), WaitMs); // it did say hello
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Idle, WaitMs);
}

void tst_DtlsSession::plainDatagramsReachNobody()
{
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startServer(server));
    QUdpSocket plain;
    QVERIFY(plain.bind(loopback(false), 0));
    QCOMPARE(plain.writeDatagram(QByteArrayLiteral("not a record"), loopback(false), server.localPort()), 12);
    // A plain datagram is no handshake: nothing is delivered, nothing answered, and the log says so.
    QTRY_VERIFY_WITH_TIMEOUT(serverLog.find(EventKind::Dropped), WaitMs);
    QCOMPARE(serverLog.find(EventKind::Dropped)->text,
        QStringLiteral("ignored a datagram from 127.0.0.1:%1: not a DTLS handshake").arg(plain.localPort()));
    QCOMPARE(serverLog.payload(Direction::In), QByteArray());
    QCOMPARE(server.counters().bytesIn, qint64(0));
    QVERIFY(!plain.hasPendingDatagrams());

    // A real client still gets through afterwards.
    Session client;
    QVERIFY(startClient(client, server.localPort()));
    QVERIFY(client.send(QByteArrayLiteral("real")));
    QTRY_COMPARE_WITH_TIMEOUT(serverLog.payload(Direction::In), QByteArrayLiteral("real"), WaitMs);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

// Under a flood of datagrams that are no handshake, the log gets a line at once and then at most one a
// second, which counts the datagrams since the line before, also when nothing comes after them.
void tst_DtlsSession::ignoredDatagramsAreCountedInOneLineASecond()
{
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startServer(server));
    QUdpSocket plain;
    QVERIFY(plain.bind(loopback(false), 0));
    const int sent = 5;
    for (int i = 0; i < sent; ++i)
        QCOMPARE(plain.writeDatagram(QByteArrayLiteral("flood"), loopback(false), server.localPort()), 5);
    QTRY_COMPARE_WITH_TIMEOUT(serverLog.count(EventKind::Dropped), 2, WaitMs);
    QVector<const Event *> lines;
    for (const Event &event : serverLog.events) {
        if (event.kind == EventKind::Dropped)
            lines.append(&event);
    }
    const QString from = QStringLiteral("127.0.0.1:%1").arg(plain.localPort());
    QCOMPARE(lines.at(0)->text, QStringLiteral("ignored a datagram from %1: not a DTLS handshake").arg(from));
    QCOMPARE(lines.at(1)->text,
        QStringLiteral("ignored %1 datagrams, the last from %2: not a DTLS handshake")
            .arg(sent - 1)
            .arg(from));
    QVERIFY(lines.at(1)->timeUs - lines.at(0)->timeUs >= 900000); // the second line waited for the second
    QCOMPARE(server.counters().bytesIn, qint64(0));
    QVERIFY(stopAndWait(server));
    QCOMPARE(serverLog.count(EventKind::Dropped), 2); // nothing left to tell of when it stops
}

void tst_DtlsSession::clientIgnoresStrangers()
{
    Session server;
    QVERIFY(startServer(server));
    Session client;
    EventLog clientLog(&client);
    QVERIFY(startClient(client, server.localPort()));
    QUdpSocket stranger;
    QVERIFY(stranger.bind(loopback(false), 0));
    QCOMPARE(stranger.writeDatagram(QByteArrayLiteral("hi"), loopback(false), client.localPort()), 2);
    QTRY_VERIFY_WITH_TIMEOUT(clientLog.find(EventKind::Dropped), WaitMs);
    QCOMPARE(clientLog.find(EventKind::Dropped)->text,
        QStringLiteral("ignored a datagram from 127.0.0.1:%1: only the DTLS server 127.0.0.1:%2 is answered")
            .arg(stranger.localPort())
            .arg(server.localPort()));
    QCOMPARE(clientLog.payload(Direction::In), QByteArray());
    QCOMPARE(client.state(), Session::State::Running);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

void tst_DtlsSession::oversizedMessageIsNotSent()
{
    Session server;
    QVERIFY(startServer(server));
    Session client;
    EventLog clientLog(&client);
    QVERIFY(startClient(client, server.localPort()));
    QVERIFY(client.send(QByteArray(MaxDtlsPayload + 1, 'x')));
    QTRY_VERIFY_WITH_TIMEOUT(clientLog.find(EventKind::Dropped), WaitMs);
    QCOMPARE(clientLog.find(EventKind::Dropped)->text,
        QStringLiteral("not sent: 16385 bytes do not fit in one DTLS record (at most 16384 bytes)"));
    QCOMPARE(client.counters().bytesOut, qint64(0));
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().queuedBytes, qint64(0), WaitMs);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

void tst_DtlsSession::serverSendsOnlyToPeersWithAHandshake()
{
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startServer(server));
    QUdpSocket plain;
    QVERIFY(plain.bind(loopback(false), 0));
    QVERIFY(server.send(QByteArrayLiteral("secret"), SendTarget::to(loopback(false), plain.localPort())));
    QTRY_VERIFY_WITH_TIMEOUT(serverLog.find(EventKind::Dropped), WaitMs);
    QCOMPARE(serverLog.find(EventKind::Dropped)->text,
        QStringLiteral("not sent: 127.0.0.1:%1 has no DTLS session with this socket (no finished handshake)")
            .arg(plain.localPort()));
    QCOMPARE(server.counters().bytesOut, qint64(0));
    QVERIFY(stopAndWait(server));
    QVERIFY(!plain.hasPendingDatagrams());
}

// A server keeps DtlsLink::MaxAssociations peers with a handshake under way or done. Qt's own DTLS clients,
// one socket each, come in until that many have passed the cookie check and had the server's hello;
// the next one's hello is ignored, and the log says why.
void tst_DtlsSession::serverKeepsAtMostMaxAssociationsPeers()
{
    constexpr int Peers = tls::DtlsLink::MaxAssociations;
    rlimit files {};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &files), 0);
    const rlimit before = files;
    const auto restore = qScopeGuard([before] { ::setrlimit(RLIMIT_NOFILE, &before); });
    const rlim_t needed = Peers + 256;
    if (files.rlim_cur < needed) {
        if (files.rlim_max < needed)
            QSKIP("the descriptor limit leaves no room for a socket per DTLS client");
        files.rlim_cur = needed;
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &files), 0);
    }
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startServer(server));
    const quint16 port = server.localPort();

    struct Client
    {
        std::unique_ptr<QUdpSocket> socket;
        std::unique_ptr<QDtls> dtls;
        int received = 0; // datagrams from the server: its cookie, then its hello
    };
    QSslConfiguration configuration = QSslConfiguration::defaultDtlsConfiguration();
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // the handshake is not finished anyway
    std::vector<Client> clients(Peers + 1);
    int answered = 0; // clients that had the server's hello after their cookie
    const auto sayHello = [&](Client &client) {
        client.socket = std::make_unique<QUdpSocket>();
        QVERIFY(client.socket->bind(loopback(false), 0));
        client.dtls = std::make_unique<QDtls>(QSslSocket::SslClientMode);
        client.dtls->setDtlsConfiguration(configuration);
        QVERIFY(client.dtls->setPeer(loopback(false), port));
        QVERIFY(client.dtls->doHandshake(client.socket.get()));
        connect(client.socket.get(), &QUdpSocket::readyRead, this, [&client, &answered] {
            while (client.socket->hasPendingDatagrams()) {
                const QByteArray datagram = client.socket->receiveDatagram().data();
                // The cookie is answered with a second hello; later flights are left unanswered.
                if (++client.received == 1)
                    client.dtls->doHandshake(client.socket.get(), datagram);
                else if (client.received == 2)
                    ++answered;
            }
        });
    };
    // In batches, so the server's socket never holds more hellos than it can take.
    constexpr int Batch = 64;
    for (int first = 0; first < Peers; first += Batch) {
        for (int i = first; i < first + Batch; ++i) {
            sayHello(clients[size_t(i)]);
            if (QTest::currentTestFailed())
                return;
        }
        QTRY_COMPARE_WITH_TIMEOUT(answered, first + Batch, 30000);
    }
    QCOMPARE(serverLog.count(EventKind::Dropped), 0);

    Client &extra = clients.back();
    sayHello(extra);
    if (QTest::currentTestFailed())
        return;
    const QString from = QStringLiteral("127.0.0.1:%1").arg(extra.socket->localPort());
    QTRY_VERIFY_WITH_TIMEOUT(serverLog.find(EventKind::Dropped), WaitMs);
    QCOMPARE(serverLog.find(EventKind::Dropped)->text,
        QStringLiteral("ignored a datagram from %1: 1024 DTLS peers already (the most kept)").arg(from));
    QCOMPARE(extra.received, 0); // not even a cookie
    QCOMPARE(answered, Peers);
    QVERIFY(stopAndWait(server));
}

QTEST_GUILESS_MAIN(tst_DtlsSession)
#include "tst_dtlssession.moc"
