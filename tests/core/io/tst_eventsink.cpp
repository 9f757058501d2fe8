// The display side of the event sink: payloads cut to their preview, and kept whole instead while a
// batch's budget for whole payloads allows, shared rather than copied.

#include "eventsink.h"

#include <QTest>

using namespace sockpit;

class tst_EventSink : public QObject
{
    Q_OBJECT

private slots:
    void previewsWithoutABudget();
    void wholeWithinTheBudgetPerBatch();
    void wholePayloadIsShared();
};

void tst_EventSink::previewsWithoutABudget()
{
    EventSink sink(true, true, 16);
    sink.data(1, Direction::In, {}, {}, QByteArray(100, 'a'), false);
    qint64 missed = 0;
    const EventBatch batch = sink.takeDisplayBatch(&missed);
    QCOMPARE(batch.size(), 1);
    QCOMPARE(batch.first().payload, QByteArray(16, 'a'));
    QCOMPARE(batch.first().len, qint64(100));
}

void tst_EventSink::wholeWithinTheBudgetPerBatch()
{
    EventSink sink(true, true, 16);
    sink.setDisplayWholeBytes(250);
    const QByteArray message(100, 'b');
    for (int i = 0; i < 3; ++i)
        sink.data(1, Direction::In, {}, {}, message, false);
    sink.data(1, Direction::Out, {}, {}, QByteArray(10, 'c'), false); // within its preview anyway
    qint64 missed = 0;
    EventBatch batch = sink.takeDisplayBatch(&missed);
    QCOMPARE(batch.size(), 4);
    QCOMPARE(batch.at(0).payload, message);
    QCOMPARE(batch.at(1).payload, message);
    QCOMPARE(batch.at(2).payload, QByteArray(16, 'b')); // over the budget: its preview
    QCOMPARE(batch.at(2).len, qint64(100));
    QCOMPARE(batch.at(3).payload, QByteArray(10, 'c'));
    // The next batch has the budget again.
    sink.data(1, Direction::In, {}, {}, message, false);
    batch = sink.takeDisplayBatch(&missed);
    QCOMPARE(batch.first().payload, message);
}

void tst_EventSink::wholePayloadIsShared()
{
    EventSink sink(true, true, 16);
    sink.setDisplayWholeBytes(1 << 20);
    const QByteArray message(4096, 'd');
    sink.data(1, Direction::In, {}, {}, message, false);
    qint64 missed = 0;
    const EventBatch batch = sink.takeDisplayBatch(&missed);
    QCOMPARE(batch.first().payload.constData(), message.constData());
}

QTEST_APPLESS_MAIN(tst_EventSink)
#include "tst_eventsink.moc"
