// `sockpit listen` as a process: the `listening on` line for port 0, standard input to the clients,
// --echo, --max-clients, --rules, --join and --chat. Its recording (the end by a signal, kill -9, a full
// disk) is tested in tst_listenrecording.cpp.

#include "checksum.h"
#include "clitestutil.h"

#include <QTemporaryDir>
#include <QTest>

using namespace clitest;

namespace {

// A TCP client of the listener that collects everything it receives.
struct Client
{
    QTcpSocket socket;
    QByteArray received;

    bool connectTo(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, [this] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(5000);
    }
};

QByteArray readDatagram(QUdpSocket &socket, QHostAddress *from = nullptr, quint16 *port = nullptr)
{
    QByteArray datagram(int(socket.pendingDatagramSize()), Qt::Uninitialized);
    socket.readDatagram(datagram.data(), datagram.size(), from, port);
    return datagram;
}

} // namespace

class tst_ListenCommand : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { m_procs.killAll(); }

    void portZeroPrintsListeningLine_data();
    void portZeroPrintsListeningLine();
    void stdinGoesToEveryClient();
    void endOfStdinDoesNotStop_data();
    void endOfStdinDoesNotStop();
    void udpStdinGoesToMostRecentSender();
    void echoToSenderOnly_data();
    void echoToSenderOnly();
    void maxClientsRefusesFurther_data();
    void maxClientsRefusesFurther();
    void rulesAnswerMatches_data();
    void rulesAnswerMatches();
    void badRulesFileExitsTwo_data();
    void badRulesFileExitsTwo();
    void udpJoinReceivesGroupDatagrams();
    void checkReportsBadMessages_data();
    void checkReportsBadMessages();
    void chatRoomPassesLinesAndStdinTalks();

private:
    // Starts `sockpit listen ARGS 0` and returns it once it has printed its port.
    Proc *startListener(const QStringList &arguments, quint16 *port)
    {
        Proc *proc = m_procs.sockpit(args({"listen"}) + arguments + args({"0"}));
        (void)QTest::qWaitFor([proc] { return listeningPort(proc->err) != 0 || proc->finished(); }, 10000);
        *port = listeningPort(proc->err);
        return proc;
    }

    Processes m_procs;
};

void tst_ListenCommand::portZeroPrintsListeningLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("address"); // as printed
    QTest::addColumn<QString>("connectTo");

    QTest::newRow("TCP default") << QStringList() << S("0.0.0.0") << S("127.0.0.1");
    QTest::newRow("TCP 127.0.0.1") << args({"--bind", "127.0.0.1"}) << S("127.0.0.1") << S("127.0.0.1");
    QTest::newRow("TCP ::1") << args({"--bind", "::1"}) << S("[::1]") << S("::1");
    QTest::newRow("UDP default") << args({"--udp"}) << S("0.0.0.0") << S("127.0.0.1");
    QTest::newRow("UDP ::1") << args({"--udp", "--bind", "::1"}) << S("[::1]") << S("::1");
    // A scope id is taken; the kernel drops it for an address that is not link-local.
    QTest::newRow("TCP ::1%lo") << args({"--bind", "::1%lo"}) << S("[::1]") << S("::1");
}

void tst_ListenCommand::portZeroPrintsListeningLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, address);
    QFETCH(QString, connectTo);

    if (connectTo == QLatin1String("::1")) {
        QUdpSocket probe;
        if (!probe.bind(QHostAddress::LocalHostIPv6, 0))
            QSKIP("no ::1 here");
    }
    quint16 port = 0;
    Proc *proc = startListener(arguments, &port);
    const QString err = QString::fromUtf8(proc->err);
    QVERIFY2(port != 0, qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("listening on %1:%2\n").arg(address).arg(port)), qPrintable(err));
    QVERIFY(proc->out.isEmpty());

    const QByteArray payload("hello\x00\xff", 7);
    QUdpSocket udp;
    QTcpSocket tcp;
    if (arguments.contains(QLatin1String("--udp"))) {
        QCOMPARE(udp.writeDatagram(payload, QHostAddress(connectTo), port), qint64(payload.size()));
    } else {
        tcp.connectToHost(QHostAddress(connectTo), port);
        QVERIFY(tcp.waitForConnected(5000));
        tcp.write(payload);
    }
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, payload, 10000);
    QVERIFY(!proc->finished());
}

void tst_ListenCommand::stdinGoesToEveryClient()
{
    quint16 port = 0;
    Proc *proc = startListener({}, &port);
    QVERIFY(port != 0);
    Client a, b;
    QVERIFY(a.connectTo(port));
    QVERIFY(b.connectTo(port));
    a.socket.write("A");
    QTRY_VERIFY_WITH_TIMEOUT(proc->out.contains('A'), 10000);
    b.socket.write("B");
    QTRY_VERIFY_WITH_TIMEOUT(proc->out.contains('B'), 10000); // both are accepted now
    proc->process->write("to everyone\n");
    QTRY_COMPARE_WITH_TIMEOUT(a.received, QByteArray("to everyone\n"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(b.received, QByteArray("to everyone\n"), 10000);
}

void tst_ListenCommand::endOfStdinDoesNotStop_data()
{
    QTest::addColumn<bool>("udp");

    QTest::newRow("TCP") << false;
    QTest::newRow("UDP") << true;
}

void tst_ListenCommand::endOfStdinDoesNotStop()
{
    QFETCH(bool, udp);

    quint16 port = 0;
    Proc *proc
        = startListener(udp ? args({"--udp", "--bind", "127.0.0.1"}) : args({"--bind", "127.0.0.1"}), &port);
    QVERIFY(port != 0);
    proc->process->closeWriteChannel();
    for (const char *message : {"first", "second"}) {
        QUdpSocket udpClient;
        Client tcpClient;
        if (udp) {
            udpClient.writeDatagram(message, QHostAddress::LocalHost, port);
        } else {
            QVERIFY(tcpClient.connectTo(port));
            tcpClient.socket.write(message);
        }
        QTRY_VERIFY_WITH_TIMEOUT(proc->out.endsWith(message), 10000);
    }
    QVERIFY2(!proc->process->waitForFinished(300), proc->err.constData());
    QCOMPARE(proc->out, QByteArray("firstsecond"));
}

void tst_ListenCommand::udpStdinGoesToMostRecentSender()
{
    quint16 port = 0;
    Proc *proc = startListener(args({"--udp", "--bind", "127.0.0.1"}), &port);
    QVERIFY(port != 0);
    QUdpSocket a, b;
    QVERIFY(a.bind(QHostAddress::LocalHost, 0));
    QVERIFY(b.bind(QHostAddress::LocalHost, 0));
    a.writeDatagram("a", QHostAddress::LocalHost, port);
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray("a"), 10000);
    b.writeDatagram("b", QHostAddress::LocalHost, port);
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray("ab"), 10000);
    proc->process->write("reply");
    QTRY_VERIFY_WITH_TIMEOUT(b.hasPendingDatagrams(), 10000);
    QCOMPARE(readDatagram(b), QByteArray("reply"));
    // a is no longer the most recent sender; once it is again, it gets what follows, and only that.
    a.writeDatagram("a2", QHostAddress::LocalHost, port);
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray("aba2"), 10000);
    proc->process->write("second");
    QTRY_VERIFY_WITH_TIMEOUT(a.hasPendingDatagrams(), 10000);
    QCOMPARE(readDatagram(a), QByteArray("second"));
    QVERIFY(!a.hasPendingDatagrams());
    QVERIFY(!b.hasPendingDatagrams());
}

void tst_ListenCommand::udpJoinReceivesGroupDatagrams()
{
    // Joined on lo before the listener starts; the sender leaves by lo as well.
    quint16 port = 0;
    Proc *proc = startListener(
        args({"--udp", "-v", "--join", "239.1.2.3", "--join", "239.1.2.4", "--iface", "lo"}), &port);
    QVERIFY2(port != 0, proc->err.constData());
    QTRY_VERIFY2_WITH_TIMEOUT(proc->err.contains("joined 239.1.2.4 on lo"), proc->err.constData(), 10000);
    QVERIFY2(proc->err.contains("joined 239.1.2.3 on lo"), proc->err.constData());
    QStringList sendArguments = args(
        {"connect", "--udp", "239.1.2.4", "PORT", "--iface", "lo", "--send", "to the group", "--wait", "0"});
    sendArguments[3] = QString::number(port);
    Proc *sender = m_procs.sockpit(sendArguments);
    QVERIFY(waitEnd(sender, 10000));
    QVERIFY2(sender->process->exitCode() == 0, sender->err.constData());
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray("to the group"), 10000);
    // A datagram from a group sender ends nothing: the listener goes on.
    QVERIFY(!proc->finished());
}

void tst_ListenCommand::echoToSenderOnly_data()
{
    QTest::addColumn<bool>("udp");

    QTest::newRow("TCP") << false;
    QTest::newRow("UDP") << true;
}

void tst_ListenCommand::echoToSenderOnly()
{
    QFETCH(bool, udp);

    quint16 port = 0;
    Proc *proc = startListener(udp ? args({"--udp", "--echo"}) : args({"--echo"}), &port);
    QVERIFY(port != 0);
    if (udp) {
        QUdpSocket a, b;
        QVERIFY(a.bind(QHostAddress::LocalHost, 0));
        QVERIFY(b.bind(QHostAddress::LocalHost, 0));
        a.writeDatagram("one", QHostAddress::LocalHost, port);
        QTRY_VERIFY_WITH_TIMEOUT(a.hasPendingDatagrams(), 10000);
        QCOMPARE(readDatagram(a), QByteArray("one"));
        b.writeDatagram("two", QHostAddress::LocalHost, port);
        QTRY_VERIFY_WITH_TIMEOUT(b.hasPendingDatagrams(), 10000);
        QCOMPARE(readDatagram(b), QByteArray("two"));
        a.writeDatagram("three", QHostAddress::LocalHost, port);
        QTRY_VERIFY_WITH_TIMEOUT(a.hasPendingDatagrams(), 10000);
        QCOMPARE(readDatagram(a), QByteArray("three")); // not "two": b's echo went to b only
        QVERIFY(!a.hasPendingDatagrams());
        QVERIFY(!b.hasPendingDatagrams());
    } else {
        Client a, b;
        QVERIFY(a.connectTo(port));
        QVERIFY(b.connectTo(port));
        a.socket.write("one");
        QTRY_COMPARE_WITH_TIMEOUT(a.received, QByteArray("one"), 10000);
        b.socket.write("two");
        QTRY_COMPARE_WITH_TIMEOUT(b.received, QByteArray("two"), 10000);
        a.socket.write("three");
        // Had b's echo gone to a as well, it would come before "three" on a's stream.
        QTRY_COMPARE_WITH_TIMEOUT(a.received, QByteArray("onethree"), 10000);
        QCOMPARE(b.received, QByteArray("two"));
    }
    // Received bytes still go to standard output.
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray("onetwothree"), 10000);
}

void tst_ListenCommand::checkReportsBadMessages_data()
{
    QTest::addColumn<bool>("udp");

    QTest::newRow("UDP") << true;
    QTest::newRow("TCP framed by lines") << false;
}

void tst_ListenCommand::checkReportsBadMessages()
{
    QFETCH(bool, udp);

    quint16 port = 0;
    // [0x02] text [CRC-16/MODBUS, low byte first] [0x03], and LF on TCP.
    Proc *proc
        = startListener(udp ? args({"--udp", "--check", "crc16-modbus", "--check-skip", "1,1"})
                            : args({"--framing", "lines", "--check", "crc16-modbus", "--check-skip", "1,1"}),
            &port);
    QVERIFY(port != 0);
    const QByteArray good = "\x02"
        + sockpit::appendChecksum(
            "ping", {sockpit::ChecksumKind::Crc16Modbus, sockpit::ByteOrder::LittleEndian})
        + "\x03";
    QByteArray bad = good;
    bad[1] = 'P';
    const QList<QByteArray> messages {good, bad, good};
    QByteArray sent;
    if (udp) {
        QUdpSocket peer;
        for (const QByteArray &message : messages) {
            peer.writeDatagram(message, QHostAddress::LocalHost, port);
            sent += message;
            QTRY_COMPARE_WITH_TIMEOUT(proc->out, sent, 10000); // one at a time: datagrams may be reordered
        }
    } else {
        Client client;
        QVERIFY(client.connectTo(port));
        for (const QByteArray &message : messages)
            sent += message + '\n';
        client.socket.write(sent);
        QTRY_COMPARE_WITH_TIMEOUT(proc->out, sent, 10000);
    }
    // Each bad message is said at once, on standard error, whether or not -v is given.
    QTRY_VERIFY_WITH_TIMEOUT(proc->err.contains("bad checksum"), 10000);
    proc->signal(SIGTERM);
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 0);
    QCOMPARE(proc->err.count("bad checksum"), 1);
    QVERIFY2(proc->err.contains("bad checksum: CRC-16/MODBUS of the message is 0x"), proc->err.constData());
    QVERIFY2(proc->err.contains("sockpit: checksums: 1 of 3 checked messages bad\n"), proc->err.constData());
    QCOMPARE(proc->out, sent); // standard output is not filtered
}

void tst_ListenCommand::rulesAnswerMatches_data()
{
    QTest::addColumn<bool>("udp");

    QTest::newRow("TCP") << false;
    QTest::newRow("UDP") << true;
}

void tst_ListenCommand::rulesAnswerMatches()
{
    QFETCH(bool, udp);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString rules = dir.filePath(QStringLiteral("rules.json"));
    QVERIFY(writeFile(rules,
        R"({"rules": [{"match": "exact", "pattern": "PING", "reply": "PONG\\r\\n"},
                      {"match": "hex", "pattern": "01 03", "replyKind": "hex", "reply": "01 83 02"}]})"));
    quint16 port = 0;
    Proc *proc = startListener(udp ? args({"--udp", "--rules"}) << rules : args({"--rules"}) << rules, &port);
    QVERIFY2(port != 0, proc->err.constData());
    if (udp) {
        QUdpSocket a;
        QVERIFY(a.bind(QHostAddress::LocalHost, 0));
        a.writeDatagram("PING", QHostAddress::LocalHost, port);
        QTRY_VERIFY_WITH_TIMEOUT(a.hasPendingDatagrams(), 10000);
        QCOMPARE(readDatagram(a), QByteArray("PONG\r\n"));
        a.writeDatagram("nothing", QHostAddress::LocalHost, port);
        a.writeDatagram(QByteArray("\x01\x03", 2), QHostAddress::LocalHost, port);
        QTRY_VERIFY_WITH_TIMEOUT(a.hasPendingDatagrams(), 10000);
        QCOMPARE(readDatagram(a), QByteArray("\x01\x83\x02")); // "nothing" got no answer
    } else {
        Client a;
        QVERIFY(a.connectTo(port));
        a.socket.write("PING");
        QTRY_COMPARE_WITH_TIMEOUT(a.received, QByteArray("PONG\r\n"), 10000);
        a.socket.write("nothing");
        QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray("PINGnothing"), 10000);
        a.socket.write(QByteArray("\x01\x03", 2));
        QTRY_COMPARE_WITH_TIMEOUT(a.received, QByteArray("PONG\r\n\x01\x83\x02"), 10000);
    }
}

void tst_ListenCommand::badRulesFileExitsTwo_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("message");

    QTest::newRow("not JSON") << QByteArray("{\"rules\": [") << QStringLiteral("JSON");
    QTest::newRow("bad regex") << QByteArray(
        R"({"rules": [{"match": "regex", "pattern": "a(", "reply": "x"}]})")
                               << QStringLiteral("rule 1");
    QTest::newRow("bad hex reply") << QByteArray(
        R"({"rules": [{"pattern": "a", "reply": "x"}, {"pattern": "b", "replyKind": "hex", "reply": "5"}]})")
                                   << QStringLiteral("rule 2");
}

void tst_ListenCommand::badRulesFileExitsTwo()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString rules = dir.filePath(QStringLiteral("rules.json"));
    QVERIFY(writeFile(rules, contents));
    Proc *proc = m_procs.sockpit(args({"listen", "0", "--rules"}) << rules);
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 2);
    const QString err = QString::fromUtf8(proc->err);
    QVERIFY2(err.contains(QLatin1String("--rules")) && err.contains(message), qPrintable(err));
    QVERIFY2(!err.contains(QLatin1String("listening on")), qPrintable(err));

    // A file that is not there is a system failure: exit 1.
    proc = m_procs.sockpit(args({"listen", "0", "--rules"}) << dir.filePath(QStringLiteral("missing.json")));
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 1);
    QVERIFY2(proc->err.contains("--rules"), proc->err.constData());
}

void tst_ListenCommand::maxClientsRefusesFurther_data()
{
    QTest::addColumn<int>("maxClients");

    QTest::newRow("--max-clients 1") << 1;
    QTest::newRow("--max-clients 2") << 2;
}

void tst_ListenCommand::maxClientsRefusesFurther()
{
    QFETCH(int, maxClients);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString record = dir.filePath(QStringLiteral("listen.jsonl"));
    quint16 port = 0;
    Proc *proc = startListener(
        args({"--max-clients"}) << QString::number(maxClients) << QStringLiteral("--record") << record,
        &port);
    QVERIFY(port != 0);
    std::vector<std::unique_ptr<Client>> admitted;
    QByteArray expected;
    for (int i = 0; i < maxClients; ++i) {
        admitted.push_back(std::make_unique<Client>());
        QVERIFY(admitted.back()->connectTo(port));
        const QByteArray marker = QByteArray::number(i);
        admitted.back()->socket.write(marker);
        expected += marker;
        QTRY_COMPARE_WITH_TIMEOUT(proc->out, expected, 10000);
    }
    // One more: the connection completes (accepted) and is closed at once.
    Client extra;
    QVERIFY(extra.connectTo(port));
    QTRY_COMPARE_WITH_TIMEOUT(extra.socket.state(), QAbstractSocket::UnconnectedState, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(proc->err.contains("refused"), 10000);
    // The admitted clients are still served.
    admitted.front()->socket.write("x");
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray(expected + "x"), 10000);

    proc->process->terminate();
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 0);
    QList<QJsonObject> lines;
    const QString problem = readRecord(record, &lines);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    int refused = 0;
    for (const QJsonObject &line : lines)
        refused += line.value(QLatin1String("event")).toString() == QLatin1String("refused") ? 1 : 0;
    QCOMPARE(refused, 1);
}

void tst_ListenCommand::chatRoomPassesLinesAndStdinTalks()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString record = dir.filePath(QStringLiteral("room.jsonl"));
    quint16 port = 0;
    Proc *proc = startListener({S("--chat"), S("--name"), S("desk"), S("--record"), record}, &port);
    QVERIFY(port != 0);
    // Standard input may talk before anyone is there (a newcomer gets it as history) or after.
    proc->process->write("good morning\n");
    Client a, b;
    QVERIFY(a.connectTo(port));
    QTRY_VERIFY_WITH_TIMEOUT(a.received.contains("* welcome, you are user1; here: desk, user1"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(a.received.contains("<desk> good morning\n"), 10000);
    QVERIFY(b.connectTo(port));
    QTRY_VERIFY_WITH_TIMEOUT(a.received.contains("* user2 joined\n"), 10000);
    a.socket.write("hello b\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(b.received.contains("<user1> hello b\n"), 10000);
    // A line written in two pieces is said once, whole.
    proc->process->write("to every");
    proc->process->waitForBytesWritten(1000);
    proc->process->write("one\n");
    QTRY_VERIFY_WITH_TIMEOUT(a.received.contains("<desk> to everyone\n"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(b.received.contains("<desk> to everyone\n"), 10000);
    QVERIFY(!a.received.contains("<user1>"));
    // Standard output still gets the bytes the clients sent, unchanged.
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray("hello b\r\n"), 10000);
    proc->signal(SIGTERM);
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 0);
    QFile file(record);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(text.contains(R"("name":"user1","len":9)"), text.constData());
    QVERIFY2(text.contains(R"("conn":0,"dir":"out","peer":"","local":"","name":"desk")"), text.constData());
}

QTEST_GUILESS_MAIN(tst_ListenCommand)
#include "tst_listencommand.moc"
