// The quick-send panel driven as a user would: a preset added and edited in the table, its Send
// button clicked, and a real loopback peer receiving the expanded bytes; export and import round-trip;
// the presets survive a restart of the window.

#include "../common/tableediting.h"
#include "appsettings.h"
#include "composer.h"
#include "mainwindow.h"
#include "presetpanel.h"
#include "sessionsettingsbar.h"
#include "sessiontab.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace sockpit;
using namespace sockpit::ui;
using namespace sockpit::test;

namespace {
constexpr int WaitMs = 10000;

QToolButton *sendButton(QTableWidget *table, int row)
{
    return qobject_cast<QToolButton *>(table->cellWidget(row, 0));
}
} // namespace

class tst_PresetPanel : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private slots:
    void clickSendsExpandedBytesToThePeer();
    void badPresetShowsErrorAndSendsNothing();
    void exportImportRoundTrips();
    void presetsSurviveARestart();
    void emptyPanelShowsAHint();
    void panelCanBeHiddenAndStaysHidden();
};

void tst_PresetPanel::clickSendsExpandedBytesToThePeer()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    MainWindow window;
    SessionConfig client;
    client.mode = SessionMode::TcpClient;
    client.host = QStringLiteral("127.0.0.1");
    client.port = server.serverPort();
    SessionTab *tab = window.addSessionTab(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    PresetPanel *panel = tab->presetPanel();
    panel->setPresets({});
    auto *table = child<QTableWidget>(panel, "presetTable");

    QTest::mouseClick(child<QPushButton>(panel, "presetAdd"), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 1);
    QTest::keyClick(
        table->viewport()->focusWidget() ? table->viewport()->focusWidget() : table, Qt::Key_Escape);
    editCell(table, 0, 1, QStringLiteral("Ping"));
    editCell(table, 0, 3, QStringLiteral("PING {counter}{hex:0d 0a}"));
    // Not running yet: nothing to send to.
    QVERIFY(!sendButton(table, 0)->isEnabled());

    QSignalSpy started(tab->session(), &Session::started);
    QTest::mouseClick(tab->settingsBar()->startButton(), Qt::LeftButton);
    QVERIFY(started.count() > 0 || started.wait(WaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingConnections(), WaitMs);
    std::unique_ptr<QTcpSocket> peer(server.nextPendingConnection());
    QTRY_VERIFY_WITH_TIMEOUT(sendButton(table, 0)->isEnabled(), WaitMs);

    QByteArray received;
    QTest::mouseClick(sendButton(table, 0), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(received += peer->readAll(), QByteArray("PING 1\r\n"), WaitMs);
    QTest::mouseClick(sendButton(table, 0), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(received += peer->readAll(), QByteArray("PING 1\r\nPING 2\r\n"), WaitMs);

    // A hex preset, imported as a user would have it: bytes as written, random bytes of the length asked.
    panel->addPreset(
        {QStringLiteral("Frame"), MacroExpander::Mode::Hex, QStringLiteral("aa 55 {random:4} 0d")});
    received.clear();
    QTest::mouseClick(sendButton(table, 1), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT((received += peer->readAll()).size(), qsizetype(7), WaitMs);
    QVERIFY(received.startsWith("\xaa\x55"));
    QVERIFY(received.endsWith('\x0d'));
    tab->stop();
}

void tst_PresetPanel::badPresetShowsErrorAndSendsNothing()
{
    PresetPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy sent(&panel, &PresetPanel::sendRequested);
    panel.setPresets({{QStringLiteral("Bad"), MacroExpander::Mode::Text, QStringLiteral("x {nope}")},
        {QStringLiteral("Good"), MacroExpander::Mode::Text, QStringLiteral("{{ok}}")}});
    auto *table = child<QTableWidget>(&panel, "presetTable");
    QTest::mouseClick(sendButton(table, 0), Qt::LeftButton);
    QCOMPARE(sent.count(), 0);
    QVERIFY2(panel.errorText().contains(QStringLiteral("position 3")), qPrintable(panel.errorText()));
    QTest::mouseClick(sendButton(table, 1), Qt::LeftButton);
    QCOMPARE(sent.count(), 1);
    QCOMPARE(sent.at(0).at(0).toByteArray(), QByteArray("{ok}"));
    QCOMPARE(panel.errorText(), QString());

    // Remove the selected row.
    table->selectRow(0);
    QTest::mouseClick(child<QPushButton>(&panel, "presetRemove"), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(panel.presets().at(0).name, QStringLiteral("Good"));
}

void tst_PresetPanel::exportImportRoundTrips()
{
    const QuickSendPresets presets {
        {QStringLiteral("Ping"), MacroExpander::Mode::Text, QStringLiteral("PING {counter}\\r\\n")},
        {QStringLiteral("读取"), MacroExpander::Mode::Hex, QStringLiteral("01 03 00 00 00 0a")},
        {QStringLiteral("Time"), MacroExpander::Mode::Text, QStringLiteral("{time:HH:mm:ss} {{x}}")},
    };
    PresetPanel panel;
    panel.setPresets(presets);
    auto *mode = qobject_cast<QComboBox *>(child<QTableWidget>(&panel, "presetTable")->cellWidget(1, 2));
    QCOMPARE(mode->currentData().toInt(), int(MacroExpander::Mode::Hex));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("presets.json"));
    QString error;
    QVERIFY2(panel.exportTo(path, &error), qPrintable(error));

    PresetPanel other;
    QVERIFY2(other.importFrom(path, &error), qPrintable(error));
    QCOMPARE(other.presets(), presets);
    // Importing adds to what is there.
    QVERIFY(other.importFrom(path, &error));
    QCOMPARE(other.presets().size(), 6);

    // A broken file changes nothing and says why.
    QFile broken(dir.filePath(QStringLiteral("broken.json")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write(R"({"presets": [{"name": "no text"}]})");
    broken.close();
    QVERIFY(!other.importFrom(broken.fileName(), &error));
    QVERIFY2(error.contains(QStringLiteral("preset 1")), qPrintable(error));
    QCOMPARE(other.presets().size(), 6);
}

void tst_PresetPanel::presetsSurviveARestart()
{
    const QuickSendPresets presets {
        {QStringLiteral("Keep"), MacroExpander::Mode::Hex, QStringLiteral("de ad")}};
    {
        MainWindow window;
        SessionTab *tab = window.addSessionTab();
        tab->presetPanel()->setPresets(presets);
        window.close();
    }
    MainWindow restarted;
    QCOMPARE(restarted.addSessionTab()->presetPanel()->presets(), presets);
}

void tst_PresetPanel::emptyPanelShowsAHint()
{
    PresetPanel panel;
    panel.resize(400, 200);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.emptyHint()->isVisible());
    QVERIFY(panel.emptyHint()->text().contains(QLatin1String("{counter}")));
    QVERIFY(panel.emptyHint()->width() > 200); // laid over the table, not squeezed into a corner

    QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("presetAdd")), Qt::LeftButton);
    QCOMPARE(panel.presets().size(), 1);
    QVERIFY(!panel.emptyHint()->isVisible());
    panel.setPresets({});
    QVERIFY(panel.emptyHint()->isVisible());
    panel.setPresets({{QStringLiteral("One"), MacroExpander::Mode::Text, QStringLiteral("x")}});
    QVERIFY(!panel.emptyHint()->isVisible());
}

void tst_PresetPanel::panelCanBeHiddenAndStaysHidden()
{
    {
        MainWindow window;
        SessionTab *first = window.addSessionTab();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *action = window.findChild<QAction *>(QStringLiteral("viewQuickSend"));
        QVERIFY(action);
        QVERIFY(action->isChecked());
        QVERIFY(first->presetPanel()->isVisible());
        SessionTab *second = window.addSessionTab();
        window.tabs()->setCurrentWidget(first);
        QTRY_VERIFY(first->presetPanel()->width() > 0);
        const int composerBefore = first->composer()->width();
        const int panelWidth = first->presetPanel()->width();
        action->trigger();
        QVERIFY(!action->isChecked());
        QVERIFY(!first->presetPanel()->isVisible());
        QVERIFY(!second->presetPanel()->isVisibleTo(second));
        // The composer takes the room.
        QTRY_VERIFY2(first->composer()->width() >= composerBefore + panelWidth / 2,
            qPrintable(QStringLiteral("%1, was %2 beside %3")
                           .arg(first->composer()->width())
                           .arg(composerBefore)
                           .arg(panelWidth)));
    }
    // The next window remembers.
    MainWindow restarted;
    SessionTab *tab = restarted.addSessionTab();
    QVERIFY(!tab->presetPanel()->isVisibleTo(tab));
    auto *action = restarted.findChild<QAction *>(QStringLiteral("viewQuickSend"));
    QVERIFY(!action->isChecked());
    action->trigger();
    QVERIFY(tab->presetPanel()->isVisibleTo(tab));
}

QTEST_MAIN(tst_PresetPanel)
#include "tst_presetpanel.moc"
