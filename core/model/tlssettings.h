#pragma once

#include <QString>

namespace sockpit {

// What a TCP session asks of TLS (SessionConfig::tls). Plain data: the core itself links no TLS
// library; a TlsTransport given to the Session (Session::setTlsTransport) does the work.
struct TlsSettings
{
    bool enabled = false;
    // Server: its certificate and private key (PEM); both empty: a self-signed certificate is made.
    // Client: an optional certificate to present to servers that ask for one.
    QString certFile;
    QString keyFile;
    // Client: trust the certificates in this file instead of the system's. Server: ask every client
    // for a certificate and accept only those this file vouches for.
    QString caFile;
    bool verifyPeer = true; // client: false skips the server certificate's verification (--insecure)
};

} // namespace sockpit
