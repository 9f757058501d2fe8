// A session tab's plot of values, as a user drives it: View > Plot shows it, Fields… chooses what to
// plot, a real UDP session on loopback receives datagrams like "temp=21.5" and the plot gets their
// points; the fields are remembered for the mode and kept in a workspace. Real widgets, offscreen.

#include "appsettings.h"
#include "mainwindow.h"
#include "plotpane.h"
#include "plotwidget.h"
#include "sessiontab.h"
#include "sessiontabdriver.h"
#include "settingswriter.h"
#include "valuefieldeditor.h"
#include "workspace.h"

#include <QAction>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

using namespace sockpit;
using namespace sockpit::ui;
using namespace sockpit::test;

namespace {
constexpr int WaitMs = 10000;

SessionConfig udpConfig()
{
    SessionConfig udp;
    udp.mode = SessionMode::Udp;
    udp.bindAddress = QHostAddress::LocalHost;
    udp.bindAddressSet = true;
    return udp;
}
} // namespace

class tst_SessionTabPlot : public QObject
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
    void udpDatagramsGivePoints();
    void fieldsAreRememberedPerMode();
    void workspaceKeepsTheFields();
};

void tst_SessionTabPlot::udpDatagramsGivePoints()
{
    MainWindow window;
    const SessionConfig udp = udpConfig();
    SessionTab *tab = window.addSessionTab(&udp);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    PlotPane *pane = tab->plotPane();
    QVERIFY(!pane->isVisible()); // hidden until asked for

    auto *viewPlot = window.findChild<QAction *>(QStringLiteral("viewPlot"));
    QVERIFY(viewPlot);
    viewPlot->trigger();
    QVERIFY(pane->isVisible());
    QVERIFY(viewPlot->isChecked());
    QTRY_VERIFY(pane->height() > 100); // the splitter has made room for it

    // Fields…: one field, typed into the editor's table.
    QTest::mouseClick(pane->findChild<QPushButton *>(QStringLiteral("plotFields")), Qt::LeftButton);
    ValueFieldEditor *editor = nullptr;
    QTRY_VERIFY((editor = pane->fieldEditor()) && editor->isVisible());
    QTest::mouseClick(editor->findChild<QPushButton *>(QStringLiteral("valueFieldAdd")), Qt::LeftButton);
    auto *table = editor->findChild<QTableWidget *>(QStringLiteral("valueFieldTable"));
    table->item(0, 0)->setText(QStringLiteral("temp"));
    table->item(0, 2)->setText(QStringLiteral("temp=([-\\d.]+)"));
    editor->accept();
    QCOMPARE(pane->fields().size(), 1);

    QVERIFY(clickStart(tab));
    QUdpSocket device;
    QVERIFY(device.bind(QHostAddress::LocalHost, 0));
    const quint16 port = tab->session()->localPort();
    device.writeDatagram("temp=21.5", QHostAddress::LocalHost, port);
    device.writeDatagram("humidity=40", QHostAddress::LocalHost, port); // no point
    device.writeDatagram("temp=-3.25\r\n", QHostAddress::LocalHost, port);
    PlotWidget *plot = pane->plot();
    QTRY_COMPARE_WITH_TIMEOUT(plot->series(0).size(), std::size_t(2), WaitMs);
    QCOMPARE(plot->series(0).values()[0], 21.5);
    QCOMPARE(plot->series(0).values()[1], -3.25);
    QTRY_COMPARE_WITH_TIMEOUT(tab->session()->counters().messagesIn, qint64(3), WaitMs);
    QCOMPARE(plot->series(0).size(), std::size_t(2));

    viewPlot->trigger();
    QVERIFY(!pane->isVisible());
}

void tst_SessionTabPlot::fieldsAreRememberedPerMode()
{
    MainWindow window;
    const SessionConfig udp = udpConfig();
    SessionTab *tab = window.addSessionTab(&udp);
    tab->plotPane()->editFields();
    ValueFieldEditor *editor = tab->plotPane()->fieldEditor();
    QVERIFY(editor);
    ValueField field;
    field.name = QStringLiteral("rpm");
    field.kind = ValueField::Kind::Binary;
    field.offset = 2;
    field.type = ValueField::Type::U16;
    field.bigEndian = false;
    editor->setFields({field});
    editor->accept();
    SettingsWriter::waitForWrites();
    QCOMPARE(AppSettings::valueFields(SessionMode::Udp), ValueFields({field}));
    QCOMPARE(AppSettings::valueFields(SessionMode::TcpServer), ValueFields());

    SessionTab *second = window.addSessionTab(&udp);
    QCOMPARE(second->plotPane()->fields(), ValueFields({field}));
    SessionConfig server = serverConfig();
    SessionTab *third = window.addSessionTab(&server);
    QCOMPARE(third->plotPane()->fields(), ValueFields());
}

void tst_SessionTabPlot::workspaceKeepsTheFields()
{
    MainWindow window;
    SessionConfig server = serverConfig();
    SessionTab *tab = window.addSessionTab(&server);
    ValueField field;
    field.name = QStringLiteral("volts");
    field.pattern = QStringLiteral("v=(?<v>[\\d.]+)");
    field.groupName = QStringLiteral("v");
    tab->plotPane()->setFields({field});

    const QByteArray json = workspaceToJson(window.workspace());
    QVERIFY(json.contains("\"fields\""));
    Workspace workspace;
    QString error;
    QVERIFY2(workspaceFromJson(json, &workspace, &error), qPrintable(error));
    QCOMPARE(workspace.tabs.size(), 1);
    QVERIFY(workspace.tabs.at(0).problems.isEmpty());
    QCOMPARE(workspace.tabs.at(0).fields, ValueFields({field}));

    MainWindow other;
    const QList<SessionTab *> opened = other.openWorkspace(workspace);
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.at(0)->plotPane()->fields(), ValueFields({field}));

    // A field that cannot be used is named, and the tab opens without the fields.
    QByteArray broken = json;
    broken.replace("\"kind\": \"regex\"", "\"kind\": \"sensor\"");
    QVERIFY(workspaceFromJson(broken, &workspace, &error));
    QVERIFY(!workspace.tabs.at(0).hasFields);
    QVERIFY2(
        workspace.tabs.at(0).problems.join(QLatin1Char('\n')).contains(QStringLiteral("field 1 (volts)")),
        qPrintable(workspace.tabs.at(0).problems.join(QLatin1Char('\n'))));
}

QTEST_MAIN(tst_SessionTabPlot)
#include "tst_sessiontabplot.moc"
