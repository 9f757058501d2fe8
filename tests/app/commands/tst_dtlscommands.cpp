// `sockpit listen --udp --tls` and `sockpit connect --udp --tls` (DTLS) against OpenSSL's own peers
// (openssl s_server -dtls and s_client -dtls) and each other on 127.0.0.1, with certificates made for
// the run; the recording's session names; and the argument checks DTLS adds.

#include "openssltestutil.h"

#include <QRegularExpression>

using namespace clitest;

class tst_DtlsCommands : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup() { m_procs.killAll(); }

    void joinWithDtlsExitsTwo();
    void connectToOpenSslServerWithTestCa();
    void connectRejectsUntrustedCertificate();
    void connectWithoutAnswerTimesOut();
    void openSslClientToListenWithCertificate();
    void openSslClientToListenSelfSigned();
    void listenWithCaRequiresClientCertificate();
    void sockpitToSockpitIsRecordedAsDtls();

private:
    // An `openssl s_server -dtls` on 127.0.0.1 with the test server certificate; returns its port (0:
    // failed).
    quint16 startOpenSslServer(Proc **server, const QStringList &extra = {});
    // An `openssl s_client -dtls` to 127.0.0.1:port; its standard input stays open.
    Proc *startOpenSslClient(quint16 port, const QStringList &extra);
    Proc *startListener(const QStringList &arguments, quint16 *port);

    testpki::Pki m_pki;
    Processes m_procs;
};

void tst_DtlsCommands::initTestCase()
{
    const QString error = m_pki.make();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

quint16 tst_DtlsCommands::startOpenSslServer(Proc **server, const QStringList &extra)
{
    quint16 port = 0;
    *server = clitest::startOpenSslServer(m_procs, m_pki, Secure::Dtls, extra, &port);
    return port;
}

Proc *tst_DtlsCommands::startOpenSslClient(quint16 port, const QStringList &extra)
{
    return clitest::startOpenSslClient(m_procs, Secure::Dtls, port, extra);
}

Proc *tst_DtlsCommands::startListener(const QStringList &arguments, quint16 *port)
{
    return clitest::startListener(m_procs, QStringList {S("--udp"), S("--tls")} + arguments, port);
}

void tst_DtlsCommands::joinWithDtlsExitsTwo()
{
    Proc *proc = m_procs.sockpit({S("listen"), S("--udp"), S("--tls"), S("--join"), S("239.1.2.3"), S("0")});
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 2);
    QVERIFY2(proc->err.contains("--join does not apply with --tls"), proc->err.constData());
}

void tst_DtlsCommands::connectToOpenSslServerWithTestCa()
{
    Proc *server = nullptr;
    const quint16 port = startOpenSslServer(&server);
    QVERIFY2(port != 0, server->err.constData());
    server->process->write("from-openssl\n"); // sent to the client once its handshake is done
    Proc *client = m_procs.sockpit({S("connect"), S("-v"), S("--udp"), S("--tls"), S("--ca"), m_pki.caCert(),
        S("127.0.0.1"), QString::number(port), S("--send"), S("from-sockpit"), S("--wait"), S("1500")});
    QVERIFY(waitEnd(client, 20000));
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QCOMPARE(client->out, QByteArray("from-openssl\n"));
    QTRY_VERIFY2(server->out.contains("from-sockpit"), server->out.constData());
    QVERIFY2(
        client->err.contains(
            QStringLiteral("DTLS handshake with 127.0.0.1:%1 done: DTLS 1.2, cipher ").arg(port).toUtf8()),
        client->err.constData());
    QVERIFY2(client->err.contains(", verified"), client->err.constData());
    // connect ends the session with a close_notify alert, after which s_server reports it is done.
    QTRY_VERIFY2(server->out.contains("from-sockpitDONE"), server->out.constData());
}

void tst_DtlsCommands::connectRejectsUntrustedCertificate()
{
    // The system's CAs do not know the test CA; another CA does not vouch for the server either.
    for (const QStringList &trust : {QStringList {}, QStringList {S("--ca"), m_pki.otherCaCert()}}) {
        Proc *server = nullptr; // s_server -dtls serves one client: a fresh one for each attempt
        const quint16 port = startOpenSslServer(&server);
        QVERIFY2(port != 0, server->err.constData());
        Proc *client = m_procs.sockpit(QStringList {S("connect"), S("--udp"), S("--tls")} + trust
            + QStringList {
                S("127.0.0.1"), QString::number(port), S("--send"), S("secret"), S("--wait"), S("1000")});
        QVERIFY(waitEnd(client, 20000));
        QCOMPARE(client->process->exitCode(), 1);
        QVERIFY2(client->err.contains(
                     QStringLiteral("DTLS handshake with 127.0.0.1:%1 failed: ").arg(port).toUtf8()),
            client->err.constData());
        QVERIFY2(client->err.contains("certificate SHA-256 fingerprint"), client->err.constData());
        QVERIFY2(client->err.contains("--insecure"), client->err.constData());
        QVERIFY(client->out.isEmpty());
        QVERIFY2(!server->out.contains("secret"), server->out.constData());
    }
}

void tst_DtlsCommands::connectWithoutAnswerTimesOut()
{
    const quint16 port = freeUdpPort(); // nobody answers there
    Proc *client = m_procs.sockpit({S("connect"), S("--udp"), S("--tls"), S("--insecure"), S("--timeout"),
        S("500"), S("127.0.0.1"), QString::number(port), S("--send"), S("x")});
    QVERIFY(waitEnd(client, 20000));
    QCOMPARE(client->process->exitCode(), 1);
    QVERIFY2(
        client->err.contains(
            QStringLiteral("DTLS handshake with 127.0.0.1:%1 timed out after 500 ms").arg(port).toUtf8()),
        client->err.constData());
}

void tst_DtlsCommands::openSslClientToListenWithCertificate()
{
    quint16 port = 0;
    Proc *listener
        = startListener({S("--cert"), m_pki.serverCert(), S("--key"), m_pki.serverKey(), S("0")}, &port);
    QVERIFY2(port != 0, listener->err.constData());
    Proc *client
        = startOpenSslClient(port, {S("-CAfile"), m_pki.caCert(), S("-verify_return_error"), S("-brief")});
    client->process->write("from-openssl\n");
    QTRY_VERIFY2_WITH_TIMEOUT(listener->out.contains("from-openssl\n"), listener->err.constData(), 20000);
    // Standard input goes to the most recent sender, over its DTLS session.
    listener->process->write("from-sockpit\n");
    QTRY_VERIFY2_WITH_TIMEOUT(client->out.contains("from-sockpit\n"), client->err.constData(), 20000);
    QVERIFY2(client->err.contains("Verification: OK"), client->err.constData());
    QTRY_VERIFY2_WITH_TIMEOUT(
        listener->err.contains("done: DTLS 1.2, cipher "), listener->err.constData(), 10000);
    listener->signal(SIGTERM);
    QVERIFY(waitEnd(listener, 10000));
    QCOMPARE(listener->process->exitCode(), 0);
}

void tst_DtlsCommands::openSslClientToListenSelfSigned()
{
    quint16 port = 0;
    Proc *listener = startListener({S("0")}, &port);
    QVERIFY2(port != 0, listener->err.constData());
    static const QRegularExpression printed(
        QStringLiteral("self-signed certificate was made for this run, "
                       "SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})"));
    const auto match = printed.match(QString::fromUtf8(listener->err));
    QVERIFY2(match.hasMatch(), listener->err.constData());

    // A client that checks against the test CA refuses it ...
    Proc *strict
        = startOpenSslClient(port, {S("-CAfile"), m_pki.caCert(), S("-verify_return_error"), S("-brief")});
    QVERIFY(waitEnd(strict, 20000));
    QVERIFY(strict->process->exitCode() != 0);
    QTRY_VERIFY2_WITH_TIMEOUT(listener->err.contains(" failed: "), listener->err.constData(), 10000);

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

void tst_DtlsCommands::listenWithCaRequiresClientCertificate()
{
    quint16 port = 0;
    Proc *listener = startListener(
        {S("--cert"), m_pki.serverCert(), S("--key"), m_pki.serverKey(), S("--ca"), m_pki.caCert(), S("0")},
        &port);
    QVERIFY2(port != 0, listener->err.constData());
    Proc *anonymous = startOpenSslClient(port, {S("-CAfile"), m_pki.caCert(), S("-brief")});
    anonymous->process->write("no-certificate\n");
    QTRY_VERIFY2_WITH_TIMEOUT(listener->err.contains(" failed: "), listener->err.constData(), 20000);
    Proc *client = startOpenSslClient(port,
        {S("-CAfile"), m_pki.caCert(), S("-cert"), m_pki.clientCert(), S("-key"), m_pki.clientKey(),
            S("-brief")});
    client->process->write("with-certificate\n");
    QTRY_VERIFY2_WITH_TIMEOUT(listener->out.contains("with-certificate\n"), listener->err.constData(), 20000);
    QTRY_VERIFY2_WITH_TIMEOUT(
        listener->err.contains("client certificate test client"), listener->err.constData(), 10000);
    QVERIFY(!listener->out.contains("no-certificate"));
}

void tst_DtlsCommands::sockpitToSockpitIsRecordedAsDtls()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString serverRecord = dir.filePath(QStringLiteral("server.jsonl"));
    const QString clientRecord = dir.filePath(QStringLiteral("client.jsonl"));
    quint16 port = 0;
    Proc *listener = startListener({S("--echo"), S("--record"), serverRecord, S("0")}, &port);
    QVERIFY2(port != 0, listener->err.constData());
    Proc *client = m_procs.sockpit(
        {S("connect"), S("--udp"), S("--tls"), S("--insecure"), S("127.0.0.1"), QString::number(port),
            S("--send"), S("echo me"), S("--wait"), S("1000"), S("--record"), clientRecord});
    QVERIFY(waitEnd(client, 20000));
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QCOMPARE(client->out, QByteArray("echo me"));
    listener->signal(SIGTERM);
    QVERIFY(waitEnd(listener, 10000));
    QCOMPARE(listener->process->exitCode(), 0);

    // The records name the session kinds, and hold the plain text as the peers said it.
    QList<QJsonObject> lines;
    QString error = readRecord(clientRecord, &lines);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(lines.first().value(QStringLiteral("session")).toString(),
        QStringLiteral("dtls-client 127.0.0.1:%1").arg(port));
    QByteArray in;
    for (const QJsonObject &line : std::as_const(lines)) {
        if (line.value(QStringLiteral("dir")).toString() == QStringLiteral("in"))
            in += QByteArray::fromHex(line.value(QStringLiteral("hex")).toString().toLatin1());
    }
    QCOMPARE(in, QByteArray("echo me"));
    lines.clear();
    error = readRecord(serverRecord, &lines);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(lines.last().value(QStringLiteral("session")).toString(),
        QStringLiteral("dtls-server 127.0.0.1:%1").arg(port));
    int tls = 0;
    for (const QJsonObject &line : std::as_const(lines))
        tls += line.value(QStringLiteral("event")).toString() == QStringLiteral("tls");
    QCOMPARE(tls, 1); // the handshake's outcome
}

QTEST_GUILESS_MAIN(tst_DtlsCommands)
#include "tst_dtlscommands.moc"
