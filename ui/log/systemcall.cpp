#include "systemcall.h"

#include "modetraits.h"

#include <QCoreApplication>

namespace sockpit::ui {

namespace {

class SystemCallText
{
    Q_DECLARE_TR_FUNCTIONS(SystemCall)
};

// "[::1]:9000" and "::1" are IPv6; "127.0.0.1:9000" is not.
bool isIpv6(const QString &address)
{
    return address.startsWith(QLatin1Char('[')) || address.count(QLatin1Char(':')) > 1;
}

bool isDatagram(const SystemCallContext &context)
{
    return context.known && modeTraits(context.mode).datagram;
}

bool isIcmp(const SystemCallContext &context)
{
    return context.known && context.mode == SessionMode::Icmp;
}

QString socketCall(const QString &address, const SystemCallContext &context)
{
    if (isIcmp(context))
        return QStringLiteral("socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)");
    return QStringLiteral("socket(%1, %2)")
        .arg(QLatin1String(isIpv6(address) ? "AF_INET6" : "AF_INET"),
            QLatin1String(isDatagram(context) ? "SOCK_DGRAM" : "SOCK_STREAM"));
}

QString withArgument(const char *call, const QString &argument)
{
    return QStringLiteral("%1(%2)").arg(QLatin1String(call), argument);
}

} // namespace

QString systemCall(EventKind kind, Direction dir, const QString &peer, const QString &local,
    const QString &upstream, const SystemCallContext &context)
{
    const bool datagram = isDatagram(context) || isIcmp(context);
    const bool relay = context.known && modeTraits(context.mode).relay;
    switch (kind) {
    case EventKind::None:
        if (!context.known || relay)
            return {}; // a recording's rows may be either; a relay's pass through two sockets
        if (dir == Direction::In) // a UDP socket reads several datagrams per call, ICMP one
            return isDatagram(context) ? QStringLiteral("recvmmsg()")
                : datagram             ? QStringLiteral("recvfrom()")
                                       : QStringLiteral("recv()");
        if (dir == Direction::Out)
            return datagram ? QStringLiteral("sendto()") : QStringLiteral("send()");
        return {};
    case EventKind::Bind:
        if (isIcmp(context))
            return {};
        if (!context.known)
            return withArgument("bind", local);
        return socketCall(local, context) + QStringLiteral(", ") + withArgument("bind", local);
    case EventKind::Listen:
        return QStringLiteral("listen(SOMAXCONN)");
    case EventKind::Accept:
        return QStringLiteral("accept4(SOCK_NONBLOCK)");
    case EventKind::Connect: {
        if (isIcmp(context))
            return {};
        if (relay) // the relay's own connection to its target
            return withArgument("connect", upstream.isEmpty() ? peer : upstream);
        const QString connect = withArgument("connect", peer);
        // A client that did not bind first makes its socket just before connecting.
        const bool socketHere = context.known && modeTraits(context.mode).local == LocalRole::Source
            && !context.clientBinds && !datagram;
        return socketHere ? socketCall(peer, context) + QStringLiteral(", ") + connect : connect;
    }
    case EventKind::Resolve:
        return QStringLiteral("getaddrinfo()");
    case EventKind::HalfClose:
        return QStringLiteral("recv() = 0");
    case EventKind::ShutdownWrite:
        return QStringLiteral("shutdown(SHUT_WR)");
    case EventKind::Close:
    case EventKind::Stop:
        return QStringLiteral("close()");
    case EventKind::Reset:
        return QStringLiteral("recv()/send() = ECONNRESET");
    case EventKind::Refused:
        if (context.known && (isStreamServer(context.mode) || context.mode == SessionMode::TcpRelay))
            return QStringLiteral("accept4(), close()"); // over the client limit
        if (context.known && context.mode == SessionMode::UdpRelay)
            return QStringLiteral("recv() = ECONNREFUSED");
        return isIcmp(context) ? QString() : QStringLiteral("connect() = ECONNREFUSED");
    case EventKind::Timeout:
        return isIcmp(context) ? QString() : QStringLiteral("connect()");
    case EventKind::Join:
        return isIpv6(peer) ? QStringLiteral("setsockopt(IPV6_JOIN_GROUP)")
                            : QStringLiteral("setsockopt(IP_ADD_MEMBERSHIP)");
    case EventKind::Leave:
        return isIpv6(peer) ? QStringLiteral("setsockopt(IPV6_LEAVE_GROUP)")
                            : QStringLiteral("setsockopt(IP_DROP_MEMBERSHIP)");
    case EventKind::Reply:
        return QStringLiteral("recvfrom()");
    case EventKind::Dropped:
    case EventKind::Cut:
    case EventKind::Error:
    case EventKind::Tls:
    case EventKind::Checksum:
    case EventKind::WebSocket:
        return {};
    }
    return {};
}

QString systemCallHelp(EventKind kind, Direction dir, const SystemCallContext &context)
{
    const bool datagram = isDatagram(context) || isIcmp(context);
    switch (kind) {
    case EventKind::None:
        if (dir == Direction::In)
            return isDatagram(context) ? SystemCallText::tr(
                       "recvmmsg(): read the datagrams that have arrived, each with the address "
                       "it came from, several in one call")
                : datagram ? SystemCallText::tr("recvfrom(): read one datagram and the address it came from")
                           : SystemCallText::tr("recv(): read the bytes that have arrived on the connection");
        if (dir == Direction::Out)
            return datagram
                ? SystemCallText::tr("sendto(): send one datagram to an address")
                : SystemCallText::tr("send(): queue bytes for the kernel to send on the connection");
        return {};
    case EventKind::Bind:
        return SystemCallText::tr("socket() makes the socket; bind() gives it its local address and port");
    case EventKind::Listen:
        return SystemCallText::tr(
            "listen(): the socket now accepts connections; SOMAXCONN is the longest queue of connections "
            "waiting to be accepted");
    case EventKind::Accept:
        return SystemCallText::tr(
            "accept4(): takes the next connection from the queue as a socket of its own (non-blocking)");
    case EventKind::Connect:
        return SystemCallText::tr("connect(): the three-way handshake with the server has completed");
    case EventKind::Resolve:
        return SystemCallText::tr("getaddrinfo(): looks the host name up");
    case EventKind::HalfClose:
        return SystemCallText::tr("recv() returned 0: the peer sent FIN and will send no more");
    case EventKind::ShutdownWrite:
        return SystemCallText::tr("shutdown(SHUT_WR): sends FIN; the connection can still receive");
    case EventKind::Close:
    case EventKind::Stop:
        return SystemCallText::tr("close(): the socket is released");
    case EventKind::Reset:
        return SystemCallText::tr("ECONNRESET from recv() or send(): the peer reset the connection (RST)");
    case EventKind::Refused:
        if (context.known && (isStreamServer(context.mode) || context.mode == SessionMode::TcpRelay))
            return SystemCallText::tr("accept4(), then close() at once: the client limit is reached");
        return SystemCallText::tr("ECONNREFUSED: nothing listens on that port (the answer was RST)");
    case EventKind::Timeout:
        return SystemCallText::tr("connect() got no answer in time");
    case EventKind::Join:
        return SystemCallText::tr("setsockopt(): joins the multicast group");
    case EventKind::Leave:
        return SystemCallText::tr("setsockopt(): leaves the multicast group");
    case EventKind::Reply:
        return SystemCallText::tr("recvfrom(): read one ICMP message");
    case EventKind::Dropped:
    case EventKind::Cut:
    case EventKind::Error:
    case EventKind::Tls:
    case EventKind::Checksum:
    case EventKind::WebSocket:
        return {};
    }
    return {};
}

} // namespace sockpit::ui
