// The command line's contract with scripts: exit status 2 for arguments that are invalid on their
// own, 1 when the system refuses, 0 for --help and --version, and a helpful message when there is no
// display for the window.

#include "clitestutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace clitest;

class tst_CliArguments : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { m_procs.killAll(); }

    void invalidArgumentsExitTwo_data();
    void invalidArgumentsExitTwo();
    void systemFailuresExitOne_data();
    void systemFailuresExitOne();
    void helpAndVersion_data();
    void helpAndVersion();
    void noDisplayPointsToHeadlessCommands_data();
    void noDisplayPointsToHeadlessCommands();
    void chineseLocaleSpeaksChinese_data();
    void chineseLocaleSpeaksChinese();
    void linesScriptsReadStayEnglish();
    void headlessCommandsLoadNoWindowLibraries();
    void headlessProgramAloneRefusesWindowFlags();

private:
    // The environment of a user whose locale is Simplified Chinese.
    static QProcessEnvironment chinese(const char *variable)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"})
            environment.remove(QString::fromLatin1(name));
        environment.insert(QString::fromLatin1(variable),
            QString::fromLatin1(qstrcmp(variable, "LANGUAGE") == 0 ? "zh_CN" : "zh_CN.UTF-8"));
        return environment;
    }
    static QProcessEnvironment withoutDisplay()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DISPLAY"));
        environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
        environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
        return environment;
    }

    Processes m_procs;
};

void tst_CliArguments::invalidArgumentsExitTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message"); // a part of the message on standard error

    QTest::newRow("connect port 0") << args({"connect", "127.0.0.1", "0"}) << S("from 1 to 65535");
    QTest::newRow("connect port 65536") << args({"connect", "127.0.0.1", "65536"}) << S("from 1 to 65535");
    QTest::newRow("connect port abc")
        << args({"connect", "127.0.0.1", "abc"}) << S("'abc' is not a port number");
    QTest::newRow("connect port -1") << args({"connect", "127.0.0.1", "--", "-1"}) << S("port");
    QTest::newRow("listen port 65536") << args({"listen", "65536"}) << S("from 0 to 65535");
    QTest::newRow("listen port abc") << args({"listen", "abc"}) << S("'abc' is not a port number");
    QTest::newRow("bad hex names position")
        << args({"connect", "127.0.0.1", "9", "--hex", "--send", "48 6g"}) << S("position 5");
    QTest::newRow("odd hex digits") << args({"connect", "127.0.0.1", "9", "--hex", "--send", "486"})
                                    << S("position");
    QTest::newRow("empty host") << args({"connect", "", "80"}) << S("host is empty");
    QTest::newRow("nodelay maybe") << args({"listen", "0", "--nodelay", "maybe"})
                                   << S("--nodelay takes on or off, not 'maybe'");
    QTest::newRow("keepalive with udp") << args({"connect", "--udp", "127.0.0.1", "9", "--keepalive"})
                                        << S("--keepalive applies to TCP: leave out --udp");
    QTest::newRow("nodelay with udp relay")
        << args({"relay", "--udp", "0", "127.0.0.1", "9", "--nodelay", "off"})
        << S("--nodelay applies to TCP: leave out --udp");
    QTest::newRow("keepalive with unix") << args({"listen", "--unix", "/tmp/x.sock", "--keepalive"})
                                         << S("--keepalive does not apply to a Unix socket (--unix)");
    QTest::newRow("nodelay with run --unix")
        << args({"run", "seq.json", "--unix", "/tmp/x.sock", "--nodelay", "on"})
        << S("--nodelay does not apply to a Unix socket (--unix)");
    QTest::newRow("host 300.1.1.1") << args({"connect", "300.1.1.1", "80"}) << S("not a valid IPv4 address");
    QTest::newRow("host with space") << args({"connect", "a b", "80"}) << S("is not a hostname or address");
    QTest::newRow("connect unknown flag") << args({"connect", "--bogus", "127.0.0.1", "80"}) << S("bogus");
    QTest::newRow("listen unknown flag") << args({"listen", "--bogus", "0"}) << S("bogus");
    QTest::newRow("window unknown flag") << args({"--bogus"}) << S("bogus");
    QTest::newRow("unknown command") << args({"frobnicate"}) << S("frobnicate");
    QTest::newRow("connect no arguments") << args({"connect"}) << S("connect needs HOST and PORT");
    QTest::newRow("connect no port") << args({"connect", "127.0.0.1"}) << S("connect needs HOST and PORT");
    QTest::newRow("connect three positionals")
        << args({"connect", "127.0.0.1", "1", "2"}) << S("HOST and PORT");
    QTest::newRow("listen no port") << args({"listen"}) << S("listen needs a PORT");
    QTest::newRow("listen two ports") << args({"listen", "1", "2"}) << S("one PORT");
    QTest::newRow("--send with --send-file")
        << args({"connect", "127.0.0.1", "9", "--send", "a", "--send-file", "/etc/hostname"})
        << S("not both");
    QTest::newRow("--send without value") << args({"connect", "127.0.0.1", "9", "--send"}) << S("send");
    QTest::newRow("--hex without --send") << args({"connect", "127.0.0.1", "9", "--hex"}) << S("--hex");
    QTest::newRow("--wait negative") << args({"connect", "127.0.0.1", "9", "--wait", "-5"}) << S("--wait");
    QTest::newRow("--timeout 0") << args({"connect", "127.0.0.1", "9", "--timeout", "0"}) << S("--timeout");
    QTest::newRow("--timeout abc") << args({"connect", "127.0.0.1", "9", "--timeout", "abc"})
                                   << S("--timeout");
    QTest::newRow("--local-port 70000")
        << args({"connect", "127.0.0.1", "9", "--local-port", "70000"}) << S("--local-port");
    QTest::newRow("--repeat 0") << args({"connect", "127.0.0.1", "9", "--send", "a", "--repeat", "0"})
                                << S("--repeat");
    QTest::newRow("--repeat without payload")
        << args({"connect", "127.0.0.1", "9", "--repeat", "3"}) << S("--repeat");
    QTest::newRow("--interval negative")
        << args({"connect", "127.0.0.1", "9", "--send", "a", "--repeat", "2", "--interval", "-1"})
        << S("--interval");
    QTest::newRow("--interval abc") << args({"connect", "127.0.0.1", "9", "--send", "a", "--repeat", "2",
        "--interval", "abc"}) << S("--interval");
    QTest::newRow("--interval without --repeat")
        << args({"connect", "127.0.0.1", "9", "--interval", "5"}) << S("--repeat");
    QTest::newRow("--checksum unknown")
        << args({"connect", "127.0.0.1", "9", "--send", "a", "--checksum", "crc99"}) << S("--checksum");
    QTest::newRow("--checksum bad order")
        << args({"connect", "127.0.0.1", "9", "--send", "a", "--checksum", "crc32:middle"})
        << S("--checksum");
    QTest::newRow("--checksum empty")
        << args({"connect", "127.0.0.1", "9", "--send", "a", "--checksum", ""}) << S("--checksum");
    QTest::newRow("--checksum with standard input")
        << args({"connect", "127.0.0.1", "9", "--checksum", "crc32"}) << S("--checksum");
    QTest::newRow("--max-clients 0") << args({"listen", "0", "--max-clients", "0"}) << S("--max-clients");
    QTest::newRow("--max-clients abc") << args({"listen", "0", "--max-clients", "abc"}) << S("--max-clients");
    QTest::newRow("listen --bind not an address")
        << args({"listen", "--bind", "nowhere", "0"}) << S("--bind");
    QTest::newRow("--record empty") << args({"listen", "0", "--record", ""}) << S("--record");
    QTest::newRow("--rules empty") << args({"listen", "0", "--rules", ""}) << S("--rules");
    QTest::newRow("--rules without value") << args({"listen", "0", "--rules"}) << S("rules");
    QTest::newRow("window --mode bad") << args({"--mode", "tcp-sever"}) << S("--mode");
    QTest::newRow("relay no arguments") << args({"relay"}) << S("relay needs PORT, HOST and PORT");
    QTest::newRow("relay no target port") << args({"relay", "0", "127.0.0.1"}) << S("PORT, HOST and PORT");
    QTest::newRow("relay four positionals") << args({"relay", "0", "127.0.0.1", "9", "10"}) << S("PORT");
    QTest::newRow("relay port 65536") << args({"relay", "65536", "127.0.0.1", "9"}) << S("from 0 to 65535");
    QTest::newRow("relay target port 0") << args({"relay", "0", "127.0.0.1", "0"}) << S("from 1 to 65535");
    QTest::newRow("relay empty host") << args({"relay", "0", "", "9"}) << S("host is empty");
    QTest::newRow("relay host 300.1.1.1") << args({"relay", "0", "300.1.1.1", "9"}) << S("not a valid IPv4");
    QTest::newRow("relay --bind a name")
        << args({"relay", "--bind", "localhost", "0", "127.0.0.1", "9"}) << S("--bind");
    QTest::newRow("relay --timeout 0")
        << args({"relay", "--timeout", "0", "0", "127.0.0.1", "9"}) << S("--timeout");
    QTest::newRow("relay --record empty")
        << args({"relay", "--record", "", "0", "127.0.0.1", "9"}) << S("--record");
    QTest::newRow("relay unknown flag") << args({"relay", "--echo", "0", "127.0.0.1", "9"}) << S("echo");

    // Every value-taking flag with values that are wrong on their own.
    QTest::newRow("listen port -1") << args({"listen", "--", "-1"}) << S("port");
    QTest::newRow("listen port empty") << args({"listen", ""}) << S("port");
    QTest::newRow("listen --udp port 65536") << args({"listen", "--udp", "65536"}) << S("from 0 to 65535");
    QTest::newRow("listen --udp port abc")
        << args({"listen", "--udp", "abc"}) << S("'abc' is not a port number");
    QTest::newRow("listen --bind 300.1.1.1") << args({"listen", "--bind", "300.1.1.1", "0"}) << S("--bind");
    QTest::newRow("listen --bind empty") << args({"listen", "--bind", "", "0"}) << S("--bind");
    QTest::newRow("listen --udp --bind a name")
        << args({"listen", "--udp", "--bind", "localhost", "0"}) << S("--bind");
    QTest::newRow("--max-clients -1") << args({"listen", "0", "--max-clients", "-1"}) << S("--max-clients");
    QTest::newRow("--max-clients empty") << args({"listen", "0", "--max-clients", ""}) << S("--max-clients");
    QTest::newRow("listen --record without value") << args({"listen", "0", "--record"}) << S("record");
    QTest::newRow("connect port empty") << args({"connect", "127.0.0.1", ""}) << S("port");
    QTest::newRow("connect --udp port 0")
        << args({"connect", "--udp", "127.0.0.1", "0"}) << S("from 1 to 65535");
    QTest::newRow("connect --udp port 65536")
        << args({"connect", "--udp", "127.0.0.1", "65536"}) << S("from 1 to 65535");
    QTest::newRow("connect --udp host 300.1.1.1")
        << args({"connect", "--udp", "300.1.1.1", "9"}) << S("not a valid IPv4 address");
    QTest::newRow("connect --udp empty host") << args({"connect", "--udp", "", "9"}) << S("host is empty");
    QTest::newRow("--local-port 0") << args({"connect", "127.0.0.1", "9", "--local-port", "0"})
                                    << S("--local-port");
    QTest::newRow("--local-port abc")
        << args({"connect", "127.0.0.1", "9", "--local-port", "abc"}) << S("--local-port");
    QTest::newRow("--wait abc") << args({"connect", "127.0.0.1", "9", "--wait", "abc"}) << S("--wait");
    QTest::newRow("--timeout -1") << args({"connect", "127.0.0.1", "9", "--timeout", "-1"}) << S("--timeout");
    QTest::newRow("--repeat abc") << args({"connect", "127.0.0.1", "9", "--send", "a", "--repeat", "abc"})
                                  << S("--repeat");
    QTest::newRow("--send-file empty")
        << args({"connect", "127.0.0.1", "9", "--send-file", ""}) << S("--send-file needs a file name");
    QTest::newRow("connect --record empty")
        << args({"connect", "127.0.0.1", "9", "--send", "a", "--record", ""}) << S("--record");
    QTest::newRow("--hex --send zz") << args({"connect", "127.0.0.1", "9", "--hex", "--send", "zz"})
                                     << S("position 1");
    QTest::newRow("--hex --send unknown macro")
        << args({"connect", "127.0.0.1", "9", "--hex", "--send", "01 {nope}"})
        << S("unknown macro {nope} at position 4");
    QTest::newRow("window --port 65536") << args({"--port", "65536"}) << S("--port");
    QTest::newRow("window --port abc") << args({"--port", "abc"}) << S("'abc' is not a port number");
    QTest::newRow("window client --port 0")
        << args({"--mode", "tcp-client", "--host", "127.0.0.1", "--port", "0"}) << S("from 1 to 65535");
    QTest::newRow("window --host 300.1.1.1") << args({"--mode", "tcp-client", "--host", "300.1.1.1"})
                                             << S("--host: '300.1.1.1' is not a valid IPv4 address");
    QTest::newRow("window --host empty")
        << args({"--mode", "tcp-client", "--host", ""}) << S("host is empty");
    QTest::newRow("window --bind 300.1.1.1") << args({"--bind", "300.1.1.1"}) << S("--bind");
    QTest::newRow("window --bind empty") << args({"--bind", ""}) << S("--bind");
    QTest::newRow("window --port without value") << args({"--port"}) << S("port");
    QTest::newRow("window --record empty") << args({"--record", ""}) << S("--record needs a file name");
    QTest::newRow("--join not multicast")
        << args({"listen", "--udp", "--join", "10.0.0.1", "0"}) << S("--join needs a multicast group");
    QTest::newRow("--join not an address")
        << args({"listen", "--udp", "--join", "group", "0"}) << S("--join needs a multicast group");
    QTest::newRow("--join empty") << args({"listen", "--udp", "--join", "", "0"}) << S("--join");
    QTest::newRow("--join without --udp") << args({"listen", "--join", "239.1.2.3", "0"}) << S("--join");
    QTest::newRow("--join IPv6 group on IPv4 --bind")
        << args({"listen", "--udp", "--bind", "0.0.0.0", "--join", "ff12::1", "0"}) << S("--join");
    QTest::newRow("listen --iface without --udp") << args({"listen", "--iface", "lo", "0"}) << S("--iface");
    QTest::newRow("listen --iface empty") << args({"listen", "--udp", "--iface", "", "0"}) << S("--iface");
    QTest::newRow("connect --iface without --udp")
        << args({"connect", "239.1.2.3", "9", "--iface", "lo"}) << S("--iface");
    QTest::newRow("ping no host") << args({"ping"}) << S("ping needs one HOST");
    QTest::newRow("ping two hosts") << args({"ping", "127.0.0.1", "127.0.0.2"}) << S("ping needs one HOST");
    QTest::newRow("ping host 300.1.1.1") << args({"ping", "300.1.1.1"}) << S("not a valid IPv4 address");
    QTest::newRow("ping IPv6 host") << args({"ping", "::1"}) << S("IPv4 only");
    QTest::newRow("ping --count -1") << args({"ping", "--count", "-1", "127.0.0.1"}) << S("--count");
    QTest::newRow("ping --count abc") << args({"ping", "--count", "abc", "127.0.0.1"}) << S("--count");
    QTest::newRow("ping --interval 0") << args({"ping", "--interval", "0", "127.0.0.1"}) << S("--interval");
    QTest::newRow("ping --size 65500") << args({"ping", "--size", "65500", "127.0.0.1"}) << S("--size");
    QTest::newRow("ping --timeout 0") << args({"ping", "--timeout", "0", "127.0.0.1"}) << S("--timeout");
    QTest::newRow("ping --record empty") << args({"ping", "--record", "", "127.0.0.1"}) << S("--record");
    QTest::newRow("ping unknown flag") << args({"ping", "--udp", "127.0.0.1"}) << S("udp");
    QTest::newRow("listen --name without --chat")
        << args({"listen", "--name", "bob", "0"}) << S("add --chat");
    QTest::newRow("listen --chat --udp") << args({"listen", "--chat", "--udp", "0"}) << S("--chat needs TCP");
    QTest::newRow("listen --chat --echo")
        << args({"listen", "--chat", "--echo", "0"}) << S("cannot be combined");
    QTest::newRow("listen --chat --framing fixed")
        << args({"listen", "--chat", "--framing", "fixed:4", "0"}) << S("--chat splits lines");
    QTest::newRow("listen --chat --name with space")
        << args({"listen", "--chat", "--name", "a b", "0"}) << S("may not hold spaces");
    QTest::newRow("listen --chat --name empty")
        << args({"listen", "--chat", "--name", "", "0"}) << S("at least one character");
    QTest::newRow("connect --iface too long")
        << args({"connect", "--udp", "239.1.2.3", "9", "--iface", "an-interface-name-too-long"})
        << S("--iface");
}

void tst_CliArguments::invalidArgumentsExitTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);

    Proc *proc = m_procs.sockpit(arguments);
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(proc->process->exitCode(), 2);
    const QString err = QString::fromUtf8(proc->err);
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY2(err.startsWith(QLatin1String("sockpit: ")), qPrintable(err));
    // Then where to look for help, with the command that was used.
    const QString word = arguments.value(0);
    const bool known = word == QLatin1String("listen") || word == QLatin1String("connect")
        || word == QLatin1String("relay") || word == QLatin1String("ping") || word == QLatin1String("run");
    const QString command = known ? QStringLiteral("sockpit ") + word : QStringLiteral("sockpit");
    QVERIFY2(err.endsWith(QStringLiteral("Try '%1 --help'.\n").arg(command)), qPrintable(err));
    QVERIFY2(proc->out.isEmpty(), proc->out.constData()); // nothing but diagnostics
}

void tst_CliArguments::systemFailuresExitOne_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("message");

    QTest::newRow("port in use") << S("in use") << S("already in use");
    QTest::newRow("udp port in use") << S("udp in use") << S("already in use");
    QTest::newRow("--bind address not here") << S("bind not here") << S("not on this machine");
    QTest::newRow("name not found") << S("name not found") << S("not found");
    QTest::newRow("connection refused") << S("refused") << S("refused");
    QTest::newRow("--send-file missing") << S("send-file missing") << S("no such file");
    QTest::newRow("connect --record in missing directory") << S("connect record") << S("missing-dir");
    QTest::newRow("listen --record in missing directory") << S("listen record") << S("missing-dir");
    QTest::newRow("udp --bind address not here") << S("udp bind not here") << S("not on this machine");
    QTest::newRow("udp name not found") << S("udp name not found") << S("not found");
    QTest::newRow("--send-file is a directory") << S("send-file directory") << S("not a file");
    QTest::newRow("--send-file unreadable") << S("send-file unreadable") << S("permission denied");
    QTest::newRow("listen --record is a directory") << S("listen record directory") << S("cannot open");
    QTest::newRow("--local-port in use") << S("local port in use") << S("in use");
    QTest::newRow("--bind scoped address not here") << S("scoped bind") << S("not on this machine");
    QTest::newRow("scoped host unreachable") << S("scoped host") << S("unreachable");
    QTest::newRow("--bind scope unknown") << S("unknown scope bind") << S("no network interface 'nosuch0'");
    QTest::newRow("host scope unknown") << S("unknown scope host") << S("no network interface 'nosuch0'");
    QTest::newRow("listen --iface unknown") << S("listen iface") << S("no network interface 'nosuch0'");
    QTest::newRow("connect --iface unknown") << S("connect iface") << S("no network interface 'nosuch0'");
}

void tst_CliArguments::systemFailuresExitOne()
{
    QFETCH(QString, kind);
    QFETCH(QString, message);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missingRecord = dir.filePath(QStringLiteral("missing-dir/rec.jsonl"));
    QStringList arguments;
    if (kind == QLatin1String("in use") || kind == QLatin1String("udp in use")) {
        const bool udp = kind.startsWith(QLatin1String("udp"));
        QStringList first = udp ? args({"listen", "--udp", "--bind", "127.0.0.1", "0"})
                                : args({"listen", "--bind", "127.0.0.1", "0"});
        Proc *listener = m_procs.sockpit(first);
        QTRY_VERIFY_WITH_TIMEOUT(listeningPort(listener->err) != 0, 10000);
        arguments = first;
        arguments.last() = QString::number(listeningPort(listener->err));
    } else if (kind == QLatin1String("bind not here")) {
        arguments = args({"listen", "--bind", "192.0.2.1", "0"});
    } else if (kind == QLatin1String("name not found")) {
        arguments = args({"connect", "nothing.invalid", "80", "--send", "x"});
    } else if (kind == QLatin1String("refused")) {
        const quint16 port = freeTcpPort();
        QVERIFY(port != 0);
        arguments = args({"connect", "127.0.0.1", "PORT", "--send", "x"});
        arguments[2] = QString::number(port);
    } else if (kind == QLatin1String("send-file missing")) {
        arguments = args({"connect", "127.0.0.1", "9", "--send-file", "FILE"});
        arguments.last() = dir.filePath(QStringLiteral("nope.bin"));
    } else if (kind == QLatin1String("udp bind not here")) {
        arguments = args({"listen", "--udp", "--bind", "192.0.2.1", "0"});
    } else if (kind == QLatin1String("udp name not found")) {
        arguments = args({"connect", "--udp", "nothing.invalid", "80", "--send", "x"});
    } else if (kind == QLatin1String("send-file directory")) {
        arguments = args({"connect", "127.0.0.1", "9", "--send-file"}) << dir.path();
    } else if (kind == QLatin1String("send-file unreadable")) {
        // Root reads a file of mode 000 all the same (the directory row covers root).
        if (::geteuid() == 0)
            QSKIP("running as root, which can read a file of mode 000");
        const QString file = dir.filePath(QStringLiteral("secret.bin"));
        QVERIFY(writeFile(file, "x"));
        QVERIFY(QFile::setPermissions(file, QFileDevice::Permissions()));
        arguments = args({"connect", "127.0.0.1", "9", "--send-file"}) << file;
    } else if (kind == QLatin1String("listen record directory")) {
        arguments = args({"listen", "0", "--record"}) << dir.path();
    } else if (kind == QLatin1String("local port in use")) {
        // A listener holds the port the client is told to send from.
        Proc *listener = m_procs.sockpit(args({"listen", "--bind", "127.0.0.1", "0"}));
        QTRY_VERIFY_WITH_TIMEOUT(listeningPort(listener->err) != 0, 10000);
        Proc *target = m_procs.sockpit(args({"listen", "--bind", "127.0.0.1", "0"}));
        QTRY_VERIFY_WITH_TIMEOUT(listeningPort(target->err) != 0, 10000);
        arguments = args({"connect", "127.0.0.1", "PORT", "--local-port", "LOCAL", "--send", "x"});
        arguments[2] = QString::number(listeningPort(target->err));
        arguments[4] = QString::number(listeningPort(listener->err));
    } else if (kind == QLatin1String("scoped bind")) {
        arguments = args({"listen", "--bind", "fe80::1%lo", "0"});
    } else if (kind == QLatin1String("scoped host")) {
        // lo has no link-local addresses: nothing is sent anywhere.
        arguments = args({"connect", "fe80::1%lo", "9", "--send", "x"});
    } else if (kind == QLatin1String("unknown scope bind")) {
        arguments = args({"listen", "--udp", "--bind", "fe80::1%nosuch0", "0"});
    } else if (kind == QLatin1String("unknown scope host")) {
        arguments = args({"connect", "fe80::1%nosuch0", "9", "--send", "x"});
    } else if (kind == QLatin1String("listen iface")) {
        arguments = args({"listen", "--udp", "--join", "239.1.2.3", "--iface", "nosuch0", "0"});
    } else if (kind == QLatin1String("connect iface")) {
        arguments = args({"connect", "--udp", "239.1.2.3", "9", "--iface", "nosuch0", "--send", "x"});
    } else if (kind == QLatin1String("connect record")) {
        arguments = args({"connect", "127.0.0.1", "9", "--send", "x", "--record"}) << missingRecord;
    } else {
        arguments = args({"listen", "0", "--record"}) << missingRecord;
    }

    QElapsedTimer clock;
    clock.start();
    Proc *proc = m_procs.sockpit(arguments);
    QVERIFY2(waitEnd(proc, 20000), "sockpit did not end");
    QCOMPARE(proc->process->exitStatus(), QProcess::NormalExit);
    const QString err = QString::fromUtf8(proc->err);
    QVERIFY2(proc->process->exitCode() == 1,
        qPrintable(QStringLiteral("exit %1: %2").arg(proc->process->exitCode()).arg(err)));
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY2(!err.contains(QLatin1String("listening on")), qPrintable(err));
    QVERIFY2(clock.elapsed() < 15000, "a local failure should be reported quickly");
}

void tst_CliArguments::helpAndVersion_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");

    QTest::newRow("--help") << args({"--help"}) << S("sockpit connect");
    QTest::newRow("-h") << args({"-h"}) << S("Exit status");
    QTest::newRow("listen --help") << args({"listen", "--help"}) << S("listening on ADDR:PORT");
    QTest::newRow("connect --help") << args({"connect", "--help"}) << S("--send-file FILE");
    QTest::newRow("ping --help") << args({"ping", "--help"}) << S("CAP_NET_RAW");
    QTest::newRow("connect --help with bad port")
        << args({"connect", "x", "0", "--help"}) << S("Usage: sockpit connect");
    QTest::newRow("--version") << args({"--version"}) << S("sockpit ");
}

void tst_CliArguments::helpAndVersion()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);

    // --help and --version never need a display.
    Proc *proc = m_procs.start(binary(), arguments, withoutDisplay());
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(proc->process->exitCode(), 0);
    const QString out = QString::fromUtf8(proc->out);
    QVERIFY2(out.contains(expected), qPrintable(out));
    QVERIFY2(proc->err.isEmpty(), proc->err.constData());
    if (arguments == args({"--version"})) {
        static const QRegularExpression version(QStringLiteral("^sockpit \\d+\\.\\d+(\\.\\d+)?\\S*\\n$"));
        QVERIFY2(version.match(out).hasMatch(), qPrintable(out));
    }
}

void tst_CliArguments::noDisplayPointsToHeadlessCommands_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("unreachable"); // DISPLAY names a display that is not there

    QTest::newRow("no arguments") << args({}) << false;
    QTest::newRow("server session") << args({"--mode", "tcp-server", "--port", "0", "--start"}) << false;
    QTest::newRow("unreachable display") << args({}) << true;
    QTest::newRow("unreachable display, server session")
        << args({"--mode", "tcp-server", "--port", "0", "--start"}) << true;
}

void tst_CliArguments::noDisplayPointsToHeadlessCommands()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, unreachable);

    QProcessEnvironment environment = withoutDisplay();
    QString display;
    if (unreachable) {
        // A display number no X server on this machine listens on.
        int number = 4242;
        while (QFile::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(number)))
            ++number;
        display = QStringLiteral(":%1").arg(number);
        environment.insert(QStringLiteral("DISPLAY"), display);
    }
    Proc *proc = m_procs.start(binary(), arguments, environment);
    QVERIFY2(waitEnd(proc, 10000), "the window must not wait for a display");
    const QString err = QString::fromUtf8(proc->err);
    QVERIFY2(proc->process->exitStatus() == QProcess::NormalExit, qPrintable(err)); // not Qt's abort
    QCOMPARE(proc->process->exitCode(), 1);
    QVERIFY2(err.contains(QLatin1String("sockpit listen")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("sockpit connect")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("display")), qPrintable(err));
    if (unreachable) {
        QVERIFY2(err.contains(QStringLiteral("DISPLAY=") + display), qPrintable(err));
        QVERIFY2(
            !err.contains(QLatin1String("Reinstalling")), qPrintable(err)); // Qt's own advice is wrong here
    }
}

void tst_CliArguments::chineseLocaleSpeaksChinese_data()
{
    QTest::addColumn<QString>("variable");
    QTest::newRow("LANG") << S("LANG");
    QTest::newRow("LC_ALL") << S("LC_ALL");
    QTest::newRow("LANGUAGE") << S("LANGUAGE");
}

void tst_CliArguments::chineseLocaleSpeaksChinese()
{
    QFETCH(QString, variable);
    const QProcessEnvironment environment = chinese(variable.toLatin1().constData());

    Proc *help = m_procs.start(binary(), args({"listen", "--help"}), environment);
    QVERIFY(waitEnd(help, 10000));
    QCOMPARE(help->process->exitCode(), 0);
    QVERIFY2(help->out.startsWith("用法：sockpit listen"), help->out.left(200).constData());
    QVERIFY(help->out.contains("-U, --unix"));

    Proc *mainHelp = m_procs.start(binary(), args({"--help"}), environment);
    QVERIFY(waitEnd(mainHelp, 10000));
    QVERIFY2(mainHelp->out.startsWith("用法：sockpit"), mainHelp->out.left(200).constData());

    // An invalid argument: the reason and the hint, both in Chinese, and the same exit status.
    Proc *bad = m_procs.start(binary(), args({"listen", "99999"}), environment);
    QVERIFY(waitEnd(bad, 10000));
    QCOMPARE(bad->process->exitCode(), 2);
    QCOMPARE(QString::fromUtf8(bad->err),
        S("sockpit: 端口必须是 0 到 65535 之间的数字（而不是 99999）\n请尝试 'sockpit listen --help'。\n"));

    // A refusal of the system, from the session's own events.
    Proc *refused
        = m_procs.start(binary(), args({"connect", "--unix", "/nonexistent/sockpit.sock"}), environment);
    QVERIFY(waitEnd(refused, 10000));
    QCOMPARE(refused->process->exitCode(), 1);
    QCOMPARE(QString::fromUtf8(refused->err), S("sockpit: /nonexistent/sockpit.sock 处没有套接字\n"));
}

void tst_CliArguments::linesScriptsReadStayEnglish()
{
    // "listening on ADDR:PORT" and the -v totals are read by scripts: English in any locale, while the
    // events around them are in the user's language.
    Proc *listener
        = m_procs.start(binary(), args({"listen", "--bind", "127.0.0.1", "-v", "0"}), chinese("LANG"));
    QTRY_VERIFY_WITH_TIMEOUT(listeningPort(listener->err) != 0, 10000);
    // The event, with -v; it may come just after the line.
    QTRY_VERIFY2_WITH_TIMEOUT(listener->err.contains("正在监听"), listener->err.constData(), 10000);
    listener->signal(SIGTERM);
    QVERIFY(waitEnd(listener, 10000));
    QCOMPARE(listener->process->exitCode(), 0);
    QVERIFY2(
        listener->err.contains("sockpit: totals: received 0 bytes (0 chunks), sent 0 bytes (0 chunks)\n"),
        listener->err.constData());
}

// `sockpit` runs a headless command in a program of its own that does not load Qt's GUI and widget
// libraries (and what they bring: X11, fonts, OpenGL), so a command starts in about half the time.
void tst_CliArguments::headlessCommandsLoadNoWindowLibraries()
{
    Proc *listener = m_procs.start(binary(), args({"listen", "--bind", "127.0.0.1", "0"}), withoutDisplay());
    QTRY_VERIFY_WITH_TIMEOUT(listeningPort(listener->err) != 0, 10000);
    QFile maps(QStringLiteral("/proc/%1/maps").arg(listener->process->processId()));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    const QByteArray mapped = maps.readAll();
    QVERIFY2(mapped.contains("libQt6Core.so"), mapped.constData()); // the map of the right process
    QVERIFY2(!mapped.contains("libQt6Gui.so"), "Qt Gui is loaded");
    QVERIFY2(!mapped.contains("libQt6Widgets.so"), "Qt Widgets is loaded");
    listener->signal(SIGTERM);
    QVERIFY(waitEnd(listener, 10000));
    QCOMPARE(listener->process->exitCode(), 0);
}

// The headless program run by its own name: a window flag is not one of its commands (exit 2).
void tst_CliArguments::headlessProgramAloneRefusesWindowFlags()
{
    const QString program = QFileInfo(binary()).dir().filePath(QStringLiteral("sockpit-cli"));
    QVERIFY2(QFileInfo::exists(program), qPrintable(program));
    Proc *proc = m_procs.start(program, args({"--tcp-server", "9000"}), withoutDisplay());
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(proc->process->exitCode(), 2);
    QVERIFY2(proc->err.contains("'--tcp-server' is not a command of this program"), proc->err.constData());
}

QTEST_GUILESS_MAIN(tst_CliArguments)
#include "tst_cliarguments.moc"
