// `sockpit ping`: one line per reply on standard output and exit 0; requests without a reply reported
// and exit 1 (in a network namespace of the test's own whose loopback ignores echo requests); the
// explanation and exit 1 for a user who may open no ICMP socket; and the ping socket a user without
// raw-socket privilege falls back to where net.ipv4.ping_group_range allows it.

#include "clitestutil.h"

#include <QRegularExpression>
#include <QTest>

#include <cerrno>
#include <cstring>

#include <netinet/in.h>

using namespace clitest;

class tst_PingCommand : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { m_procs.killAll(); }

    void oneLinePerReply();
    void timeoutsExitOne();
    void unprivilegedUserGetsExplanation();
    void pingSocketWithoutRawPrivilege();

private:
    Processes m_procs;
};

namespace {
// Empty when this process may open a raw ICMP socket, else why not.
QString rawSocketUnavailable()
{
    const int fd = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
    if (fd < 0)
        return QStringLiteral(
            "a raw ICMP socket needs root or CAP_NET_RAW, which this process does not have (%1)")
            .arg(QString::fromLocal8Bit(strerror(errno)));
    ::close(fd);
    return QString();
}
} // namespace

#define SKIP_WITHOUT_RAW_SOCKET()                                                                            \
    if (const QString why = rawSocketUnavailable(); !why.isEmpty())                                          \
    QSKIP(qPrintable(why))

void tst_PingCommand::oneLinePerReply()
{
    SKIP_WITHOUT_RAW_SOCKET();
    Proc *proc
        = m_procs.sockpit(args({"ping", "--count", "3", "--interval", "20", "--size", "16", "127.0.0.1"}));
    QVERIFY(waitEnd(proc, 10000));
    QVERIFY2(proc->process->exitCode() == 0, proc->err.constData());
    const QStringList lines = QString::fromUtf8(proc->out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    static const QRegularExpression re(QStringLiteral(
        "^24 bytes from 127\\.0\\.0\\.1: icmp_seq=\\d ttl=64 time=\\d+\\.\\d{3} ms \u00b7 IPv4 len "
        "44 ttl 64 127\\.0\\.0\\.1 > 127\\.0\\.0\\.1 \u00b7 ICMP type 0 \\(echo reply\\) code 0 "
        "id 0x[0-9a-f]{4} seq \\d checksum 0x[0-9a-f]{4} ok$"));
    for (const QString &line : lines)
        QVERIFY2(re.match(line).hasMatch(), qPrintable(line));
    QVERIFY2(proc->err.contains("127.0.0.1: 3 sent, 3 received, 0% lost"), proc->err.constData());
}

void tst_PingCommand::timeoutsExitOne()
{
    SKIP_WITHOUT_RAW_SOCKET();
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    const QString ip = QStandardPaths::findExecutable(QStringLiteral("ip"));
    if (unshare.isEmpty() || ip.isEmpty())
        QSKIP("a network namespace that ignores echo requests needs unshare and ip (iproute2)");
    Proc *probe = m_procs.start(unshare, args({"--net", "true"}));
    QVERIFY(waitEnd(probe, 10000));
    if (probe->process->exitCode() != 0)
        QSKIP(qPrintable(QStringLiteral("this process may not create a network namespace: ")
            + QString::fromLocal8Bit(probe->err)));
    // In the namespace nothing answers on lo: the kernel ignores echo requests there.
    const QString script
        = QStringLiteral("%1 link set lo up && echo 1 > /proc/sys/net/ipv4/icmp_echo_ignore_all "
                         "&& exec %2 ping --count 2 --interval 20 --timeout 300 127.0.0.1")
              .arg(ip, binary());
    Proc *proc = m_procs.start(
        unshare, {QStringLiteral("--net"), QStringLiteral("sh"), QStringLiteral("-c"), script});
    QVERIFY(waitEnd(proc, 10000));
    const QString err = QString::fromUtf8(proc->err);
    QVERIFY2(proc->process->exitCode() == 1, qPrintable(err));
    QVERIFY(proc->out.isEmpty());
    QVERIFY2(err.contains(QStringLiteral("no reply to icmp_seq=1 within 300 ms")), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("no reply to icmp_seq=2 within 300 ms")), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("127.0.0.1: 2 sent, 0 received, 100% lost")), qPrintable(err));
}

void tst_PingCommand::unprivilegedUserGetsExplanation()
{
    // As "nobody", without capabilities: no raw socket, and no ping socket unless the system's
    // net.ipv4.ping_group_range includes nobody's group.
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (setpriv.isEmpty() && rawSocketUnavailable().isEmpty())
        QSKIP("setpriv (util-linux) is not installed, so the test cannot drop privileges");
    QFile range(QStringLiteral("/proc/sys/net/ipv4/ping_group_range"));
    QVERIFY(range.open(QIODevice::ReadOnly));
    const QStringList bounds = QString::fromLatin1(range.readAll())
                                   .split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    QCOMPARE(bounds.size(), 2);
    if (bounds.at(0).toLongLong() <= 65534 && 65534 <= bounds.at(1).toLongLong())
        QSKIP(
            "net.ipv4.ping_group_range lets group 65534 open ping sockets here, so ping works unprivileged");
    // Unprivileged already: run it as it is; as root: as "nobody" without capabilities.
    Proc *proc = rawSocketUnavailable().isEmpty()
        ? m_procs.start(setpriv,
            args({"--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                "--bounding-set=-all"})
                << binary() << args({"ping", "--count", "1", "127.0.0.1"}))
        : m_procs.sockpit(args({"ping", "--count", "1", "127.0.0.1"}));
    QVERIFY(waitEnd(proc, 10000));
    const QString err = QString::fromUtf8(proc->err);
    if (err.startsWith(QLatin1String("setpriv:")))
        QSKIP(qPrintable(QStringLiteral("user nobody cannot run %1: %2").arg(binary(), err)));
    QVERIFY2(proc->process->exitCode() == 1, qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("CAP_NET_RAW")), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("net.ipv4.ping_group_range")), qPrintable(err));
    QVERIFY(proc->out.isEmpty());
}

void tst_PingCommand::pingSocketWithoutRawPrivilege()
{
    // In a namespace of the test's own, net.ipv4.ping_group_range admits every group, and "nobody"
    // (no capabilities) falls back from the raw socket to a ping socket: replies without an IP header.
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    const QString ip = QStandardPaths::findExecutable(QStringLiteral("ip"));
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (unshare.isEmpty() || ip.isEmpty() || setpriv.isEmpty())
        QSKIP("the ping socket test needs unshare, setpriv (util-linux) and ip (iproute2)");
    Proc *probe = m_procs.start(unshare, args({"--net", "true"}));
    QVERIFY(waitEnd(probe, 10000));
    if (probe->process->exitCode() != 0)
        QSKIP(qPrintable(QStringLiteral("this process may not create a network namespace: ")
            + QString::fromLocal8Bit(probe->err)));
    const QString script = QStringLiteral(
        "%1 link set lo up && echo '0 2147483647' > /proc/sys/net/ipv4/ping_group_range && exec "
        "%2 --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all %3 "
        "ping -v --count 2 --interval 20 127.0.0.1")
                               .arg(ip, setpriv, binary());
    Proc *proc = m_procs.start(
        unshare, {QStringLiteral("--net"), QStringLiteral("sh"), QStringLiteral("-c"), script});
    QVERIFY(waitEnd(proc, 10000));
    const QString err = QString::fromUtf8(proc->err);
    if (err.startsWith(QLatin1String("setpriv:")))
        QSKIP(qPrintable(QStringLiteral("user nobody cannot run %1: %2").arg(binary(), err)));
    QVERIFY2(proc->process->exitCode() == 0, qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("using a ping socket")), qPrintable(err));
    const QStringList lines = QString::fromUtf8(proc->out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    static const QRegularExpression re(QStringLiteral(
        "^64 bytes from 127\\.0\\.0\\.1: icmp_seq=\\d ttl=\\? time=\\d+\\.\\d{3} ms \u00b7 ICMP "
        "type 0 \\(echo reply\\) code 0 id 0x[0-9a-f]{4} seq \\d checksum 0x[0-9a-f]{4} ok$"));
    for (const QString &line : lines)
        QVERIFY2(re.match(line).hasMatch(), qPrintable(line));
}

QTEST_GUILESS_MAIN(tst_PingCommand)
#include "tst_pingcommand.moc"
