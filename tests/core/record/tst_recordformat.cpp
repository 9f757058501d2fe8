#include "recordformat.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QTest>

using namespace sockpit;

// The record line formats: the JSON Lines contract other scripts rely on, and the text form people read.
class tst_RecordFormat : public QObject
{
    Q_OBJECT

private slots:
    void recordFormatForPath_data();
    void recordFormatForPath();
    void time_data();
    void time();
    void jsonLine_data();
    void jsonLine();
    void jsonParsesBack_data();
    void jsonParsesBack();
    void hexRoundTripsEveryByte();
    void textLine_data();
    void textLine();
    void textNeverCarriesRawBytes();
    void hexDump_data();
    void hexDump();
    void hexDumpHoldsEveryByte();
};

namespace {

constexpr qint64 T = 1'764'000'000'123'456; // 2025-11-24T16:00:00.123456Z

Event makeEvent(Direction dir, EventKind kind, const QString &peer, const QString &local, const QString &text,
    const QByteArray &payload = {}, qint64 len = 0, ConnId conn = 7)
{
    Event e;
    e.timeUs = T;
    e.conn = conn;
    e.dir = dir;
    e.kind = kind;
    e.peer = peer;
    e.local = local;
    e.text = text;
    e.payload = payload;
    e.len = len ? len : payload.size();
    return e;
}

Event dataEvent(Direction dir, const QByteArray &payload)
{
    return makeEvent(dir, EventKind::None, QStringLiteral("127.0.0.1:53122"),
        QStringLiteral("127.0.0.1:9000"), {}, payload);
}

bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder(bytes);
    return !decoder.hasError();
}

} // namespace

void tst_RecordFormat::recordFormatForPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("json");
    QTest::newRow("jsonl") << QStringLiteral("/tmp/a.jsonl") << true;
    QTest::newRow("upper case") << QStringLiteral("A.JSONL") << true;
    QTest::newRow("json") << QStringLiteral("a.json") << false;
    QTest::newRow("txt") << QStringLiteral("a.txt") << false;
    QTest::newRow("no suffix") << QStringLiteral("record") << false;
    QTest::newRow("jsonl then txt") << QStringLiteral("a.jsonl.txt") << false;
    QTest::newRow("jsonl directory") << QStringLiteral("/d.jsonl/x") << false;
}

void tst_RecordFormat::recordFormatForPath()
{
    QFETCH(QString, path);
    QFETCH(bool, json);
    QCOMPARE(sockpit::recordFormatForPath(path) == RecordFormat::JsonLines, json);
}

void tst_RecordFormat::time_data()
{
    QTest::addColumn<qint64>("timeUs");
    QTest::addColumn<QByteArray>("iso");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("micros") << T << QByteArray("2025-11-24T16:00:00.123456Z")
                            << QByteArray("2025-11-24 16:00:00.123456");
    QTest::newRow("zero micros") << qint64(1'764'000'000'000'000) << QByteArray("2025-11-24T16:00:00.000000Z")
                                 << QByteArray("2025-11-24 16:00:00.000000");
    QTest::newRow("one micro") << qint64(1'700'000'000'000'001) << QByteArray("2023-11-14T22:13:20.000001Z")
                               << QByteArray("2023-11-14 22:13:20.000001");
    QTest::newRow("leap day") << qint64(951'782'400'999'999) << QByteArray("2000-02-29T00:00:00.999999Z")
                              << QByteArray("2000-02-29 00:00:00.999999");
    QTest::newRow("epoch") << qint64(0) << QByteArray("1970-01-01T00:00:00.000000Z")
                           << QByteArray("1970-01-01 00:00:00.000000");
    QTest::newRow("before epoch") << qint64(-1) << QByteArray("1969-12-31T23:59:59.999999Z")
                                  << QByteArray("1969-12-31 23:59:59.999999");
}

void tst_RecordFormat::time()
{
    QFETCH(qint64, timeUs);
    QFETCH(QByteArray, iso);
    QFETCH(QByteArray, text);
    QCOMPARE(formatRecordTime(timeUs, true), iso);
    QCOMPARE(formatRecordTime(timeUs, false), text);
    // Twice more, crossing the per-second cache both ways.
    QVERIFY(!formatRecordTime(timeUs + 1'000'000, true).isEmpty());
    QCOMPARE(formatRecordTime(timeUs, true), iso);
}

void tst_RecordFormat::jsonLine_data()
{
    QTest::addColumn<Event>("event");
    QTest::addColumn<QString>("session");
    QTest::addColumn<QByteArray>("expected");

    const QString server = QStringLiteral("tcp-server 0.0.0.0:9000");
    QTest::newRow("in") << dataEvent(Direction::In, "hello") << server
                        << QByteArray(
                               R"({"t":"2025-11-24T16:00:00.123456Z","session":"tcp-server 0.0.0.0:9000",)"
                               R"("conn":7,"dir":"in","peer":"127.0.0.1:53122","local":"127.0.0.1:9000",)"
                               R"("len":5,"hex":"68656c6c6f"})"
                               "\n");

    Event relay = dataEvent(Direction::Out, QByteArray("\x00\xff", 2));
    relay.timeUs = 1'764'000'000'000'000;
    relay.upstream = QStringLiteral("10.0.0.1:80");
    QTest::newRow("out relay, zero micros")
        << relay << QStringLiteral("relay")
        << QByteArray(R"({"t":"2025-11-24T16:00:00.000000Z","session":"relay","conn":7,"dir":"out",)"
                      R"("peer":"127.0.0.1:53122","local":"127.0.0.1:9000","upstream":"10.0.0.1:80",)"
                      R"("len":2,"hex":"00ff"})"
                      "\n");

    Event said = dataEvent(Direction::In, "hi\n");
    said.name = QStringLiteral("alice");
    QTest::newRow("in chat, named")
        << said << server
        << QByteArray(R"({"t":"2025-11-24T16:00:00.123456Z","session":"tcp-server 0.0.0.0:9000",)"
                      R"("conn":7,"dir":"in","peer":"127.0.0.1:53122","local":"127.0.0.1:9000",)"
                      R"("name":"alice","len":3,"hex":"68690a"})"
                      "\n");

    QTest::newRow("out empty") << makeEvent(Direction::Out, EventKind::None, {}, {}, {}, {}, 0, 0)
                               << QString()
                               << QByteArray(R"({"t":"2025-11-24T16:00:00.123456Z","session":"","conn":0,)"
                                             R"("dir":"out","peer":"","local":"","len":0,"hex":""})"
                                             "\n");

    QTest::newRow("info accept")
        << makeEvent(Direction::Info, EventKind::Accept, QStringLiteral("127.0.0.1:53122"), {},
               QStringLiteral("accepted"))
        << server
        << QByteArray(R"({"t":"2025-11-24T16:00:00.123456Z","session":"tcp-server 0.0.0.0:9000","conn":7,)"
                      R"("dir":"info","event":"accept","peer":"127.0.0.1:53122","text":"accepted"})"
                      "\n");

    Event connect = makeEvent(Direction::Info, EventKind::Connect, QStringLiteral("[::1]:5"),
        QStringLiteral("[::1]:6"), QStringLiteral("connected"));
    connect.upstream = QStringLiteral("up:1");
    QTest::newRow("info all endpoints")
        << connect << QStringLiteral("s")
        << QByteArray(
               R"({"t":"2025-11-24T16:00:00.123456Z","session":"s","conn":7,"dir":"info",)"
               R"("event":"connect","peer":"[::1]:5","local":"[::1]:6","upstream":"up:1","text":"connected"})"
               "\n");

    QTest::newRow("info without kind")
        << makeEvent(Direction::Info, EventKind::None, {}, {}, QStringLiteral("note")) << QStringLiteral("s")
        << QByteArray(
               R"({"t":"2025-11-24T16:00:00.123456Z","session":"s","conn":7,"dir":"info","text":"note"})"
               "\n");

    QTest::newRow("dropped with len")
        << makeEvent(Direction::Error, EventKind::Dropped, {}, {}, QStringLiteral("3 events"), {}, 1234, 0)
        << QStringLiteral("udp")
        << QByteArray(R"({"t":"2025-11-24T16:00:00.123456Z","session":"udp","conn":0,"dir":"error",)"
                      R"("event":"dropped","text":"3 events","len":1234})"
                      "\n");

    QTest::newRow("escaping")
        << makeEvent(Direction::Error, EventKind::Error, QStringLiteral("a\"b\\c"), {},
               QString::fromUtf8("q\" b\\ n\n t\t nul") + QChar(0) + QString::fromUtf8(" del\x7f 连接 é 😀"))
        << QString::fromUtf8("udp \"x\"\r")
        << QByteArray(
               R"({"t":"2025-11-24T16:00:00.123456Z","session":"udp \"x\"\u000d","conn":7,"dir":"error",)"
               R"("event":"error","peer":"a\"b\\c","text":"q\" b\\ n\u000a t\u0009 nul\u0000 del\u007f )"
               "\xe8\xbf\x9e\xe6\x8e\xa5 \xc3\xa9 \xf0\x9f\x98\x80\"}\n");

    QTest::newRow("lone surrogate")
        << makeEvent(Direction::Info, EventKind::None, {}, {}, QString(QChar(0xd800)) + QLatin1Char('x'))
        << QStringLiteral("s")
        << QByteArray(R"({"t":"2025-11-24T16:00:00.123456Z","session":"s","conn":7,"dir":"info","text":")"
                      "\xef\xbf\xbdx\"}\n");
}

void tst_RecordFormat::jsonLine()
{
    QFETCH(Event, event);
    QFETCH(QString, session);
    QFETCH(QByteArray, expected);
    QCOMPARE(formatJsonLine(event, session), expected);
    QByteArray appended("previous\n");
    appendRecordLine(appended, RecordFormat::JsonLines, event, session);
    QCOMPARE(appended, QByteArray("previous\n") + expected);
}

void tst_RecordFormat::jsonParsesBack_data()
{
    QTest::addColumn<QString>("text");
    QString controls;
    for (int c = 0; c < 0x20; ++c)
        controls += QChar(c);
    controls += QChar(0x7f);
    QTest::newRow("controls") << controls;
    QTest::newRow("quotes") << QStringLiteral("\"\\/\"'");
    QTest::newRow("chinese") << QString::fromUtf8("已连接到 服务器");
    QTest::newRow("emoji and bidi") << QString::fromUtf8("😀 \u202e evil \u2028");
    QTest::newRow("empty") << QString();
}

void tst_RecordFormat::jsonParsesBack()
{
    QFETCH(QString, text);
    const Event event = makeEvent(Direction::Error, EventKind::Reset, text, text, text, {}, 0, 42);
    const QByteArray line = formatJsonLine(event, text);
    QVERIFY(line.endsWith('\n'));
    QCOMPARE(line.count('\n'), 1);
    QVERIFY(isValidUtf8(line));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(QLatin1String("session")).toString(), text);
    QCOMPARE(o.value(QLatin1String("conn")).toInteger(), 42);
    QCOMPARE(o.value(QLatin1String("dir")).toString(), QStringLiteral("error"));
    QCOMPARE(o.value(QLatin1String("event")).toString(), QStringLiteral("reset"));
    QCOMPARE(o.value(QLatin1String("text")).toString(), text);
    QCOMPARE(o.contains(QLatin1String("peer")), !text.isEmpty());
    if (!text.isEmpty())
        QCOMPARE(o.value(QLatin1String("peer")).toString(), text);
}

void tst_RecordFormat::hexRoundTripsEveryByte()
{
    QByteArray all;
    for (int b = 0; b < 256; ++b)
        all += char(b);
    const QByteArray line = formatJsonLine(dataEvent(Direction::In, all), QStringLiteral("s"));
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    const QByteArray hex = o.value(QLatin1String("hex")).toString().toLatin1();
    QCOMPARE(hex.size(), 512);
    QCOMPARE(hex, hex.toLower());
    QCOMPARE(QByteArray::fromHex(hex), all);
    QCOMPARE(o.value(QLatin1String("len")).toInteger(), 256);
}

void tst_RecordFormat::textLine_data()
{
    QTest::addColumn<Event>("event");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("in") << dataEvent(Direction::In, "hello")
                        << QByteArray("2025-11-24 16:00:00.123456  [s]  #7  in     127.0.0.1:53122  "
                                      "(local 127.0.0.1:9000)  5 bytes  68 65 6c 6c 6f  hello\n");
    Event one = dataEvent(Direction::Out, "!");
    one.local.clear();
    one.upstream = QStringLiteral("10.0.0.1:80");
    QTest::newRow("out one byte") << one
                                  << QByteArray(
                                         "2025-11-24 16:00:00.123456  [s]  #7  out    127.0.0.1:53122  "
                                         "(upstream 10.0.0.1:80)  1 byte  21  !\n");
    Event said = dataEvent(Direction::Out, "yo");
    said.name = QStringLiteral("host");
    QTest::newRow("out named") << said
                               << QByteArray("2025-11-24 16:00:00.123456  [s]  #7  out    127.0.0.1:53122  "
                                             "(local 127.0.0.1:9000)  <host>  2 bytes  79 6f  yo\n");
    QTest::newRow("empty payload") << dataEvent(Direction::In, {})
                                   << QByteArray(
                                          "2025-11-24 16:00:00.123456  [s]  #7  in     127.0.0.1:53122  "
                                          "(local 127.0.0.1:9000)  0 bytes\n");
    QTest::newRow("payload escapes")
        << dataEvent(Direction::In, QByteArray("a\r\n\x1b[1m\\\xe8\xbf\x9e\xff\xc0\xaf\xc2\x85\xe2\x80\xae"))
        << QByteArray("2025-11-24 16:00:00.123456  [s]  #7  in     127.0.0.1:53122  (local 127.0.0.1:9000)  "
                      "19 bytes  61 0d 0a 1b 5b 31 6d 5c e8 bf 9e ff c0 af c2 85 e2 80 ae  "
                      "a\\r\\n\\x1b[1m\\\\\xe8\xbf\x9e\\xff\\xc0\\xaf\\xc2\\x85\\xe2\\x80\\xae\n");
    QTest::newRow("info accept") << makeEvent(
        Direction::Info, EventKind::Accept, QStringLiteral("127.0.0.1:53122"), {}, QStringLiteral("accepted"))
                                 << QByteArray("2025-11-24 16:00:00.123456  [s]  #7  info   accept  "
                                               "127.0.0.1:53122  accepted\n");
    QTest::newRow("info escapes")
        << makeEvent(Direction::Info, EventKind::None, {}, {},
               QString::fromUtf8("two\nlines \u202e 连接") + QChar(0xdc00))
        << QByteArray("2025-11-24 16:00:00.123456  [s]  #7  info   two\\nlines \\xe2\\x80\\xae "
                      "\xe8\xbf\x9e\xe6\x8e\xa5\xef\xbf\xbd\n");
    QTest::newRow("dropped") << makeEvent(Direction::Error, EventKind::Dropped, {}, {},
        QStringLiteral("3 events"), {}, 1234,
        0) << QByteArray("2025-11-24 16:00:00.123456  [s]  #0  error  dropped  3 events  (1234 bytes)\n");
}

void tst_RecordFormat::textLine()
{
    QFETCH(Event, event);
    QFETCH(QByteArray, expected);
    QCOMPARE(formatTextLine(event, QStringLiteral("s")), expected);
}

void tst_RecordFormat::textNeverCarriesRawBytes()
{
    QByteArray all;
    QString text;
    for (int b = 0; b < 256; ++b) {
        all += char(b);
        text += QChar(b);
    }
    Event data = dataEvent(Direction::In, all);
    data.peer = text;
    const Event info = makeEvent(Direction::Error, EventKind::Error, text, text, text);
    for (const QByteArray &line : {formatTextLine(data, text), formatTextLine(info, text)}) {
        QCOMPARE(line.count('\n'), 1);
        QVERIFY(line.endsWith('\n'));
        QVERIFY(isValidUtf8(line));
        for (qsizetype i = 0; i + 1 < line.size(); ++i)
            QVERIFY2(uchar(line[i]) >= 0x20 && uchar(line[i]) != 0x7f, qPrintable(QString::number(i)));
        QVERIFY(!line.contains("\xc2\x85")); // C1 controls are escaped too
    }
    // Nothing is lost: the full payload is there in hex.
    QVERIFY(formatTextLine(data, text).contains(all.toHex(' ')));
}

void tst_RecordFormat::hexDump_data()
{
    QTest::addColumn<Event>("event");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("in, one line")
        << dataEvent(Direction::In, "hello")
        << QByteArray("< 2025-11-24 16:00:00.123456  #7  127.0.0.1:53122  5 bytes\n"
                      "  00000000  68 65 6c 6c 6f                                    |hello|\n");
    QTest::newRow("out, two lines, controls as dots")
        << dataEvent(Direction::Out, QByteArray("GET / HTTP/1.1\r\nHost: x\x00\xff", 25))
        << QByteArray("> 2025-11-24 16:00:00.123456  #7  127.0.0.1:53122  25 bytes\n"
                      "  00000000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  |GET / HTTP/1.1..|\n"
                      "  00000010  48 6f 73 74 3a 20 78 00  ff                       |Host: x..|\n");
    Event said = dataEvent(Direction::In, "!");
    said.name = QStringLiteral("alice");
    QTest::newRow("one byte, named")
        << said
        << QByteArray("< 2025-11-24 16:00:00.123456  #7  127.0.0.1:53122  <alice>  1 byte\n"
                      "  00000000  21                                                |!|\n");
    QTest::newRow("empty datagram") << dataEvent(
        Direction::In, {}) << QByteArray("< 2025-11-24 16:00:00.123456  #7  127.0.0.1:53122  0 bytes\n");
    QTest::newRow("info: nothing") << makeEvent(
        Direction::Info, EventKind::Accept, QStringLiteral("127.0.0.1:53122"), {}, QStringLiteral("accepted"))
                                   << QByteArray();
    QTest::newRow("error: nothing") << makeEvent(Direction::Error, EventKind::Reset, {}, {},
        QStringLiteral("reset")) << QByteArray();
}

void tst_RecordFormat::hexDump()
{
    QFETCH(Event, event);
    QFETCH(QByteArray, expected);
    QByteArray out;
    appendRecordLine(out, RecordFormat::HexDump, event, QStringLiteral("s"));
    QCOMPARE(out, expected);
}

void tst_RecordFormat::hexDumpHoldsEveryByte()
{
    // Read back from the hex columns, the dump gives the payload, every byte value and length alike.
    for (const int size : {15, 16, 17, 256, 1000}) {
        QByteArray payload;
        for (int i = 0; i < size; ++i)
            payload += char((i * 7 + 3) & 0xff);
        QByteArray out;
        appendHexDump(out, dataEvent(Direction::In, payload));
        QByteArray back;
        const QList<QByteArray> lines = out.split('\n');
        QCOMPARE(lines.size(), 1 + (size + 15) / 16 + 1); // the header, the rows, the empty rest
        for (qsizetype i = 1; i + 1 < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            QCOMPARE(line.left(12),
                QByteArray("  ") + QByteArray::number((i - 1) * 16, 16).rightJustified(8, '0') + "  ");
            back += QByteArray::fromHex(line.mid(12, 49).replace(' ', ""));
            QVERIFY(line.endsWith('|'));
            for (const char c : line)
                QVERIFY(uchar(c) >= 0x20 && uchar(c) < 0x7f);
        }
        QCOMPARE(back, payload);
    }
}

QTEST_APPLESS_MAIN(tst_RecordFormat)
#include "tst_recordformat.moc"
