// TLS sessions through the core API on loopback: a TCP server and a TCP client Session, each given a
// QtTlsTransport (sockpit_tls), talking to each other; verification, trust by fingerprint, and exact
// counters under bulk traffic.

#include "qttlstransport.h"
#include "sessiontestutil.h"

#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <mutex>

using namespace sockpit;
using namespace sockpit::test;
using sockpit::tls::QtTlsTransport;
using sockpit::tls::UntrustedCertificate;

class tst_TlsSession : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void dataBothWaysWithTrustedCertificate();
    void bulkEchoKeepsExactCounters();
    void autoReplyAndFramingOverTls();
    void chatRoomOverTls();
    void untrustedCertificateFailsWithItsFingerprint();
    void trustedFingerprintIsAccepted();
    void tlsWithoutTransportFailsToStart();
    void stopWithOpenTlsConnections();

private:
    // A running TLS server with a self-signed certificate made for it; its certificate is in m_certFile.
    bool startServer(Session &server, bool echo = false, const AutoReplyRules &rules = {},
        const Framing &framing = {}, bool chat = false);
    std::shared_ptr<QtTlsTransport> clientTransport(const TlsSettings &settings);
    SessionConfig tlsClientConfig(const Session &server) const;

    QTemporaryDir m_dir;
    QString m_certFile;
    QString m_fingerprint;
};

void tst_TlsSession::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_certFile = m_dir.filePath(QStringLiteral("server.crt"));
}

bool tst_TlsSession::startServer(
    Session &server, bool echo, const AutoReplyRules &rules, const Framing &framing, bool chat)
{
    SessionConfig config = serverConfig(loopback(false));
    config.tls.enabled = true;
    config.echo = echo;
    config.autoReplies = rules;
    config.framing = framing;
    config.chat = chat;
    QString error;
    const auto transport = QtTlsTransport::create(config.tls, config.mode, &error);
    if (!transport) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    QFile file(m_certFile);
    if (!file.open(QIODevice::WriteOnly) || file.write(transport->localCertificate().toPem()) <= 0)
        return false;
    file.close();
    m_fingerprint = tls::certificateFingerprint(transport->localCertificate());
    server.setTlsTransport(transport);
    return startAndWait(server, config);
}

std::shared_ptr<QtTlsTransport> tst_TlsSession::clientTransport(const TlsSettings &settings)
{
    QString error;
    auto transport = QtTlsTransport::create(settings, SessionMode::TcpClient, &error);
    if (!transport)
        qWarning("%s", qPrintable(error));
    return transport;
}

SessionConfig tst_TlsSession::tlsClientConfig(const Session &server) const
{
    SessionConfig config = clientConfig(loopback(false), server.localPort());
    config.tls.enabled = true;
    return config;
}

void tst_TlsSession::dataBothWaysWithTrustedCertificate()
{
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startServer(server));
    Session client;
    EventLog clientLog(&client);
    SessionConfig config = tlsClientConfig(server);
    config.tls.caFile = m_certFile; // the self-signed certificate is its own authority
    client.setTlsTransport(clientTransport(config.tls));
    QVERIFY(startAndWait(client, config));

    QTRY_VERIFY_WITH_TIMEOUT(clientLog.find(EventKind::Tls), WaitMs);
    const Event *handshake = clientLog.find(EventKind::Tls);
    QCOMPARE(handshake->dir, Direction::Info);
    QVERIFY2(handshake->text.contains(QStringLiteral("TLS 1.3")), qPrintable(handshake->text));
    QVERIFY2(
        handshake->text.contains(m_fingerprint + QStringLiteral(", verified")), qPrintable(handshake->text));
    QTRY_VERIFY_WITH_TIMEOUT(serverLog.find(EventKind::Tls), WaitMs);
    QVERIFY2(serverLog.find(EventKind::Tls)->text.contains(QStringLiteral("cipher TLS_")),
        serverLog.dump().constData());

    QVERIFY(client.send(QByteArrayLiteral("hello over tls")));
    QTRY_COMPARE_WITH_TIMEOUT(serverLog.payload(Direction::In), QByteArrayLiteral("hello over tls"), WaitMs);
    QVERIFY(server.send(QByteArrayLiteral("and back")));
    QTRY_COMPARE_WITH_TIMEOUT(clientLog.payload(Direction::In), QByteArrayLiteral("and back"), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().bytesOut, qint64(14), WaitMs);
    QCOMPARE(client.counters().bytesIn, qint64(8));
    QCOMPARE(server.counters().bytesIn, qint64(14));

    // The client closing is an orderly end for the server's connection.
    QVERIFY(stopAndWait(client));
    QTRY_VERIFY_WITH_TIMEOUT(serverLog.find(EventKind::Close), WaitMs);
    QCOMPARE(serverLog.find(EventKind::Close)->dir, Direction::Info);
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().connections, 0, WaitMs);
    QVERIFY(stopAndWait(server));
}

void tst_TlsSession::bulkEchoKeepsExactCounters()
{
    Session server;
    QVERIFY(startServer(server, true));
    Session client;
    QByteArray received;
    std::mutex mutex;
    client.setDataHandler([&](ConnId, const char *data, qsizetype size) {
        std::lock_guard<std::mutex> lock(mutex);
        received.append(data, size);
    });
    SessionConfig config = tlsClientConfig(server);
    config.tls.verifyPeer = false;
    client.setTlsTransport(clientTransport(config.tls));
    QVERIFY(startAndWait(client, config));
    constexpr qint64 Total = 4 * 1024 * 1024;
    constexpr qsizetype Chunk = 64 * 1024;
    for (qint64 offset = 0; offset < Total; offset += Chunk)
        QVERIFY(client.send(pattern(offset, Chunk)));
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().bytesIn, Total, 60000);
    {
        std::lock_guard<std::mutex> lock(mutex);
        QVERIFY(received == pattern(0, Total));
    }
    QCOMPARE(client.counters().bytesOut, Total);
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().queuedBytes, qint64(0), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().queuedBytes, qint64(0), WaitMs);
    QCOMPARE(server.counters().bytesIn, Total);
    QCOMPARE(server.counters().bytesOut, Total);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

// The receive pipeline is the same over TLS as over plain TCP: messages are framed, and a rule that
// matches one is answered.
void tst_TlsSession::autoReplyAndFramingOverTls()
{
    AutoReplyRule rule;
    rule.match = AutoReplyRule::Match::Contains;
    rule.pattern = QStringLiteral("PING");
    rule.reply = QStringLiteral("PONG\\n");
    Framing lines;
    lines.kind = Framing::Kind::Delimiter;
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startServer(server, false, {rule}, lines));
    Session client;
    EventLog clientLog(&client);
    SessionConfig config = tlsClientConfig(server);
    config.tls.caFile = m_certFile;
    client.setTlsTransport(clientTransport(config.tls));
    QVERIFY(startAndWait(client, config));
    QTRY_VERIFY_WITH_TIMEOUT(clientLog.find(EventKind::Tls), WaitMs);

    // "PING" arrives split over two writes: framing joins it into one message, which is answered once.
    QVERIFY(client.send(QByteArrayLiteral("first\nPI")));
    QTRY_COMPARE_WITH_TIMEOUT(serverLog.payload(Direction::In), QByteArrayLiteral("first\n"), WaitMs);
    QVERIFY(client.send(QByteArrayLiteral("NG\n")));
    QTRY_COMPARE_WITH_TIMEOUT(clientLog.payload(Direction::In), QByteArrayLiteral("PONG\n"), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().messagesOut, qint64(1), WaitMs);
    // The server's log is shown in batches: its "PING" may reach the log after the answer reached the
    // client.
    const auto inMessages = [&serverLog] {
        return int(std::count_if(serverLog.events.cbegin(), serverLog.events.cend(),
            [](const Event &event) { return event.dir == Direction::In; }));
    };
    QTRY_COMPARE_WITH_TIMEOUT(inMessages(), 2, WaitMs);
    QCOMPARE(server.counters().messagesIn, qint64(2));
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

void tst_TlsSession::chatRoomOverTls()
{
    Session server;
    QVERIFY(startServer(server, false, {}, {}, true));
    Session first;
    Session second;
    EventLog firstLog(&first);
    EventLog secondLog(&second);
    SessionConfig config = tlsClientConfig(server);
    config.tls.caFile = m_certFile;
    first.setTlsTransport(clientTransport(config.tls));
    second.setTlsTransport(clientTransport(config.tls));
    QVERIFY(startAndWait(first, config));
    // The room greets a member once its handshake is done, encrypted like everything after it.
    QTRY_VERIFY_WITH_TIMEOUT(firstLog.payload(Direction::In).contains("* welcome, you are user1"), WaitMs);
    QVERIFY(startAndWait(second, config));
    QTRY_VERIFY_WITH_TIMEOUT(secondLog.payload(Direction::In).contains("* welcome, you are user2"), WaitMs);
    QVERIFY(first.send(QByteArrayLiteral("over tls\n")));
    QTRY_VERIFY_WITH_TIMEOUT(secondLog.payload(Direction::In).contains("<user1> over tls\n"), WaitMs);
    QVERIFY(server.send(QByteArrayLiteral("from the host")));
    QTRY_VERIFY_WITH_TIMEOUT(firstLog.payload(Direction::In).contains("<host> from the host\n"), WaitMs);
    QVERIFY(!firstLog.payload(Direction::In).contains("<user1>"));
    QVERIFY(stopAndWait(first));
    QTRY_VERIFY_WITH_TIMEOUT(secondLog.payload(Direction::In).contains("* user1 left\n"), WaitMs);
    QVERIFY(stopAndWait(second));
    QVERIFY(stopAndWait(server));
}

void tst_TlsSession::untrustedCertificateFailsWithItsFingerprint()
{
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startServer(server));
    Session client;
    EventLog clientLog(&client);
    SessionConfig config = tlsClientConfig(server);
    auto transport = clientTransport(config.tls); // the system's CAs: they do not know this certificate
    std::mutex mutex;
    QList<UntrustedCertificate> reported;
    transport->setUntrustedHandler([&](const UntrustedCertificate &certificate) {
        std::lock_guard<std::mutex> lock(mutex);
        reported.append(certificate);
    });
    client.setTlsTransport(transport);
    QSignalSpy failed(&client, &Session::failed);
    client.start(config);
    QVERIFY(failed.wait(WaitMs));
    QCOMPARE(failed.at(0).at(1).value<EventKind>(), EventKind::Tls);
    const QString reason = failed.at(0).at(0).toString();
    QVERIFY2(reason.contains(QStringLiteral("TLS handshake with 127.0.0.1:")), qPrintable(reason));
    QVERIFY2(reason.contains(m_fingerprint), qPrintable(reason));
    {
        std::lock_guard<std::mutex> lock(mutex);
        QCOMPARE(reported.size(), 1);
        QCOMPARE(reported.at(0).fingerprint, m_fingerprint);
        QCOMPARE(reported.at(0).host, QStringLiteral("127.0.0.1"));
        QCOMPARE(reported.at(0).port, server.localPort());
        QVERIFY(!reported.at(0).reasons.isEmpty());
    }
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Idle, WaitMs);
    const Event *error = clientLog.find(EventKind::Tls);
    QVERIFY(error);
    QCOMPARE(error->dir, Direction::Error);
    // The server sees the client walk away during the handshake: an error of that connection only.
    QTRY_VERIFY_WITH_TIMEOUT(serverLog.find(EventKind::Tls), WaitMs);
    QCOMPARE(serverLog.find(EventKind::Tls)->dir, Direction::Error);
    QCOMPARE(server.state(), Session::State::Running);
    QVERIFY(stopAndWait(server));
}

void tst_TlsSession::trustedFingerprintIsAccepted()
{
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startServer(server));
    Session client;
    EventLog clientLog(&client);
    SessionConfig config = tlsClientConfig(server);
    auto transport = clientTransport(config.tls);
    transport->setTrustedFingerprints({m_fingerprint.toLower()});
    client.setTlsTransport(transport);
    QVERIFY(startAndWait(client, config));
    QTRY_VERIFY_WITH_TIMEOUT(clientLog.find(EventKind::Tls), WaitMs);
    QVERIFY2(clientLog.find(EventKind::Tls)->text.contains(QStringLiteral("trusted by the user")),
        clientLog.dump().constData());
    QVERIFY(client.send(QByteArrayLiteral("pinned")));
    QTRY_COMPARE_WITH_TIMEOUT(serverLog.payload(Direction::In), QByteArrayLiteral("pinned"), WaitMs);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

void tst_TlsSession::tlsWithoutTransportFailsToStart()
{
    Session server;
    EventLog log(&server);
    SessionConfig config = serverConfig(loopback(false));
    config.tls.enabled = true;
    QSignalSpy failed(&server, &Session::failed);
    QSignalSpy stopped(&server, &Session::stopped);
    server.start(config);
    QVERIFY(failed.wait(WaitMs));
    QCOMPARE(failed.at(0).at(1).value<EventKind>(), EventKind::Tls);
    QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, WaitMs);
    QCOMPARE(server.state(), Session::State::Idle);
    QVERIFY(log.find(EventKind::Tls));
}

void tst_TlsSession::stopWithOpenTlsConnections()
{
    Session server;
    QVERIFY(startServer(server));
    std::vector<std::unique_ptr<Session>> clients;
    for (int i = 0; i < 5; ++i) {
        auto client = std::make_unique<Session>();
        SessionConfig config = tlsClientConfig(server);
        config.tls.caFile = m_certFile;
        client->setTlsTransport(clientTransport(config.tls));
        QVERIFY(startAndWait(*client, config));
        clients.push_back(std::move(client));
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().connections, 5, WaitMs);
    // Stopping the server ends each connection; each client sees its peer close, orderly.
    QVERIFY(stopAndWait(server));
    for (auto &client : clients)
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), Session::State::Idle, WaitMs);
}

QTEST_GUILESS_MAIN(tst_TlsSession)
#include "tst_tlssession.moc"
