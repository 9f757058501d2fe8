#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>

namespace sockpit {

// ICMP (IPv4) echo messages: building requests, decoding what a raw socket receives (the IPv4 header
// and the ICMP message) or what a ping socket receives (the ICMP message alone).
namespace icmp {

constexpr quint8 EchoReply = 0;
constexpr quint8 DestinationUnreachable = 3;
constexpr quint8 EchoRequest = 8;
constexpr quint8 TimeExceeded = 11;
constexpr int HeaderBytes = 8; // type, code, checksum, id, sequence
constexpr int MaxPayload = 65507 - HeaderBytes; // 65,535 less the IPv4 and ICMP headers

// The Internet checksum (RFC 1071) of `size` bytes: the ones' complement of their ones' complement sum.
quint16 checksum(const char *data, qsizetype size);

// An echo request with `payload`, checksum filled in.
QByteArray echoRequest(quint16 id, quint16 sequence, const QByteArray &payload);

// A payload of `size` bytes: the send time (8 bytes, microseconds) when it fits, then a counting pattern.
QByteArray echoPayload(int size, qint64 timeUs);

struct Packet
{
    bool valid = false;
    QString error; // why the bytes are not an ICMP message (when !valid)
    // IPv4 header (raw sockets only)
    bool hasIpHeader = false;
    int ipVersion = 0;
    int ipHeaderBytes = 0;
    int ttl = 0;
    int totalLength = 0; // as the header says
    int protocol = 0;
    QHostAddress source;
    QHostAddress destination;
    // ICMP message
    int type = 0;
    int code = 0;
    quint16 checksum = 0; // as received
    bool checksumOk = false;
    quint16 id = 0;
    quint16 sequence = 0;
    QByteArray payload;
    int icmpBytes = 0;
    // For errors (unreachable, time exceeded): the echo request they quote, when they quote one.
    bool quotesEcho = false;
    quint16 quotedId = 0;
    quint16 quotedSequence = 0;
};

Packet parse(const QByteArray &bytes, bool withIpHeader);

// "echo reply", "destination unreachable", ... (translated), or "type N".
QString typeName(int type);
// One line: "ICMP type 0 (echo reply) code 0 id 0x1a2b seq 1 checksum 0x1234 ok"; with the IPv4 header
// first when the packet has one: "IPv4 len 84 ttl 64 127.0.0.1 > 127.0.0.1".
QString describe(const Packet &packet);

// Why an ICMP socket could not be opened, as a user can act on it: EPERM/EACCES mean this process may
// neither open raw sockets (root or CAP_NET_RAW) nor ping sockets (net.ipv4.ping_group_range).
QString openErrorMessage(int error);

// Empty when this process may open an ICMP socket (raw, or a ping socket), else openErrorMessage() of
// why not. Opens and closes a socket at once: cheap, and never blocks.
QString unavailableReason();

} // namespace icmp
} // namespace sockpit
