#include "payloadencoder.h"
#include "payloadrenderer.h"

#include <QTest>

using namespace sockpit;

Q_DECLARE_METATYPE(sockpit::RenderMode)

// Bytes -> log text: nothing a peer sends may be interpreted, hidden, or confused with other bytes.
class tst_PayloadRenderer : public QObject
{
    Q_OBJECT

private slots:
    void render_data();
    void render();
    void roundTripThroughEscapes_data();
    void roundTripThroughEscapes();
    void toHex();
    void boundedWork();
    void incompleteTail_data();
    void incompleteTail();
};

static QString u8(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

static QByteArray hex(const char *digits)
{
    return QByteArray::fromHex(digits);
}

void tst_PayloadRenderer::render_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<RenderMode>("mode");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<int>("maxBytes");
    QTest::addColumn<QString>("expected");

    const QString utf8 = QStringLiteral("UTF-8");
    const RenderMode text = RenderMode::Text;
    QTest::newRow("ascii") << QByteArray("hello") << text << utf8 << 0 << "hello";
    QTest::newRow("empty") << QByteArray() << text << utf8 << 0 << "";
    QTest::newRow("markup literal") << QByteArray("<b>x</b>&amp;") << text << utf8 << 0 << "<b>x</b>&amp;";
    QTest::newRow("controls") << QByteArray("a\r\n\tb\0c", 7) << text << utf8 << 0 << "a\\r\\n\\tb\\0c";
    QTest::newRow("backslash") << QByteArray("C:\\x41") << text << utf8 << 0 << "C:\\\\x41";
    QTest::newRow("other C0 and DEL")
        << QByteArray("\x01\x1b[31m\x7f") << text << utf8 << 0 << "\\x01\\x1b[31m\\x7f";
    QTest::newRow("utf-8 chinese") << hex("e4bda0e5a5bd") << text << utf8 << 0
                                   << u8("\xe4\xbd\xa0\xe5\xa5\xbd");
    QTest::newRow("utf-8 emoji") << hex("f09f9880") << text << utf8 << 0 << u8("\xf0\x9f\x98\x80");
    QTest::newRow("utf-8 lone continuation") << hex("41 80 42") << text << utf8 << 0 << "A\\x80B";
    QTest::newRow("utf-8 bad bytes") << hex("ff fe c0 af") << text << utf8 << 0 << "\\xff\\xfe\\xc0\\xaf";
    QTest::newRow("utf-8 overlong") << hex("e0 80 af") << text << utf8 << 0 << "\\xe0\\x80\\xaf";
    QTest::newRow("utf-8 surrogate") << hex("ed a0 80") << text << utf8 << 0 << "\\xed\\xa0\\x80";
    QTest::newRow("utf-8 too big") << hex("f4 90 80 80") << text << utf8 << 0 << "\\xf4\\x90\\x80\\x80";
    QTest::newRow("utf-8 cut sequence") << hex("e4 bd 41") << text << utf8 << 0 << "\\xe4\\xbdA";
    QTest::newRow("utf-8 incomplete at end") << hex("41 e4 bd") << text << utf8 << 0 << "A\\xe4\\xbd";
    QTest::newRow("utf-8 replacement char is real")
        << hex("efbfbd") << text << utf8 << 0 << u8("\xef\xbf\xbd");
    QTest::newRow("C1 control") << hex("c285") << text << utf8 << 0 << "\\u{0085}";
    QTest::newRow("bidi override") << u8("a\xe2\x80\xae"
                                         "b")
                                          .toUtf8()
                                   << text << utf8 << 0 << "a\\u{202E}b";
    QTest::newRow("zero width") << u8("\xe2\x80\x8b\xe2\x80\x8f").toUtf8() << text << utf8 << 0
                                << "\\u{200B}\\u{200F}";
    QTest::newRow("line separators") << u8("\xe2\x80\xa8\xe2\x80\xa9").toUtf8() << text << utf8 << 0
                                     << "\\u{2028}\\u{2029}";
    QTest::newRow("bom") << hex("efbbbf41") << text << utf8 << 0 << "\\u{FEFF}A";
    QTest::newRow("tag character") << hex("f3a08081") << text << utf8 << 0 << "\\u{E0001}";
    QTest::newRow("noncharacter") << hex("efbfbe") << text << utf8 << 0 << "\\u{FFFE}";
    QTest::newRow("unknown encoding falls back to utf-8")
        << QByteArray("a\xff") << text << QStringLiteral("x-no") << 0 << "a\\xff";

    QTest::newRow("gb18030") << hex("c4e3bac3") << text << QStringLiteral("GB18030") << 0
                             << u8("\xe4\xbd\xa0\xe5\xa5\xbd");
    QTest::newRow("gb18030 four bytes")
        << hex("81308130") << text << QStringLiteral("GB18030") << 0 << "\\u{0080}";
    QTest::newRow("gb18030 replacement char is real")
        << hex("8431a437") << text << QStringLiteral("GB18030") << 0 << u8("\xef\xbf\xbd");
    QTest::newRow("gbk invalid trail") << QByteArray("a\x81\x20"
                                                     "b")
                                       << text << QStringLiteral("GBK") << 0 << "a\\x81 b";
    QTest::newRow("gbk invalid then valid") << hex("ff c4e3 80") << text << QStringLiteral("GBK") << 0
                                            << u8("\xef\xa3\xb5\xe4\xbd\xa0\xe2\x82\xac");
    QTest::newRow("gbk truncated lead") << hex("41 c4") << text << QStringLiteral("GBK") << 0 << "A\\xc4";
    QTest::newRow("shift_jis") << hex("82a0 41") << text << QStringLiteral("Shift_JIS") << 0
                               << u8("\xe3\x81\x82"
                                     "A");
    QTest::newRow("shift_jis bad") << hex("82 0a") << text << QStringLiteral("Shift_JIS") << 0 << "\\x82\\n";
    QTest::newRow("big5 bad and good")
        << hex("a7 0d a741") << text << QStringLiteral("Big5") << 0 << u8("\\xa7\\r\xe4\xbd\xa0");
    QTest::newRow("latin-1") << QByteArray("caf\xe9\x85\x01") << text << QStringLiteral("ISO-8859-1") << 0
                             << u8("caf\xc3\xa9\\u{0085}\\x01");
    QTest::newRow("latin-1 alias") << QByteArray("\xe9") << text << QStringLiteral("latin1") << 0
                                   << u8("\xc3\xa9");
    QTest::newRow("windows-1252") << QByteArray("\x80\x85") << text << QStringLiteral("Windows-1252") << 0
                                  << u8("\xe2\x82\xac\xe2\x80\xa6");
    QTest::newRow("koi8-r") << hex("f0d2c9d7c5d4") << text << QStringLiteral("KOI8-R") << 0
                            << u8("\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
    QTest::newRow("utf-16le") << QByteArray("h\0i\0\n\0\x01\0", 8) << text << QStringLiteral("UTF-16LE") << 0
                              << "hi\\n\\u{0001}";
    QTest::newRow("utf-16be pair and lone")
        << hex("d83dde00 dc00 0041 00") << text << QStringLiteral("UTF-16BE") << 0
        << u8("\xf0\x9f\x98\x80\\xdc\\x00A\\x00");

    QTest::newRow("hex") << QByteArray("hello") << RenderMode::Hex << utf8 << 0 << "68 65 6c 6c 6f";
    QTest::newRow("hex empty") << QByteArray() << RenderMode::Hex << utf8 << 0 << "";
    QTest::newRow("both") << QByteArray("hi\n") << RenderMode::Both << utf8 << 0 << "68 69 0a  hi\\n";
    QTest::newRow("truncated text") << QByteArray("hello") << text << utf8 << 3 << u8("hel\xe2\x80\xa6");
    QTest::newRow("truncated hex") << QByteArray("hello") << RenderMode::Hex << utf8 << 2
                                   << u8("68 65\xe2\x80\xa6");
    QTest::newRow("truncated both") << QByteArray("hello") << RenderMode::Both << utf8 << 2
                                    << u8("68 65\xe2\x80\xa6  he\xe2\x80\xa6");
    QTest::newRow("not truncated at limit") << QByteArray("hello") << text << utf8 << 5 << "hello";
    QTest::newRow("truncation inside a character")
        << hex("41e4bda0") << text << utf8 << 3 << u8("A\xe2\x80\xa6");
    QTest::newRow("truncation after invalid") << hex("41ff") << text << utf8 << 2 << "A\\xff";
    QTest::newRow("truncated utf-16 pair")
        << hex("3dd800de") << text << QStringLiteral("UTF-16LE") << 3 << u8("\xe2\x80\xa6");
}

void tst_PayloadRenderer::render()
{
    QFETCH(QByteArray, bytes);
    QFETCH(RenderMode, mode);
    QFETCH(QString, encoding);
    QFETCH(int, maxBytes);
    QFETCH(QString, expected);

    QCOMPARE(renderPayload(bytes, mode, encoding, maxBytes), expected);
}

void tst_PayloadRenderer::roundTripThroughEscapes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("encoding");

    QTest::newRow("utf-8 mixed") << hex("410d0a09005c ff e4bda0 c285 e280ae 80 7f 1b")
                                 << QStringLiteral("UTF-8");
    QTest::newRow("gb18030") << hex("c4e3 bac3 ff 0a 81") << QStringLiteral("GB18030");
    QTest::newRow("latin-1 all bytes") << [] {
        QByteArray all;
        for (int b = 0; b < 256; ++b)
            all.append(char(b));
        return all;
    }() << QStringLiteral("ISO-8859-1");
    QTest::newRow("utf-16le") << hex("4100 3dd8 00de 00dc 0100 0a00") << QStringLiteral("UTF-16LE");
}

// What the log shows, typed back into the composer's Escaped mode, gives the same bytes.
void tst_PayloadRenderer::roundTripThroughEscapes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, encoding);

    const QString shown = renderPayload(bytes, RenderMode::Text, encoding);
    const EncodeResult back = encodePayload(shown, InputMode::Escaped, encoding);
    QVERIFY2(back.ok(), qPrintable(back.error));
    QCOMPARE(back.bytes.toHex(' '), bytes.toHex(' '));
}

void tst_PayloadRenderer::toHex()
{
    QCOMPARE(sockpit::toHex(QByteArray("\x00\xab\xff", 3)), QStringLiteral("00 ab ff"));
    QCOMPARE(sockpit::toHex(QByteArray("\x00\xab\xff", 3), 0), QStringLiteral("00abff"));
    QCOMPARE(sockpit::toHex(QByteArray("AB"), ':'), QStringLiteral("41:42"));
    QCOMPARE(sockpit::toHex(QByteArray()), QString());
}

void tst_PayloadRenderer::boundedWork()
{
    // 16 MiB of garbage in a slow-path encoding, cut to 4 KiB: must render only what it shows.
    const QByteArray huge = QByteArray("\x81 ").repeated(8 * 1024 * 1024);
    const QString shown = renderPayload(huge, RenderMode::Both, QStringLiteral("GBK"), 4096);
    QVERIFY(shown.endsWith(QChar(0x2026)));
    QVERIFY(shown.size() < 4096 * 8);
    QVERIFY(shown.contains(QStringLiteral("  \\x81 \\x81 \\x81 ")));
}

void tst_PayloadRenderer::incompleteTail_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<int>("tail");
    const QString utf8 = QStringLiteral("UTF-8");
    const QString gb = QStringLiteral("GB18030");
    QTest::newRow("utf8 empty") << QByteArray() << utf8 << 0;
    QTest::newRow("utf8 ascii") << QByteArray("hi") << utf8 << 0;
    QTest::newRow("utf8 whole") << hex("e4bda0e5a5bd") << utf8 << 0;
    QTest::newRow("utf8 1 of 3") << hex("e4bda0e5") << utf8 << 1;
    QTest::newRow("utf8 2 of 3") << hex("e4bda0e5a5") << utf8 << 2;
    QTest::newRow("utf8 lead only") << hex("e4") << utf8 << 1;
    QTest::newRow("utf8 3 of 4") << hex("41f09f98") << utf8 << 3;
    QTest::newRow("utf8 continuation alone") << hex("41a5") << utf8 << 0;
    QTest::newRow("utf8 bad second byte") << hex("41e080") << utf8 << 0; // overlong: never completes
    QTest::newRow("utf8 invalid lead") << hex("41c0") << utf8 << 0;
    QTest::newRow("gb whole") << hex("c4e3bac3") << gb << 0;
    QTest::newRow("gb 1 of 2") << hex("c4e3ba") << gb << 1;
    QTest::newRow("gb lead only") << hex("c4") << gb << 1;
    QTest::newRow("gb 3 of 4") << hex("41813081") << gb << 3;
    QTest::newRow("gb ascii") << QByteArray("abc") << gb << 0;
    QTest::newRow("utf16le odd") << hex("6000") + hex("4f") << QStringLiteral("UTF-16LE") << 1;
    QTest::newRow("utf16le high surrogate") << hex("3dd8") << QStringLiteral("UTF-16LE") << 2;
    QTest::newRow("utf16be high surrogate and one") << hex("d83dde") << QStringLiteral("UTF-16BE") << 3;
    QTest::newRow("latin1") << hex("e4") << QStringLiteral("ISO-8859-1") << 0;
}

void tst_PayloadRenderer::incompleteTail()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, encoding);
    QFETCH(int, tail);
    QCOMPARE(sockpit::incompleteTail(bytes, encoding), qsizetype(tail));
}

QTEST_APPLESS_MAIN(tst_PayloadRenderer)
#include "tst_payloadrenderer.moc"
