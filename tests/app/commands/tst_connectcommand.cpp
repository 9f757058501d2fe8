// `sockpit connect` as a process against peers the test controls: what is sent, the half-close at the
// end of input, when it exits (peer closed, --wait, UDP's default wait), --timeout, --repeat, --record
// and a closed standard output.

#include "clitestutil.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace clitest;

namespace {

const char *const RulesJson = R"({"rules": [{"match": "exact", "pattern": "PING", "reply": "PONG\\r\\n"},
                      {"match": "hex", "pattern": "01 03", "replyKind": "hex", "reply": "01 83 02"}]})";

QByteArray readDatagram(QUdpSocket &socket, QHostAddress *from = nullptr, quint16 *port = nullptr)
{
    QByteArray datagram(int(socket.pendingDatagramSize()), Qt::Uninitialized);
    socket.readDatagram(datagram.data(), datagram.size(), from, port);
    return datagram;
}

} // namespace

class tst_ConnectCommand : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { m_procs.killAll(); }

    void whatIsSentThenHalfClose_data();
    void whatIsSentThenHalfClose();
    void peerHalfClosesFirst_data();
    void peerHalfClosesFirst();
    void waitsForPeerOrQuiet_data();
    void waitsForPeerOrQuiet();
    void udpDefaultWait_data();
    void udpDefaultWait();
    void connectTimeout_data();
    void connectTimeout();
    void repeatInterval_data();
    void repeatInterval();
    void record_data();
    void record();
    void stdoutClosedEndsQuietly_data();
    void stdoutClosedEndsQuietly();
    void verboseReportsTotals();
    void rulesAnswerServer_data();
    void rulesAnswerServer();
    void badRulesFile();

private:
    Processes m_procs;
};

void tst_ConnectCommand::whatIsSentThenHalfClose_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QStringList>("extra"); // "FILE" stands for a file holding `fileBytes`
    QTest::addColumn<QByteArray>("input"); // written to standard input
    QTest::addColumn<bool>("closeInput");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray utf8 = QByteArray("h\xc3\xa9llo \xe2\x9c\x93 \xe4\xbd\xa0\xe5\xa5\xbd");
    QTest::newRow("--send UTF-8") << S("127.0.0.1") << args({"--send", utf8.constData()}) << QByteArray()
                                  << true << utf8;
    QTest::newRow("--send as typed") << S("127.0.0.1") << args({"--send", "a\\n\\x41"}) << QByteArray()
                                     << true << QByteArray("a\\n\\x41");
    QTest::newRow("--send --hex") << S("127.0.0.1") << args({"--hex", "--send", "48 65 6c 6c 6f"})
                                  << QByteArray() << true << QByteArray("Hello");
    QTest::newRow("--hex 0x form") << S("127.0.0.1") << args({"--hex", "--send", "0x00,0xff,0x0a"})
                                   << QByteArray() << true << QByteArray("\x00\xff\x0a", 3);
    QTest::newRow("--send-file") << S("127.0.0.1") << args({"--send-file", "FILE"}) << QByteArray() << true
                                 << QByteArray("file\x00\x01\x02 bytes\n", 15);
    QTest::newRow("--checksum crc16-modbus")
        << S("127.0.0.1") << args({"--hex", "--send", "01 03 00 00 00 0a", "--checksum", "crc16-modbus"})
        << QByteArray() << true << QByteArray::fromHex("01030000000ac5cd");
    QTest::newRow("--checksum crc32:le")
        << S("127.0.0.1") << args({"--send", "123456789", "--checksum", "crc32:le"}) << QByteArray() << true
        << QByteArray("123456789") + QByteArray::fromHex("2639f4cb");
    QTest::newRow("--send-file --checksum sum8")
        << S("127.0.0.1") << args({"--send-file", "FILE", "--checksum", "sum8"}) << QByteArray() << true
        << QByteArray("file\x00\x01\x02 bytes\n\x00\xf4", 16);
    QTest::newRow("--send macros, each repeat")
        << S("127.0.0.1") << args({"--send", "n={counter}\\n", "--repeat", "3"}) << QByteArray() << true
        << QByteArray("n=1\\nn=2\\nn=3\\n");
    QTest::newRow("--send braces that are no macro")
        << S("127.0.0.1") << args({"--send", "{\"a\": 1} {{x}} {1}"}) << QByteArray() << true
        << QByteArray("{\"a\": 1} {{x}} {1}");
    QTest::newRow("--send --hex macros with checksum")
        << S("127.0.0.1")
        << args({"--hex", "--send", "01 {hex:03} {counter}", "--repeat", "2", "--checksum", "sum8"})
        << QByteArray() << true
        << QByteArray("\x01\x03"
                      "1"
                      "\x35\x01\x03"
                      "2"
                      "\x36",
               8);
    QTest::newRow("stdin") << S("127.0.0.1") << QStringList() << QByteArray("from stdin\x00\xfe", 12) << true
                           << QByteArray("from stdin\x00\xfe", 12);
    QTest::newRow("stdin ::1") << S("::1") << QStringList() << QByteArray("six") << true << QByteArray("six");
    QTest::newRow("--send leaves open stdin unread")
        << S("127.0.0.1") << args({"--send", "only this"}) << QByteArray("NOT THIS") << false
        << QByteArray("only this");
    QTest::newRow("--send-file leaves open stdin unread")
        << S("127.0.0.1") << args({"--send-file", "FILE"}) << QByteArray("NOT THIS") << false
        << QByteArray("file\x00\x01\x02 bytes\n", 15);
}

void tst_ConnectCommand::whatIsSentThenHalfClose()
{
    QFETCH(QString, host);
    QFETCH(QStringList, extra);
    QFETCH(QByteArray, input);
    QFETCH(bool, closeInput);
    QFETCH(QByteArray, expected);

    RawTcpServer server;
    if (!server.listen(QHostAddress(host), 0))
        QSKIP("no such loopback address here");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("payload.bin"));
    QVERIFY(writeFile(file, QByteArray("file\x00\x01\x02 bytes\n", 15)));
    extra.replaceInStrings(QStringLiteral("FILE"), file);

    Proc *proc = m_procs.sockpit(
        QStringList {QStringLiteral("connect"), host, QString::number(server.serverPort())} + extra);
    if (!input.isEmpty())
        proc->process->write(input);
    if (closeInput)
        proc->process->closeWriteChannel();

    QTRY_VERIFY_WITH_TIMEOUT(server.first() != nullptr, 10000);
    RawConn *conn = server.first();
    // End of input: the sending side is shut down (EOF here) ...
    QTRY_VERIFY2_WITH_TIMEOUT(conn->poll().eof(), qPrintable(QString::fromUtf8(proc->err)), 10000);
    QCOMPARE(conn->received(), expected);
    // ... while connect keeps receiving: a reply sent after its FIN still reaches its output.
    QVERIFY2(!proc->finished(), qPrintable(QString::fromUtf8(proc->err)));
    const QByteArray reply("reply after your FIN\x00\xff", 22);
    QCOMPARE(conn->writeSome(reply), qint64(reply.size()));
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, reply, 10000);
    // When the peer closes, connect exits 0.
    conn->close();
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitStatus(), QProcess::NormalExit);
    QVERIFY2(proc->process->exitCode() == 0, proc->err.constData());
    QCOMPARE(proc->out, reply);
}

void tst_ConnectCommand::peerHalfClosesFirst_data()
{
    QTest::addColumn<QString>("source");

    QTest::newRow("stdin") << S("stdin");
    QTest::newRow("--send-file") << S("file");
}

void tst_ConnectCommand::peerHalfClosesFirst()
{
    QFETCH(QString, source);

    // A peer that only listens (like `ncat -l --recv-only`) sends its FIN at once. That is a
    // half-close, not a close: connect must still send all of its input, then shut down and exit 0.
    RawTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QByteArray data(1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < data.size(); ++i)
        data[i] = char(i * 7);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(S("input.bin"));
    QVERIFY(writeFile(file, data));
    QStringList arguments = args({"connect", "127.0.0.1"}) << QString::number(server.serverPort());
    if (source == QLatin1String("file"))
        arguments << S("--send-file") << file;
    Proc *proc = m_procs.sockpit(arguments);
    QTRY_VERIFY_WITH_TIMEOUT(server.first() != nullptr, 10000);
    server.first()->shutdownWrite();
    if (source == QLatin1String("stdin")) {
        proc->process->write(data);
        proc->process->closeWriteChannel();
    }
    QTRY_VERIFY_WITH_TIMEOUT(server.first()->poll().eof(), 10000);
    QVERIFY(waitEnd(proc, 10000));
    // How the program ended first: a program that failed (or a sanitizer's report) shows here.
    QVERIFY2(proc->process->exitStatus() == QProcess::NormalExit && proc->process->exitCode() == 0,
        proc->err.constData());
    QVERIFY2(proc->err.isEmpty(), proc->err.constData());
    QCOMPARE(server.first()->received().size(), data.size());
    QVERIFY(server.first()->received() == data);
}

void tst_ConnectCommand::waitsForPeerOrQuiet_data()
{
    QTest::addColumn<int>("waitMs"); // -1: no --wait

    QTest::newRow("no --wait: until the peer closes") << -1;
    QTest::newRow("--wait 0") << 0;
    QTest::newRow("--wait 400") << 400;
}

void tst_ConnectCommand::waitsForPeerOrQuiet()
{
    QFETCH(int, waitMs);

    RawTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QStringList arguments = args({"connect", "127.0.0.1"}) << QString::number(server.serverPort());
    if (waitMs >= 0)
        arguments << QStringLiteral("--wait") << QString::number(waitMs);
    Proc *proc = m_procs.sockpit(arguments);
    proc->process->closeWriteChannel();
    QTRY_VERIFY_WITH_TIMEOUT(server.first() != nullptr, 10000);
    RawConn *conn = server.first();
    QTRY_VERIFY_WITH_TIMEOUT(conn->poll().eof(), 10000);
    QElapsedTimer sinceReply;
    sinceReply.start();
    // --wait 0: nothing more is awaited once the input has ended and left.
    const QByteArray late = waitMs == 0 ? QByteArray() : QByteArray("late");
    QCOMPARE(conn->writeSome(late), qint64(late.size()));
    // The peer never closes: only --wait ends connect.
    if (waitMs < 0) {
        QTRY_COMPARE_WITH_TIMEOUT(proc->out, late, 10000);
        QVERIFY2(!proc->process->waitForFinished(1000), "connect must wait for the peer to close");
        conn->close();
    }
    QVERIFY2(waitEnd(proc, 10000), "connect did not exit");
    const qint64 elapsed = sinceReply.elapsed();
    QCOMPARE(proc->process->exitCode(), 0);
    QCOMPARE(proc->out, late);
    if (waitMs > 0)
        QVERIFY2(elapsed >= waitMs - 50,
            qPrintable(QStringLiteral("exited %1 ms after the last bytes").arg(elapsed)));
    QVERIFY(elapsed < 8000);
}

void tst_ConnectCommand::udpDefaultWait_data()
{
    QTest::addColumn<int>("waitMs"); // -1: the default
    QTest::addColumn<int>("minMs");
    QTest::addColumn<int>("maxMs");

    QTest::newRow("UDP default 2000 ms") << -1 << 1900 << 8000;
    QTest::newRow("UDP --wait 200") << 200 << 150 << 1500;
}

void tst_ConnectCommand::udpDefaultWait()
{
    QFETCH(int, waitMs);
    QFETCH(int, minMs);
    QFETCH(int, maxMs);

    QUdpSocket peer;
    QVERIFY(peer.bind(QHostAddress::LocalHost, 0));
    QStringList arguments = args({"connect", "--udp", "127.0.0.1"})
        << QString::number(peer.localPort()) << QStringLiteral("--send") << QStringLiteral("ping");
    if (waitMs >= 0)
        arguments << QStringLiteral("--wait") << QString::number(waitMs);
    Proc *proc = m_procs.sockpit(arguments);
    QTRY_VERIFY_WITH_TIMEOUT(peer.hasPendingDatagrams(), 10000);
    QHostAddress from;
    quint16 fromPort = 0;
    QByteArray datagram(int(peer.pendingDatagramSize()), Qt::Uninitialized);
    peer.readDatagram(datagram.data(), datagram.size(), &from, &fromPort);
    QCOMPARE(datagram, QByteArray("ping"));
    QElapsedTimer sinceReply;
    sinceReply.start();
    QCOMPARE(peer.writeDatagram("pong", from, fromPort), qint64(4));
    QVERIFY(waitEnd(proc, 10000));
    const qint64 elapsed = sinceReply.elapsed();
    QVERIFY2(proc->process->exitCode() == 0, proc->err.constData());
    QCOMPARE(proc->out, QByteArray("pong"));
    QVERIFY2(
        elapsed >= minMs && elapsed <= maxMs, qPrintable(QStringLiteral("exited after %1 ms").arg(elapsed)));
}

void tst_ConnectCommand::connectTimeout_data()
{
    QTest::addColumn<int>("timeoutMs");

    QTest::newRow("--timeout 1") << 1;
    QTest::newRow("--timeout 400") << 400;
}

void tst_ConnectCommand::connectTimeout()
{
    QFETCH(int, timeoutMs);

    // Deterministic on loopback: see SaturatedListener.
    SaturatedListener listener;
    QVERIFY(listener.port != 0);
    QElapsedTimer clock;
    clock.start();
    Proc *proc = m_procs.sockpit(QStringList {QStringLiteral("connect"), QStringLiteral("127.0.0.1"),
        QString::number(listener.port), QStringLiteral("--send"), QStringLiteral("x"),
        QStringLiteral("--timeout"), QString::number(timeoutMs)});
    QVERIFY2(waitEnd(proc, 10000), "connect did not give up");
    const QString err = QString::fromUtf8(proc->err);
    QCOMPARE(proc->process->exitCode(), 1);
    QVERIFY2(err.contains(QLatin1String("timed out")), qPrintable(err));
    QVERIFY2(clock.elapsed() >= timeoutMs && clock.elapsed() < timeoutMs + 5000, qPrintable(err));
}

void tst_ConnectCommand::repeatInterval_data()
{
    QTest::addColumn<bool>("udp");
    QTest::addColumn<int>("repeat");
    QTest::addColumn<QString>("interval");

    QTest::newRow("UDP 5 x 0.5 ms") << true << 5 << S("0.5");
    QTest::newRow("UDP 20 x 0 ms") << true << 20 << S("0");
    QTest::newRow("UDP 4 x 30 ms") << true << 4 << S("30");
    QTest::newRow("TCP 1000 x 0 ms") << false << 1000 << S("0");
    QTest::newRow("TCP 10 x 0.5 ms") << false << 10 << S("0.5");
}

void tst_ConnectCommand::repeatInterval()
{
    QFETCH(bool, udp);
    QFETCH(int, repeat);
    QFETCH(QString, interval);

    const QByteArray message("msg!");
    QUdpSocket udpPeer;
    RawTcpServer tcpPeer;
    const quint16 port = udp ? (udpPeer.bind(QHostAddress::LocalHost, 0), udpPeer.localPort())
                             : (tcpPeer.listen(QHostAddress::LocalHost, 0), tcpPeer.serverPort());
    QVERIFY(port != 0);
    QStringList arguments = args({"connect", "127.0.0.1", "PORT", "--send", "msg!", "--repeat", "N",
        "--interval", "MS", "--wait", "300"});
    if (udp)
        arguments.insert(1, QStringLiteral("--udp"));
    arguments.replaceInStrings(QStringLiteral("PORT"), QString::number(port));
    arguments[arguments.indexOf(QStringLiteral("N"))] = QString::number(repeat);
    arguments[arguments.indexOf(QStringLiteral("MS"))] = interval;
    QElapsedTimer clock;
    clock.start();
    Proc *proc = m_procs.sockpit(arguments);

    if (udp) {
        int count = 0;
        const auto drain = [&] {
            while (udpPeer.hasPendingDatagrams()) {
                QByteArray datagram(int(udpPeer.pendingDatagramSize()), Qt::Uninitialized);
                udpPeer.readDatagram(datagram.data(), datagram.size());
                count += datagram == message ? 1 : 1000; // a wrong datagram makes the count wrong
            }
            return count;
        };
        QTRY_VERIFY_WITH_TIMEOUT(drain() >= repeat, 10000);
        QVERIFY(waitEnd(proc, 10000));
        QCOMPARE(drain(), repeat);
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(tcpPeer.first() != nullptr, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(tcpPeer.first()->poll().eof(), 10000);
        QCOMPARE(tcpPeer.first()->received(), message.repeated(repeat));
        QVERIFY(waitEnd(proc, 10000));
    }
    QVERIFY2(proc->process->exitCode() == 0, proc->err.constData());
    const double minimum = interval.toDouble() * (repeat - 1);
    QVERIFY2(clock.elapsed() >= qint64(minimum), qPrintable(QStringLiteral("%1 ms").arg(clock.elapsed())));
}

void tst_ConnectCommand::record_data()
{
    QTest::addColumn<QString>("name");

    QTest::newRow("JSON Lines") << S("traffic.jsonl");
    QTest::newRow("text") << S("traffic.log");
}

void tst_ConnectCommand::record()
{
    QFETCH(QString, name);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(name);
    RawTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QString port = QString::number(server.serverPort());
    Proc *proc = m_procs.sockpit(QStringList {QStringLiteral("connect"), QStringLiteral("127.0.0.1"), port,
        QStringLiteral("--send"), QStringLiteral("hi"), QStringLiteral("--record"), path});
    QTRY_VERIFY_WITH_TIMEOUT(server.first() != nullptr, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(server.first()->poll().eof(), 10000);
    QCOMPARE(server.first()->writeSome("yo"), qint64(2));
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray("yo"), 10000);
    server.first()->close();
    QVERIFY(waitEnd(proc, 10000));
    QVERIFY2(proc->process->exitCode() == 0, proc->err.constData());

    if (!name.endsWith(QLatin1String(".jsonl"))) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY2(!content.startsWith('{') && content.endsWith('\n'), content.constData());
        QVERIFY2(content.count('\n') >= 3 && content.contains(port.toLatin1()), content.constData());
        return;
    }
    QList<QJsonObject> lines;
    const QString problem = readRecord(path, &lines);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QStringList seen; // dir, hex or event of each line
    for (const QJsonObject &line : lines) {
        const QString dir = line.value(QLatin1String("dir")).toString();
        if (dir == QLatin1String("in") || dir == QLatin1String("out")) {
            QCOMPARE(line.value(QLatin1String("peer")).toString(), QStringLiteral("127.0.0.1:") + port);
            QVERIFY(line.value(QLatin1String("local")).toString().startsWith(QLatin1String("127.0.0.1:")));
            seen << dir + u' ' + line.value(QLatin1String("hex")).toString();
        } else {
            seen << dir + u' ' + line.value(QLatin1String("event")).toString();
        }
    }
    for (const char *expected : {"out 6869", "in 796f", "info connect"})
        QVERIFY2(seen.contains(S(expected)), qPrintable(seen.join(QLatin1String(", "))));
}

void tst_ConnectCommand::stdoutClosedEndsQuietly_data()
{
    QTest::addColumn<QString>("input");

    QTest::newRow("--send") << S("--send hi");
    QTest::newRow("standard input kept open") << S("");
}

void tst_ConnectCommand::stdoutClosedEndsQuietly()
{
    QFETCH(QString, input);

    RawTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    // The peer sends without end; `head -c 10` closes the pipe after ten bytes.
    QTimer flood;
    const QByteArray chunk(65536, 'A');
    QObject::connect(&flood, &QTimer::timeout, [&] {
        for (const auto &conn : server.conns)
            while (conn->writeSome(chunk) > 0) { }
    });
    flood.start(1);
    const QString script
        = QStringLiteral("\"$0\" connect 127.0.0.1 \"$1\" %1 | head -c 10; echo \" status=${PIPESTATUS[0]}\"")
              .arg(input);
    Proc *proc = m_procs.start(QStringLiteral("/bin/bash"),
        QStringList {QStringLiteral("-c"), script, binary(), QString::number(server.serverPort())});
    QTRY_VERIFY_WITH_TIMEOUT(proc->finished(), 15000);
    proc->collect();
    QCOMPARE(proc->out, QByteArray("AAAAAAAAAA status=0\n"));
    QVERIFY2(proc->err.isEmpty(), proc->err.constData()); // quietly
}

// -v ends with exact totals, so a script that throws the bytes away can still check they all came.
void tst_ConnectCommand::verboseReportsTotals()
{
    RawTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Proc *proc = m_procs.sockpit(
        {QStringLiteral("connect"), QStringLiteral("127.0.0.1"), QString::number(server.serverPort()),
            QStringLiteral("--send"), QStringLiteral("hello"), QStringLiteral("-v")});
    QTRY_VERIFY_WITH_TIMEOUT(server.first() != nullptr, 10000);
    RawConn *conn = server.first();
    QTRY_VERIFY_WITH_TIMEOUT(conn->poll().eof(), 10000);
    QCOMPARE(conn->received(), QByteArray("hello"));
    QCOMPARE(conn->writeSome("abc"), qint64(3));
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray("abc"), 10000);
    conn->close();
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 0);
    QVERIFY2(proc->err.endsWith("sockpit: totals: received 3 bytes (1 chunks), sent 5 bytes (1 chunks)\n"),
        proc->err.constData());
}

void tst_ConnectCommand::rulesAnswerServer_data()
{
    QTest::addColumn<bool>("udp");

    QTest::newRow("TCP") << false;
    QTest::newRow("UDP") << true;
}

void tst_ConnectCommand::rulesAnswerServer()
{
    // The server speaks first; connect answers what matches a rule, to the server only, and nothing
    // else. Standard input stays open, so connect sends nothing of its own but what the test gives.
    QFETCH(bool, udp);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString rules = dir.filePath(QStringLiteral("rules.json"));
    QVERIFY(writeFile(rules, RulesJson));
    if (udp) {
        QUdpSocket server;
        QVERIFY(server.bind(QHostAddress::LocalHost, 0));
        Proc *proc = m_procs.sockpit(args({"connect", "--udp", "127.0.0.1"})
            << QString::number(server.localPort()) << S("--rules") << rules);
        proc->process->write("hello"); // so that the server knows where connect is
        QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingDatagrams(), 10000);
        QHostAddress client;
        quint16 clientPort = 0;
        QCOMPARE(readDatagram(server, &client, &clientPort), QByteArray("hello"));
        server.writeDatagram("PING", client, clientPort);
        QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingDatagrams(), 10000);
        QCOMPARE(readDatagram(server), QByteArray("PONG\r\n"));
        server.writeDatagram("nothing", client, clientPort);
        server.writeDatagram(QByteArray("\x01\x03", 2), client, clientPort);
        QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingDatagrams(), 10000);
        QCOMPARE(readDatagram(server), QByteArray("\x01\x83\x02")); // "nothing" got no answer
        QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray("PINGnothing\x01\x03", 13), 10000);
        QVERIFY2(!proc->finished(), proc->err.constData());
        return;
    }
    RawTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Proc *proc = m_procs.sockpit(
        args({"connect", "127.0.0.1"}) << QString::number(server.serverPort()) << S("--rules") << rules);
    QTRY_VERIFY_WITH_TIMEOUT(server.first() != nullptr, 10000);
    RawConn *conn = server.first();
    QCOMPARE(conn->writeSome("PING"), qint64(4));
    QTRY_COMPARE_WITH_TIMEOUT(conn->poll().received(), QByteArray("PONG\r\n"), 10000);
    QCOMPARE(conn->writeSome("nothing"), qint64(7));
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray("PINGnothing"), 10000);
    QCOMPARE(conn->writeSome(QByteArray("\x01\x03", 2)), qint64(2));
    QTRY_COMPARE_WITH_TIMEOUT(conn->poll().received(), QByteArray("PONG\r\n\x01\x83\x02"), 10000);
    // The end of standard input half-closes; the peer's close then ends connect.
    proc->process->closeWriteChannel();
    QTRY_VERIFY_WITH_TIMEOUT(conn->poll().eof(), 10000);
    conn->close();
    QVERIFY(waitEnd(proc, 10000));
    QVERIFY2(proc->process->exitCode() == 0, proc->err.constData());
    QCOMPARE(proc->out, QByteArray("PINGnothing\x01\x03", 13));
}

void tst_ConnectCommand::badRulesFile()
{
    // As for listen: rules that are not valid exit 2 naming the rule; a file that is not there exits 1.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString rules = dir.filePath(QStringLiteral("rules.json"));
    QVERIFY(writeFile(rules,
        R"({"rules": [{"pattern": "a", "reply": "x"}, {"pattern": "b", "replyKind": "hex", "reply": "5"}]})"));
    RawTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QString port = QString::number(server.serverPort());
    Proc *proc = m_procs.sockpit(args({"connect", "127.0.0.1"}) << port << S("--rules") << rules);
    QVERIFY(waitEnd(proc, 10000));
    QString err = QString::fromUtf8(proc->err);
    QVERIFY2(proc->process->exitCode() == 2, qPrintable(err));
    QVERIFY2(
        err.contains(QStringLiteral("--rules: %1: ").arg(rules)) && err.contains(QLatin1String("rule 2")),
        qPrintable(err));

    const QString missing = dir.filePath(QStringLiteral("missing.json"));
    proc = m_procs.sockpit(args({"connect", "127.0.0.1"}) << port << S("--rules") << missing);
    QVERIFY(waitEnd(proc, 10000));
    err = QString::fromUtf8(proc->err);
    QVERIFY2(proc->process->exitCode() == 1, qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("--rules: cannot read '%1'").arg(missing)), qPrintable(err));
    QVERIFY(server.conns.empty()); // it never connected
}

QTEST_GUILESS_MAIN(tst_ConnectCommand)
#include "tst_connectcommand.moc"
