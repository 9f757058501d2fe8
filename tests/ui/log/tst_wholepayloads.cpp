// The log's whole payloads of recent long messages: kept within the budget, newest first, and gone
// with their rows.

#include "wholepayloads.h"

#include <QTest>

using namespace sockpit::ui;

class tst_WholePayloads : public QObject
{
    Q_OBJECT

private slots:
    void keepsTheNewestWithinTheBudget();
    void tooBigForTheBudgetIsNotKept();
    void dropsWithTheRows();
    void sharesTheBytes();
    void shrinkingTheBudgetLetsTheOldestGo();
};

void tst_WholePayloads::keepsTheNewestWithinTheBudget()
{
    WholePayloads whole;
    whole.setBudget(10000);
    for (int seq = 0; seq < 5; ++seq)
        whole.add(seq, QByteArray(3000, char('a' + seq)));
    QVERIFY(whole.bytesKept() <= 10000);
    QCOMPARE(whole.count(), qsizetype(3));
    QVERIFY(whole.find(0).isNull());
    QVERIFY(whole.find(1).isNull());
    QCOMPARE(whole.find(2), QByteArray(3000, 'c'));
    QCOMPARE(whole.find(4), QByteArray(3000, 'e'));
    QVERIFY(whole.find(5).isNull());
}

void tst_WholePayloads::tooBigForTheBudgetIsNotKept()
{
    WholePayloads whole;
    whole.setBudget(1000);
    whole.add(1, QByteArray(500, 'a'));
    whole.add(2, QByteArray(2000, 'b'));
    QCOMPARE(whole.find(1), QByteArray(500, 'a')); // not pushed out by one that could never fit
    QVERIFY(whole.find(2).isNull());
}

void tst_WholePayloads::dropsWithTheRows()
{
    WholePayloads whole;
    for (int seq = 10; seq < 20; seq += 2)
        whole.add(seq, QByteArray(100, 'x'));
    whole.dropBefore(15);
    QVERIFY(whole.find(14).isNull());
    QVERIFY(!whole.find(16).isNull());
    QCOMPARE(whole.count(), qsizetype(2));
    whole.clear();
    QCOMPARE(whole.count(), qsizetype(0));
    QCOMPARE(whole.bytesKept(), qint64(0));
}

void tst_WholePayloads::sharesTheBytes()
{
    WholePayloads whole;
    const QByteArray bytes(5000, 'z');
    whole.add(1, bytes);
    QCOMPARE(whole.find(1).constData(), bytes.constData());
}

void tst_WholePayloads::shrinkingTheBudgetLetsTheOldestGo()
{
    WholePayloads whole;
    whole.add(1, QByteArray(1000, 'a'));
    whole.add(2, QByteArray(1000, 'b'));
    whole.setBudget(1500);
    QVERIFY(whole.find(1).isNull());
    QVERIFY(!whole.find(2).isNull());
    whole.setBudget(0);
    QCOMPARE(whole.count(), qsizetype(0));
}

QTEST_APPLESS_MAIN(tst_WholePayloads)
#include "tst_wholepayloads.moc"
