// --proxy's URLs: the kinds, user names and passwords (percent-encoded where they must be), hosts and
// ports, and what is wrong with a bad one.

#include "proxysettings.h"

#include <QTest>

using namespace sockpit;

Q_DECLARE_METATYPE(ProxySettings::Kind)

class tst_ProxySettings : public QObject
{
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
};

void tst_ProxySettings::parses_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<ProxySettings::Kind>("kind");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("shown"); // toString(): never the password
    using K = ProxySettings::Kind;
    QTest::newRow("socks5") << "socks5://127.0.0.1:1080" << K::Socks5 << "127.0.0.1" << 1080 << ""
                            << ""
                            << "socks5://127.0.0.1:1080";
    QTest::newRow("socks5h, a name") << "socks5h://proxy.example:1080/" << K::Socks5 << "proxy.example"
                                     << 1080 << ""
                                     << ""
                                     << "socks5://proxy.example:1080";
    QTest::newRow("http with a user")
        << "http://alice:s3cret@[::1]:3128" << K::Http << "::1" << 3128 << "alice"
        << "s3cret"
        << "http://alice@[::1]:3128";
    QTest::newRow("percent-encoded") << "HTTP://a%40b:p%3Aw%25d@10.0.0.1:8080" << K::Http << "10.0.0.1"
                                     << 8080 << "a@b"
                                     << "p:w%d"
                                     << "http://a%40b@10.0.0.1:8080";
    QTest::newRow("user without a password")
        << "socks5://bob@127.0.0.1:1080" << K::Socks5 << "127.0.0.1" << 1080 << "bob"
        << ""
        << "socks5://bob@127.0.0.1:1080";
}

void tst_ProxySettings::parses()
{
    QFETCH(QString, url);
    QFETCH(ProxySettings::Kind, kind);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, shown);
    QString error;
    const std::optional<ProxySettings> proxy = ProxySettings::parse(url, &error);
    QVERIFY2(proxy, qPrintable(error));
    QCOMPARE(proxy->kind, kind);
    QCOMPARE(proxy->host, host);
    QCOMPARE(int(proxy->port), port);
    QCOMPARE(proxy->user, user);
    QCOMPARE(proxy->password, password);
    QVERIFY(proxy->enabled());
    QCOMPARE(proxy->toString(), shown);
}

void tst_ProxySettings::refuses_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("error");
    QTest::newRow("no scheme") << "127.0.0.1:1080"
                               << "is not a proxy: write socks5://HOST:PORT or http://HOST:PORT";
    QTest::newRow("socks4") << "socks4://127.0.0.1:1080"
                            << "unknown proxy type 'socks4': socks5 or http";
    QTest::newRow("https") << "https://127.0.0.1:443"
                           << "unknown proxy type 'https'";
    QTest::newRow("no port") << "socks5://127.0.0.1"
                             << "the proxy needs HOST:PORT";
    QTest::newRow("port 0") << "http://127.0.0.1:0"
                            << "the proxy needs HOST:PORT";
    QTest::newRow("only a port") << "http://:8080"
                                 << "the proxy needs HOST:PORT";
    QTest::newRow("bad host") << "socks5://300.1.1.1:1080"
                              << "not a valid IPv4 address";
    QTest::newRow("empty user") << "socks5://:pw@127.0.0.1:1080"
                                << "the proxy's user name is empty";
    QTest::newRow("user too long")
        << QStringLiteral("socks5://%1:p@127.0.0.1:1080").arg(QString(256, QLatin1Char('u')))
        << "at most 255 bytes each";
}

void tst_ProxySettings::refuses()
{
    QFETCH(QString, url);
    QFETCH(QString, error);
    QString message;
    QVERIFY(!ProxySettings::parse(url, &message));
    QVERIFY2(message.contains(error), qPrintable(message));
    QVERIFY(!ProxySettings().enabled());
}

QTEST_GUILESS_MAIN(tst_ProxySettings)
#include "tst_proxysettings.moc"
