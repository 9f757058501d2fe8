#pragma once

#include "datagramtls.h"
#include "event.h"
#include "tlssettings.h"

#include <QString>

#include <memory>

class QObject;

namespace sockpit {

class SessionCore;

// TLS for TCP sessions and DTLS for UDP sessions, provided from outside the core (library sockpit_tls, given
// to a Session by the program or the window), so that the core depends on no TLS library. A TCP server's
// accepted descriptors and a TCP client's connected descriptor are handed to it, on the I/O thread that owns
// them, instead of becoming plain TcpConnections. Shared by every I/O thread: const and thread-safe.
class TlsTransport
{
public:
    virtual ~TlsTransport();

    // Runs on the I/O thread of `parent`; takes ownership of the connected non-blocking descriptor `fd`
    // and runs connection `id` over TLS as an IoChannel child of `parent`. The caller has retained a
    // live reference of `core` for it and counted it in core->connections, as for a TcpConnection.
    // `peer` names the other end as accept()/connect() saw it.
    virtual void startConnection(
        std::shared_ptr<SessionCore> core, int fd, ConnId id, const QString &peer, QObject *parent) const = 0;

    // Runs on the I/O thread of the bound UDP socket `fd`, and the link lives there: DTLS on that
    // socket, which stays the caller's (the link writes to it and never reads it). Null, with *error saying
    // why, when it cannot be set up.
    virtual std::unique_ptr<DatagramTlsLink> startDatagramLink(
        int fd, DatagramTlsLink::Host *host, QString *error) const = 0;
};

} // namespace sockpit
