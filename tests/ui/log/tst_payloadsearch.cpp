#include "payloadrenderer.h"
#include "payloadsearch.h"

#include <QRandomGenerator>
#include <QTest>

using namespace sockpit;
using namespace sockpit::ui;

// Searching payloads without rendering them must find exactly what a search of the rendered text finds:
// each shortcut is checked against payloadrenderer's own text.
class tst_PayloadSearch : public QObject
{
    Q_OBJECT

private slots:
    void isAscii_data();
    void isAscii();
    void escapedAsciiMatchesTheRenderedText_data();
    void escapedAsciiMatchesTheRenderedText();
    void escapedAsciiAgreesWithTheRendererOnRandomPayloads();
};

void tst_PayloadSearch::isAscii_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("ascii");
    QTest::addColumn<bool>("plain");
    QTest::newRow("empty") << QByteArray() << true << true;
    QTest::newRow("text") << QByteArray("GET /item HTTP/1.1") << true << true;
    QTest::newRow("line ends") << QByteArray("a\r\nb") << true << false;
    QTest::newRow("backslash") << QByteArray("a\\b") << true << false;
    QTest::newRow("nul and del") << QByteArray("a\0b\x7f", 4) << true << false;
    QTest::newRow("utf-8") << QByteArray("caf\xc3\xa9") << false << false;
    QTest::newRow("high byte last") << QByteArray(40, 'a') + '\x80' << false << false;
}

void tst_PayloadSearch::isAscii()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, ascii);
    QFETCH(bool, plain);
    QCOMPARE(PayloadSearch::isAscii(bytes), ascii);
    QCOMPARE(PayloadSearch::isPlainAscii(bytes), plain);
}

void tst_PayloadSearch::escapedAsciiMatchesTheRenderedText_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("found");
    const QByteArray request("GET /item/000123 HTTP/1.1\r\nHost: a\r\n\r\n");
    QTest::newRow("in a line") << request << QStringLiteral("item/00012") << true;
    QTest::newRow("case blind") << request << QStringLiteral("host: A") << true;
    QTest::newRow("across a line end, as shown") << request << QStringLiteral("1.1\\r\\nHost") << true;
    QTest::newRow("across a line end, raw") << request << QStringLiteral("1.1Host") << false;
    QTest::newRow("the letter of an escape") << QByteArray("a\nb") << QStringLiteral("nb") << true;
    QTest::newRow("no such letter") << QByteArray("a\r\nb") << QStringLiteral("ab") << false;
    QTest::newRow("hex escape") << QByteArray("x\x01y") << QStringLiteral("\\x01y") << true;
    QTest::newRow("hex escape digits") << QByteArray("\x1f") << QStringLiteral("1F") << true;
    QTest::newRow("del") << QByteArray("\x7f") << QStringLiteral("x7f") << true;
    QTest::newRow("nul") << QByteArray("a\0b", 3) << QStringLiteral("a\\0b") << true;
    QTest::newRow("backslash doubled") << QByteArray("a\\b\t") << QStringLiteral("\\\\b\\t") << true;
    QTest::newRow("a single backslash is not a tab") << QByteArray("a\\t") << QStringLiteral("a\\t") << false;
    QTest::newRow("longer than the text") << QByteArray("\r") << QStringLiteral("\\r\\n") << false;
}

void tst_PayloadSearch::escapedAsciiMatchesTheRenderedText()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    QFETCH(bool, found);
    const PayloadSearch::Needle needle = PayloadSearch::needle(text, false);
    QVERIFY(!needle.asciiLower.isEmpty());
    // The expectation itself is checked against the renderer first.
    QCOMPARE(renderPayload(bytes, RenderMode::Text).contains(text, Qt::CaseInsensitive), found);
    QCOMPARE(PayloadSearch::escapedAsciiContains(bytes, needle.asciiLower, needle.hasLetters), found);
}

// Random ASCII payloads rich in what is escaped, and needles cut from their rendering (found) or made
// of the letters escapes use (mostly not found): the shortcut and the renderer agree every time, in
// UTF-8 and in Latin-1.
void tst_PayloadSearch::escapedAsciiAgreesWithTheRendererOnRandomPayloads()
{
    QRandomGenerator random(20261205);
    const QByteArray alphabet("\r\n\t\\\x01\x1b\x7f rntx0aF19/:", 19);
    int found = 0;
    int checked = 0;
    for (int i = 0; i < 3000; ++i) {
        QByteArray bytes(random.bounded(0, 40), Qt::Uninitialized);
        for (char &c : bytes)
            c = random.bounded(4) == 0 ? char(random.bounded(0x80))
                                       : alphabet.at(random.bounded(alphabet.size()));
        for (const QString &encoding : {QStringLiteral("UTF-8"), QStringLiteral("ISO-8859-1")}) {
            const QString shown = renderPayload(bytes, RenderMode::Text, encoding);
            for (int k = 0; k < 4; ++k) {
                QString text;
                if (k < 2 && !shown.isEmpty()) {
                    const int from = random.bounded(shown.size());
                    text = shown.mid(from, 1 + random.bounded(std::min<int>(6, int(shown.size()) - from)));
                } else {
                    const QByteArray letters("\\rntx0aF19 ");
                    for (int n = 1 + random.bounded(4); n > 0; --n)
                        text += QLatin1Char(letters.at(random.bounded(letters.size())));
                }
                const PayloadSearch::Needle needle = PayloadSearch::needle(text, false);
                if (needle.asciiLower.isEmpty())
                    continue;
                const bool expected = shown.contains(text, Qt::CaseInsensitive);
                QVERIFY2(PayloadSearch::escapedAsciiContains(bytes, needle.asciiLower, needle.hasLetters)
                        == expected,
                    qPrintable(QStringLiteral("payload %1, needle '%2', rendered '%3'")
                                   .arg(QString::fromLatin1(bytes.toHex()), text, shown)));
                found += expected;
                ++checked;
            }
        }
    }
    // Both answers were tested many times.
    QVERIFY2(found > checked / 4 && found < checked,
        qPrintable(QStringLiteral("%1 of %2").arg(found).arg(checked)));
}

QTEST_GUILESS_MAIN(tst_PayloadSearch)
#include "tst_payloadsearch.moc"
