#include "icmppacket.h"

#include "posixsocket.h"

#include <QCoreApplication>

#include <cerrno>
#include <cstring>

#include <netinet/in.h>
#include <sys/socket.h>

namespace sockpit::icmp {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::Icmp)
};

quint16 read16(const QByteArray &bytes, qsizetype at)
{
    return quint16((quint8(bytes.at(at)) << 8) | quint8(bytes.at(at + 1)));
}

void write16(QByteArray &bytes, qsizetype at, quint16 value)
{
    bytes[at] = char(value >> 8);
    bytes[at + 1] = char(value & 0xff);
}

QHostAddress read4(const QByteArray &bytes, qsizetype at)
{
    return QHostAddress(quint32((quint8(bytes.at(at)) << 24) | (quint8(bytes.at(at + 1)) << 16)
        | (quint8(bytes.at(at + 2)) << 8) | quint8(bytes.at(at + 3))));
}

Packet invalid(const QString &error)
{
    Packet packet;
    packet.error = error;
    return packet;
}

} // namespace

quint16 checksum(const char *data, qsizetype size)
{
    quint32 sum = 0;
    const auto *bytes = reinterpret_cast<const quint8 *>(data);
    qsizetype i = 0;
    for (; i + 1 < size; i += 2)
        sum += quint32((bytes[i] << 8) | bytes[i + 1]);
    if (i < size)
        sum += quint32(bytes[i] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return quint16(~sum & 0xffff);
}

QByteArray echoRequest(quint16 id, quint16 sequence, const QByteArray &payload)
{
    QByteArray message(HeaderBytes, '\0');
    message[0] = char(EchoRequest);
    message[1] = 0;
    write16(message, 4, id);
    write16(message, 6, sequence);
    message += payload;
    write16(message, 2, checksum(message.constData(), message.size()));
    return message;
}

QByteArray echoPayload(int size, qint64 timeUs)
{
    QByteArray payload(qMax(0, size), Qt::Uninitialized);
    for (int i = 0; i < payload.size(); ++i)
        payload[i] = char(i & 0xff);
    if (payload.size() >= 8) {
        for (int i = 0; i < 8; ++i)
            payload[i] = char((quint64(timeUs) >> (56 - 8 * i)) & 0xff);
    }
    return payload;
}

Packet parse(const QByteArray &bytes, bool withIpHeader)
{
    Packet packet;
    qsizetype at = 0;
    if (withIpHeader) {
        if (bytes.size() < 20)
            return invalid(Text::tr("%1 bytes are too short for an IPv4 header").arg(bytes.size()));
        packet.hasIpHeader = true;
        packet.ipVersion = quint8(bytes.at(0)) >> 4;
        packet.ipHeaderBytes = (quint8(bytes.at(0)) & 0x0f) * 4;
        if (packet.ipVersion != 4)
            return invalid(Text::tr("IP version %1, not 4").arg(packet.ipVersion));
        if (packet.ipHeaderBytes < 20 || packet.ipHeaderBytes > bytes.size())
            return invalid(Text::tr("IPv4 header length %1 does not fit %2 bytes")
                               .arg(packet.ipHeaderBytes)
                               .arg(bytes.size()));
        packet.totalLength = read16(bytes, 2);
        packet.ttl = quint8(bytes.at(8));
        packet.protocol = quint8(bytes.at(9));
        packet.source = read4(bytes, 12);
        packet.destination = read4(bytes, 16);
        at = packet.ipHeaderBytes;
    }
    const qsizetype icmpBytes = bytes.size() - at;
    if (icmpBytes < HeaderBytes)
        return invalid(Text::tr("%1 bytes are too short for an ICMP header").arg(icmpBytes));
    const QByteArray message = bytes.mid(at);
    packet.icmpBytes = int(icmpBytes);
    packet.type = quint8(message.at(0));
    packet.code = quint8(message.at(1));
    packet.checksum = read16(message, 2);
    packet.checksumOk = checksum(message.constData(), message.size()) == 0;
    packet.id = read16(message, 4);
    packet.sequence = read16(message, 6);
    packet.payload = message.mid(HeaderBytes);
    if (packet.type == DestinationUnreachable || packet.type == TimeExceeded) {
        // The quoted datagram: its IPv4 header, then at least 8 bytes of the ICMP message it answers.
        const QByteArray &quoted = packet.payload;
        if (quoted.size() >= 20) {
            const int quotedHeader = (quint8(quoted.at(0)) & 0x0f) * 4;
            if (quotedHeader >= 20 && quoted.size() >= quotedHeader + HeaderBytes && quint8(quoted.at(9)) == 1
                && quint8(quoted.at(quotedHeader)) == EchoRequest) {
                packet.quotesEcho = true;
                packet.quotedId = read16(quoted, quotedHeader + 4);
                packet.quotedSequence = read16(quoted, quotedHeader + 6);
            }
        }
    }
    packet.valid = true;
    return packet;
}

QString typeName(int type)
{
    switch (type) {
    case EchoReply:
        return Text::tr("echo reply");
    case DestinationUnreachable:
        return Text::tr("destination unreachable");
    case EchoRequest:
        return Text::tr("echo request");
    case TimeExceeded:
        return Text::tr("time exceeded");
    default:
        return Text::tr("type %1").arg(type);
    }
}

QString describe(const Packet &packet)
{
    QString text;
    if (packet.hasIpHeader) {
        text = Text::tr("IPv%1 len %2 ttl %3 %4 > %5 \u00b7 ")
                   .arg(packet.ipVersion)
                   .arg(packet.totalLength)
                   .arg(packet.ttl)
                   .arg(packet.source.toString(), packet.destination.toString());
    }
    const QString sum = QStringLiteral("0x%1").arg(packet.checksum, 4, 16, QLatin1Char('0'));
    text += Text::tr("ICMP type %1 (%2) code %3 id 0x%4 seq %5 checksum %6 %7")
                .arg(packet.type)
                .arg(typeName(packet.type))
                .arg(packet.code)
                .arg(QStringLiteral("%1").arg(packet.id, 4, 16, QLatin1Char('0')))
                .arg(packet.sequence)
                .arg(sum, packet.checksumOk ? Text::tr("ok") : Text::tr("BAD"));
    return text;
}

QString openErrorMessage(int error)
{
    if (error == EPERM || error == EACCES)
        return Text::tr("ICMP needs a raw socket, which only root or a program with the CAP_NET_RAW "
                        "capability may open (sudo setcap cap_net_raw+ep sockpit), or ping sockets, which "
                        "this user's group may not open (sysctl net.ipv4.ping_group_range)");
    if (error == EAFNOSUPPORT || error == EPROTONOSUPPORT)
        return Text::tr("this system offers no ICMP sockets: %1").arg(posix::errorText(error));
    return Text::tr("cannot open an ICMP socket: %1").arg(posix::errorText(error));
}

QString unavailableReason()
{
    int fd = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
    const int rawError = errno;
    if (fd < 0)
        fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_ICMP);
    if (fd >= 0) {
        posix::closeDescriptor(fd);
        return QString();
    }
    return openErrorMessage(rawError);
}

} // namespace sockpit::icmp
