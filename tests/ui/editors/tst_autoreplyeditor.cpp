// The auto-reply rules editor driven as a user would: rules added and edited in its table, a bad
// regular expression refused with its reason, export and import round-trip; opened from a session's
// Options, its rules reach the session: a real loopback client gets the answer.

#include "../common/tableediting.h"
#include "autoreplyeditor.h"
#include "mainwindow.h"
#include "sessionoptionspopup.h"
#include "sessionsettingsbar.h"
#include "sessiontab.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace sockpit;
using namespace sockpit::ui;
using namespace sockpit::test;

namespace {
constexpr int WaitMs = 10000;
enum Column { On, Match, Pattern, ReplyAs, Reply, Delay };

// Picks a combo box entry with the keyboard, from the top.
void chooseWithKeys(QComboBox *box, int index)
{
    box->setCurrentIndex(0);
    for (int i = 0; i < index; ++i)
        QTest::keyClick(box, Qt::Key_Down);
    QCOMPARE(box->currentIndex(), index);
}

// Fills the editor's table with the rule a server tab is then tested with.
void enterRegexRule(AutoReplyEditor *editor)
{
    auto *table = child<QTableWidget>(editor, "autoReplyTable");
    QTest::mouseClick(child<QPushButton>(editor, "autoReplyAdd"), Qt::LeftButton);
    const int row = table->rowCount() - 1;
    chooseWithKeys(qobject_cast<QComboBox *>(table->cellWidget(row, Match)), 3); // regular expression
    editCell(table, row, Pattern, QStringLiteral("^id=\\d+"));
    editCell(table, row, Reply, QStringLiteral("ID OK\\n"));
}
} // namespace

class tst_AutoReplyEditor : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private slots:
    void editRulesInTheTable();
    void exportImportRoundTrips();
    void rulesFromOptionsAnswerAClient();
};

void tst_AutoReplyEditor::editRulesInTheTable()
{
    AutoReplyEditor editor;
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *table = child<QTableWidget>(&editor, "autoReplyTable");
    enterRegexRule(&editor);
    QTest::mouseClick(child<QPushButton>(&editor, "autoReplyAdd"), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 2);
    // Second rule: hex in, hex out, after 250 ms.
    chooseWithKeys(qobject_cast<QComboBox *>(table->cellWidget(1, Match)), 4);
    editCell(table, 1, Pattern, QStringLiteral("01 03 ??"));
    chooseWithKeys(qobject_cast<QComboBox *>(table->cellWidget(1, ReplyAs)), 1);
    editCell(table, 1, Reply, QStringLiteral("01 83 02"));
    auto *delay = qobject_cast<QSpinBox *>(table->cellWidget(1, Delay));
    delay->selectAll();
    QTest::keyClicks(delay, QStringLiteral("250"));
    QCOMPARE(delay->value(), 250);

    AutoReplyRules rules = editor.rules();
    QCOMPARE(rules.size(), 2);
    QCOMPARE(rules.at(0).match, AutoReplyRule::Match::Regex);
    QCOMPARE(rules.at(0).pattern, QStringLiteral("^id=\\d+"));
    QCOMPARE(rules.at(1).match, AutoReplyRule::Match::Hex);
    QCOMPARE(rules.at(1).replyKind, AutoReplyRule::Reply::Hex);
    QCOMPARE(rules.at(1).delayMs, 250);
    QVERIFY(rules.at(1).enabled);

    // A broken regular expression: OK is refused with the reason, and the dialog stays.
    QSignalSpy accepted(&editor, &QDialog::accepted);
    editCell(table, 0, Pattern, QStringLiteral("^id=(\\d+"));
    editor.accept();
    QCOMPARE(accepted.count(), 0);
    QVERIFY(editor.isVisible());
    QVERIFY2(editor.errorText().contains(QStringLiteral("rule 1")), qPrintable(editor.errorText()));
    // Unticking the broken rule is enough.
    table->item(0, On)->setCheckState(Qt::Unchecked);
    QVERIFY(!editor.rules().at(0).enabled);
    editor.accept();
    QCOMPARE(accepted.count(), 1);

    // Remove the selected row.
    table->selectRow(0);
    QTest::mouseClick(child<QPushButton>(&editor, "autoReplyRemove"), Qt::LeftButton);
    QCOMPARE(editor.rules().size(), 1);
    QCOMPARE(editor.rules().at(0).match, AutoReplyRule::Match::Hex);
}

void tst_AutoReplyEditor::exportImportRoundTrips()
{
    AutoReplyRule a;
    a.match = AutoReplyRule::Match::Exact;
    a.pattern = QStringLiteral("PING");
    a.reply = QStringLiteral("PONG\\r\\n");
    AutoReplyRule b;
    b.enabled = false;
    b.match = AutoReplyRule::Match::Hex;
    b.pattern = QStringLiteral("aa ?? 55");
    b.replyKind = AutoReplyRule::Reply::Hex;
    b.reply = QStringLiteral("06");
    b.delayMs = 40;
    AutoReplyEditor editor;
    editor.setRules({a, b});
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("rules.json"));
    QString error;
    QVERIFY2(editor.exportTo(path, &error), qPrintable(error));
    AutoReplyEditor other;
    QVERIFY2(other.importFrom(path, &error), qPrintable(error));
    QCOMPARE(other.rules(), (AutoReplyRules {a, b}));
}

void tst_AutoReplyEditor::rulesFromOptionsAnswerAClient()
{
    MainWindow window;
    SessionConfig server;
    server.mode = SessionMode::TcpServer;
    server.bindAddress = QHostAddress::LocalHost;
    server.bindAddressSet = true;
    SessionTab *tab = window.addSessionTab(&server);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // Options, then the rules button: the editor opens as a dialog.
    QTest::mouseClick(child<QToolButton>(tab->settingsBar(), "options"), Qt::LeftButton);
    auto *popup = child<SessionOptionsPopup>(tab->settingsBar(), "optionsPopup");
    QTRY_VERIFY(popup->isVisible());
    QTest::mouseClick(child<QPushButton>(popup, "autoReplyRules"), Qt::LeftButton);
    AutoReplyEditor *editor = nullptr;
    QTRY_VERIFY((editor = tab->settingsBar()->findChild<AutoReplyEditor *>()) && editor->isVisible());
    enterRegexRule(editor);
    editor->accept();
    QCOMPARE(tab->settingsBar()->config().autoReplies.size(), 1);
    QCOMPARE(child<QPushButton>(popup, "autoReplyRules")->text().contains(QLatin1Char('1')), true);

    QSignalSpy started(tab->session(), &Session::started);
    QTest::mouseClick(tab->settingsBar()->startButton(), Qt::LeftButton);
    QVERIFY(started.count() > 0 || started.wait(WaitMs));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, tab->session()->localPort());
    QVERIFY(client.waitForConnected(WaitMs));
    client.write("id=17");
    QByteArray received;
    QTRY_COMPARE_WITH_TIMEOUT(received += client.readAll(), QByteArray("ID OK\n"), WaitMs);
    client.write("nothing"); // no rule matches: no answer
    // Raw chunks: let it arrive alone before the next message, or the two could be one chunk.
    QTRY_COMPARE_WITH_TIMEOUT(tab->session()->counters().bytesIn, qint64(12), WaitMs);
    client.write("id=2");
    QTRY_COMPARE_WITH_TIMEOUT(received += client.readAll(), QByteArray("ID OK\nID OK\n"), WaitMs);
    tab->stop();
}

QTEST_MAIN(tst_AutoReplyEditor)
#include "tst_autoreplyeditor.moc"
