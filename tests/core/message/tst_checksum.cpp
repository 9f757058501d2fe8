// Checksums: each algorithm against its published check value for "123456789", byte orders, names.

#include "checksum.h"

#include <QTest>

using namespace sockpit;

Q_DECLARE_METATYPE(sockpit::ChecksumKind)
Q_DECLARE_METATYPE(sockpit::ByteOrder)

class TestChecksum : public QObject
{
    Q_OBJECT
private slots:
    void checkValue_data();
    void checkValue();
    void emptyInput();
    void byteOrder_data();
    void byteOrder();
    void appendNone();
    void modbusFrame();
    void names();
    void parseSpec_data();
    void parseSpec();
};

void TestChecksum::checkValue_data()
{
    QTest::addColumn<ChecksumKind>("kind");
    QTest::addColumn<quint32>("check");
    QTest::addColumn<int>("width");
    // The "check" values of the CRC catalogue (Greg Cook's "Catalogue of parametrised CRC algorithms").
    QTest::newRow("crc16-modbus") << ChecksumKind::Crc16Modbus << 0x4B37u << 2;
    QTest::newRow("crc16-ibm3740") << ChecksumKind::Crc16Ibm3740 << 0x29B1u << 2;
    QTest::newRow("crc16-xmodem") << ChecksumKind::Crc16Xmodem << 0x31C3u << 2;
    QTest::newRow("crc16-kermit") << ChecksumKind::Crc16Kermit << 0x2189u << 2;
    QTest::newRow("crc32") << ChecksumKind::Crc32 << 0xCBF43926u << 4;
    // 0x31 + ... + 0x39 = 477 = 0x1DD; 0x31 ^ ... ^ 0x39 = 0x31.
    QTest::newRow("sum8") << ChecksumKind::Sum8 << 0xDDu << 1;
    QTest::newRow("xor8") << ChecksumKind::Xor8 << 0x31u << 1;
}

void TestChecksum::checkValue()
{
    QFETCH(ChecksumKind, kind);
    QFETCH(quint32, check);
    QFETCH(int, width);
    QCOMPARE(computeChecksum(kind, QByteArrayLiteral("123456789")), check);
    QCOMPARE(checksumWidth(kind), width);
}

void TestChecksum::emptyInput()
{
    // With no bytes a CRC is its initial value run through the final XOR.
    QCOMPARE(computeChecksum(ChecksumKind::Crc16Modbus, QByteArray()), 0xFFFFu);
    QCOMPARE(computeChecksum(ChecksumKind::Crc16Ibm3740, QByteArray()), 0xFFFFu);
    QCOMPARE(computeChecksum(ChecksumKind::Crc16Xmodem, QByteArray()), 0u);
    QCOMPARE(computeChecksum(ChecksumKind::Crc32, QByteArray()), 0u);
    QCOMPARE(computeChecksum(ChecksumKind::Sum8, QByteArray()), 0u);
}

void TestChecksum::byteOrder_data()
{
    QTest::addColumn<ChecksumKind>("kind");
    QTest::addColumn<ByteOrder>("order");
    QTest::addColumn<QByteArray>("tail");
    QTest::newRow("modbus le") << ChecksumKind::Crc16Modbus << ByteOrder::LittleEndian
                               << QByteArray::fromHex("374b");
    QTest::newRow("modbus be") << ChecksumKind::Crc16Modbus << ByteOrder::BigEndian
                               << QByteArray::fromHex("4b37");
    QTest::newRow("ibm3740 be") << ChecksumKind::Crc16Ibm3740 << ByteOrder::BigEndian
                                << QByteArray::fromHex("29b1");
    QTest::newRow("ibm3740 le") << ChecksumKind::Crc16Ibm3740 << ByteOrder::LittleEndian
                                << QByteArray::fromHex("b129");
    QTest::newRow("crc32 be") << ChecksumKind::Crc32 << ByteOrder::BigEndian
                              << QByteArray::fromHex("cbf43926");
    QTest::newRow("crc32 le") << ChecksumKind::Crc32 << ByteOrder::LittleEndian
                              << QByteArray::fromHex("2639f4cb");
    QTest::newRow("sum8 either") << ChecksumKind::Sum8 << ByteOrder::LittleEndian
                                 << QByteArray::fromHex("dd");
}

void TestChecksum::byteOrder()
{
    QFETCH(ChecksumKind, kind);
    QFETCH(ByteOrder, order);
    QFETCH(QByteArray, tail);
    const QByteArray message = QByteArrayLiteral("123456789");
    QCOMPARE(appendChecksum(message, {kind, order}), message + tail);
}

void TestChecksum::appendNone()
{
    QCOMPARE(appendChecksum(QByteArrayLiteral("abc"), {}), QByteArrayLiteral("abc"));
    QCOMPARE(checksumBytes(ChecksumKind::None, 0x1234, ByteOrder::BigEndian), QByteArray());
}

void TestChecksum::modbusFrame()
{
    // Modbus RTU "read holding registers" request: slave 1, function 3, address 0, count 10.
    // Its CRC is sent low byte first: C5 CD.
    const QByteArray request = QByteArray::fromHex("0103000000 0a");
    QCOMPARE(
        appendChecksum(request, {ChecksumKind::Crc16Modbus, defaultByteOrder(ChecksumKind::Crc16Modbus)}),
        QByteArray::fromHex("01030000000ac5cd"));
}

void TestChecksum::names()
{
    for (ChecksumKind kind : checksumKinds()) {
        ChecksumKind back = ChecksumKind::Crc32;
        QVERIFY(checksumFromName(checksumName(kind), &back));
        QCOMPARE(back, kind);
        QVERIFY(!checksumLabel(kind).isEmpty());
    }
    ChecksumKind alias = ChecksumKind::None;
    QVERIFY(checksumFromName(QStringLiteral("CRC16-CCITT-FALSE"), &alias));
    QCOMPARE(alias, ChecksumKind::Crc16Ibm3740);
    QVERIFY(!checksumFromName(QStringLiteral("crc16"), &alias));
    QCOMPARE(checksumNames().size(), checksumKinds().size() - 1);
}

void TestChecksum::parseSpec_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<ChecksumKind>("kind");
    QTest::addColumn<ByteOrder>("order");
    QTest::newRow("modbus default le")
        << "crc16-modbus" << true << ChecksumKind::Crc16Modbus << ByteOrder::LittleEndian;
    QTest::newRow("modbus be") << "crc16-modbus:be" << true << ChecksumKind::Crc16Modbus
                               << ByteOrder::BigEndian;
    QTest::newRow("crc32 default be") << "crc32" << true << ChecksumKind::Crc32 << ByteOrder::BigEndian;
    QTest::newRow("crc32 le upper") << "CRC32:LE" << true << ChecksumKind::Crc32 << ByteOrder::LittleEndian;
    QTest::newRow("xor8") << "xor8" << true << ChecksumKind::Xor8 << ByteOrder::BigEndian;
    QTest::newRow("unknown") << "crc8" << false << ChecksumKind::None << ByteOrder::BigEndian;
    QTest::newRow("bad order") << "crc32:middle" << false << ChecksumKind::None << ByteOrder::BigEndian;
    QTest::newRow("empty") << "" << false << ChecksumKind::None << ByteOrder::BigEndian;
}

void TestChecksum::parseSpec()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(ChecksumKind, kind);
    QFETCH(ByteOrder, order);
    ChecksumSpec spec;
    QString error;
    QCOMPARE(parseChecksumSpec(text, &spec, &error), ok);
    QCOMPARE(error.isEmpty(), ok);
    if (!ok)
        return;
    QCOMPARE(spec.kind, kind);
    QCOMPARE(spec.order, order);
    ChecksumSpec again;
    QVERIFY(parseChecksumSpec(checksumSpecText(spec), &again, &error));
    QCOMPARE(again, spec);
}

QTEST_GUILESS_MAIN(TestChecksum)
#include "tst_checksum.moc"
