#pragma once

// Helpers shared by the loopback integration tests of the core sessions: an event log that collects
// what a Session displays, start/stop helpers that wait on signals (never on the clock), and raw
// POSIX client sockets for what Qt's sockets cannot do (half-close, reset, never reading).

#include "endpoint.h"
#include "event.h"
#include "session.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QObject>
#include <QSignalSpy>
#include <QStringList>
#include <QTcpSocket>
#include <QTest>

#include <cerrno>
#include <cstring>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sockpit::test {

constexpr ConnId AnyConn = ~ConnId(0);
constexpr int WaitMs = 10000;

inline QHostAddress loopback(bool v6)
{
    return v6 ? QHostAddress(QHostAddress::LocalHostIPv6) : QHostAddress(QHostAddress::LocalHost);
}

// Byte `offset` of the endless test pattern; not periodic at any power of two, so a chunk that is
// lost, repeated or reordered shows.
inline char patternByte(qint64 offset)
{
    const quint64 x = quint64(offset);
    return char((x * 131u + (x >> 9) * 7u + (x >> 17)) & 0xff);
}

inline QByteArray pattern(qint64 offset, qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = patternByte(offset + i);
    return bytes;
}

// Everything a Session displays, in order.
class EventLog final : public QObject
{
public:
    explicit EventLog(Session *session)
    {
        connect(session, &Session::eventsReady, this, [this](const EventBatch &batch, qint64 missed) {
            events += batch;
            notDisplayed += missed;
        });
    }

    const Event *find(EventKind kind, ConnId conn = AnyConn) const
    {
        for (const Event &e : events) {
            if (e.kind == kind && (conn == AnyConn || e.conn == conn))
                return &e;
        }
        return nullptr;
    }
    int count(EventKind kind, ConnId conn = AnyConn) const
    {
        int n = 0;
        for (const Event &e : events)
            n += e.kind == kind && (conn == AnyConn || e.conn == conn);
        return n;
    }
    int indexOf(EventKind kind, ConnId conn = AnyConn) const
    {
        for (int i = 0; i < events.size(); ++i) {
            if (events.at(i).kind == kind && (conn == AnyConn || events.at(i).conn == conn))
                return i;
        }
        return -1;
    }
    // The payloads of the data events in one direction, concatenated.
    QByteArray payload(Direction dir, ConnId conn = AnyConn) const
    {
        QByteArray bytes;
        for (const Event &e : events) {
            if (e.dir == dir && (conn == AnyConn || e.conn == conn))
                bytes += e.payload;
        }
        return bytes;
    }
    // For failure messages: one line per step event.
    QByteArray dump() const
    {
        QStringList lines;
        for (const Event &e : events) {
            if (e.dir == Direction::In || e.dir == Direction::Out)
                continue;
            lines << QStringLiteral("#%1 %2 %3 %4")
                         .arg(e.conn)
                         .arg(QLatin1String(directionName(e.dir)), QLatin1String(eventKindName(e.kind)),
                             e.text);
        }
        return lines.join(QLatin1Char('\n')).toUtf8();
    }

    EventBatch events;
    qint64 notDisplayed = 0;
};

inline SessionConfig serverConfig(const QHostAddress &bind)
{
    SessionConfig config;
    config.mode = SessionMode::TcpServer;
    config.bindAddress = bind;
    config.bindAddressSet = true;
    return config;
}

inline SessionConfig clientConfig(const QHostAddress &host, quint16 port)
{
    SessionConfig config;
    config.mode = SessionMode::TcpClient;
    config.host = host.toString();
    config.port = port;
    config.connectTimeoutMs = WaitMs;
    return config;
}

inline SessionConfig udpConfig(const QHostAddress &bind)
{
    SessionConfig config;
    config.mode = SessionMode::Udp;
    config.bindAddress = bind;
    config.bindAddressSet = true;
    return config;
}

// A data column `v6` with the rows "ipv4" (false) and "ipv6" (true), for tests run on both loopbacks.
inline void addAddressRows()
{
    QTest::addColumn<bool>("v6");
    QTest::newRow("ipv4") << false;
    QTest::newRow("ipv6") << true;
}

// Starts the session and waits for `started`; false when it failed or timed out.
inline bool startAndWait(Session &session, const SessionConfig &config)
{
    QSignalSpy started(&session, &Session::started);
    QSignalSpy failed(&session, &Session::failed);
    session.start(config);
    if (!QTest::qWaitFor([&] { return started.count() > 0 || failed.count() > 0; }, WaitMs))
        return false;
    return started.count() == 1 && failed.isEmpty() && session.state() == Session::State::Running;
}

// Stops the session and waits until every socket is closed.
inline bool stopAndWait(Session &session)
{
    if (session.state() == Session::State::Idle)
        return true;
    QSignalSpy stopped(&session, &Session::stopped);
    session.stop();
    return QTest::qWaitFor([&] { return stopped.count() > 0; }, WaitMs)
        && session.state() == Session::State::Idle;
}

// The server's connection number for a peer ("127.0.0.1:53122"); 0 when it has none.
inline ConnId connFor(const Session &server, const QString &peer)
{
    const QVector<PeerInfo> peers = server.peers();
    for (const PeerInfo &info : peers) {
        if (info.peer == peer)
            return info.id;
    }
    return 0;
}

// A fresh client can still connect to `server` and exchange bytes both ways.
inline void verifyUsable(Session &server, const EventLog &log)
{
    QTcpSocket client;
    client.connectToHost(server.localAddress(), server.localPort());
    QVERIFY(client.waitForConnected(WaitMs));
    const QString peer = formatEndpoint(server.localAddress(), client.localPort());
    QTRY_VERIFY_WITH_TIMEOUT(connFor(server, peer) != 0, WaitMs);
    const ConnId id = connFor(server, peer);
    client.write("still there?");
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::In, id), QByteArray("still there?"), WaitMs);
    QVERIFY(server.send("yes", SendTarget::connection(id)));
    QByteArray reply;
    QTRY_COMPARE_WITH_TIMEOUT(reply += client.readAll(), QByteArray("yes"), WaitMs);
}

// Raw blocking TCP client socket; -1 on failure.
inline int rawConnect(const QHostAddress &host, quint16 port, int receiveBuffer = 0)
{
    const bool v6 = host.protocol() == QAbstractSocket::IPv6Protocol;
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (receiveBuffer > 0)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof(receiveBuffer));
    sockaddr_storage storage {};
    socklen_t length = 0;
    if (v6) {
        auto *a = reinterpret_cast<sockaddr_in6 *>(&storage);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = host.toIPv6Address();
        std::memcpy(&a->sin6_addr, &bytes, sizeof(bytes));
        length = sizeof(sockaddr_in6);
    } else {
        auto *a = reinterpret_cast<sockaddr_in *>(&storage);
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        a->sin_addr.s_addr = htonl(host.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
    if (::connect(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

inline quint16 rawLocalPort(int fd)
{
    sockaddr_storage storage {};
    socklen_t length = sizeof(storage);
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &length);
    return storage.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port)
                                         : ntohs(reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
}

// SO_LINGER {1, 0}: closing sends the peer a reset instead of a FIN.
inline void setLingerZero(int fd)
{
    const linger lin {1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
}

inline void rawReset(int fd)
{
    setLingerZero(fd);
    ::close(fd);
}

// Writes `data` (then shuts down the sending side when `halfClose`) while reading whatever comes
// back, until EOF or until `expect` bytes arrived without EOF being required. Interleaved, so neither
// side's buffers can fill up and deadlock. *eof tells whether the peer's FIN was seen.
inline QByteArray rawExchange(
    int fd, const QByteArray &data, bool halfClose, qint64 expect, bool *eof, int timeoutMs = WaitMs)
{
    QByteArray received;
    qsizetype written = 0;
    bool shut = false;
    *eof = false;
    char buffer[65536];
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (written == data.size() && halfClose && !shut) {
            ::shutdown(fd, SHUT_WR);
            shut = true;
        }
        if (*eof || (!halfClose && written == data.size() && received.size() >= expect))
            break;
        pollfd p {fd, short(POLLIN | (written < data.size() ? POLLOUT : 0)), 0};
        if (::poll(&p, 1, int(qMin<qint64>(deadline.remainingTime(), 1000))) < 0 && errno != EINTR)
            break;
        if (p.revents & POLLOUT) {
            const ssize_t n = ::send(
                fd, data.constData() + written, size_t(data.size() - written), MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n > 0)
                written += n;
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = ::recv(fd, buffer, sizeof(buffer), MSG_DONTWAIT);
            if (n > 0)
                received.append(buffer, n);
            else if (n == 0 || (errno != EAGAIN && errno != EINTR))
                *eof = true;
        }
    }
    return received;
}

} // namespace sockpit::test
