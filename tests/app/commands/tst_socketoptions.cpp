// --nodelay on|off and --keepalive on the headless commands: the options are read back from the
// running sockpit's own sockets (pidfd_getfd copies a descriptor of a child process), so the test sees
// what the kernel was told, not what the program says it did.

#include "clitestutil.h"

#include <QDir>
#include <QTest>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/syscall.h>

using namespace clitest;

namespace {

struct Options
{
    bool found = false;
    int noDelay = -1;
    int keepAlive = -1;
};

// The TCP options of the socket in process `pid` whose local port is `localPort` and whose peer's
// port is `peerPort` (0: any). *unsupported when the kernel lets no process copy another's descriptor.
Options socketOptionsOf(qint64 pid, quint16 localPort, quint16 peerPort, bool *unsupported)
{
    Options result;
    const int pidfd = int(::syscall(SYS_pidfd_open, pid_t(pid), 0));
    if (pidfd < 0) {
        *unsupported = true;
        return result;
    }
    const QStringList fds
        = QDir(QStringLiteral("/proc/%1/fd").arg(pid)).entryList(QDir::Files | QDir::System);
    for (const QString &name : fds) {
        const int fd = int(::syscall(SYS_pidfd_getfd, pidfd, name.toInt(), 0));
        if (fd < 0) {
            if (errno == ENOSYS || errno == EPERM)
                *unsupported = true;
            continue;
        }
        sockaddr_storage local {}, peer {};
        socklen_t localLength = sizeof(local), peerLength = sizeof(peer);
        const bool tcp = ::getsockname(fd, reinterpret_cast<sockaddr *>(&local), &localLength) == 0
            && local.ss_family == AF_INET
            && ::getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &peerLength) == 0;
        if (tcp && ntohs(reinterpret_cast<sockaddr_in *>(&local)->sin_port) == localPort
            && (peerPort == 0 || ntohs(reinterpret_cast<sockaddr_in *>(&peer)->sin_port) == peerPort)) {
            socklen_t length = sizeof(int);
            result.found = ::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &result.noDelay, &length) == 0;
            length = sizeof(int);
            result.found
                = result.found && ::getsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &result.keepAlive, &length) == 0;
        }
        ::close(fd);
        if (result.found)
            break;
    }
    ::close(pidfd);
    return result;
}

} // namespace

class tst_SocketOptions : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { m_procs.killAll(); }
    void listenAppliesThem_data();
    void listenAppliesThem();
    void connectAppliesThem();
    void relayAppliesThemToBothSides();

private:
    Proc *startListener(const QStringList &arguments, quint16 *port)
    {
        Proc *proc = m_procs.sockpit(args({"listen", "--bind", "127.0.0.1"}) + arguments + args({"0"}));
        (void)QTest::qWaitFor([proc] { return listeningPort(proc->err) != 0 || proc->finished(); }, 10000);
        *port = listeningPort(proc->err);
        return proc;
    }

    Processes m_procs;
};

void tst_SocketOptions::listenAppliesThem_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("noDelay");
    QTest::addColumn<int>("keepAlive");
    QTest::newRow("defaults") << QStringList() << 1 << 0;
    QTest::newRow("--keepalive") << args({"--keepalive"}) << 1 << 1;
    QTest::newRow("--nodelay off") << args({"--nodelay", "off"}) << 0 << 0;
    QTest::newRow("--nodelay on --keepalive") << args({"--nodelay", "on", "--keepalive"}) << 1 << 1;
}

void tst_SocketOptions::listenAppliesThem()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, noDelay);
    QFETCH(int, keepAlive);
    quint16 port = 0;
    Proc *listener = startListener(arguments + args({"-v"}), &port);
    QVERIFY2(port != 0, listener->err.constData());
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(10000));
    // The connection sets its options as it starts, after the accept event: wait for them.
    bool unsupported = false;
    Options options;
    const bool set = QTest::qWaitFor(
        [&] {
            options = socketOptionsOf(listener->process->processId(), port, client.localPort(), &unsupported);
            return options.found && (options.noDelay != 0) == (noDelay != 0)
                && (options.keepAlive != 0) == (keepAlive != 0);
        },
        10000);
    if (!options.found && unsupported)
        QSKIP("this kernel lets no process read another's sockets (pidfd_getfd)");
    QVERIFY(options.found);
    QVERIFY2(set,
        qPrintable(
            QStringLiteral("TCP_NODELAY %1, SO_KEEPALIVE %2").arg(options.noDelay).arg(options.keepAlive)));
}

void tst_SocketOptions::connectAppliesThem()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Proc *client = m_procs.sockpit(args({"connect", "127.0.0.1"})
        + QStringList {QString::number(server.serverPort())} + args({"--keepalive", "--nodelay", "off"}));
    QVERIFY(server.waitForNewConnection(10000));
    QTcpSocket *accepted = server.nextPendingConnection();
    QVERIFY(accepted);
    bool unsupported = false;
    Options options;
    const bool set = QTest::qWaitFor(
        [&] {
            options = socketOptionsOf(
                client->process->processId(), accepted->peerPort(), server.serverPort(), &unsupported);
            return options.found && options.noDelay == 0 && options.keepAlive != 0;
        },
        10000);
    if (!options.found && unsupported)
        QSKIP("this kernel lets no process read another's sockets (pidfd_getfd)");
    QVERIFY(options.found);
    QVERIFY2(set,
        qPrintable(
            QStringLiteral("TCP_NODELAY %1, SO_KEEPALIVE %2").arg(options.noDelay).arg(options.keepAlive)));
}

void tst_SocketOptions::relayAppliesThemToBothSides()
{
    QTcpServer target;
    QVERIFY(target.listen(QHostAddress::LocalHost, 0));
    Proc *relay = m_procs.sockpit(args({"relay", "-v", "--bind", "127.0.0.1", "0", "127.0.0.1"})
        + QStringList {QString::number(target.serverPort())} + args({"--keepalive"}));
    QTRY_VERIFY_WITH_TIMEOUT(listeningPort(relay->err) != 0 || relay->finished(), 10000);
    const quint16 relayPort = listeningPort(relay->err);
    QVERIFY(relayPort != 0);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, relayPort);
    QVERIFY(client.waitForConnected(10000));
    QVERIFY(target.waitForNewConnection(10000));
    QTcpSocket *upstream = target.nextPendingConnection();
    QVERIFY(upstream);
    // The event that names the pair comes before the two connections start: wait for the options.
    bool unsupported = false;
    const qint64 pid = relay->process->processId();
    const auto bothSet = [&] {
        const Options clientSide = socketOptionsOf(pid, relayPort, client.localPort(), &unsupported);
        const Options targetSide
            = socketOptionsOf(pid, upstream->peerPort(), target.serverPort(), &unsupported);
        return clientSide.found && targetSide.found && clientSide.keepAlive != 0 && targetSide.keepAlive != 0
            && clientSide.noDelay != 0 && targetSide.noDelay != 0;
    };
    const bool set = QTest::qWaitFor(bothSet, 10000);
    if (!set && unsupported)
        QSKIP("this kernel lets no process read another's sockets (pidfd_getfd)");
    QVERIFY(set);
}

QTEST_MAIN(tst_SocketOptions)
#include "tst_socketoptions.moc"
