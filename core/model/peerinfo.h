#pragma once

#include "event.h"

#include <QString>

namespace sockpit {

// One connection of a session (a TCP client of a server, the client's own connection, or a UDP peer).
struct PeerInfo
{
    ConnId id = 0;
    QString peer;
    QString local;
    qint64 sinceUs = 0;
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    qint64 queuedBytes = 0;
    bool peerFinished = false; // the peer sent FIN (half-close)
};

} // namespace sockpit
