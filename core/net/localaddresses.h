#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

namespace sockpit {

// One address of this machine, with the interface it belongs to.
struct LocalAddress
{
    QHostAddress address;
    QString interfaceName; // "eth0", "lo" (QNetworkInterface::humanReadableName())
    bool loopback = false;
};

// This machine's addresses (IPv4 then IPv6, each in interface order) on interfaces that are up: what a
// user may bind to, and where a listening server can be reached. Link-local IPv6 addresses keep their
// scope id, so they can be bound to as they are.
QList<LocalAddress> localAddresses();

} // namespace sockpit
