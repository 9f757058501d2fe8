#pragma once

#include <QtGlobal>

namespace sockpit {

// Exact totals of a session; safe to read from any thread at any time.
struct SessionCounters
{
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    qint64 messagesIn = 0;
    qint64 messagesOut = 0;
    qint64 queuedBytes = 0; // bytes accepted by send() and not yet handed to the kernel
    int connections = 0; // open now
    qint64 accepted = 0; // connections accepted (server) since start
    qint64 refused = 0; // connections refused because of maxClients
    qint64 checked = 0; // received messages whose checksum was checked (SessionConfig::receiveCheck)
    qint64 badChecksums = 0; // of those, the ones that carried a wrong value
    // UDP: datagrams the system dropped because the socket's receive queue was full (SO_RXQ_OVFL)
    qint64 kernelDrops = 0;
};

} // namespace sockpit
