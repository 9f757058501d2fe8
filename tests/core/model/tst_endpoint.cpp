#include "endpoint.h"

#include <QTest>

using namespace sockpit;

// Endpoint parsing and formatting: what users type and what the log shows.
class tst_Endpoint : public QObject
{
    Q_OBJECT

private slots:
    void formatEndpoint_data();
    void formatEndpoint();
    void parsePort_data();
    void parsePort();
    void validateHost_data();
    void validateHost();
    void parse_data();
    void parse();
    void toStringRoundTrip_data();
    void toStringRoundTrip();
};

void tst_Endpoint::formatEndpoint_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("expectedAddress");

    QTest::newRow("v4") << "127.0.0.1" << 9000 << "127.0.0.1:9000"
                        << "127.0.0.1";
    QTest::newRow("v4 any") << "0.0.0.0" << 0 << "0.0.0.0:0"
                            << "0.0.0.0";
    QTest::newRow("v6 loopback") << "::1" << 9000 << "[::1]:9000"
                                 << "::1";
    QTest::newRow("v6 any") << "::" << 80 << "[::]:80"
                            << "::";
    QTest::newRow("v6 scope") << "fe80::1%lo" << 80 << "[fe80::1%lo]:80"
                              << "fe80::1%lo";
    QTest::newRow("v4-mapped") << "::ffff:1.2.3.4" << 65535 << "1.2.3.4:65535"
                               << "1.2.3.4";
    QTest::newRow("v4-mapped loopback") << "::ffff:127.0.0.1" << 1 << "127.0.0.1:1"
                                        << "127.0.0.1";
}

void tst_Endpoint::formatEndpoint()
{
    QFETCH(QString, address);
    QFETCH(int, port);
    QFETCH(QString, expected);
    QFETCH(QString, expectedAddress);

    const QHostAddress host(address);
    QVERIFY2(!host.isNull(), qPrintable(address));
    QCOMPARE(sockpit::formatEndpoint(host, quint16(port)), expected);
    QCOMPARE(sockpit::formatAddress(host), expectedAddress);
}

void tst_Endpoint::parsePort_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("allowZero");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("errorMentions"); // every fragment separated by '|' must appear

    QTest::newRow("1") << "1" << false << true << 1 << QString();
    QTest::newRow("9000") << "9000" << false << true << 9000 << QString();
    QTest::newRow("65535") << "65535" << false << true << 65535 << QString();
    QTest::newRow("leading zeros") << "0080" << false << true << 80 << QString();
    QTest::newRow("spaces around") << " 22 " << false << true << 22 << QString();
    QTest::newRow("zero allowed") << "0" << true << true << 0 << QString();
    QTest::newRow("zero refused") << "0" << false << false << 0 << "port must be a number from 1 to 65535|0";
    QTest::newRow("65536") << "65536" << false << false << 0 << "from 1 to 65535|65536";
    QTest::newRow("65536 allow zero") << "65536" << true << false << 0 << "from 0 to 65535|65536";
    QTest::newRow("huge") << "99999999999999999999" << false << false << 0 << "from 1 to 65535";
    QTest::newRow("empty") << "" << false << false << 0 << "port is empty";
    QTest::newRow("blank") << "   " << false << false << 0 << "port is empty";
    QTest::newRow("letters") << "abc" << false << false << 0 << "'abc' is not a port number";
    QTest::newRow("negative") << "-1" << false << false << 0 << "'-1' is not a port number";
    QTest::newRow("plus") << "+80" << false << false << 0 << "'+80' is not a port number";
    QTest::newRow("hex") << "0x50" << false << false << 0 << "'0x50' is not a port number";
    QTest::newRow("inner space") << "80 80" << false << false << 0 << "'80 80' is not a port number";
    QTest::newRow("arabic-indic digits")
        << QString::fromUtf8("\xd9\xa8\xd9\xa0") << false << false << 0 << "is not a port number";
}

void tst_Endpoint::parsePort()
{
    QFETCH(QString, text);
    QFETCH(bool, allowZero);
    QFETCH(bool, ok);
    QFETCH(int, port);
    QFETCH(QString, errorMentions);

    quint16 parsed = 4242;
    QString error;
    QCOMPARE(sockpit::parsePort(text, &parsed, &error, allowZero), ok);
    if (ok) {
        QCOMPARE(int(parsed), port);
        QVERIFY(error.isEmpty());
    } else {
        QCOMPARE(int(parsed), 4242); // untouched on failure
        const QStringList fragments = errorMentions.split(u'|');
        for (const QString &fragment : fragments)
            QVERIFY2(error.contains(fragment), qPrintable(error + QStringLiteral(" / ") + fragment));
    }
    // A null error pointer must be fine too.
    QCOMPARE(sockpit::parsePort(text, nullptr, nullptr, allowZero), ok);
}

void tst_Endpoint::validateHost_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error"); // empty: valid

    QTest::newRow("v4") << "127.0.0.1" << QString();
    QTest::newRow("v4 max") << "255.255.255.255" << QString();
    QTest::newRow("v4 zero") << "0.0.0.0" << QString();
    QTest::newRow("v6") << "::1" << QString();
    QTest::newRow("v6 full") << "2001:db8:0:0:0:0:0:1" << QString();
    QTest::newRow("v6 scope") << "fe80::1%lo" << QString();
    QTest::newRow("v6 scope number") << "fe80::1%2" << QString();
    QTest::newRow("v4-mapped") << "::ffff:1.2.3.4" << QString();
    QTest::newRow("localhost") << "localhost" << QString();
    QTest::newRow("name") << "example.com" << QString();
    QTest::newRow("final dot") << "example.com." << QString();
    QTest::newRow("hyphen digits") << "a-1.b2.example" << QString();
    QTest::newRow("digit label") << "1.example.com" << QString();
    QTest::newRow("63 chars") << QString(63, u'a') + QStringLiteral(".com") << QString();
    QTest::newRow("idn") << QString::fromUtf8("b\xc3\xbc"
                                              "cher.example")
                         << QString();

    QTest::newRow("empty") << ""
                           << "host is empty";
    QTest::newRow("300.1.1.1") << "300.1.1.1"
                               << "'300.1.1.1' is not a valid IPv4 address";
    QTest::newRow("three parts") << "127.1"
                                 << "'127.1' is not a valid IPv4 address";
    QTest::newRow("five parts") << "1.2.3.4.5"
                                << "'1.2.3.4.5' is not a valid IPv4 address";
    QTest::newRow("leading zero") << "010.0.0.1"
                                  << "'010.0.0.1' is not a valid IPv4 address";
    QTest::newRow("trailing dot v4") << "1.2.3.4."
                                     << "'1.2.3.4.' is not a valid IPv4 address";
    QTest::newRow("number") << "12345"
                            << "'12345' is not a valid IPv4 address";
    QTest::newRow("space") << "foo bar"
                           << "'foo bar' is not a hostname or address";
    QTest::newRow("underscore") << "my_host"
                                << "'my_host' is not a hostname or address";
    QTest::newRow("leading hyphen") << "-foo"
                                    << "'-foo' is not a hostname or address";
    QTest::newRow("trailing hyphen") << "foo-.com"
                                     << "'foo-.com' is not a hostname or address";
    QTest::newRow("empty label") << "a..b"
                                 << "'a..b' is not a hostname or address";
    QTest::newRow("64 chars") << QString(64, u'a') << "is not a hostname or address";
    QTest::newRow("too long") << QString(QString(60, u'a') + u'.').repeated(5)
                              << "is not a hostname or address";
    QTest::newRow("hex v4") << "0x7f.0.0.1"
                            << "'0x7f.0.0.1' is not a hostname or address";
    QTest::newRow("markup") << "<b>x</b>"
                            << "'<b>x</b>' is not a hostname or address";
    QTest::newRow("bad v6") << "1:2:3:4:5:6:7:8:9"
                            << "'1:2:3:4:5:6:7:8:9' is not a valid IPv6 address";
    QTest::newRow("host:port") << "host:80"
                               << "'host:80' is not a valid IPv6 address";
    QTest::newRow("empty scope") << "fe80::1%"
                                 << "'fe80::1%' is not a valid IPv6 address";
    QTest::newRow("bad scope") << "fe80::1%a b"
                               << "'fe80::1%a b' is not a valid IPv6 address";
    QTest::newRow("brackets") << "[::1]"
                              << "'[::1]' is not a valid IPv6 address";
}

void tst_Endpoint::validateHost()
{
    QFETCH(QString, text);
    QFETCH(QString, error);

    QString message;
    const bool ok = sockpit::validateHost(text, &message);
    if (error.isEmpty()) {
        QVERIFY2(ok, qPrintable(message));
    } else {
        QVERIFY(!ok);
        QVERIFY2(message.contains(error), qPrintable(message));
    }
}

void tst_Endpoint::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("allowZero");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("error"); // empty: valid

    QTest::newRow("v4") << "127.0.0.1:9000" << false << "127.0.0.1" << 9000 << QString();
    QTest::newRow("name") << "example.com:80" << false << "example.com" << 80 << QString();
    QTest::newRow("spaces") << "  localhost:22 " << false << "localhost" << 22 << QString();
    QTest::newRow("v6") << "[::1]:9000" << false << "::1" << 9000 << QString();
    QTest::newRow("v6 scope") << "[fe80::1%lo]:80" << false << "fe80::1%lo" << 80 << QString();
    QTest::newRow("port only") << "9000" << false << QString() << 9000 << QString();
    QTest::newRow("colon port") << ":9000" << false << QString() << 9000 << QString();
    QTest::newRow("zero allowed") << "0.0.0.0:0" << true << "0.0.0.0" << 0 << QString();

    QTest::newRow("empty") << "" << false << QString() << 0 << "address is empty";
    QTest::newRow("zero refused") << "0.0.0.0:0" << false << QString() << 0 << "from 1 to 65535";
    QTest::newRow("bad port") << "host:abc" << false << QString() << 0 << "'abc' is not a port number";
    QTest::newRow("big port") << "host:70000" << false << QString() << 0 << "70000";
    QTest::newRow("no port") << "host:" << false << QString() << 0 << "port is empty";
    QTest::newRow("name only") << "example.com" << false << QString() << 0 << "'example.com' has no port";
    QTest::newRow("v4 only") << "127.0.0.1" << false << QString() << 0 << "'127.0.0.1' has no port";
    QTest::newRow("bare v6") << "::1:9000" << false << QString() << 0 << "in brackets";
    QTest::newRow("bad v4") << "300.1.1.1:80" << false << QString() << 0
                            << "'300.1.1.1' is not a valid IPv4 address";
    QTest::newRow("bad name") << "foo bar:80" << false << QString() << 0
                              << "'foo bar' is not a hostname or address";
    QTest::newRow("unclosed") << "[::1:80" << false << QString() << 0 << "no closing ']'";
    QTest::newRow("v6 no port") << "[::1]" << false << QString() << 0 << "'[::1]' has no port";
    QTest::newRow("v6 junk") << "[::1]x80" << false << QString() << 0 << "has no port";
    QTest::newRow("v4 in brackets") << "[1.2.3.4]:80" << false << QString() << 0
                                    << "'1.2.3.4' is not a valid IPv6 address";
    QTest::newRow("bad v6") << "[::g]:80" << false << QString() << 0 << "'::g' is not a valid IPv6 address";
}

void tst_Endpoint::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, allowZero);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, error);

    QString message;
    const std::optional<Endpoint> endpoint = Endpoint::parse(text, &message, allowZero);
    if (error.isEmpty()) {
        QVERIFY2(endpoint.has_value(), qPrintable(message));
        QCOMPARE(endpoint->host, host);
        QCOMPARE(int(endpoint->port), port);
    } else {
        QVERIFY(!endpoint.has_value());
        QVERIFY2(message.contains(error), qPrintable(message));
    }
}

void tst_Endpoint::toStringRoundTrip_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("text");

    QTest::newRow("v4") << "10.0.0.1" << 1234 << "10.0.0.1:1234";
    QTest::newRow("v6") << "2001:db8::1" << 443 << "[2001:db8::1]:443";
    QTest::newRow("name") << "example.org" << 7 << "example.org:7";
    QTest::newRow("port only") << QString() << 9000 << "9000";
}

void tst_Endpoint::toStringRoundTrip()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, text);

    const Endpoint endpoint {host, quint16(port)};
    QCOMPARE(endpoint.toString(), text);
    QString error;
    const std::optional<Endpoint> back = Endpoint::parse(text, &error);
    QVERIFY2(back.has_value(), qPrintable(error));
    QVERIFY(*back == endpoint);
}

QTEST_APPLESS_MAIN(tst_Endpoint)
#include "tst_endpoint.moc"
