#include "qttlstransport.h"

#include "dtlslink.h"
#include "libcrypto.h"
#include "selfsignedcertificate.h"
#include "tlsconnection.h"

#include <QCoreApplication>
#include <QFile>
#include <QSslKey>
#include <QSslSocket>

namespace sockpit::tls {

namespace {

class Transport
{
    Q_DECLARE_TR_FUNCTIONS(Transport)
};

bool readFile(const QString &path, const QString &what, QByteArray *contents, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = Transport::tr("cannot read the %1 file '%2': %3").arg(what, path, file.errorString());
        return false;
    }
    *contents = file.readAll();
    return true;
}

QList<QSslCertificate> readCertificates(const QString &path, const QString &what, QString *error)
{
    QByteArray data;
    if (!readFile(path, what, &data, error))
        return {};
    QList<QSslCertificate> certificates = QSslCertificate::fromData(data, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromData(data, QSsl::Der);
    if (certificates.isEmpty())
        *error = Transport::tr("the %1 file '%2' holds no certificate (PEM or DER)").arg(what, path);
    return certificates;
}

QSslKey readKey(const QString &path, QString *error)
{
    QByteArray data;
    if (!readFile(path, Transport::tr("key"), &data, error))
        return {};
    for (QSsl::EncodingFormat format : {QSsl::Pem, QSsl::Der}) {
        for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
            QSslKey key(data, algorithm, format, QSsl::PrivateKey);
            if (!key.isNull())
                return key;
        }
    }
    *error
        = Transport::tr("the key file '%1' holds no private key that can be used (an unencrypted RSA or EC "
                        "key, PEM or DER)")
              .arg(path);
    return {};
}

// Whether `key` is the private half of `certificate`'s public key (OpenSSL compares them). libcrypto
// must be loaded.
bool keyMatches(const LibCrypto &crypto, const QSslCertificate &certificate, const QSslKey &key)
{
    const QByteArray certPem = certificate.toPem();
    const QByteArray keyPem = key.toPem();
    BIO *certBio = crypto.BIO_new_mem_buf(certPem.constData(), int(certPem.size()));
    BIO *keyBio = crypto.BIO_new_mem_buf(keyPem.constData(), int(keyPem.size()));
    X509 *x509 = certBio ? crypto.PEM_read_bio_X509(certBio, nullptr, nullptr, nullptr) : nullptr;
    EVP_PKEY *pkey = keyBio ? crypto.PEM_read_bio_PrivateKey(keyBio, nullptr, nullptr, nullptr) : nullptr;
    const bool matches = x509 && pkey && crypto.X509_check_private_key(x509, pkey) == 1;
    crypto.EVP_PKEY_free(pkey);
    crypto.X509_free(x509);
    crypto.BIO_free(keyBio);
    crypto.BIO_free(certBio);
    return matches;
}

bool loadIdentity(const TlsSettings &settings, QSslConfiguration *configuration, QString *error)
{
    const QList<QSslCertificate> chain
        = readCertificates(settings.certFile, Transport::tr("certificate"), error);
    if (chain.isEmpty())
        return false;
    const QSslKey key = readKey(settings.keyFile, error);
    if (key.isNull())
        return false;
    // Qt's OpenSSL backend, which create() has found, has loaded libcrypto already: this only looks it
    // up. Should it fail all the same, the backend's error says what is missing.
    const LibCrypto &crypto = libCrypto();
    if (!crypto.loaded()) {
        *error = Transport::tr("TLS is not available: Qt's OpenSSL backend could not be loaded")
            + QStringLiteral(" (") + crypto.error + QLatin1Char(')');
        return false;
    }
    if (!keyMatches(crypto, chain.first(), key)) {
        *error = Transport::tr("the key in '%1' does not belong to the certificate in '%2'")
                     .arg(settings.keyFile, settings.certFile);
        return false;
    }
    configuration->setLocalCertificateChain(chain);
    configuration->setPrivateKey(key);
    return true;
}

} // namespace

std::shared_ptr<QtTlsTransport> QtTlsTransport::create(
    const TlsSettings &settings, SessionMode mode, QString *error)
{
    const TlsRole role = modeTraits(mode).tls;
    return create(settings, role == TlsRole::ByRemoteHost ? TlsRole::Server : role, error);
}

std::shared_ptr<QtTlsTransport> QtTlsTransport::create(const SessionConfig &config, QString *error)
{
    TlsRole role = modeTraits(config.mode).tls;
    if (role == TlsRole::ByRemoteHost)
        role = config.host.isEmpty() ? TlsRole::Server : TlsRole::Client;
    return create(config.tls, role, error);
}

std::shared_ptr<QtTlsTransport> QtTlsTransport::create(
    const TlsSettings &settings, TlsRole role, QString *error)
{
    if (role == TlsRole::None) {
        *error = Transport::tr("TLS is for a TCP server or client: this session cannot use it");
        return nullptr;
    }
    releaseThreadStateAtIoThreadEnd(); // the I/O threads will call into OpenSSL
    if (!QSslSocket::supportsSsl()) {
        *error = Transport::tr("TLS is not available: Qt's OpenSSL backend could not be loaded");
        return nullptr;
    }
    if (settings.certFile.isEmpty() != settings.keyFile.isEmpty()) {
        *error = settings.certFile.isEmpty() ? Transport::tr("a TLS key needs its certificate file too")
                                             : Transport::tr("a TLS certificate needs its key file too");
        return nullptr;
    }
    std::shared_ptr<QtTlsTransport> transport(new QtTlsTransport);
    transport->m_server = role == TlsRole::Server;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setProtocol(QSsl::SecureProtocols);
    if (!settings.certFile.isEmpty()) {
        if (!loadIdentity(settings, &configuration, error))
            return nullptr;
    } else if (transport->m_server) {
        const GeneratedCertificate made = generateLocalCertificate();
        if (!made.ok()) {
            *error = made.error;
            return nullptr;
        }
        configuration.setLocalCertificate(QSslCertificate(made.certificatePem, QSsl::Pem));
        configuration.setPrivateKey(QSslKey(made.privateKeyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey));
        transport->m_generated = true;
    }
    if (!settings.caFile.isEmpty()) {
        const QList<QSslCertificate> authorities
            = readCertificates(settings.caFile, Transport::tr("CA certificate"), error);
        if (authorities.isEmpty())
            return nullptr;
        configuration.setCaCertificates(authorities); // instead of the system's
    }
    if (transport->m_server) {
        // A server asks clients for certificates only when it was given authorities to check them by.
        configuration.setPeerVerifyMode(
            settings.caFile.isEmpty() ? QSslSocket::VerifyNone : QSslSocket::VerifyPeer);
        transport->m_verifyPeer = !settings.caFile.isEmpty();
    } else {
        configuration.setPeerVerifyMode(
            settings.verifyPeer ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
        transport->m_verifyPeer = settings.verifyPeer;
    }
    transport->m_configuration = configuration;
    return transport;
}

void QtTlsTransport::startConnection(
    std::shared_ptr<SessionCore> core, int fd, ConnId id, const QString &peer, QObject *parent) const
{
    auto *connection = new TlsConnection(std::move(core), fd, id, peer, this, parent);
    connection->start();
}

std::unique_ptr<DatagramTlsLink> QtTlsTransport::startDatagramLink(
    int fd, DatagramTlsLink::Host *host, QString *error) const
{
    auto link = std::make_unique<DtlsLink>(host, this);
    if (!link->open(fd, error))
        return nullptr;
    return link;
}

} // namespace sockpit::tls
