// The sequence file format: every kind of step read, defaults, errors that name the line or the step,
// and a sequence written and read back unchanged.

#include "sequenceformat.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sockpit;

class tst_Sequence : public QObject
{
    Q_OBJECT
private slots:
    void parsesEveryKind();
    void defaults();
    void errors_data();
    void errors();
    void roundTrip();
    void loadsFileAndBaseDirectory();
    void describes();
};

namespace {

QByteArray example()
{
    return R"js({"sequence": 1, "name": "modbus", "timeoutMs": 2000, "steps": [
  {"kind": "send", "text": "READ {counter}\r\n"},
  {"kind": "send", "hex": "01 03 00 00 00 01"},
  {"kind": "send", "file": "frame.bin"},
  {"kind": "expect", "match": "regex", "pattern": "id=(?<id>\\d+)", "timeoutMs": 300},
  {"kind": "expect", "match": "hex", "pattern": "01 03 ?? ??"},
  {"kind": "expect", "match": "exact", "pattern": "OK\r\n"},
  {"kind": "expect", "pattern": "done"},
  {"kind": "delay", "ms": 10},
  {"kind": "repeat", "count": 3, "steps": [
    {"kind": "send", "text": "id {id} {1}"},
    {"kind": "repeat", "count": 2, "steps": [{"kind": "delay", "ms": 0}]}
  ]},
  {"kind": "half-close"},
  {"kind": "close"}
]})js";
}

} // namespace

void tst_Sequence::parsesEveryKind()
{
    Sequence sequence;
    QString error;
    QVERIFY2(sequenceFromJson(example(), &sequence, &error), qPrintable(error));
    QCOMPARE(sequence.name, QStringLiteral("modbus"));
    QCOMPARE(sequence.timeoutMs, 2000);
    QCOMPARE(sequence.steps.size(), 11);
    using K = SequenceStep::Kind;
    QCOMPARE(sequence.steps.at(0).kind, K::Send);
    QCOMPARE(sequence.steps.at(0).data, SequenceStep::Data::Text);
    QCOMPARE(sequence.steps.at(0).text, QStringLiteral("READ {counter}\r\n"));
    QCOMPARE(sequence.steps.at(1).data, SequenceStep::Data::Hex);
    QCOMPARE(sequence.steps.at(2).data, SequenceStep::Data::File);
    QCOMPARE(sequence.steps.at(3).kind, K::Expect);
    QCOMPARE(sequence.steps.at(3).match, SequenceStep::Match::Regex);
    QCOMPARE(sequence.steps.at(3).timeoutMs, 300);
    QCOMPARE(sequence.steps.at(4).match, SequenceStep::Match::Hex);
    QCOMPARE(sequence.steps.at(5).match, SequenceStep::Match::Exact);
    QCOMPARE(sequence.steps.at(6).match, SequenceStep::Match::Contains);
    QCOMPARE(sequence.steps.at(7).kind, K::Delay);
    QCOMPARE(sequence.steps.at(7).delayMs, 10);
    QCOMPARE(sequence.steps.at(8).kind, K::Repeat);
    QCOMPARE(sequence.steps.at(8).count, 3);
    QCOMPARE(sequence.steps.at(8).steps.size(), 2);
    QCOMPARE(sequence.steps.at(8).steps.at(1).steps.size(), 1);
    QCOMPARE(sequence.steps.at(9).kind, K::HalfClose);
    QCOMPARE(sequence.steps.at(10).kind, K::Close);
}

void tst_Sequence::defaults()
{
    Sequence sequence;
    QString error;
    QVERIFY2(sequenceFromJson(R"js({"steps": [{"kind": "expect", "pattern": "x"}]})js", &sequence, &error),
        qPrintable(error));
    QCOMPARE(sequence.timeoutMs, Sequence::DefaultTimeoutMs);
    QCOMPARE(sequence.steps.at(0).match, SequenceStep::Match::Contains);
    QCOMPARE(sequence.steps.at(0).timeoutMs, 0);
}

void tst_Sequence::errors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("syntax, line 3") << QByteArray(
        "{\"steps\": [\n  {\"kind\": \"send\", \"text\": \"a\"},\n  {\"kind\" \"close\"}\n]}")
                                    << "line 3, column ";
    QTest::newRow("not an object") << QByteArray("[]") << "a sequence is an object";
    QTest::newRow("no steps") << QByteArray("{}") << "\"steps\" is missing";
    QTest::newRow("empty steps") << QByteArray(R"js({"steps": []})js") << "\"steps\" is empty";
    QTest::newRow("unknown kind") << QByteArray(
        R"js({"steps": [{"kind": "send", "text": "a"}, {"kind": "close"},
        {"kind": "sned", "text": "a"}]})js")
                                  << "step 3: unknown kind \"sned\"";
    QTest::newRow("no kind") << QByteArray(R"js({"steps": [{"text": "a"}]})js")
                             << "step 1: \"kind\" is missing";
    QTest::newRow("unknown key") << QByteArray(R"js({"steps": [{"kind": "expect", "patern": "a"}]})js")
                                 << "step 1: an expect step needs a \"pattern\"";
    QTest::newRow("extra key") << QByteArray(R"js({"steps": [{"kind": "close", "now": true}]})js")
                               << "step 1: unknown key \"now\" in a close step";
    QTest::newRow("send twice") << QByteArray(
        R"js({"steps": [{"kind": "send", "text": "a", "hex": "01"}]})js")
                                << "step 1: a send step needs one of";
    QTest::newRow("bad hex") << QByteArray(R"js({"steps": [{"kind": "send", "hex": "0g"}]})js") << "step 1: ";
    QTest::newRow("bad macro") << QByteArray(R"js({"steps": [{"kind": "send", "text": "{nope:1}"}]})js")
                               << "step 1: unknown macro {nope:1}";
    QTest::newRow("bad regex") << QByteArray(
        R"js({"steps": [{"kind": "expect", "match": "regex", "pattern": "(a"}]})js")
                               << "step 1: bad regular expression";
    QTest::newRow("bad hex pattern") << QByteArray(
        R"js({"steps": [{"kind": "expect", "match": "hex", "pattern": "01 ?"}]})js")
                                     << "step 1: ";
    // Numbers beyond any integer are refused, not converted (which would be undefined).
    QTest::newRow("huge timeout") << QByteArray(R"js({"timeoutMs": 6.6e85, "steps": [{"kind": "close"}]})js")
                                  << "\"timeoutMs\" must be a whole number of milliseconds";
    QTest::newRow("huge count") << QByteArray(
        R"js({"steps": [{"kind": "repeat", "count": 1e30, "steps": [{"kind": "close"}]}]})js")
                                << "step 1: \"count\" must be a whole number";
    QTest::newRow("huge delay") << QByteArray(R"js({"steps": [{"kind": "delay", "ms": -1e300}]})js")
                                << "step 1: \"ms\" must be a whole number of milliseconds";
    QTest::newRow("unknown match") << QByteArray(
        R"js({"steps": [{"kind": "expect", "match": "glob", "pattern": "a"}]})js")
                                   << "step 1: unknown match \"glob\"";
    QTest::newRow("timeout") << QByteArray(
        R"js({"steps": [{"kind": "expect", "pattern": "a", "timeoutMs": 0}]})js")
                             << "step 1: \"timeoutMs\" must be";
    QTest::newRow("delay") << QByteArray(R"js({"steps": [{"kind": "delay", "ms": -1}]})js")
                           << "step 1: \"ms\" must be";
    QTest::newRow("repeat count") << QByteArray(
        R"js({"steps": [{"kind": "repeat", "count": 1.5, "steps": [{"kind": "close"}]}]})js")
                                  << "step 1: \"count\" must be";
    QTest::newRow("nested") << QByteArray(
        R"js({"steps": [{"kind": "close"}, {"kind": "repeat", "count": 2, "steps": [
        {"kind": "delay", "ms": 1}, {"kind": "wait"}]}]})js")
                            << "step 2.2: unknown kind \"wait\"";
    QTest::newRow("version") << QByteArray(R"js({"sequence": 2, "steps": [{"kind": "close"}]})js")
                             << "\"sequence\"";
}

void tst_Sequence::errors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    Sequence sequence;
    QString error;
    QVERIFY(!sequenceFromJson(json, &sequence, &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
}

void tst_Sequence::roundTrip()
{
    Sequence sequence;
    QString error;
    QVERIFY2(sequenceFromJson(example(), &sequence, &error), qPrintable(error));
    const QByteArray written = sequenceToJson(sequence);
    Sequence again;
    QVERIFY2(sequenceFromJson(written, &again, &error), qPrintable(error));
    QCOMPARE(again, sequence);
    QCOMPARE(sequenceToJson(again), written);
}

void tst_Sequence::loadsFileAndBaseDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("s.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"js({"steps": [{"kind": "send", "file": "a.bin"}]})js");
    file.close();
    Sequence sequence;
    QString error;
    bool unreadable = true;
    QVERIFY2(loadSequenceFile(path, &sequence, &error, &unreadable), qPrintable(error));
    QVERIFY(!unreadable);
    QCOMPARE(sequence.baseDirectory, QDir(dir.path()).absolutePath());
    QVERIFY(!loadSequenceFile(dir.filePath(QStringLiteral("missing.json")), &sequence, &error, &unreadable));
    QVERIFY(unreadable);
}

void tst_Sequence::describes()
{
    SequenceStep step;
    step.kind = SequenceStep::Kind::Expect;
    step.match = SequenceStep::Match::Regex;
    step.pattern = QStringLiteral("id=(\\d+)");
    QCOMPARE(describeStep(step), QStringLiteral("expect regex \"id=(\\d+)\""));
    QCOMPARE(quoteBytes(QByteArray("OK\r\n\0\"\\", 7)), QStringLiteral("\"OK\\r\\n\\x00\\\"\\\\\""));
    QCOMPARE(quoteBytes(QByteArray("abcdef"), 3), QStringLiteral("\"abc\"…"));
}

QTEST_GUILESS_MAIN(tst_Sequence)
#include "tst_sequence.moc"
