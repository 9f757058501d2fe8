// How an expect finds its pattern in what arrived: each match kind, where the match ends, captures,
// bytes arriving in pieces, and an exact pattern ruled out early.

#include "expectmatcher.h"

#include <QTest>

using namespace sockpit;
using Match = SequenceStep::Match;

class tst_ExpectMatcher : public QObject
{
    Q_OBJECT
private slots:
    void finds_data();
    void finds();
    void growingBuffer();
    void captures();
    void exactRuledOut();
};

namespace {

SequenceStep expect(Match match, const QString &pattern)
{
    SequenceStep step;
    step.kind = SequenceStep::Kind::Expect;
    step.match = match;
    step.pattern = pattern;
    return step;
}

} // namespace

void tst_ExpectMatcher::finds_data()
{
    QTest::addColumn<int>("match");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QByteArray>("buffer");
    QTest::addColumn<bool>("matched");
    QTest::addColumn<int>("end");
    QTest::newRow("contains") << int(Match::Contains) << "OK\\r\\n" << QByteArray("xxOK\r\nyy") << true << 6;
    QTest::newRow("contains, absent") << int(Match::Contains) << "OK" << QByteArray("xxO") << false << 0;
    QTest::newRow("exact") << int(Match::Exact) << "OK" << QByteArray("OKrest") << true << 2;
    QTest::newRow("hex wildcard") << int(Match::Hex) << "01 03 ?? 00"
                                  << QByteArray("\xff\x01\x03\x7f\x00\x09", 6) << true << 5;
    QTest::newRow("hex, absent") << int(Match::Hex) << "01 03 ?? 00" << QByteArray("\x01\x03\x7f\x01", 4)
                                 << false << 0;
    QTest::newRow("regex") << int(Match::Regex) << "id=\\d+;" << QByteArray("a id=42; b") << true << 8;
    QTest::newRow("regex over bytes")
        << int(Match::Regex) << "\\x00\\xff" << QByteArray("a\0\xff", 3) << true << 3;
}

void tst_ExpectMatcher::finds()
{
    QFETCH(int, match);
    QFETCH(QString, pattern);
    QFETCH(QByteArray, buffer);
    QFETCH(bool, matched);
    QFETCH(int, end);
    QString error;
    ExpectMatcher matcher(expect(Match(match), pattern), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const auto found = matcher.find(buffer);
    QCOMPARE(found.matched, matched);
    if (matched)
        QCOMPARE(found.end, qsizetype(end));
}

void tst_ExpectMatcher::growingBuffer()
{
    for (Match match : {Match::Contains, Match::Hex}) {
        ExpectMatcher matcher(
            expect(match, match == Match::Hex ? QStringLiteral("4f 4b") : QStringLiteral("OK")));
        QByteArray buffer(1000, 'x');
        QVERIFY(!matcher.find(buffer).matched);
        buffer += 'O';
        QVERIFY(!matcher.find(buffer).matched);
        buffer += "K!";
        const auto found = matcher.find(buffer);
        QVERIFY(found.matched);
        QCOMPARE(found.end, qsizetype(1002));
    }
}

void tst_ExpectMatcher::captures()
{
    ExpectMatcher matcher(expect(Match::Regex, QStringLiteral("id=(\\d+) name=(?<name>\\w+)")));
    const auto found = matcher.find("id=7 name=pump\r\n");
    QVERIFY(found.matched);
    QCOMPARE(found.captures.value(QStringLiteral("0")), QByteArray("id=7 name=pump"));
    QCOMPARE(found.captures.value(QStringLiteral("1")), QByteArray("7"));
    QCOMPARE(found.captures.value(QStringLiteral("2")), QByteArray("pump"));
    QCOMPARE(found.captures.value(QStringLiteral("name")), QByteArray("pump"));
}

void tst_ExpectMatcher::exactRuledOut()
{
    ExpectMatcher matcher(expect(Match::Exact, QStringLiteral("HELLO")));
    auto found = matcher.find("HEL");
    QVERIFY(!found.matched);
    QVERIFY(!found.impossible);
    found = matcher.find("HEX");
    QVERIFY(found.impossible);
}

QTEST_GUILESS_MAIN(tst_ExpectMatcher)
#include "tst_expectmatcher.moc"
