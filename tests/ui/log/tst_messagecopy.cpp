// A message written out for pasting: every format exact, for bytes that test the escaping.

#include "messagecopy.h"

#include <QTest>

using namespace sockpit::ui;

Q_DECLARE_METATYPE(sockpit::ui::CopyFormat)

namespace {
// CR LF, NUL, a quote, a backslash, an invalid UTF-8 byte, then "é" in UTF-8.
const QByteArray Tricky("hi\r\n\x00'\\\xff\xc3\xa9", 10);
} // namespace

class tst_MessageCopy : public QObject
{
    Q_OBJECT

private slots:
    void formats_data();
    void formats();
    void cArrayWrapsAfterTwelveBytes();
    void escapedTextFollowsTheEncoding();
};

void tst_MessageCopy::formats_data()
{
    QTest::addColumn<CopyFormat>("format");
    QTest::addColumn<QString>("expected");
    QTest::newRow("hex") << CopyFormat::Hex << QStringLiteral("68 69 0d 0a 00 27 5c ff c3 a9");
    QTest::newRow("c") << CopyFormat::CArray
                       << QStringLiteral("const unsigned char message[10] = {\n"
                                         "    0x68, 0x69, 0x0d, 0x0a, 0x00, 0x27, 0x5c, 0xff, 0xc3, 0xa9\n"
                                         "};\n");
    QTest::newRow("python") << CopyFormat::PythonBytes
                            << QStringLiteral("b'hi\\r\\n\\x00\\'\\\\\\xff\\xc3\\xa9'");
    QTest::newRow("base64") << CopyFormat::Base64 << QStringLiteral("aGkNCgAnXP/DqQ==");
    QTest::newRow("escaped") << CopyFormat::EscapedText << QString::fromUtf8("hi\\r\\n\\0'\\\\\\xff\u00e9");
}

void tst_MessageCopy::formats()
{
    QFETCH(CopyFormat, format);
    QFETCH(QString, expected);
    QCOMPARE(messageCopyText(Tricky, format, QStringLiteral("UTF-8")), expected);
}

void tst_MessageCopy::cArrayWrapsAfterTwelveBytes()
{
    QByteArray bytes;
    for (int i = 0; i < 14; ++i)
        bytes.append(char(i));
    QCOMPARE(messageCopyText(bytes, CopyFormat::CArray, QStringLiteral("UTF-8")),
        QStringLiteral("const unsigned char message[14] = {\n"
                       "    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,\n"
                       "    0x0c, 0x0d\n"
                       "};\n"));
    // C has no empty arrays.
    QCOMPARE(messageCopyText({}, CopyFormat::CArray, QStringLiteral("UTF-8")),
        QStringLiteral("const unsigned char message[1] = {0}; /* empty */\n"));
}

void tst_MessageCopy::escapedTextFollowsTheEncoding()
{
    // "中" in GB18030 is d6 d0; read as Latin-1 the same bytes are two letters.
    const QByteArray bytes("\xd6\xd0", 2);
    QCOMPARE(
        messageCopyText(bytes, CopyFormat::EscapedText, QStringLiteral("GB18030")), QString::fromUtf8("中"));
    QCOMPARE(messageCopyText(bytes, CopyFormat::EscapedText, QStringLiteral("ISO-8859-1")),
        QString::fromUtf8("\u00d6\u00d0"));
}

QTEST_APPLESS_MAIN(tst_MessageCopy)
#include "tst_messagecopy.moc"
