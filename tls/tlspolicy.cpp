#include "tlspolicy.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QSslCertificate>

namespace sockpit::tls {

void TlsPolicy::setTrustedFingerprints(const QStringList &fingerprints)
{
    m_trusted.clear();
    for (const QString &fingerprint : fingerprints)
        m_trusted.append(fingerprint.toUpper());
}

void TlsPolicy::setUntrustedHandler(std::function<void(const UntrustedCertificate &)> handler)
{
    m_onUntrusted = std::move(handler);
}

void TlsPolicy::reportUntrusted(const UntrustedCertificate &certificate) const
{
    if (m_onUntrusted)
        m_onUntrusted(certificate);
}

QString certificateFingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_2:
        return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3:
        return QStringLiteral("TLS 1.3");
    case QSsl::DtlsV1_2:
    case QSsl::DtlsV1_2OrLater:
        return QStringLiteral("DTLS 1.2");
    default:
        return QStringLiteral("TLS");
    }
}

QString certificateName(const QSslCertificate &certificate, QSslCertificate::SubjectInfo which, bool issuer)
{
    const QStringList names = issuer ? certificate.issuerInfo(which) : certificate.subjectInfo(which);
    if (!names.isEmpty())
        return names.join(QStringLiteral(", "));
    return QString::fromUtf8(
        issuer ? certificate.issuerDisplayName().toUtf8() : certificate.subjectDisplayName().toUtf8());
}

QString peerCertificateNote(const TlsPolicy &policy, const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    const QString name = certificateName(certificate, QSslCertificate::CommonName, false);
    const QString fingerprint = certificateFingerprint(certificate);
    QString note;
    if (policy.isServer())
        note = QCoreApplication::translate("sockpit::tls::TlsConnection", "client certificate %1, SHA-256 %2")
                   .arg(name, fingerprint);
    else if (!policy.verifiesPeer())
        note = QCoreApplication::translate(
            "sockpit::tls::TlsConnection", "server certificate %1, SHA-256 %2, not verified")
                   .arg(name, fingerprint);
    else if (policy.trusts(fingerprint))
        note = QCoreApplication::translate(
            "sockpit::tls::TlsConnection", "server certificate %1, SHA-256 %2, trusted by the user")
                   .arg(name, fingerprint);
    else
        note = QCoreApplication::translate(
            "sockpit::tls::TlsConnection", "server certificate %1, SHA-256 %2, verified")
                   .arg(name, fingerprint);
    return QStringLiteral("; ") + note;
}

QSslCertificate certificateOf(const QSslCertificate &peer, const QList<QSslError> &errors)
{
    QSslCertificate certificate = peer;
    for (int i = 0; i < errors.size() && certificate.isNull(); ++i)
        certificate = errors.at(i).certificate();
    return certificate;
}

UntrustedCertificate describeUntrusted(
    const QString &host, quint16 port, const QSslCertificate &certificate, const QList<QSslError> &errors)
{
    UntrustedCertificate untrusted;
    untrusted.host = host;
    untrusted.port = port;
    untrusted.fingerprint = certificateFingerprint(certificate);
    untrusted.subject = certificateName(certificate, QSslCertificate::CommonName, false);
    untrusted.issuer = certificateName(certificate, QSslCertificate::CommonName, true);
    QStringList reasons;
    for (const QSslError &error : errors)
        reasons.append(error.errorString());
    reasons.removeDuplicates();
    untrusted.reasons = reasons.join(QLatin1Char('\n'));
    return untrusted;
}

} // namespace sockpit::tls
