// Quick-send macros: {counter} counts sends, {time} formats, {random:N} length, {hex:}, braces, errors.

#include "macroexpander.h"

#include <QTest>

using namespace sockpit;
using Mode = MacroExpander::Mode;

class TestMacroExpander : public QObject
{
    Q_OBJECT
private slots:
    void plainText_data();
    void plainText();
    void counterIncrementsPerSend();
    void time();
    void randomHasLength();
    void errors_data();
    void errors();
    void captures();
    void lenientKeepsUnknownBraces();
};

void TestMacroExpander::plainText_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("text") << int(Mode::Text) << "hello" << QByteArray("hello");
    QTest::newRow("escapes") << int(Mode::Text) << "a\\r\\n\\x00" << QByteArray("a\r\n\0", 4);
    QTest::newRow("UTF-8") << int(Mode::Text) << "温" << QByteArray("\xe6\xb8\xa9");
    QTest::newRow("braces") << int(Mode::Text) << "{{json}}: {{}}" << QByteArray("{json}: {}");
    QTest::newRow("hex macro in text") << int(Mode::Text) << "A{hex:00 ff}B"
                                       << QByteArray("A\0\xff"
                                                     "B",
                                              4);
    QTest::newRow("hex") << int(Mode::Hex) << "aa 55 {hex:01} 0d0a" << QByteArray("\xaa\x55\x01\x0d\x0a");
    QTest::newRow("hex with counter") << int(Mode::Hex) << "02 {counter} 03"
                                      << QByteArray("\x02"
                                                    "1\x03");
    QTest::newRow("empty") << int(Mode::Text) << "" << QByteArray();
}

void TestMacroExpander::plainText()
{
    QFETCH(int, mode);
    QFETCH(QString, text);
    QFETCH(QByteArray, bytes);
    MacroExpander expander;
    const auto result = expander.expand(text, Mode(mode));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.bytes, bytes);
    QCOMPARE(MacroExpander::validate(text, Mode(mode)), QString());
}

void TestMacroExpander::counterIncrementsPerSend()
{
    MacroExpander expander;
    QCOMPARE(expander.expand(QStringLiteral("n={counter};"), Mode::Text).bytes, QByteArray("n=1;"));
    QCOMPARE(expander.expand(QStringLiteral("n={counter};"), Mode::Text).bytes, QByteArray("n=2;"));
    QCOMPARE(expander.counter(), quint64(3));
    // A failed expansion is not a send.
    QVERIFY(!expander.expand(QStringLiteral("{counter}{bogus}"), Mode::Text).ok());
    QCOMPARE(expander.expand(QStringLiteral("{counter}-{counter}"), Mode::Text).bytes, QByteArray("3-3"));
    expander.setCounter(99);
    QCOMPARE(expander.expand(QStringLiteral("{counter}"), Mode::Text).bytes, QByteArray("99"));
    // Validation does not count.
    QCOMPARE(MacroExpander::validate(QStringLiteral("{counter}"), Mode::Text), QString());
    QCOMPARE(expander.counter(), quint64(100));
}

void TestMacroExpander::time()
{
    const QDateTime now(QDate(2026, 11, 24), QTime(15, 20, 1, 123));
    MacroExpander expander;
    QCOMPARE(expander.expand(QStringLiteral("[{time}]"), Mode::Text, now).bytes,
        QByteArray("[2026-11-24 15:20:01]"));
    QCOMPARE(expander.expand(QStringLiteral("{time:HH:mm:ss.zzz}"), Mode::Text, now).bytes,
        QByteArray("15:20:01.123"));
    QCOMPARE(
        expander.expand(QStringLiteral("{time:yyyyMMdd}"), Mode::Text, now).bytes, QByteArray("20261124"));
}

void TestMacroExpander::randomHasLength()
{
    MacroExpander expander;
    const auto one = expander.expand(QStringLiteral("<{random:16}>"), Mode::Text);
    QVERIFY(one.ok());
    QCOMPARE(one.bytes.size(), 18);
    QVERIFY(one.bytes.startsWith('<') && one.bytes.endsWith('>'));
    const auto two = expander.expand(QStringLiteral("<{random:16}>"), Mode::Text);
    QVERIFY(one.bytes != two.bytes); // 2^-128 to fail by chance
    QCOMPARE(expander.expand(QStringLiteral("{random:4096}"), Mode::Hex).bytes.size(), 4096);
    QCOMPARE(expander.expand(QStringLiteral("{random:1}"), Mode::Hex).bytes.size(), 1);
}

void TestMacroExpander::errors_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("named");
    QTest::newRow("unknown macro") << int(Mode::Text) << "ab{date}"
                                   << "position 3";
    QTest::newRow("unclosed") << int(Mode::Text) << "ab{counter"
                              << "not closed";
    QTest::newRow("lone close") << int(Mode::Text) << "a}b"
                                << "position 2";
    QTest::newRow("random 0") << int(Mode::Text) << "{random:0}"
                              << "random";
    QTest::newRow("random too many") << int(Mode::Text) << "{random:4097}"
                                     << "4096";
    QTest::newRow("random not a number") << int(Mode::Text) << "{random:x}"
                                         << "random";
    QTest::newRow("bad hex macro") << int(Mode::Text) << "{hex:zz}"
                                   << "hex";
    QTest::newRow("bad hex literal") << int(Mode::Hex) << "aa {counter} 5g"
                                     << "position 15";
    QTest::newRow("bad escape") << int(Mode::Text) << "{counter}\\q"
                                << "position 10";
    QTest::newRow("counter with argument") << int(Mode::Text) << "{counter:5}"
                                           << "unknown";
}

void TestMacroExpander::errors()
{
    QFETCH(int, mode);
    QFETCH(QString, text);
    QFETCH(QString, named);
    MacroExpander expander;
    const auto result = expander.expand(text, Mode(mode));
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(named), qPrintable(result.error));
    QVERIFY(result.bytes.isEmpty());
    QCOMPARE(MacroExpander::validate(text, Mode(mode)), result.error);
}

void TestMacroExpander::captures()
{
    MacroExpander expander;
    const MacroExpander::Captures captures {
        {QStringLiteral("1"), QByteArray("42")}, {QStringLiteral("name"), QByteArray("pump")}};
    auto result = expander.expand(QStringLiteral("GET {1} {name} {counter}\\r\\n"), Mode::Text, captures);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.bytes, QByteArray("GET 42 pump 1\r\n"));
    result = expander.expand(
        QStringLiteral("01 {1}"), Mode::Hex, {{QStringLiteral("1"), QByteArray("\x02", 1)}});
    QCOMPARE(result.bytes, QByteArray("\x01\x02", 2));
    result = expander.expand(QStringLiteral("x {2}"), Mode::Text, captures);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(QLatin1String("{2} at position 3")), qPrintable(result.error));
    QCOMPARE(MacroExpander::validate(QStringLiteral("{1}{id}"), Mode::Text, true), QString());
    QVERIFY(!MacroExpander::validate(QStringLiteral("{1}"), Mode::Text).isEmpty());
    QVERIFY(!MacroExpander::validate(QStringLiteral("{1x}"), Mode::Text, true).isEmpty());
}

void TestMacroExpander::lenientKeepsUnknownBraces()
{
    MacroExpander expander;
    const auto result = expander.expandKnown(
        QStringLiteral("{\"a\": {1}} {{ }} { {nope} {random:x} {counter}\\n"), {{QStringLiteral("1"), "7"}});
    QVERIFY(result.ok());
    QCOMPARE(result.bytes, QByteArray("{\"a\": 7} {{ }} { {nope} {random:x} 1\n"));
}

QTEST_GUILESS_MAIN(TestMacroExpander)
#include "tst_macroexpander.moc"
