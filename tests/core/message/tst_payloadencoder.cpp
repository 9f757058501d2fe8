#include "payloadencoder.h"

#include <QTest>

using namespace sockpit;

Q_DECLARE_METATYPE(sockpit::InputMode)
Q_DECLARE_METATYPE(sockpit::LineEnding)

// Composer input -> bytes, in every mode, and the errors that keep anything from being sent.
class tst_PayloadEncoder : public QObject
{
    Q_OBJECT

private slots:
    void parseHex_data();
    void parseHex();
    void encode_data();
    void encode();
    void errors_data();
    void errors();
};

static QString u8(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

void tst_PayloadEncoder::parseHex_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error"); // fragments separated by '|'; empty: valid
    QTest::addColumn<int>("position");

    QTest::newRow("spaced") << "48 65 6c" << QByteArray("Hel") << QString() << -1;
    QTest::newRow("run") << "48656c" << QByteArray("Hel") << QString() << -1;
    QTest::newRow("upper") << "48656C6C6F" << QByteArray("Hello") << QString() << -1;
    QTest::newRow("0x commas") << "0x48,0x65" << QByteArray("He") << QString() << -1;
    QTest::newRow("0X spaces") << "0x48 0X65" << QByteArray("He") << QString() << -1;
    QTest::newRow("0x run") << "0x4865" << QByteArray("He") << QString() << -1;
    QTest::newRow("mixed separators")
        << " 48:65-6c,\t6c\r\n6f  " << QByteArray("hello").replace('h', 'H') << QString() << -1;
    QTest::newRow("comma space") << "0x00, 0xff" << QByteArray("\x00\xff", 2) << QString() << -1;
    QTest::newRow("empty") << "" << QByteArray() << QString() << -1;
    QTest::newRow("blank") << " \n " << QByteArray() << QString() << -1;

    QTest::newRow("bad digit") << "4865g" << QByteArray() << "invalid hex digit 'g'|position 5" << 4;
    QTest::newRow("bad digit after space") << "48 zz" << QByteArray() << "'z'|position 4" << 3;
    QTest::newRow("odd run") << "486" << QByteArray() << "'486'|position 1|odd" << 0;
    QTest::newRow("odd single") << "48 6 6c" << QByteArray() << "'6'|position 4|odd" << 3;
    QTest::newRow("odd 0x") << "0x5" << QByteArray() << "'0x5'|position 1|odd" << 0;
    QTest::newRow("0x alone") << "48 0x" << QByteArray() << "'0x'|position 4|no hex digits" << 3;
    QTest::newRow("double 0x") << "0x480x65" << QByteArray() << "'x'|position 6" << 5;
    QTest::newRow("semicolon") << "48;65" << QByteArray() << "';'|position 3" << 2;
    QTest::newRow("non-latin") << u8("48 \xe4\xbd\xa0") << QByteArray() << u8("'\xe4\xbd\xa0'|position 4")
                               << 3;
    QTest::newRow("emoji") << u8("4\xf0\x9f\x98\x80") << QByteArray() << u8("'\xf0\x9f\x98\x80'|position 2")
                           << 1;
    QTest::newRow("control") << u8("48\x7f") << QByteArray() << "U+007F|position 3" << 2;
}

void tst_PayloadEncoder::parseHex()
{
    QFETCH(QString, input);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    QFETCH(int, position);

    const EncodeResult result = sockpit::parseHex(input);
    if (error.isEmpty()) {
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.bytes, bytes);
        QCOMPARE(result.errorPosition, -1);
    } else {
        QVERIFY(!result.ok());
        const QStringList fragments = error.split(u'|');
        for (const QString &fragment : fragments)
            QVERIFY2(
                result.error.contains(fragment), qPrintable(result.error + QStringLiteral(" / ") + fragment));
        QCOMPARE(result.errorPosition, position);
    }
    // Hex input through encodePayload() is the same, and never gets a line ending.
    const EncodeResult viaEncode
        = encodePayload(input, InputMode::Hex, QStringLiteral("UTF-8"), LineEnding::CRLF);
    QCOMPARE(viaEncode.bytes, result.bytes);
    QCOMPARE(viaEncode.error, result.error);
}

void tst_PayloadEncoder::encode_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<InputMode>("mode");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<LineEnding>("ending");
    QTest::addColumn<QByteArray>("bytes");

    const QString utf8 = QStringLiteral("UTF-8");
    QTest::newRow("text ascii") << "hello" << InputMode::Text << utf8 << LineEnding::None
                                << QByteArray("hello");
    QTest::newRow("text lf") << "hi" << InputMode::Text << utf8 << LineEnding::LF << QByteArray("hi\n");
    QTest::newRow("text crlf") << "hi" << InputMode::Text << utf8 << LineEnding::CRLF << QByteArray("hi\r\n");
    QTest::newRow("empty crlf") << "" << InputMode::Text << utf8 << LineEnding::CRLF << QByteArray("\r\n");
    QTest::newRow("text backslash literal")
        << "a\\nb" << InputMode::Text << utf8 << LineEnding::None << QByteArray("a\\nb");
    QTest::newRow("utf-8 chinese") << u8("\xe4\xbd\xa0\xe5\xa5\xbd") << InputMode::Text << utf8
                                   << LineEnding::None << QByteArray::fromHex("e4bda0e5a5bd");
    QTest::newRow("gb18030 chinese") << u8("\xe4\xbd\xa0\xe5\xa5\xbd") << InputMode::Text
                                     << QStringLiteral("GB18030") << LineEnding::None
                                     << QByteArray::fromHex("c4e3bac3");
    QTest::newRow("gbk chinese lf") << u8("\xe4\xbd\xa0\xe5\xa5\xbd") << InputMode::Text
                                    << QStringLiteral("GBK") << LineEnding::LF
                                    << QByteArray::fromHex("c4e3bac30a");
    QTest::newRow("big5") << u8("\xe4\xbd\xa0") << InputMode::Text << QStringLiteral("Big5")
                          << LineEnding::None << QByteArray::fromHex("a741");
    QTest::newRow("shift_jis") << u8("\xe3\x81\x82") << InputMode::Text << QStringLiteral("Shift_JIS")
                               << LineEnding::None << QByteArray::fromHex("82a0");
    QTest::newRow("latin-1") << u8("caf\xc3\xa9") << InputMode::Text << QStringLiteral("ISO-8859-1")
                             << LineEnding::None << QByteArray("caf\xe9");
    QTest::newRow("utf-16le crlf") << "A" << InputMode::Text << QStringLiteral("UTF-16LE") << LineEnding::CRLF
                                   << QByteArray("A\0\r\0\n\0", 6);
    QTest::newRow("emoji utf-8") << u8("\xf0\x9f\x98\x80") << InputMode::Text << utf8 << LineEnding::None
                                 << QByteArray::fromHex("f09f9880");

    QTest::newRow("esc controls") << "a\\r\\n\\t\\0b" << InputMode::Escaped << utf8 << LineEnding::None
                                  << QByteArray("a\r\n\t\0b", 6);
    QTest::newRow("esc quotes") << "\\\\ \\\" \\'" << InputMode::Escaped << utf8 << LineEnding::None
                                << QByteArray("\\ \" '");
    QTest::newRow("esc bell etc") << "\\a\\b\\e\\f\\v" << InputMode::Escaped << utf8 << LineEnding::None
                                  << QByteArray("\a\b\x1b\f\v");
    QTest::newRow("esc hex") << "\\x00\\xFF\\x7f" << InputMode::Escaped << utf8 << LineEnding::None
                             << QByteArray("\x00\xff\x7f", 3);
    QTest::newRow("esc hex raw in gb18030")
        << u8("\xe4\xbd\xa0\\xff") << InputMode::Escaped << QStringLiteral("GB18030") << LineEnding::LF
        << QByteArray::fromHex("c4e3ff0a");
    QTest::newRow("esc no octal") << "\\012" << InputMode::Escaped << utf8 << LineEnding::None
                                  << QByteArray("\x00"
                                                "12",
                                         3);
    QTest::newRow("esc unicode") << "\\u{20ac}\\u{1F600}\\u{41}" << InputMode::Escaped << utf8
                                 << LineEnding::None << QByteArray::fromHex("e282acf09f988041");
    QTest::newRow("esc unicode latin-1") << "\\u{e9}" << InputMode::Escaped << QStringLiteral("ISO-8859-1")
                                         << LineEnding::CRLF << QByteArray("\xe9\r\n");
    QTest::newRow("esc utf-16be") << "\\nA\\x01" << InputMode::Escaped << QStringLiteral("UTF-16BE")
                                  << LineEnding::LF << QByteArray("\0\n\0A\x01\0\n", 7);
}

void tst_PayloadEncoder::encode()
{
    QFETCH(QString, input);
    QFETCH(InputMode, mode);
    QFETCH(QString, encoding);
    QFETCH(LineEnding, ending);
    QFETCH(QByteArray, bytes);

    const EncodeResult result = encodePayload(input, mode, encoding, ending);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.bytes.toHex(' '), bytes.toHex(' '));
    QCOMPARE(result.errorPosition, -1);
}

void tst_PayloadEncoder::errors_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<InputMode>("mode");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QString>("error"); // fragments separated by '|'
    QTest::addColumn<int>("position");

    const QString utf8 = QStringLiteral("UTF-8");
    const QString latin1 = QStringLiteral("ISO-8859-1");
    QTest::newRow("latin-1 chinese") << u8("ab\xe4\xbd\xa0") << InputMode::Text << latin1
                                     << u8("'\xe4\xbd\xa0'|position 3|ISO-8859-1") << 2;
    QTest::newRow("latin-1 late") << u8("caf\xc3\xa9 costs 5\xe2\x82\xac") << InputMode::Text << latin1
                                  << u8("'\xe2\x82\xac'|position 13") << 12;
    QTest::newRow("latin-1 emoji after pair")
        << u8("\xc3\xa9\xf0\x9f\x98\x80") << InputMode::Text << latin1 << "position 2" << 1;
    QTest::newRow("shift_jis euro") << u8("a\xe2\x82\xac") << InputMode::Text << QStringLiteral("Shift_JIS")
                                    << u8("'\xe2\x82\xac'|position 2") << 1;
    QTest::newRow("windows-1252 chinese") << u8("\xe2\x82\xac\xe4\xbd\xa0") << InputMode::Text
                                          << QStringLiteral("Windows-1252") << "position 2" << 1;
    QTest::newRow("lone surrogate") << QString(QStringLiteral("ab") + QChar(0xd800)) << InputMode::Text
                                    << utf8 << "U+D800|position 3" << 2;
    QTest::newRow("unknown encoding")
        << "x" << InputMode::Text << QStringLiteral("x-nope") << "'x-nope'" << -1;

    QTest::newRow("unknown escape") << "ab\\q" << InputMode::Escaped << utf8 << "'\\q'|position 3" << 2;
    QTest::newRow("trailing backslash") << "ab\\" << InputMode::Escaped << utf8 << "position 3|\\\\" << 2;
    QTest::newRow("short \\x") << "\\x4" << InputMode::Escaped << utf8 << "'\\x4'|position 1|two hex digits"
                               << 0;
    QTest::newRow("bad \\x") << "ok\\xg1" << InputMode::Escaped << utf8 << "'\\xg1'|position 3" << 2;
    QTest::newRow("\\u no brace") << "\\u20ac" << InputMode::Escaped << utf8 << "position 1|\\u{" << 0;
    QTest::newRow("\\u empty") << "x\\u{}" << InputMode::Escaped << utf8 << "'\\u{}'|position 2" << 1;
    QTest::newRow("\\u too big") << "\\u{110000}" << InputMode::Escaped << utf8 << "'\\u{110000}'|position 1"
                                 << 0;
    QTest::newRow("\\u surrogate") << "\\u{d800}" << InputMode::Escaped << utf8 << "position 1" << 0;
    QTest::newRow("\\u unclosed") << "\\u{41" << InputMode::Escaped << utf8 << "position 1" << 0;
    QTest::newRow("esc unencodable after escapes")
        << u8("\\x41\\n\xe4\xbd\xa0") << InputMode::Escaped << latin1 << u8("'\xe4\xbd\xa0'|position 7") << 6;
    QTest::newRow("esc unencodable from \\u")
        << "ab\\u{4f60}" << InputMode::Escaped << latin1 << "position 3" << 2;
}

void tst_PayloadEncoder::errors()
{
    QFETCH(QString, input);
    QFETCH(InputMode, mode);
    QFETCH(QString, encoding);
    QFETCH(QString, error);
    QFETCH(int, position);

    const EncodeResult result = encodePayload(input, mode, encoding, LineEnding::CRLF);
    QVERIFY(!result.ok());
    const QStringList fragments = error.split(u'|');
    for (const QString &fragment : fragments)
        QVERIFY2(
            result.error.contains(fragment), qPrintable(result.error + QStringLiteral(" / ") + fragment));
    QCOMPARE(result.errorPosition, position);
}

QTEST_APPLESS_MAIN(tst_PayloadEncoder)
#include "tst_payloadencoder.moc"
