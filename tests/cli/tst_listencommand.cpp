// `sockpit listen` as a process: the `listening on` line for port 0, standard input to the clients,
// --echo, --max-clients, the end by SIGINT/SIGTERM with a finished recording.

#include "clitestutil.h"

#include <QFile>
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
    void signalEndsWithRecordFinished_data();
    void signalEndsWithRecordFinished();

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

void tst_ListenCommand::signalEndsWithRecordFinished_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<bool>("udp");

    QTest::newRow("TCP SIGINT") << int(SIGINT) << false;
    QTest::newRow("TCP SIGTERM") << int(SIGTERM) << false;
    QTest::newRow("UDP SIGINT") << int(SIGINT) << true;
    QTest::newRow("UDP SIGTERM") << int(SIGTERM) << true;
}

void tst_ListenCommand::signalEndsWithRecordFinished()
{
    QFETCH(int, signalNumber);
    QFETCH(bool, udp);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString record = dir.filePath(QStringLiteral("traffic.jsonl"));
    quint16 port = 0;
    QStringList arguments = args({"--bind", "127.0.0.1", "--record"}) << record;
    if (udp)
        arguments << QStringLiteral("--udp");
    Proc *proc = startListener(arguments, &port);
    QVERIFY(port != 0);
    constexpr int Messages = 200;
    QUdpSocket udpClient;
    Client tcpClient;
    if (!udp)
        QVERIFY(tcpClient.connectTo(port));
    QByteArray sent;
    for (int i = 0; i < Messages; ++i) {
        const QByteArray message = "message " + QByteArray::number(i) + '\n';
        sent += message;
        if (udp)
            udpClient.writeDatagram(message, QHostAddress::LocalHost, port);
        else
            tcpClient.socket.write(message);
        if (udp && i % 20 == 19) // stay within the socket's receive buffer
            QTRY_COMPARE_WITH_TIMEOUT(proc->out, sent, 10000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, sent, 10000);
    proc->signal(signalNumber);
    QVERIFY2(waitEnd(proc, 10000), "listen did not end on the signal");
    QCOMPARE(proc->process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(proc->process->exitCode(), 0);

    QList<QJsonObject> lines;
    const QString problem = readRecord(record, &lines); // every line whole, the last one too
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QByteArray recorded;
    for (const QJsonObject &line : lines) {
        if (line.value(QLatin1String("dir")).toString() != QLatin1String("in"))
            continue;
        QCOMPARE(line.value(QLatin1String("local")).toString(), QStringLiteral("127.0.0.1:%1").arg(port));
        const QByteArray bytes = QByteArray::fromHex(line.value(QLatin1String("hex")).toString().toLatin1());
        QCOMPARE(line.value(QLatin1String("len")).toInt(), int(bytes.size()));
        recorded += bytes;
    }
    QCOMPARE(recorded, sent);
}

QTEST_GUILESS_MAIN(tst_ListenCommand)
#include "tst_listencommand.moc"
