#include "recorder.h"
#include "sessiontestutil.h"
#include "unixtestutil.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <climits>
#include <cstddef>

#include <sys/stat.h>
#include <sys/un.h>

using namespace sockpit;
using namespace sockpit::test;

// The Unix domain socket sessions (unix-server, unix-client, unix-dgram) against plain sockets of this
// process and against each other: bytes whole both ways, peers named by their process, abstract names,
// the socket file's life (a stale one replaced, only our own removed, a live one or a file that is not a
// socket left alone), datagrams from named, autobound and unnamed senders, and the recording's names.
// Every path lies in a QTemporaryDir; every abstract name is "@" and such a path, so it is unique too.
class tst_UnixSession : public QObject
{
    Q_OBJECT

private slots:
    // First: no I/O thread has read a datagram yet, as in a program whose first datagram comes from an
    // unnamed sender (the receive slots hold no earlier sender's address).
    void datagramUnnamedSender();
    void serverEchoesToLocalSocket();
    void serverEchoesWholeThroughHalfClose();
    void namedClientIsShownByPathAndPid();
    void serverMaxClientsRefusesByCredentials();
    void abstractNames();
    void clientToPlainListener();
    void clientFailures_data();
    void clientFailures();
    void clientWaitsWhileQueueFull_data();
    void clientWaitsWhileQueueFull();
    void staleSocketFileReplaced_data();
    void staleSocketFileReplaced();
    void stopRemovesOnlyItsOwnFile_data();
    void stopRemovesOnlyItsOwnFile();
    void pathInUse_data();
    void pathInUse();
    void nonSocketFileUntouched_data();
    void nonSocketFileUntouched();
    void missingFolder_data();
    void missingFolder();
    void datagramEchoToNamedSender();
    void datagramLargerThanReadBufferIsReported();
    void datagramAutobind();
    void datagramDefaultTarget_data();
    void datagramDefaultTarget();
    void recordingNamesSession_data();
    void recordingNamesSession();
};

using unixtest::Fd;
using unixtest::makeStaleSocketFile;
using unixtest::rawBound;
using unixtest::rawUnixSocket;
using unixtest::UnixAddress;
using unixtest::unixAddress;

namespace {

// "pid 1234, uid 0": how a Unix peer of this process is shown.
QString ourCredentials()
{
    return QStringLiteral("pid %1, uid %2").arg(qint64(::getpid())).arg(qint64(::getuid()));
}

// The name in a Unix address as the kernel gave it: "" unnamed, "@name" abstract, else a path.
QString unixName(const sockaddr_un &address, socklen_t length)
{
    if (length <= offsetof(sockaddr_un, sun_path))
        return QString();
    const size_t size = size_t(length) - offsetof(sockaddr_un, sun_path);
    if (address.sun_path[0] == '\0')
        return QLatin1Char('@') + QString::fromUtf8(address.sun_path + 1, qsizetype(size) - 1);
    return QFile::decodeName(QByteArray(address.sun_path, qsizetype(::strnlen(address.sun_path, size))));
}

// A stream socket connected to `path`, bound first to `bindTo` when given; -1 on failure (errno kept).
int rawConnectUnix(const QString &path, const QString &bindTo = QString())
{
    const int fd = rawUnixSocket(SOCK_STREAM);
    if (fd < 0)
        return -1;
    const UnixAddress local = unixAddress(bindTo);
    const UnixAddress remote = unixAddress(path);
    if ((!bindTo.isEmpty() && ::bind(fd, local.data(), local.length) != 0)
        || ::connect(fd, remote.data(), remote.length) != 0) {
        const int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

int rawAccept(int listener, int timeoutMs = WaitMs)
{
    pollfd p {listener, POLLIN, 0};
    if (::poll(&p, 1, timeoutMs) != 1)
        return -1;
    return ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
}

bool rawSendTo(int fd, const QByteArray &bytes, const QString &to)
{
    const UnixAddress address = unixAddress(to);
    return ::sendto(fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL, address.data(), address.length)
        == bytes.size();
}

// Waits (bounded) for one datagram; false when none came. *from: the sender's name ("" unnamed).
bool rawReceive(int fd, QByteArray *bytes, QString *from = nullptr, int timeoutMs = WaitMs)
{
    pollfd p {fd, POLLIN, 0};
    if (::poll(&p, 1, timeoutMs) != 1)
        return false;
    QByteArray buffer(256 * 1024, Qt::Uninitialized);
    sockaddr_un sender {};
    socklen_t length = sizeof(sender);
    const ssize_t n = ::recvfrom(fd, buffer.data(), size_t(buffer.size()), MSG_DONTWAIT,
        reinterpret_cast<sockaddr *>(&sender), &length);
    if (n < 0)
        return false;
    *bytes = buffer.left(n);
    if (from)
        *from = unixName(sender, length);
    return true;
}

// Whatever arrives on a stream within a short bounded wait (no EOF needed).
QByteArray rawRead(int fd, qint64 expect)
{
    bool eof = false;
    return rawExchange(fd, {}, false, expect, &eof);
}

// The file at `path` itself (a symbolic link is not followed).
struct FileId
{
    bool exists = false;
    bool socket = false;
    dev_t device = 0;
    ino_t inode = 0;
    bool operator==(const FileId &o) const
    {
        return exists == o.exists && socket == o.socket && device == o.device && inode == o.inode;
    }
};

FileId fileId(const QString &path)
{
    FileId id;
    struct stat status
    {
    };
    if (::lstat(QFile::encodeName(path).constData(), &status) != 0)
        return id;
    id.exists = true;
    id.socket = S_ISSOCK(status.st_mode);
    id.device = status.st_dev;
    id.inode = status.st_ino;
    return id;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
}

SessionConfig unixServerConfig(const QString &path)
{
    SessionConfig config;
    config.mode = SessionMode::UnixServer;
    config.localPath = path;
    return config;
}

SessionConfig unixClientConfig(const QString &path)
{
    SessionConfig config;
    config.mode = SessionMode::UnixClient;
    config.remotePath = path;
    config.connectTimeoutMs = WaitMs;
    return config;
}

SessionConfig unixDatagramConfig(const QString &localPath, const QString &remotePath = QString())
{
    SessionConfig config;
    config.mode = SessionMode::UnixDatagram;
    config.localPath = localPath;
    config.remotePath = remotePath;
    return config;
}

// A session that binds a socket of `type` at `path`: a server for a stream, else datagrams.
SessionConfig bindingConfig(int type, const QString &path)
{
    return type == SOCK_STREAM ? unixServerConfig(path) : unixDatagramConfig(path);
}

// Bytes sent to the socket of `type` at `path` reach whoever is bound there now.
bool rawReaches(int type, const QString &path)
{
    if (type == SOCK_STREAM) {
        Fd fd(rawConnectUnix(path));
        return fd.fd >= 0 && ::send(fd.fd, "x", 1, MSG_NOSIGNAL) == 1;
    }
    Fd fd(rawUnixSocket(SOCK_DGRAM));
    return fd.fd >= 0 && rawSendTo(fd.fd, "x", path);
}

void addTypeRows()
{
    QTest::addColumn<int>("type");
    QTest::newRow("stream (unix-server)") << int(SOCK_STREAM);
    QTest::newRow("datagram (unix-dgram)") << int(SOCK_DGRAM);
}

// The events of a kind whose text holds `part`.
int countText(const EventLog &log, EventKind kind, const QString &part)
{
    int n = 0;
    for (const Event &e : log.events)
        n += e.kind == kind && e.text.contains(part);
    return n;
}

// The first data event of direction `dir` (received, by default).
const Event *firstIn(const EventLog &log, Direction dir = Direction::In)
{
    for (const Event &e : log.events) {
        if (e.dir == dir)
            return &e;
    }
    return nullptr;
}

const Event *lastError(const EventLog &log)
{
    for (qsizetype i = log.events.size() - 1; i >= 0; --i) {
        if (log.events.at(i).dir == Direction::Error)
            return &log.events.at(i);
    }
    return nullptr;
}

// Starts a session that must fail; checks the `failed` signal, the error event, and that it is idle
// again. *reason: what failed said.
void expectStartFails(Session &session, EventLog &log, const SessionConfig &config, const QString &part,
    QString *reason, EventKind *kind = nullptr)
{
    QSignalSpy failed(&session, &Session::failed);
    QSignalSpy started(&session, &Session::started);
    session.start(config);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, WaitMs);
    QCOMPARE(started.count(), 0);
    *reason = failed.at(0).at(0).toString();
    if (kind)
        *kind = failed.at(0).at(1).value<EventKind>();
    QVERIFY2(reason->contains(part), qPrintable(*reason));
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), Session::State::Idle, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(lastError(log) != nullptr, WaitMs);
    const Event *error = lastError(log);
    QVERIFY2(error->text.contains(part), qPrintable(error->text));
    QCOMPARE(error->kind, failed.at(0).at(1).value<EventKind>());
}

} // namespace

// A Unix server with echo, talked to by QLocalSocket: the bytes come back whole, the peer is this
// process by its credentials, the session is named by its path, and stopping closes the client and
// removes the socket file.
void tst_UnixSession::serverEchoesToLocalSocket()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("echo.sock"));
    Session server;
    EventLog log(&server);
    QSignalSpy opened(&server, &Session::peerOpened);
    SessionConfig config = unixServerConfig(path);
    config.echo = true;
    QVERIFY2(startAndWait(server, config), log.dump().constData());
    QCOMPARE(server.localPath(), path);
    QCOMPARE(server.name(), QString(QStringLiteral("unix-server ") + path));
    QVERIFY(fileId(path).socket);

    QLocalSocket client;
    QSignalSpy disconnected(&client, &QLocalSocket::disconnected);
    client.connectToServer(path);
    QVERIFY2(client.waitForConnected(WaitMs), qPrintable(client.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, WaitMs);
    const ConnId id = opened.at(0).at(0).value<ConnId>();
    QCOMPARE(opened.at(0).at(1).toString(), ourCredentials());

    const QByteArray data = pattern(11, 256 * 1024);
    QCOMPARE(client.write(data), qint64(data.size()));
    QByteArray echoed;
    QTRY_VERIFY_WITH_TIMEOUT((echoed += client.readAll()).size() >= data.size(), WaitMs);
    QCOMPARE(echoed.size(), data.size());
    QVERIFY(echoed == data);
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesOut, qint64(data.size()), WaitMs);
    QCOMPARE(server.counters().bytesIn, qint64(data.size()));
    QCOMPARE(server.peers().size(), 1);
    QCOMPARE(server.peers().at(0).peer, ourCredentials());
    QCOMPARE(server.peers().at(0).local, path);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::None, id) != nullptr, WaitMs);
    QCOMPARE(log.find(EventKind::None, id)->peer, ourCredentials());
    QCOMPARE(log.find(EventKind::None, id)->local, path);
    QVERIFY(log.find(EventKind::Accept, id) != nullptr);
    QCOMPARE(log.find(EventKind::Accept, id)->peer, ourCredentials());

    QVERIFY(stopAndWait(server));
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, WaitMs);
    QVERIFY2(!fileId(path).exists, "the socket file outlived the session");
}

// 4 MiB through an echoing server to a raw client that half-closes: every byte back in order, then
// the server's FIN once it has sent the rest.
void tst_UnixSession::serverEchoesWholeThroughHalfClose()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("halfclose.sock"));
    Session server;
    EventLog log(&server);
    server.setDisplayDataEvents(false);
    server.setCloseAfterPeerFinish(true);
    SessionConfig config = unixServerConfig(path);
    config.echo = true;
    QVERIFY2(startAndWait(server, config), log.dump().constData());

    Fd client(rawConnectUnix(path));
    QVERIFY(client.fd >= 0);
    const QByteArray data = pattern(3, 4 << 20);
    bool eof = false;
    const QByteArray back = rawExchange(client.fd, data, true, data.size(), &eof, 30000);
    QVERIFY(eof);
    QCOMPARE(back.size(), data.size());
    QVERIFY(back == data);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::HalfClose) != nullptr, WaitMs);
    QCOMPARE(log.find(EventKind::HalfClose)->peer, ourCredentials());
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().connections, 0, WaitMs);
    QCOMPARE(server.counters().bytesIn, qint64(data.size()));
    QCOMPARE(server.counters().bytesOut, qint64(data.size()));
    QVERIFY(stopAndWait(server));
}

// A client that bound its socket to a path of its own is shown by that path and its process.
void tst_UnixSession::namedClientIsShownByPathAndPid()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.sock"));
    const QString clientPath = dir.filePath(QStringLiteral("client.sock"));
    Session server;
    EventLog log(&server);
    QSignalSpy opened(&server, &Session::peerOpened);
    QVERIFY2(startAndWait(server, unixServerConfig(path)), log.dump().constData());
    Fd client(rawConnectUnix(path, clientPath));
    QVERIFY(client.fd >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, WaitMs);
    const QString expected = QStringLiteral("%1 (%2)").arg(clientPath, ourCredentials());
    QCOMPARE(opened.at(0).at(1).toString(), expected);
    QCOMPARE(::send(client.fd, "named", 5, MSG_NOSIGNAL), ssize_t(5));
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::In), QByteArray("named"), WaitMs);
    QCOMPARE(log.find(EventKind::None)->peer, expected);
    QVERIFY(server.send("back"));
    QCOMPARE(rawRead(client.fd, 4), QByteArray("back"));
    QVERIFY(stopAndWait(server));
    QVERIFY(fileId(clientPath).socket); // the client's file is the client's business
}

// The client limit holds for Unix clients too, and the refused one is named by its process.
void tst_UnixSession::serverMaxClientsRefusesByCredentials()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("limit.sock"));
    Session server;
    EventLog log(&server);
    SessionConfig config = unixServerConfig(path);
    config.maxClients = 1;
    QVERIFY2(startAndWait(server, config), log.dump().constData());
    Fd first(rawConnectUnix(path));
    QVERIFY(first.fd >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().accepted, qint64(1), WaitMs);
    Fd second(rawConnectUnix(path));
    QVERIFY(second.fd >= 0);
    bool eof = false;
    QCOMPARE(rawExchange(second.fd, {}, false, INT_MAX, &eof), QByteArray());
    QVERIFY(eof);
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().refused, qint64(1), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Refused) != nullptr, WaitMs);
    QCOMPARE(log.find(EventKind::Refused)->peer, ourCredentials());
    QCOMPARE(server.counters().connections, 1);
    QVERIFY(stopAndWait(server));
}

// "@name": Linux's abstract namespace. No file is made; a Unix client session reaches the server by
// the name; the name is free again the moment the server stops.
void tst_UnixSession::abstractNames()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString name = QLatin1Char('@') + dir.filePath(QStringLiteral("abstract"));
    Session server;
    EventLog serverLog(&server);
    QSignalSpy opened(&server, &Session::peerOpened);
    QVERIFY2(startAndWait(server, unixServerConfig(name)), serverLog.dump().constData());
    QCOMPARE(server.localPath(), name);
    QCOMPARE(server.name(), QString(QStringLiteral("unix-server ") + name));
    QVERIFY(QDir(dir.path()).isEmpty(QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot));

    Session client;
    EventLog clientLog(&client);
    QVERIFY2(startAndWait(client, unixClientConfig(name)), clientLog.dump().constData());
    QCOMPARE(client.name(), QString(QStringLiteral("unix-client ") + name));
    QCOMPARE(client.peers().size(), 1);
    QCOMPARE(client.peers().at(0).peer, name);
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, WaitMs);
    QCOMPARE(opened.at(0).at(1).toString(), ourCredentials());
    const ConnId id = opened.at(0).at(0).value<ConnId>();

    QVERIFY(client.send(QByteArray("to the server\x00\xff", 15)));
    QTRY_COMPARE_WITH_TIMEOUT(
        serverLog.payload(Direction::In, id), QByteArray("to the server\x00\xff", 15), WaitMs);
    QVERIFY(server.send("to the client"));
    QTRY_COMPARE_WITH_TIMEOUT(clientLog.payload(Direction::In), QByteArray("to the client"), WaitMs);
    QVERIFY(clientLog.find(EventKind::Connect) != nullptr);
    QVERIFY2(clientLog.find(EventKind::Connect)->text.contains(name),
        qPrintable(clientLog.find(EventKind::Connect)->text));

    QVERIFY(stopAndWait(client));
    QTRY_VERIFY_WITH_TIMEOUT(serverLog.find(EventKind::HalfClose, id) != nullptr, WaitMs);
    QVERIFY(stopAndWait(server));
    errno = 0;
    QCOMPARE(rawConnectUnix(name), -1);
    QCOMPARE(errno, ECONNREFUSED);
    // Free at once: nothing to clean up.
    Session again;
    QVERIFY(startAndWait(again, unixServerConfig(name)));
    QVERIFY(rawReaches(SOCK_STREAM, name));
    QVERIFY(stopAndWait(again));
}

// A Unix client session against a plain listening socket: data both ways, the listener's FIN seen
// while the session can still send, and the session's own half-close reaching the listener.
void tst_UnixSession::clientToPlainListener()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("plain.sock"));
    Fd listener(rawBound(SOCK_STREAM, path));
    QVERIFY(listener.fd >= 0);
    Session client;
    EventLog log(&client);
    QVERIFY2(startAndWait(client, unixClientConfig(path)), log.dump().constData());
    Fd conn(rawAccept(listener.fd));
    QVERIFY(conn.fd >= 0);
    QCOMPARE(client.name(), QString(QStringLiteral("unix-client ") + path));
    QCOMPARE(client.peers().size(), 1);
    QCOMPARE(client.peers().at(0).peer, path);
    QCOMPARE(client.counters().connections, 1);

    const QByteArray toListener("from the session\x00\xff\r\n", 20);
    QVERIFY(client.send(toListener));
    QCOMPARE(rawRead(conn.fd, toListener.size()), toListener);
    QCOMPARE(::send(conn.fd, "from the listener", 17, MSG_NOSIGNAL), ssize_t(17));
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::In), QByteArray("from the listener"), WaitMs);
    QCOMPARE(log.find(EventKind::None)->peer, path);

    // The listener is done sending; the session still talks.
    QCOMPARE(::shutdown(conn.fd, SHUT_WR), 0);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::HalfClose) != nullptr, WaitMs);
    QCOMPARE(client.state(), Session::State::Running);
    QVERIFY(client.send("after your FIN"));
    QCOMPARE(rawRead(conn.fd, 14), QByteArray("after your FIN"));

    // And the session half-closes in turn: the listener reads to the end.
    client.shutdownWrite();
    bool eof = false;
    QCOMPARE(rawExchange(conn.fd, {}, false, INT_MAX, &eof), QByteArray());
    QVERIFY(eof);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::ShutdownWrite) != nullptr, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().bytesOut, qint64(toListener.size() + 14), WaitMs);
    QCOMPARE(client.counters().bytesIn, qint64(17));
    QVERIFY(stopAndWait(client));
    QVERIFY(fileId(path).socket); // a client removes nothing
}

void tst_UnixSession::clientFailures_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("message");

    QTest::newRow("no socket there") << QStringLiteral("missing") << QStringLiteral("there is no socket at");
    QTest::newRow("stale socket file")
        << QStringLiteral("stale") << QStringLiteral("connection refused: nobody listens on");
    QTest::newRow("datagram socket there")
        << QStringLiteral("datagram") << QStringLiteral("is a socket of the other type");
    QTest::newRow("path too long") << QStringLiteral("long") << QStringLiteral("bytes long");
    QTest::newRow("empty path") << QStringLiteral("empty") << QStringLiteral("needs a path");
}

// A Unix client that cannot connect fails with a reason naming the path, an error event, and is idle
// and startable again; it touches nothing at the path.
void tst_UnixSession::clientFailures()
{
    QFETCH(QString, setup);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString path = dir.filePath(QStringLiteral("target.sock"));
    Fd datagram;
    if (setup == QLatin1String("stale")) {
        QVERIFY(makeStaleSocketFile(SOCK_STREAM, path));
    } else if (setup == QLatin1String("datagram")) {
        datagram.reset(rawBound(SOCK_DGRAM, path));
        QVERIFY(datagram.fd >= 0);
    } else if (setup == QLatin1String("long")) {
        path = dir.path() + QLatin1Char('/') + QString(108, QLatin1Char('x'));
    } else if (setup == QLatin1String("empty")) {
        path.clear();
    }
    const FileId before = fileId(path);
    Session client;
    EventLog log(&client);
    QString reason;
    EventKind kind = EventKind::None;
    expectStartFails(client, log, unixClientConfig(path), message, &reason, &kind);
    if (QTest::currentTestFailed())
        return;
    if (!path.isEmpty())
        QVERIFY2(reason.contains(path), qPrintable(reason));
    if (setup == QLatin1String("stale"))
        QCOMPARE(kind, EventKind::Refused);
    QVERIFY(fileId(path) == before);

    // Startable again, and it works once someone listens.
    const QString good = dir.filePath(QStringLiteral("good.sock"));
    Fd listener(rawBound(SOCK_STREAM, good));
    QVERIFY(listener.fd >= 0);
    QVERIFY2(startAndWait(client, unixClientConfig(good)), log.dump().constData());
    Fd conn(rawAccept(listener.fd));
    QVERIFY(conn.fd >= 0);
    QVERIFY(client.send("ok"));
    QCOMPARE(rawRead(conn.fd, 2), QByteArray("ok"));
    QVERIFY(stopAndWait(client));
}

void tst_UnixSession::clientWaitsWhileQueueFull_data()
{
    QTest::addColumn<bool>("acceptLater");
    QTest::newRow("room made: connects") << true;
    QTest::newRow("no room: times out") << false;
}

// A Unix server whose queue of clients not yet accepted is full refuses a connect at once (EAGAIN);
// the session tries again until its connect timeout instead of failing.
void tst_UnixSession::clientWaitsWhileQueueFull()
{
    QFETCH(bool, acceptLater);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("full.sock"));
    Fd listener(rawUnixSocket(SOCK_STREAM));
    const UnixAddress address = unixAddress(path);
    QVERIFY(::bind(listener.fd, address.data(), address.length) == 0);
    QVERIFY(::listen(listener.fd, 0) == 0);
    Fd filler(rawConnectUnix(path));
    QVERIFY(filler.fd >= 0);
    {
        Fd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        errno = 0;
        QCOMPARE(::connect(probe.fd, address.data(), address.length), -1);
        QCOMPARE(errno, EAGAIN); // the queue is full
    }
    Session client;
    EventLog log(&client);
    QSignalSpy started(&client, &Session::started);
    QSignalSpy failed(&client, &Session::failed);
    SessionConfig config = unixClientConfig(path);
    config.connectTimeoutMs = acceptLater ? WaitMs : 300;
    client.start(config);
    if (acceptLater) {
        Fd first(rawAccept(listener.fd));
        QVERIFY(first.fd >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, WaitMs);
        QCOMPARE(failed.count(), 0);
        Fd conn(rawAccept(listener.fd));
        QVERIFY(conn.fd >= 0);
        QVERIFY(client.send("made it"));
        QCOMPARE(rawRead(conn.fd, 7), QByteArray("made it"));
        QVERIFY(stopAndWait(client));
        return;
    }
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, WaitMs);
    QCOMPARE(started.count(), 0);
    QCOMPARE(failed.at(0).at(1).value<EventKind>(), EventKind::Timeout);
    const QString reason = failed.at(0).at(0).toString();
    QVERIFY2(reason.contains(path) && reason.contains(QStringLiteral("timed out")), qPrintable(reason));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Idle, WaitMs);
}

void tst_UnixSession::staleSocketFileReplaced_data()
{
    addTypeRows();
}

// A socket file nobody is bound to any more (a program ended without removing it) is replaced, said
// so in an event; the new socket works; stopping removes the file.
void tst_UnixSession::staleSocketFileReplaced()
{
    QFETCH(int, type);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("stale.sock"));
    QVERIFY(makeStaleSocketFile(type, path));
    QVERIFY(fileId(path).socket);
    QVERIFY(!rawReaches(type, path));

    Session session;
    EventLog log(&session);
    QVERIFY2(startAndWait(session, bindingConfig(type, path)), log.dump().constData());
    QCOMPARE(session.localPath(), path);
    QTRY_COMPARE_WITH_TIMEOUT(countText(log, EventKind::Bind, QStringLiteral("left behind")), 1, WaitMs);
    QVERIFY(log.dump().contains(QFile::encodeName(path)));
    QVERIFY(fileId(path).socket);
    QVERIFY(rawReaches(type, path));
    QTRY_COMPARE_WITH_TIMEOUT(session.counters().bytesIn, qint64(1), WaitMs);
    QVERIFY(stopAndWait(session));
    QVERIFY2(!fileId(path).exists, "the socket file outlived the session");
}

void tst_UnixSession::stopRemovesOnlyItsOwnFile_data()
{
    addTypeRows();
}

// Someone replaced the session's socket file while it ran: stopping leaves the newcomer's file alone.
void tst_UnixSession::stopRemovesOnlyItsOwnFile()
{
    QFETCH(int, type);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("shared.sock"));
    Session session;
    EventLog log(&session);
    QVERIFY2(startAndWait(session, bindingConfig(type, path)), log.dump().constData());
    QVERIFY(fileId(path).socket);
    QCOMPARE(::unlink(QFile::encodeName(path).constData()), 0);
    Fd other(rawBound(type, path));
    QVERIFY(other.fd >= 0);
    const FileId theirs = fileId(path);
    QVERIFY(stopAndWait(session));
    QVERIFY2(fileId(path) == theirs, "stopping removed another program's socket file");
    QVERIFY(rawReaches(type, path));
    if (type == SOCK_DGRAM) {
        QByteArray got;
        QVERIFY(rawReceive(other.fd, &got));
        QCOMPARE(got, QByteArray("x"));
    } else {
        Fd conn(rawAccept(other.fd));
        QVERIFY(conn.fd >= 0);
    }
}

void tst_UnixSession::pathInUse_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<bool>("abstract");
    QTest::newRow("stream, file") << int(SOCK_STREAM) << false;
    QTest::newRow("datagram, file") << int(SOCK_DGRAM) << false;
    QTest::newRow("stream, @name") << int(SOCK_STREAM) << true;
    QTest::newRow("datagram, @name") << int(SOCK_DGRAM) << true;
}

// Someone is bound there and alive: the session fails to start, says so, and leaves the other's socket
// (and its file) as they were.
void tst_UnixSession::pathInUse()
{
    QFETCH(int, type);
    QFETCH(bool, abstract);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path
        = (abstract ? QStringLiteral("@") : QString()) + dir.filePath(QStringLiteral("busy.sock"));
    Fd live(rawBound(type, path));
    QVERIFY(live.fd >= 0);
    const FileId before = fileId(path);
    QCOMPARE(before.exists, !abstract);

    Session session;
    EventLog log(&session);
    QString reason;
    expectStartFails(session, log, bindingConfig(type, path), QStringLiteral("is already in use"), &reason);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(reason.contains(path), qPrintable(reason));
    QVERIFY(session.peers().isEmpty());
    QVERIFY2(fileId(path) == before, "the live socket's file was touched");
    QVERIFY(rawReaches(type, path));
    if (type == SOCK_DGRAM) {
        QByteArray got;
        QVERIFY(rawReceive(live.fd, &got));
        QCOMPARE(got, QByteArray("x"));
    } else {
        Fd conn(rawAccept(live.fd));
        QVERIFY(conn.fd >= 0);
    }

    // Startable again elsewhere.
    const QString other = dir.filePath(QStringLiteral("free.sock"));
    QVERIFY2(startAndWait(session, bindingConfig(type, other)), log.dump().constData());
    QVERIFY(rawReaches(type, other));
    QTRY_COMPARE_WITH_TIMEOUT(session.counters().bytesIn, qint64(1), WaitMs);
    QVERIFY(stopAndWait(session));
    QVERIFY(fileId(path) == before);
}

void tst_UnixSession::nonSocketFileUntouched_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("what");
    QTest::newRow("stream, regular file") << int(SOCK_STREAM) << QStringLiteral("file");
    QTest::newRow("datagram, regular file") << int(SOCK_DGRAM) << QStringLiteral("file");
    QTest::newRow("stream, directory") << int(SOCK_STREAM) << QStringLiteral("directory");
    QTest::newRow("stream, symbolic link to a stale socket") << int(SOCK_STREAM) << QStringLiteral("link");
    QTest::newRow("datagram, empty file") << int(SOCK_DGRAM) << QStringLiteral("empty");
}

// Something that is not a socket is at the path: the session fails with a reason that says so, and the
// file (its content, its identity) stays as it was.
void tst_UnixSession::nonSocketFileUntouched()
{
    QFETCH(int, type);
    QFETCH(QString, what);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("taken"));
    const QString target = dir.filePath(QStringLiteral("stale.sock"));
    const QByteArray content("precious data\n");
    if (what == QLatin1String("file") || what == QLatin1String("empty")) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        if (what == QLatin1String("file"))
            QCOMPARE(file.write(content), qint64(content.size()));
    } else if (what == QLatin1String("directory")) {
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("taken")));
        QVERIFY(writeFile(path + QStringLiteral("/inside"), content));
    } else {
        QVERIFY(makeStaleSocketFile(type, target));
        QVERIFY(QFile::link(target, path));
    }
    const FileId before = fileId(path);
    const FileId targetBefore = fileId(target);

    Session session;
    EventLog log(&session);
    QString reason;
    expectStartFails(
        session, log, bindingConfig(type, path), QStringLiteral("exists and is not a socket"), &reason);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(reason.contains(path), qPrintable(reason));
    QVERIFY(fileId(path) == before);
    QVERIFY(fileId(target) == targetBefore);
    if (what == QLatin1String("file"))
        QCOMPARE(readAll(path), content);
    else if (what == QLatin1String("empty"))
        QCOMPARE(readAll(path), QByteArray());
    else if (what == QLatin1String("directory"))
        QCOMPARE(readAll(path + QStringLiteral("/inside")), content);
    else
        QCOMPARE(QFile::symLinkTarget(path), target);
}

void tst_UnixSession::missingFolder_data()
{
    addTypeRows();
}

void tst_UnixSession::missingFolder()
{
    QFETCH(int, type);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(QStringLiteral("nowhere"));
    const QString path = folder + QStringLiteral("/s.sock");
    Session session;
    EventLog log(&session);
    QString reason;
    expectStartFails(
        session, log, bindingConfig(type, path), QStringLiteral("its folder does not exist"), &reason);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(reason.contains(path), qPrintable(reason));
    QVERIFY(!fileId(folder).exists);
}

// A datagram session with echo, and a sender bound to a path: each datagram comes back alone and
// whole, from the session's path; the sender is shown by its path and process.
void tst_UnixSession::datagramEchoToNamedSender()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("echo.sock"));
    const QString senderPath = dir.filePath(QStringLiteral("sender.sock"));
    Session session;
    EventLog log(&session);
    session.setDisplayPreviewBytes(65536);
    SessionConfig config = unixDatagramConfig(path);
    config.echo = true;
    QVERIFY2(startAndWait(session, config), log.dump().constData());
    QCOMPARE(session.localPath(), path);
    QCOMPARE(session.name(), QString(QStringLiteral("unix-dgram ") + path));
    QVERIFY(fileId(path).socket);

    Fd sender(rawBound(SOCK_DGRAM, senderPath));
    QVERIFY(sender.fd >= 0);
    const QVector<QByteArray> datagrams {
        QByteArray("a"), QByteArray("\x00\xff\r\n", 4), pattern(1, 1500), pattern(2, 60000)};
    qint64 total = 0;
    for (const QByteArray &datagram : datagrams) {
        QVERIFY(rawSendTo(sender.fd, datagram, path));
        total += datagram.size();
    }
    for (const QByteArray &datagram : datagrams) {
        QByteArray got;
        QString from;
        QVERIFY2(rawReceive(sender.fd, &got, &from), log.dump().constData());
        QCOMPARE(got.size(), datagram.size());
        QVERIFY(got == datagram);
        QCOMPARE(from, path);
    }
    QCOMPARE(session.counters().messagesIn, qint64(datagrams.size()));
    QCOMPARE(session.counters().bytesIn, total);
    QTRY_COMPARE_WITH_TIMEOUT(session.counters().bytesOut, total, WaitMs);
    const QString expected = QStringLiteral("%1 (%2)").arg(senderPath, ourCredentials());
    QCOMPARE(session.peers().size(), 1);
    QCOMPARE(session.peers().at(0).peer, expected);
    QTRY_VERIFY_WITH_TIMEOUT(firstIn(log) != nullptr, WaitMs);
    QCOMPARE(firstIn(log)->peer, expected);
    QCOMPARE(firstIn(log)->local, path);
    // The echo to that sender names it the same way, process included.
    QTRY_VERIFY_WITH_TIMEOUT(firstIn(log, Direction::Out) != nullptr, WaitMs);
    QCOMPARE(firstIn(log, Direction::Out)->peer, expected);
    QCOMPARE(log.count(EventKind::Dropped), 0);
    QVERIFY(stopAndWait(session));
    QVERIFY2(!fileId(path).exists, "the socket file outlived the session");
    QVERIFY(fileId(senderPath).socket);
}

// A Unix datagram may be larger than the session reads at once (64 KiB): it is not cut silently.
void tst_UnixSession::datagramLargerThanReadBufferIsReported()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("big.sock"));
    Session session;
    EventLog log(&session);
    QVERIFY2(startAndWait(session, unixDatagramConfig(path)), log.dump().constData());
    Fd sender(rawUnixSocket(SOCK_DGRAM));
    QVERIFY(sender.fd >= 0);
    const QByteArray big = pattern(0, 100000);
    QVERIFY(rawSendTo(sender.fd, big, path));
    QTRY_COMPARE_WITH_TIMEOUT(session.counters().messagesIn, qint64(1), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(countText(log, EventKind::Error, QStringLiteral("100000")) == 1, WaitMs);
    QVERIFY(stopAndWait(session));
}

// No local path: the system picks an abstract name ("@" and five hex digits), so answers can come back.
void tst_UnixSession::datagramAutobind()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString peerPath = dir.filePath(QStringLiteral("peer.sock"));
    Session session;
    EventLog log(&session);
    QVERIFY2(startAndWait(session, unixDatagramConfig(QString())), log.dump().constData());
    const QString local = session.localPath();
    QVERIFY2(QRegularExpression(QStringLiteral("^@[0-9a-f]{5}$")).match(local).hasMatch(), qPrintable(local));
    QCOMPARE(session.name(), QString(QStringLiteral("unix-dgram ") + local));

    Fd peer(rawBound(SOCK_DGRAM, peerPath));
    QVERIFY(peer.fd >= 0);
    QVERIFY(rawSendTo(peer.fd, "to the autobound", local));
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::In), QByteArray("to the autobound"), WaitMs);
    QCOMPARE(firstIn(log)->peer, QStringLiteral("%1 (%2)").arg(peerPath, ourCredentials()));
    QVERIFY(session.send("answer", SendTarget::lastPeer()));
    QByteArray got;
    QString from;
    QVERIFY2(rawReceive(peer.fd, &got, &from), log.dump().constData());
    QCOMPARE(got, QByteArray("answer"));
    QCOMPARE(from, local);
    QVERIFY(stopAndWait(session));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot),
        QStringList {QStringLiteral("peer.sock")});
}

void tst_UnixSession::datagramDefaultTarget_data()
{
    QTest::addColumn<bool>("namedLocal");
    QTest::newRow("autobound local name") << false;
    QTest::newRow("local path") << true;
}

// remotePath is the default target: plain sends go there, from the session's name, and the target's
// answers come back.
void tst_UnixSession::datagramDefaultTarget()
{
    QFETCH(bool, namedLocal);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString targetPath = dir.filePath(QStringLiteral("target.sock"));
    const QString localPath = namedLocal ? dir.filePath(QStringLiteral("local.sock")) : QString();
    Fd target(rawBound(SOCK_DGRAM, targetPath));
    QVERIFY(target.fd >= 0);
    Session session;
    EventLog log(&session);
    QVERIFY2(startAndWait(session, unixDatagramConfig(localPath, targetPath)), log.dump().constData());
    const QString local = session.localPath();
    if (namedLocal)
        QCOMPARE(local, localPath);
    else
        QVERIFY2(local.startsWith(QLatin1Char('@')), qPrintable(local));

    QVERIFY(session.send("one"));
    QVERIFY(session.send("two"));
    for (const char *expected : {"one", "two"}) {
        QByteArray got;
        QString from;
        QVERIFY2(rawReceive(target.fd, &got, &from), log.dump().constData());
        QCOMPARE(got, QByteArray(expected));
        QCOMPARE(from, local);
    }
    QTRY_COMPARE_WITH_TIMEOUT(session.counters().messagesOut, qint64(2), WaitMs);
    QVERIFY(rawSendTo(target.fd, "answer", local));
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::In), QByteArray("answer"), WaitMs);
    QCOMPARE(firstIn(log)->peer, QStringLiteral("%1 (%2)").arg(targetPath, ourCredentials()));
    QVERIFY(stopAndWait(session));
    if (namedLocal)
        QVERIFY(!fileId(localPath).exists);
    QVERIFY(fileId(targetPath).socket);
}

// A sender that never bound its socket: its datagrams are received and shown by its process, but
// nothing can go back to it. Echo (and a send to it by its connection number or as the last sender)
// gives an error event saying why, sends nothing, and the session carries on.
void tst_UnixSession::datagramUnnamedSender()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("anon.sock"));
    const QString namedPath = dir.filePath(QStringLiteral("named.sock"));
    Session session;
    EventLog log(&session);
    SessionConfig config = unixDatagramConfig(path);
    config.echo = true;
    QVERIFY2(startAndWait(session, config), log.dump().constData());

    Fd anonymous(rawUnixSocket(SOCK_DGRAM));
    QVERIFY(anonymous.fd >= 0);
    QVERIFY(rawSendTo(anonymous.fd, "who am I", path));
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::In), QByteArray("who am I"), WaitMs);
    const Event *in = firstIn(log);
    QCOMPARE(in->peer, ourCredentials());
    const ConnId anonymousConn = in->conn;
    const QString noName = QStringLiteral("the sender's socket has no name");
    QTRY_COMPARE_WITH_TIMEOUT(countText(log, EventKind::Dropped, noName), 1, WaitMs);
    QCOMPARE(lastError(log)->dir, Direction::Error);
    QVERIFY2(lastError(log)->text.contains(QStringLiteral("not sent")), qPrintable(lastError(log)->text));
    QCOMPARE(session.peers().size(), 1);
    QCOMPARE(session.peers().at(0).peer, ourCredentials());
    QCOMPARE(session.peers().at(0).id, anonymousConn);

    // Chosen by hand: the same answer, no crash.
    QVERIFY(session.send("by number", SendTarget::connection(anonymousConn)));
    QVERIFY(session.send("to the last", SendTarget::lastPeer()));
    QTRY_COMPARE_WITH_TIMEOUT(countText(log, EventKind::Dropped, noName), 3, WaitMs);
    QCOMPARE(session.counters().bytesOut, qint64(0));
    QCOMPARE(session.counters().messagesOut, qint64(0));
    QCOMPARE(session.counters().queuedBytes, qint64(0));
    QCOMPARE(session.state(), Session::State::Running);
    QByteArray stray;
    QVERIFY(!rawReceive(anonymous.fd, &stray, nullptr, 0));

    // A second datagram from the same socket is the same peer; a named sender still gets its echo.
    QVERIFY(rawSendTo(anonymous.fd, "again", path));
    QTRY_COMPARE_WITH_TIMEOUT(session.counters().messagesIn, qint64(2), WaitMs);
    QCOMPARE(session.peers().size(), 1);
    Fd named(rawBound(SOCK_DGRAM, namedPath));
    QVERIFY(named.fd >= 0);
    QVERIFY(rawSendTo(named.fd, "echo me", path));
    QByteArray got;
    QVERIFY2(rawReceive(named.fd, &got), log.dump().constData());
    QCOMPARE(got, QByteArray("echo me"));
    QTRY_COMPARE_WITH_TIMEOUT(session.peers().size(), 2, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(countText(log, EventKind::Dropped, noName), 4, WaitMs);
    QVERIFY(stopAndWait(session));
}

void tst_UnixSession::recordingNamesSession_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("unix-server") << int(SessionMode::UnixServer);
    QTest::newRow("unix-client") << int(SessionMode::UnixClient);
    QTest::newRow("unix-dgram") << int(SessionMode::UnixDatagram);
}

// Every line of the recording names the session "MODE PATH"; data lines name the peer and the local
// end as the log does.
void tst_UnixSession::recordingNamesSession()
{
    QFETCH(int, mode);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString record = dir.filePath(QStringLiteral("traffic.jsonl"));
    const QString path = dir.filePath(QStringLiteral("rec.sock"));
    const QString peerPath = dir.filePath(QStringLiteral("peer.sock"));
    auto recorder = std::make_shared<Recorder>();
    QString error;
    QVERIFY2(recorder->open(record, &error), qPrintable(error));
    Session session;
    EventLog log(&session);
    session.setRecorder(recorder);

    QString expectedPeer;
    QString expectedLocal;
    QString expectedName;
    if (SessionMode(mode) == SessionMode::UnixServer) {
        QVERIFY2(startAndWait(session, unixServerConfig(path)), log.dump().constData());
        Fd client(rawConnectUnix(path));
        QVERIFY(client.fd >= 0);
        QCOMPARE(::send(client.fd, "hello", 5, MSG_NOSIGNAL), ssize_t(5));
        QTRY_COMPARE_WITH_TIMEOUT(session.counters().bytesIn, qint64(5), WaitMs);
        expectedPeer = ourCredentials();
        expectedLocal = path;
        expectedName = QStringLiteral("unix-server ") + path;
    } else if (SessionMode(mode) == SessionMode::UnixClient) {
        Fd listener(rawBound(SOCK_STREAM, path));
        QVERIFY(listener.fd >= 0);
        QVERIFY2(startAndWait(session, unixClientConfig(path)), log.dump().constData());
        Fd conn(rawAccept(listener.fd));
        QVERIFY(conn.fd >= 0);
        QCOMPARE(::send(conn.fd, "hello", 5, MSG_NOSIGNAL), ssize_t(5));
        QTRY_COMPARE_WITH_TIMEOUT(session.counters().bytesIn, qint64(5), WaitMs);
        expectedPeer = path;
        expectedName = QStringLiteral("unix-client ") + path;
    } else {
        QVERIFY2(startAndWait(session, unixDatagramConfig(path)), log.dump().constData());
        Fd peer(rawBound(SOCK_DGRAM, peerPath));
        QVERIFY(peer.fd >= 0);
        QVERIFY(rawSendTo(peer.fd, "hello", path));
        QTRY_COMPARE_WITH_TIMEOUT(session.counters().bytesIn, qint64(5), WaitMs);
        expectedPeer = QStringLiteral("%1 (%2)").arg(peerPath, ourCredentials());
        expectedLocal = path;
        expectedName = QStringLiteral("unix-dgram ") + path;
    }
    QCOMPARE(session.name(), expectedName);
    QVERIFY(stopAndWait(session));
    recorder->close();

    QFile file(record);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QVERIFY(lines.size() > 2);
    QVERIFY(lines.constLast().isEmpty());
    int dataLines = 0;
    for (int i = 0; i + 1 < lines.size(); ++i) {
        const QJsonObject o = QJsonDocument::fromJson(lines.at(i)).object();
        QVERIFY2(!o.isEmpty(), lines.at(i).constData());
        QCOMPARE(o.value(QLatin1String("session")).toString(), expectedName);
        if (o.value(QLatin1String("dir")).toString() != QLatin1String("in"))
            continue;
        ++dataLines;
        QCOMPARE(o.value(QLatin1String("hex")).toString(), QStringLiteral("68656c6c6f"));
        QCOMPARE(o.value(QLatin1String("peer")).toString(), expectedPeer);
        if (!expectedLocal.isEmpty())
            QCOMPARE(o.value(QLatin1String("local")).toString(), expectedLocal);
    }
    QCOMPARE(dataLines, 1);
}

QTEST_GUILESS_MAIN(tst_UnixSession)
#include "tst_unixsession.moc"
