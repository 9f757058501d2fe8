// The window's own actions that no other unit's test covers: Session > Show as Code opens the current
// tab's settings as a program beside the window, and is offered only for the modes it can write.

#include "codedialog.h"
#include "mainwindow.h"
#include "sessionsettingsbar.h"
#include "sessiontab.h"

#include <QAction>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

using namespace sockpit;
using namespace sockpit::ui;

class tst_MainWindow : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private slots:
    void showAsCodeShowsTheCurrentTab();
    void showAsCodeFollowsTheMode();
};

void tst_MainWindow::showAsCodeShowsTheCurrentTab()
{
    MainWindow window;
    SessionConfig config;
    config.bindAddress = QHostAddress::LocalHost;
    config.bindPort = 5020;
    window.addSessionTab(&config);
    window.show();
    auto *action = window.findChild<QAction *>(QStringLiteral("showAsCode"));
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    action->trigger();
    auto *dialog = window.findChild<CodeDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->isModal()); // the window stays usable beside it
    QVERIFY2(dialog->shownCode().contains(QStringLiteral("5020")), qPrintable(dialog->shownCode()));
    QVERIFY(dialog->shownCode().contains(QStringLiteral("listen(")));
    dialog->close(); // deletes itself
    QTRY_VERIFY(!window.findChild<CodeDialog *>());
}

void tst_MainWindow::showAsCodeFollowsTheMode()
{
    MainWindow window;
    SessionConfig relay;
    relay.mode = SessionMode::TcpRelay;
    window.addSessionTab(&relay);
    auto *action = window.findChild<QAction *>(QStringLiteral("showAsCode"));
    QVERIFY(action);
    QVERIFY(!action->isEnabled()); // a relay is not written as code
    SessionConfig udp;
    udp.mode = SessionMode::Udp;
    window.addSessionTab(&udp); // and shown: the current tab
    QVERIFY(action->isEnabled());
    window.currentTab()->setConfig(relay);
    QVERIFY(!action->isEnabled());
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
