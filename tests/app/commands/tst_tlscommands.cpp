// `sockpit listen --tls` and `sockpit connect --tls` against OpenSSL's own peers (openssl s_server and
// s_client) on 127.0.0.1, with certificates made for the run; and the TLS flags' argument checks.

#include "openssltestutil.h"

#include <QRegularExpression>

using namespace clitest;

class tst_TlsCommands : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup() { m_procs.killAll(); }

    void invalidTlsArgumentsExitTwo_data();
    void invalidTlsArgumentsExitTwo();
    void unusableFilesExitOne_data();
    void unusableFilesExitOne();

    void connectToOpenSslServerWithTestCa();
    void connectRejectsUntrustedCertificate();
    void connectInsecureAcceptsUntrustedCertificate();
    void openSslClientToListenWithCertificate();
    void openSslClientToListenSelfSigned();
    void listenWithCaRequiresClientCertificate();
    void connectPresentsClientCertificate();

private:
    // An `openssl s_server` on 127.0.0.1 with the test server certificate; returns its port (0: failed).
    quint16 startOpenSslServer(Proc **server, const QStringList &extra = {});
    // An `openssl s_client` connecting to 127.0.0.1:port; its standard input stays open.
    Proc *startOpenSslClient(quint16 port, const QStringList &extra);
    Proc *startListener(const QStringList &arguments, quint16 *port);

    testpki::Pki m_pki;
    Processes m_procs;
};

void tst_TlsCommands::initTestCase()
{
    const QString error = m_pki.make();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void tst_TlsCommands::invalidTlsArgumentsExitTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("listen --key without --cert")
        << args({"listen", "--tls", "--key", "k.pem", "0"}) << S("--key needs --cert");
    QTest::newRow("connect --key without --cert")
        << args({"connect", "--tls", "--key", "k.pem", "127.0.0.1", "9"}) << S("--key needs --cert");
    QTest::newRow("listen --cert without --key")
        << args({"listen", "--tls", "--cert", "c.pem", "0"}) << S("--cert needs --key");
    QTest::newRow("--cert without --tls")
        << args({"listen", "--cert", "c.pem", "--key", "k.pem", "0"}) << S("--cert needs --tls");
    QTest::newRow("--ca without --tls")
        << args({"connect", "--ca", "ca.pem", "127.0.0.1", "9"}) << S("--ca needs --tls");
    QTest::newRow("--insecure without --tls")
        << args({"connect", "--insecure", "127.0.0.1", "9"}) << S("--insecure needs --tls");
    QTest::newRow("listen --insecure") << args({"listen", "--tls", "--insecure", "0"}) << S("--insecure");
    QTest::newRow("--ca with --insecure")
        << args({"connect", "--tls", "--ca", "ca.pem", "--insecure", "127.0.0.1", "9"})
        << S("either --ca or --insecure");
    QTest::newRow("--cert empty") << args({"listen", "--tls", "--cert", "", "--key", "k.pem", "0"})
                                  << S("--cert needs a file name");
    QTest::newRow("--udp --ca without --tls")
        << args({"listen", "--udp", "--ca", "x", "0"}) << S("--ca needs --tls");
}

void tst_TlsCommands::invalidTlsArgumentsExitTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    Proc *proc = m_procs.sockpit(arguments);
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 2);
    QVERIFY2(proc->err.contains(message.toUtf8()), proc->err.constData());
}

void tst_TlsCommands::unusableFilesExitOne_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString missing = m_pki.path(QStringLiteral("missing.crt"));
    QTest::newRow("listen: missing certificate")
        << QStringList {S("listen"), S("--tls"), S("--cert"), missing, S("--key"), m_pki.serverKey(), S("0")}
        << missing;
    QTest::newRow("listen: missing key")
        << QStringList {S("listen"), S("--tls"), S("--cert"), m_pki.serverCert(), S("--key"), missing, S("0")}
        << missing;
    QTest::newRow("listen: key of another certificate") << QStringList {S("listen"), S("--tls"), S("--cert"),
        m_pki.serverCert(), S("--key"), m_pki.clientKey(), S("0")}
                                                        << S("does not belong to the certificate");
    QTest::newRow("listen: key file holds a certificate") << QStringList {S("listen"), S("--tls"),
        S("--cert"), m_pki.serverCert(), S("--key"), m_pki.serverCert(), S("0")}
                                                          << m_pki.serverCert();
    QTest::newRow("connect: missing CA file")
        << QStringList {S("connect"), S("--tls"), S("--ca"), missing, S("127.0.0.1"), S("9")} << missing;
    QTest::newRow("connect: CA file without certificates")
        << QStringList {S("connect"), S("--tls"), S("--ca"), m_pki.serverKey(), S("127.0.0.1"), S("9")}
        << m_pki.serverKey();
}

void tst_TlsCommands::unusableFilesExitOne()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    Proc *proc = m_procs.sockpit(arguments);
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 1);
    QVERIFY2(proc->err.contains(message.toUtf8()), proc->err.constData());
}

quint16 tst_TlsCommands::startOpenSslServer(Proc **server, const QStringList &extra)
{
    quint16 port = 0;
    *server = clitest::startOpenSslServer(m_procs, m_pki, Secure::Tls, extra, &port);
    return port;
}

Proc *tst_TlsCommands::startOpenSslClient(quint16 port, const QStringList &extra)
{
    return clitest::startOpenSslClient(m_procs, Secure::Tls, port, extra);
}

Proc *tst_TlsCommands::startListener(const QStringList &arguments, quint16 *port)
{
    return clitest::startListener(m_procs, arguments, port);
}

void tst_TlsCommands::connectToOpenSslServerWithTestCa()
{
    Proc *server = nullptr;
    const quint16 port = startOpenSslServer(&server);
    QVERIFY2(port != 0, server->err.constData());
    server->process->write("from-openssl\n"); // sent to the client once it is connected
    Proc *client = m_procs.sockpit({S("connect"), S("-v"), S("--tls"), S("--ca"), m_pki.caCert(),
        S("127.0.0.1"), QString::number(port), S("--send"), S("from-sockpit"), S("--wait"), S("1500")});
    QVERIFY(waitEnd(client, 20000));
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QCOMPARE(client->out, QByteArray("from-openssl\n"));
    QTRY_VERIFY2(server->out.contains("from-sockpit"), server->out.constData());
    // The negotiated protocol and cipher, as an info event.
    QVERIFY2(client->err.contains("TLS handshake done: TLS 1.3, cipher TLS_"), client->err.constData());
    QVERIFY2(client->err.contains("verified"), client->err.constData());
}

void tst_TlsCommands::connectRejectsUntrustedCertificate()
{
    Proc *server = nullptr;
    const quint16 port = startOpenSslServer(&server);
    QVERIFY2(port != 0, server->err.constData());
    // The system's CAs do not know the test CA; another CA does not vouch for the server either.
    for (const QStringList &trust : {QStringList {}, QStringList {S("--ca"), m_pki.otherCaCert()}}) {
        Proc *client = m_procs.sockpit(QStringList {S("connect"), S("--tls")} + trust
            + QStringList {
                S("127.0.0.1"), QString::number(port), S("--send"), S("secret"), S("--wait"), S("1000")});
        QVERIFY(waitEnd(client, 20000));
        QCOMPARE(client->process->exitCode(), 1);
        QVERIFY2(client->err.contains("TLS handshake with 127.0.0.1:"), client->err.constData());
        QVERIFY2(client->err.contains("certificate SHA-256 fingerprint"), client->err.constData());
        QVERIFY2(client->err.contains("--insecure"), client->err.constData());
        QVERIFY(client->out.isEmpty());
    }
    QVERIFY2(!server->out.contains("secret"), server->out.constData());
}

void tst_TlsCommands::connectInsecureAcceptsUntrustedCertificate()
{
    Proc *server = nullptr;
    const quint16 port = startOpenSslServer(&server);
    QVERIFY2(port != 0, server->err.constData());
    server->process->write("unverified-hello\n");
    Proc *client = m_procs.sockpit({S("connect"), S("-v"), S("--tls"), S("--insecure"), S("127.0.0.1"),
        QString::number(port), S("--send"), S("anyway"), S("--wait"), S("1500")});
    QVERIFY(waitEnd(client, 20000));
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QCOMPARE(client->out, QByteArray("unverified-hello\n"));
    QTRY_VERIFY2(server->out.contains("anyway"), server->out.constData());
    QVERIFY2(client->err.contains("not verified"), client->err.constData());
}

void tst_TlsCommands::openSslClientToListenWithCertificate()
{
    quint16 port = 0;
    Proc *listener = startListener(
        {S("--tls"), S("--cert"), m_pki.serverCert(), S("--key"), m_pki.serverKey(), S("0")}, &port);
    QVERIFY2(port != 0, listener->err.constData());
    Proc *client
        = startOpenSslClient(port, {S("-CAfile"), m_pki.caCert(), S("-verify_return_error"), S("-brief")});
    client->process->write("from-openssl\n");
    QTRY_VERIFY2_WITH_TIMEOUT(listener->out.contains("from-openssl\n"), listener->err.constData(), 20000);
    listener->process->write("from-sockpit\n");
    QTRY_VERIFY2_WITH_TIMEOUT(client->out.contains("from-sockpit\n"), client->err.constData(), 20000);
    QVERIFY2(client->err.contains("Verification: OK"), client->err.constData());
    QTRY_VERIFY2_WITH_TIMEOUT(
        listener->err.contains("TLS handshake done: TLS 1.3"), listener->err.constData(), 10000);
    // The end of the client's connection is the end of that connection only.
    client->process->closeWriteChannel();
    client->process->terminate();
    QVERIFY(waitEnd(client, 10000));
    QTRY_VERIFY2_WITH_TIMEOUT(listener->err.contains("closed by the peer"), listener->err.constData(), 10000);
    listener->signal(SIGTERM);
    QVERIFY(waitEnd(listener, 10000));
    QCOMPARE(listener->process->exitCode(), 0);
}

void tst_TlsCommands::openSslClientToListenSelfSigned()
{
    quint16 port = 0;
    Proc *listener = startListener({S("--tls"), S("0")}, &port);
    QVERIFY2(port != 0, listener->err.constData());
    static const QRegularExpression printed(
        QStringLiteral("self-signed certificate was made for this run, "
                       "SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})"));
    const auto match = printed.match(QString::fromUtf8(listener->err));
    QVERIFY2(match.hasMatch(), listener->err.constData());

    // Verifying clients refuse it ...
    Proc *strict
        = startOpenSslClient(port, {S("-CAfile"), m_pki.caCert(), S("-verify_return_error"), S("-brief")});
    QVERIFY(waitEnd(strict, 20000));
    QVERIFY(strict->process->exitCode() != 0);
    QTRY_VERIFY2_WITH_TIMEOUT(
        listener->err.contains("TLS handshake with 127.0.0.1:"), listener->err.constData(), 10000);

    // ... one that does not check talks, and sees the certificate the listener announced.
    Proc *client = startOpenSslClient(port, {S("-showcerts")});
    client->process->write("after-refusal\n");
    QTRY_VERIFY2_WITH_TIMEOUT(listener->out.contains("after-refusal\n"), listener->err.constData(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(client->out.contains("-----END CERTIFICATE-----"), 10000);
    const int begin = client->out.indexOf("-----BEGIN CERTIFICATE-----");
    const int end = client->out.indexOf("-----END CERTIFICATE-----");
    const QSslCertificate seen(client->out.mid(begin, end + 25 - begin), QSsl::Pem);
    QVERIFY(!seen.isNull());
    QCOMPARE(
        QString::fromLatin1(seen.digest(QCryptographicHash::Sha256).toHex(':').toUpper()), match.captured(1));
}

void tst_TlsCommands::listenWithCaRequiresClientCertificate()
{
    quint16 port = 0;
    Proc *listener = startListener({S("--tls"), S("--cert"), m_pki.serverCert(), S("--key"),
                                       m_pki.serverKey(), S("--ca"), m_pki.caCert(), S("0")},
        &port);
    QVERIFY2(port != 0, listener->err.constData());
    Proc *anonymous = startOpenSslClient(port, {S("-CAfile"), m_pki.caCert(), S("-brief")});
    anonymous->process->write("no-certificate\n");
    QTRY_VERIFY2_WITH_TIMEOUT(
        listener->err.contains("TLS handshake with 127.0.0.1:"), listener->err.constData(), 20000);
    Proc *client = startOpenSslClient(port,
        {S("-CAfile"), m_pki.caCert(), S("-cert"), m_pki.clientCert(), S("-key"), m_pki.clientKey(),
            S("-brief")});
    client->process->write("with-certificate\n");
    QTRY_VERIFY2_WITH_TIMEOUT(listener->out.contains("with-certificate\n"), listener->err.constData(), 20000);
    QTRY_VERIFY2_WITH_TIMEOUT(
        listener->err.contains("client certificate test client"), listener->err.constData(), 10000);
    QVERIFY(!listener->out.contains("no-certificate"));
}

void tst_TlsCommands::connectPresentsClientCertificate()
{
    Proc *server = nullptr;
    const quint16 port = startOpenSslServer(&server, {S("-Verify"), S("1"), S("-CAfile"), m_pki.caCert()});
    QVERIFY2(port != 0, server->err.constData());
    server->process->write("certified\n");
    Proc *client = m_procs.sockpit({S("connect"), S("--tls"), S("--ca"), m_pki.caCert(), S("--cert"),
        m_pki.clientCert(), S("--key"), m_pki.clientKey(), S("127.0.0.1"), QString::number(port), S("--send"),
        S("with-cert"), S("--wait"), S("1500")});
    QVERIFY(waitEnd(client, 20000));
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QCOMPARE(client->out, QByteArray("certified\n"));
    QTRY_VERIFY2(server->out.contains("with-cert"), server->out.constData());
    // s_server required the certificate (-Verify) and names whose it checked.
    QVERIFY2(QByteArray(server->out + server->err).contains("CN = test client"), server->err.constData());
}

QTEST_GUILESS_MAIN(tst_TlsCommands)
#include "tst_tlscommands.moc"
