// `sockpit export-pcap` as a process: bad arguments and unreadable files, and real loopback
// conversations recorded by `sockpit listen --record`, exported, and read back by tshark, which must
// show exactly the bytes of both directions and report no bad checksum, malformed packet or warning.

#include "clitestutil.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace clitest;

namespace {

QString tshark()
{
    return QStandardPaths::findExecutable(QStringLiteral("tshark"));
}

// Runs tshark to its end (bounded) and returns its standard output; tshark's standard error (a warning
// when run as root) goes to *err.
QByteArray runTshark(const QStringList &arguments, QByteArray *err = nullptr, int *status = nullptr)
{
    QProcess process;
    process.start(tshark(), arguments);
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
    }
    if (err)
        *err = process.readAllStandardError();
    if (status)
        *status = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return process.readAllStandardOutput();
}

// The two directions of `tshark -z follow,PROTO,raw,0`: node 0 (the side of the first packet; for TCP
// the one that sent the SYN) and node 1 (lines indented by a tab).
bool followRaw(const QString &pcap, const char *protocol, QByteArray *node0, QByteArray *node1)
{
    const QByteArray out = runTshark(
        {S("-r"), pcap, S("-q"), S("-z"), S("follow,%1,raw,0").arg(QString::fromLatin1(protocol))});
    bool inside = false;
    int separators = 0;
    for (const QByteArray &line : out.split('\n')) {
        if (line.startsWith("=====")) {
            ++separators;
            continue;
        }
        if (separators != 1)
            continue;
        if (line.startsWith("Follow:") || line.startsWith("Filter:") || line.startsWith("Node ")) {
            inside = true;
            continue;
        }
        if (!inside || line.trimmed().isEmpty())
            continue;
        if (line.startsWith('\t'))
            *node1 += QByteArray::fromHex(line.trimmed());
        else
            *node0 += QByteArray::fromHex(line.trimmed());
    }
    return separators == 2;
}

// Packets tshark finds fault with: bad IP/TCP/UDP checksums, malformed packets, expert warnings/errors.
// The conversation's ports are decoded as plain data: a random port can be one that Wireshark gives to
// an application protocol, whose dissector would then complain about bytes that are not its own.
QByteArray complaints(const QString &pcap, const QList<quint16> &ports)
{
    QStringList arguments {S("-r"), pcap, S("-o"), S("ip.check_checksum:TRUE"), S("-o"),
        S("tcp.check_checksum:TRUE"), S("-o"), S("udp.check_checksum:TRUE")};
    for (const quint16 port : ports)
        arguments << S("-d") << S("tcp.port==%1,data").arg(port) << S("-d")
                  << S("udp.port==%1,data").arg(port);
    arguments
        << S("-Y")
        << S("ip.checksum.status == \"Bad\" || tcp.checksum.status == \"Bad\" "
             "|| udp.checksum.status == \"Bad\" || _ws.malformed || _ws.expert.severity >= \"Warning\"");
    return runTshark(arguments);
}

int frameCount(const QString &pcap)
{
    const QByteArray out = runTshark({S("-r"), pcap, S("-T"), S("fields"), S("-e"), S("frame.number")});
    return int(out.count('\n'));
}

// A copy of the pcap with one byte of the last packet changed: tshark must complain about it, which
// shows that complaints() can fail.
bool corruptLastByte(const QString &from, const QString &to)
{
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly))
        return false;
    QByteArray bytes = in.readAll();
    bytes[bytes.size() - 1] = char(bytes[bytes.size() - 1] ^ 0x5a);
    return writeFile(to, bytes);
}

bool waitOutput(Proc *proc, const QByteArray &what, QByteArray Proc::*stream, int timeoutMs = 10000)
{
    return QTest::qWaitFor([&] { return (proc->*stream).contains(what); }, timeoutMs);
}

} // namespace

class tst_ExportPcap : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup() { m_procs.killAll(); }

    void badArguments_data();
    void badArguments();
    void help();
    void unreadableInput_data();
    void unreadableInput();
    void unwritableOutput();
    void badLinesReportedRestExported();
    void tcpConversation_data();
    void tcpConversation();
    void udpConversation();

private:
    int run(const QStringList &arguments, QByteArray *err = nullptr, QByteArray *out = nullptr);

    Processes m_procs;
    QTemporaryDir m_dir;
};

void tst_ExportPcap::init()
{
    QVERIFY(m_dir.isValid());
}

int tst_ExportPcap::run(const QStringList &arguments, QByteArray *err, QByteArray *out)
{
    Proc *proc = m_procs.sockpit(QStringList {S("export-pcap")} + arguments);
    if (!waitEnd(proc, 30000))
        return -1;
    if (err)
        *err = proc->err;
    if (out)
        *out = proc->out;
    return proc->process->exitStatus() == QProcess::NormalExit ? proc->process->exitCode() : -1;
}

void tst_ExportPcap::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("none") << QStringList() << S("export-pcap needs IN.jsonl and OUT.pcap");
    QTest::newRow("one") << args({"in.jsonl"}) << S("export-pcap needs IN.jsonl and OUT.pcap");
    QTest::newRow("three") << args({"a", "b", "c"}) << S("export-pcap needs IN.jsonl and OUT.pcap");
    QTest::newRow("unknown flag") << args({"--udp", "a", "b"}) << S("'udp'");
    QTest::newRow("empty name") << args({"", "b"}) << S("non-empty");
}

void tst_ExportPcap::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QByteArray err;
    QCOMPARE(run(arguments, &err), 2);
    QVERIFY2(err.contains(message.toUtf8()), err.constData());
}

void tst_ExportPcap::help()
{
    QByteArray out;
    QCOMPARE(run(args({"--help"}), nullptr, &out), 0);
    QVERIFY(out.contains("Usage: sockpit export-pcap IN.jsonl OUT.pcap"));
}

void tst_ExportPcap::unreadableInput_data()
{
    QTest::addColumn<QByteArray>("content"); // empty: no file at all
    QTest::addColumn<QString>("message");
    QTest::newRow("missing") << QByteArray() << S("cannot open");
    QTest::newRow("not a recording") << QByteArray("hello\nworld\n") << S("holds no readable record");
}

void tst_ExportPcap::unreadableInput()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const QString in = m_dir.filePath(S("in.jsonl"));
    QFile::remove(in);
    if (!content.isEmpty())
        QVERIFY(writeFile(in, content));
    const QString out = m_dir.filePath(S("out.pcap"));
    QFile::remove(out);
    QByteArray err;
    QCOMPARE(run({in, out}, &err), 1);
    QVERIFY2(err.contains(message.toUtf8()), err.constData());
    QVERIFY(!QFile::exists(out));
}

void tst_ExportPcap::unwritableOutput()
{
    const QString in = m_dir.filePath(S("in.jsonl"));
    QVERIFY(writeFile(in, QByteArray()));
    QByteArray err;
    QCOMPARE(run({in, m_dir.filePath(S("no/such/dir/out.pcap"))}, &err), 1);
    QVERIFY2(err.contains("cannot write"), err.constData());
}

void tst_ExportPcap::badLinesReportedRestExported()
{
    const QString in = m_dir.filePath(S("in.jsonl"));
    QVERIFY(writeFile(in,
        "{\"t\":\"2026-11-24T15:20:01.000001Z\",\"session\":\"udp 127.0.0.1:9000\",\"conn\":1,\"dir\":\"in\","
        "\"peer\":\"127.0.0.1:5000\",\"local\":\"127.0.0.1:9000\",\"len\":2,\"hex\":\"6869\"}\n"
        "not json\n"
        "{\"t\":\"2026-11-24T15:20:01.000002Z\",\"conn\":1,\"dir\":\"out\"}\n"
        "{\"t\":\"2026-11-24T15:20:01.000003Z\",\"session\":\"udp "
        "127.0.0.1:9000\",\"conn\":1,\"dir\":\"out\","
        "\"peer\":\"127.0.0.1:5000\",\"local\":\"127.0.0.1:9000\",\"len\":2,\"hex\":\"796f\"}\n"
        "{\"t\":\"2026-11-24T15:20:01.0000"));
    const QString out = m_dir.filePath(S("out.pcap"));
    QByteArray err;
    QCOMPARE(run({in, out}, &err), 0);
    QVERIFY2(err.contains("line 2: not JSON"), err.constData());
    QVERIFY2(err.contains("line 3: missing or invalid field \"hex\""), err.constData());
    QVERIFY2(err.contains("line 5: the last line is cut off"), err.constData());
    QVERIFY2(!err.contains("line 1:") && !err.contains("line 4:"), err.constData());
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    // Header, then two packets of 16 + 20 (IPv4) + 8 (UDP) + 2 bytes.
    QCOMPARE(file.size(), qint64(24 + 2 * (16 + 20 + 8 + 2)));
}

void tst_ExportPcap::tcpConversation_data()
{
    QTest::addColumn<QString>("bind");
    QTest::addColumn<QString>("host");
    QTest::newRow("IPv4") << S("127.0.0.1") << S("127.0.0.1");
    QTest::newRow("IPv6") << S("::1") << S("::1");
}

void tst_ExportPcap::tcpConversation()
{
    if (tshark().isEmpty())
        QSKIP("tshark is not installed (scripts/setup.sh --test installs it)");
    QFETCH(QString, bind);
    QFETCH(QString, host);
    const QString record = m_dir.filePath(S("tcp.jsonl"));
    Proc *listener
        = m_procs.sockpit({S("listen"), S("-v"), S("--bind"), bind, S("0"), S("--record"), record});
    QTRY_VERIFY_WITH_TIMEOUT(listeningPort(listener->err) != 0, 10000);
    const quint16 port = listeningPort(listener->err);
    const quint16 clientPort = freeTcpPort();
    QVERIFY(clientPort != 0);
    Proc *client = m_procs.sockpit(
        {S("connect"), S("--local-port"), QString::number(clientPort), host, QString::number(port)});
    QVERIFY(waitOutput(listener, "accepted", &Proc::err));

    // Both directions, every byte value, more than one TCP segment's worth from the client.
    QByteArray fromClient = "hello from the client\n";
    for (int i = 0; i < 200000; ++i)
        fromClient += char(i * 31 + i / 256);
    QByteArray fromServer("reply\0\xff\r\n", 9);
    client->process->write(fromClient);
    QTRY_COMPARE_WITH_TIMEOUT(listener->out.size(), fromClient.size(), 20000);
    QCOMPARE(listener->out, fromClient);
    listener->process->write(fromServer);
    QTRY_COMPARE_WITH_TIMEOUT(client->out, fromServer, 10000);
    // The ends of both inputs: the client half-closes, then the listener, whose input ended, closes.
    listener->process->closeWriteChannel();
    client->process->closeWriteChannel();
    QVERIFY(waitEnd(client, 10000));
    QCOMPARE(client->process->exitCode(), 0);
    listener->signal(SIGINT);
    QVERIFY(waitEnd(listener, 10000));
    QCOMPARE(listener->process->exitCode(), 0);

    const QString pcap = m_dir.filePath(S("tcp.pcap"));
    QByteArray err;
    QCOMPARE(run({record, pcap}, &err), 0);
    QVERIFY2(err.isEmpty(), err.constData());
    QVERIFY(frameCount(pcap) > 8);
    QByteArray node0;
    QByteArray node1;
    QVERIFY(followRaw(pcap, "tcp", &node0, &node1));
    QCOMPARE(node0.size(), fromClient.size());
    QCOMPARE(node0, fromClient); // node 0 sent the SYN: the client
    QCOMPARE(node1, fromServer);
    const QByteArray faults = complaints(pcap, QList<quint16> {port, clientPort});
    QVERIFY2(faults.isEmpty(), faults.constData());
    // The same check finds a changed byte.
    const QString broken = m_dir.filePath(S("broken.pcap"));
    QVERIFY(corruptLastByte(pcap, broken));
    QVERIFY(!complaints(broken, QList<quint16> {port, clientPort}).isEmpty());
}

void tst_ExportPcap::udpConversation()
{
    if (tshark().isEmpty())
        QSKIP("tshark is not installed (scripts/setup.sh --test installs it)");
    const QString record = m_dir.filePath(S("udp.jsonl"));
    Proc *listener = m_procs.sockpit(
        {S("listen"), S("--udp"), S("--bind"), S("127.0.0.1"), S("0"), S("--record"), record});
    QTRY_VERIFY_WITH_TIMEOUT(listeningPort(listener->err) != 0, 10000);
    const quint16 port = listeningPort(listener->err);
    const quint16 clientPort = freeUdpPort();
    QVERIFY(clientPort != 0);
    Proc *client = m_procs.sockpit({S("connect"), S("--udp"), S("--wait"), S("100"), S("--local-port"),
        QString::number(clientPort), S("127.0.0.1"), QString::number(port)});
    const QByteArray ping("ping\0\x01\xfe", 7);
    const QByteArray pong("pong\xff", 5);
    client->process->write(ping);
    QTRY_COMPARE_WITH_TIMEOUT(listener->out, ping, 10000);
    listener->process->write(pong);
    QTRY_COMPARE_WITH_TIMEOUT(client->out, pong, 10000);
    client->process->closeWriteChannel();
    QVERIFY(waitEnd(client, 10000));
    listener->signal(SIGINT);
    QVERIFY(waitEnd(listener, 10000));

    const QString pcap = m_dir.filePath(S("udp.pcap"));
    QByteArray err;
    QCOMPARE(run({record, pcap}, &err), 0);
    QVERIFY2(err.isEmpty(), err.constData());
    QCOMPARE(frameCount(pcap), 2);
    QByteArray node0;
    QByteArray node1;
    QVERIFY(followRaw(pcap, "udp", &node0, &node1));
    QCOMPARE(node0, ping);
    QCOMPARE(node1, pong);
    const QByteArray faults = complaints(pcap, QList<quint16> {port, clientPort});
    QVERIFY2(faults.isEmpty(), faults.constData());
    const QString broken = m_dir.filePath(S("broken.pcap"));
    QVERIFY(corruptLastByte(pcap, broken));
    QVERIFY(!complaints(broken, QList<quint16> {port, clientPort}).isEmpty());
}

QTEST_GUILESS_MAIN(tst_ExportPcap)
#include "tst_exportpcap.moc"
