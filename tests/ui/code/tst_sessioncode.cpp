// "Show as Code": the Python and the C program of a session run against real Sockpit peers on
// loopback, and the bytes are checked where they arrive: the generated server answers the built
// `sockpit connect`, the generated client talks to `sockpit listen --echo`, the UDP program echoes a
// Sockpit UDP session, sends to its default target and hears a multicast group joined on lo. Every
// setup compiles (cc -Wall -Wextra -Werror) and parses (python3), whatever quotes, backslashes or
// non-ASCII its host and message hold; what the program leaves out is named in its first lines.

#include "codetestutil.h"
#include "sessioncode.h"
#include "sessiontestutil.h"

#include <QNetworkInterface>
#include <QTest>
#include <QUdpSocket>

using namespace clitest;
using namespace codetest;
using namespace sockpit;
using namespace sockpit::ui;

Q_DECLARE_METATYPE(codetest::Language)
Q_DECLARE_METATYPE(sockpit::SessionConfig)

namespace {

QString code(Language language, const SessionConfig &config, const QByteArray &message = defaultCodeMessage())
{
    return language == Language::Python ? sessionAsPython(config, message) : sessionAsC(config, message);
}

void addLanguageRows()
{
    QTest::addColumn<Language>("language");
    QTest::newRow("python") << Language::Python;
    QTest::newRow("c") << Language::C;
}

SessionConfig config(SessionMode mode, const QHostAddress &bind = QHostAddress(QHostAddress::LocalHost))
{
    SessionConfig config;
    config.mode = mode;
    config.bindAddress = bind;
    config.bindAddressSet = mode != SessionMode::TcpClient;
    return config;
}

} // namespace

class tst_SessionCode : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { m_procs.killAll(); }

    void offeredModes();
    void tcpServerAnswersConnect_data();
    void tcpServerAnswersConnect();
    void tcpClientTalksToListen_data();
    void tcpClientTalksToListen();
    void udpEchoes_data();
    void udpEchoes();
    void udpSendsToItsTargetAndHearsBack_data();
    void udpSendsToItsTargetAndHearsBack();
    void udpJoinsGroupOnLo_data();
    void udpJoinsGroupOnLo();
    void everySetupBuilds_data();
    void everySetupBuilds();
    void stringsAreEscaped();
    void leftOutOptionsAreNamed();

private:
    // Starts the program and waits for its first line; its port, or 0 after a failure.
    Proc *startProgram(
        Language language, const SessionConfig &config, const QByteArray &message, quint16 *port);

    Processes m_procs;
    Workshop m_workshop;
};

Proc *tst_SessionCode::startProgram(
    Language language, const SessionConfig &config, const QByteArray &message, quint16 *port)
{
    QByteArray error;
    Proc *program = m_workshop.startListener(
        m_procs, S("program"), language, code(language, config, message), port, &error);
    if (!program || *port == 0)
        qWarning("%s", error.constData());
    return program;
}

void tst_SessionCode::offeredModes()
{
    QVERIFY(canShowAsCode(SessionMode::TcpServer));
    QVERIFY(canShowAsCode(SessionMode::TcpClient));
    QVERIFY(canShowAsCode(SessionMode::Udp));
    for (const SessionMode mode : {SessionMode::TcpRelay, SessionMode::UdpRelay, SessionMode::Icmp}) {
        QVERIFY(!canShowAsCode(mode));
        QVERIFY(sessionAsPython(config(mode)).isEmpty());
        QVERIFY(sessionAsC(config(mode)).isEmpty());
    }
}

void tst_SessionCode::tcpServerAnswersConnect_data()
{
    QTest::addColumn<Language>("language");
    QTest::addColumn<QString>("bind");
    QTest::addColumn<bool>("echo");
    for (const auto language : {Language::Python, Language::C}) {
        const char *name = language == Language::Python ? "python" : "c";
        QTest::addRow("%s echo", name) << language << S("127.0.0.1") << true;
        QTest::addRow("%s echo ipv6", name) << language << S("::1") << true;
        QTest::addRow("%s receive only", name) << language << S("127.0.0.1") << false;
    }
}

void tst_SessionCode::tcpServerAnswersConnect()
{
    QFETCH(Language, language);
    QFETCH(QString, bind);
    QFETCH(bool, echo);

    SessionConfig server = config(SessionMode::TcpServer, QHostAddress(bind));
    server.echo = echo;
    server.keepAlive = true;
    quint16 port = 0;
    Proc *program = startProgram(language, server, {}, &port);
    QVERIFY(program && port != 0);
    const QString address = bind.contains(u':') ? u'[' + bind + u']' : bind;
    QVERIFY2(program->out.startsWith(QStringLiteral("listening on %1:%2\n").arg(address).arg(port).toUtf8()),
        program->out.constData());

    // `sockpit connect` sends, half-closes and waits for the server to close.
    Proc *client
        = m_procs.sockpit({S("connect"), bind, QString::number(port), S("--send"), S("hello, code")});
    QVERIFY2(waitEnd(client, WaitMs), client->err.constData());
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QCOMPARE(client->out, echo ? QByteArray("hello, code") : QByteArray());
    QTRY_VERIFY2_WITH_TIMEOUT(program->out.contains("\nclosed\n"), program->out.constData(), WaitMs);
    QVERIFY2(program->out.contains(QStringLiteral("\nconnection from %1:").arg(address).toUtf8()),
        program->out.constData());
    QVERIFY2(program->out.contains("\nreceived: hello, code\n"), program->out.constData());
    // Still serving: a second client is answered too.
    Proc *again = m_procs.sockpit({S("connect"), bind, QString::number(port), S("--send"), S("again")});
    QVERIFY2(waitEnd(again, WaitMs), again->err.constData());
    QCOMPARE(again->out, echo ? QByteArray("again") : QByteArray());
    QVERIFY2(program->err.isEmpty(), program->err.constData());
}

void tst_SessionCode::tcpClientTalksToListen_data()
{
    QTest::addColumn<Language>("language");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("listen");
    QTest::addColumn<bool>("sourceBind");
    for (const auto language : {Language::Python, Language::C}) {
        const char *name = language == Language::Python ? "python" : "c";
        QTest::addRow("%s", name) << language << S("127.0.0.1") << S("127.0.0.1") << false;
        QTest::addRow("%s from 127.0.0.1", name) << language << S("127.0.0.1") << S("127.0.0.1") << true;
        QTest::addRow("%s ipv6", name) << language << S("::1") << S("::1") << false;
        QTest::addRow("%s host name", name) << language << S("localhost") << S("127.0.0.1") << false;
    }
}

void tst_SessionCode::tcpClientTalksToListen()
{
    QFETCH(Language, language);
    QFETCH(QString, host);
    QFETCH(QString, listen);
    QFETCH(bool, sourceBind);

    // An echo server closes its side once the client finished sending and everything was echoed.
    Proc *listener = m_procs.sockpit({S("listen"), S("--echo"), S("--bind"), listen, S("0")});
    QTRY_VERIFY2_WITH_TIMEOUT(listeningPort(listener->err) != 0, listener->err.constData(), WaitMs);
    SessionConfig client = config(SessionMode::TcpClient);
    client.host = host;
    client.port = listeningPort(listener->err);
    client.bindAddressSet = sourceBind;
    client.keepAlive = true;
    const QByteArray message = "from the code\n";

    QByteArray error;
    Proc *program = m_workshop.start(m_procs, S("client"), language, code(language, client, message), &error);
    QVERIFY2(program, error.constData());
    QVERIFY2(waitEnd(program, WaitMs), program->out.constData());
    QVERIFY2(program->process->exitCode() == 0, program->err.constData());
    QVERIFY2(program->err.isEmpty(), program->err.constData());
    const QString address = listen.contains(u':') ? u'[' + listen + u']' : listen;
    QVERIFY2(program->out.startsWith(
                 QStringLiteral("connected to %1:%2\n").arg(address).arg(client.port).toUtf8()),
        program->out.constData());
    QVERIFY2(program->out.contains("\nreceived: from the code\n"), program->out.constData());
    QTRY_COMPARE_WITH_TIMEOUT(listener->out, message, WaitMs);
}

void tst_SessionCode::udpEchoes_data()
{
    addLanguageRows();
}

void tst_SessionCode::udpEchoes()
{
    QFETCH(Language, language);

    SessionConfig udp = config(SessionMode::Udp);
    udp.echo = true;
    quint16 port = 0;
    Proc *program = startProgram(language, udp, {}, &port);
    QVERIFY(program && port != 0);
    QVERIFY2(program->out.startsWith(QStringLiteral("bound to 127.0.0.1:%1\n").arg(port).toUtf8()),
        program->out.constData());

    // The peer: a Sockpit UDP session in this process.
    Session peer;
    test::EventLog log(&peer);
    QVERIFY(test::startAndWait(peer, test::udpConfig(QHostAddress(QHostAddress::LocalHost))));
    QVERIFY(peer.send("datagram", SendTarget::to(QHostAddress(QHostAddress::LocalHost), port)));
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::In), QByteArray("datagram"), WaitMs);
    const QString line = QStringLiteral("\nreceived from 127.0.0.1:%1: datagram\n").arg(peer.localPort());
    QVERIFY2(program->out.contains(line.toUtf8()), program->out.constData());
    QVERIFY(test::stopAndWait(peer));
}

void tst_SessionCode::udpSendsToItsTargetAndHearsBack_data()
{
    addLanguageRows();
}

void tst_SessionCode::udpSendsToItsTargetAndHearsBack()
{
    QFETCH(Language, language);

    Proc *listener = m_procs.sockpit({S("listen"), S("--udp"), S("--bind"), S("127.0.0.1"), S("0")});
    QTRY_VERIFY2_WITH_TIMEOUT(listeningPort(listener->err) != 0, listener->err.constData(), WaitMs);
    const quint16 target = listeningPort(listener->err);
    SessionConfig udp = config(SessionMode::Udp);
    udp.host = S("127.0.0.1");
    udp.port = target;
    quint16 port = 0;
    Proc *program = startProgram(language, udp, "to the target\n", &port);
    QVERIFY(program && port != 0);
    QTRY_COMPARE_WITH_TIMEOUT(listener->out, QByteArray("to the target\n"), WaitMs);

    // The listener's standard input goes to the most recent sender: the program.
    listener->process->write("and back\n");
    const QByteArray line = QStringLiteral("received from 127.0.0.1:%1: and back\n").arg(target).toUtf8();
    QTRY_VERIFY2_WITH_TIMEOUT(program->out.contains(line), program->out.constData(), WaitMs);
}

void tst_SessionCode::udpJoinsGroupOnLo_data()
{
    QTest::addColumn<Language>("language");
    QTest::addColumn<bool>("byIndex");
    QTest::newRow("python, interface by name") << Language::Python << false;
    QTest::newRow("python, interface by index") << Language::Python << true;
    QTest::newRow("c, interface by name") << Language::C << false;
    QTest::newRow("c, interface by index") << Language::C << true;
}

void tst_SessionCode::udpJoinsGroupOnLo()
{
    QFETCH(Language, language);
    QFETCH(bool, byIndex);

    const QHostAddress group(S("239.1.2.3"));
    const QNetworkInterface lo = QNetworkInterface::interfaceFromName(S("lo"));
    QVERIFY(lo.isValid());
    // A group's datagrams reach sockets bound to "any" (or to the group), not to 127.0.0.1.
    SessionConfig udp = config(SessionMode::Udp, QHostAddress(QHostAddress::AnyIPv4));
    udp.multicastGroups = {group};
    udp.multicastInterface = byIndex ? QString::number(lo.index()) : S("lo");
    quint16 port = 0;
    Proc *program = startProgram(language, udp, {}, &port);
    QVERIFY(program && port != 0);
    QTRY_VERIFY2_WITH_TIMEOUT(
        program->out.contains("\njoined 239.1.2.3\n"), program->out.constData(), WaitMs);

    // Sent by lo, so nothing leaves the machine; again until it arrives (a join may take a moment).
    QUdpSocket sender;
    QVERIFY(sender.bind(QHostAddress::LocalHost, 0));
    sender.setMulticastInterface(lo);
    sender.setSocketOption(QAbstractSocket::MulticastLoopbackOption, 1);
    QTRY_VERIFY2_WITH_TIMEOUT(
        (sender.writeDatagram("to the group", group, port), program->out.contains(": to the group\n")),
        program->out.constData(), WaitMs);
    QVERIFY2(program->err.isEmpty(), program->err.constData());
}

void tst_SessionCode::everySetupBuilds_data()
{
    QTest::addColumn<SessionConfig>("setup");
    SessionConfig c = config(SessionMode::TcpServer, QHostAddress(QHostAddress::AnyIPv6));
    c.noDelay = false;
    QTest::newRow("server, dual stack, no options") << c;
    c = config(SessionMode::TcpServer, QHostAddress(S("fe80::1%lo")));
    QTest::newRow("server, link-local with scope name") << c;
    c = config(SessionMode::TcpServer, QHostAddress(S("fe80::1%1")));
    QTest::newRow("server, link-local with scope number") << c;
    c = config(SessionMode::TcpServer, QHostAddress(QHostAddress::Any));
    c.keepAlive = true;
    QTest::newRow("server, any") << c;
    c = config(SessionMode::TcpClient);
    c.host = S("example.com");
    c.port = 80;
    c.noDelay = false;
    c.connectTimeoutMs = 0;
    QTest::newRow("client, name, no options") << c;
    c.bindAddress = QHostAddress(S("::1"));
    c.bindAddressSet = true;
    c.bindPort = 40000;
    QTest::newRow("client, name, IPv6 source") << c;
    c = config(SessionMode::TcpClient);
    c.host = S("[::1]");
    c.port = 9;
    c.bindPort = 40000;
    QTest::newRow("client, IPv6 in brackets, source port") << c;
    c = config(SessionMode::Udp, QHostAddress(QHostAddress::AnyIPv6));
    c.multicastGroups = {QHostAddress(S("239.1.2.3")), QHostAddress(S("ff12::1234"))};
    c.host = S("example.com");
    c.port = 9;
    QTest::newRow("udp, dual stack, both groups, target name") << c;
    c.multicastInterface = S("lo");
    c.host = S("127.0.0.1");
    QTest::newRow("udp, dual stack, groups on lo, IPv4 target") << c;
    c = config(SessionMode::Udp);
    c.bindAddressSet = false;
    c.bindAddress = QHostAddress(QHostAddress::Any);
    c.host = S("::1");
    c.port = 9;
    c.multicastGroups = {QHostAddress(S("ff12::1234"))};
    c.multicastInterface = S("1");
    QTest::newRow("udp, IPv6 target, IPv6 group by index") << c;
}

void tst_SessionCode::everySetupBuilds()
{
    QFETCH(SessionConfig, setup);
    QByteArray out;
    QByteArray error;
    const QString script = m_workshop.write(S("setup"), Language::Python, sessionAsPython(setup));
    QVERIFY2(runToEnd(m_procs, S("python3"), {S("-m"), S("py_compile"), script}, &out, &error),
        QByteArray(error + '\n' + sessionAsPython(setup).toUtf8()).constData());
    const QString source = m_workshop.write(S("setup"), Language::C, sessionAsC(setup));
    const bool built = !m_workshop.compile(m_procs, source, &error).isEmpty();
    QVERIFY2(built, QByteArray(error + '\n' + sessionAsC(setup).toUtf8()).constData());
}

void tst_SessionCode::stringsAreEscaped()
{
    // A host, a message and an interface name that would end a literal, start an escape, form a
    // trigraph, end a comment or hold bytes that are not text: each program builds, and holds them
    // exactly.
    const QString host = S("a'b\"c\\d\\n?\?/\t\n \u00e9\u4e2d\U0001F600 */ */");
    static const char raw[] = "it's \"quoted\"\\ \0 \xff\r\n?\?= end";
    const QByteArray message(raw, sizeof(raw) - 1);
    const QByteArray expected = host.toUtf8().toHex() + ' ' + message.toHex() + '\n';
    SessionConfig client = config(SessionMode::TcpClient);
    client.host = host;
    client.port = 9;
    QByteArray out;
    QByteArray error;

    // Python: the literals as the parser reads them.
    QString script = m_workshop.write(S("escaped"), Language::Python, sessionAsPython(client, message));
    const char *readBack = "import ast, sys\n"
                           "values = {}\n"
                           "for node in ast.parse(open(sys.argv[1], encoding='utf-8').read()).body:\n"
                           "    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):\n"
                           "        values[node.targets[0].id] = node.value.value\n"
                           "print(values['HOST'].encode('utf-8').hex(), values['MESSAGE'].hex())\n";
    QVERIFY2(
        runToEnd(m_procs, S("python3"), {S("-c"), S(readBack), script}, &out, &error), error.constData());
    QCOMPARE(out, expected);

    // C: the program builds, and its HOST and MESSAGE, printed by a program of the test's, are the bytes.
    const QString cCode = sessionAsC(client, message);
    bool built
        = !m_workshop.compile(m_procs, m_workshop.write(S("escaped"), Language::C, cCode), &error).isEmpty();
    QVERIFY2(built, error.constData());
    QString printer;
    for (const QString &line : cCode.split(u'\n')) {
        if (line.startsWith(S("#define HOST ")) || line.startsWith(S("#define MESSAGE ")))
            printer += line + u'\n';
    }
    printer += S("#include <stdio.h>\n"
                 "static void hex(const char *s, size_t n)\n"
                 "{\n"
                 "    for (size_t i = 0; i < n; ++i)\n"
                 "        printf(\"%02x\", (unsigned char)s[i]);\n"
                 "}\n"
                 "int main(void)\n"
                 "{\n"
                 "    hex(HOST, sizeof(HOST) - 1);\n"
                 "    printf(\" \");\n"
                 "    hex(MESSAGE, sizeof(MESSAGE) - 1);\n"
                 "    printf(\"\\n\");\n"
                 "    return 0;\n"
                 "}\n");
    const QString binary
        = m_workshop.compile(m_procs, m_workshop.write(S("printer"), Language::C, printer), &error);
    QVERIFY2(!binary.isEmpty(), error.constData());
    QVERIFY2(runToEnd(m_procs, binary, {}, &out, &error), error.constData());
    QCOMPARE(out, expected);

    // UDP: the same characters in an interface name and a target still build.
    SessionConfig udp = config(SessionMode::Udp);
    udp.multicastGroups = {QHostAddress(S("239.1.2.3"))};
    udp.multicastInterface = host;
    udp.host = host;
    udp.port = 9;
    script = m_workshop.write(S("udp"), Language::Python, sessionAsPython(udp, message));
    QVERIFY2(
        runToEnd(m_procs, S("python3"), {S("-m"), S("py_compile"), script}, &out, &error), error.constData());
    built = !m_workshop
                 .compile(m_procs, m_workshop.write(S("udp"), Language::C, sessionAsC(udp, message)), &error)
                 .isEmpty();
    QVERIFY2(built, error.constData());
}

void tst_SessionCode::leftOutOptionsAreNamed()
{
    SessionConfig plain = config(SessionMode::TcpServer);
    SessionConfig rich = plain;
    rich.tls.enabled = true;
    rich.framing.kind = Framing::Kind::Delimiter;
    rich.maxClients = 3;
    rich.chat = true;
    rich.webSocket = true;
    AutoReplyRule rule;
    rule.pattern = S("PING");
    rule.reply = S("PONG");
    rich.autoReplies = {rule, rule};
    const QStringList named
        = {S("TLS"), S("WebSocket"), S("framing"), S("2 auto-reply rule"), S("chat room"), S("3 client")};
    for (const auto language : {Language::Python, Language::C}) {
        const QString richCode = code(language, rich);
        const QString plainCode = code(language, plain);
        // Named in the opening comment, before the first line of code.
        const QString header = richCode.left(
            richCode.indexOf(language == Language::Python ? S("from socket import") : S("#include")));
        for (const QString &name : named) {
            QVERIFY2(header.contains(name), qPrintable(name + u'\n' + richCode));
            QVERIFY2(!plainCode.contains(name), qPrintable(name + u'\n' + plainCode));
        }
        QVERIFY(plainCode.contains(S("one after another")));
    }
    // A client: the C program has no connect timeout, and says so; the Python one sets it.
    SessionConfig client = config(SessionMode::TcpClient);
    client.host = S("127.0.0.1");
    client.port = 9;
    client.connectTimeoutMs = 2500;
    QVERIFY(sessionAsPython(client).contains(S("sockfd.settimeout(2.5)")));
    QVERIFY(sessionAsC(client).contains(S("connect timeout")));
    // UDP: an IPv6 group cannot be joined by an IPv4 socket; it is named, not joined.
    SessionConfig udp = config(SessionMode::Udp);
    udp.multicastGroups = {QHostAddress(S("ff12::1"))};
    QVERIFY(sessionAsPython(udp).contains(S("IPv6 multicast groups")));
    QVERIFY(!sessionAsPython(udp).contains(S("IPV6_JOIN_GROUP")));
    QVERIFY(!sessionAsC(udp).contains(S("IPV6_JOIN_GROUP")));
}

QTEST_GUILESS_MAIN(tst_SessionCode)
#include "tst_sessioncode.moc"
