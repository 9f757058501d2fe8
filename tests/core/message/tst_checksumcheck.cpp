#include "checksumcheck.h"

#include <QTest>

using namespace sockpit;

Q_DECLARE_METATYPE(sockpit::ChecksumCheck)

// Checking the check value a peer put in its message: where the parts lie, what is ok and bad, and
// how the command line's skip counts are read.
class tst_ChecksumCheck : public QObject
{
    Q_OBJECT

private slots:
    void verdicts_data();
    void verdicts();
    void layoutOfAFrame();
    void verdictTexts();
    void skips_data();
    void skips();
    void specText();
};

namespace {

ChecksumCheck makeCheck(ChecksumKind kind, ByteOrder order, int first = 0, int last = 0)
{
    ChecksumCheck check;
    check.spec = {kind, order};
    check.skipFirst = first;
    check.skipLast = last;
    return check;
}

} // namespace

void tst_ChecksumCheck::verdicts_data()
{
    QTest::addColumn<ChecksumCheck>("check");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("trailer");
    QTest::addColumn<int>("result");
    QTest::addColumn<bool>("tooShort");

    const auto modbus = makeCheck(ChecksumKind::Crc16Modbus, ByteOrder::LittleEndian);
    // The catalogue's check value of "123456789": 0x4B37, sent low byte first by Modbus.
    QTest::newRow("modbus ok") << modbus << QByteArray("123456789\x37\x4b") << 0 << int(CheckResult::Ok)
                               << false;
    QTest::newRow("modbus wrong order")
        << modbus << QByteArray("123456789\x4b\x37") << 0 << int(CheckResult::Bad) << false;
    QTest::newRow("modbus big endian")
        << makeCheck(ChecksumKind::Crc16Modbus, ByteOrder::BigEndian) << QByteArray("123456789\x4b\x37") << 0
        << int(CheckResult::Ok) << false;
    QTest::newRow("one wrong byte") << modbus << QByteArray("123456788\x37\x4b") << 0 << int(CheckResult::Bad)
                                    << false;
    QTest::newRow("crc32") << makeCheck(ChecksumKind::Crc32, ByteOrder::BigEndian)
                           << QByteArray("123456789\xcb\xf4\x39\x26") << 0 << int(CheckResult::Ok) << false;
    QTest::newRow("sum8") << makeCheck(ChecksumKind::Sum8, ByteOrder::BigEndian)
                          << QByteArray("123456789\xdd") << 0 << int(CheckResult::Ok) << false;
    QTest::newRow("delimiter left out")
        << makeCheck(ChecksumKind::Xor8, ByteOrder::BigEndian) << QByteArray("123456789\x31\r\n") << 2
        << int(CheckResult::Ok) << false;
    QTest::newRow("delimiter covered would fail")
        << makeCheck(ChecksumKind::Xor8, ByteOrder::BigEndian) << QByteArray("123456789\x31\r\n") << 0
        << int(CheckResult::Bad) << false;
    // [STX] covered [value] [ETX]
    QTest::newRow("start and end bytes skipped")
        << makeCheck(ChecksumKind::Crc16Modbus, ByteOrder::LittleEndian, 1, 1)
        << QByteArray("\x02"
                      "123456789\x37\x4b\x03")
        << 0 << int(CheckResult::Ok) << false;
    QTest::newRow("value only, nothing covered") << makeCheck(ChecksumKind::Sum8, ByteOrder::BigEndian)
                                                 << QByteArray(1, '\0') << 0 << int(CheckResult::Ok) << false;
    QTest::newRow("too short") << modbus << QByteArray("1") << 0 << int(CheckResult::Bad) << true;
    QTest::newRow("too short with skips") << makeCheck(ChecksumKind::Sum8, ByteOrder::BigEndian, 2, 2)
                                          << QByteArray("abcd") << 0 << int(CheckResult::Bad) << true;
    QTest::newRow("empty") << modbus << QByteArray() << 0 << int(CheckResult::Bad) << true;
    QTest::newRow("not checked") << ChecksumCheck() << QByteArray("anything") << 0 << int(CheckResult::None)
                                 << false;
}

void tst_ChecksumCheck::verdicts()
{
    QFETCH(ChecksumCheck, check);
    QFETCH(QByteArray, message);
    QFETCH(int, trailer);
    QFETCH(int, result);
    QFETCH(bool, tooShort);
    const ChecksumVerdict verdict = verifyChecksum(check, message, trailer);
    QCOMPARE(int(verdict.result), result);
    QCOMPARE(verdict.tooShort, tooShort);
}

void tst_ChecksumCheck::layoutOfAFrame()
{
    const auto check = makeCheck(ChecksumKind::Crc16Modbus, ByteOrder::LittleEndian, 1, 1);
    // STX, 4 covered bytes, 2 value bytes, ETX, then a 2-byte delimiter.
    const ChecksumLayout layout = checksumLayout(check, 10, 2);
    QVERIFY(layout.fits);
    QCOMPARE(layout.coveredStart, 1);
    QCOMPARE(layout.coveredEnd, 5);
    QCOMPARE(layout.valueEnd, 7);
    QVERIFY(!checksumLayout(check, 5, 2).fits);
    QVERIFY(checksumLayout(check, 6, 2).fits); // nothing covered, still a value to compare
    QVERIFY(!checksumLayout(ChecksumCheck(), 10).fits);
}

void tst_ChecksumCheck::verdictTexts()
{
    const auto modbus = makeCheck(ChecksumKind::Crc16Modbus, ByteOrder::LittleEndian);
    const ChecksumVerdict bad = verifyChecksum(modbus, QByteArray("123456789\x4b\x37"));
    QCOMPARE(bad.computed, 0x4B37u);
    QCOMPARE(bad.received, 0x374Bu);
    QCOMPARE(checksumVerdictText(modbus, bad),
        QStringLiteral("bad checksum: CRC-16/MODBUS of the message is 0x4B37, it carries 0x374B"));
    const ChecksumVerdict ok = verifyChecksum(modbus, QByteArray("123456789\x37\x4b"));
    QCOMPARE(checksumVerdictText(modbus, ok), QStringLiteral("CRC-16/MODBUS 0x4B37 ok"));
    const auto sum = makeCheck(ChecksumKind::Sum8, ByteOrder::BigEndian);
    QCOMPARE(checksumVerdictText(sum, verifyChecksum(sum, QByteArray("\x01\x05", 2))),
        QStringLiteral("bad checksum: Sum (8-bit) of the message is 0x01, it carries 0x05"));
    QCOMPARE(checksumVerdictText(modbus, verifyChecksum(modbus, QByteArray("x"))),
        QStringLiteral("bad checksum: the message is too short for a CRC-16/MODBUS value"));
}

void tst_ChecksumCheck::skips_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::newRow("first") << "1" << true << 1 << 0;
    QTest::newRow("both") << "1,2" << true << 1 << 2;
    QTest::newRow("spaces") << " 3 , 4 " << true << 3 << 4;
    QTest::newRow("zero") << "0,0" << true << 0 << 0;
    QTest::newRow("negative") << "-1" << false << 0 << 0;
    QTest::newRow("three") << "1,2,3" << false << 0 << 0;
    QTest::newRow("word") << "x" << false << 0 << 0;
    QTest::newRow("empty") << "" << false << 0 << 0;
    QTest::newRow("too big") << "65536" << false << 0 << 0;
}

void tst_ChecksumCheck::skips()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, first);
    QFETCH(int, last);
    ChecksumCheck check;
    QString error;
    QCOMPARE(parseChecksumSkip(text, &check, &error), valid);
    QCOMPARE(error.isEmpty(), valid);
    QCOMPARE(check.skipFirst, first);
    QCOMPARE(check.skipLast, last);
}

void tst_ChecksumCheck::specText()
{
    QCOMPARE(checksumCheckText(makeCheck(ChecksumKind::Crc16Modbus, ByteOrder::LittleEndian)),
        QStringLiteral("crc16-modbus:le"));
    QCOMPARE(checksumCheckText(makeCheck(ChecksumKind::Sum8, ByteOrder::BigEndian, 1, 2)),
        QStringLiteral("sum8 skipping 1,2"));
    QCOMPARE(checksumCheckText(ChecksumCheck()), QStringLiteral("none"));
}

QTEST_GUILESS_MAIN(tst_ChecksumCheck)
#include "tst_checksumcheck.moc"
