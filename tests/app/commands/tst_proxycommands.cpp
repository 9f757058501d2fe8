// connect --proxy and run --proxy through proxies nobody here wrote: ncat's HTTP proxy (with and without
// a password) and Dante's SOCKS5 server. The target (socat running a script) speaks first and then
// echoes, so that its first bytes, which may come with the proxy's last reply, are seen to arrive
// whole. The client keeps its sending side open until the answers are in: ncat's proxy drops a
// connection as soon as its client half-closes.

#include "clitestutil.h"

#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace clitest;

namespace {

bool have(const char *program)
{
    return !QStandardPaths::findExecutable(S(program)).isEmpty()
        || QFile::exists(S("/usr/sbin/") + S(program));
}

QString program(const char *name)
{
    const QString found = QStandardPaths::findExecutable(S(name));
    return found.isEmpty() ? S("/usr/sbin/") + S(name) : found;
}

} // namespace

class tst_ProxyCommands : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup() { m_procs.killAll(); }
    void throughNcatHttpProxy_data();
    void throughNcatHttpProxy();
    void throughDanteSocks5();
    void refusedTargetIsNamed();
    void unreachableProxy();
    void runThroughAProxy();

private:
    // ncat -l --proxy-type http on a free port, with `auth` (USER:PASSWORD) when given; its port.
    quint16 startNcatProxy(const QString &auth = {})
    {
        const quint16 port = freeTcpPort();
        QStringList arguments {
            S("-l"), S("127.0.0.1"), QString::number(port), S("--proxy-type"), S("http"), S("--keep-open")};
        if (!auth.isEmpty())
            arguments << S("--proxy-auth") << auth;
        Proc *proxy = m_procs.start(program("ncat"), arguments);
        if (!proxy->process->waitForStarted(5000))
            return 0;
        return QTest::qWaitFor([port] { return tcpAccepts(port); }, 10000) ? port : 0;
    }
    quint16 startDante()
    {
        const quint16 port = freeTcpPort();
        const QString config = m_dir.filePath(S("danted.conf"));
        const QByteArray text = "logoutput: stderr\n"
                                "internal: 127.0.0.1 port = "
            + QByteArray::number(port)
            + "\n"
              "external: 127.0.0.1\n"
              "socksmethod: none\n"
              "clientmethod: none\n"
              // No user lines: Dante runs as whoever starts it, root or not.
              "client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }\n"
              "socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }\n";
        if (!writeFile(config, text))
            return 0;
        Proc *dante = m_procs.start(
            program("danted"), {S("-f"), config, S("-p"), m_dir.filePath(S("danted.pid")), S("-N"), S("1")});
        if (!dante->process->waitForStarted(5000))
            return 0;
        return QTest::qWaitFor([port] { return tcpAccepts(port); }, 10000) ? port : 0;
    }
    Proc *connectThrough(const QString &proxy, quint16 targetPort, const QStringList &extra = {})
    {
        return m_procs.sockpit(args({"connect", "127.0.0.1"}) + QStringList {QString::number(targetPort)}
            + QStringList {S("--proxy"), proxy} + extra);
    }
    // Sends `line` on standard input, waits until the banner and its echo came back, then ends the input.
    static bool talk(Proc *client, const QByteArray &line)
    {
        if (!client->process->waitForStarted(5000))
            return false;
        client->process->write(line);
        const QByteArray expected = "220 banner\r\n" + line;
        const bool answered
            = QTest::qWaitFor([&] { return client->out == expected || client->finished(); }, 20000);
        client->process->closeWriteChannel();
        return answered && client->out == expected;
    }

    Processes m_procs;
    QTemporaryDir m_dir;
    quint16 m_targetPort = 0;
    std::unique_ptr<Processes> m_target; // lives for the whole test, unlike the per-case processes
};

void tst_ProxyCommands::initTestCase()
{
    if (!have("socat"))
        QSKIP("socat is not installed (scripts/setup.sh --test installs it)");
    const QString script = m_dir.filePath(S("banner.sh"));
    QVERIFY(writeFile(script, "#!/bin/sh\nprintf '220 banner\\r\\n'\nexec cat\n"));
    QVERIFY(QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    m_targetPort = freeTcpPort();
    m_target = std::make_unique<Processes>();
    m_target->start(program("socat"),
        {QStringLiteral("TCP-LISTEN:%1,bind=127.0.0.1,reuseaddr,fork").arg(m_targetPort),
            S("EXEC:") + script});
    const quint16 port = m_targetPort;
    QVERIFY(QTest::qWaitFor([port] { return tcpAccepts(port); }, 10000));
}

void tst_ProxyCommands::throughNcatHttpProxy_data()
{
    QTest::addColumn<QString>("auth"); // what the proxy wants
    QTest::addColumn<QString>("given"); // what the URL carries
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::newRow("open proxy") << QString() << QString() << 0 << QString();
    QTest::newRow("with a password") << S("alice:s3cret") << S("alice:s3cret@") << 0 << QString();
    QTest::newRow("password missing")
        << S("alice:s3cret") << QString() << 1 << S("the proxy wants a user name and password");
    QTest::newRow("wrong password") << S("alice:s3cret") << S("alice:nope@") << 1
                                    << S("the proxy refused the user name and password");
}

void tst_ProxyCommands::throughNcatHttpProxy()
{
    QFETCH(QString, auth);
    QFETCH(QString, given);
    QFETCH(int, status);
    QFETCH(QString, error);
    if (!have("ncat"))
        QSKIP("ncat is not installed (scripts/setup.sh --test installs it)");
    const quint16 proxyPort = startNcatProxy(auth);
    QVERIFY(proxyPort != 0);
    Proc *client = connectThrough(S("http://") + given + QStringLiteral("127.0.0.1:%1").arg(proxyPort),
        m_targetPort, args({"--wait", "500", "-v"}));
    if (status == 0) {
        QVERIFY2(talk(client, "hello through http\n"), QByteArray(client->out + client->err).constData());
        QVERIFY(waitEnd(client, 20000));
        QCOMPARE(client->process->exitCode(), 0);
        QVERIFY2(client->err.contains("connected to the proxy http://"), client->err.constData());
    } else {
        QVERIFY(waitEnd(client, 20000));
        QCOMPARE(client->process->exitCode(), status);
        QVERIFY2(client->err.contains(error.toUtf8()), client->err.constData());
        QVERIFY(client->out.isEmpty());
    }
}

void tst_ProxyCommands::throughDanteSocks5()
{
    if (!have("danted"))
        QSKIP("Dante's SOCKS server is not installed (scripts/setup.sh --test installs dante-server)");
    const quint16 proxyPort = startDante();
    QVERIFY(proxyPort != 0);
    // By address and by name: a name is the proxy's to resolve.
    for (const char *host : {"127.0.0.1", "localhost"}) {
        Proc *client = m_procs.sockpit(args({"connect", host}) + QStringList {QString::number(m_targetPort)}
            + QStringList {S("--proxy"), QStringLiteral("socks5://127.0.0.1:%1").arg(proxyPort)}
            + args({"--wait", "500"}));
        QVERIFY2(talk(client, "hello through socks\n"), QByteArray(client->out + client->err).constData());
        QVERIFY(waitEnd(client, 20000));
        QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    }
}

void tst_ProxyCommands::refusedTargetIsNamed()
{
    if (!have("danted") || !have("ncat"))
        QSKIP("needs danted and ncat (scripts/setup.sh --test installs them)");
    const quint16 closed = freeTcpPort(); // nothing listens there
    const quint16 socks = startDante();
    QVERIFY(socks != 0);
    Proc *client
        = connectThrough(QStringLiteral("socks5://127.0.0.1:%1").arg(socks), closed, args({"--send", "x"}));
    QVERIFY(waitEnd(client, 20000));
    QCOMPARE(client->process->exitCode(), 1);
    QVERIFY2(client->err.contains(
                 QStringLiteral("the proxy could not connect to 127.0.0.1:%1").arg(closed).toUtf8()),
        client->err.constData());

    const quint16 http = startNcatProxy();
    QVERIFY(http != 0);
    client = connectThrough(QStringLiteral("http://127.0.0.1:%1").arg(http), closed, args({"--send", "x"}));
    QVERIFY(waitEnd(client, 20000));
    QCOMPARE(client->process->exitCode(), 1);
    QVERIFY2(client->err.contains(
                 QStringLiteral("the proxy did not connect to 127.0.0.1:%1").arg(closed).toUtf8()),
        client->err.constData());
}

void tst_ProxyCommands::unreachableProxy()
{
    const quint16 closed = freeTcpPort();
    Proc *client = connectThrough(QStringLiteral("socks5://127.0.0.1:%1").arg(closed), m_targetPort);
    QVERIFY(waitEnd(client, 20000));
    QCOMPARE(client->process->exitCode(), 1);
    QVERIFY2(client->err.contains(QStringLiteral("cannot reach the proxy: connection refused by 127.0.0.1:%1")
                                      .arg(closed)
                                      .toUtf8()),
        client->err.constData());
}

void tst_ProxyCommands::runThroughAProxy()
{
    if (!have("ncat"))
        QSKIP("ncat is not installed (scripts/setup.sh --test installs it)");
    const quint16 proxyPort = startNcatProxy();
    QVERIFY(proxyPort != 0);
    const QString sequence = m_dir.filePath(S("seq.json"));
    QVERIFY(writeFile(sequence,
        R"({"steps": [{"kind": "expect", "pattern": "220 banner"}, {"kind": "send", "text": "ping\n"},
                      {"kind": "expect", "pattern": "ping"}, {"kind": "close"}]})"));
    Proc *run = m_procs.sockpit(args({"run"})
        + QStringList {sequence, S("127.0.0.1"), QString::number(m_targetPort), S("--proxy"),
            QStringLiteral("http://127.0.0.1:%1").arg(proxyPort)});
    QVERIFY(waitEnd(run, 20000));
    QVERIFY2(run->process->exitCode() == 0, QByteArray(run->out + run->err).constData());
    QVERIFY(run->err.contains("every step passed"));
}

QTEST_MAIN(tst_ProxyCommands)
#include "tst_proxycommands.moc"
