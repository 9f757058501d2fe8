#include "logfilterproxy.h"
#include "logfiltertestutil.h"
#include "logmodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QTest>

using namespace sockpit;
using sockpit::ui::LogFilterProxy;
using sockpit::ui::LogModel;
using namespace sockpit::test;

// The log filter kept up to date: rows that arrive, leave for the capacity, or change their rendering
// (a render mode, a character a later read completes) enter and leave the filtered rows with the model
// signals a view relies on, and persistent indexes follow their rows.
class tst_LogFilterProxyUpdates : public QObject
{
    Q_OBJECT

private slots:
    void appendedAndDroppedRows();
    void persistentIndexesFollowTheirRows();
    void splitCharacterLeavesTheFilter();
    void renderModeChangeEntersTheFilter();
    void manyRowsChangeAtOnce();
    void splitCharacterFollowedByAscii();
};

// With a filter in place, a new batch adds its passing rows at the end (one insertion), and rows dropped
// for the capacity take their passing rows from the front (one removal); batches and drops that touch no
// passing row signal nothing.
void tst_LogFilterProxyUpdates::appendedAndDroppedRows()
{
    LogModel log;
    log.setCapacity(30);
    LogFilterProxy proxy(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setText(QStringLiteral("MATCH"));

    int next = 0; // event n's payload has "match" when n % 3 == 0
    const auto batch = [&next](int count) {
        EventBatch events;
        for (int i = 0; i < count; ++i, ++next) {
            const QByteArray payload = (next % 3 == 0 ? "match " : "other ") + QByteArray::number(next);
            events.append(
                dataEvent(ConnId(next % 4 + 1), Direction::In, QStringLiteral("1.2.3.4:5"), payload));
        }
        return events;
    };
    const auto shownEvents = [&proxy] {
        QList<qint64> events;
        for (int row = 0; row < proxy.rowCount(); ++row)
            events.append(proxy.index(row, 0).data(LogModel::EventRole).toLongLong());
        return events;
    };
    const auto eventsUpTo = [](int from, int to) { // passing events from..to-1
        QList<qint64> events;
        for (int n = from; n < to; ++n) {
            if (n % 3 == 0)
                events.append(n);
        }
        return events;
    };

    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
    QSignalSpy aboutToBeRemoved(&proxy, &QAbstractItemModel::rowsAboutToBeRemoved);

    log.appendEvents(batch(10), 0); // events 0..9: 0, 3, 6, 9 pass
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 3);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(shownEvents(), eventsUpTo(0, 10));

    inserted.clear();
    log.appendEvents(
        {dataEvent(9, Direction::In, QStringLiteral("1.2.3.4:5"), QByteArrayLiteral("none"))}, 0);
    ++next; // event 10: nothing passes, nothing signalled
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(proxy.rowCount(), 4);

    log.appendEvents(batch(19), 0); // events 11..29; 30 rows, nothing dropped yet
    QCOMPARE(removed.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 4);
    QCOMPARE(inserted.at(0).at(2).toInt(), 9); // 12, 15, 18, 21, 24, 27
    inserted.clear();

    // Events 30..34 push out events 0..4: two passing rows (0 and 3) leave from the front, then 30 and 33
    // arrive at the end.
    log.appendEvents(batch(5), 0);
    QCOMPARE(aboutToBeRemoved.count(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 8);
    QCOMPARE(inserted.at(0).at(2).toInt(), 9);
    QCOMPARE(shownEvents(), eventsUpTo(5, 35));
    VERIFY_AGREES(log, proxy);
    removed.clear();
    aboutToBeRemoved.clear();
    inserted.clear();

    // Events 35..36 push out 5 and 6: one passing row (6).
    log.appendEvents(batch(2), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 0);
    QCOMPARE(inserted.count(), 1); // 36
    QCOMPARE(shownEvents(), eventsUpTo(7, 37));
    removed.clear();
    aboutToBeRemoved.clear();
    inserted.clear();

    // Event 37 pushes out event 7, which does not pass: no removal from the proxy.
    log.appendEvents(batch(1), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(aboutToBeRemoved.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(shownEvents(), eventsUpTo(8, 38));

    // Shrinking the log to its newest 4 rows (34..37) keeps 36 only.
    log.setCapacity(4);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), eventsUpTo(8, 34).size() - 1);
    QCOMPARE(shownEvents(), eventsUpTo(34, 38));
    VERIFY_AGREES(log, proxy);
}

// A persistent index (and a selection) on a proxy row stays on its log row while a new filter still
// passes that row, wherever the row moves; it becomes invalid when the row no longer passes, and when the
// row is dropped from the log.
void tst_LogFilterProxyUpdates::persistentIndexesFollowTheirRows()
{
    LogModel log;
    LogFilterProxy proxy(&log);
    const QString peerA = QStringLiteral("10.1.1.1:1");
    const QString peerB = QStringLiteral("10.2.2.2:2");
    log.appendEvents({dataEvent(1, Direction::In, peerA, QByteArrayLiteral("alpha one")),
                         dataEvent(1, Direction::Out, peerB, QByteArrayLiteral("beta one")),
                         dataEvent(1, Direction::In, peerA, QByteArrayLiteral("alpha two")),
                         dataEvent(1, Direction::In, peerB, QByteArrayLiteral("gamma")),
                         dataEvent(1, Direction::In, peerA, QByteArrayLiteral("alpha three"))},
        0);
    proxy.setText(QStringLiteral("alpha"));
    QCOMPARE(proxy.sourceRows(), QVector<int>({0, 2, 4}));

    QItemSelectionModel selection(&proxy);
    const QPersistentModelIndex held(proxy.index(1, LogModel::PayloadColumn)); // log row 2
    const qint64 event = held.data(LogModel::EventRole).toLongLong();
    QCOMPARE(event, log.index(2, 0).data(LogModel::EventRole).toLongLong());
    selection.select(proxy.index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);

    // Still passing, at another proxy row: rows 0..2 have an "o".
    proxy.setText(QStringLiteral("O"));
    QCOMPARE(proxy.sourceRows(), QVector<int>({0, 1, 2}));
    QVERIFY(held.isValid());
    QCOMPARE(held.row(), 2);
    QCOMPARE(held.column(), int(LogModel::PayloadColumn));
    QCOMPARE(held.data(LogModel::EventRole).toLongLong(), event);
    QCOMPARE(held.data().toString(), QStringLiteral("alpha two"));
    QCOMPARE(proxy.sourceRows(selection.selectedRows()), QVector<int>({2}));

    // The peer and direction filters too.
    proxy.setPeer(peerA.left(6));
    QCOMPARE(proxy.sourceRows(), QVector<int>({0, 2}));
    QCOMPARE(held.row(), 1);
    QCOMPARE(held.data(LogModel::EventRole).toLongLong(), event);
    proxy.setDirection(LogFilterProxy::InOnly);
    QCOMPARE(held.data(LogModel::EventRole).toLongLong(), event);

    // No filter: the log's own row.
    proxy.setPeer({});
    proxy.setDirection(LogFilterProxy::AllDirections);
    proxy.setText({});
    QCOMPARE(held.row(), 2);
    QCOMPARE(held.data(LogModel::EventRole).toLongLong(), event);
    QCOMPARE(proxy.sourceRows(selection.selectedRows()), QVector<int>({2}));

    // Rows arriving and leaving in front of it move it; its own leaving ends it.
    proxy.setText(QStringLiteral("a"));
    log.setCapacity(4); // log row 0 goes
    QVERIFY(held.isValid());
    QCOMPARE(held.data(LogModel::EventRole).toLongLong(), event);
    QCOMPARE(held.row(), 1); // "beta one", then it
    log.appendEvents({dataEvent(2, Direction::In, peerA, QByteArrayLiteral("alpha four"))}, 0);
    QCOMPARE(held.data(LogModel::EventRole).toLongLong(), event);

    // A filter the row no longer passes.
    proxy.setText(QStringLiteral("three"));
    QVERIFY(!held.isValid());
    QVERIFY(selection.selectedRows().isEmpty());
    QCOMPARE(proxy.rowCount(), 1);

    // And a row dropped from the log.
    const QPersistentModelIndex first(proxy.index(0, 0));
    QCOMPARE(first.data().toString(), log.index(3, 0).data().toString());
    log.setCapacity(1);
    QVERIFY(!first.isValid());
}

// A character split between two reads shows whole in the later row once that arrives; until then the
// earlier row shows its first byte as "\xe4". A filter on that text holds the earlier row, and lets it go
// when its rendering changes (the log signals dataChanged for it).
void tst_LogFilterProxyUpdates::splitCharacterLeavesTheFilter()
{
    LogModel log;
    LogFilterProxy proxy(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString peer = QStringLiteral("127.0.0.1:7000");
    proxy.setText(QStringLiteral("\\xE4"));
    log.appendEvents({dataEvent(1, Direction::In, peer, QByteArrayLiteral("ab\xe4")),
                         dataEvent(2, Direction::In, peer, QByteArrayLiteral("xyz"))},
        0);
    QCOMPARE(log.payloadText(0), QStringLiteral("ab\\xe4")); // nothing follows yet
    QCOMPARE(proxy.sourceRows(), QVector<int>({0}));
    const QPersistentModelIndex held(proxy.index(0, 0));

    QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    log.appendEvents({dataEvent(1, Direction::In, peer, QByteArrayLiteral("\xbd\xa0!"))}, 0);
    QCOMPARE(log.payloadText(0), QStringLiteral("ab"));
    QCOMPARE(log.payloadText(2), QStringLiteral("\u4f60!"));
    QCOMPARE(proxy.rowCount(), 0);
    VERIFY_AGREES(log, proxy);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 0);
    QCOMPARE(inserted.count(), 0);
    QVERIFY(!held.isValid());

    // The whole character is found in the later row.
    proxy.setText(QStringLiteral("\u4f60"));
    QCOMPARE(proxy.sourceRows(), QVector<int>({2}));
}

// A change of rendering brings rows into the filter and takes them out again: the hex of the later row
// of a split character matches "bd a0", its text does not.
void tst_LogFilterProxyUpdates::renderModeChangeEntersTheFilter()
{
    LogModel log;
    LogFilterProxy proxy(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString peer = QStringLiteral("127.0.0.1:7000");
    log.appendEvents({dataEvent(1, Direction::In, peer, QByteArrayLiteral("ab\xe4")),
                         dataEvent(2, Direction::In, peer, QByteArrayLiteral("xyz"))},
        0);
    log.appendEvents({dataEvent(1, Direction::In, peer, QByteArrayLiteral("\xbd\xa0!"))}, 0);
    proxy.setText(QStringLiteral("BD A0"));
    QCOMPARE(proxy.rowCount(), 0);

    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    log.setRenderMode(RenderMode::Hex);
    QCOMPARE(log.payloadText(2), QStringLiteral("bd a0 21"));
    QCOMPARE(proxy.sourceRows(), QVector<int>({2}));
    QCOMPARE(inserted.count(), 1);
    log.setRenderMode(RenderMode::Both);
    QCOMPARE(proxy.sourceRows(), QVector<int>({2}));
    log.setRenderMode(RenderMode::Text);
    QCOMPARE(proxy.rowCount(), 0);

    // In the text, the lone first byte shows (the hex of the earlier row has "e4" anyway).
    proxy.setText(QStringLiteral("e4"));
    QCOMPARE(proxy.rowCount(), 0);
    log.setRenderMode(RenderMode::Hex);
    QCOMPARE(proxy.sourceRows(), QVector<int>({0}));
    VERIFY_AGREES(log, proxy);
}

// Completing characters in many rows at once (more than the proxy retests one by one) leaves the same
// rows as a filter set afresh. Every third connection's next read does not complete the character: the
// byte moves to that later row all the same, and shows there as "\xe4".
void tst_LogFilterProxyUpdates::manyRowsChangeAtOnce()
{
    LogModel log;
    LogFilterProxy proxy(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString peer = QStringLiteral("127.0.0.1:7000");
    EventBatch first;
    EventBatch second;
    for (int conn = 1; conn <= 300; ++conn) {
        first.append(dataEvent(ConnId(conn), Direction::In, peer, "#" + QByteArray::number(conn) + "\xe4"));
        second.append(dataEvent(ConnId(conn), Direction::In, peer,
            conn % 3 ? QByteArrayLiteral("\xbd\xa0") : QByteArrayLiteral("\xff")));
    }
    proxy.setText(QStringLiteral("\\xe4"));
    log.appendEvents(first, 0);
    QCOMPARE(proxy.rowCount(), 300);
    const QPersistentModelIndex leaving(proxy.index(2, 0)); // connection 3's first read
    QSignalSpy changedInLog(&log, &QAbstractItemModel::dataChanged);
    log.appendEvents(second, 0);
    QCOMPARE(changedInLog.count(), 1);
    QCOMPARE(changedInLog.at(0).at(1).toModelIndex().row(), 299);
    QCOMPARE(log.payloadText(0), QStringLiteral("#1"));
    QCOMPARE(log.payloadText(2), QStringLiteral("#3"));
    QCOMPARE(log.payloadText(300), QStringLiteral("\u4f60"));
    QCOMPARE(log.payloadText(302), QStringLiteral("\\xe4\\xff"));
    VERIFY_AGREES(log, proxy);
    QCOMPARE(proxy.rowCount(), 100);
    QCOMPARE(proxy.sourceRows().first(), 302);
    QVERIFY(!leaving.isValid());
}

// A character's first byte followed on the same connection by ASCII that cannot complete it: the log
// shows the byte as "\xe4" at the start of the later row. The filter must find it there.
void tst_LogFilterProxyUpdates::splitCharacterFollowedByAscii()
{
    LogModel log;
    LogFilterProxy proxy(&log);
    const QString peer = QStringLiteral("127.0.0.1:7000");
    log.appendEvents({dataEvent(1, Direction::In, peer, QByteArrayLiteral("\xe4"))}, 0);
    log.appendEvents({dataEvent(1, Direction::In, peer, QByteArrayLiteral("abc"))}, 0);
    QCOMPARE(log.payloadText(0), QString());
    QCOMPARE(log.payloadText(1), QStringLiteral("\\xe4abc"));
    for (const QString &needle : {QStringLiteral("\\xe4"), QStringLiteral("xe4a"), QStringLiteral("abc")}) {
        proxy.setText(needle);
        // The message names LogModel::payloadMatches' answer for the later row: the proxy asks it.
        const QString problem = disagreement(log, proxy);
        QVERIFY2(problem.isEmpty(),
            qPrintable(problem
                + QStringLiteral(" [LogModel::payloadContains(1, \"%1\") = %2]")
                      .arg(needle)
                      .arg(log.payloadContains(1, needle))));
    }
}

QTEST_MAIN(tst_LogFilterProxyUpdates)
#include "tst_logfilterproxyupdates.moc"
