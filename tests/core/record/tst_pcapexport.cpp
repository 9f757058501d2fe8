#include "pcapexport.h"

#include <QBuffer>
#include <QHostAddress>
#include <QTest>
#include <QtEndian>

using namespace sockpit;

// The pcap export read back by the test: the file and packet headers, IP/TCP/UDP checksums, the TCP
// handshake, sequence and acknowledgement numbers that reassemble the recorded bytes both ways, FIN and
// RST, segments of at most MaxTcpSegment bytes, and UDP datagrams. (tests/app/commands/tst_exportpcap checks
// the same files with tshark.)
class tst_PcapExport : public QObject
{
    Q_OBJECT

private slots:
    void fileHeader();
    void tcpConversation_data();
    void tcpConversation();
    void tcpClientSessionConnects();
    void resetEndsConnection();
    void udpDatagrams();
    void eventsWithoutAddressesAreSkipped();
};

namespace {

constexpr qint64 T = 1'764'000'000'123'456;

struct Packet
{
    qint64 timeUs = 0;
    QByteArray from; // address bytes
    QByteArray to;
    quint16 fromPort = 0;
    quint16 toPort = 0;
    quint8 protocol = 0;
    quint32 seq = 0;
    quint32 ack = 0;
    quint8 flags = 0;
    QByteArray payload;
};

quint32 sum16(const QByteArray &bytes, quint32 sum = 0)
{
    const auto *p = reinterpret_cast<const uchar *>(bytes.constData());
    for (qsizetype i = 0; i + 1 < bytes.size(); i += 2)
        sum += quint32(p[i] << 8 | p[i + 1]);
    if (bytes.size() % 2)
        sum += quint32(p[bytes.size() - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

quint16 be16(const QByteArray &b, int at)
{
    return qFromBigEndian<quint16>(b.constData() + at);
}

quint32 be32(const QByteArray &b, int at)
{
    return qFromBigEndian<quint32>(b.constData() + at);
}

// Parses the whole file; any inconsistency fails the calling test through `ok`.
QVector<Packet> parse(const QByteArray &file, bool *ok, QString *why)
{
    QVector<Packet> packets;
    *ok = false;
    if (file.size() < 24 || qFromLittleEndian<quint32>(file.constData()) != 0xa1b2c3d4
        || qFromLittleEndian<quint32>(file.constData() + 20) != 101) {
        *why = QStringLiteral("file header");
        return packets;
    }
    qsizetype at = 24;
    while (at < file.size()) {
        if (at + 16 > file.size()) {
            *why = QStringLiteral("record header cut");
            return packets;
        }
        Packet p;
        const quint32 sec = qFromLittleEndian<quint32>(file.constData() + at);
        const quint32 usec = qFromLittleEndian<quint32>(file.constData() + at + 4);
        const quint32 incl = qFromLittleEndian<quint32>(file.constData() + at + 8);
        const quint32 orig = qFromLittleEndian<quint32>(file.constData() + at + 12);
        p.timeUs = qint64(sec) * 1000000 + usec;
        if (incl != orig || incl > 65535 + 40 || at + 16 + qsizetype(incl) > file.size()) {
            *why = QStringLiteral("record length");
            return packets;
        }
        const QByteArray ip = file.mid(at + 16, incl);
        at += 16 + incl;
        QByteArray transport;
        QByteArray pseudo;
        if ((uchar(ip[0]) >> 4) == 4) {
            if (sum16(ip.left(20)) != 0xffff || be16(ip, 2) != ip.size()) {
                *why = QStringLiteral("IPv4 header checksum or length");
                return packets;
            }
            p.protocol = quint8(ip[9]);
            p.from = ip.mid(12, 4);
            p.to = ip.mid(16, 4);
            transport = ip.mid(20);
            pseudo = p.from + p.to + QByteArray(1, 0) + char(p.protocol) + char(transport.size() >> 8)
                + char(transport.size() & 0xff);
        } else {
            if (be16(ip, 4) != ip.size() - 40) {
                *why = QStringLiteral("IPv6 payload length");
                return packets;
            }
            p.protocol = quint8(ip[6]);
            p.from = ip.mid(8, 16);
            p.to = ip.mid(24, 16);
            transport = ip.mid(40);
            pseudo = p.from + p.to + QByteArray(2, 0) + char(transport.size() >> 8)
                + char(transport.size() & 0xff) + QByteArray(3, 0) + char(p.protocol);
        }
        if (sum16(transport, sum16(pseudo)) != 0xffff) {
            *why = QStringLiteral("transport checksum");
            return packets;
        }
        p.fromPort = be16(transport, 0);
        p.toPort = be16(transport, 2);
        if (p.protocol == 6) {
            p.seq = be32(transport, 4);
            p.ack = be32(transport, 8);
            p.flags = quint8(transport[13]);
            p.payload = transport.mid((uchar(transport[12]) >> 4) * 4);
        } else if (p.protocol == 17) {
            if (be16(transport, 4) != transport.size()) {
                *why = QStringLiteral("UDP length");
                return packets;
            }
            p.payload = transport.mid(8);
        }
        packets.append(p);
    }
    *ok = true;
    return packets;
}

Event makeEvent(Direction dir, EventKind kind, const QByteArray &payload = {}, ConnId conn = 1,
    const char *peer = "127.0.0.1:40000", const char *local = "127.0.0.1:9000")
{
    Event e;
    e.timeUs = T + conn * 1000;
    e.conn = conn;
    e.dir = dir;
    e.kind = kind;
    e.peer = QString::fromLatin1(peer);
    e.local = QString::fromLatin1(local);
    e.payload = payload;
    e.len = payload.size();
    return e;
}

QVector<Packet> exportRecording(const Recording &recording, PcapSummary *summary = nullptr)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    if (!writePcap(recording, &buffer, summary, &error))
        qWarning() << error;
    bool ok = false;
    QString why;
    const QVector<Packet> packets = parse(buffer.data(), &ok, &why);
    if (!ok)
        qWarning() << "bad pcap:" << why;
    return ok ? packets : QVector<Packet> {};
}

Recording recordingOf(const EventBatch &events, const char *session = "tcp-server 0.0.0.0:9000")
{
    Recording r;
    r.events = events;
    r.sessions = QVector<int>(events.size(), 0);
    r.sessionNames = QStringList {QString::fromLatin1(session)};
    return r;
}

// Follows one TCP connection as a receiver would: checks every segment starts at the next expected
// sequence number and acknowledges exactly what the other side sent, returns the bytes of each side.
struct Stream
{
    QByteArray fromClient;
    QByteArray fromServer;
    bool consistent = true;
    bool clientFin = false;
    bool serverFin = false;
    bool reset = false;
    quint16 clientPort = 0;
    int maxSegment = 0;
};

Stream follow(const QVector<Packet> &packets)
{
    Stream s;
    if (packets.isEmpty() || packets[0].flags != 0x02) {
        s.consistent = false;
        return s;
    }
    s.clientPort = packets[0].fromPort;
    quint32 clientNext = packets[0].seq + 1;
    if (packets.size() < 3 || packets[1].flags != 0x12 || packets[1].ack != clientNext
        || packets[2].flags != 0x10) {
        s.consistent = false;
        return s;
    }
    quint32 serverNext = packets[1].seq + 1;
    for (int i = 2; i < packets.size(); ++i) {
        const Packet &p = packets[i];
        const bool fromClient = p.fromPort == s.clientPort;
        quint32 &next = fromClient ? clientNext : serverNext;
        const quint32 other = fromClient ? serverNext : clientNext;
        if (p.seq != next || ((p.flags & 0x10) && p.ack != other))
            s.consistent = false;
        (fromClient ? s.fromClient : s.fromServer) += p.payload;
        s.maxSegment = qMax(s.maxSegment, int(p.payload.size()));
        next += quint32(p.payload.size());
        if (p.flags & 0x01) {
            ++next;
            (fromClient ? s.clientFin : s.serverFin) = true;
        }
        if (p.flags & 0x04)
            s.reset = true;
    }
    return s;
}

} // namespace

void tst_PcapExport::fileHeader()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    QVERIFY(writePcap(Recording(), &buffer, nullptr, &error));
    const QByteArray data = buffer.data();
    QCOMPARE(data.size(), 24);
    // Magic (microseconds), version 2.4, zone 0, sigfigs 0, snap length 262144, LINKTYPE_RAW (101).
    QCOMPARE(data.toHex(),
        QByteArray("d4c3b2a1"
                   "02000400"
                   "00000000"
                   "00000000"
                   "00000400"
                   "65000000"));
}

void tst_PcapExport::tcpConversation_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QString>("local");
    QTest::addColumn<int>("bigSize");
    QTest::newRow("IPv4") << QStringLiteral("127.0.0.1:40000") << QStringLiteral("127.0.0.1:9000") << 10;
    QTest::newRow("IPv6") << QStringLiteral("[::1]:40000") << QStringLiteral("[::1]:9000") << 10;
    QTest::newRow("v4 peer on a v6 socket")
        << QStringLiteral("127.0.0.1:40000") << QStringLiteral("[::ffff:127.0.0.1]:9000") << 10;
    QTest::newRow("large, IPv4") << QStringLiteral("127.0.0.1:40000") << QStringLiteral("127.0.0.1:9000")
                                 << 3 * MaxTcpSegment + 7;
    QTest::newRow("large, IPv6") << QStringLiteral("[::1]:40000") << QStringLiteral("[::1]:9000")
                                 << 2 * MaxTcpSegment;
}

void tst_PcapExport::tcpConversation()
{
    QFETCH(QString, peer);
    QFETCH(QString, local);
    QFETCH(int, bigSize);
    QByteArray big(bigSize, Qt::Uninitialized);
    for (int i = 0; i < bigSize; ++i)
        big[i] = char(i * 7 + i / 251);
    EventBatch events {makeEvent(Direction::Info, EventKind::Accept),
        makeEvent(Direction::In, EventKind::None, "hello"), makeEvent(Direction::Out, EventKind::None, big),
        makeEvent(Direction::In, EventKind::None, "again"), makeEvent(Direction::Info, EventKind::HalfClose),
        makeEvent(Direction::Out, EventKind::None, "bye"),
        makeEvent(Direction::Info, EventKind::ShutdownWrite), makeEvent(Direction::Info, EventKind::Close)};
    for (Event &e : events) {
        e.peer = peer;
        e.local = local;
    }
    PcapSummary summary;
    const QVector<Packet> packets = exportRecording(recordingOf(events), &summary);
    QVERIFY(!packets.isEmpty());
    QCOMPARE(summary.packets, qint64(packets.size()));
    QCOMPARE(summary.tcpConnections, qint64(1));
    QVERIFY(summary.skipped.isEmpty());
    const Stream s = follow(packets);
    QVERIFY(s.consistent);
    QCOMPARE(s.clientPort, quint16(40000)); // the peer connected to this server
    QCOMPARE(s.fromClient, QByteArray("helloagain"));
    QCOMPARE(s.fromServer, big + "bye");
    QVERIFY(s.clientFin);
    QVERIFY(s.serverFin);
    QVERIFY(s.maxSegment <= MaxTcpSegment);
    // The peer's FIN precedes "bye"; the last packet acknowledges our FIN.
    QCOMPARE(packets.last().flags, quint8(0x10));
    QCOMPARE(packets.last().fromPort, quint16(40000));
    for (const Packet &p : packets)
        QCOMPARE(p.protocol, quint8(6));
    QCOMPARE(packets[0].timeUs, T + 1000);
    QCOMPARE(packets[0].from.size(), peer.startsWith(QLatin1Char('[')) ? 16 : 4);
}

void tst_PcapExport::tcpClientSessionConnects()
{
    // No connect event in the recording: the session's name says who sent the SYN.
    EventBatch events {
        makeEvent(Direction::Out, EventKind::None, "ping", 1, "127.0.0.1:9000", "127.0.0.1:40000"),
        makeEvent(Direction::In, EventKind::None, "pong", 1, "127.0.0.1:9000", "127.0.0.1:40000"),
        makeEvent(Direction::Info, EventKind::Close, {}, 1, "127.0.0.1:9000", "127.0.0.1:40000")};
    const QVector<Packet> packets = exportRecording(recordingOf(events, "tcp-client 127.0.0.1:9000"));
    const Stream s = follow(packets);
    QVERIFY(s.consistent);
    QCOMPARE(s.clientPort, quint16(40000));
    QCOMPARE(s.fromClient, QByteArray("ping"));
    QCOMPARE(s.fromServer, QByteArray("pong"));
    QVERIFY(s.clientFin && s.serverFin);
}

void tst_PcapExport::resetEndsConnection()
{
    EventBatch events {makeEvent(Direction::Info, EventKind::Accept),
        makeEvent(Direction::In, EventKind::None, "x"), makeEvent(Direction::Error, EventKind::Reset),
        makeEvent(Direction::Info, EventKind::Close),
        makeEvent(Direction::Info, EventKind::Accept, {}, 2, "127.0.0.1:40002"),
        makeEvent(Direction::In, EventKind::None, "second", 2, "127.0.0.1:40002")};
    const QVector<Packet> packets = exportRecording(recordingOf(events));
    QVector<Packet> first;
    QVector<Packet> second;
    for (const Packet &p : packets)
        (p.fromPort == 40002 || p.toPort == 40002 ? second : first).append(p);
    const Stream a = follow(first);
    QVERIFY(a.consistent);
    QVERIFY(a.reset);
    QVERIFY(!a.clientFin && !a.serverFin); // nothing after the reset
    QCOMPARE(first.last().flags, quint8(0x14));
    const Stream b = follow(second);
    QVERIFY(b.consistent);
    QCOMPARE(b.fromClient, QByteArray("second"));
    QVERIFY(first[0].seq != second[0].seq);
}

void tst_PcapExport::udpDatagrams()
{
    const QByteArray large(65507, 'u');
    EventBatch events {makeEvent(Direction::Info, EventKind::Bind, {}, 0, "", "0.0.0.0:9000"),
        makeEvent(Direction::In, EventKind::None, "ping", 1, "127.0.0.1:5000", "0.0.0.0:9000"),
        makeEvent(Direction::Out, EventKind::None, "pong", 1, "127.0.0.1:5000", "0.0.0.0:9000"),
        makeEvent(Direction::In, EventKind::None, QByteArray(), 2, "[::1]:5001", "[::]:9000"),
        makeEvent(Direction::In, EventKind::None, large, 3, "127.0.0.1:5002", "127.0.0.1:9000"),
        makeEvent(
            Direction::In, EventKind::None, QByteArray(65508, 'v'), 3, "127.0.0.1:5002", "127.0.0.1:9000")};
    PcapSummary summary;
    const QVector<Packet> packets = exportRecording(recordingOf(events, "udp 0.0.0.0:9000"), &summary);
    QCOMPARE(packets.size(), 4);
    QCOMPARE(summary.udpDatagrams, qint64(4));
    QCOMPARE(summary.skipped.size(), 1); // the datagram too large for UDP
    QVERIFY(summary.skipped[0].contains(QStringLiteral("65508")));
    for (const Packet &p : packets)
        QCOMPARE(p.protocol, quint8(17));
    QCOMPARE(packets[0].payload, QByteArray("ping"));
    QCOMPARE(packets[0].fromPort, quint16(5000));
    QCOMPARE(packets[0].toPort, quint16(9000));
    QCOMPARE(packets[1].payload, QByteArray("pong"));
    QCOMPARE(packets[1].fromPort, quint16(9000));
    QCOMPARE(packets[2].payload, QByteArray());
    QCOMPARE(packets[2].from.size(), 16);
    QCOMPARE(packets[3].payload, large);
}

void tst_PcapExport::eventsWithoutAddressesAreSkipped()
{
    EventBatch events {makeEvent(Direction::In, EventKind::None, "lost", 1, "", ""),
        makeEvent(Direction::In, EventKind::None, "kept", 2)};
    PcapSummary summary;
    const QVector<Packet> packets = exportRecording(recordingOf(events), &summary);
    QCOMPARE(summary.skipped.size(), 1);
    QVERIFY(summary.skipped[0].startsWith(QStringLiteral("event 1:")));
    const Stream s = follow(packets);
    QVERIFY(s.consistent);
    QCOMPARE(s.fromClient, QByteArray("kept"));
}

QTEST_GUILESS_MAIN(tst_PcapExport)
#include "tst_pcapexport.moc"
