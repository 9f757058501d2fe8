// View > Log Capacity: the choice reaches the log of every tab in every window, the tabs opened later,
// and the next start; the menu shows the current choice checked.

#include "appsettings.h"
#include "logmodel.h"
#include "logview.h"
#include "mainwindow.h"
#include "sessiontab.h"
#include "viewmenu.h"

#include <QAction>
#include <QTemporaryDir>
#include <QTest>

using namespace sockpit;
using namespace sockpit::ui;

class tst_ViewMenu : public QObject
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
    void logCapacityReachesEveryTab();
};

namespace {

QAction *capacityAction(MainWindow &window, int rows)
{
    for (ViewMenu *menu : window.findChildren<ViewMenu *>()) {
        for (QAction *action : menu->logCapacityMenu()->actions()) {
            if (action->data().toInt() == rows)
                return action;
        }
    }
    return nullptr;
}

} // namespace

void tst_ViewMenu::logCapacityReachesEveryTab()
{
    QCOMPARE(ViewMenu::logCapacities(), (QList<int> {100000, 1000000, 10000000}));
    MainWindow first;
    SessionTab *a = first.addSessionTab();
    SessionTab *b = first.addSessionTab();
    MainWindow second;
    SessionTab *c = second.addSessionTab();
    for (SessionTab *tab : {a, b, c})
        QCOMPARE(tab->logView()->model()->capacity(), LogModel::DefaultCapacity);

    QAction *million = capacityAction(first, 1000000);
    QVERIFY(million);
    QCOMPARE(million->text(), QStringLiteral("1,000,000 rows"));
    million->trigger();
    for (SessionTab *tab : {a, b, c})
        QCOMPARE(tab->logView()->model()->capacity(), 1000000);
    SessionTab *later = second.addSessionTab();
    QCOMPARE(later->logView()->model()->capacity(), 1000000);
    QCOMPARE(AppSettings::logCapacity(LogModel::DefaultCapacity), 1000000);
    // The other window's menu shows the choice once it opens.
    QAction *seen = capacityAction(second, 1000000);
    QVERIFY(seen);
    for (ViewMenu *menu : second.findChildren<ViewMenu *>())
        emit menu->aboutToShow();
    QVERIFY(seen->isChecked());

    // Shrinking drops the oldest rows of a full log at once.
    LogModel *model = a->logView()->model();
    EventBatch batch;
    for (int i = 0; i < 150000; ++i) {
        Event event;
        event.dir = Direction::In;
        event.conn = 1;
        event.peer = QStringLiteral("127.0.0.1:5000");
        event.payload = QByteArray::number(i);
        event.len = event.payload.size();
        batch.push_back(event);
    }
    model->appendEvents(batch, 0);
    QCOMPARE(model->rowCount(), 150000);
    capacityAction(first, 100000)->trigger();
    QCOMPARE(model->rowCount(), 100000);
    QCOMPARE(model->payloadText(0), QStringLiteral("50000"));
    QCOMPARE(AppSettings::logCapacity(LogModel::DefaultCapacity), 100000);
}

QTEST_MAIN(tst_ViewMenu)
#include "tst_viewmenu.moc"
