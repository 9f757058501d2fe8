// -x/--hex-dump on the headless commands: every byte received and sent, as a hex dump on standard
// error, read back here and compared with what passed. Real processes, real sockets on loopback.

#include "clitestutil.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace clitest;

namespace {

// What a dump holds, per direction: the bytes of its '<' (received) and '>' (sent) blocks, the
// number of blocks, and the lines that are neither (diagnostics such as "sockpit: listening on").
struct Dump
{
    QByteArray in;
    QByteArray out;
    int inBlocks = 0;
    int outBlocks = 0;
    QList<QByteArray> other;
    bool wellFormed = true;
};

Dump readDump(const QByteArray &err)
{
    Dump dump;
    QByteArray *current = nullptr;
    qsizetype expectedOffset = 0;
    for (const QByteArray &line : err.split('\n')) {
        if (line.isEmpty())
            continue;
        if (line.startsWith("< ") || line.startsWith("> ")) {
            const bool in = line.at(0) == '<';
            current = in ? &dump.in : &dump.out;
            (in ? dump.inBlocks : dump.outBlocks) += 1;
            expectedOffset = 0;
            continue;
        }
        if (line.startsWith("  ") && current) {
            // "  00000010  48 6f ...  |Host|": the offset counts on from 0 within each block.
            if (line.mid(2, 8).toLongLong(nullptr, 16) != expectedOffset || !line.endsWith('|'))
                dump.wellFormed = false;
            const QByteArray bytes = QByteArray::fromHex(line.mid(12, 49).replace(' ', ""));
            expectedOffset += bytes.size();
            *current += bytes;
            continue;
        }
        current = nullptr;
        dump.other.append(line);
    }
    return dump;
}

} // namespace

class tst_HexDump : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { m_procs.killAll(); }
    void bothEndsDumpWhatPasses();
    void nothingIsLeftOutOfALargeTransfer();
    void dumpBesideARecording();
    void relayDumpsBothDirections();
    void datagramsAreDumpedWhole();

private:
    Proc *startListener(const QStringList &arguments, quint16 *port)
    {
        Proc *proc = m_procs.sockpit(args({"listen"}) + arguments + args({"0"}));
        (void)QTest::qWaitFor([proc] { return listeningPort(proc->err) != 0 || proc->finished(); }, 10000);
        *port = listeningPort(proc->err);
        return proc;
    }

    Processes m_procs;
};

void tst_HexDump::bothEndsDumpWhatPasses()
{
    quint16 port = 0;
    Proc *server = startListener(args({"--echo", "-x"}), &port);
    QVERIFY(port != 0);
    Proc *client = m_procs.sockpit(args({"connect", "127.0.0.1"}) + QStringList {QString::number(port)}
        + args({"--send", "hello, dump", "-x"}));
    QVERIFY(waitEnd(client, 10000));
    QCOMPARE(client->process->exitCode(), 0);
    QCOMPARE(client->out, QByteArray("hello, dump")); // standard output is unchanged

    const Dump sent = readDump(client->err);
    QVERIFY(sent.wellFormed);
    QCOMPARE(sent.out, QByteArray("hello, dump"));
    QCOMPARE(sent.in, QByteArray("hello, dump"));
    QVERIFY2(sent.other.isEmpty(), sent.other.join('\n').constData()); // no -v: nothing else
    // The block's header names the time, the connection, the peer and the length.
    const QByteArray header = client->err.left(client->err.indexOf('\n'));
    QVERIFY2(QRegularExpression(QStringLiteral("^> \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}  #1  "
                                               "127\\.0\\.0\\.1:%1  11 bytes$")
                                    .arg(port))
                 .match(QString::fromUtf8(header))
                 .hasMatch(),
        header.constData());
    QVERIFY(client->err.contains("  00000000  68 65 6c 6c 6f 2c 20 64  75 6d 70 "));
    QVERIFY(client->err.contains("|hello, dump|\n"));

    QTRY_COMPARE_WITH_TIMEOUT(readDump(server->err).out, QByteArray("hello, dump"), 10000);
    const Dump served = readDump(server->err);
    QVERIFY(served.wellFormed);
    QCOMPARE(served.in, QByteArray("hello, dump"));
}

void tst_HexDump::nothingIsLeftOutOfALargeTransfer()
{
    // 1 MiB of every byte value, sent from a file: the dump holds every byte, in order (a file goes
    // through the read path, not sendfile, once its bytes are looked at).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray data = everyByte(1 << 20);
    const QString file = dir.filePath(QStringLiteral("data.bin"));
    QVERIFY(writeFile(file, data));
    quint16 port = 0;
    Proc *server = startListener(args({"-v"}), &port);
    QVERIFY(port != 0);
    Proc *client = m_procs.sockpit(args({"connect", "127.0.0.1"}) + QStringList {QString::number(port)}
        + args({"--send-file"}) + QStringList {file} + args({"-x", "--wait", "300"}));
    QVERIFY(waitEnd(client, 30000));
    QCOMPARE(client->process->exitCode(), 0);
    const Dump dump = readDump(client->err);
    QVERIFY(dump.wellFormed);
    QCOMPARE(dump.out.size(), data.size());
    QVERIFY(dump.out == data);
    QVERIFY(dump.in.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(server->out.size(), data.size(), 10000);
}

void tst_HexDump::dumpBesideARecording()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString record = dir.filePath(QStringLiteral("rec.jsonl"));
    quint16 port = 0;
    Proc *server = startListener(args({"--echo"}), &port);
    QVERIFY(port != 0);
    Proc *client = m_procs.sockpit(args({"connect", "127.0.0.1"}) + QStringList {QString::number(port)}
        + args({"--send", "abc", "--repeat", "3", "--interval", "0", "-x", "--record"})
        + QStringList {record});
    QVERIFY(waitEnd(client, 10000));
    QCOMPARE(client->process->exitCode(), 0);
    const Dump dump = readDump(client->err);
    QCOMPARE(dump.out, QByteArray("abcabcabc"));
    QCOMPARE(dump.in, QByteArray("abcabcabc"));
    QList<QJsonObject> lines;
    const QString problem = readRecord(record, &lines);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QByteArray recordedOut;
    int outEvents = 0;
    for (const QJsonObject &line : lines) {
        if (line.value(QStringLiteral("dir")).toString() == QLatin1String("out")) {
            recordedOut += QByteArray::fromHex(line.value(QStringLiteral("hex")).toString().toLatin1());
            ++outEvents;
        }
    }
    QCOMPARE(recordedOut, QByteArray("abcabcabc"));
    QCOMPARE(outEvents, dump.outBlocks); // one block per event, as in the recording
    (void)server;
}

void tst_HexDump::relayDumpsBothDirections()
{
    quint16 targetPort = 0;
    startListener(args({"--echo"}), &targetPort);
    QVERIFY(targetPort != 0);
    Proc *relay = m_procs.sockpit(args({"relay", "--bind", "127.0.0.1", "0", "127.0.0.1"})
        + QStringList {QString::number(targetPort)} + args({"-x"}));
    QTRY_VERIFY_WITH_TIMEOUT(listeningPort(relay->err) != 0 || relay->finished(), 10000);
    const quint16 relayPort = listeningPort(relay->err);
    QVERIFY(relayPort != 0);
    Proc *client = m_procs.sockpit(args({"connect", "127.0.0.1"}) + QStringList {QString::number(relayPort)}
        + args({"--send", "through"}));
    QVERIFY(waitEnd(client, 10000));
    QCOMPARE(client->out, QByteArray("through"));
    // A relay's "in" is what the client sent, its "out" what the target answered.
    QTRY_COMPARE_WITH_TIMEOUT(readDump(relay->err).out, QByteArray("through"), 10000);
    QCOMPARE(readDump(relay->err).in, QByteArray("through"));
}

void tst_HexDump::datagramsAreDumpedWhole()
{
    quint16 port = 0;
    Proc *server = startListener(args({"--udp", "-x"}), &port);
    QVERIFY(port != 0);
    Proc *client
        = m_procs.sockpit(args({"connect", "--udp", "127.0.0.1"}) + QStringList {QString::number(port)}
            + args({"--send", "{counter}", "--repeat", "3", "--interval", "1", "--wait", "100"}));
    QVERIFY(waitEnd(client, 10000));
    QTRY_COMPARE_WITH_TIMEOUT(readDump(server->err).inBlocks, 3, 10000);
    QCOMPARE(readDump(server->err).in, QByteArray("123"));
}

QTEST_MAIN(tst_HexDump)
#include "tst_hexdump.moc"
