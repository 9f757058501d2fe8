#include "sessionconfig.h"

namespace sockpit {

QString sessionModeName(SessionMode mode)
{
    switch (mode) {
    case SessionMode::TcpServer:
        return QStringLiteral("tcp-server");
    case SessionMode::TcpClient:
        return QStringLiteral("tcp-client");
    case SessionMode::Udp:
        return QStringLiteral("udp");
    case SessionMode::TcpRelay:
        return QStringLiteral("tcp-relay");
    case SessionMode::UdpRelay:
        return QStringLiteral("udp-relay");
    case SessionMode::Icmp:
        return QStringLiteral("icmp");
    }
    return QStringLiteral("tcp-server");
}

} // namespace sockpit
