#include "multicastsocket.h"

#include "posixsocket.h"

#include <cerrno>
#include <climits>
#include <cstring>

#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace sockpit::multicast {

int interfaceIndex(const QString &nameOrIndex)
{
    const QString text = nameOrIndex.trimmed();
    if (text.isEmpty() || text.size() >= IF_NAMESIZE)
        return 0;
    bool numeric = false;
    const uint number = text.toUInt(&numeric);
    if (numeric) {
        char name[IF_NAMESIZE] = {};
        return number > 0 && number <= uint(INT_MAX) && if_indextoname(number, name) ? int(number) : 0;
    }
    return int(if_nametoindex(text.toLocal8Bit().constData()));
}

QString interfaceName(int index)
{
    char name[IF_NAMESIZE] = {};
    if (index > 0 && if_indextoname(uint(index), name))
        return QString::fromLocal8Bit(name);
    return QString::number(index);
}

int setMembership(int fd, int socketFamily, const QHostAddress &group, int index, bool join)
{
    const bool v6Group = group.protocol() == QAbstractSocket::IPv6Protocol;
    if (v6Group && socketFamily != AF_INET6)
        return EAFNOSUPPORT;
    // The protocol-independent form takes either family's group; an IPv4 group on an IPv6 socket goes
    // through the IPv4 level, as the kernel expects.
    group_req request {};
    request.gr_interface = uint32_t(index);
    const SocketAddress address = SocketAddress::from(group, 0);
    std::memcpy(&request.gr_group, &address.storage, sizeof(address.storage));
    const int level = v6Group ? IPPROTO_IPV6 : IPPROTO_IP;
    const int name = join ? MCAST_JOIN_GROUP : MCAST_LEAVE_GROUP;
    if (::setsockopt(fd, level, name, &request, sizeof(request)) != 0)
        return errno;
    return 0;
}

int setOutgoingInterface(int fd, int socketFamily, int index)
{
    const int on = 1;
    ip_mreqn v4 {};
    v4.imr_ifindex = index;
    int error = 0;
    if (::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &v4, sizeof(v4)) != 0)
        error = errno;
    ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &on, sizeof(on));
    if (socketFamily == AF_INET6) {
        // On a dual-stack socket the IPv4 options may be refused; the IPv6 one decides.
        error = 0;
        if (::setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &index, sizeof(index)) != 0)
            error = errno;
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &on, sizeof(on));
    }
    return error;
}

} // namespace sockpit::multicast
