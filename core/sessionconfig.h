#pragma once

#include "autoreply.h"
#include "framer.h"

#include <QHostAddress>
#include <QString>

namespace sockpit {

enum class SessionMode { TcpServer, TcpClient, Udp };

// The largest UDP payload over IPv4 (65,535 - 8 UDP - 20 IP header bytes).
constexpr qsizetype MaxUdpPayload = 65507;

// Everything one session needs to start; immutable once the session runs.
struct SessionConfig
{
    SessionMode mode = SessionMode::TcpServer;
    QHostAddress bindAddress = QHostAddress::Any; // server/UDP: where to listen; client: optional source
    quint16 bindPort = 0; // server/UDP: port to bind (0: the system picks); client: optional source port
    bool bindAddressSet = false; // client: bind to bindAddress before connecting
    QString host; // client: host name or address to connect to (UDP: default target, optional)
    quint16 port = 0; // client: remote port (UDP: default target port)
    bool echo = false; // server/UDP: send every received chunk back to its sender
    int maxClients = 0; // server: 0 = unlimited
    int connectTimeoutMs = 10000; // client
    bool noDelay = true; // TCP_NODELAY
    bool keepAlive = false; // SO_KEEPALIVE
    qint64 sendQueueLimit = 8 * 1024 * 1024; // bytes waiting per connection before sends are refused
    // TCP: how received bytes are split into the messages the log and the recording show (the bytes
    // given to a data handler, echoed or written to standard output stay the chunks as read).
    Framing framing;
    // Answers sent to whoever sent a matching message (each chunk, frame or datagram), on the I/O
    // thread; check them with AutoReplier::validate() first: a rule that does not compile is left out.
    AutoReplyRules autoReplies;
};

QString sessionModeName(SessionMode mode); // "tcp-server", "tcp-client", "udp"

} // namespace sockpit
