#pragma once

#include "sessionconfig.h"
#include "tlspolicy.h"
#include "tlstransport.h"

#include <memory>

namespace sockpit::tls {

// TLS for TCP sessions with Qt's QSslSocket (on its OpenSSL backend), and DTLS for UDP sessions with
// QDtls: the certificate, key and certificate authorities are read once, when the transport is made;
// each connection then runs in a QSslSocket created on its own I/O thread from its descriptor
// (TlsConnection), and a UDP socket's peers in a DtlsLink.
class QtTlsTransport final : public TlsTransport, public TlsPolicy
{
public:
    // Reads the files `settings` names and prepares the TLS configuration for a session of `mode`.
    // A server without a certificate gets a self-signed one made for this machine. Returns null, with
    // *error naming the file or the step, when something cannot be used.
    static std::shared_ptr<QtTlsTransport> create(
        const TlsSettings &settings, SessionMode mode, QString *error);
    // The same for a whole session's setup: a UDP session's DTLS is a client when it has a remote host.
    static std::shared_ptr<QtTlsTransport> create(const SessionConfig &config, QString *error);

    void startConnection(std::shared_ptr<SessionCore> core, int fd, ConnId id, const QString &peer,
        QObject *parent) const override;
    std::unique_ptr<DatagramTlsLink> startDatagramLink(
        int fd, DatagramTlsLink::Host *host, QString *error) const override;

private:
    QtTlsTransport() = default;
    static std::shared_ptr<QtTlsTransport> create(const TlsSettings &settings, TlsRole role, QString *error);
};

} // namespace sockpit::tls
