// File > Save Workspace / Open Workspace and Reopen Tabs at Start, through the window's own actions:
// the tabs come back with their settings, names and presets; each tab of a workspace starts (or fails
// to, with its reason) on its own.

#include "appsettings.h"
#include "dialoganswers.h"
#include "logmodel.h"
#include "logview.h"
#include "mainwindow.h"
#include "presetpanel.h"
#include "sessionsettingsbar.h"
#include "sessiontab.h"
#include "workspaceactions.h"

#include <QAction>
#include <QFile>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace sockpit;
using namespace sockpit::ui;
using sockpit::test::DialogAnswers;
using sockpit::test::FileChooserAnswers;

class tst_WorkspaceActions : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private slots:
    void init();
    void saveAndOpenThroughTheMenu();
    void brokenFileIsReportedAndOpensNothing();
    void closingRemembersTheTabsForTheNextStart();
    void reopeningCanBeTurnedOff();
    void eachTabStartsOrFailsOnItsOwn();

private:
    QTemporaryDir m_dir;
};

namespace {
QString S(const char *text)
{
    return QString::fromUtf8(text);
}

// A window with a named TCP server that has presets of its own, and a UDP socket.
void setUpBench(MainWindow *window)
{
    SessionConfig server;
    server.bindAddress = QHostAddress::LocalHost;
    server.bindPort = 5020;
    server.echo = true;
    SessionTab *first = window->addSessionTab(&server);
    first->setCustomTitle(S("PLC"));
    first->presetPanel()->setPresets({{S("Read"), MacroExpander::Mode::Hex, S("01 03 00 00 00 0a")}});
    SessionConfig udp;
    udp.mode = SessionMode::Udp;
    udp.bindAddress = QHostAddress::AnyIPv4;
    udp.bindPort = 9000;
    udp.host = S("127.0.0.1");
    udp.port = 9001;
    window->addSessionTab(&udp);
}

void checkBench(MainWindow *window, int from)
{
    QCOMPARE(window->tabCount(), from + 2);
    SessionTab *server = window->tabAt(from);
    SessionTab *udp = window->tabAt(from + 1);
    QCOMPARE(server->title(), S("PLC"));
    QCOMPARE(server->settingsBar()->config().mode, SessionMode::TcpServer);
    QCOMPARE(server->settingsBar()->config().bindPort, quint16(5020));
    QCOMPARE(server->settingsBar()->config().bindAddress, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(server->settingsBar()->config().echo, true);
    QCOMPARE(server->presetPanel()->presets().size(), 1);
    QCOMPARE(server->presetPanel()->presets().constFirst().name, S("Read"));
    QCOMPARE(udp->settingsBar()->config().mode, SessionMode::Udp);
    QCOMPARE(udp->settingsBar()->config().bindPort, quint16(9000));
    QCOMPARE(udp->settingsBar()->config().host, S("127.0.0.1"));
    QCOMPARE(udp->settingsBar()->config().port, quint16(9001));
    QVERIFY(udp->title() != S("PLC"));
}
} // namespace

void tst_WorkspaceActions::init()
{
    AppSettings::setReopenTabs(true);
    AppSettings::setLastWorkspace(QByteArray());
    AppSettings::setQuickSendPresets({});
}

void tst_WorkspaceActions::saveAndOpenThroughTheMenu()
{
    const QString path = m_dir.filePath(S("bench.json"));
    FileChooserAnswers files;
    {
        MainWindow window;
        setUpBench(&window);
        files.answer(path);
        window.workspaceActions()->saveAction()->trigger();
        QCOMPARE(files.requests.size(), 1);
        QCOMPARE(files.requests.constFirst().mode, FileChooser::Mode::Save);
    }
    QVERIFY(QFile::exists(path));

    MainWindow window;
    window.addSessionTab(); // what was open stays; the workspace's tabs come beside it
    files.answer(path);
    window.workspaceActions()->openAction()->trigger();
    checkBench(&window, 1);
    QCOMPARE(window.currentTab(), window.tabAt(1)); // the workspace's first tab is shown
}

void tst_WorkspaceActions::brokenFileIsReportedAndOpensNothing()
{
    const QString path = m_dir.filePath(S("broken.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"tabs\": [");
    file.close();
    FileChooserAnswers files;
    QString said;
    DialogAnswers dialogs([&said](QDialog *dialog) {
        if (auto *box = qobject_cast<QMessageBox *>(dialog))
            said = box->text();
    });
    MainWindow window;
    window.addSessionTab();
    files.answer(path);
    window.workspaceActions()->openAction()->trigger();
    QCOMPARE(dialogs.count, 1);
    QVERIFY2(said.contains(S("broken.json")) && said.contains(S("not valid JSON")), qPrintable(said));
    QCOMPARE(window.tabCount(), 1);
}

void tst_WorkspaceActions::closingRemembersTheTabsForTheNextStart()
{
    {
        MainWindow window;
        setUpBench(&window);
        window.close();
    }
    MainWindow restarted;
    const QList<SessionTab *> tabs = restarted.openLastTabs();
    QCOMPARE(tabs.size(), 2);
    checkBench(&restarted, 0);
    // Nothing was started: a restored tab waits for the user.
    QCOMPARE(tabs.constFirst()->session()->state(), Session::State::Idle);
}

void tst_WorkspaceActions::reopeningCanBeTurnedOff()
{
    {
        MainWindow window;
        setUpBench(&window);
        QVERIFY(window.workspaceActions()->reopenAction()->isChecked());
        window.workspaceActions()->reopenAction()->trigger();
        window.close();
    }
    QCOMPARE(AppSettings::reopenTabs(), false);
    MainWindow restarted;
    QVERIFY(!restarted.workspaceActions()->reopenAction()->isChecked());
    QCOMPARE(restarted.openLastTabs().size(), 1); // one tab with the last settings
    QVERIFY(restarted.currentTab()->title() != S("PLC"));
}

void tst_WorkspaceActions::eachTabStartsOrFailsOnItsOwn()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost));
    Workspace workspace;
    workspace.tabs.resize(3);
    for (WorkspaceTab &tab : workspace.tabs)
        tab.config.bindAddress = QHostAddress::LocalHost;
    workspace.tabs[0].config.bindPort = taken.serverPort();
    workspace.tabs[1].config.bindPort = 0;
    workspace.tabs[2].config.mode = SessionMode::Udp;
    workspace.tabs[2].problems = {S("\"echo\" must be true or false; left at its default")};

    MainWindow window;
    const QList<SessionTab *> tabs = window.openWorkspace(workspace);
    QCOMPARE(tabs.size(), 3);
    // A problem of the file shows in its tab's status line and log.
    QVERIFY2(tabs.at(2)->statusText().contains(S("\"echo\"")), qPrintable(tabs.at(2)->statusText()));
    const LogModel *log = tabs.at(2)->logView()->model();
    QTRY_VERIFY(log->rowCount() > 0);
    bool logged = false;
    for (int row = 0; row < log->rowCount(); ++row) {
        const QString text = log->index(row, LogModel::PayloadColumn).data().toString();
        logged = logged || (text.contains(S("workspace")) && text.contains(S("\"echo\"")));
    }
    QVERIFY(logged);

    for (SessionTab *tab : tabs)
        tab->startFromWorkspace(); // as --workspace FILE --start does
    QTRY_COMPARE(tabs.at(1)->session()->state(), Session::State::Running);
    // The tab with a problem waits for the user: a default in place of a bad value is not what was meant.
    QCOMPARE(tabs.at(2)->session()->state(), Session::State::Idle);
    const auto saysNotStarted = [log] {
        for (int row = 0; row < log->rowCount(); ++row) {
            if (log->index(row, LogModel::PayloadColumn).data().toString().startsWith(S("not started")))
                return true;
        }
        return false;
    };
    QTRY_VERIFY(saysNotStarted());
    QTRY_VERIFY2(tabs.at(0)->statusText().contains(S("in use")), qPrintable(tabs.at(0)->statusText()));
    // The failure's event and the session's return to Idle come by different ways: wait for both.
    QTRY_COMPARE(tabs.at(0)->session()->state(), Session::State::Idle);
}

QTEST_MAIN(tst_WorkspaceActions)
#include "tst_workspaceactions.moc"
