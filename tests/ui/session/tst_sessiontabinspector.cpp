// A tab's message inspector with a real session on loopback: a long message received whole and
// selected in the log shows whole, down to the last line of a 16 MiB one; View > Message Inspector
// hides and shows the pane in every tab.

#include "appsettings.h"
#include "hexdumpview.h"
#include "logfilterproxy.h"
#include "logmodel.h"
#include "logview.h"
#include "mainwindow.h"
#include "messageinspector.h"
#include "sessiontab.h"
#include "sessiontabdriver.h"

#include <QAction>
#include <QLabel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace sockpit;
using namespace sockpit::ui;
using namespace sockpit::test;

namespace {

constexpr int WaitMs = 20000;

// The row of an incoming message of `len` bytes, or -1.
int incomingRow(const LogModel *model, qint64 len)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->rows().dir(size_t(row)) == Direction::In && model->rows().len(size_t(row)) == len)
            return row;
    }
    return -1;
}

// Clicks the row in the log's table, as a user selects it.
void clickRow(LogView *log, int row)
{
    QTableView *table = log->tableView();
    const QModelIndex index
        = log->filterModel()->mapFromSource(log->model()->index(row, LogModel::PayloadColumn));
    table->scrollTo(index);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
}

QByteArray numberedLines(qsizetype size)
{
    QByteArray bytes;
    bytes.reserve(size);
    for (int i = 0; bytes.size() < size; ++i)
        bytes += QByteArray::number(i).rightJustified(7, '0') + ' ';
    bytes.truncate(size - 1);
    bytes += '\n'; // the framing's delimiter ends the message
    return bytes;
}

} // namespace

class tst_SessionTabInspector : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        // Keep remembered settings out of the user's configuration.
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private slots:
    void receivedMessagesShowWhole();
    void viewMenuHidesThePane();
};

void tst_SessionTabInspector::receivedMessagesShowWhole()
{
    MainWindow window;
    SessionConfig config = serverConfig();
    config.framing.kind = Framing::Kind::Delimiter;
    config.framing.delimiter = QByteArrayLiteral("\n");
    config.framing.maxFrame = 16 * 1024 * 1024;
    SessionTab *tab = window.addSessionTab(&config);
    window.resize(1200, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(clickStart(tab));
    QCOMPARE(tab->session()->config().framing.maxFrame, 16 * 1024 * 1024);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, tab->session()->localPort());
    QVERIFY(client.waitForConnected(WaitMs));

    MessageInspector *inspector = tab->inspector();
    QVERIFY(inspector->isVisible());
    LogModel *model = tab->logView()->model();

    // 100 KiB: far more than the 1 KiB a log row keeps.
    const QByteArray hundred = numberedLines(100 * 1024);
    client.write(hundred);
    QTRY_VERIFY_WITH_TIMEOUT(incomingRow(model, hundred.size()) >= 0, WaitMs);
    clickRow(tab->logView(), incomingRow(model, hundred.size()));
    QCOMPARE(inspector->bytes().size(), hundred.size());
    QCOMPARE(inspector->bytes(), hundred);
    QVERIFY(inspector->findChild<QLabel *>(QStringLiteral("inspectorNote"))->isHidden());
    // The delimiter the session framed it by is marked.
    QVERIFY(inspector->marks() == ByteMarks({{hundred.size() - 1, 1, ByteMarkKind::Delimiter}}));

    // 16 MiB, the framing's largest message: its last line, at the right offset.
    constexpr qsizetype Huge = 16 * 1024 * 1024;
    const QByteArray huge = numberedLines(Huge);
    client.write(huge);
    QTRY_VERIFY_WITH_TIMEOUT(incomingRow(model, Huge) >= 0, 60000);
    clickRow(tab->logView(), incomingRow(model, Huge));
    QCOMPARE(inspector->bytes().size(), Huge);
    QVERIFY(inspector->bytes() == huge);
    HexDumpView *hex = inspector->hexView();
    QCOMPARE(hex->lineCount(), qint64(Huge / 16));
    hex->verticalScrollBar()->setValue(hex->verticalScrollBar()->maximum());
    hex->viewport()->repaint();
    QCOMPARE(hex->lastPaintedLine(), qint64(Huge / 16 - 1));
    const QString last = HexDumpView::lineText(hex->bytes(), hex->lastPaintedLine());
    QVERIFY2(last.startsWith(QStringLiteral("00fffff0  ")), qPrintable(last));
    QVERIFY2(
        last.endsWith(QLatin1String(huge.right(16).replace('\n', '.')) + QLatin1Char('|')), qPrintable(last));
}

void tst_SessionTabInspector::viewMenuHidesThePane()
{
    MainWindow window;
    SessionTab *first = window.currentTab() ? window.currentTab() : window.addSessionTab();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *action = window.findChild<QAction *>(QStringLiteral("viewInspector"));
    QVERIFY(action);
    QVERIFY(action->isChecked());
    QVERIFY(first->inspector()->isVisible());
    action->trigger();
    QVERIFY(!action->isChecked());
    QVERIFY(first->inspector()->isHidden());
    QVERIFY(!AppSettings::inspectorShown()); // remembered for the next window
    SessionTab *second = window.addSessionTab();
    QVERIFY(second->inspector()->isHidden()); // new tabs follow
    action->trigger();
    QVERIFY(!first->inspector()->isHidden());
    QVERIFY(second->inspector()->isVisibleTo(&window)); // the current tab
}

QTEST_MAIN(tst_SessionTabInspector)
#include "tst_sessiontabinspector.moc"
