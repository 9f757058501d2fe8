// A session tab in a chat: as a client of a real chat server (ncat --chat), as a chat room's own
// server, and as a UDP session where each sender is named by its address. Real widgets, real sockets
// on loopback, offscreen.

#include "appsettings.h"
#include "composer.h"
#include "conversationmodel.h"
#include "conversationview.h"
#include "logview.h"
#include "mainwindow.h"
#include "sessiontab.h"
#include "sessiontabdriver.h"

#include <QAction>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

using namespace sockpit;
using namespace sockpit::ui;
using namespace sockpit::test;

namespace {

constexpr int WaitMs = 10000;

// The row of the first message whose text is `text`, or -1.
int rowOf(const ConversationModel *model, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->messageAt(row).text == text)
            return row;
    }
    return -1;
}

// Types into the composer and presses Enter alone, as in a chat.
void typeAndPressEnter(SessionTab *tab, const QString &text)
{
    auto *editor = tab->composer()->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"));
    QVERIFY(editor);
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return);
}

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

} // namespace

class tst_SessionTabChat : public QObject
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
    void init();
    void clientOfAChatServer();
    void chatRoomServerSaysLines();
    void conversationMakesEnterSend();
    void udpSendersNamedByAddress();
    void newTabsOpenAsTheLastWasLeft();
};

void tst_SessionTabChat::init()
{
    AppSettings::setConversationShown(false); // each test starts from the table
}

void tst_SessionTabChat::clientOfAChatServer()
{
    const QString ncat = QStandardPaths::findExecutable(QStringLiteral("ncat"));
    if (ncat.isEmpty())
        QSKIP("ncat is not installed");
    const quint16 port = freePort();
    QVERIFY(port != 0);
    QProcess server;
    server.setProcessChannelMode(QProcess::SeparateChannels);
    server.start(ncat,
        {QStringLiteral("-v"), QStringLiteral("--chat"), QStringLiteral("-l"), QStringLiteral("127.0.0.1"),
            QString::number(port)});
    QVERIFY2(server.waitForStarted(WaitMs), qPrintable(server.errorString()));
    QByteArray serverLog;
    QTRY_VERIFY_WITH_TIMEOUT((serverLog += server.readAllStandardError()).contains("Listening on"), WaitMs);

    MainWindow window;
    SessionConfig client;
    client.mode = SessionMode::TcpClient;
    client.host = QStringLiteral("127.0.0.1");
    client.port = port;
    SessionTab *tab = window.addSessionTab(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(clickStart(tab));
    // The View menu shows the conversation; the composer then sends a line on Enter.
    auto *viewConversation = window.findChild<QAction *>(QStringLiteral("viewConversation"));
    QVERIFY(viewConversation);
    viewConversation->trigger();
    QVERIFY(tab->logView()->isConversationShown());
    QVERIFY(tab->composer()->isChatMode());
    const ConversationModel *model = tab->logView()->conversationView()->model();
    QVERIFY(model->isChatClient());

    // Another member joins and says a line. ncat announces each newcomer to everyone, the newcomer
    // first among them: the first announcement the member reads is its own name. The window is told
    // too (after its own announcement, which may still be on its way).
    QTcpSocket other;
    other.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(other.waitForConnected(WaitMs));
    static const QRegularExpression joined(QStringLiteral("is connected as <(user\\d+)>"));
    QString otherName;
    QByteArray otherHeard;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QRegularExpressionMatch match
                = joined.match(QString::fromUtf8(otherHeard += other.readAll()));
            if (match.hasMatch())
                otherName = match.captured(1);
            return !otherName.isEmpty();
        }(),
        WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        rowOf(model, QStringLiteral("127.0.0.1 is connected as <%1>.").arg(otherName)) >= 0, WaitMs);
    other.write("hello from the other member\n");
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, QStringLiteral("hello from the other member")) >= 0, WaitMs);
    const ConversationModel::Message &said
        = model->messageAt(rowOf(model, QStringLiteral("hello from the other member")));
    QCOMPARE(said.speaker, otherName);
    QCOMPARE(said.side, ConversationModel::Side::Theirs);

    // The window says a line: the other member gets it under the window's name, and the window's own
    // message is on its own side.
    typeAndPressEnter(tab, QStringLiteral("hi from the window"));
    QByteArray heard;
    static const QRegularExpression fromWindow(QStringLiteral("<user\\d+> hi from the window\n"));
    QTRY_VERIFY_WITH_TIMEOUT(
        fromWindow.match(QString::fromUtf8(heard += other.readAll())).hasMatch(), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, QStringLiteral("hi from the window")) >= 0, WaitMs);
    QCOMPARE(model->messageAt(rowOf(model, QStringLiteral("hi from the window"))).side,
        ConversationModel::Side::Mine);

    other.disconnectFromHost();
    tab->stop();
    server.kill();
    server.waitForFinished(WaitMs);
}

void tst_SessionTabChat::chatRoomServerSaysLines()
{
    MainWindow window;
    SessionConfig room = serverConfig();
    room.chat = true;
    room.chatName = QStringLiteral("desk");
    SessionTab *tab = window.addSessionTab(&room);
    QVERIFY(clickStart(tab));
    QVERIFY(tab->session()->config().chat);
    QCOMPARE(tab->session()->config().chatName, QStringLiteral("desk"));
    // A chat room: Enter sends, with the table still in front.
    QVERIFY(!tab->logView()->isConversationShown());
    QVERIFY(tab->composer()->isChatMode());

    QTcpSocket member;
    member.connectToHost(QHostAddress::LocalHost, tab->session()->localPort());
    QVERIFY(member.waitForConnected(WaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(tab->session()->peers().size(), 1, WaitMs);
    typeAndPressEnter(tab, QStringLiteral("welcome"));
    QByteArray heard;
    QTRY_VERIFY_WITH_TIMEOUT((heard += member.readAll()).endsWith("<desk> welcome\n"), WaitMs);

    // The room frames lines itself: the conversation takes each message as one, under the name the
    // room said it by.
    tab->logView()->setConversationShown(true);
    const ConversationModel *model = tab->logView()->conversationView()->model();
    QVERIFY(model->isFramedBySession());
    QVERIFY(!model->isChatClient());
    // The log is shown in batches: the member may have heard the line before the log did.
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, QStringLiteral("welcome")) >= 0, WaitMs);
    QCOMPARE(model->messageAt(rowOf(model, QStringLiteral("welcome"))).speaker, QStringLiteral("desk"));
    QCOMPARE(model->messageAt(rowOf(model, QStringLiteral("welcome"))).side, ConversationModel::Side::Mine);

    // A member's line, in two pieces, is one message under the member's room name.
    member.write("half a ");
    member.flush();
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->counters().bytesIn >= 7, WaitMs);
    member.write("line\n");
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, QStringLiteral("half a line")) >= 0, WaitMs);
    const ConversationModel::Message &said = model->messageAt(rowOf(model, QStringLiteral("half a line")));
    QVERIFY2(QRegularExpression(QStringLiteral("^user\\d+$")).match(said.speaker).hasMatch(),
        qPrintable(said.speaker));
    QCOMPARE(said.side, ConversationModel::Side::Theirs);
}

void tst_SessionTabChat::conversationMakesEnterSend()
{
    MainWindow window;
    const SessionConfig plain = serverConfig();
    SessionTab *tab = window.addSessionTab(&plain);
    QVERIFY(clickStart(tab));
    QVERIFY(!tab->composer()->isChatMode()); // the table: Enter is a new line, Ctrl+Enter sends
    tab->logView()->setConversationShown(true);
    QVERIFY(tab->composer()->isChatMode());
    QVERIFY(!tab->logView()->conversationView()->model()->isFramedBySession());
    tab->logView()->setConversationShown(false);
    QVERIFY(!tab->composer()->isChatMode());
}

void tst_SessionTabChat::udpSendersNamedByAddress()
{
    // A chat over UDP broadcast or multicast has no server: each sender is named by its address.
    MainWindow window;
    SessionConfig udp;
    udp.mode = SessionMode::Udp;
    udp.bindAddress = QHostAddress::LocalHost;
    udp.bindAddressSet = true;
    SessionTab *tab = window.addSessionTab(&udp);
    QVERIFY(clickStart(tab));
    tab->logView()->setConversationShown(true);
    const ConversationModel *model = tab->logView()->conversationView()->model();
    QVERIFY(model->isFramedBySession());
    QUdpSocket alice;
    QUdpSocket bob;
    QVERIFY(alice.bind(QHostAddress::LocalHost, 0));
    QVERIFY(bob.bind(QHostAddress::LocalHost, 0));
    alice.writeDatagram("hi, it's alice\n", QHostAddress::LocalHost, tab->session()->localPort());
    bob.writeDatagram("bob here", QHostAddress::LocalHost, tab->session()->localPort());
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, QStringLiteral("bob here")) >= 0, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, QStringLiteral("hi, it's alice")) >= 0, WaitMs);
    QCOMPARE(model->messageAt(rowOf(model, QStringLiteral("hi, it's alice"))).speaker,
        QStringLiteral("127.0.0.1:%1").arg(alice.localPort()));
    QCOMPARE(model->messageAt(rowOf(model, QStringLiteral("bob here"))).speaker,
        QStringLiteral("127.0.0.1:%1").arg(bob.localPort()));
}

void tst_SessionTabChat::newTabsOpenAsTheLastWasLeft()
{
    MainWindow window;
    SessionTab *first = window.addSessionTab();
    QVERIFY(!first->logView()->isConversationShown());
    auto *viewConversation = window.findChild<QAction *>(QStringLiteral("viewConversation"));
    QVERIFY(!viewConversation->isChecked());
    viewConversation->trigger();
    QVERIFY(first->logView()->isConversationShown());
    SessionTab *second = window.addSessionTab();
    QVERIFY(second->logView()->isConversationShown());
    QVERIFY(viewConversation->isChecked());
    // The menu follows the tab in front; a tab switched back by its own button is remembered too.
    second->logView()->setConversationShown(false);
    QVERIFY(!viewConversation->isChecked());
    window.tabs()->setCurrentWidget(first);
    QVERIFY(viewConversation->isChecked());
    MainWindow later;
    QVERIFY(!later.addSessionTab()->logView()->isConversationShown());
}

QTEST_MAIN(tst_SessionTabChat)
#include "tst_sessiontabchat.moc"
