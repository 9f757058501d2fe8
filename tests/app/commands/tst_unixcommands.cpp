// `sockpit listen --unix` and `sockpit connect --unix` as processes: against socat, ncat and a Python
// datagram echo (bytes whole and in order, half-close included), datagrams both ways, the recording's
// session and peer names, the socket file's life (a stale one replaced, removed at the end by a
// signal), abstract names, and the argument (exit 2) and system (exit 1) errors with their messages.
// Every path lies in a QTemporaryDir; abstract names are "@" and such a path.

#include "clitestutil.h"
#include "unixtestutil.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstddef>
#include <cstring>

#include <sys/stat.h>
#include <sys/un.h>

using namespace clitest;

using unixtest::Fd;
using unixtest::makeStaleSocketFile;
using unixtest::rawBound;
using unixtest::UnixAddress;
using unixtest::unixAddress;

namespace {

// Echoes each datagram to its sender (when the sender has a name) until nothing came for 20 s.
const char PythonDatagramEcho[] = R"(
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(20)
try:
    while True:
        data, sender = s.recvfrom(65536)
        if sender:
            s.sendto(data, sender)
except socket.timeout:
    pass
)";

// Someone accepts stream connections at `path` now.
bool unixAccepts(const QString &path)
{
    Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const UnixAddress address = unixAddress(path);
    return fd.fd >= 0 && ::connect(fd.fd, address.data(), address.length) == 0;
}

bool isSocketFile(const QString &path)
{
    struct stat status
    {
    };
    return ::lstat(QFile::encodeName(path).constData(), &status) == 0 && S_ISSOCK(status.st_mode);
}

bool exists(const QString &path)
{
    struct stat status
    {
    };
    return ::lstat(QFile::encodeName(path).constData(), &status) == 0;
}

ino_t inodeOf(const QString &path)
{
    struct stat status
    {
    };
    return ::lstat(QFile::encodeName(path).constData(), &status) == 0 ? status.st_ino : 0;
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
}

// What a listener prints once it listens on `path`.
QByteArray listeningLine(const QString &path)
{
    return QByteArray("listening on ") + path.toUtf8() + '\n';
}

QString credentials(qint64 pid)
{
    return QStringLiteral("pid %1, uid %2").arg(pid).arg(qint64(::getuid()));
}

} // namespace

class tst_UnixCommands : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { m_procs.killAll(); }

    void listenEchoAgainstTools_data();
    void listenEchoAgainstTools();
    void connectThroughSocatEcho_data();
    void connectThroughSocatEcho();
    void datagramSocatToListen_data();
    void datagramSocatToListen();
    void datagramConnectToEcho_data();
    void datagramConnectToEcho();
    void recordNamesSessionAndPeer();
    void signalRemovesSocketFile_data();
    void signalRemovesSocketFile();
    void staleSocketFileReplaced();
    void abstractNameBothEnds();
    void longestPathWorks();
    void argumentErrorsExitTwo_data();
    void argumentErrorsExitTwo();
    void systemErrorsExitOne_data();
    void systemErrorsExitOne();

private:
    static bool have(const char *program) { return !QStandardPaths::findExecutable(S(program)).isEmpty(); }

    // Starts `sockpit listen --unix ARGS PATH` and returns it once it said it listens (or ended).
    Proc *startListener(const QStringList &arguments, const QString &path)
    {
        Proc *proc = m_procs.sockpit(args({"listen", "--unix"}) + arguments + QStringList {path});
        const QByteArray line = listeningLine(path);
        (void)QTest::qWaitFor([proc, line] { return proc->err.contains(line) || proc->finished(); }, 10000);
        return proc;
    }
    static bool listening(const Proc *proc, const QString &path)
    {
        return proc->err.contains(listeningLine(path)) && !proc->finished();
    }

    Processes m_procs;
};

void tst_UnixCommands::listenEchoAgainstTools_data()
{
    QTest::addColumn<QString>("tool");
    QTest::newRow("socat UNIX-CONNECT") << S("socat");
    QTest::newRow("ncat -U") << S("ncat");
}

// 1 MiB of every byte value through `listen --unix --echo` and back, whole and in order: the tool
// half-closes at the end of its input, the listener sends the rest and closes.
void tst_UnixCommands::listenEchoAgainstTools()
{
    QFETCH(QString, tool);
    if (!have(tool.toLatin1().constData()))
        QSKIP("not installed (scripts/setup.sh --test installs it)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(S("echo.sock"));
    Proc *listener = startListener(args({"--echo"}), path);
    QVERIFY2(listening(listener, path), listener->err.constData());
    QVERIFY(isSocketFile(path));

    const QByteArray data = everyByte(1024 * 1024);
    Proc *client = tool == QLatin1String("socat")
        ? m_procs.start(S("socat"), QStringList {S("-t"), S("10"), S("-"), S("UNIX-CONNECT:") + path})
        : m_procs.start(S("ncat"), QStringList {S("-U"), path});
    QVERIFY(client->process->waitForStarted(5000));
    client->process->write(data);
    client->process->closeWriteChannel();
    QVERIFY2(waitEnd(client, 20000), client->err.constData());
    QCOMPARE(client->process->exitStatus(), QProcess::NormalExit);
    QVERIFY2(client->process->exitCode() == 0, QByteArray(client->err + listener->err).constData());
    QCOMPARE(client->out.size(), data.size());
    QVERIFY(client->out == data);
    // --echo still writes what it received to standard output.
    QTRY_COMPARE_WITH_TIMEOUT(listener->out.size(), data.size(), 10000);
    QVERIFY(listener->out == data);
    QVERIFY(!listener->finished());
}

void tst_UnixCommands::connectThroughSocatEcho_data()
{
    QTest::addColumn<bool>("inputFromFile");
    QTest::newRow("stdin from a file") << true;
    QTest::newRow("stdin written then closed") << false;
}

// `connect --unix` to socat's forking echo server (UNIX-LISTEN, EXEC:cat): on our half-close cat's
// input ends, it writes out the rest and socat closes; all of it arrives on standard output.
void tst_UnixCommands::connectThroughSocatEcho()
{
    QFETCH(bool, inputFromFile);
    if (!have("socat"))
        QSKIP("socat is not installed (scripts/setup.sh --test installs it)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(S("socat.sock"));
    Proc *server = m_procs.start(
        S("socat"), QStringList {S("-t"), S("10"), S("UNIX-LISTEN:%1,fork").arg(path), S("EXEC:cat")});
    QTRY_VERIFY2_WITH_TIMEOUT(unixAccepts(path), server->err.constData(), 10000);

    const QByteArray data = everyByte(1024 * 1024);
    const QString file = dir.filePath(S("input.bin"));
    QVERIFY(writeFile(file, data));
    Proc *client = m_procs.start(binary(), QStringList {S("connect"), S("--unix"), path},
        QProcessEnvironment::systemEnvironment(), [&](QProcess &process) {
            if (inputFromFile)
                process.setStandardInputFile(file);
        });
    if (!inputFromFile) {
        QVERIFY(client->process->waitForStarted(5000));
        client->process->write(data);
        client->process->closeWriteChannel();
    }
    QVERIFY2(waitEnd(client, 20000), client->err.constData());
    QCOMPARE(client->process->exitStatus(), QProcess::NormalExit);
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QVERIFY2(client->err.isEmpty(), client->err.constData());
    QCOMPARE(client->out.size(), data.size());
    QVERIFY(client->out == data);
}

void tst_UnixCommands::datagramSocatToListen_data()
{
    QTest::addColumn<bool>("namedSender");
    QTest::newRow("socat bound to a path") << true;
    QTest::newRow("socat unnamed") << false;
}

// `listen --unix --udp` receives socat's datagrams. Its standard input goes to the most recent sender:
// back to socat when socat bound a path; to an unnamed socat it cannot go, and the listener says why
// and carries on.
void tst_UnixCommands::datagramSocatToListen()
{
    QFETCH(bool, namedSender);
    if (!have("socat"))
        QSKIP("socat is not installed (scripts/setup.sh --test installs it)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(S("dgram.sock"));
    const QString senderPath = dir.filePath(S("sender.sock"));
    Proc *listener = startListener(args({"--udp"}), path);
    QVERIFY2(listening(listener, path), listener->err.constData());
    QVERIFY(isSocketFile(path));

    // socat's standard input stays open, so it is still there to print the reply.
    const QString address
        = namedSender ? S("UNIX-SENDTO:%1,bind=%2").arg(path, senderPath) : S("UNIX-SENDTO:%1").arg(path);
    Proc *sender = m_procs.start(S("socat"), QStringList {S("-"), address});
    QVERIFY(sender->process->waitForStarted(5000));
    sender->process->write("from socat\n");
    QTRY_COMPARE_WITH_TIMEOUT(listener->out, QByteArray("from socat\n"), 10000);
    listener->process->write("from sockpit\n");
    if (namedSender) {
        QTRY_COMPARE_WITH_TIMEOUT(sender->out, QByteArray("from sockpit\n"), 10000);
    } else {
        QTRY_VERIFY2_WITH_TIMEOUT(listener->err.contains("not sent: the sender's socket has no name"),
            listener->err.constData(), 10000);
        QVERIFY(sender->out.isEmpty());
    }
    // Still listening: another datagram arrives.
    sender->process->write("second\n");
    QTRY_COMPARE_WITH_TIMEOUT(listener->out, QByteArray("from socat\nsecond\n"), 10000);
    QVERIFY(!listener->finished());
}

void tst_UnixCommands::datagramConnectToEcho_data()
{
    QTest::addColumn<QString>("echo");
    QTest::newRow("socat UNIX-RECVFROM, fork, EXEC:cat") << S("socat");
    QTest::newRow("Python AF_UNIX SOCK_DGRAM echo") << S("python3");
}

// `connect --unix --udp PATH --send x` sends from an abstract name the system picks, so the echo
// comes back to it and reaches standard output.
void tst_UnixCommands::datagramConnectToEcho()
{
    QFETCH(QString, echo);
    if (!have(echo.toLatin1().constData()))
        QSKIP("not installed (scripts/setup.sh --test installs it)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(S("echo.sock"));
    Proc *server = echo == QLatin1String("socat")
        ? m_procs.start(
            S("socat"), QStringList {S("-T"), S("5"), S("UNIX-RECVFROM:%1,fork").arg(path), S("EXEC:cat")})
        : m_procs.start(S("python3"), QStringList {S("-c"), S(PythonDatagramEcho), path});
    // A datagram socket receives from the moment it is bound, which makes the file.
    QTRY_VERIFY2_WITH_TIMEOUT(isSocketFile(path), server->err.constData(), 10000);

    Proc *client = m_procs.sockpit(QStringList {
        S("connect"), S("--unix"), S("--udp"), path, S("--send"), S("x"), S("--wait"), S("300")});
    QVERIFY2(waitEnd(client, 10000), client->err.constData());
    QCOMPARE(client->process->exitStatus(), QProcess::NormalExit);
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QCOMPARE(client->out, QByteArray("x"));
    QVERIFY2(client->err.isEmpty(), client->err.constData());
}

// --record: every line names the session "unix-server PATH", and the data a client sent names that
// client by its process ("pid N, uid M": socat's pid here, not ours).
void tst_UnixCommands::recordNamesSessionAndPeer()
{
    if (!have("socat"))
        QSKIP("socat is not installed (scripts/setup.sh --test installs it)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(S("rec.sock"));
    const QString record = dir.filePath(S("f.jsonl"));
    Proc *listener = startListener(QStringList {S("--record"), record}, path);
    QVERIFY2(listening(listener, path), listener->err.constData());
    Proc *client = m_procs.start(S("socat"), QStringList {S("-"), S("UNIX-CONNECT:") + path});
    QVERIFY(client->process->waitForStarted(5000));
    const qint64 clientPid = client->process->processId();
    client->process->write("hello\n");
    QTRY_COMPARE_WITH_TIMEOUT(listener->out, QByteArray("hello\n"), 10000);

    listener->signal(SIGTERM);
    QVERIFY2(waitEnd(listener, 10000), "listen did not end on SIGTERM");
    QCOMPARE(listener->process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(listener->process->exitCode(), 0);
    QVERIFY2(!exists(path), "the socket file outlived the listener");

    QList<QJsonObject> lines;
    const QString problem = readRecord(record, &lines);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(!lines.isEmpty());
    int dataLines = 0;
    bool accepted = false;
    for (const QJsonObject &line : std::as_const(lines)) {
        QCOMPARE(line.value(QLatin1String("session")).toString(), QString(S("unix-server ") + path));
        if (line.value(QLatin1String("event")).toString() == QLatin1String("accept")) {
            accepted = true;
            QCOMPARE(line.value(QLatin1String("peer")).toString(), credentials(clientPid));
        }
        if (line.value(QLatin1String("dir")).toString() != QLatin1String("in"))
            continue;
        ++dataLines;
        QCOMPARE(line.value(QLatin1String("peer")).toString(), credentials(clientPid));
        QCOMPARE(line.value(QLatin1String("local")).toString(), path);
        QCOMPARE(line.value(QLatin1String("hex")).toString(), S("68656c6c6f0a"));
    }
    QCOMPARE(dataLines, 1);
    QVERIFY(accepted);
}

void tst_UnixCommands::signalRemovesSocketFile_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<bool>("udp");
    QTest::newRow("stream, SIGTERM") << int(SIGTERM) << false;
    QTest::newRow("stream, SIGINT") << int(SIGINT) << false;
    QTest::newRow("datagram, SIGTERM") << int(SIGTERM) << true;
    QTest::newRow("datagram, SIGINT") << int(SIGINT) << true;
}

// The listener ends on SIGTERM or SIGINT with status 0, and takes its socket file with it.
void tst_UnixCommands::signalRemovesSocketFile()
{
    QFETCH(int, signalNumber);
    QFETCH(bool, udp);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(S("bye.sock"));
    Proc *listener = startListener(udp ? args({"--udp"}) : QStringList(), path);
    QVERIFY2(listening(listener, path), listener->err.constData());
    QVERIFY(isSocketFile(path));
    listener->signal(signalNumber);
    QVERIFY2(waitEnd(listener, 10000), "listen did not end on the signal");
    QCOMPARE(listener->process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(listener->process->exitCode(), 0);
    QVERIFY2(!exists(path), "the socket file outlived the listener");
    QCOMPARE(entries(dir.path()), QStringList());
}

// A socket file left behind by a program that is gone is taken over (-U, the short form, here).
void tst_UnixCommands::staleSocketFileReplaced()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(S("stale.sock"));
    QVERIFY(makeStaleSocketFile(SOCK_STREAM, path));
    QVERIFY(isSocketFile(path));
    QVERIFY(!unixAccepts(path));
    Proc *listener = m_procs.sockpit(QStringList {S("listen"), S("-U"), path, S("--echo")});
    QTRY_VERIFY2_WITH_TIMEOUT(listener->err.contains(listeningLine(path)) || listener->finished(),
        listener->err.constData(), 10000);
    QVERIFY2(listening(listener, path), listener->err.constData());
    Proc *client = m_procs.sockpit(QStringList {S("connect"), S("-U"), path, S("--send"), S("again")});
    QVERIFY2(waitEnd(client, 10000), client->err.constData());
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QCOMPARE(client->out, QByteArray("again"));
    listener->signal(SIGTERM);
    QVERIFY2(waitEnd(listener, 10000), "listen did not end on SIGTERM");
    QCOMPARE(listener->process->exitCode(), 0);
    QVERIFY(!exists(path));
}

// "@name": listen and connect by an abstract name; no file anywhere.
void tst_UnixCommands::abstractNameBothEnds()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString name = QLatin1Char('@') + dir.filePath(S("abstract"));
    Proc *listener = startListener(args({"--echo"}), name);
    QVERIFY2(listening(listener, name), listener->err.constData());
    QCOMPARE(entries(dir.path()), QStringList());
    Proc *client = m_procs.sockpit(QStringList {S("connect"), S("--unix"), name, S("--send"), S("abstract")});
    QVERIFY2(waitEnd(client, 10000), client->err.constData());
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QCOMPARE(client->out, QByteArray("abstract"));
    QCOMPARE(listener->out, QByteArray("abstract"));
    listener->signal(SIGTERM);
    QVERIFY2(waitEnd(listener, 10000), "listen did not end on SIGTERM");
    QCOMPARE(listener->process->exitCode(), 0);
    QVERIFY(!unixAccepts(name));
}

// 107 bytes, the longest path a Unix socket takes, works both ways (108 is an argument error below).
void tst_UnixCommands::longestPathWorks()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray base = QFile::encodeName(dir.path()) + '/';
    if (base.size() > 100)
        QSKIP("the temporary folder's path is too long for a 107-byte socket path in it");
    const QString path = dir.path() + QLatin1Char('/') + QString(107 - base.size(), QLatin1Char('p'));
    QCOMPARE(QFile::encodeName(path).size(), qsizetype(107));
    Proc *listener = startListener(args({"--echo"}), path);
    QVERIFY2(listening(listener, path), listener->err.constData());
    QVERIFY(isSocketFile(path));
    Proc *client = m_procs.sockpit(QStringList {S("connect"), S("--unix"), path, S("--send"), S("edge")});
    QVERIFY2(waitEnd(client, 10000), client->err.constData());
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QCOMPARE(client->out, QByteArray("edge"));
}

void tst_UnixCommands::argumentErrorsExitTwo_data()
{
    // "P" stands for a path in the test's folder, "LONG" for one of 108 bytes, "ALONG" for an
    // abstract name of 108 bytes with its leading NUL.
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    QTest::newRow("listen --unix without PATH")
        << args({"listen", "--unix"}) << S("listen --unix needs a PATH");
    QTest::newRow("listen --unix two paths")
        << args({"listen", "--unix", "P", "P"}) << S("listen --unix takes one PATH");
    QTest::newRow("listen -U two paths")
        << args({"listen", "-U", "P", "0"}) << S("listen --unix takes one PATH");
    QTest::newRow("listen --unix @ alone") << args({"listen", "--unix", "@"}) << S("needs a path");
    QTest::newRow("listen --unix --bind") << args({"listen", "--unix", "P", "--bind", "127.0.0.1"})
                                          << S("--bind does not apply to a Unix socket");
    QTest::newRow("listen --unix --join")
        << args({"listen", "--unix", "--udp", "P", "--join", "239.1.2.3"}) << S("--join does not apply");
    QTest::newRow("listen --unix --iface")
        << args({"listen", "--unix", "--udp", "P", "--iface", "lo"}) << S("--iface does not apply");
    QTest::newRow("listen --unix --tls")
        << args({"listen", "--unix", "P", "--tls"}) << S("--tls does not apply");
    QTest::newRow("listen --unix --cert")
        << args({"listen", "--unix", "P", "--cert", "c.pem"}) << S("--cert does not apply");
    QTest::newRow("listen --unix --key")
        << args({"listen", "--unix", "P", "--key", "k.pem"}) << S("--key does not apply");
    QTest::newRow("listen --unix --ca")
        << args({"listen", "--unix", "P", "--ca", "ca.pem"}) << S("--ca does not apply");
    QTest::newRow("listen --unix --udp --chat")
        << args({"listen", "--unix", "--udp", "P", "--chat"}) << S("--chat needs a stream socket");
    QTest::newRow("listen --unix path of 108 bytes")
        << args({"listen", "--unix", "LONG"}) << S("is 108 bytes long; the system allows at most 107");
    QTest::newRow("listen --unix abstract name of 108 bytes")
        << args({"listen", "--unix", "ALONG"}) << S("is 108 bytes long; the system allows at most 107");
    QTest::newRow("connect --unix without PATH")
        << args({"connect", "--unix"}) << S("connect --unix needs a PATH");
    QTest::newRow("connect --unix PATH PORT")
        << args({"connect", "--unix", "P", "80"}) << S("connect --unix takes one PATH");
    QTest::newRow("connect --unix --local-port")
        << args({"connect", "--unix", "P", "--local-port", "4000"}) << S("--local-port does not apply");
    QTest::newRow("connect --unix --iface")
        << args({"connect", "--unix", "--udp", "P", "--iface", "lo"}) << S("--iface does not apply");
    QTest::newRow("connect --unix --tls")
        << args({"connect", "--unix", "P", "--tls"}) << S("--tls does not apply");
    QTest::newRow("connect --unix --cert")
        << args({"connect", "--unix", "P", "--cert", "c.pem"}) << S("--cert does not apply");
    QTest::newRow("connect --unix --key")
        << args({"connect", "--unix", "P", "--key", "k.pem"}) << S("--key does not apply");
    QTest::newRow("connect --unix --ca")
        << args({"connect", "--unix", "P", "--ca", "ca.pem"}) << S("--ca does not apply");
    QTest::newRow("connect --unix --insecure")
        << args({"connect", "--unix", "P", "--insecure"}) << S("--insecure does not apply");
    QTest::newRow("connect -U path of 108 bytes") << args({"connect", "-U", "LONG", "--send", "x"})
                                                  << S("is 108 bytes long; the system allows at most 107");
}

// Arguments wrong on their own: exit status 2, the reason and where to find help on standard error,
// nothing on standard output, and nothing made at the path.
void tst_UnixCommands::argumentErrorsExitTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(S("arg.sock"));
    const QString base = dir.path() + QLatin1Char('/');
    for (QString &argument : arguments) {
        if (argument == QLatin1String("P"))
            argument = path;
        else if (argument == QLatin1String("LONG"))
            argument = base + QString(108 - QFile::encodeName(base).size(), QLatin1Char('l'));
        else if (argument == QLatin1String("ALONG"))
            argument = QLatin1Char('@') + QString(107, QLatin1Char('a'));
    }
    Proc *proc = m_procs.sockpit(arguments);
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitStatus(), QProcess::NormalExit);
    const QString err = QString::fromUtf8(proc->err);
    QVERIFY2(proc->process->exitCode() == 2, qPrintable(err));
    QVERIFY2(err.startsWith(QLatin1String("sockpit: ")), qPrintable(err));
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY2(
        err.endsWith(QStringLiteral("Try 'sockpit %1 --help'.\n").arg(arguments.at(0))), qPrintable(err));
    QVERIFY2(proc->out.isEmpty(), proc->out.constData());
    QCOMPARE(entries(dir.path()), QStringList());
}

void tst_UnixCommands::systemErrorsExitOne_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QStringList>("arguments"); // P: the path
    QTest::addColumn<QString>("message");

    QTest::newRow("listen on a regular file")
        << S("file") << args({"listen", "--unix", "P"}) << S("exists and is not a socket");
    QTest::newRow("listen --udp on a regular file")
        << S("file") << args({"listen", "--unix", "--udp", "P"}) << S("exists and is not a socket");
    QTest::newRow("listen where a server listens")
        << S("listener") << args({"listen", "--unix", "P"}) << S("is already in use");
    QTest::newRow("listen --udp where a socket is bound")
        << S("bound") << args({"listen", "--unix", "--udp", "P"}) << S("is already in use");
    QTest::newRow("listen on an abstract name in use")
        << S("abstract listener") << args({"listen", "--unix", "P"}) << S("is already in use");
    QTest::newRow("listen in a missing folder")
        << S("no folder") << args({"listen", "--unix", "P"}) << S("its folder does not exist");
    QTest::newRow("listen --udp in a missing folder")
        << S("no folder") << args({"listen", "--unix", "--udp", "P"}) << S("its folder does not exist");
    QTest::newRow("connect to a missing path")
        << S("nothing") << args({"connect", "--unix", "P", "--send", "x"}) << S("there is no socket at");
    QTest::newRow("connect to a stale socket file")
        << S("stale") << args({"connect", "--unix", "P", "--send", "x"})
        << S("connection refused: nobody listens on");
    QTest::newRow("connect to a datagram socket")
        << S("bound") << args({"connect", "--unix", "P", "--send", "x"})
        << S("is a socket of the other type");
    // Datagrams to a path that is not there would each be lost: the command says so once, at once.
    QTest::newRow("connect --udp to a missing path")
        << S("nothing") << args({"connect", "--unix", "--udp", "P", "--send", "x"})
        << S("there is no socket at");
    QTest::newRow("connect --udp to a regular file")
        << S("file") << args({"connect", "--unix", "--udp", "P", "--send", "x"}) << S("is not a socket");
}

// The system refuses: exit status 1, a reason naming the path, and whatever was at the path is left
// as it was.
void tst_UnixCommands::systemErrorsExitOne()
{
    QFETCH(QString, setup);
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString path = dir.filePath(S("target.sock"));
    const QByteArray content("not a socket\n");
    Fd live;
    if (setup == QLatin1String("file")) {
        QVERIFY(writeFile(path, content));
    } else if (setup == QLatin1String("listener")) {
        live.fd = rawBound(SOCK_STREAM, path);
    } else if (setup == QLatin1String("bound")) {
        live.fd = rawBound(SOCK_DGRAM, path);
    } else if (setup == QLatin1String("abstract listener")) {
        path = QLatin1Char('@') + path;
        live.fd = rawBound(SOCK_STREAM, path);
    } else if (setup == QLatin1String("no folder")) {
        path = dir.filePath(S("missing/target.sock"));
    } else if (setup == QLatin1String("stale")) {
        QVERIFY(makeStaleSocketFile(SOCK_STREAM, path));
    }
    if (setup.contains(QLatin1String("listener")) || setup == QLatin1String("bound"))
        QVERIFY(live.fd >= 0);
    arguments.replaceInStrings(QRegularExpression(QStringLiteral("^P$")), path);
    const ino_t before = inodeOf(path);

    Proc *proc = m_procs.sockpit(arguments);
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitStatus(), QProcess::NormalExit);
    const QString err = QString::fromUtf8(proc->err);
    QVERIFY2(proc->process->exitCode() == 1, qPrintable(err));
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY2(err.contains(path), qPrintable(err));
    QVERIFY2(proc->out.isEmpty(), proc->out.constData());
    QCOMPARE(inodeOf(path), before);
    if (setup == QLatin1String("file"))
        QCOMPARE(readAll(path), content);
    if (setup == QLatin1String("no folder"))
        QVERIFY(!exists(dir.filePath(S("missing"))));
    if (setup.contains(QLatin1String("listener")))
        QVERIFY(unixAccepts(path)); // the one listening there still does
}

QTEST_GUILESS_MAIN(tst_UnixCommands)
#include "tst_unixcommands.moc"
