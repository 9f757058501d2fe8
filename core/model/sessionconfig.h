#pragma once

#include "autoreplyrule.h"
#include "checksumspec.h"
#include "framing.h"
#include "modetraits.h"
#include "proxysettings.h"
#include "sessionmode.h"
#include "tlssettings.h"

#include <QHostAddress>
#include <QString>
#include <QVector>

namespace sockpit {

// Shorthands for the mode table's rows that the I/O side asks most.
inline bool isDatagramMode(SessionMode mode)
{
    return modeTraits(mode).datagram;
}
inline bool isRelayMode(SessionMode mode)
{
    return modeTraits(mode).relay;
}
// The modes TLS applies to: a TCP server's and a TCP client's own connections, and UDP (DTLS).
inline bool isTlsMode(SessionMode mode)
{
    return modeTraits(mode).tls != TlsRole::None;
}

// The largest UDP payload over IPv4 (65,535 - 8 UDP - 20 IP header bytes).
constexpr qsizetype MaxUdpPayload = 65507;
// The most plain text one DTLS record carries (2^14 bytes, RFC 6347): a DTLS datagram's message.
constexpr qsizetype MaxDtlsPayload = 16384;

// Everything one session needs to start; immutable once the session runs.
struct SessionConfig
{
    SessionMode mode = SessionMode::TcpServer;
    QHostAddress bindAddress = QHostAddress::Any; // server/UDP: where to listen; client: optional source
    quint16 bindPort = 0; // server/UDP: port to bind (0: the system picks); client: optional source port
    bool bindAddressSet = false; // client: bind to bindAddress before connecting
    QString host; // client: host name or address to connect to (UDP: default target, optional; relay: target)
    quint16 port = 0; // client: remote port (UDP: default target port; relay: target port)
    // The Unix modes' addresses (modeTraits().unixPaths): a file system path, or "@name" for Linux's
    // abstract namespace. Server and datagrams: where to listen (datagrams: empty lets the system pick
    // an abstract name, so answers can come back); client: where to connect; datagrams: the default
    // target, optional.
    QString localPath;
    QString remotePath;
    // TCP client: connect through this proxy (SOCKS5 or HTTP CONNECT), which resolves `host` itself.
    ProxySettings proxy;
    bool echo = false; // server/UDP: send every received chunk back to its sender
    int maxClients = 0; // server: 0 = unlimited
    int connectTimeoutMs = 10000; // client
    bool noDelay = true; // TCP_NODELAY
    bool keepAlive = false; // SO_KEEPALIVE
    qint64 sendQueueLimit = 8 * 1024 * 1024; // bytes waiting per connection before sends are refused
    // TCP: how received bytes are split into the messages the log and the recording show (the bytes
    // given to a data handler, echoed or written to standard output stay the chunks as read).
    Framing framing;
    // UDP: multicast groups joined once the socket is bound, and the interface (name or index) they
    // are joined on and multicast datagrams leave by (empty: the one the routing table picks).
    QVector<QHostAddress> multicastGroups;
    QString multicastInterface;
    // ICMP: echo requests to `host` (IPv4), `pingCount` of them (0: until stopped), one every
    // `pingIntervalMs`, each with `pingPayloadSize` data bytes and answered within `pingTimeoutMs`.
    int pingCount = 4;
    int pingIntervalMs = 1000;
    int pingPayloadSize = 56;
    int pingTimeoutMs = 2000;
    TlsSettings tls; // TCP server/client: TLS, UDP: DTLS, run by the Session's TlsTransport
    // TCP server/client (with TLS too): every connection speaks WebSocket (RFC 6455) after its opening
    // handshake. Each message sent is one WebSocket message (text when it is UTF-8, else binary) and
    // each one received is a message of the log whatever `framing` says.
    bool webSocket = false;
    QString webSocketResource = QStringLiteral("/"); // client: the path and query asked for
    // Answers sent to whoever sent a matching message (each chunk, frame or datagram), on the I/O
    // thread; check them with AutoReplier::validate() first: a rule that does not compile is left out.
    AutoReplyRules autoReplies;
    // Received messages (frames, or datagrams): each is checked, its log row marked ok or bad, and a
    // bad one also logged as an error event (EventKind::Checksum) and counted.
    ChecksumCheck receiveCheck;
    // TCP server: a chat room. Each line a client says goes to every other client as "<name> text";
    // the session's own sends are said by `chatName`. Received bytes are framed as lines.
    bool chat = false;
    QString chatName = QStringLiteral("host");
};

// A Unix mode's session (modeTraits().unixPaths).
inline bool isUnixMode(SessionMode mode)
{
    return modeTraits(mode).unixPaths;
}

// "tcp-server", "tcp-client", "udp", "tcp-relay", "udp-relay", "icmp", "unix-server", "unix-client",
// "unix-dgram"
QString sessionModeName(SessionMode mode);
// What a session is called in the log and its recording: its mode's name, or for a WebSocket session
// "ws-server", "ws-client", "wss-server" or "wss-client", for UDP over DTLS "dtls-server" or
// "dtls-client".
QString sessionKindName(const SessionConfig &config);
// The largest message one datagram of the session carries: MaxUdpPayload, or MaxDtlsPayload with DTLS.
// A file or standard input is sent in pieces of this size.
qsizetype largestDatagram(const SessionConfig &config);
// The end of the TLS handshakes a session takes: its mode's, and for UDP with DTLS, a client when a
// remote host is set and a server otherwise. None when the session does not use TLS.
TlsRole tlsRole(const SessionConfig &config);
// A WebSocket client's address: "ws://HOST:PORT/RESOURCE" ("wss://" over TLS; IPv6 in brackets).
QString webSocketUrl(const SessionConfig &config);
// Whether a session of this mode may speak WebSocket: the TCP server and client.
inline bool webSocketApplies(SessionMode mode)
{
    return mode == SessionMode::TcpServer || mode == SessionMode::TcpClient;
}

} // namespace sockpit
