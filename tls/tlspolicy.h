#pragma once

#include <QSslConfiguration>
#include <QSslError>
#include <QString>
#include <QStringList>

#include <functional>

namespace sockpit::tls {

// A server certificate the client could not verify, as the window asks the user about it.
struct UntrustedCertificate
{
    QString host; // as the session was told to connect to it
    quint16 port = 0;
    QString fingerprint; // SHA-256 of the certificate (DER), "AB:CD:..."
    QString subject; // its common name, or the whole subject
    QString issuer;
    QString reasons; // why verification failed, one reason a line
};

// What a TLS connection needs to know of its session's TLS setup: the configuration its socket uses,
// which side it is, whether and how the peer's certificate is checked, and where a certificate that
// could not be verified is reported. Filled in once, before the first connection; read-only after.
class TlsPolicy
{
public:
    // Set before the transport is given to a Session (not thread-safe afterwards) ------------------
    // Server certificates the user trusts although they cannot be verified, by SHA-256 fingerprint.
    void setTrustedFingerprints(const QStringList &fingerprints);
    // Called on an I/O thread when a client meets a certificate it cannot verify (and fails).
    void setUntrustedHandler(std::function<void(const UntrustedCertificate &)> handler);

    // Server: the certificate it presents, and whether it was made for this run.
    QSslCertificate localCertificate() const { return m_configuration.localCertificate(); }
    bool generatedCertificate() const { return m_generated; }

    bool isServer() const { return m_server; }
    const QSslConfiguration &configuration() const { return m_configuration; }
    bool verifiesPeer() const { return m_verifyPeer; }
    bool trusts(const QString &fingerprint) const { return m_trusted.contains(fingerprint); }
    void reportUntrusted(const UntrustedCertificate &certificate) const;

protected:
    QSslConfiguration m_configuration;
    bool m_server = false;
    bool m_verifyPeer = true;
    bool m_generated = false;
    QStringList m_trusted;
    std::function<void(const UntrustedCertificate &)> m_onUntrusted;
};

// "AB:CD:..." SHA-256 of the certificate, as shown to users and remembered for trusted hosts.
QString certificateFingerprint(const QSslCertificate &certificate);
// "TLS 1.3", "DTLS 1.2": a session's protocol as the log names it.
QString protocolName(QSsl::SslProtocol protocol);
// The certificate's subject (or issuer) field `which`, else its whole display name.
QString certificateName(const QSslCertificate &certificate, QSslCertificate::SubjectInfo which, bool issuer);
// What a finished handshake's log line says of the peer's certificate ("; server certificate NAME,
// SHA-256 AB:..., verified"); empty when the peer showed none.
QString peerCertificateNote(const TlsPolicy &policy, const QSslCertificate &certificate);
// The certificate the errors of a failed verification name (the peer's own when `peer` is not null).
QSslCertificate certificateOf(const QSslCertificate &peer, const QList<QSslError> &errors);
// The question the window asks about a certificate that could not be verified.
UntrustedCertificate describeUntrusted(
    const QString &host, quint16 port, const QSslCertificate &certificate, const QList<QSslError> &errors);

} // namespace sockpit::tls
