#include "pcapexport.h"

#include <QHash>
#include <QHostAddress>
#include <QtEndian>

#include <array>
#include <cstring>
#include <optional>

namespace sockpit {

namespace {

class Pcap
{
    Q_DECLARE_TR_FUNCTIONS(PcapExport)
};

constexpr quint32 PcapMagic = 0xa1b2c3d4; // microsecond timestamps
constexpr quint32 SnapLength = 262144;
constexpr quint32 LinkTypeRaw = 101; // LINKTYPE_RAW: the packet starts with the IP header
constexpr int MaxUdpPayload = 65507; // 65535 - 20 (IPv4) - 8 (UDP)
constexpr quint8 ProtoTcp = 6;
constexpr quint8 ProtoUdp = 17;

enum TcpFlag : quint8 { Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10 };

struct Address
{
    bool v6 = false;
    std::array<quint8, 16> bytes {}; // IPv4 in the first four
    quint16 port = 0;
};

std::optional<Address> parseEndpoint(const QString &text)
{
    QString host;
    QString port;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1String("]:"));
        if (close < 0)
            return std::nullopt;
        host = text.mid(1, close - 1);
        port = text.mid(close + 2);
    } else {
        const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
        if (colon < 0)
            return std::nullopt;
        host = text.left(colon);
        port = text.mid(colon + 1);
    }
    bool ok = false;
    const uint number = port.toUInt(&ok);
    QHostAddress address;
    if (!ok || number > 65535 || !address.setAddress(host))
        return std::nullopt;
    Address result;
    result.port = quint16(number);
    bool v4 = false;
    const quint32 ipv4 = address.toIPv4Address(&v4); // also ::ffff:a.b.c.d
    if (v4) {
        qToBigEndian(ipv4, result.bytes.data());
    } else {
        result.v6 = true;
        const Q_IPV6ADDR v6 = address.toIPv6Address();
        std::memcpy(result.bytes.data(), v6.c, 16);
    }
    return result;
}

// Both ends of a packet in one family: an IPv4 end next to an IPv6 one becomes ::ffff:a.b.c.d, or,
// next to the IPv6 wildcard, the IPv6 end becomes 0.0.0.0.
void unifyFamilies(Address &a, Address &b)
{
    if (a.v6 == b.v6)
        return;
    Address &v4 = a.v6 ? b : a;
    Address &v6 = a.v6 ? a : b;
    if (v6.bytes == std::array<quint8, 16> {}) {
        v6.v6 = false;
        return;
    }
    std::array<quint8, 16> mapped {};
    mapped[10] = mapped[11] = 0xff;
    std::memcpy(mapped.data() + 12, v4.bytes.data(), 4);
    v4.bytes = mapped;
    v4.v6 = true;
}

void put16(QByteArray &out, quint16 value)
{
    out += char(value >> 8);
    out += char(value & 0xff);
}

void put32(QByteArray &out, quint32 value)
{
    put16(out, quint16(value >> 16));
    put16(out, quint16(value & 0xffff));
}

quint32 sumWords(const char *data, qsizetype size, quint32 sum = 0)
{
    const auto *p = reinterpret_cast<const uchar *>(data);
    for (qsizetype i = 0; i + 1 < size; i += 2)
        sum += quint32(p[i] << 8 | p[i + 1]);
    if (size % 2)
        sum += quint32(p[size - 1] << 8);
    return sum;
}

quint16 fold(quint32 sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return quint16(~sum & 0xffff);
}

class Writer
{
public:
    explicit Writer(QIODevice *device)
        : m_device(device)
    { }

    bool header()
    {
        QByteArray out;
        out.resize(24);
        char *p = out.data();
        qToLittleEndian(PcapMagic, p);
        qToLittleEndian(quint16(2), p + 4);
        qToLittleEndian(quint16(4), p + 6);
        qToLittleEndian(qint32(0), p + 8); // thiszone
        qToLittleEndian(quint32(0), p + 12); // sigfigs
        qToLittleEndian(SnapLength, p + 16);
        qToLittleEndian(LinkTypeRaw, p + 20);
        return write(out);
    }

    // One IP packet carrying transport (its header and payload, checksum field zero at checksumAt).
    bool packet(qint64 timeUs, const Address &from, const Address &to, quint8 protocol, QByteArray transport,
        int checksumAt)
    {
        QByteArray pseudo;
        if (from.v6) {
            pseudo.append(reinterpret_cast<const char *>(from.bytes.data()), 16);
            pseudo.append(reinterpret_cast<const char *>(to.bytes.data()), 16);
            put32(pseudo, quint32(transport.size()));
            put32(pseudo, protocol);
        } else {
            pseudo.append(reinterpret_cast<const char *>(from.bytes.data()), 4);
            pseudo.append(reinterpret_cast<const char *>(to.bytes.data()), 4);
            put16(pseudo, protocol);
            put16(pseudo, quint16(transport.size()));
        }
        quint16 checksum = fold(
            sumWords(transport.constData(), transport.size(), sumWords(pseudo.constData(), pseudo.size())));
        if (protocol == ProtoUdp && checksum == 0)
            checksum = 0xffff; // 0 means "no checksum" in UDP
        transport[checksumAt] = char(checksum >> 8);
        transport[checksumAt + 1] = char(checksum & 0xff);

        QByteArray ip;
        if (from.v6) {
            put32(ip, 0x60000000);
            put16(ip, quint16(transport.size()));
            ip += char(protocol);
            ip += char(64); // hop limit
            ip.append(reinterpret_cast<const char *>(from.bytes.data()), 16);
            ip.append(reinterpret_cast<const char *>(to.bytes.data()), 16);
        } else {
            ip += char(0x45);
            ip += char(0);
            put16(ip, quint16(20 + transport.size()));
            put16(ip, m_ipId++);
            put16(ip, 0x4000); // don't fragment
            ip += char(64); // time to live
            ip += char(protocol);
            put16(ip, 0); // checksum, below
            ip.append(reinterpret_cast<const char *>(from.bytes.data()), 4);
            ip.append(reinterpret_cast<const char *>(to.bytes.data()), 4);
            const quint16 ipChecksum = fold(sumWords(ip.constData(), ip.size()));
            ip[10] = char(ipChecksum >> 8);
            ip[11] = char(ipChecksum & 0xff);
        }
        const quint32 length = quint32(ip.size() + transport.size());
        char record[16];
        qint64 seconds = timeUs / 1000000;
        qint64 micro = timeUs % 1000000;
        if (micro < 0) {
            micro += 1000000;
            --seconds;
        }
        qToLittleEndian(quint32(seconds), record);
        qToLittleEndian(quint32(micro), record + 4);
        qToLittleEndian(length, record + 8);
        qToLittleEndian(length, record + 12);
        ++m_packets;
        return write(QByteArray(record, 16)) && write(ip) && write(transport);
    }

    bool tcp(qint64 timeUs, const Address &from, const Address &to, quint32 seq, quint32 ack, quint8 flags,
        const char *data = nullptr, qsizetype size = 0)
    {
        QByteArray segment;
        segment.reserve(20 + size);
        put16(segment, from.port);
        put16(segment, to.port);
        put32(segment, seq);
        put32(segment, (flags & Ack) ? ack : 0);
        segment += char(5 << 4); // data offset: 5 words, no options
        segment += char(flags);
        put16(segment, 65535); // window
        put16(segment, 0); // checksum
        put16(segment, 0); // urgent pointer
        segment.append(data, size);
        return packet(timeUs, from, to, ProtoTcp, segment, 16);
    }

    bool udp(qint64 timeUs, const Address &from, const Address &to, const QByteArray &payload)
    {
        QByteArray datagram;
        datagram.reserve(8 + payload.size());
        put16(datagram, from.port);
        put16(datagram, to.port);
        put16(datagram, quint16(8 + payload.size()));
        put16(datagram, 0);
        datagram += payload;
        return packet(timeUs, from, to, ProtoUdp, datagram, 6);
    }

    qint64 packets() const { return m_packets; }
    QString error() const { return m_device->errorString(); }

private:
    bool write(const QByteArray &bytes) { return m_device->write(bytes) == bytes.size(); }

    QIODevice *m_device;
    quint16 m_ipId = 1;
    qint64 m_packets = 0;
};

// One TCP connection as both ends see it: "local" is the recording side, "peer" the other.
struct TcpState
{
    Address local;
    Address peer;
    bool known = false; // the addresses are known
    bool open = false; // the handshake was written
    bool closed = false;
    quint32 localNext = 0; // the next sequence number each side sends
    quint32 peerNext = 0;
    bool localFin = false;
    bool peerFin = false;
};

class Exporter
{
public:
    Exporter(QIODevice *device, PcapSummary *summary)
        : m_writer(device)
        , m_summary(summary)
    { }

    bool run(const Recording &recording, QString *error)
    {
        if (!m_writer.header()) {
            *error = Pcap::tr("cannot write the pcap file: %1").arg(m_writer.error());
            return false;
        }
        for (qsizetype i = 0; i < recording.events.size(); ++i) {
            const int session = i < recording.sessions.size() ? recording.sessions[i] : 0;
            const QString name
                = session < recording.sessionNames.size() ? recording.sessionNames[session] : QString();
            const bool udp = name.startsWith(QLatin1String("udp"));
            const Event &event = recording.events[i];
            if (!(udp ? udpEvent(event, i) : tcpEvent(event, session, name, i))) {
                *error = Pcap::tr("cannot write the pcap file: %1").arg(m_writer.error());
                return false;
            }
        }
        m_summary->packets = m_writer.packets();
        m_summary->tcpConnections = m_connections;
        return true;
    }

private:
    void skip(qsizetype index, const QString &why)
    {
        m_summary->skipped.append(Pcap::tr("event %1: %2").arg(index + 1).arg(why));
    }

    bool udpEvent(const Event &event, qsizetype index)
    {
        if (event.dir != Direction::In && event.dir != Direction::Out)
            return true;
        std::optional<Address> local = parseEndpoint(event.local);
        std::optional<Address> peer = parseEndpoint(event.peer);
        if (!local || !peer) {
            skip(index, Pcap::tr("a datagram without its addresses"));
            return true;
        }
        if (event.payload.size() > MaxUdpPayload) {
            skip(index,
                Pcap::tr("a datagram of %1 bytes does not fit in a UDP packet").arg(event.payload.size()));
            return true;
        }
        unifyFamilies(*local, *peer);
        ++m_summary->udpDatagrams;
        return event.dir == Direction::In ? m_writer.udp(event.timeUs, *peer, *local, event.payload)
                                          : m_writer.udp(event.timeUs, *local, *peer, event.payload);
    }

    bool tcpEvent(const Event &event, int session, const QString &name, qsizetype index)
    {
        if (event.conn == 0)
            return true; // the session itself: bind, listen, stop
        TcpState &c = m_tcp[(quint64(quint32(session)) << 40) ^ event.conn];
        if (c.closed)
            return true;
        if (!c.known) {
            std::optional<Address> local = parseEndpoint(event.local);
            std::optional<Address> peer = parseEndpoint(event.peer);
            if (!local || !peer) {
                if (event.dir == Direction::In || event.dir == Direction::Out)
                    skip(index,
                        Pcap::tr("data of connection %1 before its addresses are known").arg(event.conn));
                return true;
            }
            unifyFamilies(*local, *peer);
            c.local = *local;
            c.peer = *peer;
            c.known = true;
            // Deterministic, distinct initial sequence numbers per connection.
            c.localNext = 0x10000000u + quint32(event.conn) * 0x01000193u;
            c.peerNext = 0x80000000u + quint32(event.conn) * 0x0100019du;
        }
        const qint64 t = event.timeUs;
        switch (event.dir) {
        case Direction::In:
        case Direction::Out: {
            if (!open(c, t, event.kind == EventKind::Connect || name.startsWith(QLatin1String("tcp-client"))))
                return false;
            const bool in = event.dir == Direction::In;
            const Address &from = in ? c.peer : c.local;
            const Address &to = in ? c.local : c.peer;
            quint32 &fromNext = in ? c.peerNext : c.localNext;
            const quint32 toNext = in ? c.localNext : c.peerNext;
            for (qsizetype at = 0; at < event.payload.size(); at += MaxTcpSegment) {
                const qsizetype size = qMin<qsizetype>(MaxTcpSegment, event.payload.size() - at);
                if (!m_writer.tcp(
                        t, from, to, fromNext, toNext, Psh | Ack, event.payload.constData() + at, size))
                    return false;
                fromNext += quint32(size);
                if (!m_writer.tcp(t, to, from, toNext, fromNext, Ack))
                    return false;
            }
            return true;
        }
        case Direction::Info:
        case Direction::Error:
            break;
        }
        switch (event.kind) {
        case EventKind::Accept:
            return open(c, t, false);
        case EventKind::Connect:
            return open(c, t, true);
        case EventKind::HalfClose:
            return open(c, t, name.startsWith(QLatin1String("tcp-client"))) && fin(c, t, false);
        case EventKind::ShutdownWrite:
            return open(c, t, name.startsWith(QLatin1String("tcp-client"))) && fin(c, t, true);
        case EventKind::Close: {
            if (!c.open)
                return true;
            // The FIN written last is acknowledged by the other side.
            const bool lastFromLocal = !c.localFin || c.peerFin;
            if (!c.peerFin && !fin(c, t, false))
                return false;
            if (!c.localFin && !fin(c, t, true))
                return false;
            c.closed = true;
            return lastFromLocal ? m_writer.tcp(t, c.peer, c.local, c.peerNext, c.localNext, Ack)
                                 : m_writer.tcp(t, c.local, c.peer, c.localNext, c.peerNext, Ack);
        }
        case EventKind::Reset:
            if (!c.open)
                return true;
            c.closed = true;
            return m_writer.tcp(t, c.peer, c.local, c.peerNext, c.localNext, Rst | Ack);
        default:
            return true;
        }
    }

    // The three-way handshake, once; localConnects says which side sent the SYN.
    bool open(TcpState &c, qint64 t, bool localConnects)
    {
        if (c.open)
            return true;
        c.open = true;
        ++m_connections;
        const Address &client = localConnects ? c.local : c.peer;
        const Address &server = localConnects ? c.peer : c.local;
        quint32 &clientNext = localConnects ? c.localNext : c.peerNext;
        quint32 &serverNext = localConnects ? c.peerNext : c.localNext;
        if (!m_writer.tcp(t, client, server, clientNext, 0, Syn))
            return false;
        ++clientNext;
        if (!m_writer.tcp(t, server, client, serverNext, clientNext, Syn | Ack))
            return false;
        ++serverNext;
        return m_writer.tcp(t, client, server, clientNext, serverNext, Ack);
    }

    // A FIN from the local side (fromLocal) or from the peer, once.
    bool fin(TcpState &c, qint64 t, bool fromLocal)
    {
        bool &sent = fromLocal ? c.localFin : c.peerFin;
        if (sent)
            return true;
        sent = true;
        quint32 &next = fromLocal ? c.localNext : c.peerNext;
        const bool ok = fromLocal ? m_writer.tcp(t, c.local, c.peer, c.localNext, c.peerNext, Fin | Ack)
                                  : m_writer.tcp(t, c.peer, c.local, c.peerNext, c.localNext, Fin | Ack);
        ++next;
        return ok;
    }

    Writer m_writer;
    PcapSummary *m_summary;
    QHash<quint64, TcpState> m_tcp;
    qint64 m_connections = 0;
};

} // namespace

bool writePcap(const Recording &recording, QIODevice *device, PcapSummary *summary, QString *error)
{
    PcapSummary local;
    if (!summary)
        summary = &local;
    *summary = PcapSummary();
    Exporter exporter(device, summary);
    return exporter.run(recording, error);
}

} // namespace sockpit
