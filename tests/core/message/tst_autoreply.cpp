// Auto-reply rules: each match kind, first matching rule wins, disabled rules ignored, bad rules
// reported at configuration time, JSON round trip, answers with macros and a regex rule's groups while
// braces that are no macro stay as written.

#include "autoreply.h"

#include <QTest>

using namespace sockpit;
using Match = AutoReplyRule::Match;
using Reply = AutoReplyRule::Reply;

namespace {
AutoReplyRule rule(
    Match match, const QString &pattern, const QString &reply, Reply kind = Reply::Text, int delayMs = 0)
{
    AutoReplyRule r;
    r.match = match;
    r.pattern = pattern;
    r.reply = reply;
    r.replyKind = kind;
    r.delayMs = delayMs;
    return r;
}
} // namespace

class TestAutoReply : public QObject
{
    Q_OBJECT
private slots:
    void matches_data();
    void matches();
    void firstMatchingEnabledRuleWins();
    void badRules_data();
    void badRules();
    void jsonRoundTrip();
    void badJson_data();
    void badJson();
    void replyMacros_data();
    void replyMacros();
};

void TestAutoReply::matches_data()
{
    QTest::addColumn<int>("match");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("hit");
    QTest::newRow("exact") << int(Match::Exact) << "PING" << QByteArray("PING") << true;
    QTest::newRow("exact with LF") << int(Match::Exact) << "PING" << QByteArray("PING\n") << true;
    QTest::newRow("exact with CR LF") << int(Match::Exact) << "PING" << QByteArray("PING\r\n") << true;
    QTest::newRow("exact, two LFs") << int(Match::Exact) << "PING" << QByteArray("PING\n\n") << false;
    QTest::newRow("exact, longer") << int(Match::Exact) << "PING" << QByteArray("PINGS") << false;
    QTest::newRow("exact escapes") << int(Match::Exact) << "A\\x00B" << QByteArray("A\0B", 3) << true;
    QTest::newRow("prefix") << int(Match::Prefix) << "GET " << QByteArray("GET / HTTP/1.0") << true;
    QTest::newRow("prefix, not at start") << int(Match::Prefix) << "GET" << QByteArray(" GET") << false;
    QTest::newRow("prefix, shorter") << int(Match::Prefix) << "GET " << QByteArray("GE") << false;
    QTest::newRow("contains") << int(Match::Contains) << "temp" << QByteArray("set temp=3") << true;
    QTest::newRow("contains, no") << int(Match::Contains) << "temp" << QByteArray("tem p") << false;
    QTest::newRow("contains UTF-8") << int(Match::Contains) << "温度" << QByteArray("a温度b") << true;
    QTest::newRow("regex") << int(Match::Regex) << "^id=\\d+$" << QByteArray("id=42") << true;
    QTest::newRow("regex, no") << int(Match::Regex) << "^id=\\d+$" << QByteArray("id=4x") << false;
    QTest::newRow("regex UTF-8") << int(Match::Regex) << "^温.$" << QByteArray("温度") << true;
    QTest::newRow("hex") << int(Match::Hex) << "01 03" << QByteArray("\x00\x01\x03\x04", 4) << true;
    QTest::newRow("hex wildcard") << int(Match::Hex) << "aa ?? 55" << QByteArray("\x10\xaa\x7f\x55", 4)
                                  << true;
    QTest::newRow("hex wildcard, no")
        << int(Match::Hex) << "aa??55" << QByteArray("\xaa\x7f\x56", 3) << false;
    QTest::newRow("hex 0x") << int(Match::Hex) << "0xAA,0x55" << QByteArray("\xaa\x55", 2) << true;
    QTest::newRow("hex, too short") << int(Match::Hex) << "aa ?? 55" << QByteArray("\xaa\x55", 2) << false;
}

void TestAutoReply::matches()
{
    QFETCH(int, match);
    QFETCH(QString, pattern);
    QFETCH(QByteArray, message);
    QFETCH(bool, hit);
    const AutoReplyRules rules {rule(Match(match), pattern, QStringLiteral("ok\\r\\n"))};
    QCOMPARE(AutoReplier::validate(rules), QString());
    const AutoReplier replier(rules);
    const auto answer = replier.match(message);
    QCOMPARE(answer.has_value(), hit);
    if (hit)
        QCOMPARE(answer->bytes, QByteArray("ok\r\n"));
}

void TestAutoReply::firstMatchingEnabledRuleWins()
{
    AutoReplyRules rules {
        rule(Match::Prefix, QStringLiteral("A"), QStringLiteral("disabled")),
        rule(Match::Contains, QStringLiteral("B"), QStringLiteral("first")),
        rule(Match::Prefix, QStringLiteral("A"), QStringLiteral("41 42"), Reply::Hex, 250),
        rule(Match::Contains, QStringLiteral("AB"), QStringLiteral("later")),
    };
    rules[0].enabled = false;
    const AutoReplier replier(rules);
    auto answer = replier.match(QByteArray("Ax"));
    QVERIFY(answer);
    QCOMPARE(answer->bytes, QByteArray("AB"));
    QCOMPARE(answer->delayMs, 250);
    QCOMPARE(answer->rule, 2);
    answer = replier.match(QByteArray("xB"));
    QVERIFY(answer);
    QCOMPARE(answer->bytes, QByteArray("first"));
    QCOMPARE(answer->rule, 1);
    QVERIFY(!replier.match(QByteArray("zz")));
    QVERIFY(AutoReplier(AutoReplyRules()).isEmpty());
}

void TestAutoReply::badRules_data()
{
    QTest::addColumn<AutoReplyRule>("bad");
    QTest::addColumn<QString>("named");
    QTest::newRow("bad regex") << rule(Match::Regex, QStringLiteral("a(b"), QStringLiteral("x"))
                               << "regular expression";
    QTest::newRow("bad hex pattern") << rule(Match::Hex, QStringLiteral("aa 5g"), QStringLiteral("x"))
                                     << "position 4";
    QTest::newRow("odd hex pattern") << rule(Match::Hex, QStringLiteral("aa 5"), QStringLiteral("x"))
                                     << "odd";
    QTest::newRow("empty hex pattern")
        << rule(Match::Hex, QStringLiteral(" "), QStringLiteral("x")) << "empty";
    QTest::newRow("bad hex reply") << rule(Match::Contains, QStringLiteral("a"), QStringLiteral("zz"),
        Reply::Hex) << "reply";
    QTest::newRow("bad escape") << rule(Match::Contains, QStringLiteral("a\\q"), QStringLiteral("x"))
                                << "pattern";
    QTest::newRow("empty reply") << rule(Match::Contains, QStringLiteral("a"), QString()) << "empty";
    QTest::newRow("empty contains") << rule(Match::Contains, QString(), QStringLiteral("x")) << "empty";
    QTest::newRow("negative delay") << rule(Match::Contains, QStringLiteral("a"), QStringLiteral("x"),
        Reply::Text, -1) << "delay";
}

void TestAutoReply::badRules()
{
    QFETCH(AutoReplyRule, bad);
    QFETCH(QString, named);
    const AutoReplyRules rules {rule(Match::Contains, QStringLiteral("ok"), QStringLiteral("fine")), bad};
    const QString error = AutoReplier::validate(rules);
    QVERIFY2(error.contains(QStringLiteral("rule 2")), qPrintable(error));
    QVERIFY2(error.contains(named), qPrintable(error));
    // A bad rule is left out; the good ones still answer.
    const AutoReplier replier(rules);
    QVERIFY(replier.match(QByteArray("ok")));
    // A disabled bad rule is no error.
    AutoReplyRules disabled = rules;
    disabled[1].enabled = false;
    QCOMPARE(AutoReplier::validate(disabled), QString());
}

void TestAutoReply::jsonRoundTrip()
{
    AutoReplyRules rules {
        rule(Match::Exact, QStringLiteral("PING"), QStringLiteral("PONG\\r\\n")),
        rule(Match::Regex, QStringLiteral("^温度=(\\d+)"), QStringLiteral("OK"), Reply::Text, 20),
        rule(Match::Hex, QStringLiteral("01 03 ?? ??"), QStringLiteral("01 83 02"), Reply::Hex, 5),
    };
    rules[1].enabled = false;
    AutoReplyRules back;
    QString error;
    QVERIFY2(autoReplyRulesFromJson(autoReplyRulesToJson(rules), &back, &error), qPrintable(error));
    QCOMPARE(back, rules);

    // Defaults for what is left out.
    QVERIFY(autoReplyRulesFromJson(R"({"rules":[{"pattern":"x","reply":"y"}]})", &back, &error));
    QCOMPARE(back.size(), 1);
    QCOMPARE(back.at(0), rule(Match::Contains, QStringLiteral("x"), QStringLiteral("y")));
}

void TestAutoReply::badJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("named");
    QTest::newRow("not JSON") << QByteArray("{rules") << "JSON";
    QTest::newRow("no rules array") << QByteArray("{\"rule\":[]}") << "rules";
    QTest::newRow("bad match") << QByteArray(R"({"rules":[{"match":"glob","pattern":"x","reply":"y"}]})")
                               << "rule 1";
    QTest::newRow("no pattern") << QByteArray(R"({"rules":[{"reply":"y"}]})") << "pattern";
    QTest::newRow("bad regex") << QByteArray(
        R"({"rules":[{"pattern":"a","reply":"y"},{"match":"regex","pattern":"(","reply":"y"}]})")
                               << "rule 2";
    QTest::newRow("fractional delay")
        << QByteArray(R"({"rules":[{"pattern":"a","reply":"y","delayMs":1.5}]})") << "delayMs";
    QTest::newRow("bad reply kind") << QByteArray(
        R"({"rules":[{"pattern":"a","reply":"y","replyKind":"base64"}]})")
                                    << "replyKind";
}

void TestAutoReply::badJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, named);
    AutoReplyRules rules {rule(Match::Contains, QStringLiteral("keep"), QStringLiteral("me"))};
    const AutoReplyRules before = rules;
    QString error;
    QVERIFY(!autoReplyRulesFromJson(json, &rules, &error));
    QVERIFY2(error.contains(named), qPrintable(error));
    QCOMPARE(rules, before); // unchanged on error
}

void TestAutoReply::replyMacros_data()
{
    QTest::addColumn<int>("match");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("answer");
    QTest::newRow("numbered group") << int(Match::Regex) << "^GET (\\w+) (\\d+)"
                                    << "VALUE {1}={2}\\r\\n"
                                    << QByteArray("GET temp 42\r\n") << QByteArray("VALUE temp=42\r\n");
    QTest::newRow("named group") << int(Match::Regex) << "id=(?<id>\\d+)"
                                 << "ACK {id} {0}" << QByteArray("x id=7") << QByteArray("ACK 7 id=7");
    QTest::newRow("group UTF-8") << int(Match::Regex) << "^名=(.+)$"
                                 << "你好 {1}" << QByteArray("名=温度") << QByteArray("你好 温度");
    QTest::newRow("counter") << int(Match::Contains) << "PING"
                             << "PONG {counter}" << QByteArray("PING") << QByteArray("PONG 1");
    QTest::newRow("JSON stays") << int(Match::Contains) << "q"
                                << "{\"ok\": true}" << QByteArray("q") << QByteArray("{\"ok\": true}");
    QTest::newRow("braces stay") << int(Match::Contains) << "q"
                                 << "{{x}} {1} } {" << QByteArray("q") << QByteArray("{{x}} {1} } {");
    QTest::newRow("unknown group stays") << int(Match::Regex) << "(a)"
                                         << "{2}{1}" << QByteArray("a") << QByteArray("{2}a");
    QTest::newRow("escapes around") << int(Match::Regex) << "(a)"
                                    << "\\x41{1}\\n"
                                    << QByteArray("a") << QByteArray("Aa\n");
}

void TestAutoReply::replyMacros()
{
    QFETCH(int, match);
    QFETCH(QString, pattern);
    QFETCH(QString, reply);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, answer);
    const AutoReplyRules rules {rule(Match(match), pattern, reply)};
    QCOMPARE(AutoReplier::validate(rules), QString());
    const AutoReplier replier(rules);
    const auto found = replier.match(message);
    QVERIFY(found.has_value());
    QCOMPARE(found->bytes, answer);
}

QTEST_GUILESS_MAIN(TestAutoReply)
#include "tst_autoreply.moc"
