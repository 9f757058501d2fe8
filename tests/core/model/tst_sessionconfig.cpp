#include "sessionconfig.h"

#include <QTest>

using namespace sockpit;

Q_DECLARE_METATYPE(sockpit::SessionMode)
Q_DECLARE_METATYPE(sockpit::TlsRole)

// What a session's setup implies: its name in the log and the recording, the end of the TLS handshakes
// it takes, the largest datagram it sends, and a WebSocket client's URL.
class tst_SessionConfig : public QObject
{
    Q_OBJECT

private slots:
    void kindAndRole_data();
    void kindAndRole();
    void webSocketUrl_data();
    void webSocketUrl();
};

void tst_SessionConfig::kindAndRole_data()
{
    QTest::addColumn<SessionMode>("mode");
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("webSocket");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<TlsRole>("role");
    QTest::addColumn<qsizetype>("datagram");

    const QString host = QStringLiteral("127.0.0.1");
    QTest::newRow("tcp server") << SessionMode::TcpServer << QString() << false << false
                                << QStringLiteral("tcp-server") << TlsRole::None << MaxUdpPayload;
    QTest::newRow("tls server") << SessionMode::TcpServer << QString() << true << false
                                << QStringLiteral("tcp-server") << TlsRole::Server << MaxUdpPayload;
    QTest::newRow("tls client") << SessionMode::TcpClient << host << true << false
                                << QStringLiteral("tcp-client") << TlsRole::Client << MaxUdpPayload;
    QTest::newRow("ws server") << SessionMode::TcpServer << QString() << false << true
                               << QStringLiteral("ws-server") << TlsRole::None << MaxUdpPayload;
    QTest::newRow("wss client") << SessionMode::TcpClient << host << true << true
                                << QStringLiteral("wss-client") << TlsRole::Client << MaxUdpPayload;
    QTest::newRow("udp") << SessionMode::Udp << host << false << false << QStringLiteral("udp")
                         << TlsRole::None << MaxUdpPayload;
    // DTLS: a server without a remote host, a client of the one it has.
    QTest::newRow("dtls server") << SessionMode::Udp << QString() << true << false
                                 << QStringLiteral("dtls-server") << TlsRole::Server << MaxDtlsPayload;
    QTest::newRow("dtls client") << SessionMode::Udp << host << true << false << QStringLiteral("dtls-client")
                                 << TlsRole::Client << MaxDtlsPayload;
    // TLS settings where they do not apply change nothing.
    QTest::newRow("unix datagrams with tls")
        << SessionMode::UnixDatagram << QString() << true << false << QStringLiteral("unix-dgram")
        << TlsRole::None << MaxUdpPayload;
    QTest::newRow("udp relay with tls") << SessionMode::UdpRelay << host << true << false
                                        << QStringLiteral("udp-relay") << TlsRole::None << MaxUdpPayload;
}

void tst_SessionConfig::kindAndRole()
{
    QFETCH(SessionMode, mode);
    QFETCH(QString, host);
    QFETCH(bool, tls);
    QFETCH(bool, webSocket);
    QFETCH(QString, kind);
    QFETCH(TlsRole, role);
    QFETCH(qsizetype, datagram);
    SessionConfig config;
    config.mode = mode;
    config.host = host;
    config.tls.enabled = tls;
    config.webSocket = webSocket;
    QCOMPARE(sessionKindName(config), kind);
    QCOMPARE(tlsRole(config), role);
    QCOMPARE(largestDatagram(config), datagram);
}

void tst_SessionConfig::webSocketUrl_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QString>("url");
    QTest::newRow("ws") << QStringLiteral("example.org") << QStringLiteral("/chat?room=1") << false
                        << QStringLiteral("ws://example.org:8080/chat?room=1");
    QTest::newRow("wss, no slash") << QStringLiteral("example.org") << QStringLiteral("x") << true
                                   << QStringLiteral("wss://example.org:8080/x");
    QTest::newRow("empty path") << QStringLiteral("10.0.0.1") << QString() << false
                                << QStringLiteral("ws://10.0.0.1:8080/");
    QTest::newRow("ipv6") << QStringLiteral("::1") << QStringLiteral("/") << false
                          << QStringLiteral("ws://[::1]:8080/");
}

void tst_SessionConfig::webSocketUrl()
{
    QFETCH(QString, host);
    QFETCH(QString, resource);
    QFETCH(bool, tls);
    QFETCH(QString, url);
    SessionConfig config;
    config.mode = SessionMode::TcpClient;
    config.webSocket = true;
    config.host = host;
    config.port = 8080;
    config.webSocketResource = resource;
    config.tls.enabled = tls;
    QCOMPARE(sockpit::webSocketUrl(config), url);
}

QTEST_APPLESS_MAIN(tst_SessionConfig)
#include "tst_sessionconfig.moc"
