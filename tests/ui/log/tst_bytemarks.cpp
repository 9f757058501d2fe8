// Which bytes of a received message are its frame's header or delimiter, for each framing.

#include "bytemarks.h"

#include <QTest>

using namespace sockpit;
using namespace sockpit::ui;

class tst_ByteMarks : public QObject
{
    Q_OBJECT

private slots:
    void lengthPrefixBigEndian();
    void lengthPrefixLittleEndianIncludingItself();
    void lengthPrefixThatDisagreesIsNotMarked();
    void delimiter();
    void delimiterOfAPrefixIsUnknown();
    void rawAndFixedHaveNoMarks();
    void checksumAtTheEnd();
    void checksumBeforeTheDelimiterAndAfterTheHeader();
    void checksumThatDisagreesIsNotMarked();
};

void tst_ByteMarks::lengthPrefixBigEndian()
{
    Framing framing;
    framing.kind = Framing::Kind::LengthPrefix;
    framing.prefixSize = 2;
    const QByteArray message("\x00\x05hello", 7);
    QVERIFY(framingMarks(framing, message, message.size()) == ByteMarks({{0, 2, ByteMarkKind::FrameHeader}}));
    // Only a prefix of a long message is kept: the header still says the whole length.
    const QByteArray header("\x01\x00", 2);
    QVERIFY(framingMarks(framing, header + QByteArray(100, 'x'), 2 + 256)
        == ByteMarks({{0, 2, ByteMarkKind::FrameHeader}}));
}

void tst_ByteMarks::lengthPrefixLittleEndianIncludingItself()
{
    Framing framing;
    framing.kind = Framing::Kind::LengthPrefix;
    framing.prefixSize = 4;
    framing.bigEndian = false;
    framing.lengthIncludesPrefix = true;
    const QByteArray message("\x07\x00\x00\x00"
                             "abc",
        7);
    QVERIFY(framingMarks(framing, message, message.size()) == ByteMarks({{0, 4, ByteMarkKind::FrameHeader}}));
}

void tst_ByteMarks::lengthPrefixThatDisagreesIsNotMarked()
{
    Framing framing;
    framing.kind = Framing::Kind::LengthPrefix;
    framing.prefixSize = 2;
    // A piece of a message cut at the framing's maximum: its first bytes are no header.
    const QByteArray piece("\x41\x42hello", 7);
    QVERIFY(framingMarks(framing, piece, piece.size()).isEmpty());
    QVERIFY(framingMarks(framing, QByteArray("\x00", 1), 1).isEmpty()); // shorter than a header
}

void tst_ByteMarks::delimiter()
{
    Framing framing;
    framing.kind = Framing::Kind::Delimiter;
    framing.delimiter = QByteArrayLiteral("\r\n");
    const QByteArray line("hello\r\n");
    QVERIFY(framingMarks(framing, line, line.size()) == ByteMarks({{5, 2, ByteMarkKind::Delimiter}}));
    // A piece cut at the maximum ends without the delimiter.
    QVERIFY(framingMarks(framing, QByteArrayLiteral("hello"), 5).isEmpty());
}

void tst_ByteMarks::delimiterOfAPrefixIsUnknown()
{
    Framing framing;
    framing.kind = Framing::Kind::Delimiter;
    QVERIFY(framingMarks(framing, QByteArrayLiteral("abc\n"), 4000).isEmpty());
}

void tst_ByteMarks::rawAndFixedHaveNoMarks()
{
    Framing framing;
    QVERIFY(framingMarks(framing, QByteArrayLiteral("abc\n"), 4).isEmpty());
    framing.kind = Framing::Kind::FixedLength;
    framing.fixedLength = 4;
    QVERIFY(framingMarks(framing, QByteArrayLiteral("abc\n"), 4).isEmpty());
}

void tst_ByteMarks::checksumAtTheEnd()
{
    // As the composer sends it: the text, its line ending, then the check value.
    const ChecksumSpec modbus {ChecksumKind::Crc16Modbus, ByteOrder::LittleEndian};
    const QByteArray sent = appendChecksum(QByteArrayLiteral("123456789"), modbus);
    QCOMPARE(sent.right(2), QByteArray("\x37\x4b", 2)); // CRC-16/MODBUS check value 0x4B37, low byte first
    QVERIFY(checksumMarks(modbus, sent, sent.size(), {}) == ByteMarks({{9, 2, ByteMarkKind::Checksum}}));
}

void tst_ByteMarks::checksumBeforeTheDelimiterAndAfterTheHeader()
{
    const ChecksumSpec sum {ChecksumKind::Sum8, ByteOrder::BigEndian};
    Framing framing;
    framing.kind = Framing::Kind::Delimiter;
    const QByteArray line = appendChecksum(QByteArrayLiteral("123456789"), sum) + '\n';
    const ByteMarks frame = framingMarks(framing, line, line.size());
    QVERIFY(checksumMarks(sum, line, line.size(), frame) == ByteMarks({{9, 1, ByteMarkKind::Checksum}}));

    // A length-prefixed frame whose check value covers its body only.
    framing.kind = Framing::Kind::LengthPrefix;
    framing.prefixSize = 1;
    const QByteArray body
        = appendChecksum(QByteArrayLiteral("123456789"), {ChecksumKind::Crc32, ByteOrder::BigEndian});
    const QByteArray message = char(body.size()) + body;
    const ByteMarks header = framingMarks(framing, message, message.size());
    QVERIFY(header == ByteMarks({{0, 1, ByteMarkKind::FrameHeader}}));
    QVERIFY(checksumMarks({ChecksumKind::Crc32, ByteOrder::BigEndian}, message, message.size(), header)
        == ByteMarks({{10, 4, ByteMarkKind::Checksum}}));
}

void tst_ByteMarks::checksumThatDisagreesIsNotMarked()
{
    const ChecksumSpec xmodem {ChecksumKind::Crc16Xmodem, ByteOrder::BigEndian};
    QByteArray sent = appendChecksum(QByteArrayLiteral("123456789"), xmodem);
    sent[0] = 'X'; // damaged on the way
    QVERIFY(checksumMarks(xmodem, sent, sent.size(), {}).isEmpty());
    QVERIFY(checksumMarks({}, sent, sent.size(), {}).isEmpty()); // no checksum in use
    const QByteArray whole = appendChecksum(QByteArrayLiteral("123456789"), xmodem);
    QVERIFY(checksumMarks(xmodem, whole.left(5), whole.size(), {}).isEmpty()); // only a prefix kept
}

QTEST_APPLESS_MAIN(tst_ByteMarks)
#include "tst_bytemarks.moc"
