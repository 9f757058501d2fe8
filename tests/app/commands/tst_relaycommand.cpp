// `sockpit relay` as a process between `sockpit connect` and `sockpit listen --echo`: the bytes pass
// both ways unchanged, the recording names both peers of every message, standard output stays
// quiet, the end by signal finishes the recording, and a port in use exits 1.

#include "clitestutil.h"

#include <QTemporaryDir>
#include <QTest>

using namespace clitest;

class tst_RelayCommand : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { m_procs.killAll(); }

    void relaysAndRecordsBothPeers_data();
    void relaysAndRecordsBothPeers();
    void portInUseExitsOne();
    void unreachableTargetKeepsRelaying();

private:
    // Starts a sockpit command that prints "listening on ADDR:PORT" and returns once it has.
    Proc *startListening(const QStringList &arguments, quint16 *port)
    {
        Proc *proc = m_procs.sockpit(arguments);
        (void)QTest::qWaitFor([proc] { return listeningPort(proc->err) != 0 || proc->finished(); }, 10000);
        *port = listeningPort(proc->err);
        return proc;
    }

    Processes m_procs;
};

void tst_RelayCommand::relaysAndRecordsBothPeers_data()
{
    QTest::addColumn<bool>("udp");
    QTest::newRow("TCP") << false;
    QTest::newRow("UDP") << true;
}

void tst_RelayCommand::relaysAndRecordsBothPeers()
{
    QFETCH(bool, udp);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString record = dir.filePath(QStringLiteral("relay.jsonl"));
    const QStringList udpFlag = udp ? args({"--udp"}) : QStringList();

    quint16 echoPort = 0;
    startListening(args({"listen", "--echo", "--bind", "127.0.0.1"}) + udpFlag + args({"0"}), &echoPort);
    QVERIFY(echoPort != 0);
    quint16 relayPort = 0;
    Proc *relay = startListening(args({"relay", "--bind", "127.0.0.1"}) + udpFlag
            << S("--record") << record << S("0") << S("127.0.0.1") << QString::number(echoPort),
        &relayPort);
    QVERIFY2(relayPort != 0, relay->err.constData());
    QVERIFY2(relay->err.contains(QByteArray("relaying to 127.0.0.1:" + QByteArray::number(echoPort))),
        relay->err.constData());

    Proc *client = m_procs.sockpit(args({"connect", "--wait", "1000"}) + udpFlag
        << S("127.0.0.1") << QString::number(relayPort) << S("--send") << S("hello through the relay"));
    QVERIFY(waitEnd(client, 15000));
    QCOMPARE(client->process->exitCode(), 0);
    QCOMPARE(client->out, QByteArray("hello through the relay"));

    relay->signal(SIGTERM);
    QVERIFY2(waitEnd(relay, 10000), "relay did not end on SIGTERM");
    QCOMPARE(relay->process->exitCode(), 0);
    QVERIFY2(relay->out.isEmpty(), relay->out.constData()); // what passes through is not printed

    QList<QJsonObject> lines;
    const QString problem = readRecord(record, &lines);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QString upstream = QStringLiteral("127.0.0.1:%1").arg(echoPort);
    QByteArray in, out;
    QString clientPeer;
    for (const QJsonObject &line : std::as_const(lines)) {
        QVERIFY(line.value(QLatin1String("session"))
                    .toString()
                    .startsWith(udp ? S("udp-relay ") : S("tcp-relay ")));
        const QString dir = line.value(QLatin1String("dir")).toString();
        if (dir != QLatin1String("in") && dir != QLatin1String("out"))
            continue;
        QCOMPARE(line.value(QLatin1String("upstream")).toString(), upstream);
        const QString peer = line.value(QLatin1String("peer")).toString();
        QVERIFY(peer.startsWith(QStringLiteral("127.0.0.1:")));
        if (clientPeer.isEmpty())
            clientPeer = peer;
        QCOMPARE(peer, clientPeer); // both directions name the client as the peer
        const QByteArray bytes = QByteArray::fromHex(line.value(QLatin1String("hex")).toString().toLatin1());
        (dir == QLatin1String("in") ? in : out) += bytes;
    }
    QCOMPARE(in, QByteArray("hello through the relay"));
    QCOMPARE(out, QByteArray("hello through the relay"));
}

void tst_RelayCommand::portInUseExitsOne()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    Proc *relay = m_procs.sockpit(args({"relay", "--bind", "127.0.0.1"})
        << QString::number(taken.serverPort()) << S("127.0.0.1") << S("9"));
    QVERIFY(waitEnd(relay, 10000));
    QCOMPARE(relay->process->exitCode(), 1);
    QVERIFY2(relay->err.contains("already in use"), relay->err.constData());
}

void tst_RelayCommand::unreachableTargetKeepsRelaying()
{
    const quint16 closed = freeTcpPort();
    QVERIFY(closed != 0);
    quint16 relayPort = 0;
    Proc *relay = startListening(
        args({"relay", "--bind", "127.0.0.1", "0", "127.0.0.1"}) << QString::number(closed), &relayPort);
    QVERIFY(relayPort != 0);
    for (int i = 0; i < 2; ++i) {
        Proc *client = m_procs.sockpit(
            args({"connect", "127.0.0.1"}) << QString::number(relayPort) << S("--send") << S("anyone?"));
        QVERIFY(waitEnd(client, 15000));
        // Accepted, then closed by the relay: a FIN, or a reset when the bytes sent were still unread.
        QVERIFY(client->out.isEmpty());
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        relay->err.count(QByteArray("connection refused by 127.0.0.1:" + QByteArray::number(closed))) == 2,
        10000);
    QVERIFY(!relay->finished());
}

QTEST_GUILESS_MAIN(tst_RelayCommand)
#include "tst_relaycommand.moc"
