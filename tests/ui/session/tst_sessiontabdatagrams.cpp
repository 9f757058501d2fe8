// The window's datagram tabs as a user drives them: UDP peers as send targets, multicast groups
// chosen in the options, and ICMP pings with their replies. Real widgets, real sockets on loopback,
// offscreen.

#include "icmppacket.h"
#include "logmodel.h"
#include "logview.h"
#include "mainwindow.h"
#include "peerlistmodel.h"
#include "peerlistview.h"
#include "sessionsettingsbar.h"
#include "sessiontab.h"
#include "sessiontabdriver.h"

#include <QCheckBox>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkDatagram>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUdpSocket>

using namespace sockpit;
using namespace sockpit::ui;
using namespace sockpit::test;

namespace {
constexpr int WaitMs = 10000;
} // namespace

class tst_SessionTabDatagrams : public QObject
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
    void udpPeersAreSendTargets();
    void icmpModePingsAndShowsReplies();
    void udpMulticastGroupsFromTheOptions();
};

void tst_SessionTabDatagrams::udpPeersAreSendTargets()
{
    MainWindow window;
    SessionConfig udp;
    udp.mode = SessionMode::Udp;
    udp.bindAddress = QHostAddress::LocalHost;
    udp.bindAddressSet = true;
    SessionTab *tab = window.addSessionTab(&udp);
    QVERIFY(clickStart(tab));
    QUdpSocket first;
    QUdpSocket second;
    QVERIFY(first.bind(QHostAddress::LocalHost, 0));
    QVERIFY(second.bind(QHostAddress::LocalHost, 0));
    first.writeDatagram("one", QHostAddress::LocalHost, tab->session()->localPort());
    second.writeDatagram("two", QHostAddress::LocalHost, tab->session()->localPort());
    QTRY_COMPARE_WITH_TIMEOUT(tab->peerList()->model()->rowCount(), 2, WaitMs);

    const QString firstPeer = QStringLiteral("127.0.0.1:%1").arg(first.localPort());
    ConnId firstId = 0;
    for (const PeerInfo &peer : tab->session()->peers()) {
        if (peer.peer == firstPeer)
            firstId = peer.id;
    }
    QVERIFY(firstId != 0);
    QTableView *table = tab->peerList()->tableView();
    table->selectionModel()->select(table->model()->index(tab->peerList()->model()->rowOf(firstId), 0),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    tab->sendTargetBox()->setCurrentIndex(1); // selected peers
    typeAndSend(tab, QStringLiteral("to the first"));
    QTRY_VERIFY_WITH_TIMEOUT(first.hasPendingDatagrams(), WaitMs);
    QCOMPARE(first.receiveDatagram().data(), QByteArray("to the first"));

    tab->sendTargetBox()->setCurrentIndex(0); // the most recent sender: the second
    typeAndSend(tab, QStringLiteral("to the last sender"));
    QTRY_VERIFY_WITH_TIMEOUT(second.hasPendingDatagrams(), WaitMs);
    QCOMPARE(second.receiveDatagram().data(), QByteArray("to the last sender"));
    QVERIFY(!first.hasPendingDatagrams());
}

void tst_SessionTabDatagrams::icmpModePingsAndShowsReplies()
{
    if (const QString why = icmp::unavailableReason(); !why.isEmpty())
        QSKIP(qPrintable(why));
    MainWindow window;
    SessionTab *tab = window.addSessionTab();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SessionSettingsBar *bar = tab->settingsBar();
    auto *mode = bar->findChild<QComboBox *>(QStringLiteral("mode"));
    const int icmpIndex = mode->findData(int(SessionMode::Icmp));
    QVERIFY(icmpIndex >= 0);
    QCOMPARE(mode->itemText(icmpIndex), QStringLiteral("ICMP (raw)"));
    mode->setCurrentIndex(icmpIndex);
    // A host and nothing else: no local address or ports.
    auto *host = bar->findChild<QLineEdit *>(QStringLiteral("remoteHost"));
    QVERIFY(host->isVisible());
    QVERIFY(!bar->findChild<QComboBox *>(QStringLiteral("localAddress"))->isVisible());
    QVERIFY(!bar->findChild<QLineEdit *>(QStringLiteral("localPort"))->isVisible());
    QVERIFY(!bar->findChild<QLineEdit *>(QStringLiteral("remotePort"))->isVisible());
    host->clear();
    QVERIFY(!bar->startButton()->isEnabled());
    QTest::keyClicks(host, QStringLiteral("::1"));
    QVERIFY(!bar->startButton()->isEnabled()); // IPv4 only
    host->clear();
    QTest::keyClicks(host, QStringLiteral("127.0.0.1"));
    QCOMPARE(bar->startButton()->text(), QStringLiteral("Ping"));

    // Two requests, 20 ms apart, through the options popup's fields.
    QTest::mouseClick(bar->findChild<QToolButton *>(QStringLiteral("options")), Qt::LeftButton);
    auto *popup = bar->findChild<QWidget *>(QStringLiteral("optionsPopup"));
    QVERIFY(QTest::qWaitForWindowExposed(popup));
    auto *count = popup->findChild<QSpinBox *>(QStringLiteral("pingCount"));
    auto *interval = popup->findChild<QSpinBox *>(QStringLiteral("pingInterval"));
    QVERIFY(count->isVisible() && interval->isVisible());
    QVERIFY(!popup->findChild<QCheckBox *>(QStringLiteral("echo"))->isVisible());
    count->setValue(2);
    interval->setValue(20);
    QTest::keyClick(popup, Qt::Key_Escape);
    QCOMPARE(bar->config().pingCount, 2);

    QSignalSpy stopped(tab->session(), &Session::stopped);
    QVERIFY(clickStart(tab));
    QVERIFY(stopped.wait(WaitMs)); // done after its count
    LogModel *log = tab->logView()->model();
    for (const char *line : {"bytes from 127.0.0.1: icmp_seq=1 ttl=64",
             "bytes from 127.0.0.1: icmp_seq=2 ttl=64", "2 sent, 2 received, 0% lost"})
        QTRY_COMPARE_WITH_TIMEOUT(countRows(log, Direction::Info, QString::fromUtf8(line)), 1, WaitMs);
}

void tst_SessionTabDatagrams::udpMulticastGroupsFromTheOptions()
{
    MainWindow window;
    SessionConfig udp;
    udp.mode = SessionMode::Udp;
    udp.bindAddress = QHostAddress::AnyIPv4;
    udp.bindAddressSet = true;
    SessionTab *tab = window.addSessionTab(&udp);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SessionSettingsBar *bar = tab->settingsBar();
    QTest::mouseClick(bar->findChild<QToolButton *>(QStringLiteral("options")), Qt::LeftButton);
    auto *popup = bar->findChild<QWidget *>(QStringLiteral("optionsPopup"));
    QVERIFY(QTest::qWaitForWindowExposed(popup));
    auto *group = popup->findChild<QLineEdit *>(QStringLiteral("multicastGroup"));
    auto *iface = popup->findChild<QComboBox *>(QStringLiteral("multicastInterface"));
    auto *join = popup->findChild<QPushButton *>(QStringLiteral("multicastJoin"));
    auto *leave = popup->findChild<QPushButton *>(QStringLiteral("multicastLeave"));
    auto *list = popup->findChild<QListWidget *>(QStringLiteral("multicastGroups"));
    QVERIFY(group && iface && join && leave && list);
    QVERIFY(group->isVisible());
    // Never the default interface in a test: lo, so nothing leaves this machine.
    const int lo = iface->findData(QStringLiteral("lo"));
    QVERIFY(lo > 0);
    iface->setCurrentIndex(lo);
    QTest::keyClicks(group, QStringLiteral("10.0.0.1"));
    QTest::mouseClick(join, Qt::LeftButton);
    QCOMPARE(list->count(), 0);
    QVERIFY2(group->toolTip().contains(QStringLiteral("is not a multicast group address")),
        qPrintable(group->toolTip()));
    group->clear();
    QTest::keyClicks(group, QStringLiteral("239.1.2.5"));
    QTest::mouseClick(join, Qt::LeftButton);
    QCOMPARE(list->count(), 1); // joined at start
    QTest::keyClick(popup, Qt::Key_Escape);
    QCOMPARE(
        bar->config().multicastGroups, QVector<QHostAddress>({QHostAddress(QStringLiteral("239.1.2.5"))}));
    QCOMPARE(bar->config().multicastInterface, QStringLiteral("lo"));

    QVERIFY(clickStart(tab));
    const quint16 port = tab->session()->localPort();
    // The sender leaves by lo too (IP_MULTICAST_IF), never by the default route.
    Session sender;
    SessionConfig senderConfig;
    senderConfig.mode = SessionMode::Udp;
    senderConfig.bindAddress = QHostAddress::AnyIPv4;
    senderConfig.multicastInterface = QStringLiteral("lo");
    QSignalSpy senderStarted(&sender, &Session::started);
    sender.start(senderConfig);
    QVERIFY(senderStarted.wait(WaitMs));
    const auto deliver = [&](const char *to, const QByteArray &bytes) {
        const qint64 before = tab->session()->counters().messagesIn;
        sender.send(bytes, SendTarget::to(QHostAddress(QString::fromLatin1(to)), port));
        return QTest::qWaitFor([&] { return tab->session()->counters().messagesIn > before; }, WaitMs);
    };
    QVERIFY(deliver("239.1.2.5", "at start"));

    // While running: the options that need a restart are locked; the groups are not, nor is echo.
    QTest::mouseClick(bar->findChild<QToolButton *>(QStringLiteral("options")), Qt::LeftButton);
    QVERIFY(QTest::qWaitForWindowExposed(popup));
    QVERIFY(!popup->findChild<QCheckBox *>(QStringLiteral("keepAlive"))->isEnabled());
    QVERIFY(popup->findChild<QCheckBox *>(QStringLiteral("echo"))->isEnabled());
    QVERIFY(join->isEnabled() && leave->isEnabled());
    group->clear();
    QTest::keyClicks(group, QStringLiteral("239.1.2.6"));
    QTest::mouseClick(join, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(list->count(), 2, WaitMs);
    QVERIFY(deliver("239.1.2.6", "joined while running"));
    list->setCurrentRow(0);
    group->clear();
    QTest::mouseClick(leave, Qt::LeftButton); // the selected group
    QTRY_COMPARE_WITH_TIMEOUT(list->count(), 1, WaitMs);
    QCOMPARE(list->item(0)->text(), QStringLiteral("239.1.2.6"));
    QTest::keyClick(popup, Qt::Key_Escape);
    LogModel *log = tab->logView()->model();
    QTRY_COMPARE_WITH_TIMEOUT(
        countRows(log, Direction::Info, QStringLiteral("left 239.1.2.5 on lo")), 1, WaitMs);
}

QTEST_MAIN(tst_SessionTabDatagrams)
#include "tst_sessiontabdatagrams.moc"
