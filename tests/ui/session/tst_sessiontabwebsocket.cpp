// Two session tabs speaking WebSocket to each other, a server and a client, as a user sets them up:
// each message is one row of the log and one message of the conversation, whatever line ends it
// holds, in both directions. Real widgets, real sockets, offscreen.

#include "conversationmodel.h"
#include "conversationview.h"
#include "logview.h"
#include "mainwindow.h"
#include "sessiontab.h"
#include "sessiontabdriver.h"

#include <QTemporaryDir>
#include <QTest>

using namespace sockpit;
using namespace sockpit::ui;
using namespace sockpit::test;

namespace {

constexpr int WaitMs = 10000;

QStringList theirMessages(const ConversationModel *model)
{
    QStringList texts;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->messageAt(row).side == ConversationModel::Side::Theirs)
            texts << model->messageAt(row).text;
    }
    return texts;
}

bool logHas(LogModel *model, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, LogModel::PayloadColumn).data().toString().contains(text))
            return true;
    }
    return false;
}

} // namespace

class tst_SessionTabWebSocket : public QObject
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
    void serverAndClientTabsTalkInMessages();
};

void tst_SessionTabWebSocket::serverAndClientTabsTalkInMessages()
{
    MainWindow window;
    SessionConfig serverSetup = serverConfig();
    serverSetup.webSocket = true;
    SessionTab *server = window.addSessionTab(&serverSetup);
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(clickStart(server));
    QVERIFY(server->session()->name().startsWith(QStringLiteral("ws-server ")));
    QCOMPARE(server->title(), QStringLiteral("WebSocket server :%1").arg(server->session()->localPort()));
    server->logView()->setConversationShown(true);

    SessionConfig clientSetup;
    clientSetup.mode = SessionMode::TcpClient;
    clientSetup.host = QStringLiteral("127.0.0.1");
    clientSetup.port = server->session()->localPort();
    clientSetup.webSocket = true;
    clientSetup.webSocketResource = QStringLiteral("/chat?room=1");
    SessionTab *client = window.addSessionTab(&clientSetup);
    QVERIFY(clickStart(client));
    QCOMPARE(client->title(), QStringLiteral("ws://127.0.0.1:%1/chat?room=1").arg(clientSetup.port));
    client->logView()->setConversationShown(true);
    QTRY_VERIFY_WITH_TIMEOUT(
        logHas(server->logView()->model(), QStringLiteral("WebSocket open: GET /chat?room=1")), WaitMs);

    // A message with line ends in it stays one message (the conversation leaves its last line end out);
    // so does one typed in the window.
    QVERIFY(client->session()->send("line one\nline two\n", SendTarget::all()));
    typeAndSend(client, QStringLiteral("typed in the window"));
    const ConversationModel *serverMessages = server->logView()->conversationView()->model();
    QTRY_COMPARE_WITH_TIMEOUT(theirMessages(serverMessages),
        QStringList({QStringLiteral("line one\nline two"), QStringLiteral("typed in the window")}), WaitMs);
    QCOMPARE(countRows(server->logView()->model(), Direction::In, QStringLiteral("line one")), 1);

    typeAndSend(server, QStringLiteral("hello, client"));
    const ConversationModel *clientMessages = client->logView()->conversationView()->model();
    QTRY_COMPARE_WITH_TIMEOUT(
        theirMessages(clientMessages), QStringList({QStringLiteral("hello, client")}), WaitMs);
    // Enter sends in the conversation, and a WebSocket message gets no line end added: it is one.
    QTRY_COMPARE_WITH_TIMEOUT(client->session()->counters().bytesIn, qint64(13), WaitMs);
}

QTEST_MAIN(tst_SessionTabWebSocket)
#include "tst_sessiontabwebsocket.moc"
