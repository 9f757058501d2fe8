#include "conversationmodel.h"
#include "conversationview.h"
#include "logmodel.h"
#include "logview.h"
#include "textencodings.h"

#include <QAbstractButton>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QGuiApplication>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace sockpit;
using sockpit::ui::ConversationModel;
using sockpit::ui::LogFilterProxy;
using sockpit::ui::LogModel;
using sockpit::ui::LogView;

// The log widget driven as a user would: filters, following the newest row, copy and save.
class tst_LogView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void textFilter_data();
    void textFilter();
    void typedFilterApplies();
    void clearButtonsComeWithText();
    void directionFilter_data();
    void directionFilter();
    void checksumColumnAndFilter();
    void narrowLogKeepsThePayload();
    void peerFilter();
    void newRowsAreFiltered();
    void filterFollowsRendering();
    void encodingComboOffersEncodings();
    void followsNewRows();
    void scrollingUpStopsFollowing();
    void anchorSurvivesDroppedRows();
    void followsWhileFiltered();
    void saveText();
    void saveCsv();
    void saveJsonLines();
    void saveOnlyFilteredRows();
    void saveFailureIsReported();
    void copySelection();
    void noteTellsOfDroppedRows();
    void modeButtonsSwitchRendering();
    void rowsHaveOneHeight();
    void languageChangeRetranslates();
    void clearEmptiesAndFollows();
    void hostilePayloadIsShownLiterally();
    void longPayloadCellHoldsWhatFits();
    void conversationBuiltWhenShown();
    void conversationFollowsOptions();

private:
    static Event event(
        Direction dir, const QByteArray &payload, const QString &peer = QStringLiteral("10.0.0.1:1"));
    static Event info(const QString &text, const QString &peer = QString());
    void appendSample();
    bool lastRowVisible() const;

    LogView *m_view = nullptr;
    QTemporaryDir m_dir;
};

Event tst_LogView::event(Direction dir, const QByteArray &payload, const QString &peer)
{
    Event e;
    e.timeUs = 1700000000000000;
    e.conn = 1;
    e.dir = dir;
    e.peer = peer;
    e.len = payload.size();
    e.payload = payload;
    return e;
}

Event tst_LogView::info(const QString &text, const QString &peer)
{
    Event e;
    e.timeUs = 1700000000000000;
    e.dir = Direction::Info;
    e.kind = EventKind::Accept;
    e.peer = peer;
    e.text = text;
    return e;
}

void tst_LogView::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(m_dir.isValid());
}

void tst_LogView::init()
{
    m_view = new LogView;
    m_view->resize(900, 400);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
}

void tst_LogView::cleanup()
{
    delete m_view;
    m_view = nullptr;
}

// hello (in, peer A), world (out, peer A), accepted (info, peer B), Hello again (in, peer B), a,"b" (out)
void tst_LogView::appendSample()
{
    m_view->appendEvents({event(Direction::In, "hello"), event(Direction::Out, "world"),
                             info(QStringLiteral("accepted"), QStringLiteral("10.0.0.2:2")),
                             event(Direction::In, "Hello again", QStringLiteral("10.0.0.2:2")),
                             event(Direction::Out, "a,\"b\"\r\n")},
        0);
}

bool tst_LogView::lastRowVisible() const
{
    QTableView *table = m_view->tableView();
    const QModelIndex last = table->model()->index(table->model()->rowCount() - 1, 0);
    return last.isValid() && table->viewport()->rect().contains(table->visualRect(last));
}

void tst_LogView::textFilter_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("rows");
    QTest::newRow("none") << QString() << 5;
    QTest::newRow("payload, any case") << QStringLiteral("hello") << 2;
    QTest::newRow("info text") << QStringLiteral("accept") << 1;
    QTest::newRow("peer") << QStringLiteral("10.0.0.2") << 2;
    QTest::newRow("escaped control as shown") << QStringLiteral("\\r\\n") << 1;
    QTest::newRow("nothing") << QStringLiteral("absent") << 0;
}

void tst_LogView::textFilter()
{
    QFETCH(QString, filter);
    QFETCH(int, rows);
    appendSample();
    m_view->setTextFilter(filter);
    QCOMPARE(m_view->tableView()->model()->rowCount(), rows);
    QCOMPARE(m_view->model()->rowCount(), 5);
}

void tst_LogView::typedFilterApplies()
{
    appendSample();
    auto *edit = m_view->findChild<QLineEdit *>();
    QVERIFY(edit);
    QTest::keyClicks(edit, QStringLiteral("world"));
    QTRY_COMPARE(m_view->tableView()->model()->rowCount(), 1);
    QCOMPARE(m_view->filterModel()->text(), QStringLiteral("world"));
}

// The filter fields' clear buttons are made when a field first gets text (the icon theme is not read
// while the window starts); from then on they clear the field.
void tst_LogView::clearButtonsComeWithText()
{
    appendSample();
    const QList<QLineEdit *> edits = m_view->findChildren<QLineEdit *>();
    QCOMPARE(edits.size(), 2); // the text filter and the peer filter
    for (QLineEdit *edit : edits) {
        QVERIFY(!edit->isClearButtonEnabled());
        QTest::keyClicks(edit, QStringLiteral("wor"));
        QVERIFY(edit->isClearButtonEnabled());
        auto *clear = edit->findChild<QToolButton *>();
        QVERIFY(clear);
        clear->click();
        QCOMPARE(edit->text(), QString());
        QVERIFY(edit->isClearButtonEnabled());
    }
    QTRY_COMPARE(m_view->tableView()->model()->rowCount(), 5);
}

void tst_LogView::directionFilter_data()
{
    QTest::addColumn<int>("filter");
    QTest::addColumn<int>("rows");
    QTest::newRow("all") << int(LogFilterProxy::AllDirections) << 5;
    QTest::newRow("in") << int(LogFilterProxy::InOnly) << 2;
    QTest::newRow("out") << int(LogFilterProxy::OutOnly) << 2;
    QTest::newRow("events") << int(LogFilterProxy::EventsOnly) << 1;
}

void tst_LogView::directionFilter()
{
    QFETCH(int, filter);
    QFETCH(int, rows);
    appendSample();
    m_view->setDirectionFilter(filter);
    QCOMPARE(m_view->tableView()->model()->rowCount(), rows);
    // Combined with the text filter: both must pass.
    m_view->setTextFilter(QStringLiteral("hello"));
    QCOMPARE(m_view->tableView()->model()->rowCount(),
        filter == LogFilterProxy::AllDirections || filter == LogFilterProxy::InOnly ? 2 : 0);
}

void tst_LogView::checksumColumnAndFilter()
{
    QTableView *table = m_view->tableView();
    QVERIFY(table->isColumnHidden(LogModel::CheckColumn)); // until the session checks
    m_view->setChecksumColumnShown(true);
    QVERIFY(!table->isColumnHidden(LogModel::CheckColumn));
    QVERIFY(m_view->checksumColumnShown());
    QVERIFY(table->columnWidth(LogModel::CheckColumn) > 0);

    Event good = event(Direction::In, "fine");
    good.check = CheckResult::Ok;
    Event bad = event(Direction::In, "wrong");
    bad.check = CheckResult::Bad;
    Event why
        = info(QStringLiteral("bad checksum: CRC-16/MODBUS of the message is 0x0001, it carries 0x0002"));
    why.dir = Direction::Error;
    why.kind = EventKind::Checksum;
    appendSample();
    m_view->appendEvents({good, bad, why}, 0);
    auto *combo = m_view->findChild<QComboBox *>(QStringLiteral("directionFilter"));
    QVERIFY(combo);
    QCOMPARE(combo->count(), int(LogFilterProxy::DirectionFilterCount));
    QCOMPARE(combo->itemText(LogFilterProxy::BadChecksums), QStringLiteral("Bad checksum"));
    combo->setCurrentIndex(LogFilterProxy::BadChecksums);
    QCOMPARE(table->model()->rowCount(), 2); // the bad message and the error that says why
    QCOMPARE(table->model()->index(0, LogModel::CheckColumn).data().toString(), QStringLiteral("bad"));
    QCOMPARE(table->model()->index(1, 0).data(LogModel::DirectionRole).toInt(), int(Direction::Error));
    // Copied rows carry the column while it is shown.
    table->selectAll();
    QVERIFY2(m_view->selectedRowsText().contains(QStringLiteral("\tbad\t")),
        qPrintable(m_view->selectedRowsText()));
    m_view->setChecksumColumnShown(false);
    QVERIFY(!m_view->selectedRowsText().contains(QStringLiteral("\tbad\t")));
    QVERIFY(table->isColumnHidden(LogModel::CheckColumn));
}

// While the log is narrow the learning aids give way to the payload, and come back when it widens;
// the View menu's choice stays as the user made it.
void tst_LogView::narrowLogKeepsThePayload()
{
    QTableView *table = m_view->tableView();
    m_view->setChecksumColumnShown(true);
    m_view->resize(1800, 400);
    QTRY_VERIFY(!table->isColumnHidden(LogModel::CallColumn));
    QVERIFY(!table->isColumnHidden(LogModel::DeltaColumn));
    const int callWidth = table->columnWidth(LogModel::CallColumn);

    m_view->resize(800, 400);
    QTRY_VERIFY(table->isColumnHidden(LogModel::CallColumn));
    QVERIFY(m_view->systemCallsShown()); // still wished for
    QVERIFY(!table->isColumnHidden(LogModel::CheckColumn)); // what the session asked for stays
    QVERIFY(!table->isColumnHidden(LogModel::PeerColumn));
    QVERIFY2(table->columnWidth(LogModel::PayloadColumn) >= table->viewport()->width() / 3,
        qPrintable(QStringLiteral("payload %1 of %2")
                       .arg(table->columnWidth(LogModel::PayloadColumn))
                       .arg(table->viewport()->width())));

    m_view->resize(1800, 400);
    QTRY_VERIFY(!table->isColumnHidden(LogModel::CallColumn));
    QVERIFY(!table->isColumnHidden(LogModel::DeltaColumn));
    QCOMPARE(table->columnWidth(LogModel::CallColumn), callWidth);
    // Hidden by choice, it stays hidden however wide the log is.
    m_view->setSystemCallsShown(false);
    QVERIFY(table->isColumnHidden(LogModel::CallColumn));
    QVERIFY(!m_view->systemCallsShown());
}

void tst_LogView::peerFilter()
{
    appendSample();
    m_view->setPeerFilter(QStringLiteral("10.0.0.2:"));
    QCOMPARE(m_view->tableView()->model()->rowCount(), 2);
    m_view->setPeerFilter(QString());
    QCOMPARE(m_view->tableView()->model()->rowCount(), 5);
}

void tst_LogView::newRowsAreFiltered()
{
    m_view->setTextFilter(QStringLiteral("ping"));
    m_view->appendEvents({event(Direction::In, "ping"), event(Direction::In, "pong")}, 0);
    m_view->appendEvents({event(Direction::In, "ping 2")}, 0);
    QCOMPARE(m_view->tableView()->model()->rowCount(), 2);
}

void tst_LogView::filterFollowsRendering()
{
    appendSample();
    m_view->setTextFilter(QStringLiteral("68 65 6c"));
    QCOMPARE(m_view->tableView()->model()->rowCount(), 0); // text mode shows "hello", not its hex
    m_view->setRenderMode(RenderMode::Hex);
    QCOMPARE(m_view->tableView()->model()->rowCount(), 1);
    m_view->setRenderMode(RenderMode::Text);
    QCOMPARE(m_view->tableView()->model()->rowCount(), 0);
}

void tst_LogView::encodingComboOffersEncodings()
{
    QComboBox *combo = nullptr;
    for (QComboBox *candidate : m_view->findChildren<QComboBox *>())
        if (candidate->findData(QStringLiteral("UTF-8")) >= 0)
            combo = candidate;
    QVERIFY(combo);
    QCOMPARE(combo->count(), int(availableEncodings().size()));
    const int gb = combo->findData(QStringLiteral("GB18030"));
    QVERIFY(gb >= 0);
    m_view->appendEvents({event(Direction::In, "\xc4\xe3\xba\xc3")}, 0);
    combo->setCurrentIndex(gb);
    QCOMPARE(m_view->model()->encoding(), QStringLiteral("GB18030"));
    QCOMPARE(m_view->tableView()->model()->index(0, LogModel::PayloadColumn).data().toString(),
        QString::fromUtf8("\xe4\xbd\xa0\xe5\xa5\xbd"));
}

void tst_LogView::followsNewRows()
{
    QVERIFY(m_view->isFollowing());
    for (int i = 0; i < 5; ++i) {
        EventBatch events(300, event(Direction::In, "x"));
        m_view->appendEvents(events, 0);
        QVERIFY(lastRowVisible());
    }
    QVERIFY(m_view->isFollowing());
    QTRY_VERIFY(lastRowVisible()); // still so once the view has laid itself out
}

void tst_LogView::scrollingUpStopsFollowing()
{
    m_view->appendEvents(EventBatch(500, event(Direction::In, "x")), 0);
    auto *resume = m_view->findChild<QPushButton *>();
    QVERIFY(resume);
    QVERIFY(!resume->isVisible());
    QSignalSpy following(m_view, &LogView::followingChanged);
    QScrollBar *bar = m_view->tableView()->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    bar->setValue(10); // as a user dragging the scroll bar
    QVERIFY(!m_view->isFollowing());
    QCOMPARE(following.count(), 1);
    QVERIFY(resume->isVisible());
    QTableView *table = m_view->tableView();
    const qint64 top = table->indexAt(QPoint(0, 0)).data(LogModel::EventRole).toLongLong();
    QCOMPARE(top, qint64(10));

    m_view->appendEvents(EventBatch(500, event(Direction::In, "y")), 0);
    QCOMPARE(bar->value(), 10);
    QCOMPARE(table->indexAt(QPoint(0, 0)).data(LogModel::EventRole).toLongLong(), top);
    QVERIFY(!lastRowVisible());
    QVERIFY(!m_view->isFollowing());

    QTest::mouseClick(resume, Qt::LeftButton);
    QVERIFY(m_view->isFollowing());
    QTRY_VERIFY(!resume->isVisible());
    QTRY_VERIFY(lastRowVisible());
    m_view->appendEvents(EventBatch(100, event(Direction::In, "z")), 0);
    QVERIFY(lastRowVisible());

    bar->setValue(0);
    QVERIFY(!m_view->isFollowing());
    bar->setValue(bar->maximum()); // scrolling back to the bottom follows again
    QVERIFY(m_view->isFollowing());
}

void tst_LogView::anchorSurvivesDroppedRows()
{
    m_view->model()->setCapacity(500);
    m_view->appendEvents(EventBatch(500, event(Direction::In, "x")), 0);
    QScrollBar *bar = m_view->tableView()->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 100);
    bar->setValue(100);
    QVERIFY(!m_view->isFollowing());
    m_view->appendEvents(EventBatch(50, event(Direction::In, "y")), 0);
    QCOMPARE(m_view->model()->droppedRows(), qint64(50));
    // The same event stays at the top, now 50 rows further up the log.
    QCOMPARE(m_view->tableView()->indexAt(QPoint(0, 0)).data(LogModel::EventRole).toLongLong(), qint64(100));
    QCOMPARE(bar->value(), 50);
    QVERIFY(!m_view->isFollowing());
}

void tst_LogView::followsWhileFiltered()
{
    m_view->setDirectionFilter(LogFilterProxy::OutOnly);
    for (int i = 0; i < 4; ++i) {
        EventBatch events(200, event(Direction::In, "in"));
        events.append(event(Direction::Out, QByteArray::number(i)));
        events += EventBatch(100, event(Direction::Out, "out"));
        m_view->appendEvents(events, 0);
        QVERIFY(lastRowVisible());
    }
    QCOMPARE(m_view->tableView()->model()->rowCount(), 404);
    QVERIFY(m_view->isFollowing());
}

void tst_LogView::saveText()
{
    appendSample();
    const QString path = m_dir.filePath(QStringLiteral("log.txt"));
    QString error;
    QVERIFY2(m_view->saveTo(path, LogView::SaveFormat::Text, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 6); // five lines and the empty rest after the last newline
    QVERIFY(lines.at(0).contains("68 65 6c 6c 6f"));
    QVERIFY(lines.at(0).contains("hello"));
    QVERIFY(lines.at(2).contains("accepted"));
    QVERIFY(lines.at(4).contains("\\r\\n")); // escaped: one event stays on one line
}

void tst_LogView::saveCsv()
{
    appendSample();
    const QString path = m_dir.filePath(QStringLiteral("log.csv"));
    QString error;
    QVERIFY2(m_view->saveTo(path, LogView::SaveFormat::Csv, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 7);
    QCOMPARE(lines.at(0), QByteArray("time,conn,dir,event,peer,local,len,hex,text\r"));
    QVERIFY(lines.at(1).startsWith("2023-11-14T22:13:20.000000Z,1,in,,10.0.0.1:1,,5,68656c6c6f,hello\r"));
    QVERIFY(lines.at(3).contains(",info,accept,10.0.0.2:2,,,,accepted\r"));
    // A comma and quotes in the payload: one quoted field, quotes doubled.
    QVERIFY2(lines.at(5).endsWith(",7,612c2262220d0a,\"a,\"\"b\"\"\\r\\n\"\r"), lines.at(5).constData());
}

void tst_LogView::saveJsonLines()
{
    appendSample();
    m_view->model()->setSessionName(QStringLiteral("tcp-server 0.0.0.0:9000"));
    const QString path = m_dir.filePath(QStringLiteral("log.jsonl"));
    QString error;
    QVERIFY2(m_view->saveTo(path, LogView::SaveFormat::JsonLines, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.takeLast(), QByteArray());
    QCOMPARE(lines.size(), 5);
    for (const QByteArray &line : lines) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        QVERIFY2(parseError.error == QJsonParseError::NoError, line.constData());
        QCOMPARE(doc.object().value(QStringLiteral("session")).toString(),
            QStringLiteral("tcp-server 0.0.0.0:9000"));
    }
    const QJsonObject first = QJsonDocument::fromJson(lines.at(0)).object();
    QCOMPARE(first.value(QStringLiteral("dir")).toString(), QStringLiteral("in"));
    QCOMPARE(first.value(QStringLiteral("hex")).toString(), QStringLiteral("68656c6c6f"));
    QCOMPARE(QJsonDocument::fromJson(lines.at(2)).object().value(QStringLiteral("event")).toString(),
        QStringLiteral("accept"));
}

void tst_LogView::saveOnlyFilteredRows()
{
    appendSample();
    m_view->setDirectionFilter(LogFilterProxy::InOnly);
    const QString path = m_dir.filePath(QStringLiteral("in.jsonl"));
    QVERIFY(m_view->saveTo(path, LogView::SaveFormat::JsonLines, nullptr));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray all = file.readAll();
    QCOMPARE(all.count('\n'), 2);
    QVERIFY(!all.contains("\"dir\":\"out\""));
}

void tst_LogView::saveFailureIsReported()
{
    appendSample();
    QString error;
    QVERIFY(!m_view->saveTo(
        m_dir.filePath(QStringLiteral("missing/dir/log.csv")), LogView::SaveFormat::Csv, &error));
    QVERIFY(error.contains(QStringLiteral("missing/dir/log.csv")));
}

void tst_LogView::copySelection()
{
    appendSample();
    QTableView *table = m_view->tableView();
    table->selectionModel()->select(
        table->model()->index(3, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    table->selectionModel()->select(
        table->model()->index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QString expected = m_view->selectedRowsText();
    const QStringList lines = expected.split(u'\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0).split(u'\t').size(), int(LogModel::ColumnCount) - 1); // no check column: not checked
    // Log order, not click order; the system call column (empty: this log has no session) before the payload.
    QVERIFY2(lines.at(0).endsWith(QStringLiteral("\t10.0.0.1:1\t5\t\thello")), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).endsWith(QStringLiteral("\t11\t\tHello again")), qPrintable(lines.at(1)));
    QGuiApplication::clipboard()->clear();
    m_view->copySelection();
    QCOMPARE(QGuiApplication::clipboard()->text(), expected);

    QGuiApplication::clipboard()->clear();
    table->setFocus();
    QTest::keySequence(table, QKeySequence::Copy);
    QCOMPARE(QGuiApplication::clipboard()->text(), expected);
}

void tst_LogView::noteTellsOfDroppedRows()
{
    auto *note = m_view->findChild<QLabel *>();
    QVERIFY(note);
    QCOMPARE(note->textFormat(), Qt::PlainText);
    QVERIFY(!note->isVisible());
    m_view->model()->setCapacity(100);
    m_view->appendEvents(EventBatch(12445, event(Direction::In, "x")), 0);
    QTRY_VERIFY(note->isVisible());
    // "row(s)" until an English numerus translation is loaded; the number is the user's locale's.
    QVERIFY2(note->text().contains(
                 QRegularExpression(QStringLiteral("^12,345 older row(s|\\(s\\))? were dropped"))),
        qPrintable(note->text()));
    m_view->setRecordingActive(true);
    QVERIFY(note->text().contains(QStringLiteral("the recording has everything")));
    m_view->appendEvents({}, 42);
    QVERIFY2(note->text().contains(QStringLiteral("42 event")), qPrintable(note->text()));
}

void tst_LogView::modeButtonsSwitchRendering()
{
    m_view->appendEvents({event(Direction::In, "hi")}, 0);
    const auto buttons = m_view->findChildren<QToolButton *>();
    QToolButton *hex = nullptr;
    for (QToolButton *button : buttons)
        if (button->text() == QStringLiteral("Hex"))
            hex = button;
    QVERIFY(hex);
    QTest::mouseClick(hex, Qt::LeftButton);
    QCOMPARE(m_view->model()->renderMode(), RenderMode::Hex);
    QCOMPARE(m_view->tableView()->model()->index(0, LogModel::PayloadColumn).data().toString(),
        QStringLiteral("68 69"));
    m_view->setRenderMode(RenderMode::Both);
    QCOMPARE(m_view->tableView()->model()->index(0, LogModel::PayloadColumn).data().toString(),
        QStringLiteral("68 69  hi"));
}

void tst_LogView::rowsHaveOneHeight()
{
    QTableView *table = m_view->tableView();
    QCOMPARE(table->verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
    QVERIFY(!table->verticalHeader()->isVisible());
    QVERIFY(table->verticalHeader()->defaultSectionSize() >= table->fontMetrics().height());
    QVERIFY(table->horizontalHeader()->stretchLastSection());
    QCOMPARE(table->selectionBehavior(), QAbstractItemView::SelectRows);
    QCOMPARE(table->selectionMode(), QAbstractItemView::ExtendedSelection);
}

void tst_LogView::languageChangeRetranslates()
{
    QSignalSpy header(m_view->model(), &QAbstractItemModel::headerDataChanged);
    QEvent change(QEvent::LanguageChange);
    QCoreApplication::sendEvent(m_view, &change);
    QVERIFY(header.count() >= 1);
}

void tst_LogView::clearEmptiesAndFollows()
{
    m_view->model()->setCapacity(100);
    m_view->appendEvents(EventBatch(300, event(Direction::In, "x")), 5);
    QTRY_VERIFY(m_view->tableView()->verticalScrollBar()->maximum() > 0);
    m_view->tableView()->verticalScrollBar()->setValue(0);
    QVERIFY(!m_view->isFollowing());
    m_view->clear();
    QCOMPARE(m_view->tableView()->model()->rowCount(), 0);
    QCOMPARE(m_view->model()->droppedRows(), qint64(0));
    QVERIFY(m_view->isFollowing());
    QTRY_VERIFY(!m_view->findChild<QLabel *>()->isVisible());
}

// Markup, terminal escapes, NUL, invalid UTF-8 and a right-to-left override from a peer reach the
// screen as literal or escaped text: the model gives plain strings and the view paints them with the
// plain-text item delegate, never as rich text.
void tst_LogView::hostilePayloadIsShownLiterally()
{
    const QVector<QPair<QByteArray, QString>> cases {
        {QByteArray("<b>x</b>"), QStringLiteral("<b>x</b>")},
        {QByteArray("<img src=x>"), QStringLiteral("<img src=x>")},
        {QByteArray("\x1b[31mred"), QStringLiteral("\\x1b[31mred")},
        {QByteArray("a\0b", 3), QStringLiteral("a\\0b")},
        {QByteArray("\xff\xfe"), QStringLiteral("\\xff\\xfe")},
        {QByteArray("a\xe2\x80\xae"
                    "b"),
            QStringLiteral("a\\u{202E}b")},
    };
    EventBatch batch;
    for (const auto &c : cases)
        batch.append(event(Direction::In, c.first));
    m_view->appendEvents(batch, 0);

    QTableView *table = m_view->tableView();
    QAbstractItemModel *shown = table->model();
    QCOMPARE(shown->rowCount(), int(cases.size()));
    QAbstractItemDelegate *delegate = table->itemDelegateForColumn(LogModel::PayloadColumn);
    if (!delegate)
        delegate = table->itemDelegate();
    // The stock delegate lays text out as plain text; a subclass could turn it into a document.
    QCOMPARE(QByteArray(delegate->metaObject()->className()), QByteArray("QStyledItemDelegate"));
    auto *styled = qobject_cast<QStyledItemDelegate *>(delegate);
    QVERIFY(styled);
    for (int row = 0; row < cases.size(); ++row) {
        const QVariant value = shown->index(row, LogModel::PayloadColumn).data(Qt::DisplayRole);
        QCOMPARE(value.metaType(), QMetaType::fromType<QString>());
        const QString text = styled->displayText(value, QLocale());
        QCOMPARE(text, cases.at(row).second);
        for (const QChar c : text)
            QVERIFY2(c.unicode() >= 0x20 && c != QChar(0x202e), qPrintable(text));
    }
    // What Copy puts out is the same literal text.
    table->selectAll();
    const QString copied = m_view->selectedRowsText();
    QVERIFY2(copied.contains(QStringLiteral("<img src=x>")), qPrintable(copied));
    QVERIFY2(!copied.contains(QChar(0x1b)) && !copied.contains(QChar(0x202e)), qPrintable(copied));
}

// A cell is given only the characters its column can show (a repaint lays out every one it gets);
// copying the row still gives the payload whole.
void tst_LogView::longPayloadCellHoldsWhatFits()
{
    m_view->setRenderMode(RenderMode::Hex);
    m_view->appendEvents({event(Direction::In, QByteArray(LogModel::RenderBytes, 'A'))}, 0);
    LogModel *model = m_view->model();
    const int narrow = model->displayChars();
    QVERIFY(narrow < LogModel::RenderBytes);
    const QString shown = m_view->tableView()->model()->index(0, LogModel::PayloadColumn).data().toString();
    QCOMPARE(shown.size(), qsizetype(narrow + 1));
    QVERIFY(shown.endsWith(QChar(0x2026)));

    m_view->resize(1800, 400);
    QTRY_VERIFY(model->displayChars() > narrow);

    m_view->tableView()->selectAll();
    QVERIFY(m_view->selectedRowsText().contains(model->payloadText(0)));
    QCOMPARE(model->payloadText(0).size(), qsizetype(3 * LogModel::RenderBytes - 1));
}

void tst_LogView::conversationBuiltWhenShown()
{
    // While the table is in front there is no conversation to feed: a flood costs it nothing.
    Event said = event(Direction::In, "hi all\n");
    said.name = QStringLiteral("alice");
    m_view->appendEvents({said, event(Direction::Out, "hel"), event(Direction::Out, "lo\n")}, 0);
    QVERIFY(!m_view->isConversationShown());
    QVERIFY(!m_view->conversationView());
    QSignalSpy shown(m_view, &LogView::conversationShownChanged);

    // Shown: built from the table's rows, names and split lines included.
    auto *button = m_view->findChild<QToolButton *>(QStringLiteral("showConversation"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.at(0).at(0).toBool(), true);
    QVERIFY(m_view->conversationView());
    QVERIFY(m_view->conversationView()->isVisible());
    QVERIFY(!m_view->tableView()->isVisible());
    QVERIFY(!m_view->findChild<QComboBox *>()->isVisible()); // the table's filters and rendering
    QVERIFY(!m_view->findChildren<QLineEdit *>().constFirst()->isVisible());
    ConversationModel *model = m_view->conversationView()->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->messageAt(0).speaker, QStringLiteral("alice"));
    QCOMPARE(model->messageAt(0).text, QStringLiteral("hi all"));
    QCOMPARE(model->messageAt(1).side, ConversationModel::Side::Mine);
    QCOMPARE(model->messageAt(1).text, QStringLiteral("hello"));

    // Copy takes the selected messages, from the Copy action and from Ctrl+C in the list.
    QListView *list = m_view->conversationView()->listView();
    list->selectAll();
    QGuiApplication::clipboard()->clear();
    QTest::keySequence(list, QKeySequence::Copy);
    QVERIFY2(QGuiApplication::clipboard()->text().endsWith(QStringLiteral("> hello")),
        qPrintable(QGuiApplication::clipboard()->text()));
    QVERIFY(QGuiApplication::clipboard()->text().contains(QStringLiteral("alice: hi all")));
    QCOMPARE(m_view->selectedRowsText(), QGuiApplication::clipboard()->text());

    // New events reach both; Clear empties both.
    m_view->appendEvents({event(Direction::In, "more\n")}, 0);
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(m_view->model()->rowCount(), 4);
    m_view->clear();
    QCOMPARE(model->rowCount(), 0);

    // Hidden: dropped, and the table is back.
    m_view->setConversationShown(false);
    QCOMPARE(shown.size(), 2);
    QVERIFY(!m_view->conversationView());
    QVERIFY(m_view->tableView()->isVisible());
    QVERIFY(m_view->findChild<QToolButton *>(QStringLiteral("showTable"))->isChecked());
    QVERIFY(m_view->findChild<QComboBox *>()->isVisible());
}

void tst_LogView::conversationFollowsOptions()
{
    m_view->setConversationOptions(true, false);
    m_view->appendEvents({event(Direction::In, "<user3> hi\n* user4 joined\n")}, 0);
    m_view->setConversationShown(true);
    ConversationModel *model = m_view->conversationView()->model();
    QVERIFY(model->isChatClient());
    QVERIFY(!model->isFramedBySession());
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->messageAt(0).speaker, QStringLiteral("user3"));
    QCOMPARE(model->messageAt(1).side, ConversationModel::Side::Notice);
    m_view->setConversationOptions(false, true);
    QVERIFY(!model->isChatClient());
    QVERIFY(model->isFramedBySession());
}

QTEST_MAIN(tst_LogView)
#include "tst_logview.moc"
