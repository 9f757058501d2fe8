#pragma once

#include <QHostAddress>
#include <QString>

namespace sockpit {

// Multicast steps on a UDP descriptor, for either address family. A dual-stack IPv6 socket (bound to
// ::) joins and sends to IPv4 groups as well.
namespace multicast {

// The index of a network interface given by name ("lo") or by number ("1"); 0 when there is none.
int interfaceIndex(const QString &nameOrIndex);
// "lo" for 1; the number itself when the interface has no name.
QString interfaceName(int index);

// Joins (or leaves) `group` on the interface `index` (0: the one the routing table picks). Returns 0 or
// the errno of the failure.
int setMembership(int fd, int socketFamily, const QHostAddress &group, int index, bool join);
// Multicast datagrams leave by interface `index` and are looped back to this machine's own members.
// Returns 0 or the errno of the failure.
int setOutgoingInterface(int fd, int socketFamily, int index);

} // namespace multicast
} // namespace sockpit
