// The log's system call column names the call behind each row as a lecture on sockets writes it,
// for real sessions on loopback: socket() and bind(), listen(), accept4(), connect(), recv(), send(),
// recvmmsg(), sendto(), shutdown() and close(); View > System Calls hides and shows it.

#include "logview.h"
#include "mainwindow.h"
#include "sessiontabdriver.h"
#include "systemcall.h"

#include <QAction>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QUdpSocket>

using namespace sockpit;
using namespace sockpit::test;
using namespace sockpit::ui;

class tst_SystemCall : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private slots:
    void tcpServerRowsNameTheirCalls();
    void tcpClientMakesItsSocketWhereItConnects();
    void udpRowsAreDatagramCalls();
    void callsWithoutAKnownSession_data();
    void callsWithoutAKnownSession();
    void everyCallIsExplained();
    void relaysAndPingsNameOnlyWhatIsSure();
    void viewMenuHidesTheColumn();
};

namespace {
QString S(const char *text)
{
    return QString::fromUtf8(text);
}

// The call column of every row, in order, skipping rows no call made.
QStringList calls(SessionTab *tab)
{
    QStringList result;
    const LogModel *model = tab->logView()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString call = model->index(row, LogModel::CallColumn).data().toString();
        if (!call.isEmpty())
            result.append(call);
    }
    return result;
}

// Whether `expected` appear in `actual` in this order (others may come between).
bool inOrder(const QStringList &actual, const QStringList &expected)
{
    qsizetype at = 0;
    for (const QString &call : expected) {
        at = actual.indexOf(call, at);
        if (at < 0)
            return false;
        ++at;
    }
    return true;
}
} // namespace

void tst_SystemCall::tcpServerRowsNameTheirCalls()
{
    MainWindow window;
    SessionConfig config = serverConfig();
    SessionTab *tab = window.addSessionTab(&config);
    QVERIFY(clickStart(tab));
    const quint16 port = tab->session()->localPort();
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    client.write("hello");
    QTRY_COMPARE(countRows(tab->logView()->model(), Direction::In, S("hello")), 1);
    typeAndSend(tab, S("x")); // to every client: this one
    QTRY_COMPARE(client.bytesAvailable(), qint64(1));
    client.disconnectFromHost(); // FIN: the server's recv() returns 0
    QTRY_COMPARE(tab->session()->counters().connections, 0);
    const QString bound = QStringLiteral("127.0.0.1:%1").arg(port);
    const QStringList expected {S("socket(AF_INET, SOCK_STREAM), bind(") + bound + QLatin1Char(')'),
        S("listen(SOMAXCONN)"), S("accept4(SOCK_NONBLOCK)"), S("recv()"), S("send()"), S("recv() = 0"),
        S("close()")};
    QTRY_VERIFY2(inOrder(calls(tab), expected), qPrintable(calls(tab).join(S(" | "))));
}

void tst_SystemCall::tcpClientMakesItsSocketWhereItConnects()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    MainWindow window;
    SessionConfig config;
    config.mode = SessionMode::TcpClient;
    config.host = S("127.0.0.1");
    config.port = server.serverPort();
    SessionTab *tab = window.addSessionTab(&config);
    QVERIFY(clickStart(tab));
    QTRY_VERIFY(server.hasPendingConnections());
    QTcpSocket *accepted = server.nextPendingConnection();
    QTRY_COMPARE(tab->session()->state(), Session::State::Running);
    typeAndSend(tab, S("hi"));
    QTRY_COMPARE(accepted->bytesAvailable(), qint64(2));
    tab->halfClose();
    const QString target = QStringLiteral("127.0.0.1:%1").arg(server.serverPort());
    const QStringList expected {S("socket(AF_INET, SOCK_STREAM), connect(") + target + QLatin1Char(')'),
        S("send()"), S("shutdown(SHUT_WR)")};
    QTRY_VERIFY2(inOrder(calls(tab), expected), qPrintable(calls(tab).join(S(" | "))));
}

void tst_SystemCall::udpRowsAreDatagramCalls()
{
    MainWindow window;
    SessionConfig config;
    config.mode = SessionMode::Udp;
    config.bindAddress = QHostAddress::LocalHost;
    config.echo = true;
    SessionTab *tab = window.addSessionTab(&config);
    QVERIFY(clickStart(tab));
    QUdpSocket peer;
    QVERIFY(peer.bind(QHostAddress::LocalHost, 0));
    QCOMPARE(peer.writeDatagram("ping", QHostAddress::LocalHost, tab->session()->localPort()), qint64(4));
    QVERIFY(peer.waitForReadyRead(5000)); // the echo
    const QString bound = QStringLiteral("127.0.0.1:%1").arg(tab->session()->localPort());
    const QStringList expected {
        S("socket(AF_INET, SOCK_DGRAM), bind(") + bound + QLatin1Char(')'), S("recvmmsg()"), S("sendto()")};
    QTRY_VERIFY2(inOrder(calls(tab), expected), qPrintable(calls(tab).join(S(" | "))));
}

void tst_SystemCall::callsWithoutAKnownSession_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("dir");
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QString>("local");
    QTest::addColumn<QString>("call");
    const auto info = int(Direction::Info);
    // A recording's log: its session's mode is not known, so no socket() type and no data calls.
    QTest::newRow("bind v6") << int(EventKind::Bind) << info << QString() << S("[::1]:9000")
                             << S("bind([::1]:9000)");
    QTest::newRow("connect") << int(EventKind::Connect) << info << S("10.0.0.1:80") << QString()
                             << S("connect(10.0.0.1:80)");
    QTest::newRow("in") << int(EventKind::None) << int(Direction::In) << QString() << QString() << QString();
    QTest::newRow("join v4") << int(EventKind::Join) << info << S("239.1.2.3") << QString()
                             << S("setsockopt(IP_ADD_MEMBERSHIP)");
    QTest::newRow("join v6") << int(EventKind::Join) << info << S("ff12::1") << QString()
                             << S("setsockopt(IPV6_JOIN_GROUP)");
    QTest::newRow("refused") << int(EventKind::Refused) << int(Direction::Error) << S("127.0.0.1:1")
                             << QString() << S("connect() = ECONNREFUSED");
    QTest::newRow("tls") << int(EventKind::Tls) << info << QString() << QString() << QString();
    QTest::newRow("note") << int(EventKind::None) << info << QString() << QString() << QString();
}

void tst_SystemCall::callsWithoutAKnownSession()
{
    QFETCH(int, kind);
    QFETCH(int, dir);
    QFETCH(QString, peer);
    QFETCH(QString, local);
    QFETCH(QString, call);
    QCOMPARE(systemCall(EventKind(kind), Direction(dir), peer, local, QString(), {}), call);
}

void tst_SystemCall::everyCallIsExplained()
{
    for (int mode = 0; mode <= int(SessionMode::Icmp); ++mode) {
        const SystemCallContext context {SessionMode(mode), true, false};
        for (int kind = int(EventKind::None); kind <= int(EventKind::Tls); ++kind) {
            for (Direction dir : {Direction::In, Direction::Out, Direction::Info, Direction::Error}) {
                const QString call = systemCall(
                    EventKind(kind), dir, S("127.0.0.1:1"), S("0.0.0.0:2"), S("10.0.0.1:3"), context);
                if (!call.isEmpty())
                    QVERIFY2(!systemCallHelp(EventKind(kind), dir, context).isEmpty(), qPrintable(call));
            }
        }
    }
}

void tst_SystemCall::relaysAndPingsNameOnlyWhatIsSure()
{
    const SystemCallContext relay {SessionMode::TcpRelay, true, false};
    QCOMPARE(
        systemCall(EventKind::Connect, Direction::Info, S("127.0.0.1:5"), QString(), S("10.0.0.1:80"), relay),
        S("connect(10.0.0.1:80)"));
    QVERIFY(systemCall(EventKind::None, Direction::In, S("127.0.0.1:5"), QString(), S("10.0.0.1:80"), relay)
                .isEmpty());
    QCOMPARE(systemCall(EventKind::Refused, Direction::Error, S("127.0.0.1:5"), QString(), QString(), relay),
        S("accept4(), close()"));
    const SystemCallContext ping {SessionMode::Icmp, true, false};
    QVERIFY(systemCall(EventKind::Connect, Direction::Info, S("127.0.0.1"), QString(), QString(), ping)
                .isEmpty());
    QCOMPARE(systemCall(EventKind::None, Direction::Out, S("127.0.0.1"), QString(), QString(), ping),
        S("sendto()"));
}

void tst_SystemCall::viewMenuHidesTheColumn()
{
    MainWindow window;
    SessionTab *first = window.addSessionTab();
    auto *action = window.findChild<QAction *>(S("viewSystemCalls"));
    QVERIFY(action);
    QVERIFY(action->isChecked());
    QVERIFY(!first->logView()->tableView()->isColumnHidden(LogModel::CallColumn));
    action->trigger();
    QVERIFY(first->logView()->tableView()->isColumnHidden(LogModel::CallColumn));
    SessionTab *second = window.addSessionTab(); // new tabs follow
    QVERIFY(second->logView()->tableView()->isColumnHidden(LogModel::CallColumn));
    MainWindow another; // and new windows
    QVERIFY(!another.findChild<QAction *>(S("viewSystemCalls"))->isChecked());
    action->trigger();
    QVERIFY(!first->logView()->tableView()->isColumnHidden(LogModel::CallColumn));
}

QTEST_MAIN(tst_SystemCall)
#include "tst_systemcall.moc"
