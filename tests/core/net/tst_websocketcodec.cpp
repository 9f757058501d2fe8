// WebSocket (RFC 6455) as bytes: the RFC's own examples, frames read in any pieces, each way a peer
// can break the protocol with the close code it earns, and both sides of the opening handshake,
// against each other and against what other programs send.

#include "websocketcodec.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTest>

using namespace sockpit::ws;
using Item = FrameReader::Item;
using Role = FrameReader::Role;

namespace {

// The key of RFC 6455 section 1.3, and its accept key.
const QByteArray RfcKey = "dGhlIHNhbXBsZSBub25jZQ==";
const QByteArray RfcAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
// The masking key of the RFC's examples in section 5.7.
constexpr quint32 RfcMask = 0x37fa213d;

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}

QByteArray pattern(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char((i * 7 + i / 251) & 0xff);
    return bytes;
}

// A frame as a client writes it, masked.
QByteArray masked(Opcode opcode, const QByteArray &payload, bool fin = true)
{
    return encodeFrame(opcode, payload, fin, RfcMask);
}

QByteArray withFirstByte(QByteArray frame, uchar byte)
{
    frame[0] = char(byte);
    return frame;
}

// An item as one line, so that lists of them compare and print plainly.
QString describe(const Item &item)
{
    QString payload;
    const QByteArray &bytes = item.payload;
    bool printable = bytes.size() <= 40;
    for (const char c : bytes)
        printable = printable && c >= 0x20 && c < 0x7f;
    if (printable)
        payload = u'"' + QString::fromLatin1(bytes) + u'"';
    else if (bytes.size() <= 40)
        payload = QStringLiteral("0x") + QString::fromLatin1(bytes.toHex());
    else
        payload = QStringLiteral("%1 bytes sha1 %2")
                      .arg(bytes.size())
                      .arg(QString::fromLatin1(
                          QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex().left(12)));
    switch (item.kind) {
    case Item::Kind::Text:
        return QStringLiteral("text ") + payload;
    case Item::Kind::Binary:
        return QStringLiteral("binary ") + payload;
    case Item::Kind::Ping:
        return QStringLiteral("ping ") + payload;
    case Item::Kind::Pong:
        return QStringLiteral("pong ") + payload;
    case Item::Kind::Close:
        return QStringLiteral("close %1 ").arg(item.code) + payload;
    case Item::Kind::Error:
        return QStringLiteral("error %1: ").arg(item.code) + item.error;
    }
    return QString();
}

QString describe(Item::Kind kind, const QByteArray &payload)
{
    Item item;
    item.kind = kind;
    item.payload = payload;
    return describe(item);
}

QStringList describe(const std::vector<Item> &items)
{
    QStringList lines;
    for (const Item &item : items)
        lines += describe(item);
    return lines;
}

// Feeds `bytes` in pieces of `piece` bytes (all at once for 0).
std::vector<Item> read(FrameReader &reader, const QByteArray &bytes, qsizetype piece = 0)
{
    std::vector<Item> items;
    if (piece <= 0)
        piece = qMax<qsizetype>(1, bytes.size());
    for (qsizetype at = 0; at < bytes.size(); at += piece)
        reader.feed(bytes.constData() + at, qMin(piece, bytes.size() - at), &items);
    if (bytes.isEmpty())
        reader.feed(bytes.constData(), 0, &items);
    return items;
}

QStringList readAll(Role role, const QByteArray &bytes, qsizetype piece = 0)
{
    FrameReader reader(role);
    return describe(read(reader, bytes, piece));
}

QByteArray upgradeRequest(const QByteArray &requestLine, const QByteArrayList &headers)
{
    return requestLine + "\r\n" + headers.join("\r\n") + "\r\n\r\n";
}

const QByteArrayList GoodHeaders = {"Host: example.com:8080", "Upgrade: websocket", "Connection: Upgrade",
    "Sec-WebSocket-Key: " + RfcKey, "Sec-WebSocket-Version: 13"};

QByteArrayList without(QByteArrayList headers, const QByteArray &prefix)
{
    headers.removeIf([&](const QByteArray &header) { return header.startsWith(prefix); });
    return headers;
}

QByteArrayList with(QByteArrayList headers, const QByteArray &header)
{
    return headers << header;
}

QByteArrayList replaced(const QByteArrayList &headers, const QByteArray &prefix, const QByteArray &header)
{
    return with(without(headers, prefix), header);
}

const QByteArray RfcSwitch = "HTTP/1.1 101 Switching Protocols\r\n"
                             "Upgrade: websocket\r\n"
                             "Connection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: "
    + RfcAccept + "\r\n\r\n";

} // namespace

class tst_WebSocketCodec : public QObject
{
    Q_OBJECT

private slots:
    void acceptKeyFromRfc();
    void randomKeys();
    void encodeRfcExamples_data();
    void encodeRfcExamples();
    void lengthEncodings_data();
    void lengthEncodings();
    void readRfcExamples_data();
    void readRfcExamples();
    void everyByteSplit();
    void controlFramesBetweenFragments();
    void protocolErrors_data();
    void protocolErrors();
    void validCloseCodes_data();
    void validCloseCodes();
    void utf8AcrossFragments();
    void tooBigFromHeader();
    void bigMaskedMessage();
    void clientRequest_data();
    void clientRequest();
    void clientAndServerTogether();
    void serverAcceptsPythonWebsockets();
    void serverAcceptsVariants_data();
    void serverAcceptsVariants();
    void serverRejections_data();
    void serverRejections();
    void clientFailures_data();
    void clientFailures();
    void oversizedHandshakes();
    void closePayloadFits_data();
    void closePayloadFits();
    void closeCodeTexts_data();
    void closeCodeTexts();
};

void tst_WebSocketCodec::acceptKeyFromRfc()
{
    QCOMPARE(acceptKey(RfcKey), RfcAccept);
}

void tst_WebSocketCodec::randomKeys()
{
    const QByteArray key = newClientKey();
    QCOMPARE(key.size(), 24);
    const auto decoded = QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors);
    QVERIFY(decoded);
    QCOMPARE(decoded.decoded.size(), 16);
    QVERIFY(newClientKey() != key);
    // Eight 32-bit draws all alike would be a broken generator, not chance.
    const quint32 first = newMaskKey();
    bool differs = false;
    for (int i = 0; i < 7; ++i)
        differs = differs || newMaskKey() != first;
    QVERIFY(differs);
}

void tst_WebSocketCodec::encodeRfcExamples_data()
{
    QTest::addColumn<int>("opcode");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("fin");
    QTest::addColumn<bool>("masked");
    QTest::addColumn<QByteArray>("frame");
    QTest::newRow("unmasked text") << int(Opcode::Text) << QByteArray("Hello") << true << false
                                   << hex("810548656c6c6f");
    QTest::newRow("masked text") << int(Opcode::Text) << QByteArray("Hello") << true << true
                                 << hex("818537fa213d7f9f4d5158");
    QTest::newRow("first fragment") << int(Opcode::Text) << QByteArray("Hel") << false << false
                                    << hex("010348656c");
    QTest::newRow("last fragment") << int(Opcode::Continuation) << QByteArray("lo") << true << false
                                   << hex("80026c6f");
    QTest::newRow("unmasked ping") << int(Opcode::Ping) << QByteArray("Hello") << true << false
                                   << hex("890548656c6c6f");
    QTest::newRow("masked pong") << int(Opcode::Pong) << QByteArray("Hello") << true << true
                                 << hex("8a8537fa213d7f9f4d5158");
    QTest::newRow("256 bytes binary")
        << int(Opcode::Binary) << pattern(256) << true << false << hex("827e0100") + pattern(256);
    QTest::newRow("64 KiB binary") << int(Opcode::Binary) << pattern(65536) << true << false
                                   << hex("827f0000000000010000") + pattern(65536);
    QTest::newRow("empty close") << int(Opcode::Close) << QByteArray() << true << false << hex("8800");
    QTest::newRow("masked empty close")
        << int(Opcode::Close) << QByteArray() << true << true << hex("888037fa213d");
}

void tst_WebSocketCodec::encodeRfcExamples()
{
    QFETCH(int, opcode);
    QFETCH(QByteArray, payload);
    QFETCH(bool, fin);
    QFETCH(bool, masked);
    QFETCH(QByteArray, frame);
    const std::optional<quint32> key = masked ? std::optional<quint32>(RfcMask) : std::nullopt;
    QCOMPARE(encodeFrame(Opcode(opcode), payload, fin, key), frame);
}

void tst_WebSocketCodec::lengthEncodings_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<QByteArray>("header"); // unmasked
    QTest::newRow("0") << 0 << hex("8200");
    QTest::newRow("1") << 1 << hex("8201");
    QTest::newRow("125") << 125 << hex("827d");
    QTest::newRow("126") << 126 << hex("827e007e");
    QTest::newRow("65535") << 65535 << hex("827effff");
    QTest::newRow("65536") << 65536 << hex("827f0000000000010000");
    QTest::newRow("65537") << 65537 << hex("827f0000000000010001");
}

// Each length form written, then read back, masked in pieces whose sizes fall out of step with the
// four bytes of the masking key.
void tst_WebSocketCodec::lengthEncodings()
{
    QFETCH(int, size);
    QFETCH(QByteArray, header);
    const QByteArray payload = pattern(size);
    const QByteArray plain = encodeFrame(Opcode::Binary, payload);
    QCOMPARE(plain.left(header.size()), header);
    QCOMPARE(plain.size(), header.size() + size);
    const QByteArray maskedFrame = encodeFrame(Opcode::Binary, payload, true, 0xa1b2c3d4);
    QCOMPARE(maskedFrame.size(), header.size() + 4 + size);
    QCOMPARE(uchar(maskedFrame.at(1)), uchar(header.at(1)) | 0x80);
    QCOMPARE(maskedFrame.mid(header.size(), 4), hex("a1b2c3d4"));

    const QStringList expected = {describe(Item::Kind::Binary, payload)};
    QCOMPARE(readAll(Role::Client, plain), expected);
    for (const qsizetype piece : {0, 1, 3, 5, 7, 13, 4096}) {
        if (size > 10000 && piece < 1000)
            continue; // the small pieces are enough on the short frames
        QCOMPARE(readAll(Role::Server, maskedFrame, piece), expected);
    }
}

void tst_WebSocketCodec::readRfcExamples_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("items");
    QTest::newRow("unmasked text") << int(Role::Client) << hex("810548656c6c6f")
                                   << QStringList {QStringLiteral("text \"Hello\"")};
    QTest::newRow("masked text") << int(Role::Server) << hex("818537fa213d7f9f4d5158")
                                 << QStringList {QStringLiteral("text \"Hello\"")};
    QTest::newRow("fragmented text") << int(Role::Client) << hex("010348656c80026c6f")
                                     << QStringList {QStringLiteral("text \"Hello\"")};
    QTest::newRow("unmasked ping") << int(Role::Client) << hex("890548656c6c6f")
                                   << QStringList {QStringLiteral("ping \"Hello\"")};
    QTest::newRow("masked pong") << int(Role::Server) << hex("8a8537fa213d7f9f4d5158")
                                 << QStringList {QStringLiteral("pong \"Hello\"")};
    QTest::newRow("256 bytes binary") << int(Role::Client) << hex("827e0100") + pattern(256)
                                      << QStringList {describe(Item::Kind::Binary, pattern(256))};
    QTest::newRow("64 KiB binary") << int(Role::Client) << hex("827f0000000000010000") + pattern(65536)
                                   << QStringList {describe(Item::Kind::Binary, pattern(65536))};
    QTest::newRow("empty messages") << int(Role::Client)
                                    << hex("81008200")
            + hex("0200"
                  "8000")
                                    << QStringList {QStringLiteral("text \"\""),
                                           QStringLiteral("binary \"\""), QStringLiteral("binary \"\"")};
    QTest::newRow("several in one piece")
        << int(Role::Client)
        << hex("810548656c6c6f"
               "8a00"
               "820201ff"
               "880503e8627965")
        << QStringList {QStringLiteral("text \"Hello\""), QStringLiteral("pong \"\""),
               QStringLiteral("binary 0x01ff"), QStringLiteral("close 1000 \"bye\"")};
}

void tst_WebSocketCodec::readRfcExamples()
{
    QFETCH(int, role);
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, items);
    QCOMPARE(readAll(Role(role), bytes), items);
    QCOMPARE(readAll(Role(role), bytes, 1), items);
}

// Frames of every kind and length form, fed whole, a byte at a time, cut once at each byte, and in
// random pieces: the same items every time.
void tst_WebSocketCodec::everyByteSplit()
{
    QByteArray stream;
    stream += masked(Opcode::Text, "Hello");
    stream += masked(Opcode::Binary, pattern(300)); // 16-bit length
    stream += masked(Opcode::Text, "frag", false);
    stream += masked(Opcode::Ping, "are you there");
    stream += masked(Opcode::Continuation, "ment", false);
    stream += masked(Opcode::Pong, {});
    stream += masked(Opcode::Continuation, "ed", true);
    stream += masked(Opcode::Binary, {});
    stream += masked(Opcode::Text, "\xc3\xa9t\xc3\xa9"); // été
    const QByteArray shortStream = stream;
    stream += masked(Opcode::Binary, pattern(70000), false); // 64-bit length
    stream += masked(Opcode::Continuation, pattern(10), true);
    stream += masked(Opcode::Close, closePayload(CloseCode::GoingAway, QStringLiteral("done")));

    const QStringList expected = readAll(Role::Server, stream);
    const QStringList expectedShort = readAll(Role::Server, shortStream);
    QCOMPARE(expected.size(), 9);
    QCOMPARE(expected.first(), QStringLiteral("text \"Hello\""));
    QCOMPARE(expected.at(2), QStringLiteral("ping \"are you there\""));
    QCOMPARE(expected.at(3), QStringLiteral("pong \"\""));
    QCOMPARE(expected.at(4), QStringLiteral("text \"fragmented\""));
    QCOMPARE(expected.at(6), QStringLiteral("text 0xc3a974c3a9"));
    QCOMPARE(expected.at(7), describe(Item::Kind::Binary, pattern(70000) + pattern(10)));
    QCOMPARE(expected.last(), QStringLiteral("close 1001 \"done\""));
    QCOMPARE(expectedShort, expected.mid(0, 7));

    QCOMPARE(readAll(Role::Server, stream, 1), expected);
    for (qsizetype cut = 0; cut <= shortStream.size(); ++cut) {
        FrameReader reader(Role::Server);
        std::vector<Item> items;
        reader.feed(shortStream.constData(), cut, &items);
        reader.feed(shortStream.constData() + cut, shortStream.size() - cut, &items);
        QCOMPARE(describe(items), expectedShort);
    }
    QRandomGenerator random(6455);
    for (int round = 0; round < 20; ++round) {
        FrameReader reader(Role::Server);
        std::vector<Item> items;
        for (qsizetype at = 0; at < stream.size();) {
            const qsizetype piece = qMin<qsizetype>(random.bounded(1, 3000), stream.size() - at);
            reader.feed(stream.constData() + at, piece, &items);
            at += piece;
        }
        QCOMPARE(describe(items), expected);
    }
}

void tst_WebSocketCodec::controlFramesBetweenFragments()
{
    FrameReader reader(Role::Client);
    std::vector<Item> items = read(reader,
        encodeFrame(Opcode::Binary, "ab", false) + encodeFrame(Opcode::Ping, "1")
            + encodeFrame(Opcode::Continuation, "cd", false) + encodeFrame(Opcode::Pong, "2"));
    QCOMPARE(describe(items), (QStringList {QStringLiteral("ping \"1\""), QStringLiteral("pong \"2\"")}));
    items = read(reader, encodeFrame(Opcode::Continuation, "ef"));
    QCOMPARE(describe(items), QStringList {QStringLiteral("binary \"abcdef\"")});

    // A close in the middle of a message ends reading: the rest of the message is never taken.
    items = read(reader,
        encodeFrame(Opcode::Text, "Hel", false) + encodeFrame(Opcode::Close, closePayload(1000, {}))
            + encodeFrame(Opcode::Continuation, "lo"));
    QCOMPARE(describe(items), QStringList {QStringLiteral("close 1000 \"\"")});
    QVERIFY(reader.stopped());
    QVERIFY(read(reader, encodeFrame(Opcode::Text, "more")).empty());
}

void tst_WebSocketCodec::protocolErrors_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("code");
    QTest::addColumn<int>("itemsBefore");

    const int server = int(Role::Server);
    const int client = int(Role::Client);
    const QByteArray text = masked(Opcode::Text, "Hello");
    QTest::newRow("RSV1") << server << withFirstByte(text, 0xc1) << 1002 << 0;
    QTest::newRow("RSV2") << server << withFirstByte(text, 0xa1) << 1002 << 0;
    QTest::newRow("RSV3") << server << withFirstByte(text, 0x91) << 1002 << 0;
    QTest::newRow("RSV1 after a good frame") << client
                                             << hex("8100"
                                                    "c100")
                                             << 1002 << 1;
    QTest::newRow("opcode 0x3") << server << withFirstByte(text, 0x83) << 1002 << 0;
    QTest::newRow("opcode 0x7") << client << hex("8700") << 1002 << 0;
    QTest::newRow("opcode 0xb") << server << withFirstByte(text, 0x8b) << 1002 << 0;
    QTest::newRow("opcode 0xf") << client << hex("8f00") << 1002 << 0;
    QTest::newRow("fragmented ping") << server << masked(Opcode::Ping, "x", false) << 1002 << 0;
    QTest::newRow("fragmented close") << client << hex("0800") << 1002 << 0;
    QTest::newRow("ping of 126 bytes") << server << masked(Opcode::Ping, pattern(126)) << 1002 << 0;
    QTest::newRow("pong of 126 bytes, 64-bit length")
        << client << hex("8a7f000000000000007e") + pattern(126) << 1002 << 0;
    QTest::newRow("continuation first") << server << masked(Opcode::Continuation, "lo") << 1002 << 0;
    QTest::newRow("continuation after a whole message")
        << client << encodeFrame(Opcode::Text, "Hel") + encodeFrame(Opcode::Continuation, "lo") << 1002 << 1;
    QTest::newRow("text inside a message")
        << server << masked(Opcode::Text, "Hel", false) + masked(Opcode::Text, "lo") << 1002 << 0;
    QTest::newRow("binary inside a message") << client
                                             << encodeFrame(Opcode::Text, "Hel", false)
            + encodeFrame(Opcode::Ping, {}) + encodeFrame(Opcode::Binary, "lo")
                                             << 1002 << 1;
    QTest::newRow("unmasked to a server") << server << encodeFrame(Opcode::Text, "Hello") << 1002 << 0;
    QTest::newRow("masked to a client") << client << text << 1002 << 0;
    QTest::newRow("64-bit length, top bit set") << client << hex("827f8000000000000000") << 1002 << 0;
    QTest::newRow("close of 1 byte") << client << hex("880103") << 1002 << 0;
    for (const int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535}) {
        // Written by hand: closePayload() leaves 1005 out, as it should.
        QByteArray payload = "x";
        payload.prepend(char(code & 0xff)).prepend(char(code >> 8));
        QTest::addRow("close code %d", code) << server << masked(Opcode::Close, payload) << 1002 << 0;
    }
    const std::pair<const char *, const char *> badUtf8[] = {
        {"overlong", "c0af"},
        {"overlong 3 bytes", "e0808f"},
        {"surrogate", "eda080"},
        {"past U+10FFFF", "f4908080"},
        {"byte F5", "f5"},
        {"lone continuation", "80"},
        {"cut at the end", "48c3"},
        {"cut in the middle", "e28241"},
    };
    for (const auto &[name, bytes] : badUtf8) {
        QTest::addRow("text: %s", name) << server << masked(Opcode::Text, hex(bytes)) << 1007 << 0;
        QTest::addRow("close reason: %s", name)
            << client << encodeFrame(Opcode::Close, QByteArray(hex("03e8") + hex(bytes))) << 1007 << 0;
    }
    QTest::newRow("text: character never finished across fragments")
        << server << masked(Opcode::Text, hex("41e2"), false) + masked(Opcode::Continuation, hex("82"))
        << 1007 << 0;
    QTest::newRow("text: valid fragments, invalid whole")
        << client << encodeFrame(Opcode::Text, hex("c3"), false) + encodeFrame(Opcode::Continuation, "A")
        << 1007 << 0;
}

void tst_WebSocketCodec::protocolErrors()
{
    QFETCH(int, role);
    QFETCH(QByteArray, bytes);
    QFETCH(int, code);
    QFETCH(int, itemsBefore);
    // Good frames behind the bad one are never read.
    const QByteArray after
        = Role(role) == Role::Server ? masked(Opcode::Text, "after") : encodeFrame(Opcode::Text, "after");
    for (const qsizetype piece : {0, 1}) {
        FrameReader reader {Role(role)};
        std::vector<Item> items = read(reader, bytes + after, piece);
        QCOMPARE(qsizetype(items.size()), qsizetype(itemsBefore) + 1);
        const Item &error = items.back();
        QCOMPARE(error.kind, Item::Kind::Error);
        QCOMPARE(int(error.code), code);
        QVERIFY(!error.error.isEmpty());
        // A refused close code is named in the log.
        const QByteArray tag = QTest::currentDataTag();
        if (tag.startsWith("close code "))
            QVERIFY2(error.error.contains(QString::fromLatin1(tag.mid(11))), qPrintable(error.error));
        QVERIFY(reader.stopped());
        QVERIFY(read(reader, after).empty());
    }
}

void tst_WebSocketCodec::validCloseCodes_data()
{
    QTest::addColumn<int>("code");
    for (const int code :
        {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
        QTest::addRow("%d", code) << code;
}

void tst_WebSocketCodec::validCloseCodes()
{
    QFETCH(int, code);
    FrameReader reader(Role::Server);
    const std::vector<Item> items = read(reader,
        masked(Opcode::Close, closePayload(quint16(code), QStringLiteral("bye")))
            + masked(Opcode::Text, "x"));
    QCOMPARE(describe(items), QStringList {QStringLiteral("close %1 \"bye\"").arg(code)});
    QVERIFY(reader.stopped());
}

void tst_WebSocketCodec::utf8AcrossFragments()
{
    // "é" cut between its two bytes, then a 4-byte character cut across three fragments with a ping
    // among them: each fragment alone is not UTF-8, the message is.
    QByteArray bytes = encodeFrame(Opcode::Text, "caf\xc3", false)
        + encodeFrame(Opcode::Continuation, "\xa9 ") + encodeFrame(Opcode::Text, "\xf0", false)
        + encodeFrame(Opcode::Ping, "p") + encodeFrame(Opcode::Continuation, "\x9f\x98", false)
        + encodeFrame(Opcode::Continuation, "\x80");
    FrameReader reader(Role::Client);
    std::vector<Item> items = read(reader, bytes);
    QCOMPARE(items.size(), size_t(3));
    QCOMPARE(describe(items.at(1)), QStringLiteral("ping \"p\""));
    QCOMPARE(items.at(0).kind, Item::Kind::Text);
    QCOMPARE(QString::fromUtf8(items.at(0).payload), QStringLiteral("caf\u00e9 "));
    QCOMPARE(items.at(2).kind, Item::Kind::Text);
    QCOMPARE(items.at(2).payload, QByteArray("\xf0\x9f\x98\x80"));
    QCOMPARE(readAll(Role::Client, bytes, 1), describe(items));

    // A big text message, with many-byte characters across the decoder's slices.
    QString big;
    for (int i = 0; i < 40000; ++i)
        big += QStringLiteral("a\u00e9\u20ac\U0001F600");
    const QByteArray utf8 = big.toUtf8();
    QCOMPARE(readAll(Role::Client, encodeFrame(Opcode::Text, utf8)),
        QStringList {describe(Item::Kind::Text, utf8)});
    QByteArray broken = utf8;
    broken[broken.size() - 1] = 'x';
    QCOMPARE(readAll(Role::Client, encodeFrame(Opcode::Text, broken)).value(0).left(10),
        QStringLiteral("error 1007"));
}

void tst_WebSocketCodec::tooBigFromHeader()
{
    // Only the headers arrive: their lengths alone fail the message.
    {
        FrameReader reader(Role::Server, 1000);
        std::vector<Item> items;
        const QByteArray header = masked(Opcode::Binary, pattern(1001)).left(8);
        reader.feed(header.constData(), header.size(), &items);
        QCOMPARE(items.size(), size_t(1));
        QCOMPARE(items.at(0).kind, Item::Kind::Error);
        QCOMPARE(items.at(0).code, CloseCode::TooBig);
        QVERIFY(reader.stopped());
    }
    {
        FrameReader reader(Role::Client);
        std::vector<Item> items;
        const QByteArray header = hex("827f0000010000000000"); // 1 TiB
        reader.feed(header.constData(), header.size(), &items);
        QCOMPARE(items.size(), size_t(1));
        QCOMPARE(items.at(0).code, CloseCode::TooBig);
    }
    {
        // The second fragment's header makes the joined message too long.
        FrameReader reader(Role::Client, 1000);
        std::vector<Item> items = read(reader, encodeFrame(Opcode::Binary, pattern(600), false));
        QVERIFY(items.empty());
        items = read(reader, encodeFrame(Opcode::Continuation, pattern(401)).left(4));
        QCOMPARE(items.size(), size_t(1));
        QCOMPARE(items.at(0).code, CloseCode::TooBig);
    }
    {
        // Exactly the limit is fine; control frames do not count towards it.
        FrameReader reader(Role::Client, 1000);
        const std::vector<Item> items = read(reader,
            encodeFrame(Opcode::Binary, pattern(600), false) + encodeFrame(Opcode::Ping, pattern(125))
                + encodeFrame(Opcode::Continuation, pattern(400)));
        QCOMPARE(describe(items),
            (QStringList {describe(Item::Kind::Ping, pattern(125)),
                describe(Item::Kind::Binary, pattern(600) + pattern(400))}));
    }
}

// 64 MiB in one masked frame, fed as a socket would hand it over: whole, at the limit, and quickly
// enough that reading it cannot be quadratic.
void tst_WebSocketCodec::bigMaskedMessage()
{
    const qsizetype size = qsizetype(64) * 1024 * 1024;
    QByteArray payload(size, Qt::Uninitialized);
    QRandomGenerator(1).fillRange(reinterpret_cast<quint32 *>(payload.data()), size / 4);
    const QByteArray frame = masked(Opcode::Binary, payload);
    FrameReader reader(Role::Server);
    std::vector<Item> items;
    for (qsizetype at = 0; at < frame.size(); at += 65536 - 3)
        reader.feed(frame.constData() + at, qMin<qsizetype>(65536 - 3, frame.size() - at), &items);
    QCOMPARE(items.size(), size_t(1));
    QCOMPARE(items.at(0).kind, Item::Kind::Binary);
    QVERIFY(items.at(0).payload == payload);
}

void tst_WebSocketCodec::clientRequest_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QByteArray>("requestLine");
    QTest::addColumn<QByteArray>("hostHeader");
    QTest::newRow("name") << QStringLiteral("example.com") << 80 << QStringLiteral("/chat?room=1")
                          << QByteArray("GET /chat?room=1 HTTP/1.1") << QByteArray("Host: example.com:80");
    QTest::newRow("IPv6") << QStringLiteral("::1") << 8080 << QStringLiteral("/")
                          << QByteArray("GET / HTTP/1.1") << QByteArray("Host: [::1]:8080");
    QTest::newRow("IPv4, no resource") << QStringLiteral("192.0.2.1") << 9001 << QString()
                                       << QByteArray("GET / HTTP/1.1") << QByteArray("Host: 192.0.2.1:9001");
    QTest::newRow("space in the path")
        << QStringLiteral("localhost") << 8765 << QStringLiteral("/a b") << QByteArray("GET /a%20b HTTP/1.1")
        << QByteArray("Host: localhost:8765");
}

void tst_WebSocketCodec::clientRequest()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, resource);
    QFETCH(QByteArray, requestLine);
    QFETCH(QByteArray, hostHeader);
    const ClientHandshake handshake(host, quint16(port), resource, RfcKey);
    QCOMPARE(handshake.request(),
        requestLine + "\r\n" + hostHeader
            + "\r\n"
              "Upgrade: websocket\r\n"
              "Connection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              "Sec-WebSocket-Version: 13\r\n"
              "User-Agent: Sockpit\r\n"
              "\r\n");
}

// Each side's output fed to the other, in pieces, with the first frames right behind each handshake.
void tst_WebSocketCodec::clientAndServerTogether()
{
    ClientHandshake client(QStringLiteral("::1"), 8080, QStringLiteral("/chat?room=1"));
    const QByteArray request = client.request();
    const QByteArray clientFrame = masked(Opcode::Text, "hi");

    ServerHandshake server;
    QByteArray rest = "untouched";
    const QByteArray toServer = request + clientFrame;
    QCOMPARE(server.feed(QByteArrayView(toServer).first(10), &rest), ServerHandshake::Status::NeedMore);
    QCOMPARE(rest, QByteArray("untouched"));
    for (qsizetype at = 10; at < request.size() - 1; ++at)
        QCOMPARE(
            server.feed(QByteArrayView(toServer).sliced(at, 1), &rest), ServerHandshake::Status::NeedMore);
    QCOMPARE(server.feed(QByteArrayView(toServer).sliced(request.size() - 1), &rest),
        ServerHandshake::Status::Done);
    QCOMPARE(rest, clientFrame);
    QCOMPARE(server.resource(), QStringLiteral("/chat?room=1"));
    QVERIFY(server.error().isEmpty());
    const QByteArray response = server.response();
    QVERIFY(response.startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
    QVERIFY(!response.contains("Sec-WebSocket-Extensions"));
    QVERIFY(!response.contains("Sec-WebSocket-Protocol"));

    const QByteArray serverFrames = encodeFrame(Opcode::Text, "welcome") + encodeFrame(Opcode::Ping, {});
    const QByteArray toClient = response + serverFrames;
    rest.clear();
    QCOMPARE(client.feed(QByteArrayView(toClient).first(response.size() - 2), &rest),
        ClientHandshake::Status::NeedMore);
    QCOMPARE(client.feed(QByteArrayView(toClient).sliced(response.size() - 2), &rest),
        ClientHandshake::Status::Done);
    QVERIFY2(client.error().isEmpty(), qPrintable(client.error()));
    QCOMPARE(rest, serverFrames);
    QCOMPARE(readAll(Role::Client, rest),
        (QStringList {QStringLiteral("text \"welcome\""), QStringLiteral("ping \"\"")}));

    // Both handshakes done with nothing behind them.
    ServerHandshake bare;
    rest = "x";
    QCOMPARE(bare.feed(request, &rest), ServerHandshake::Status::Done);
    QVERIFY(rest.isEmpty());
}

void tst_WebSocketCodec::serverAcceptsPythonWebsockets()
{
    // As the Python websockets library (10.x) opens a connection: it offers permessage-deflate, which
    // is declined by not answering it.
    const QByteArray request = "GET /ws HTTP/1.1\r\n"
                               "Host: localhost:8765\r\n"
                               "Upgrade: websocket\r\n"
                               "Connection: Upgrade\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                               "Sec-WebSocket-Version: 13\r\n"
                               "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                               "User-Agent: Python/3.11 websockets/10.4\r\n"
                               "\r\n";
    ServerHandshake server;
    QByteArray rest;
    QCOMPARE(server.feed(request, &rest), ServerHandshake::Status::Done);
    QCOMPARE(server.response(), RfcSwitch);
    QCOMPARE(server.resource(), QStringLiteral("/ws"));
    QVERIFY(rest.isEmpty());
}

void tst_WebSocketCodec::serverAcceptsVariants_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("as a browser sends it")
        << QByteArray("GET /socket HTTP/1.1\r\n"
                      "Host: 127.0.0.1:9000\r\n"
                      "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0\r\n"
                      "Accept: */*\r\n"
                      "Sec-WebSocket-Version: 13\r\n"
                      "Origin: http://127.0.0.1:9000\r\n"
                      "Sec-WebSocket-Extensions: permessage-deflate\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Connection: keep-alive, Upgrade\r\n"
                      "Sec-Fetch-Mode: websocket\r\n"
                      "Pragma: no-cache\r\n"
                      "Upgrade: websocket\r\n"
                      "\r\n");
    QTest::newRow("names and tokens in other cases")
        << QByteArray("GET / HTTP/1.1\r\n"
                      "HOST: example.com\r\n"
                      "upgrade: WebSocket\r\n"
                      "connection: UPGRADE\r\n"
                      "sec-websocket-key:dGhlIHNhbXBsZSBub25jZQ==   \r\n"
                      "SEC-WEBSOCKET-VERSION:   13\r\n"
                      "\r\n");
    QTest::newRow("bare line feeds") << QByteArray("GET / HTTP/1.1\n"
                                                   "Host: example.com\n"
                                                   "Upgrade: websocket\n"
                                                   "Connection: Upgrade\n"
                                                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n"
                                                   "Sec-WebSocket-Version: 13\n"
                                                   "\n");
    QTest::newRow("Connection given twice") << upgradeRequest("GET / HTTP/1.1",
        with(replaced(GoodHeaders, "Connection:", "Connection: keep-alive"), "Connection: Upgrade"));
    QTest::newRow("several upgrade tokens")
        << upgradeRequest("GET / HTTP/1.1", replaced(GoodHeaders, "Upgrade:", "Upgrade: h2c, websocket"));
    QTest::newRow("subprotocol offered")
        << upgradeRequest("GET / HTTP/1.1", with(GoodHeaders, "Sec-WebSocket-Protocol: chat, superchat"));
    QTest::newRow("HTTP/1.2") << upgradeRequest("GET / HTTP/1.2", GoodHeaders);
}

void tst_WebSocketCodec::serverAcceptsVariants()
{
    QFETCH(QByteArray, request);
    ServerHandshake server;
    QByteArray rest;
    QCOMPARE(server.feed(QByteArray(request + "tail"), &rest), ServerHandshake::Status::Done);
    QVERIFY2(server.error().isEmpty(), qPrintable(server.error()));
    QCOMPARE(server.response(), RfcSwitch);
    QCOMPARE(rest, QByteArray("tail"));
}

void tst_WebSocketCodec::serverRejections_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArray>("extraHeader");
    QTest::addColumn<QString>("error");
    const QByteArray badRequest = "HTTP/1.1 400 Bad Request";
    QTest::newRow("POST") << upgradeRequest("POST / HTTP/1.1", GoodHeaders)
                          << QByteArray("HTTP/1.1 405 Method Not Allowed") << QByteArray("Allow: GET")
                          << QStringLiteral("method POST is not allowed; a WebSocket upgrade uses GET");
    QTest::newRow("HTTP/1.0") << upgradeRequest("GET / HTTP/1.0", GoodHeaders) << badRequest << QByteArray()
                              << QStringLiteral("HTTP/1.0 is too old; a WebSocket upgrade needs HTTP/1.1");
    QTest::newRow("not HTTP") << QByteArray("hello there\r\n\r\n") << badRequest << QByteArray()
                              << QStringLiteral("not an HTTP request");
    QTest::newRow("blank first") << QByteArray("\r\n") << badRequest << QByteArray()
                                 << QStringLiteral("not an HTTP request");
    QTest::newRow("malformed header")
        << upgradeRequest("GET / HTTP/1.1", with(GoodHeaders, "no colon here")) << badRequest << QByteArray()
        << QStringLiteral("the request has a malformed header line");
    QTest::newRow("no Host") << upgradeRequest("GET / HTTP/1.1", without(GoodHeaders, "Host:")) << badRequest
                             << QByteArray() << QStringLiteral("the request has no Host header");
    QTest::newRow("no Upgrade") << upgradeRequest("GET / HTTP/1.1", without(GoodHeaders, "Upgrade:"))
                                << badRequest << QByteArray()
                                << QStringLiteral("the request has no \"Upgrade: websocket\" header");
    QTest::newRow("Upgrade: h2c") << upgradeRequest(
        "GET / HTTP/1.1", replaced(GoodHeaders, "Upgrade:", "Upgrade: h2c"))
                                  << badRequest << QByteArray()
                                  << QStringLiteral("the request has no \"Upgrade: websocket\" header");
    QTest::newRow("Connection: keep-alive")
        << upgradeRequest("GET / HTTP/1.1", replaced(GoodHeaders, "Connection:", "Connection: keep-alive"))
        << badRequest << QByteArray() << QStringLiteral("the request has no \"Connection: Upgrade\" header");
    QTest::newRow("no key") << upgradeRequest("GET / HTTP/1.1", without(GoodHeaders, "Sec-WebSocket-Key:"))
                            << badRequest << QByteArray()
                            << QStringLiteral("the request has no Sec-WebSocket-Key header");
    const QString badKey = QStringLiteral("the Sec-WebSocket-Key is not 16 bytes in base64");
    QTest::newRow("key of 15 bytes") << upgradeRequest("GET / HTTP/1.1",
        replaced(GoodHeaders, "Sec-WebSocket-Key:", "Sec-WebSocket-Key: " + pattern(15).toBase64()))
                                     << badRequest << QByteArray() << badKey;
    QTest::newRow("key of 17 bytes") << upgradeRequest("GET / HTTP/1.1",
        replaced(GoodHeaders, "Sec-WebSocket-Key:", "Sec-WebSocket-Key: " + pattern(17).toBase64()))
                                     << badRequest << QByteArray() << badKey;
    QTest::newRow("key not base64") << upgradeRequest("GET / HTTP/1.1",
        replaced(GoodHeaders, "Sec-WebSocket-Key:", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25j*Q=="))
                                    << badRequest << QByteArray() << badKey;
    QTest::newRow("key without padding") << upgradeRequest("GET / HTTP/1.1",
        replaced(GoodHeaders, "Sec-WebSocket-Key:", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ"))
                                         << badRequest << QByteArray() << badKey;
    QTest::newRow("version 8") << upgradeRequest(
        "GET / HTTP/1.1", replaced(GoodHeaders, "Sec-WebSocket-Version:", "Sec-WebSocket-Version: 8"))
                               << QByteArray("HTTP/1.1 426 Upgrade Required")
                               << QByteArray("Sec-WebSocket-Version: 13")
                               << QStringLiteral(
                                      "WebSocket version 8 is not supported; this server speaks version 13");
    QTest::newRow("no version")
        << upgradeRequest("GET / HTTP/1.1", without(GoodHeaders, "Sec-WebSocket-Version:"))
        << QByteArray("HTTP/1.1 426 Upgrade Required") << QByteArray("Sec-WebSocket-Version: 13")
        << QStringLiteral("the request has no Sec-WebSocket-Version header; this server speaks version 13");
}

void tst_WebSocketCodec::serverRejections()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArray, extraHeader);
    QFETCH(QString, error);
    ServerHandshake server;
    QByteArray rest = "untouched";
    QCOMPARE(
        server.feed(QByteArray(request + masked(Opcode::Text, "x")), &rest), ServerHandshake::Status::Failed);
    QCOMPARE(rest, QByteArray("untouched"));
    QCOMPARE(server.error(), error);
    // Failed stays failed.
    QCOMPARE(server.feed("GET", &rest), ServerHandshake::Status::Failed);

    const QByteArray response = server.response();
    const qsizetype headEnd = response.indexOf("\r\n\r\n");
    QVERIFY(headEnd > 0);
    const QByteArrayList head = response.left(headEnd).split('\n');
    QCOMPARE(head.first(), statusLine + '\r');
    QVERIFY(head.contains("Content-Type: text/plain; charset=utf-8\r"));
    QVERIFY(head.contains("Connection: close\r") || head.last() == "Connection: close");
    if (!extraHeader.isEmpty())
        QVERIFY(response.left(headEnd + 2).contains(QByteArray(extraHeader + "\r\n")));
    const QByteArray body = response.mid(headEnd + 4);
    QCOMPARE(body, error.toUtf8() + '\n');
    QVERIFY(response.left(headEnd + 2)
                .contains(QByteArray("Content-Length: " + QByteArray::number(body.size()) + "\r\n")));
}

void tst_WebSocketCodec::clientFailures_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("error");
    QTest::newRow("404") << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                         << QStringLiteral(
                                "the server answered \"HTTP/1.1 404 Not Found\" instead of switching "
                                "to WebSocket");
    QTest::newRow("200") << QByteArray("HTTP/1.0 200 OK\r\n\r\n")
                         << QStringLiteral("the server answered \"HTTP/1.0 200 OK\" instead of switching to "
                                           "WebSocket");
    QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2p1\r\n\r\n")
                              << QStringLiteral("the server answered \"SSH-2.0-OpenSSH_9.2p1\" instead of "
                                                "switching to WebSocket");
    QTest::newRow("101 from HTTP/2") << QByteArray(RfcSwitch).replace("HTTP/1.1", "HTTP/2.0")
                                     << QStringLiteral(
                                            "the server answered \"HTTP/2.0 101 Switching Protocols\" "
                                            "instead of switching to WebSocket");
    QTest::newRow("no Upgrade") << QByteArray(RfcSwitch).replace("Upgrade: websocket\r\n", "")
                                << QStringLiteral("the server's answer has no \"Upgrade: websocket\" header");
    QTest::newRow("no Connection") << QByteArray(RfcSwitch).replace("Connection: Upgrade\r\n",
        "") << QStringLiteral("the server's answer has no \"Connection: Upgrade\" header");
    QTest::newRow("no accept key") << QByteArray(RfcSwitch).replace(
        QByteArray("Sec-WebSocket-Accept: " + RfcAccept + "\r\n"),
        "") << QStringLiteral("the server's answer has no Sec-WebSocket-Accept header");
    QTest::newRow("wrong accept key")
        << QByteArray(RfcSwitch).replace(RfcAccept, acceptKey("another key"))
        << QStringLiteral("the server's Sec-WebSocket-Accept does not match the "
                          "key sent");
    QTest::newRow("extension")
        << QByteArray(RfcSwitch).replace(
               "\r\n\r\n", "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n")
        << QStringLiteral("the server chose the extension \"permessage-deflate\", which was not offered");
    QTest::newRow("subprotocol") << QByteArray(RfcSwitch).replace(
        "\r\n\r\n", "\r\nSec-WebSocket-Protocol: chat\r\n\r\n")
                                 << QStringLiteral(
                                        "the server chose the subprotocol \"chat\", which was not asked for");
}

void tst_WebSocketCodec::clientFailures()
{
    QFETCH(QByteArray, answer);
    QFETCH(QString, error);
    ClientHandshake client(QStringLiteral("example.com"), 80, QStringLiteral("/"), RfcKey);
    QByteArray rest = "untouched";
    QCOMPARE(client.feed(QByteArray(answer + encodeFrame(Opcode::Text, "x")), &rest),
        ClientHandshake::Status::Failed);
    QCOMPARE(client.error(), error);
    QCOMPARE(rest, QByteArray("untouched"));
    QCOMPARE(client.feed(RfcSwitch, &rest), ClientHandshake::Status::Failed);

    // The same answer corrected is accepted.
    ClientHandshake good(QStringLiteral("example.com"), 80, QStringLiteral("/"), RfcKey);
    QCOMPARE(good.feed(RfcSwitch, &rest), ClientHandshake::Status::Done);
}

void tst_WebSocketCodec::oversizedHandshakes()
{
    // A request exactly MaxHandshakeBytes long, blank line included, passes; one byte more fails.
    const QByteArray shortRequest = upgradeRequest("GET / HTTP/1.1", with(GoodHeaders, "X-Pad: "));
    const QByteArray padding(MaxHandshakeBytes - shortRequest.size(), 'p');
    const QByteArray atLimit = upgradeRequest("GET / HTTP/1.1", with(GoodHeaders, "X-Pad: " + padding));
    QCOMPARE(atLimit.size(), MaxHandshakeBytes);
    {
        ServerHandshake server;
        QByteArray rest;
        QCOMPARE(server.feed(atLimit, &rest), ServerHandshake::Status::Done);
    }
    {
        ServerHandshake server;
        QByteArray rest;
        QCOMPARE(
            server.feed(upgradeRequest("GET / HTTP/1.1", with(GoodHeaders, "X-Pad: p" + padding)), &rest),
            ServerHandshake::Status::Failed);
        QVERIFY(server.response().startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        QCOMPARE(server.error(), QStringLiteral("the request is longer than 16384 bytes"));
    }
    {
        // Headers that never end: refused once the limit is reached, without waiting for more.
        ServerHandshake server;
        QByteArray rest;
        const QByteArray line = "X-Endless: " + QByteArray(1000, 'e') + "\r\n";
        QCOMPARE(server.feed("GET / HTTP/1.1\r\n", &rest), ServerHandshake::Status::NeedMore);
        int fed = 0;
        ServerHandshake::Status status = ServerHandshake::Status::NeedMore;
        while (status == ServerHandshake::Status::NeedMore && fed < 100) {
            status = server.feed(line, &rest);
            ++fed;
        }
        QCOMPARE(status, ServerHandshake::Status::Failed);
        QCOMPARE(fed, 17);
        QVERIFY(server.response().startsWith("HTTP/1.1 431 "));
    }
    {
        ClientHandshake client(QStringLiteral("example.com"), 80, QStringLiteral("/"), RfcKey);
        QByteArray rest;
        const QByteArray answer = QByteArray(RfcSwitch).replace(
            "\r\n\r\n", QByteArray("\r\nX-Pad: " + QByteArray(MaxHandshakeBytes, 'p') + "\r\n\r\n"));
        QCOMPARE(client.feed(answer.left(MaxHandshakeBytes - 1), &rest), ClientHandshake::Status::NeedMore);
        QCOMPARE(client.feed(answer.mid(MaxHandshakeBytes - 1, 1), &rest), ClientHandshake::Status::Failed);
        QCOMPARE(client.error(), QStringLiteral("the server's answer is longer than 16384 bytes"));
    }
    {
        // An answer of exactly the limit passes, one a byte longer fails even when it comes whole.
        const QByteArray shortAnswer = QByteArray(RfcSwitch).replace("\r\n\r\n", "\r\nX-Pad: \r\n\r\n");
        const QByteArray pad(MaxHandshakeBytes - shortAnswer.size(), 'p');
        const QByteArray atLimit
            = QByteArray(RfcSwitch).replace("\r\n\r\n", QByteArray("\r\nX-Pad: " + pad + "\r\n\r\n"));
        QCOMPARE(atLimit.size(), MaxHandshakeBytes);
        QByteArray rest;
        ClientHandshake client(QStringLiteral("example.com"), 80, QStringLiteral("/"), RfcKey);
        QCOMPARE(client.feed(QByteArray(atLimit + "frames"), &rest), ClientHandshake::Status::Done);
        QCOMPARE(rest, QByteArray("frames"));
        ClientHandshake over(QStringLiteral("example.com"), 80, QStringLiteral("/"), RfcKey);
        QCOMPARE(over.feed(QByteArray(atLimit).replace("X-Pad: ", "X-Pad: p"), &rest),
            ClientHandshake::Status::Failed);
    }
}

void tst_WebSocketCodec::closePayloadFits_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("code alone") << 1000 << QString() << hex("03e8");
    QTest::newRow("with a reason") << 1001 << QStringLiteral("bye") << hex("03e9") + "bye";
    QTest::newRow("application code") << 4001 << QStringLiteral("x") << hex("0fa1") + "x";
    QTest::newRow("no status: empty") << 1005 << QStringLiteral("ignored") << QByteArray();
    QTest::newRow("123 ASCII bytes fit") << 1000 << QString(123, u'a') << hex("03e8") + QByteArray(123, 'a');
    QTest::newRow("124 ASCII bytes cut") << 1000 << QString(124, u'a') << hex("03e8") + QByteArray(123, 'a');
    QTest::newRow("2-byte character past the end")
        << 1000 << QString(122, u'a') + QStringLiteral("\u00e9") << hex("03e8") + QByteArray(122, 'a');
    QTest::newRow("3-byte characters") << 1000 << u'a' + QString(50, QChar(0x20ac))
                                       << hex("03e8") + 'a' + QString(40, QChar(0x20ac)).toUtf8();
    QString emoji;
    for (int i = 0; i < 40; ++i)
        emoji += QStringLiteral("\U0001F600");
    QTest::newRow("4-byte characters") << 1000 << emoji << hex("03e8") + emoji.left(60).toUtf8();
}

void tst_WebSocketCodec::closePayloadFits()
{
    QFETCH(int, code);
    QFETCH(QString, reason);
    QFETCH(QByteArray, payload);
    const QByteArray made = closePayload(quint16(code), reason);
    QCOMPARE(made, payload);
    QVERIFY(made.size() <= MaxControlPayload);
    // And a peer reads it back as it was meant.
    FrameReader reader(Role::Client);
    const std::vector<Item> items = read(reader, encodeFrame(Opcode::Close, made));
    QCOMPARE(items.size(), size_t(1));
    QCOMPARE(items.at(0).kind, Item::Kind::Close);
    QCOMPARE(int(items.at(0).code), code);
    QCOMPARE(items.at(0).payload, payload.mid(2));
}

void tst_WebSocketCodec::closeCodeTexts_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("text");
    QTest::newRow("1000") << 1000 << QStringLiteral("1000 (normal closure)");
    QTest::newRow("1001") << 1001 << QStringLiteral("1001 (going away)");
    QTest::newRow("1002") << 1002 << QStringLiteral("1002 (protocol error)");
    QTest::newRow("1003") << 1003 << QStringLiteral("1003 (unsupported data)");
    QTest::newRow("1005") << 1005 << QStringLiteral("1005 (no status code)");
    QTest::newRow("1006") << 1006 << QStringLiteral("1006 (closed abnormally)");
    QTest::newRow("1007") << 1007 << QStringLiteral("1007 (invalid data)");
    QTest::newRow("1008") << 1008 << QStringLiteral("1008 (policy violation)");
    QTest::newRow("1009") << 1009 << QStringLiteral("1009 (message too big)");
    QTest::newRow("1010") << 1010 << QStringLiteral("1010 (mandatory extension)");
    QTest::newRow("1011") << 1011 << QStringLiteral("1011 (internal error)");
    QTest::newRow("1015") << 1015 << QStringLiteral("1015 (TLS handshake failure)");
    QTest::newRow("1016") << 1016 << QStringLiteral("1016");
    QTest::newRow("3000") << 3000 << QStringLiteral("3000");
    QTest::newRow("4001") << 4001 << QStringLiteral("4001");
    QTest::newRow("999") << 999 << QStringLiteral("999");
}

void tst_WebSocketCodec::closeCodeTexts()
{
    QFETCH(int, code);
    QFETCH(QString, text);
    QCOMPARE(closeCodeText(quint16(code)), text);
}

QTEST_GUILESS_MAIN(tst_WebSocketCodec)
#include "tst_websocketcodec.moc"
