#include "logmodel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QDateTime>
#include <QGuiApplication>
#include <QPalette>
#include <QSignalSpy>
#include <QTest>

using namespace sockpit;
using sockpit::ui::LogModel;

Q_DECLARE_METATYPE(sockpit::RenderMode)

// The log's rows: capped, batched, rendered on demand, and never interpreting a peer's bytes. A
// character split between reads is tst_logmodelsplitcharacters.
class tst_LogModel : public QObject
{
    Q_OBJECT

private slots:
    void passesModelTester();
    void oneInsertPerBatch_data();
    void oneInsertPerBatch();
    void capHolds();
    void batchLargerThanCapacity();
    void shrinkingCapacityDropsOldest();
    void notDisplayedIsSummed();
    void hostilePayloadIsLiteral_data();
    void hostilePayloadIsLiteral();
    void renderModes_data();
    void renderModes();
    void renderModeChangeIsAnnounced();
    void columns();
    void checkColumn();
    void infoRowsShowTheirText();
    void truncatedCopyIsMarked();
    void payloadKeptCompact();
    void displayTextIsCutToWhatFits();
    void payloadContainsMatchesTheRendering();
    void timeColumn();
    void deltaColumn();
    void deltaSurvivesDroppedRows();
    void coloursComeFromThePalette();
    void toolTipHoldsNoPeerText();
    void clearResetsCounters();
    void wholePayloadsOfTheNewestRows();
    void floodOfLongMessagesKeepsWithinTheBudget();
};

// A data event whose conn is its index in the stream, so a row names the event it holds.
static Event dataEvent(
    qint64 index, const QByteArray &payload = QByteArray("hello"), Direction dir = Direction::In)
{
    Event event;
    event.timeUs = 1700000000000000 + index;
    event.conn = ConnId(index);
    event.dir = dir;
    event.peer = QStringLiteral("127.0.0.1:5000");
    event.len = payload.size();
    event.payload = payload;
    return event;
}

static EventBatch batch(qint64 first, int count)
{
    EventBatch events;
    events.reserve(count);
    for (int i = 0; i < count; ++i)
        events.append(dataEvent(first + i));
    return events;
}

void tst_LogModel::passesModelTester()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(100);
    for (int i = 0; i < 10; ++i)
        model.appendEvents(batch(i * 30, 30), 0);
    QCOMPARE(model.rowCount(), 100);
    model.appendEvents(batch(300, 250), 3); // larger than the capacity
    QCOMPARE(model.rowCount(), 100);
    model.setRenderMode(RenderMode::Hex);
    model.setEncoding(QStringLiteral("GB18030"));
    model.setTimePrecision(true);
    model.retranslate();
    model.setCapacity(10);
    QCOMPARE(model.rowCount(), 10);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    model.appendEvents(batch(0, 5), 0);
    model.appendEvents({}, 7);
    QCOMPARE(model.rowCount(), 5);
}

void tst_LogModel::oneInsertPerBatch_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<int>("batches");
    QTest::addColumn<int>("expectedRemovals");
    QTest::newRow("under the cap") << 1000 << 100 << 5 << 0;
    QTest::newRow("single rows") << 1000 << 1 << 20 << 0;
    QTest::newRow("past the cap") << 1000 << 300 << 6 << 3; // 1200, 1500, 1800 rows: three removals
    QTest::newRow("flood batch") << 100000 << 20000 << 7 << 2;
}

void tst_LogModel::oneInsertPerBatch()
{
    QFETCH(int, capacity);
    QFETCH(int, batchSize);
    QFETCH(int, batches);
    QFETCH(int, expectedRemovals);
    LogModel model;
    model.setCapacity(capacity);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    for (int i = 0; i < batches; ++i)
        model.appendEvents(batch(qint64(i) * batchSize, batchSize), 0);
    QCOMPARE(inserted.count(), batches);
    QCOMPARE(removed.count(), expectedRemovals);
    QCOMPARE(model.rowCount(), std::min(capacity, batches * batchSize));
    QCOMPARE(inserted.last().at(2).toInt() - inserted.last().at(1).toInt() + 1, batchSize);
}

void tst_LogModel::capHolds()
{
    LogModel model;
    QCOMPARE(model.capacity(), 100000);
    for (int first = 0; first < 250000; first += 20000)
        model.appendEvents(batch(first, std::min(20000, 250000 - first)), 0);
    QCOMPARE(model.rowCount(), 100000);
    QCOMPARE(model.droppedRows(), qint64(150000));
    QCOMPARE(model.eventAt(0).conn, ConnId(150000));
    QCOMPARE(model.index(0, 0).data(LogModel::EventRole).toLongLong(), qint64(150000));
    QCOMPARE(model.eventAt(99999).conn, ConnId(249999));
    QCOMPARE(model.rowForSequence(149999), -1);
    QCOMPARE(model.rowForSequence(150001), 1);
}

void tst_LogModel::batchLargerThanCapacity()
{
    LogModel model;
    model.setCapacity(10);
    model.appendEvents(batch(0, 4), 0);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.appendEvents(batch(4, 25), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.droppedRows(), qint64(19));
    QCOMPARE(model.eventAt(0).conn, ConnId(19));
    QCOMPARE(model.index(0, 0).data(LogModel::EventRole).toLongLong(), qint64(19));
}

void tst_LogModel::shrinkingCapacityDropsOldest()
{
    LogModel model;
    model.appendEvents(batch(0, 50), 0);
    QSignalSpy counters(&model, &LogModel::countersChanged);
    model.setCapacity(20);
    QCOMPARE(model.rowCount(), 20);
    QCOMPARE(model.eventAt(0).conn, ConnId(30));
    QCOMPARE(model.droppedRows(), qint64(30));
    QCOMPARE(counters.count(), 1);
    model.setCapacity(0); // at least one row stays
    QCOMPARE(model.capacity(), 1);
    QCOMPARE(model.eventAt(0).conn, ConnId(49));
}

void tst_LogModel::notDisplayedIsSummed()
{
    LogModel model;
    QSignalSpy counters(&model, &LogModel::countersChanged);
    model.appendEvents(batch(0, 3), 5);
    model.appendEvents({}, 7);
    QCOMPARE(model.notDisplayedEvents(), qint64(12));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(counters.count(), 2);
}

void tst_LogModel::hostilePayloadIsLiteral_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bold markup") << QByteArray("<b>x</b>") << QStringLiteral("<b>x</b>");
    QTest::newRow("image tag") << QByteArray("<img src=x>") << QStringLiteral("<img src=x>");
    QTest::newRow("terminal escape") << QByteArray("\x1b[31m") << QStringLiteral("\\x1b[31m");
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << QStringLiteral("a\\0b");
    QTest::newRow("invalid UTF-8") << QByteArray("\xff\xfe"
                                                 "ok")
                                   << QStringLiteral("\\xff\\xfeok");
    QTest::newRow("right-to-left override") << QByteArray("a\xe2\x80\xae"
                                                          "b")
                                            << QStringLiteral("a\\u{202E}b");
    QTest::newRow("line breaks") << QByteArray("a\r\nb") << QStringLiteral("a\\r\\nb");
}

void tst_LogModel::hostilePayloadIsLiteral()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, expected);
    LogModel model;
    model.appendEvents({dataEvent(0, payload)}, 0);
    const QVariant shown = model.index(0, LogModel::PayloadColumn).data(Qt::DisplayRole);
    QCOMPARE(shown.metaType(), QMetaType::fromType<QString>()); // plain text, never a document
    const QString text = shown.toString();
    QCOMPARE(text, expected);
    for (const QChar c : text)
        QVERIFY2(c.unicode() >= 0x20 && c != QChar(0x202e), qPrintable(text));
}

void tst_LogModel::renderModes_data()
{
    QTest::addColumn<RenderMode>("mode");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text") << RenderMode::Text << QStringLiteral("UTF-8") << QByteArray("hello")
                          << QStringLiteral("hello");
    QTest::newRow("hex") << RenderMode::Hex << QStringLiteral("UTF-8") << QByteArray("hello")
                         << QStringLiteral("68 65 6c 6c 6f");
    QTest::newRow("both") << RenderMode::Both << QStringLiteral("UTF-8") << QByteArray("hi\n")
                          << QStringLiteral("68 69 0a  hi\\n");
    QTest::newRow("gb18030") << RenderMode::Text << QStringLiteral("GB18030")
                             << QByteArray("\xc4\xe3\xba\xc3")
                             << QString::fromUtf8("\xe4\xbd\xa0\xe5\xa5\xbd"); // 你好
}

void tst_LogModel::renderModes()
{
    QFETCH(RenderMode, mode);
    QFETCH(QString, encoding);
    QFETCH(QByteArray, payload);
    QFETCH(QString, expected);
    LogModel model;
    model.appendEvents({dataEvent(0, payload)}, 0);
    model.payloadText(0); // fills the cache, which a mode change must not serve again
    model.setRenderMode(mode);
    model.setEncoding(encoding);
    QCOMPARE(model.index(0, LogModel::PayloadColumn).data().toString(), expected);
}

void tst_LogModel::renderModeChangeIsAnnounced()
{
    LogModel model;
    model.appendEvents(batch(0, 10), 0);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setRenderMode(RenderMode::Hex);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(0, LogModel::PayloadColumn));
    QCOMPARE(changed.at(0).at(1).toModelIndex(), model.index(9, LogModel::PayloadColumn));
    model.setRenderMode(RenderMode::Hex); // no change, no signal
    QCOMPARE(changed.count(), 1);
}

void tst_LogModel::columns()
{
    LogModel model;
    model.appendEvents({dataEvent(0, QByteArray("abc"), Direction::Out)}, 0);
    QCOMPARE(model.columnCount(), int(LogModel::ColumnCount));
    QCOMPARE(model.index(0, LogModel::PeerColumn).data().toString(), QStringLiteral("127.0.0.1:5000"));
    QCOMPARE(model.index(0, LogModel::LengthColumn).data().toLongLong(), qint64(3));
    QVERIFY(model.index(0, LogModel::DirectionColumn).data().toString().startsWith(QChar(0x2192)));
    QCOMPARE(model.index(0, 0).data(LogModel::DirectionRole).toInt(), int(Direction::Out));
    QCOMPARE(model.index(0, 0).data(LogModel::ConnRole).toULongLong(), quint64(0));
    QCOMPARE(model.index(0, 0).data(LogModel::TimeUsRole).toLongLong(), qint64(1700000000000000));
    QCOMPARE(model.headerData(LogModel::PayloadColumn, Qt::Horizontal).toString(), QStringLiteral("Payload"));
}

// A session that checks checksums: each received message says ok or bad, and a bad one stands out in
// every column; rows that were not checked say nothing and look as before.
void tst_LogModel::checkColumn()
{
    Event ok = dataEvent(0, QByteArray("fine"));
    ok.check = CheckResult::Ok;
    Event bad = dataEvent(1, QByteArray("wrong"));
    bad.check = CheckResult::Bad;
    const Event unchecked = dataEvent(2, QByteArray("sent"), Direction::Out);
    LogModel model;
    model.appendEvents({ok, bad, unchecked}, 0);
    QCOMPARE(model.headerData(LogModel::CheckColumn, Qt::Horizontal).toString(), QStringLiteral("Check"));
    QCOMPARE(model.index(0, LogModel::CheckColumn).data().toString(), QStringLiteral("ok"));
    QCOMPARE(model.index(1, LogModel::CheckColumn).data().toString(), QStringLiteral("bad"));
    QCOMPARE(model.index(2, LogModel::CheckColumn).data().toString(), QString());
    QCOMPARE(model.rows().check(1), CheckResult::Bad);
    QCOMPARE(model.eventAt(1).check, CheckResult::Bad); // kept with the row
    for (int column = 0; column < LogModel::ColumnCount; ++column) {
        QVERIFY(!model.index(0, column).data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(2, column).data(Qt::BackgroundRole).isValid());
        const QBrush brush = model.index(1, column).data(Qt::BackgroundRole).value<QBrush>();
        QVERIFY(brush.style() != Qt::NoBrush);
        // A tint of the base colour, not the base itself: visible, and still readable.
        QVERIFY(brush.color() != QGuiApplication::palette().color(QPalette::Base));
    }
    QVERIFY(model.index(1, LogModel::CheckColumn).data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(!model.index(1, LogModel::CheckColumn).data(Qt::ToolTipRole).toString().isEmpty());
}

void tst_LogModel::infoRowsShowTheirText()
{
    Event info;
    info.dir = Direction::Info;
    info.kind = EventKind::Accept;
    info.text = QStringLiteral("accepted <b>");
    Event error = info;
    error.dir = Direction::Error;
    error.kind = EventKind::Reset;
    LogModel model;
    model.appendEvents({info, error}, 0);
    QCOMPARE(model.index(0, LogModel::PayloadColumn).data().toString(), QStringLiteral("accepted <b>"));
    QVERIFY(!model.index(0, LogModel::LengthColumn).data().isValid());
    QVERIFY(model.index(0, LogModel::DirectionColumn).data().toString().startsWith(QChar(0x2022)));
    QVERIFY(model.index(1, LogModel::DirectionColumn).data().toString().startsWith(u'!'));
    QVERIFY(model.index(1, LogModel::PeerColumn).data(Qt::FontRole).value<QFont>().bold());
}

void tst_LogModel::truncatedCopyIsMarked()
{
    Event event = dataEvent(0, QByteArray("abc"));
    event.len = 100000;
    LogModel model;
    model.appendEvents({event}, 0);
    QCOMPARE(model.index(0, LogModel::PayloadColumn).data().toString(),
        QString(QStringLiteral("abc") + QChar(0x2026)));
    QCOMPARE(model.index(0, LogModel::LengthColumn).data().toLongLong(), qint64(100000));
}

void tst_LogModel::displayTextIsCutToWhatFits()
{
    LogModel model;
    model.setRenderMode(RenderMode::Hex);
    model.appendEvents({dataEvent(0, QByteArray(LogModel::RenderBytes, 'A'))}, 0);
    QCOMPARE(model.displayChars(), LogModel::DefaultDisplayChars);
    const QString whole = model.payloadText(0);
    QCOMPARE(whole.size(), qsizetype(3 * LogModel::RenderBytes - 1));
    model.setDisplayChars(100);
    const QString shown = model.index(0, LogModel::PayloadColumn).data().toString();
    QCOMPARE(shown, QString(whole.left(100) + QChar(0x2026)));
    QCOMPARE(model.payloadText(0), whole); // filter, copy and save see the payload whole

    // A cut never splits a character outside the BMP.
    model.clear();
    model.setRenderMode(RenderMode::Text);
    model.appendEvents({dataEvent(0, QByteArray("ab\xf0\x9f\x98\x80xyz"))}, 0);
    model.setDisplayChars(3);
    QCOMPARE(model.index(0, LogModel::PayloadColumn).data().toString(),
        QString(QStringLiteral("ab") + QChar(0x2026)));
    model.setDisplayChars(1000);
    QCOMPARE(model.index(0, LogModel::PayloadColumn).data().toString(), model.payloadText(0));
}

// The filter's search agrees with the rendered text in every mode and encoding, whether or not it takes
// the shortcut of searching plain ASCII payloads as bytes.
void tst_LogModel::payloadContainsMatchesTheRendering()
{
    const QList<QByteArray> payloads {QByteArray("Hello World"), QByteArray("a\\b"), QByteArray("tab\there"),
        QByteArray("caf\xc3\xa9 bar"), QByteArray("\xff\xfe"), QByteArray("x\x1b[31m"),
        QByteArray("KELVIN k"), QByteArray("llo\x37\x38")};
    // The hex view searches whole pairs ("6c 6c") as bytes and anything else in its hex text: both must
    // agree with the rendering, pairs in either case, across a pair boundary, or without their spaces.
    const QStringList needles {QStringLiteral("hello"), QStringLiteral("WORLD"), QStringLiteral("lo w"),
        QStringLiteral("a\\\\b"), QStringLiteral("a\\b"), QStringLiteral("\\t"), QStringLiteral("caf\u00e9"),
        QStringLiteral("CAF\u00c9"), QStringLiteral("xff"), QStringLiteral("\u212a"), QStringLiteral("1b["),
        QStringLiteral("6c 6c"), QStringLiteral("6C 6C 6F"), QStringLiteral("c 6c"), QStringLiteral("6c6c"),
        QStringLiteral("37 38"), QStringLiteral("37"), QStringLiteral("ff fe"), QStringLiteral("6c 6c "),
        QStringLiteral("6c:6c"), QStringLiteral("7"), QStringLiteral("\u2026")};
    for (const QString &encoding : {QStringLiteral("UTF-8"), QStringLiteral("ISO-8859-1"),
             QStringLiteral("GB18030"), QStringLiteral("UTF-16LE")}) {
        for (const RenderMode mode : {RenderMode::Text, RenderMode::Hex, RenderMode::Both}) {
            LogModel model;
            model.setEncoding(encoding);
            model.setRenderMode(mode);
            EventBatch batch;
            for (int i = 0; i < payloads.size(); ++i)
                batch.append(dataEvent(i, payloads.at(i)));
            model.appendEvents(batch, 0);
            for (int row = 0; row < payloads.size(); ++row) {
                const QString rendered
                    = renderPayload(payloads.at(row), mode, encoding, LogModel::RenderBytes);
                for (const QString &needle : needles) {
                    QVERIFY2(
                        model.payloadContains(row, needle) == rendered.contains(needle, Qt::CaseInsensitive),
                        qPrintable(encoding + QLatin1Char(' ') + rendered + QStringLiteral(" / ") + needle));
                }
            }
        }
    }
}

void tst_LogModel::payloadKeptCompact()
{
    QByteArray readBuffer(65536, 'x');
    readBuffer.truncate(4096); // as the session cuts its previews: the allocation stays
    QByteArray small(65536, 'y');
    small.truncate(10);
    LogModel model;
    model.appendEvents({dataEvent(0, readBuffer), dataEvent(1, small)}, 0);
    QCOMPARE(model.eventAt(0).payload.size(), qsizetype(LogModel::RenderBytes));
    QVERIFY(model.eventAt(0).payload.capacity() < 2 * LogModel::RenderBytes);
    QCOMPARE(model.eventAt(0).len, qint64(4096));
    QCOMPARE(model.eventAt(1).payload, QByteArray(10, 'y'));
    QVERIFY(model.eventAt(1).payload.capacity() < 1024);
}

void tst_LogModel::timeColumn()
{
    const QDateTime local(QDate(2024, 1, 2), QTime(3, 4, 5, 678));
    Event event = dataEvent(0);
    event.timeUs = local.toMSecsSinceEpoch() * 1000 + 901;
    LogModel model;
    model.appendEvents({event}, 0);
    QCOMPARE(model.index(0, LogModel::TimeColumn).data().toString(), QStringLiteral("03:04:05.678"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setTimePrecision(true);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0, LogModel::TimeColumn).data().toString(), QStringLiteral("03:04:05.678901"));
}

// The time since the previous message on the same connection, in either direction: empty for a
// connection's first message, for info rows, and after the connection closed; across batches.
void tst_LogModel::deltaColumn()
{
    const qint64 t0 = 1700000000000000;
    const auto message = [](ConnId conn, qint64 timeUs, Direction dir = Direction::In) {
        Event event = dataEvent(0, QByteArray("x"), dir);
        event.conn = conn;
        event.timeUs = timeUs;
        return event;
    };
    Event close;
    close.conn = 1;
    close.timeUs = t0 + 3000000;
    close.dir = Direction::Info;
    close.kind = EventKind::Close;
    LogModel model;
    model.appendEvents({message(1, t0), message(2, t0 + 5), message(1, t0 + 12345, Direction::Out)}, 0);
    model.appendEvents(
        {message(2, t0 + 5 + 42), message(1, t0 + 1512345), close, message(1, t0 + 4000000)}, 0);
    const auto delta
        = [&model](int row) { return model.index(row, LogModel::DeltaColumn).data().toString(); };
    QCOMPARE(delta(0), QString());
    QCOMPARE(delta(1), QString());
    QCOMPARE(delta(2), QStringLiteral("+12.345 ms")); // out after in counts
    QCOMPARE(delta(3), QStringLiteral("+0.042 ms")); // conn 2's own previous, not conn 1's
    QCOMPARE(delta(4), QStringLiteral("+1.500 s"));
    QCOMPARE(delta(5), QString()); // an info row
    QCOMPARE(delta(6), QString()); // after the close: a new conversation
    QCOMPARE(model.index(2, 0).data(LogModel::DeltaUsRole).toLongLong(), qint64(12345));
    QVERIFY(!model.index(0, 0).data(LogModel::DeltaUsRole).isValid());
    QCOMPARE(model.headerData(LogModel::DeltaColumn, Qt::Horizontal).toString(), QStringLiteral("\u0394t"));
    QCOMPARE(LogModel::deltaText(-2500), QStringLiteral("\u22122.500 ms"));
    model.clear();
    model.appendEvents({message(2, t0 + 100)}, 0);
    QCOMPARE(delta(0), QString()); // clear forgets the connections
}

// Dropping the oldest rows keeps every remaining row's delta, and events skipped by a batch larger than
// the log still count as the previous message.
void tst_LogModel::deltaSurvivesDroppedRows()
{
    const qint64 t0 = 1700000000000000;
    EventBatch events;
    for (int i = 0; i < 10; ++i) {
        Event event = dataEvent(0);
        event.conn = 1;
        event.timeUs = t0 + qint64(i) * i * 1000; // deltas 1, 3, 5, ... ms
        events.append(event);
    }
    LogModel model;
    model.setCapacity(4);
    model.appendEvents(events.mid(0, 3), 0);
    model.appendEvents(events.mid(3, 3), 0);
    QCOMPARE(model.rowCount(), 4);
    for (int row = 0; row < 4; ++row) {
        const int i = row + 2;
        QCOMPARE(model.deltaAt(row), qint64(2 * i - 1) * 1000);
    }
    model.appendEvents(events.mid(6, 4), 0); // exactly the capacity
    model.setCapacity(2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, LogModel::DeltaColumn).data().toString(), QStringLiteral("+15.000 ms"));
    QCOMPARE(model.index(1, LogModel::DeltaColumn).data().toString(), QStringLiteral("+17.000 ms"));
    LogModel small;
    small.setCapacity(2);
    small.appendEvents(events, 0); // 8 of the 10 are skipped
    QCOMPARE(small.deltaAt(0), qint64(15000));
    QCOMPARE(small.deltaAt(1), qint64(17000));
}

void tst_LogModel::coloursComeFromThePalette()
{
    QPalette palette;
    palette.setColor(QPalette::Link, QColor(1, 2, 3));
    palette.setColor(QPalette::LinkVisited, QColor(4, 5, 6));
    palette.setColor(QPalette::PlaceholderText, QColor(7, 8, 9));
    Event info;
    info.text = QStringLiteral("listening");
    LogModel model;
    model.appendEvents({dataEvent(0), dataEvent(1, "x", Direction::Out), info}, 0);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setPalette(palette);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0, 0).data(Qt::ForegroundRole).value<QBrush>().color(), QColor(1, 2, 3));
    QCOMPARE(model.index(1, 4).data(Qt::ForegroundRole).value<QBrush>().color(), QColor(4, 5, 6));
    QCOMPARE(model.index(2, 2).data(Qt::ForegroundRole).value<QBrush>().color(), QColor(7, 8, 9));
}

void tst_LogModel::toolTipHoldsNoPeerText()
{
    Event event = dataEvent(0, QByteArray("<b>peer</b>"));
    event.peer = QStringLiteral("<img src=x>");
    event.conn = 7;
    event.timeUs = QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 678)).toMSecsSinceEpoch() * 1000 + 901;
    LogModel model;
    model.appendEvents({event}, 0);
    const QString tip = model.index(0, LogModel::PayloadColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("2024-01-02 03:04:05.678901")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("#7")), qPrintable(tip));
    QVERIFY2(!tip.contains(u'<'), qPrintable(tip));
}

void tst_LogModel::clearResetsCounters()
{
    LogModel model;
    model.setCapacity(5);
    model.appendEvents(batch(0, 8), 4);
    QCOMPARE(model.droppedRows(), qint64(3));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.clear();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.droppedRows(), qint64(0));
    QCOMPARE(model.notDisplayedEvents(), qint64(0));
    model.appendEvents(batch(100, 1), 0);
    QCOMPARE(model.index(0, 0).data(LogModel::EventRole).toLongLong(), qint64(0));
    QCOMPARE(model.index(0, LogModel::PayloadColumn).data().toString(), QStringLiteral("hello"));
}

void tst_LogModel::wholePayloadsOfTheNewestRows()
{
    LogModel model;
    model.setWholeBytesBudget(5000);
    const QByteArray a(2000, 'a');
    const QByteArray b(2000, 'b');
    const QByteArray c(2000, 'c');
    model.appendEvents({dataEvent(0, a), dataEvent(1, b), dataEvent(2, c), dataEvent(3, "short")}, 0);
    QCOMPARE(model.payloadAt(0), QByteArray(LogModel::RenderBytes, 'a')); // pushed out: its kept prefix
    QCOMPARE(model.payloadAt(1), b);
    QCOMPARE(model.payloadAt(2), c);
    QCOMPARE(model.payloadAt(3), QByteArray("short")); // short rows are whole in the store itself
    QCOMPARE(model.wholePayloads().count(), qsizetype(2));
    // Rows that leave the log take their whole payloads with them.
    model.setCapacity(2);
    QCOMPARE(model.payloadAt(0), c);
    QCOMPARE(model.wholePayloads().count(), qsizetype(1));
    model.clear();
    QCOMPARE(model.wholePayloads().count(), qsizetype(0));
    QCOMPARE(model.wholePayloads().bytesKept(), qint64(0));
}

void tst_LogModel::floodOfLongMessagesKeepsWithinTheBudget()
{
    LogModel model;
    model.setCapacity(1000000);
    for (int i = 0; i < 100; ++i) {
        EventBatch events;
        for (int j = 0; j < 100; ++j)
            events.append(dataEvent(i * 100 + j, QByteArray(64 * 1024, char(j))));
        model.appendEvents(events, 0);
        QVERIFY(model.wholePayloads().bytesKept() <= sockpit::ui::WholePayloads::DefaultBudget);
    }
    QCOMPARE(model.rowCount(), 10000);
    QVERIFY(model.wholePayloads().count() < 1100); // 64 MiB of 64 KiB messages, not 10,000 of them
    QCOMPARE(model.payloadAt(9999).size(), qsizetype(64 * 1024));
    QCOMPARE(model.payloadAt(0).size(), qsizetype(LogModel::RenderBytes));
}

QTEST_MAIN(tst_LogModel)
#include "tst_logmodel.moc"
