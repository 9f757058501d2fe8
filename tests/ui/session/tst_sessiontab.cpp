// The window as a user drives it: real widgets, real sessions on loopback, offscreen.

#include "composer.h"
#include "logmodel.h"
#include "logview.h"
#include "mainwindow.h"
#include "peerlistmodel.h"
#include "peerlistview.h"
#include "sessionsettingsbar.h"
#include "sessiontab.h"
#include "sessiontabdriver.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QFile>
#include <QFont>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace sockpit;
using namespace sockpit::ui;
using namespace sockpit::test;

Q_DECLARE_METATYPE(sockpit::SessionMode)

namespace {
constexpr int WaitMs = 10000;
} // namespace

class tst_SessionTab : public QObject
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
    void serverAndClientInTwoWindows();
    void clientListFollowsConnections();
    void sendToSelectedClientOnly();
    void hexAndRepeatReachThePeer();
    void rowCapHoldsWhileAPeerFloods();
    void sendTargetsFollowTheMode_data();
    void sendTargetsFollowTheMode();
    void clientReconnectsAfterADrop();
    void sendFileAndSaveReceivedBytes();
    void recordingStartsWhileRunning();
    void clientThatNeverReadsShowsWaitingBytes();
    void portInUseIsReportedAndStartableAgain();
    void pickedPortsShowWhileRunning();
    void nothingClippedAtCommonSizes_data();
    void nothingClippedAtCommonSizes();
};

void tst_SessionTab::serverAndClientInTwoWindows()
{
    MainWindow serverWindow;
    MainWindow clientWindow;
    const SessionConfig server = serverConfig();
    SessionTab *serverTab = serverWindow.addSessionTab(&server);
    serverWindow.show();
    QVERIFY(clickStart(serverTab));
    const quint16 port = serverTab->session()->localPort();
    QVERIFY(port != 0);

    SessionConfig client;
    client.mode = SessionMode::TcpClient;
    client.host = QStringLiteral("127.0.0.1");
    client.port = port;
    SessionTab *clientTab = clientWindow.addSessionTab(&client);
    clientWindow.show();
    QVERIFY(clickStart(clientTab));
    QTRY_COMPARE_WITH_TIMEOUT(serverTab->peerList()->model()->rowCount(), 1, WaitMs);

    typeAndSend(clientTab, QStringLiteral("hello server"));
    QTRY_COMPARE_WITH_TIMEOUT(
        countRows(serverTab->logView()->model(), Direction::In, QStringLiteral("hello server")), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(
        countRows(clientTab->logView()->model(), Direction::Out, QStringLiteral("hello server")), 1, WaitMs);

    typeAndSend(serverTab, QStringLiteral("hello client"));
    QTRY_COMPARE_WITH_TIMEOUT(
        countRows(clientTab->logView()->model(), Direction::In, QStringLiteral("hello client")), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(
        countRows(serverTab->logView()->model(), Direction::Out, QStringLiteral("hello client")), 1, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(serverWindow.statusLabel()->text().contains(QStringLiteral("1 client")), WaitMs);

    // Disconnecting the client shows in the server's list and leaves the server listening.
    QSignalSpy stopped(clientTab->session(), &Session::stopped);
    QTest::mouseClick(clientTab->settingsBar()->startButton(), Qt::LeftButton);
    QVERIFY(stopped.wait(WaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(serverTab->peerList()->model()->rowCount(), 0, WaitMs);
    QCOMPARE(serverTab->session()->state(), Session::State::Running);
}

void tst_SessionTab::clientListFollowsConnections()
{
    MainWindow window;
    const SessionConfig server = serverConfig();
    SessionTab *tab = window.addSessionTab(&server);
    QVERIFY(clickStart(tab));
    const quint16 port = tab->session()->localPort();

    std::vector<std::unique_ptr<QTcpSocket>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<QTcpSocket>());
        clients.back()->connectToHost(QHostAddress::LocalHost, port);
    }
    QTRY_COMPARE_WITH_TIMEOUT(tab->peerList()->model()->rowCount(), 3, WaitMs);
    clients.front()->disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(tab->peerList()->model()->rowCount(), 2, WaitMs);

    // The Disconnect button closes the selected client.
    QTableView *table = tab->peerList()->tableView();
    table->selectionModel()->select(
        table->model()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QPushButton *disconnect = tab->peerList()->disconnectButton();
    QTRY_VERIFY_WITH_TIMEOUT(disconnect->isEnabled(), WaitMs);
    QTest::mouseClick(disconnect, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tab->peerList()->model()->rowCount(), 1, WaitMs);
}

void tst_SessionTab::sendToSelectedClientOnly()
{
    MainWindow window;
    const SessionConfig server = serverConfig();
    SessionTab *tab = window.addSessionTab(&server);
    QVERIFY(clickStart(tab));
    QTcpSocket first;
    QTcpSocket second;
    first.connectToHost(QHostAddress::LocalHost, tab->session()->localPort());
    QTRY_COMPARE_WITH_TIMEOUT(tab->peerList()->model()->rowCount(), 1, WaitMs);
    second.connectToHost(QHostAddress::LocalHost, tab->session()->localPort());
    QTRY_COMPARE_WITH_TIMEOUT(tab->peerList()->model()->rowCount(), 2, WaitMs);

    QTableView *table = tab->peerList()->tableView();
    const int firstRow = tab->peerList()->model()->rowOf(tab->session()->peers().constFirst().id);
    table->selectionModel()->select(
        table->model()->index(firstRow, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    tab->sendTargetBox()->setCurrentIndex(1); // selected clients
    typeAndSend(tab, QStringLiteral("only you"));
    QTRY_COMPARE_WITH_TIMEOUT(first.bytesAvailable(), qint64(8), WaitMs);

    tab->sendTargetBox()->setCurrentIndex(0); // all clients
    typeAndSend(tab, QStringLiteral("everyone"));
    QTRY_COMPARE_WITH_TIMEOUT(second.bytesAvailable(), qint64(8), WaitMs);
    QCOMPARE(second.readAll(), QByteArray("everyone")); // the selected-only message never reached it
    QTRY_COMPARE_WITH_TIMEOUT(first.bytesAvailable(), qint64(16), WaitMs);
    QCOMPARE(first.readAll(), QByteArray("only youeveryone"));
}

void tst_SessionTab::hexAndRepeatReachThePeer()
{
    MainWindow window;
    const SessionConfig server = serverConfig();
    SessionTab *tab = window.addSessionTab(&server);
    QVERIFY(clickStart(tab));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, tab->session()->localPort());
    QTRY_COMPARE_WITH_TIMEOUT(tab->peerList()->model()->rowCount(), 1, WaitMs);

    tab->composer()->setInputMode(InputMode::Hex);
    typeAndSend(tab, QStringLiteral("48 65 6c 6c 6f"));
    QTRY_COMPARE_WITH_TIMEOUT(client.bytesAvailable(), qint64(5), WaitMs);
    QCOMPARE(client.readAll(), QByteArray("Hello"));

    tab->composer()->setInputMode(InputMode::Text);
    tab->composer()->setText(QStringLiteral("ab"));
    tab->composer()->setRepeatInterval(5);
    tab->composer()->setRepeatTimes(7);
    QSignalSpy repeat(tab->composer(), &Composer::repeatStateChanged);
    tab->composer()->startRepeat();
    QTRY_VERIFY_WITH_TIMEOUT(!tab->composer()->isRepeating(), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(client.bytesAvailable(), qint64(14), WaitMs);
    QCOMPARE(client.readAll(), QByteArray("ab").repeated(7));
    QCOMPARE(tab->session()->counters().messagesOut, qint64(8));
}

void tst_SessionTab::rowCapHoldsWhileAPeerFloods()
{
    MainWindow window;
    const SessionConfig server = serverConfig();
    SessionTab *tab = window.addSessionTab(&server);
    LogModel *model = tab->logView()->model();
    model->setCapacity(20);
    QVERIFY(clickStart(tab));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, tab->session()->localPort());
    QVERIFY(client.waitForConnected(WaitMs));

    // 60 messages, each sent once the previous one arrived, so each is its own event.
    const int messages = 60;
    for (int i = 0; i < messages; ++i) {
        client.write(QByteArray::number(i).rightJustified(8, '0'));
        QTRY_COMPARE_WITH_TIMEOUT(tab->session()->counters().bytesIn, qint64(8) * (i + 1), WaitMs);
    }
    QTRY_VERIFY_WITH_TIMEOUT(countRows(model, Direction::In, QStringLiteral("00000059")) == 1, WaitMs);
    QCOMPARE(model->rowCount(), 20);
    QVERIFY(model->droppedRows() >= messages - 20);
    QCOMPARE(tab->session()->counters().messagesIn, qint64(messages)); // counters stay exact
}

void tst_SessionTab::sendTargetsFollowTheMode_data()
{
    QTest::addColumn<SessionMode>("mode");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QStringList>("expected");

    const QString selectedClients = QStringLiteral("Selected clients (0)");
    const QString lastSender = QStringLiteral("Most recent sender");
    QTest::newRow("tcp server") << SessionMode::TcpServer << QString()
                                << QStringList {QStringLiteral("All clients"), selectedClients};
    QTest::newRow("udp") << SessionMode::Udp << QString()
                         << QStringList {lastSender, QStringLiteral("Selected peers (0)")};
    QTest::newRow("udp with a target") << SessionMode::Udp << QStringLiteral("127.0.0.1")
                                       << QStringList {QStringLiteral("Target 127.0.0.1:9100"), lastSender,
                                              QStringLiteral("Selected peers (0)")};
    // A relay's list of clients is there to watch; what is typed goes to all of them or to the last
    // sender, so there is no "Selected…" to offer.
    QTest::newRow("tcp relay") << SessionMode::TcpRelay << QStringLiteral("127.0.0.1")
                               << QStringList {QStringLiteral("All clients")};
    QTest::newRow("udp relay") << SessionMode::UdpRelay << QStringLiteral("127.0.0.1")
                               << QStringList {lastSender};
    QTest::newRow("tcp client") << SessionMode::TcpClient << QStringLiteral("127.0.0.1")
                                << QStringList {QStringLiteral("The server")};
}

void tst_SessionTab::sendTargetsFollowTheMode()
{
    QFETCH(SessionMode, mode);
    QFETCH(QString, host);
    QFETCH(QStringList, expected);
    MainWindow window;
    SessionConfig config = serverConfig();
    config.mode = mode;
    config.host = host;
    config.port = host.isEmpty() ? 0 : 9100;
    SessionTab *tab = window.addSessionTab(&config);
    window.show();
    QComboBox *box = tab->sendTargetBox();
    QStringList offered;
    for (int i = 0; i < box->count(); ++i)
        offered.append(box->itemText(i));
    QCOMPARE(offered, expected);
    // A single target is no choice: the box only shows it.
    QCOMPARE(box->isEnabled(), expected.size() > 1);
    QCOMPARE(tab->peerList()->isVisibleTo(&window), mode != SessionMode::TcpClient);

    // The choice made stays when the list is offered again (peers come and go, selections change).
    box->setCurrentIndex(int(box->count() - 1));
    tab->setConfig(config);
    QCOMPARE(box->currentIndex(), int(box->count() - 1));
}

void tst_SessionTab::clientReconnectsAfterADrop()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    MainWindow window;
    SessionConfig client;
    client.mode = SessionMode::TcpClient;
    client.host = QStringLiteral("127.0.0.1");
    client.port = server.serverPort();
    SessionTab *tab = window.addSessionTab(&client);
    tab->settingsBar()->setReconnectEnabled(true);
    QVERIFY(clickStart(tab));
    QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingConnections(), WaitMs);
    delete server.nextPendingConnection(); // the server drops the client

    // After the back-off (1 s first) the client is back without a click.
    QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingConnections(), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(tab->session()->state(), Session::State::Running, WaitMs);
    std::unique_ptr<QTcpSocket> again(server.nextPendingConnection());
    typeAndSend(tab, QStringLiteral("back"));
    QTRY_COMPARE_WITH_TIMEOUT(again->bytesAvailable(), qint64(4), WaitMs);

    // A stop by the user is not a drop: no reconnect. The test's event loop runs while it waits, so
    // the tab's reconnect timer (1 s after a drop) would fire and be seen here.
    QSignalSpy stopped(tab->session(), &Session::stopped);
    QSignalSpy reconnected(&server, &QTcpServer::newConnection);
    tab->stop();
    QVERIFY(stopped.wait(WaitMs));
    QVERIFY(!reconnected.wait(2500));
    QVERIFY(!server.hasPendingConnections());
    QCOMPARE(tab->session()->state(), Session::State::Idle);
}

void tst_SessionTab::sendFileAndSaveReceivedBytes()
{
    QTemporaryDir dir;
    MainWindow window;
    const SessionConfig server = serverConfig();
    SessionTab *tab = window.addSessionTab(&server);
    QVERIFY(clickStart(tab));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, tab->session()->localPort());
    QTRY_COMPARE_WITH_TIMEOUT(tab->peerList()->model()->rowCount(), 1, WaitMs);

    QByteArray content;
    for (int i = 0; i < 300000; ++i)
        content.append(char(i * 7));
    const QString outgoing = dir.filePath(QStringLiteral("outgoing.bin"));
    QFile file(outgoing);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    tab->sendFile(outgoing);
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += client.readAll()).size() >= content.size(), WaitMs);
    QCOMPARE(received, content);

    const QString captured = dir.filePath(QStringLiteral("received.bin"));
    QString error;
    QVERIFY2(tab->startCapture(captured, 0, &error), qPrintable(error));
    client.write(content);
    QTRY_COMPARE_WITH_TIMEOUT(tab->session()->counters().bytesIn, qint64(content.size()), WaitMs);
    tab->stopCapture();
    QFile result(captured);
    QVERIFY(result.open(QIODevice::ReadOnly));
    QCOMPARE(result.readAll(), content);
}

void tst_SessionTab::recordingStartsWhileRunning()
{
    QTemporaryDir dir;
    MainWindow window;
    const SessionConfig server = serverConfig();
    SessionTab *tab = window.addSessionTab(&server);
    QVERIFY(clickStart(tab));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, tab->session()->localPort());
    QTRY_COMPARE_WITH_TIMEOUT(tab->peerList()->model()->rowCount(), 1, WaitMs);

    // Recording begins with the next event, not with the next start of the session.
    const QString path = dir.filePath(QStringLiteral("late.jsonl"));
    QString error;
    QVERIFY2(tab->startRecording(path, &error), qPrintable(error));
    client.write("after the start");
    QTRY_COMPARE_WITH_TIMEOUT(tab->session()->counters().bytesIn, qint64(15), WaitMs);
    auto recorded = [&path] {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    QTRY_VERIFY_WITH_TIMEOUT(recorded().contains("\"hex\":\"6166746572"), WaitMs);
    tab->stopRecording();
}

void tst_SessionTab::clientThatNeverReadsShowsWaitingBytes()
{
    // What the window offers against a client that never reads while the user keeps sending: the
    // waiting bytes in the client list (Queued column, highlighted, with a tooltip) and in the status
    // line, a refused send explained in the log, and Disconnect to give up on that client.
    MainWindow window;
    const SessionConfig server = serverConfig();
    SessionTab *tab = window.addSessionTab(&server);
    window.show();
    QVERIFY(clickStart(tab));
    const int stuck = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    QVERIFY(stuck >= 0);
    const int small = 4096;
    ::setsockopt(stuck, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(tab->session()->localPort());
    QCOMPARE(::connect(stuck, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    QTRY_COMPARE_WITH_TIMEOUT(tab->peerList()->model()->rowCount(), 1, WaitMs);

    // Fill the kernel's buffers and the connection's queue (the session's own bound, 8 MiB by default)
    // to the brim, until nothing drains any more over three looks ~50 ms apart.
    const qint64 limit = tab->session()->config().sendQueueLimit;
    auto topUp = [&] {
        for (const int size : {256 * 1024, 1024, 1}) {
            while (tab->session()->send(QByteArray(size, 'q'))) { }
        }
    };
    int steady = 0;
    auto settled = [&] {
        steady = tab->session()->counters().queuedBytes == limit ? steady + 1 : 0;
        topUp();
        return steady >= 3;
    };
    QTRY_VERIFY_WITH_TIMEOUT(settled(), 20000);
    QVERIFY(tab->session()->counters().queuedBytes <= tab->session()->config().sendQueueLimit);

    // The list shows what the session holds (the kernel may still take a little more meanwhile).
    PeerListModel *peers = tab->peerList()->model();
    auto listed = [&] {
        return peers->index(0, PeerListModel::QueuedColumn).data(PeerListModel::ValueRole).toLongLong();
    };
    QTRY_VERIFY_WITH_TIMEOUT(listed() > 0 && listed() == tab->session()->counters().queuedBytes, WaitMs);
    const QString tip = peers->index(0, PeerListModel::QueuedColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QLatin1String("waiting to be sent")), qPrintable(tip));
    QVERIFY(peers->index(0, PeerListModel::QueuedColumn).data(Qt::FontRole).value<QFont>().bold());
    QTRY_VERIFY_WITH_TIMEOUT(
        window.statusLabel()->text().contains(QLatin1String("waiting to be sent")), WaitMs);

    // A message typed in the composer is refused, and the log says why.
    topUp();
    typeAndSend(tab, QStringLiteral("one more"));
    QTRY_VERIFY_WITH_TIMEOUT(
        countRows(tab->logView()->model(), Direction::Error, QStringLiteral("still waiting for this peer"))
            > 0,
        WaitMs);

    QTableView *table = tab->peerList()->tableView();
    table->selectionModel()->select(
        table->model()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QPushButton *disconnect = tab->peerList()->disconnectButton();
    QTRY_VERIFY_WITH_TIMEOUT(disconnect->isEnabled(), WaitMs);
    QTest::mouseClick(disconnect, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(peers->rowCount(), 0, WaitMs);
    QCOMPARE(tab->session()->counters().queuedBytes, qint64(0));
    QTRY_VERIFY_WITH_TIMEOUT(
        !window.statusLabel()->text().contains(QLatin1String("waiting to be sent")), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        countRows(tab->logView()->model(), Direction::Info, QStringLiteral("bytes were not sent")) == 1,
        WaitMs);
    QCOMPARE(tab->session()->state(), Session::State::Running);
    ::close(stuck);
}

void tst_SessionTab::portInUseIsReportedAndStartableAgain()
{
    // Listen on a port that is taken: the window says why in the log and in the status line, stays
    // usable, and listens once the port is changed.
    QTcpServer holder;
    QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
    MainWindow window;
    SessionConfig server = serverConfig();
    server.bindPort = holder.serverPort();
    SessionTab *tab = window.addSessionTab(&server);
    window.show();
    QSignalSpy failed(tab->session(), &Session::failed);
    QTest::mouseClick(tab->settingsBar()->startButton(), Qt::LeftButton);
    QVERIFY(failed.count() > 0 || failed.wait(WaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(tab->session()->state(), Session::State::Idle, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        countRows(tab->logView()->model(), Direction::Error, QStringLiteral("already in use")) > 0, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(window.statusLabel()->text().contains(QLatin1String("last error")), WaitMs);
    QVERIFY2(window.statusLabel()->text().contains(QLatin1String("already in use")),
        qPrintable(window.statusLabel()->text()));
    QVERIFY(tab->settingsBar()->startButton()->isEnabled());

    auto *port = tab->settingsBar()->findChild<QLineEdit *>(QStringLiteral("localPort"));
    QVERIFY(port);
    port->clear();
    QTest::keyClicks(port, QStringLiteral("0"));
    QVERIFY(clickStart(tab));
    QVERIFY(tab->session()->localPort() != holder.serverPort());
    QTRY_VERIFY_WITH_TIMEOUT(!window.statusLabel()->text().contains(QLatin1String("last error")), WaitMs);
}

void tst_SessionTab::pickedPortsShowWhileRunning()
{
    // A server asked for port 0 and a client for any source port: while they run, their fields show
    // the ports the system picked; stopped, the fields ask for any again, as the settings do.
    MainWindow window;
    SessionConfig server = serverConfig();
    server.bindPort = 0;
    SessionTab *serverTab = window.addSessionTab(&server);
    auto *listenPort = serverTab->settingsBar()->findChild<QLineEdit *>(QStringLiteral("localPort"));
    QVERIFY(listenPort);
    QCOMPARE(listenPort->text(), QStringLiteral("0"));
    QVERIFY(clickStart(serverTab));
    const quint16 port = serverTab->session()->localPort();
    QVERIFY(port != 0);
    QCOMPARE(listenPort->text(), QString::number(port));
    QCOMPARE(serverTab->settingsBar()->config().bindPort, quint16(0));

    SessionConfig client;
    client.mode = SessionMode::TcpClient;
    client.host = QStringLiteral("127.0.0.1");
    client.port = port;
    SessionTab *clientTab = window.addSessionTab(&client);
    auto *sourcePort = clientTab->settingsBar()->findChild<QLineEdit *>(QStringLiteral("sourcePort"));
    QVERIFY(sourcePort);
    QCOMPARE(sourcePort->text(), QString());
    QVERIFY(clickStart(clientTab));
    QTRY_COMPARE_WITH_TIMEOUT(serverTab->session()->peers().size(), 1, WaitMs);
    const QString clientEnd = serverTab->session()->peers().at(0).peer;
    QVERIFY2(clientEnd.endsWith(QLatin1Char(':') + sourcePort->text()), qPrintable(clientEnd));
    QCOMPARE(clientTab->settingsBar()->config().bindPort, quint16(0));

    for (SessionTab *tab : {clientTab, serverTab}) {
        QSignalSpy stopped(tab->session(), &Session::stopped);
        QTest::mouseClick(tab->settingsBar()->startButton(), Qt::LeftButton);
        QVERIFY(stopped.wait(WaitMs));
    }
    QTRY_COMPARE_WITH_TIMEOUT(listenPort->text(), QStringLiteral("0"), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(sourcePort->text(), QString(), WaitMs);
}

void tst_SessionTab::nothingClippedAtCommonSizes_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1024x768") << QSize(1024, 768);
    QTest::newRow("1280x800") << QSize(1280, 800);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void tst_SessionTab::nothingClippedAtCommonSizes()
{
    QFETCH(QSize, size);
    MainWindow window;
    const SessionConfig server = serverConfig();
    SessionTab *tab = window.addSessionTab(&server);
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(clickStart(tab));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, tab->session()->localPort());
    QVERIFY(client.waitForConnected(WaitMs));
    client.write(QByteArray(123456, 'x'));
    QTRY_COMPARE_WITH_TIMEOUT(tab->session()->counters().bytesIn, qint64(123456), WaitMs);

    // The clients list: each column as wide as its header and what it shows, once the counters are in.
    QTableView *clients = tab->peerList()->tableView();
    const QHeaderView *header = clients->horizontalHeader();
    QTRY_VERIFY_WITH_TIMEOUT(clients->model()->rowCount() == 1
            && clients->model()
                   ->index(0, PeerListModel::InColumn)
                   .data()
                   .toString()
                   .contains(QLatin1String("120")),
        WaitMs);
    for (int column = 0; column < clients->model()->columnCount(); ++column) {
        const int needed = std::max(static_cast<QAbstractItemView *>(clients)->sizeHintForColumn(column),
            header->sectionSizeHint(column));
        QTRY_VERIFY2_WITH_TIMEOUT(clients->columnWidth(column) >= needed,
            qPrintable(QStringLiteral("column %1: %2 < %3")
                           .arg(column)
                           .arg(clients->columnWidth(column))
                           .arg(needed)),
            WaitMs);
    }
    QVERIFY(!clients->horizontalScrollBar()->isVisible());

    // Every button, label and box of the tab at least as wide as its smallest readable size.
    const QList<QWidget *> widgets = tab->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (!widget->isVisible()
            || !(qobject_cast<QAbstractButton *>(widget) || qobject_cast<QComboBox *>(widget)
                || qobject_cast<QLabel *>(widget) || qobject_cast<QLineEdit *>(widget)))
            continue;
        const QString what = QStringLiteral("%1 '%2' (%3): %4 < %5")
                                 .arg(QString::fromLatin1(widget->metaObject()->className()),
                                     widget->objectName(), widget->property("text").toString())
                                 .arg(widget->width())
                                 .arg(widget->minimumSizeHint().width());
        QVERIFY2(widget->width() >= widget->minimumSizeHint().width(), qPrintable(what));
    }
}

QTEST_MAIN(tst_SessionTab)
#include "tst_sessiontab.moc"
