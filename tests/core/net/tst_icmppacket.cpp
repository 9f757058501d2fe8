#include "icmppacket.h"

#include <QTest>

#include <cerrno>
#include <cstring>

using namespace sockpit;

// ICMP echo messages: the Internet checksum, requests as built, replies as decoded (with and without
// the IPv4 header), errors quoting a request, malformed input, and why the socket may be unavailable.
class tst_IcmpPacket : public QObject
{
    Q_OBJECT

private slots:
    void checksumKnownValues();
    void requestRoundTrip();
    void replyWithIpHeader();
    void corruptedChecksumIsReported();
    void malformed_data();
    void malformed();
    void unreachableQuotesRequest();
    void payloadCarriesSize();
    void openErrorExplainsPermissions_data();
    void openErrorExplainsPermissions();
};

namespace {

QByteArray ipv4Header(int totalLength, int ttl, quint32 source, quint32 destination)
{
    QByteArray header(20, '\0');
    header[0] = char(0x45);
    header[2] = char(totalLength >> 8);
    header[3] = char(totalLength & 0xff);
    header[8] = char(ttl);
    header[9] = 1; // ICMP
    for (int i = 0; i < 4; ++i) {
        header[12 + i] = char(source >> (24 - 8 * i));
        header[16 + i] = char(destination >> (24 - 8 * i));
    }
    return header;
}

} // namespace

void tst_IcmpPacket::checksumKnownValues()
{
    // RFC 1071's example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2, whose complement is 0x220d.
    const QByteArray rfc = QByteArray::fromHex("0001f203f4f5f6f7");
    QCOMPARE(icmp::checksum(rfc.constData(), rfc.size()), quint16(0x220d));
    // An odd length pads with a zero byte.
    const QByteArray odd = QByteArray::fromHex("0001f2");
    QCOMPARE(icmp::checksum(odd.constData(), odd.size()), quint16(~(0x0001 + 0xf200) & 0xffff));
    QCOMPARE(icmp::checksum(nullptr, 0), quint16(0xffff));
}

void tst_IcmpPacket::requestRoundTrip()
{
    const QByteArray message = icmp::echoRequest(0x1a2b, 7, "hello");
    QCOMPARE(message.size(), 8 + 5);
    QCOMPARE(quint8(message.at(0)), icmp::EchoRequest);
    // A message with its checksum in place sums to zero.
    QCOMPARE(icmp::checksum(message.constData(), message.size()), quint16(0));
    const icmp::Packet packet = icmp::parse(message, false);
    QVERIFY2(packet.valid, qPrintable(packet.error));
    QVERIFY(!packet.hasIpHeader);
    QCOMPARE(packet.type, int(icmp::EchoRequest));
    QCOMPARE(packet.code, 0);
    QCOMPARE(packet.id, quint16(0x1a2b));
    QCOMPARE(packet.sequence, quint16(7));
    QVERIFY(packet.checksumOk);
    QCOMPARE(packet.payload, QByteArray("hello"));
    QCOMPARE(packet.icmpBytes, 13);
    QVERIFY2(icmp::describe(packet).startsWith(
                 QStringLiteral("ICMP type 8 (echo request) code 0 id 0x1a2b seq 7 checksum 0x")),
        qPrintable(icmp::describe(packet)));
    QVERIFY(icmp::describe(packet).endsWith(QStringLiteral(" ok")));
}

void tst_IcmpPacket::replyWithIpHeader()
{
    QByteArray reply = icmp::echoRequest(0x0102, 513, "abc");
    reply[0] = char(icmp::EchoReply);
    reply[2] = reply[3] = 0;
    const quint16 sum = icmp::checksum(reply.constData(), reply.size());
    reply[2] = char(sum >> 8);
    reply[3] = char(sum & 0xff);
    const QByteArray bytes = ipv4Header(20 + reply.size(), 63, 0x7f000002, 0x7f000001) + reply;
    const icmp::Packet packet = icmp::parse(bytes, true);
    QVERIFY2(packet.valid, qPrintable(packet.error));
    QVERIFY(packet.hasIpHeader);
    QCOMPARE(packet.ipVersion, 4);
    QCOMPARE(packet.ipHeaderBytes, 20);
    QCOMPARE(packet.totalLength, 31);
    QCOMPARE(packet.ttl, 63);
    QCOMPARE(packet.protocol, 1);
    QCOMPARE(packet.source, QHostAddress(QStringLiteral("127.0.0.2")));
    QCOMPARE(packet.destination, QHostAddress(QStringLiteral("127.0.0.1")));
    QCOMPARE(packet.type, int(icmp::EchoReply));
    QCOMPARE(packet.sequence, quint16(513));
    QCOMPARE(packet.checksum, sum);
    QVERIFY(packet.checksumOk);
    QCOMPARE(icmp::describe(packet),
        QStringLiteral("IPv4 len 31 ttl 63 127.0.0.2 > 127.0.0.1 \u00b7 ICMP type 0 (echo reply) code 0 id "
                       "0x0102 seq 513 checksum 0x%1 ok")
            .arg(sum, 4, 16, QLatin1Char('0')));
}

void tst_IcmpPacket::corruptedChecksumIsReported()
{
    QByteArray message = icmp::echoRequest(1, 1, "payload");
    message[9] = char(message.at(9) ^ 0x40);
    const icmp::Packet packet = icmp::parse(message, false);
    QVERIFY(packet.valid);
    QVERIFY(!packet.checksumOk);
    QVERIFY(icmp::describe(packet).endsWith(QStringLiteral(" BAD")));
}

void tst_IcmpPacket::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("withIpHeader");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray() << false << "0 bytes are too short for an ICMP header";
    QTest::newRow("7 bytes") << QByteArray(7, 'x') << false << "7 bytes are too short for an ICMP header";
    QTest::newRow("short IP header") << QByteArray(19, 'E') << true
                                     << "19 bytes are too short for an IPv4 header";
    QByteArray v6(28, '\0');
    v6[0] = char(0x60);
    QTest::newRow("IP version 6") << v6 << true << "IP version 6, not 4";
    QByteArray longHeader(28, '\0');
    longHeader[0] = char(0x4f); // 60 header bytes in 28
    QTest::newRow("IHL past the end") << longHeader << true << "IPv4 header length 60 does not fit 28 bytes";
    QTest::newRow("IP header only") << ipv4Header(20, 64, 1, 2) << true
                                    << "0 bytes are too short for an ICMP header";
}

void tst_IcmpPacket::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, withIpHeader);
    QFETCH(QString, error);
    const icmp::Packet packet = icmp::parse(bytes, withIpHeader);
    QVERIFY(!packet.valid);
    QCOMPARE(packet.error, error);
}

void tst_IcmpPacket::unreachableQuotesRequest()
{
    // Destination unreachable (code 1: host unreachable) quoting our request's IPv4 header and
    // first 8 ICMP bytes.
    const QByteArray request = icmp::echoRequest(0xbeef, 42, QByteArray(16, 'p'));
    const QByteArray quoted = ipv4Header(20 + request.size(), 1, 0x7f000001, 0x0a000001) + request.left(8);
    QByteArray error(8, '\0');
    error[0] = char(icmp::DestinationUnreachable);
    error[1] = 1;
    error += quoted;
    const quint16 sum = icmp::checksum(error.constData(), error.size());
    error[2] = char(sum >> 8);
    error[3] = char(sum & 0xff);
    const icmp::Packet packet = icmp::parse(error, false);
    QVERIFY(packet.valid);
    QVERIFY(packet.checksumOk);
    QCOMPARE(packet.type, int(icmp::DestinationUnreachable));
    QCOMPARE(packet.code, 1);
    QVERIFY(packet.quotesEcho);
    QCOMPARE(packet.quotedId, quint16(0xbeef));
    QCOMPARE(packet.quotedSequence, quint16(42));
    QCOMPARE(icmp::typeName(packet.type), QStringLiteral("destination unreachable"));
    QCOMPARE(icmp::typeName(42), QStringLiteral("type 42"));

    // A reply quotes nothing.
    QVERIFY(!icmp::parse(request, false).quotesEcho);
}

void tst_IcmpPacket::payloadCarriesSize()
{
    QCOMPARE(icmp::echoPayload(0, 1).size(), 0);
    QCOMPARE(icmp::echoPayload(5, 1), QByteArray::fromHex("0001020304"));
    const QByteArray timed = icmp::echoPayload(56, Q_INT64_C(0x0102030405060708));
    QCOMPARE(timed.size(), 56);
    QCOMPARE(timed.left(8), QByteArray::fromHex("0102030405060708"));
    QCOMPARE(quint8(timed.at(55)), quint8(55));
}

void tst_IcmpPacket::openErrorExplainsPermissions_data()
{
    QTest::addColumn<int>("error");
    QTest::newRow("EPERM") << EPERM;
    QTest::newRow("EACCES") << EACCES;
}

void tst_IcmpPacket::openErrorExplainsPermissions()
{
    QFETCH(int, error);
    const QString message = icmp::openErrorMessage(error);
    QVERIFY2(message.contains(QStringLiteral("CAP_NET_RAW")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("root")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("net.ipv4.ping_group_range")), qPrintable(message));
    // Anything else is the system's own words.
    QCOMPARE(icmp::openErrorMessage(EMFILE),
        QStringLiteral("cannot open an ICMP socket: %1").arg(QString::fromLocal8Bit(strerror(EMFILE))));
}

QTEST_GUILESS_MAIN(tst_IcmpPacket)
#include "tst_icmppacket.moc"
