// The client's side of the SOCKS5 and HTTP CONNECT handshakes, byte for byte: what is sent, what each
// reply step takes from the socket (never the target's first bytes behind it), and why a proxy's
// refusal fails.

#include "proxyhandshake.h"

#include <QTest>

using namespace sockpit;

namespace {

ProxySettings proxy(ProxySettings::Kind kind, const QString &user = {}, const QString &password = {})
{
    ProxySettings settings;
    settings.kind = kind;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = 1080;
    settings.user = user;
    settings.password = password;
    return settings;
}

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}

} // namespace

class tst_ProxyHandshake : public QObject
{
    Q_OBJECT

private slots:
    void socksWithoutAuthentication();
    void socksWithUserAndPassword();
    void socksAddressTypes_data();
    void socksAddressTypes();
    void socksRefusals_data();
    void socksRefusals();
    void socksRepliesArriveInPieces();
    void httpConnect();
    void httpConnectWithAuthentication();
    void httpRefusals_data();
    void httpRefusals();
};

void tst_ProxyHandshake::socksWithoutAuthentication()
{
    ProxyHandshake handshake(proxy(ProxySettings::Kind::Socks5), QStringLiteral("example.com"), 80);
    QCOMPARE(handshake.greeting(), hex("050100")); // version 5, one method: none
    qsizetype consumed = -1;
    QByteArray send;
    QCOMPARE(handshake.feed(hex("0500"), &consumed, &send), ProxyHandshake::Status::NeedMore);
    QCOMPARE(consumed, 2);
    // CONNECT to a name, which the proxy resolves: ATYP 3, its length, the name, the port.
    QCOMPARE(send, hex("05010003") + char(11) + "example.com" + hex("0050"));
    send.clear();
    // The reply, then the target's first bytes: only the reply is taken.
    const QByteArray reply = hex("05000001"
                                 "7f000001"
                                 "1f90")
        + "BANNER";
    QCOMPARE(handshake.feed(reply, &consumed, &send), ProxyHandshake::Status::Done);
    QCOMPARE(consumed, 10);
    QVERIFY(send.isEmpty());
    QCOMPARE(handshake.target(), QStringLiteral("example.com:80"));
}

void tst_ProxyHandshake::socksWithUserAndPassword()
{
    ProxyHandshake handshake(
        proxy(ProxySettings::Kind::Socks5, QStringLiteral("alice"), QStringLiteral("s3cr:t")),
        QStringLiteral("10.0.0.1"), 502);
    QCOMPARE(handshake.greeting(), hex("05020002")); // two methods: none, user/password
    qsizetype consumed = 0;
    QByteArray send;
    QCOMPARE(handshake.feed(hex("0502"), &consumed, &send), ProxyHandshake::Status::NeedMore);
    QCOMPARE(send, hex("01") + char(5) + "alice" + char(6) + "s3cr:t"); // RFC 1929
    send.clear();
    QCOMPARE(handshake.feed(hex("0100"), &consumed, &send), ProxyHandshake::Status::NeedMore);
    QCOMPARE(consumed, 2);
    QCOMPARE(send,
        hex("05010001"
            "0a000001"
            "01f6")); // an IPv4 target as such
    send.clear();
    QCOMPARE(handshake.feed(hex("05000001000000000000"), &consumed, &send), ProxyHandshake::Status::Done);
}

void tst_ProxyHandshake::socksAddressTypes_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("reply"); // the proxy's answer, in its own address type
    QTest::newRow("IPv4") << QStringLiteral("192.0.2.7") << hex("05010001c00002070050")
                          << hex("05000001c00002070050");
    QTest::newRow("IPv6") << QStringLiteral("::1")
                          << hex("0501000400000000000000000000000000000001"
                                 "0050")
                          << hex("0500000400000000000000000000000000000001"
                                 "0050");
    QTest::newRow("name") << QStringLiteral("plc.local") << hex("0501000309") + "plc.local" + hex("0050")
                          << hex("0500000309") + "plc.local" + hex("0050");
}

void tst_ProxyHandshake::socksAddressTypes()
{
    QFETCH(QString, host);
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, reply);
    ProxyHandshake handshake(proxy(ProxySettings::Kind::Socks5), host, 80);
    qsizetype consumed = 0;
    QByteArray send;
    QCOMPARE(handshake.feed(hex("0500"), &consumed, &send), ProxyHandshake::Status::NeedMore);
    QCOMPARE(send, request);
    QCOMPARE(handshake.feed(reply + "rest", &consumed, &send), ProxyHandshake::Status::Done);
    QCOMPARE(consumed, reply.size());
}

void tst_ProxyHandshake::socksRefusals_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QList<QByteArray>>("replies");
    QTest::addColumn<QString>("error");
    QTest::newRow("wants a password")
        << QString() << QList<QByteArray> {hex("05ff")}
        << QStringLiteral("the proxy wants a user name and password (socks5://USER:PASSWORD@HOST:PORT)");
    QTest::newRow("password refused")
        << QStringLiteral("alice") << QList<QByteArray> {hex("0502"), hex("0101")}
        << QStringLiteral("the proxy refused the user name and password");
    QTest::newRow("no method") << QStringLiteral("alice") << QList<QByteArray> {hex("05ff")}
                               << QStringLiteral("the proxy accepts none of the ways offered to log in");
    QTest::newRow("not SOCKS5") << QString() << QList<QByteArray> {QByteArray("HTTP/1.1 400 Bad\r\n")}
                                << QStringLiteral("the proxy does not speak SOCKS5");
    QTest::newRow("refused by the target")
        << QString() << QList<QByteArray> {hex("0500"), hex("05050001000000000000")}
        << QStringLiteral("the proxy could not connect to example.com:80: connection refused");
    QTest::newRow("not allowed")
        << QString() << QList<QByteArray> {hex("0500"), hex("05020001000000000000")}
        << QStringLiteral("the proxy could not connect to example.com:80: not allowed by its rules");
    QTest::newRow("unknown reply") << QString()
                                   << QList<QByteArray> {hex("0500"), hex("05630001000000000000")}
                                   << QStringLiteral(
                                          "the proxy could not connect to example.com:80: reply 99");
}

void tst_ProxyHandshake::socksRefusals()
{
    QFETCH(QString, user);
    QFETCH(QList<QByteArray>, replies);
    QFETCH(QString, error);
    ProxyHandshake handshake(
        proxy(ProxySettings::Kind::Socks5, user, QStringLiteral("pw")), QStringLiteral("example.com"), 80);
    ProxyHandshake::Status status = ProxyHandshake::Status::NeedMore;
    for (const QByteArray &reply : replies) {
        qsizetype consumed = 0;
        QByteArray send;
        status = handshake.feed(reply, &consumed, &send);
    }
    QCOMPARE(status, ProxyHandshake::Status::Failed);
    QCOMPARE(handshake.error(), error);
}

void tst_ProxyHandshake::socksRepliesArriveInPieces()
{
    // A reply cut anywhere: each piece is taken (it belongs to the reply, and must not wait in the
    // socket to be looked at again), nothing beyond the reply is, and the reply counts once whole.
    const QByteArray reply = hex("0500000309") + "plc.local" + hex("01f6");
    for (qsizetype cut = 1; cut < reply.size(); ++cut) {
        ProxyHandshake handshake(proxy(ProxySettings::Kind::Socks5), QStringLiteral("plc.local"), 502);
        qsizetype consumed = -1;
        QByteArray send;
        QCOMPARE(handshake.feed(hex("05"), &consumed, &send), ProxyHandshake::Status::NeedMore);
        QCOMPARE(consumed, 1);
        QVERIFY(send.isEmpty());
        QCOMPARE(handshake.feed(hex("00"), &consumed, &send), ProxyHandshake::Status::NeedMore);
        QCOMPARE(consumed, 1);
        QCOMPARE(send, hex("0501000309") + "plc.local" + hex("01f6")); // now the request
        QCOMPARE(handshake.feed(reply.left(cut), &consumed, &send), ProxyHandshake::Status::NeedMore);
        QCOMPARE(consumed, cut);
        QCOMPARE(handshake.feed(reply.mid(cut) + "BANNER", &consumed, &send), ProxyHandshake::Status::Done);
        QCOMPARE(consumed, reply.size() - cut);
    }
}

void tst_ProxyHandshake::httpConnect()
{
    ProxyHandshake handshake(proxy(ProxySettings::Kind::Http), QStringLiteral("::1"), 8080);
    QCOMPARE(handshake.greeting(), QByteArray("CONNECT [::1]:8080 HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n"));
    qsizetype consumed = 0;
    QByteArray send;
    // The header in three pieces, the blank line that ends it cut in two.
    const QByteArray first = "HTTP/1.1 200 Connection established\r\n";
    QCOMPARE(handshake.feed(first, &consumed, &send), ProxyHandshake::Status::NeedMore);
    QCOMPARE(consumed, first.size());
    const QByteArray second = "Proxy-Agent: test\r\n\r";
    QCOMPARE(handshake.feed(second, &consumed, &send), ProxyHandshake::Status::NeedMore);
    QCOMPARE(consumed, second.size());
    QCOMPARE(handshake.feed("\n220 ready\r\n", &consumed, &send), ProxyHandshake::Status::Done);
    QCOMPARE(consumed, 1); // the target's banner stays for the connection
    QVERIFY(send.isEmpty());
    // In one piece with the banner, only the header is taken.
    ProxyHandshake whole(proxy(ProxySettings::Kind::Http), QStringLiteral("::1"), 8080);
    const QByteArray header = first + "Proxy-Agent: test\r\n\r\n";
    QCOMPARE(whole.feed(header + "220 ready\r\n", &consumed, &send), ProxyHandshake::Status::Done);
    QCOMPARE(consumed, header.size());
}

void tst_ProxyHandshake::httpConnectWithAuthentication()
{
    ProxyHandshake handshake(
        proxy(ProxySettings::Kind::Http, QStringLiteral("alice"), QStringLiteral("pässword")),
        QStringLiteral("example.com"), 443);
    QCOMPARE(handshake.greeting(),
        QByteArray("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nProxy-Authorization: Basic ")
            + QByteArray("alice:p\xc3\xa4ssword").toBase64() + "\r\n\r\n");
}

void tst_ProxyHandshake::httpRefusals_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("error");
    QTest::newRow("407") << QString() << QByteArray("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n")
                         << QStringLiteral(
                                "the proxy wants a user name and password (http://USER:PASSWORD@HOST:PORT): "
                                "407 Proxy Authentication Required");
    QTest::newRow("407 with a user") << QStringLiteral("alice")
                                     << QByteArray("HTTP/1.0 407 Proxy Authentication Required\r\n\r\n")
                                     << QStringLiteral(
                                            "the proxy refused the user name and password: 407 Proxy "
                                            "Authentication Required");
    QTest::newRow("403") << QString() << QByteArray("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                         << QStringLiteral(
                                "the proxy did not connect to example.com:80: it answered 403 Forbidden");
    QTest::newRow("not HTTP") << QString() << QByteArray("\x05\x00\r\n\r\n", 6)
                              << QStringLiteral("the proxy's answer is not HTTP");
    QTest::newRow("endless header") << QString() << QByteArray(17 * 1024, 'a')
                                    << QStringLiteral("the proxy's answer is not HTTP");
}

void tst_ProxyHandshake::httpRefusals()
{
    QFETCH(QString, user);
    QFETCH(QByteArray, reply);
    QFETCH(QString, error);
    ProxyHandshake handshake(
        proxy(ProxySettings::Kind::Http, user, QStringLiteral("pw")), QStringLiteral("example.com"), 80);
    qsizetype consumed = 0;
    QByteArray send;
    QCOMPARE(handshake.feed(reply, &consumed, &send), ProxyHandshake::Status::Failed);
    QCOMPARE(handshake.error(), error);
}

QTEST_GUILESS_MAIN(tst_ProxyHandshake)
#include "tst_proxyhandshake.moc"
