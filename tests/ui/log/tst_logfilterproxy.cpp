#include "logfilterproxy.h"
#include "logmodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QPersistentModelIndex>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace sockpit;
using sockpit::ui::LogFilterProxy;
using sockpit::ui::LogModel;

// The rows of the log the view shows: exactly those passing the direction, peer and text filters, kept
// so as rows arrive, leave and change their rendering, with the model signals a view relies on.
class tst_LogFilterProxy : public QObject
{
    Q_OBJECT

private slots:
    void passesModelTester();
    void agreesWithTheRule_data();
    void agreesWithTheRule();
    void agreesWithTheRuleOnALargeLog();
    void appendedAndDroppedRows();
    void persistentIndexesFollowTheirRows();
    void headerComesFromTheLog();
    void mapping();
    void splitCharacterLeavesTheFilter();
    void renderModeChangeEntersTheFilter();
    void manyRowsChangeAtOnce();
    void splitCharacterFollowedByAscii();
};

Q_DECLARE_METATYPE(sockpit::RenderMode)

namespace {

qint64 g_time = 1700000000000000;

Event dataEvent(ConnId conn, Direction dir, const QString &peer, const QByteArray &payload)
{
    Event event;
    event.timeUs = ++g_time;
    event.conn = conn;
    event.dir = dir;
    event.peer = peer;
    event.len = payload.size();
    event.payload = payload;
    return event;
}

Event infoEvent(Direction dir, const QString &peer, const QString &text)
{
    Event event;
    event.timeUs = ++g_time;
    event.conn = 1;
    event.dir = dir;
    event.kind = dir == Direction::Error ? EventKind::Error : EventKind::Accept;
    event.peer = peer;
    event.text = text;
    return event;
}

// Rows of every kind the filter meets: text and binary payloads, info and error messages, several peers.
// Binary rows come from connections of their own, so no character is split between two of their reads
// (splitCharacter* below test those). Row n of the log is event n whatever `first` is, so logs built
// in several batches hold the same rows.
EventBatch mixedEvents(int first, int count)
{
    static const QString peers[] = {QStringLiteral("127.0.0.1:5000"), QStringLiteral("[::1]:9000"),
        QStringLiteral("Example.COM:443"), QStringLiteral("10.0.0.78:53")};
    EventBatch events;
    events.reserve(count);
    for (int n = first; n < first + count; ++n) {
        QRandomGenerator random(quint32(n) * 7919u + 1u);
        const QString &peer = peers[(n / 3) % 4];
        const auto conn = ConnId(n % 5 + 1);
        switch (n % 11) {
        case 0:
            events.append(dataEvent(conn, Direction::In, peer, "hello world " + QByteArray::number(n)));
            break;
        case 1:
            events.append(
                dataEvent(conn, Direction::Out, peer, QByteArrayLiteral("GET /Index.HTML HTTP/1.1")));
            break;
        case 2: {
            QByteArray bytes(int(random.bounded(4, 40)), Qt::Uninitialized);
            for (char &b : bytes)
                b = char(random.bounded(256));
            bytes[0] = char(0x80 + n % 0x80); // at least one byte >= 0x80
            bytes[1] = char(n % 0x20); // and a control byte
            events.append(
                dataEvent(ConnId(1000000 + n), n % 2 ? Direction::Out : Direction::In, peer, bytes));
            break;
        }
        case 3:
            events.append(dataEvent(conn, Direction::Out, peer,
                QStringLiteral("Gr\u00fc\u00dfe aus K\u00f6ln \u00c4 \u4f60\u597d %1").arg(n).toUtf8()));
            break;
        case 4:
            events.append(
                infoEvent(Direction::Info, peer, QStringLiteral("Accepted \u00e4 HELLO %1").arg(n)));
            break;
        case 5:
            events.append(infoEvent(Direction::Error, peer, QStringLiteral("Reset: Fehler \\ 78")));
            break;
        case 6:
            events.append(dataEvent(conn, Direction::In, peer, QByteArrayLiteral("C:\\temp\\x41 \\n lol")));
            break;
        case 7:
            events.append(
                dataEvent(conn, Direction::Out, peer, QByteArrayLiteral("\x37\x38\x39 lol\x01\x7f")));
            break;
        case 8: {
            // A display copy: fewer bytes than the message.
            Event event = dataEvent(conn, Direction::In, peer, QByteArrayLiteral("HeLLo"));
            event.len = 500;
            events.append(event);
            break;
        }
        case 9:
            events.append(dataEvent(conn, Direction::In, peer, QByteArray())); // an empty datagram
            break;
        default:
            events.append(dataEvent(conn, Direction::In, peer, QByteArrayLiteral("\xe4\xbd\xa0 6c6c \\x")));
            break;
        }
    }
    return events;
}

// The rule the proxy implements, computed from what the log shows.
bool passes(const LogModel &log, int row, LogFilterProxy::DirectionFilter direction, const QString &peer,
    const QString &text)
{
    const auto dir = Direction(log.index(row, 0).data(LogModel::DirectionRole).toInt());
    switch (direction) {
    case LogFilterProxy::AllDirections:
        break;
    case LogFilterProxy::InOnly:
        if (dir != Direction::In)
            return false;
        break;
    case LogFilterProxy::OutOnly:
        if (dir != Direction::Out)
            return false;
        break;
    case LogFilterProxy::EventsOnly:
        if (dir != Direction::Info && dir != Direction::Error)
            return false;
        break;
    }
    const QString rowPeer = log.index(row, LogModel::PeerColumn).data().toString();
    if (!peer.isEmpty() && !rowPeer.contains(peer, Qt::CaseInsensitive))
        return false;
    return text.isEmpty() || rowPeer.contains(text, Qt::CaseInsensitive)
        || log.payloadText(row).contains(text, Qt::CaseInsensitive);
}

QVector<int> expectedRows(const LogModel &log, const LogFilterProxy &proxy)
{
    QVector<int> rows;
    for (int row = 0; row < log.rowCount(); ++row) {
        if (passes(log, row, proxy.direction(), proxy.peer(), proxy.text()))
            rows.append(row);
    }
    return rows;
}

QString describe(const QVector<int> &rows)
{
    QStringList parts;
    for (qsizetype i = 0; i < rows.size() && i < 20; ++i)
        parts << QString::number(rows.at(i));
    if (rows.size() > 20)
        parts << QStringLiteral("... (%1 rows)").arg(rows.size());
    return parts.join(u',');
}

// Where the proxy's rows differ from the rule's; empty when they agree. `deep` also compares each
// proxy row's cells with its source row's.
QString disagreement(const LogModel &log, const LogFilterProxy &proxy, bool deep = true)
{
    const QVector<int> expected = expectedRows(log, proxy);
    const QVector<int> actual = proxy.sourceRows();
    const QString filter = QStringLiteral("filter (dir %1, peer \"%2\", text \"%3\", mode %4)")
                               .arg(int(proxy.direction()))
                               .arg(proxy.peer(), proxy.text())
                               .arg(int(log.renderMode()));
    if (actual != expected) {
        for (qsizetype i = 0; i < std::max(actual.size(), expected.size()); ++i) {
            const int a = i < actual.size() ? actual.at(i) : -1;
            const int e = i < expected.size() ? expected.at(i) : -1;
            if (a != e) {
                const int row = a >= 0 && (e < 0 || a < e) ? a : e;
                return QStringLiteral(
                    "%1: rows differ at %2: proxy has source row %3, rule %4 (row %5 \"%6\", peer "
                    "\"%7\")\nproxy: %8\nrule:  %9")
                    .arg(filter)
                    .arg(i)
                    .arg(a)
                    .arg(e)
                    .arg(row)
                    .arg(log.payloadText(row), log.index(row, LogModel::PeerColumn).data().toString(),
                        describe(actual), describe(expected));
            }
        }
    }
    if (proxy.rowCount() != expected.size())
        return QStringLiteral("%1: rowCount %2, expected %3")
            .arg(filter)
            .arg(proxy.rowCount())
            .arg(expected.size());
    if (!deep)
        return {};
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const QModelIndex index = proxy.index(row, LogModel::PayloadColumn);
        const QModelIndex source = log.index(expected.at(row), LogModel::PayloadColumn);
        if (proxy.mapToSource(index) != source
            || index.data(LogModel::EventRole) != source.data(LogModel::EventRole)
            || index.data() != source.data())
            return QStringLiteral("%1: proxy row %2 does not show source row %3")
                .arg(filter)
                .arg(row)
                .arg(expected.at(row));
    }
    return {};
}

#define VERIFY_EMPTY(problem)                                                                                \
    do {                                                                                                     \
        const QString problem_ = (problem);                                                                  \
        QVERIFY2(problem_.isEmpty(), qPrintable(problem_));                                                  \
    } while (false)
// The proxy's rows and cells agree with the rule; the _ROWS form compares the rows only (large logs).
#define VERIFY_AGREES(log, proxy) VERIFY_EMPTY(disagreement(log, proxy, true))
#define VERIFY_AGREES_ROWS(log, proxy) VERIFY_EMPTY(disagreement(log, proxy, false))

} // namespace

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
    const LogFilterProxy::DirectionFilter directions[] = {LogFilterProxy::AllDirections,
        LogFilterProxy::InOnly, LogFilterProxy::OutOnly, LogFilterProxy::EventsOnly};
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

// With a filter in place, a new batch adds its passing rows at the end (one insertion), and rows dropped
// for the capacity take their passing rows from the front (one removal); batches and drops that touch no
// passing row signal nothing.
void tst_LogFilterProxy::appendedAndDroppedRows()
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
void tst_LogFilterProxy::persistentIndexesFollowTheirRows()
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

// A character split between two reads shows whole in the later row once that arrives; until then the
// earlier row shows its first byte as "\xe4". A filter on that text holds the earlier row, and lets it go
// when its rendering changes (the log signals dataChanged for it).
void tst_LogFilterProxy::splitCharacterLeavesTheFilter()
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
void tst_LogFilterProxy::renderModeChangeEntersTheFilter()
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
void tst_LogFilterProxy::manyRowsChangeAtOnce()
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
void tst_LogFilterProxy::splitCharacterFollowedByAscii()
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

QTEST_MAIN(tst_LogFilterProxy)
#include "tst_logfilterproxy.moc"
