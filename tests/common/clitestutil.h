#pragma once

// Shared by the command-line tests: running the built `sockpit` (and other programs) as processes
// that are always killed at the end, reading the port a listener prints, and raw TCP peers that can
// half-close (QTcpSocket closes at once on a peer's FIN, so it cannot play a server that replies after
// the client finished sending).

#include "saturatedlistener.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUdpSocket>

#include <functional>
#include <initializer_list>
#include <memory>
#include <vector>

#include <cerrno>
#include <csignal>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace clitest {

using sockpit::test::SaturatedListener;

// The programs these tests start speak the language of the locale (sockpit's messages are in Chinese
// under zh_CN): they run in English here, whatever the machine's locale, since the tests read their
// messages. A test of another language sets its child's environment itself.
inline const bool EnglishChildren = [] {
    qputenv("LC_ALL", "C.UTF-8");
    qunsetenv("LANGUAGE");
    return true;
}();

// Shorthands for tests built with QT_NO_CAST_FROM_ASCII.
inline QString S(const char *text)
{
    return QString::fromUtf8(text);
}

inline QStringList args(std::initializer_list<const char *> list)
{
    QStringList result;
    for (const char *item : list)
        result.append(QString::fromUtf8(item));
    return result;
}

// `size` bytes holding every byte value, in a pattern that does not line up with 256-byte blocks.
inline QByteArray everyByte(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char((i + i / 256) & 0xff);
    return bytes;
}

inline QString binary()
{
    return QStringLiteral(SOCKPIT_BINARY);
}

// A started process whose standard output and error are collected as they arrive.
struct Proc
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QByteArray out;
    QByteArray err;

    void collect()
    {
        out += process->readAllStandardOutput();
        err += process->readAllStandardError();
    }
    bool finished() const { return process->state() == QProcess::NotRunning; }
    void signal(int number) const { ::kill(pid_t(process->processId()), number); }
};

// Owns every process a test starts; killAll() in cleanup() ends them within a bounded time.
class Processes
{
public:
    Proc *start(const QString &program, const QStringList &arguments,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
        const std::function<void(QProcess &)> &setup = {})
    {
        auto proc = std::make_unique<Proc>();
        Proc *raw = proc.get();
        QObject::connect(raw->process.get(), &QProcess::readyReadStandardOutput, [raw] { raw->collect(); });
        QObject::connect(raw->process.get(), &QProcess::readyReadStandardError, [raw] { raw->collect(); });
        raw->process->setProcessEnvironment(environment);
        if (setup)
            setup(*raw->process);
        raw->process->start(program, arguments);
        m_procs.push_back(std::move(proc));
        return raw;
    }
    Proc *sockpit(const QStringList &arguments) { return start(binary(), arguments); }

    void killAll()
    {
        for (auto &proc : m_procs) {
            if (proc->process->state() != QProcess::NotRunning) {
                proc->process->kill();
                proc->process->waitForFinished(5000);
            }
        }
        m_procs.clear();
    }
    ~Processes() { killAll(); }

private:
    std::vector<std::unique_ptr<Proc>> m_procs;
};

// Waits for a process to end (bounded) and collects what is left of its output. The event loop runs
// meanwhile, so the other processes' pipes are drained too (QProcess::waitForFinished would serve
// this process alone, and a peer blocked on a full standard output would stall the test).
inline bool waitEnd(Proc *proc, int timeoutMs)
{
    const bool ended = QTest::qWaitFor([proc] { return proc->finished(); }, timeoutMs);
    proc->collect();
    return ended;
}

// The port from the "listening on ADDR:PORT" line of a listener's standard error, or 0.
inline quint16 listeningPort(const QByteArray &err)
{
    static const QRegularExpression re(QStringLiteral("listening on (\\S+):(\\d+)"));
    const auto match = re.match(QString::fromUtf8(err));
    return match.hasMatch() ? quint16(match.captured(2).toUInt()) : 0;
}

// A port that was free a moment ago, for programs that cannot take port 0 and tell which they got.
inline quint16 freeTcpPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

inline quint16 freeUdpPort()
{
    QUdpSocket socket;
    if (!socket.bind(QHostAddress::LocalHost, 0))
        return 0;
    return socket.localPort();
}

inline bool tcpAccepts(quint16 port)
{
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, port);
    const bool ok = probe.waitForConnected(1000);
    probe.abort();
    return ok;
}

inline bool udpPortTaken(quint16 port)
{
    QUdpSocket socket;
    return !socket.bind(QHostAddress::LocalHost, port);
}

// One accepted connection as a raw non-blocking descriptor, driven by polling from QTRY loops.
class RawConn
{
public:
    explicit RawConn(int fd)
        : m_fd(fd)
    {
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    }
    ~RawConn() { close(); }
    RawConn(const RawConn &) = delete;
    RawConn &operator=(const RawConn &) = delete;

    // Reads what is there; returns *this so QTRY conditions can call it.
    RawConn &poll()
    {
        char buffer[65536];
        while (m_fd >= 0 && !m_eof) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                m_received.append(buffer, n);
            } else if (n == 0) {
                m_eof = true;
            } else {
                if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)
                    m_eof = m_error = true;
                if (errno != EINTR)
                    break;
            }
        }
        return *this;
    }
    bool eof() const { return m_eof; }
    const QByteArray &received() const { return m_received; }
    // Writes as much as the socket takes now; returns the number of bytes written (-1: error).
    qint64 writeSome(const QByteArray &bytes) const
    {
        const ssize_t n = ::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL);
        return n < 0 ? ((errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1) : qint64(n);
    }
    void shutdownWrite() const { ::shutdown(m_fd, SHUT_WR); }
    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd;
    QByteArray m_received;
    bool m_eof = false;
    bool m_error = false;
};

// A TCP server on loopback whose accepted connections are RawConns.
class RawTcpServer final : public QTcpServer
{
public:
    std::vector<std::unique_ptr<RawConn>> conns;
    RawConn *first() { return conns.empty() ? nullptr : conns.front().get(); }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        conns.push_back(std::make_unique<RawConn>(int(descriptor)));
    }
};

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The JSON Lines timestamp: UTC with microseconds.
inline bool isRecordTime(const QString &t)
{
    static const QRegularExpression re(
        QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$"));
    return re.match(t).hasMatch();
}

// Reads a JSON Lines record and checks what every line must have (DESIGN.md); returns what is wrong,
// or an empty string with the lines in `lines`.
inline QString readRecord(const QString &path, QList<QJsonObject> *lines)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read ") + path;
    const QByteArray content = file.readAll();
    if (!content.endsWith('\n'))
        return QStringLiteral("the last line is cut off: ") + QString::fromUtf8(content.right(200));
    const auto key = [](const QJsonObject &o, const char *name) { return o.value(QLatin1String(name)); };
    for (const QByteArray &text : content.chopped(1).split('\n')) {
        const QJsonObject line = QJsonDocument::fromJson(text).object();
        const QString dir = key(line, "dir").toString();
        const bool data = dir == QLatin1String("in") || dir == QLatin1String("out");
        bool ok = isRecordTime(key(line, "t").toString()) && key(line, "session").isString()
            && key(line, "conn").isDouble()
            && (data || dir == QLatin1String("info") || dir == QLatin1String("error"));
        if (data) {
            ok = ok && key(line, "peer").isString() && key(line, "local").isString()
                && key(line, "len").toInt() * 2 == key(line, "hex").toString().size();
        } else {
            ok = ok && key(line, "text").isString();
        }
        if (!ok)
            return QStringLiteral("bad line: ") + QString::fromUtf8(text);
        lines->append(line);
    }
    return QString();
}

} // namespace clitest
