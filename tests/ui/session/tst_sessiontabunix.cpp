// A session tab on a Unix domain socket: a server with a QLocalSocket client, a client of a
// QLocalServer, and a datagram socket with an abstract name the system picked, talked to by a plain
// POSIX socket. Real widgets, real sockets, offscreen.

#include "logview.h"
#include "mainwindow.h"
#include "sessiontab.h"
#include "sessiontabdriver.h"
#include "unixtestutil.h"

#include <QCoreApplication>
#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTemporaryDir>
#include <QTest>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace sockpit;
using namespace sockpit::ui;
using namespace sockpit::test;

namespace {

constexpr int WaitMs = 10000;

bool peersContain(SessionTab *tab, const QString &text)
{
    for (const PeerInfo &peer : tab->session()->peers()) {
        if (peer.peer.contains(text))
            return true;
    }
    return false;
}

// A Unix datagram socket of the test's own, bound to `path`.
class DatagramPeer
{
public:
    explicit DatagramPeer(const QString &path)
        : m_fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0))
    {
        const unixtest::UnixAddress address = unixtest::unixAddress(path);
        m_bound = m_fd >= 0 && ::bind(m_fd, address.data(), address.length) == 0;
    }
    ~DatagramPeer()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool isBound() const { return m_bound; }
    bool sendTo(const QString &path, const QByteArray &bytes) const
    {
        const unixtest::UnixAddress address = unixtest::unixAddress(path);
        return ::sendto(m_fd, bytes.constData(), size_t(bytes.size()), 0, address.data(), address.length)
            == bytes.size();
    }
    QByteArray receive() const
    {
        char buffer[2048];
        const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), 0);
        return n > 0 ? QByteArray(buffer, int(n)) : QByteArray();
    }

private:
    int m_fd = -1;
    bool m_bound = false;
};

} // namespace

class tst_SessionTabUnix : public QObject
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
    void serverTalksWithALocalSocket();
    void clientOfALocalServer();
    void datagramsWithAnAbstractName();
};

void tst_SessionTabUnix::serverTalksWithALocalSocket()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.sock"));
    MainWindow window;
    SessionConfig config;
    config.mode = SessionMode::UnixServer;
    config.localPath = path;
    SessionTab *tab = window.addSessionTab(&config);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(clickStart(tab));
    QCOMPARE(tab->title(), QStringLiteral("Unix server %1").arg(path));
    QVERIFY(QFile::exists(path));

    QLocalSocket client;
    client.connectToServer(path);
    QVERIFY(client.waitForConnected(WaitMs));
    client.write("hello from a local socket");
    QVERIFY(client.waitForBytesWritten(WaitMs));
    LogModel *model = tab->logView()->model();
    QTRY_COMPARE_WITH_TIMEOUT(
        countRows(model, Direction::In, QStringLiteral("hello from a local socket")), 1, WaitMs);
    // The client is listed by the process the kernel names: this one.
    const QString who
        = QStringLiteral("pid %1, uid %2").arg(QCoreApplication::applicationPid()).arg(::getuid());
    QTRY_VERIFY_WITH_TIMEOUT(peersContain(tab, who), WaitMs);

    // What is typed goes to every client.
    typeAndSend(tab, QStringLiteral("hello back"));
    QByteArray received;
    QTRY_COMPARE_WITH_TIMEOUT(received += client.readAll(), QByteArray("hello back"), WaitMs);

    // Stopping removes the socket file.
    QSignalSpy stopped(tab->session(), &Session::stopped);
    QTest::mouseClick(tab->settingsBar()->startButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, WaitMs);
    QVERIFY(!QFile::exists(path));
}

void tst_SessionTabUnix::clientOfALocalServer()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("local-server.sock"));
    QLocalServer server;
    QVERIFY2(server.listen(path), qPrintable(server.errorString()));

    MainWindow window;
    SessionConfig config;
    config.mode = SessionMode::UnixClient;
    config.remotePath = path;
    SessionTab *tab = window.addSessionTab(&config);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(clickStart(tab));
    QCOMPARE(tab->title(), QStringLiteral("Unix client %1").arg(path));
    QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingConnections(), WaitMs);
    QLocalSocket *accepted = server.nextPendingConnection();
    QVERIFY(accepted);

    typeAndSend(tab, QStringLiteral("ping"));
    QByteArray received;
    QTRY_COMPARE_WITH_TIMEOUT(received += accepted->readAll(), QByteArray("ping"), WaitMs);
    accepted->write("pong");
    QVERIFY(accepted->waitForBytesWritten(WaitMs));
    LogModel *model = tab->logView()->model();
    QTRY_COMPARE_WITH_TIMEOUT(countRows(model, Direction::In, QStringLiteral("pong")), 1, WaitMs);
    QCOMPARE(countRows(model, Direction::Out, QStringLiteral("ping")), 1);
}

void tst_SessionTabUnix::datagramsWithAnAbstractName()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MainWindow window;
    SessionConfig config;
    config.mode = SessionMode::UnixDatagram; // no path: the system picks an abstract name
    SessionTab *tab = window.addSessionTab(&config);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(clickStart(tab));
    const QString name = tab->session()->localPath();
    QVERIFY2(name.startsWith(QLatin1Char('@')) && name.size() > 1, qPrintable(name));
    QCOMPARE(tab->title(), QStringLiteral("Unix datagrams %1").arg(name));

    const QString peerPath = dir.filePath(QStringLiteral("peer.sock"));
    DatagramPeer peer(peerPath);
    QVERIFY(peer.isBound());
    QVERIFY(peer.sendTo(name, "a datagram"));
    LogModel *model = tab->logView()->model();
    QTRY_COMPARE_WITH_TIMEOUT(countRows(model, Direction::In, QStringLiteral("a datagram")), 1, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(peersContain(tab, peerPath), WaitMs);

    // With no target set, what is typed goes back to whoever sent last.
    typeAndSend(tab, QStringLiteral("an answer"));
    QByteArray answer;
    QTRY_COMPARE_WITH_TIMEOUT(answer += peer.receive(), QByteArray("an answer"), WaitMs);
}

QTEST_MAIN(tst_SessionTabUnix)
#include "tst_sessiontabunix.moc"
