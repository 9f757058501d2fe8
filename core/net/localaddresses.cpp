#include "localaddresses.h"

#include <QNetworkAddressEntry>
#include <QNetworkInterface>

namespace sockpit {

QList<LocalAddress> localAddresses()
{
    QList<LocalAddress> ipv4;
    QList<LocalAddress> ipv6;
    const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &iface : interfaces) {
        if (!iface.flags().testFlag(QNetworkInterface::IsUp))
            continue;
        const bool loopbackInterface = iface.flags().testFlag(QNetworkInterface::IsLoopBack);
        const QList<QNetworkAddressEntry> entries = iface.addressEntries();
        for (const QNetworkAddressEntry &entry : entries) {
            const QHostAddress address = entry.ip();
            LocalAddress local {
                address, iface.humanReadableName(), loopbackInterface || address.isLoopback()};
            if (address.protocol() == QHostAddress::IPv4Protocol)
                ipv4.append(local);
            else if (address.protocol() == QHostAddress::IPv6Protocol)
                ipv6.append(local);
        }
    }
    // IPv4 first: it is what most users type and what most devices on a bench speak.
    return ipv4 + ipv6;
}

} // namespace sockpit
