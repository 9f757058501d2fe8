#include "tlspolicy.h"

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

} // namespace sockpit::tls
