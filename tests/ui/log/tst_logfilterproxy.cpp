#include "logfilterproxy.h"
#include "logfiltertestutil.h"
#include "logmodel.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace sockpit;
using sockpit::ui::LogFilterProxy;
using sockpit::ui::LogModel;
using namespace sockpit::test;

// The rows of the log the view shows: exactly those passing the direction, peer and text filters, under
// the model contract a view relies on. How they are kept so as rows arrive, leave and change their
// rendering is tst_logfilterproxyupdates.
class tst_LogFilterProxy : public QObject
{
    Q_OBJECT

private slots:
    void passesModelTester();
    void agreesWithTheRule_data();
    void agreesWithTheRule();
    void agreesWithTheRuleOnALargeLog();
    void headerComesFromTheLog();
    void mapping();
};

Q_DECLARE_METATYPE(sockpit::RenderMode)

// The model contract (QAbstractItemModelTester) holds while rows arrive, the oldest go, filters are set
// and cleared, the rendering changes and the log is cleared; the rows agree with the rule after each step.
void tst_LogFilterProxy::passesModelTester()
{
    LogModel log;
    log.setCapacity(60);
    LogFilterProxy proxy(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    log.appendEvents(mixedEvents(0, 25), 0);
    VERIFY_AGREES(log, proxy);
    proxy.setText(QStringLiteral("hello"));
    VERIFY_AGREES(log, proxy);
    QVERIFY(proxy.rowCount() > 0 && proxy.rowCount() < log.rowCount());
    log.appendEvents(mixedEvents(25, 30), 0);
    VERIFY_AGREES(log, proxy);
    log.appendEvents(mixedEvents(55, 20), 0); // 15 rows over the capacity: the oldest go
    QCOMPARE(log.rowCount(), 60);
    QCOMPARE(log.droppedRows(), 15);
    VERIFY_AGREES(log, proxy);
    proxy.setDirection(LogFilterProxy::InOnly);
    VERIFY_AGREES(log, proxy);
    proxy.setPeer(QStringLiteral("127.0"));
    VERIFY_AGREES(log, proxy);
    log.setCapacity(20);
    VERIFY_AGREES(log, proxy);
    // A batch larger than the whole log: every row goes, then the newest 20 arrive. Qt 6.4's
    // QAbstractProxyModel announces a header change as soon as the log is empty; the proxy must have
    // taken out its rows by then, or the tester reads rows that map to no log row (and LogModel warns
    // about the invalid index it is asked for).
    QTest::failOnWarning(QRegularExpression(QStringLiteral("not valid")));
    log.appendEvents(mixedEvents(75, 100), 0);
    VERIFY_AGREES(log, proxy);
    proxy.setText({});
    VERIFY_AGREES(log, proxy);
    proxy.setPeer({});
    proxy.setDirection(LogFilterProxy::AllDirections);
    QVERIFY(!proxy.isFiltering());
    VERIFY_AGREES(log, proxy);
    // Without a filter the proxy passes the log's own insertions and removals on.
    log.setCapacity(60);
    log.appendEvents(mixedEvents(175, 50), 0);
    VERIFY_AGREES(log, proxy);
    log.setCapacity(30);
    VERIFY_AGREES(log, proxy);

    proxy.setText(QStringLiteral("6c"));
    VERIFY_AGREES(log, proxy);
    log.setRenderMode(RenderMode::Hex); // every row's rendering changes
    VERIFY_AGREES(log, proxy);
    log.setRenderMode(RenderMode::Both);
    VERIFY_AGREES(log, proxy);
    proxy.setDirection(LogFilterProxy::BadChecksums);
    VERIFY_AGREES(log, proxy);
    QVERIFY(proxy.rowCount() > 0 && proxy.rowCount() < log.rowCount());
    proxy.setDirection(LogFilterProxy::EventsOnly);
    VERIFY_AGREES(log, proxy);
    proxy.setText(QStringLiteral("hello")); // info rows say "HELLO"
    VERIFY_AGREES(log, proxy);

    log.clear();
    QCOMPARE(proxy.rowCount(), 0);
    log.appendEvents(mixedEvents(0, 40), 0);
    VERIFY_AGREES(log, proxy);
    QVERIFY(proxy.rowCount() > 0);
    proxy.setDirection(LogFilterProxy::AllDirections);
    proxy.setText({});
    log.clear();
    QCOMPARE(proxy.rowCount(), 0);
    log.appendEvents(mixedEvents(0, 10), 0);
    QCOMPARE(proxy.rowCount(), 10);
}

void tst_LogFilterProxy::agreesWithTheRule_data()
{
    QTest::addColumn<RenderMode>("mode");
    QTest::newRow("text") << RenderMode::Text;
    QTest::newRow("hex") << RenderMode::Hex;
    QTest::newRow("both") << RenderMode::Both;
}

// Every combination of direction, peer and text filter selects exactly the rows the rule selects, in each
// rendering: hex needles (whole pairs, upper case, parts of pairs, without spaces), letters in either case,
// non-ASCII text, backslashes and a piece of a peer.
void tst_LogFilterProxy::agreesWithTheRule()
{
    QFETCH(RenderMode, mode);
    LogModel log;
    LogFilterProxy proxy(&log);
    log.appendEvents(mixedEvents(0, 231), 0);
    log.setRenderMode(mode);

    const QStringList needles {QStringLiteral("37 38"), QStringLiteral("6c 6C 6f"), QStringLiteral("c 6c"),
        QStringLiteral("6c6c"), QStringLiteral("e4 bd"), QStringLiteral("HELLO"), QStringLiteral("hello wor"),
        QStringLiteral("lol"), QStringLiteral("78"), QStringLiteral("\u00e4"), QStringLiteral("\u00c4"),
        QStringLiteral("\u4f60\u597d"), QStringLiteral("\u00df"), QStringLiteral("\\"), QStringLiteral("\\x"),
        QStringLiteral("\\x41"), QStringLiteral("\\x7f"), QStringLiteral("example.c"), QStringLiteral("::1"),
        QStringLiteral("\u2026"), QStringLiteral("0"), QStringLiteral("no such text")};
    const QStringList peers {QString(), QStringLiteral("127.0"), QStringLiteral("EXAMPLE")};
    const LogFilterProxy::DirectionFilter directions[]
        = {LogFilterProxy::AllDirections, LogFilterProxy::InOnly, LogFilterProxy::OutOnly,
            LogFilterProxy::EventsOnly, LogFilterProxy::BadChecksums};
    int selective = 0; // combinations that pass some rows but not all
    for (const QString &peer : peers) {
        proxy.setPeer(peer);
        for (const LogFilterProxy::DirectionFilter direction : directions) {
            proxy.setDirection(direction);
            for (const QString &needle : needles) {
                proxy.setText(needle);
                VERIFY_AGREES(log, proxy);
                selective += proxy.rowCount() > 0 && proxy.rowCount() < log.rowCount();
            }
        }
    }
    QVERIFY(selective > 60);

    // A change of rendering with a filter in place: the same rows as a filter set afresh.
    proxy.setPeer({});
    proxy.setDirection(LogFilterProxy::AllDirections);
    for (const QString &needle : needles) {
        proxy.setText(needle);
        for (const RenderMode other : {RenderMode::Text, RenderMode::Hex, RenderMode::Both, mode}) {
            log.setRenderMode(other);
            VERIFY_AGREES(log, proxy);
        }
    }
}

// Above 20,000 rows the proxy tests rows on several threads: a new filter, a large appended batch (which
// starts after row 0) and a change of rendering over all rows select what the rule selects.
void tst_LogFilterProxy::agreesWithTheRuleOnALargeLog()
{
    LogModel log;
    LogFilterProxy proxy(&log);
    log.appendEvents(mixedEvents(0, 20500), 0);
    for (const QString &needle : {QStringLiteral("hello"), QStringLiteral("\u00c4"), QStringLiteral("\\x")}) {
        proxy.setText(needle);
        VERIFY_AGREES_ROWS(log, proxy);
    }
    proxy.setPeer(QStringLiteral("example"));
    proxy.setText(QStringLiteral("l"));
    VERIFY_AGREES_ROWS(log, proxy);
    const int before = proxy.rowCount();
    QVERIFY(before > 0);

    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    log.appendEvents(mixedEvents(20500, 20011), 0);
    VERIFY_AGREES_ROWS(log, proxy);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), before);
    QCOMPARE(inserted.at(0).at(2).toInt(), proxy.rowCount() - 1);

    proxy.setPeer({});
    proxy.setText(QStringLiteral("37 38"));
    log.setRenderMode(RenderMode::Hex);
    VERIFY_AGREES_ROWS(log, proxy);
    proxy.setDirection(LogFilterProxy::OutOnly);
    proxy.setText(QStringLiteral("6C 6F"));
    VERIFY_AGREES_ROWS(log, proxy);
    QVERIFY(proxy.rowCount() > 0);
}

// The column titles are the log's, also when no row passes (QAbstractProxyModel would ask row 0).
void tst_LogFilterProxy::headerComesFromTheLog()
{
    LogModel log;
    LogFilterProxy proxy(&log);
    QCOMPARE(proxy.columnCount(), int(LogModel::ColumnCount));
    for (int column = 0; column < LogModel::ColumnCount; ++column)
        QCOMPARE(proxy.headerData(column, Qt::Horizontal), log.headerData(column, Qt::Horizontal));

    log.appendEvents(mixedEvents(0, 20), 0);
    proxy.setText(QStringLiteral("no row has this"));
    QCOMPARE(proxy.rowCount(), 0);
    QVERIFY(!log.headerData(LogModel::PayloadColumn, Qt::Horizontal).toString().isEmpty());
    QCOMPARE(proxy.headerData(LogModel::PayloadColumn, Qt::Horizontal),
        log.headerData(LogModel::PayloadColumn, Qt::Horizontal));
    for (int column = 0; column < LogModel::ColumnCount; ++column) {
        QCOMPARE(proxy.headerData(column, Qt::Horizontal), log.headerData(column, Qt::Horizontal));
        QCOMPARE(proxy.headerData(column, Qt::Horizontal, Qt::ToolTipRole),
            log.headerData(column, Qt::Horizontal, Qt::ToolTipRole));
    }

    QSignalSpy changed(&proxy, &QAbstractItemModel::headerDataChanged);
    log.retranslate();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<Qt::Orientation>(), Qt::Horizontal);
}

// mapFromSource finds a passing row's proxy index (and mapToSource leads back to it, every column); a
// filtered-out row has none.
void tst_LogFilterProxy::mapping()
{
    LogModel log;
    LogFilterProxy proxy(&log);
    log.appendEvents(mixedEvents(0, 60), 0);
    for (const bool filtering : {true, false}) {
        proxy.setText(filtering ? QStringLiteral("l") : QString());
        proxy.setDirection(filtering ? LogFilterProxy::InOnly : LogFilterProxy::AllDirections);
        const QVector<int> rows = expectedRows(log, proxy);
        QVERIFY(filtering ? rows.size() > 3 && rows.size() < log.rowCount() : rows.size() == log.rowCount());
        for (int row = 0; row < log.rowCount(); ++row) {
            for (int column = 0; column < LogModel::ColumnCount; ++column) {
                const QModelIndex source = log.index(row, column);
                const QModelIndex mapped = proxy.mapFromSource(source);
                QCOMPARE(mapped.isValid(), rows.contains(row));
                if (!mapped.isValid())
                    continue;
                QCOMPARE(mapped.model(), static_cast<const QAbstractItemModel *>(&proxy));
                QCOMPARE(mapped.row(), int(rows.indexOf(row)));
                QCOMPARE(mapped.column(), column);
                QCOMPARE(proxy.mapToSource(mapped), source);
            }
        }
        for (int row = 0; row < proxy.rowCount(); ++row) {
            for (int column = 0; column < LogModel::ColumnCount; ++column) {
                const QModelIndex index = proxy.index(row, column);
                QCOMPARE(proxy.mapFromSource(proxy.mapToSource(index)), index);
            }
        }
        QVERIFY(!proxy.mapFromSource({}).isValid());
        QVERIFY(!proxy.mapToSource({}).isValid());
    }
}

QTEST_MAIN(tst_LogFilterProxy)
#include "tst_logfilterproxy.moc"
