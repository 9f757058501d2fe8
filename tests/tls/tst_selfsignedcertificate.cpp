// The self-signed certificate generator (sockpit_tls, OpenSSL's libcrypto): what it makes parses as a
// certificate for this machine's names, and its key is the certificate's own. Without a libcrypto it
// can load, it says so instead.

#include "qttlstransport.h"
#include "selfsignedcertificate.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslCertificateExtension>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace sockpit;
using namespace sockpit::tls;

class tst_SelfSignedCertificate : public QObject
{
    Q_OBJECT
private slots:
    void parsesAsSelfSignedCertificate();
    void namesTheGivenHostsAndAddresses();
    void keyBelongsToCertificate();
    void eachCertificateIsNew();
    void localCertificateCoversLoopback();
    void reportsLibcryptoThatCannotBeLoaded();
};

namespace {
bool write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}
} // namespace

void tst_SelfSignedCertificate::parsesAsSelfSignedCertificate()
{
    const GeneratedCertificate made = generateSelfSignedCertificate(QStringLiteral("device.test"),
        {QStringLiteral("device.test")}, {QHostAddress(QStringLiteral("192.0.2.7"))}, 30);
    QVERIFY2(made.ok(), qPrintable(made.error));
    QVERIFY(made.certificatePem.startsWith("-----BEGIN CERTIFICATE-----"));
    QVERIFY(made.privateKeyPem.startsWith("-----BEGIN PRIVATE KEY-----"));
    const QSslCertificate certificate(made.certificatePem, QSsl::Pem);
    QVERIFY(!certificate.isNull());
    QVERIFY(certificate.isSelfSigned());
    QCOMPARE(certificate.version(), QByteArray("3"));
    QCOMPARE(
        certificate.subjectInfo(QSslCertificate::CommonName), QStringList {QStringLiteral("device.test")});
    QCOMPARE(
        certificate.issuerInfo(QSslCertificate::CommonName), QStringList {QStringLiteral("device.test")});
    QCOMPARE(certificate.subjectInfo(QSslCertificate::Organization), QStringList {QStringLiteral("Sockpit")});
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(certificate.effectiveDate() <= now);
    QVERIFY(certificate.expiryDate() > now.addDays(29));
    QVERIFY(certificate.expiryDate() < now.addDays(31));
    QCOMPARE(certificate.publicKey().algorithm(), QSsl::Ec);
    QCOMPARE(certificate.publicKey().length(), 256);
    bool notCa = false;
    for (const QSslCertificateExtension &extension : certificate.extensions()) {
        if (extension.name() == QLatin1String("basicConstraints"))
            notCa = extension.isCritical() && !extension.value().toMap().value(QStringLiteral("ca")).toBool();
    }
    QVERIFY(notCa);
    const QSslKey key(made.privateKeyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    QVERIFY(!key.isNull());
    QCOMPARE(key.length(), 256);
}

void tst_SelfSignedCertificate::namesTheGivenHostsAndAddresses()
{
    const GeneratedCertificate made = generateSelfSignedCertificate(QStringLiteral("x"),
        {QStringLiteral("alpha.test"), QStringLiteral("beta.test")},
        {QHostAddress(QStringLiteral("192.0.2.7")), QHostAddress(QStringLiteral("2001:db8::1"))});
    QVERIFY2(made.ok(), qPrintable(made.error));
    const QSslCertificate certificate(made.certificatePem, QSsl::Pem);
    const auto names = certificate.subjectAlternativeNames();
    QCOMPARE(names.values(QSsl::DnsEntry),
        (QList<QString> {QStringLiteral("beta.test"), QStringLiteral("alpha.test")}));
    QList<QHostAddress> addresses;
    for (const QString &text : names.values(QSsl::IpAddressEntry))
        addresses.append(QHostAddress(text));
    QCOMPARE(addresses.size(), 2);
    QVERIFY(addresses.contains(QHostAddress(QStringLiteral("192.0.2.7"))));
    QVERIFY(addresses.contains(QHostAddress(QStringLiteral("2001:db8::1"))));
}

void tst_SelfSignedCertificate::keyBelongsToCertificate()
{
    const GeneratedCertificate first = generateSelfSignedCertificate(QStringLiteral("a"), {}, {});
    const GeneratedCertificate second = generateSelfSignedCertificate(QStringLiteral("b"), {}, {});
    QVERIFY(first.ok() && second.ok());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(write(dir.filePath(QStringLiteral("a.crt")), first.certificatePem));
    QVERIFY(write(dir.filePath(QStringLiteral("a.key")), first.privateKeyPem));
    QVERIFY(write(dir.filePath(QStringLiteral("b.key")), second.privateKeyPem));
    // The transport checks the pair with OpenSSL (X509_check_private_key) before any handshake.
    TlsSettings settings;
    settings.enabled = true;
    settings.certFile = dir.filePath(QStringLiteral("a.crt"));
    settings.keyFile = dir.filePath(QStringLiteral("a.key"));
    QString error;
    const auto transport = QtTlsTransport::create(settings, SessionMode::TcpServer, &error);
    QVERIFY2(transport, qPrintable(error));
    QCOMPARE(transport->localCertificate(), QSslCertificate(first.certificatePem, QSsl::Pem));
    QVERIFY(!transport->generatedCertificate());
    settings.keyFile = dir.filePath(QStringLiteral("b.key"));
    QVERIFY(!QtTlsTransport::create(settings, SessionMode::TcpServer, &error));
    QVERIFY2(error.contains(QStringLiteral("does not belong")), qPrintable(error));
}

void tst_SelfSignedCertificate::eachCertificateIsNew()
{
    const GeneratedCertificate first = generateSelfSignedCertificate(QStringLiteral("same"), {}, {});
    const GeneratedCertificate second = generateSelfSignedCertificate(QStringLiteral("same"), {}, {});
    QVERIFY(first.ok() && second.ok());
    const QSslCertificate a(first.certificatePem, QSsl::Pem);
    const QSslCertificate b(second.certificatePem, QSsl::Pem);
    QVERIFY(a.serialNumber() != b.serialNumber());
    QVERIFY(a.publicKey() != b.publicKey());
    QVERIFY(first.privateKeyPem != second.privateKeyPem);
}

void tst_SelfSignedCertificate::localCertificateCoversLoopback()
{
    const GeneratedCertificate made = generateLocalCertificate();
    QVERIFY2(made.ok(), qPrintable(made.error));
    const QSslCertificate certificate(made.certificatePem, QSsl::Pem);
    const auto names = certificate.subjectAlternativeNames();
    QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
    QList<QHostAddress> addresses;
    for (const QString &text : names.values(QSsl::IpAddressEntry))
        addresses.append(QHostAddress(text));
    QVERIFY(addresses.contains(QHostAddress(QHostAddress::LocalHost)));
    QVERIFY(addresses.contains(QHostAddress(QHostAddress::LocalHostIPv6)));
    // A server session without files of its own makes one of these.
    TlsSettings settings;
    settings.enabled = true;
    QString error;
    const auto transport = QtTlsTransport::create(settings, SessionMode::TcpServer, &error);
    QVERIFY2(transport, qPrintable(error));
    QVERIFY(transport->generatedCertificate());
    QVERIFY(transport->localCertificate().isSelfSigned());
}

// libcrypto is loaded once per process, so this runs in a child: this test program again, running only
// this function, with a library path that finds a file named libcrypto.so.3 that is no library. The
// dynamic loader stops at the first file of that name, so the real one is not reached.
void tst_SelfSignedCertificate::reportsLibcryptoThatCannotBeLoaded()
{
    const QByteArray childMarker = qgetenv("SOCKPIT_TEST_BROKEN_LIBCRYPTO_DIR");
    if (!childMarker.isEmpty()) {
        const GeneratedCertificate made = generateSelfSignedCertificate(QStringLiteral("x"), {}, {});
        QVERIFY(!made.ok());
        QVERIFY(made.certificatePem.isEmpty());
        QVERIFY(made.privateKeyPem.isEmpty());
        QVERIFY2(
            made.error.startsWith(QLatin1String("cannot make a self-signed certificate (libcrypto.so.3): ")),
            qPrintable(made.error));
        // dlerror's text names the file the loader tried.
        QVERIFY2(made.error.contains(QString::fromLocal8Bit(childMarker) + QLatin1String("/libcrypto.so.3")),
            qPrintable(made.error));
        // The failed load is kept: a second certificate fails the same way, without a crash.
        QCOMPARE(generateLocalCertificate().error, made.error);
        return;
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(write(dir.filePath(QStringLiteral("libcrypto.so.3")), "not a shared library\n"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QString libraryPath = environment.value(QStringLiteral("LD_LIBRARY_PATH"));
    environment.insert(QStringLiteral("LD_LIBRARY_PATH"),
        libraryPath.isEmpty() ? dir.path() : dir.path() + QLatin1Char(':') + libraryPath);
    environment.insert(QStringLiteral("SOCKPIT_TEST_BROKEN_LIBCRYPTO_DIR"), dir.path());
    QProcess child;
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(
        QCoreApplication::applicationFilePath(), {QStringLiteral("reportsLibcryptoThatCannotBeLoaded")});
    QVERIFY2(child.waitForFinished(60000), qPrintable(child.errorString()));
    const QByteArray output = child.readAll();
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QVERIFY2(child.exitCode() == 0, output.constData());
}

QTEST_GUILESS_MAIN(tst_SelfSignedCertificate)
#include "tst_selfsignedcertificate.moc"
