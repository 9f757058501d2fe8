#pragma once

#include "sessionconfig.h"
#include "tlspolicy.h"
#include "tlstransport.h"

#include <memory>

namespace sockpit::tls {

// TLS for TCP sessions with Qt's QSslSocket (on its OpenSSL backend): the certificate, key and
// certificate authorities are read once, when the transport is made; each connection then runs in a
// QSslSocket created on its own I/O thread from its descriptor (TlsConnection).
class QtTlsTransport final : public TlsTransport, public TlsPolicy
{
public:
    // Reads the files `settings` names and prepares the TLS configuration for a session of `mode`.
    // A server without a certificate gets a self-signed one made for this machine. Returns null, with
    // *error naming the file or the step, when something cannot be used.
    static std::shared_ptr<QtTlsTransport> create(
        const TlsSettings &settings, SessionMode mode, QString *error);

    void startConnection(std::shared_ptr<SessionCore> core, int fd, ConnId id, const QString &peer,
        QObject *parent) const override;

private:
    QtTlsTransport() = default;
};

} // namespace sockpit::tls
