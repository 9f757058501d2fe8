// --framing SPEC and --max-frame N of `sockpit listen`, `connect` and `relay` as processes: the
// recording holds the messages of the chosen framing, standard output (and the relay's target) still
// gets the bytes unchanged, and a spec that cannot be used exits 2 naming what is wrong.

#include "clitestutil.h"

#include <QTemporaryDir>
#include <QTest>

using namespace clitest;

namespace {

// The payloads of a JSON Lines record's "in" events, in order.
QList<QByteArray> inPayloads(const QList<QJsonObject> &lines)
{
    QList<QByteArray> payloads;
    for (const QJsonObject &line : lines) {
        if (line.value(QLatin1String("dir")).toString() == QLatin1String("in"))
            payloads << QByteArray::fromHex(line.value(QLatin1String("hex")).toString().toLatin1());
    }
    return payloads;
}

QString show(const QList<QByteArray> &payloads)
{
    QStringList shown;
    for (const QByteArray &payload : payloads)
        shown << QString::fromLatin1(payload.toHex(' '));
    return QStringLiteral("[") + shown.join(QStringLiteral("] [")) + QStringLiteral("]");
}

QByteArray joined(const QList<QByteArray> &chunks)
{
    QByteArray bytes;
    for (const QByteArray &chunk : chunks)
        bytes += chunk;
    return bytes;
}

} // namespace

class tst_FramingOption : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { m_procs.killAll(); }

    void listenRecordsFrames_data();
    void listenRecordsFrames();
    void connectRecordsFrames();
    void relayRecordsFrames();
    void badSpecExitsTwo_data();
    void badSpecExitsTwo();

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

void tst_FramingOption::listenRecordsFrames_data()
{
    QTest::addColumn<QStringList>("framing");
    QTest::addColumn<QList<QByteArray>>("chunks"); // each read by the listener on its own
    QTest::addColumn<QList<QByteArray>>("frames"); // the "in" events recorded

    using Bytes = QList<QByteArray>;
    QTest::newRow("no --framing: chunks") << QStringList() << Bytes {"a\nb", "\nc"} << Bytes {"a\nb", "\nc"};
    QTest::newRow("raw") << args({"--framing", "raw"}) << Bytes {"a\nb", "\nc"} << Bytes {"a\nb", "\nc"};
    QTest::newRow("lines") << args({"--framing", "lines"}) << Bytes {"a\nb", "\nc"}
                           << Bytes {"a\n", "b\n", "c"};
    QTest::newRow("lines keeps CR") << args({"--framing", "lines"}) << Bytes {"a\r\nb\r", "\nc"}
                                    << Bytes {"a\r\n", "b\r\n", "c"};
    QTest::newRow("lines:crlf") << args({"--framing", "lines:crlf"}) << Bytes {"a\nb\r", "\nc\r\n"}
                                << Bytes {"a\nb\r\n", "c\r\n"};
    QTest::newRow("delim:##") << args({"--framing", "delim:##"}) << Bytes {"x#", "#y##z"}
                              << Bytes {"x##", "y##", "z"};
    QTest::newRow("delim:\\x7e") << args({"--framing", "delim:\\x7e"})
                                 << Bytes {"\x7e"
                                           "ab",
                                        "\x7e"}
                                 << Bytes {"\x7e", "ab\x7e"};
    QTest::newRow("length:2") << args({"--framing", "length:2"})
                              << Bytes {QByteArray("\x00\x03o", 3), QByteArray("ne\x00\x01x", 5)}
                              << Bytes {QByteArray("\x00\x03one", 5), QByteArray("\x00\x01x", 3)};
    QTest::newRow("length:2:le:incl") << args({"--framing", "length:2:le:incl"})
                                      << Bytes {QByteArray("\x05\x00o", 3), QByteArray("ne\x03\x00x", 5)}
                                      << Bytes {QByteArray("\x05\x00one", 5), QByteArray("\x03\x00x", 3)};
    QTest::newRow("length:1") << args({"--framing", "length:1"}) << Bytes {"\x02hi\x01", "!"}
                              << Bytes {"\x02hi", "\x01!"};
    QTest::newRow("fixed:3") << args({"--framing", "fixed:3"}) << Bytes {"abcd", "efg"}
                             << Bytes {"abc", "def", "g"};
    QTest::newRow("--max-frame") << args({"--framing", "lines", "--max-frame", "4"}) << Bytes {"abcdef", "\n"}
                                 << Bytes {"abcd", "ef\n"};
    // A long gap: the two chunks, read apart but well within it, are one message, ended by the FIN.
    QTest::newRow("idle:5000") << args({"--framing", "idle:5000"}) << Bytes {"ab", "cd"} << Bytes {"abcd"};
}

void tst_FramingOption::listenRecordsFrames()
{
    QFETCH(QStringList, framing);
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QList<QByteArray>, frames);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString record = dir.filePath(QStringLiteral("listen.jsonl"));
    quint16 port = 0;
    Proc *proc = startListening(
        args({"listen", "-v", "--bind", "127.0.0.1", "--record"}) << record << framing << S("0"), &port);
    QVERIFY2(port != 0, proc->err.constData());

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    QByteArray sent;
    for (const QByteArray &chunk : chunks) {
        client.write(chunk);
        sent += chunk;
        // Standard output has the bytes unchanged, and the next chunk is a read of its own.
        QTRY_COMPARE_WITH_TIMEOUT(proc->out, sent, 10000);
    }
    client.disconnectFromHost(); // the FIN ends the last, unfinished message
    QTRY_VERIFY2_WITH_TIMEOUT(proc->err.contains("FIN received"), proc->err.constData(), 10000);
    proc->signal(SIGTERM);
    QVERIFY(waitEnd(proc, 10000));
    QVERIFY2(proc->process->exitCode() == 0, proc->err.constData());
    QCOMPARE(proc->out, joined(chunks));

    QList<QJsonObject> lines;
    const QString problem = readRecord(record, &lines);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QList<QByteArray> recorded = inPayloads(lines);
    QVERIFY2(recorded == frames, qPrintable(show(recorded) + QStringLiteral(" instead of ") + show(frames)));
}

void tst_FramingOption::connectRecordsFrames()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString record = dir.filePath(QStringLiteral("connect.jsonl"));
    RawTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Proc *proc = m_procs.sockpit(args({"connect", "127.0.0.1"})
        << QString::number(server.serverPort()) << args({"--send", "hi", "--framing", "lines", "--record"})
        << record);
    QTRY_VERIFY_WITH_TIMEOUT(server.first() != nullptr, 10000);
    RawConn *conn = server.first();
    QTRY_VERIFY_WITH_TIMEOUT(conn->poll().eof(), 10000);
    QCOMPARE(conn->received(), QByteArray("hi"));

    QCOMPARE(conn->writeSome("a\nb"), qint64(3));
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray("a\nb"), 10000);
    QCOMPARE(conn->writeSome("\nc"), qint64(2));
    QTRY_COMPARE_WITH_TIMEOUT(proc->out, QByteArray("a\nb\nc"), 10000);
    conn->close();
    QVERIFY(waitEnd(proc, 10000));
    QVERIFY2(proc->process->exitCode() == 0, proc->err.constData());
    QCOMPARE(proc->out, QByteArray("a\nb\nc"));

    QList<QJsonObject> lines;
    const QString problem = readRecord(record, &lines);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QList<QByteArray> expected {"a\n", "b\n", "c"};
    const QList<QByteArray> recorded = inPayloads(lines);
    QVERIFY2(recorded == expected, qPrintable(show(recorded)));
}

void tst_FramingOption::relayRecordsFrames()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString record = dir.filePath(QStringLiteral("relay.jsonl"));
    RawTcpServer target;
    QVERIFY(target.listen(QHostAddress::LocalHost, 0));
    quint16 port = 0;
    Proc *relay = startListening(args({"relay", "--bind", "127.0.0.1", "--framing", "delim:;", "--record"})
            << record << S("0") << S("127.0.0.1") << QString::number(target.serverPort()),
        &port);
    QVERIFY2(port != 0, relay->err.constData());

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    QTRY_VERIFY_WITH_TIMEOUT(target.first() != nullptr, 10000);
    RawConn *conn = target.first();
    client.write("x;y");
    QTRY_COMPARE_WITH_TIMEOUT(conn->poll().received(), QByteArray("x;y"), 10000);
    client.write(";z");
    // The target gets the bytes unchanged.
    QTRY_COMPARE_WITH_TIMEOUT(conn->poll().received(), QByteArray("x;y;z"), 10000);
    client.disconnectFromHost();
    QTRY_VERIFY_WITH_TIMEOUT(conn->poll().eof(), 10000);
    relay->signal(SIGTERM);
    QVERIFY(waitEnd(relay, 10000));
    QVERIFY2(relay->process->exitCode() == 0, relay->err.constData());

    QList<QJsonObject> lines;
    const QString problem = readRecord(record, &lines);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QList<QByteArray> expected {"x;", "y;", "z"};
    const QList<QByteArray> recorded = inPayloads(lines);
    QVERIFY2(recorded == expected, qPrintable(show(recorded)));
}

void tst_FramingOption::badSpecExitsTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message"); // a part of what standard error says

    QTest::newRow("listen unknown kind")
        << args({"listen", "0", "--framing", "packets"})
        << S("--framing 'packets' is not a framing: use raw, lines, lines:crlf, delim:TEXT, "
             "length:SIZE[:be|:le][:incl], fixed:N or idle:MS");
    QTest::newRow("listen empty delimiter")
        << args({"listen", "0", "--framing", "delim:"}) << S("delim needs the bytes that end a message");
    QTest::newRow("listen bad escape")
        << args({"listen", "0", "--framing", "delim:\\q"}) << S("--framing 'delim:\\q': the delimiter: ");
    QTest::newRow("listen --udp") << args({"listen", "--udp", "0", "--framing", "lines"})
                                  << S("--framing applies to TCP: each UDP datagram is a message already");
    QTest::newRow("listen fixed beyond --max-frame")
        << args({"listen", "0", "--framing", "fixed:100", "--max-frame", "50"})
        << S("--framing fixed:100: the message length must be at least 1 and at most the longest message "
             "(--max-frame is 50 bytes)");
    QTest::newRow("connect header size") << args({"connect", "127.0.0.1", "9", "--framing", "length:3"})
                                         << S("--framing 'length:3': the length header is 1, 2 or 4 bytes");
    QTest::newRow("connect header option")
        << args({"connect", "127.0.0.1", "9", "--framing", "length:2:little"}) << S("not 'little'");
    QTest::newRow("connect --max-frame alone") << args({"connect", "127.0.0.1", "9", "--max-frame", "10"})
                                               << S("--max-frame needs --framing other than raw");
    QTest::newRow("connect idle gap")
        << args({"connect", "127.0.0.1", "9", "--framing", "idle:0"})
        << S("--framing idle:MS needs a whole number from 1 to 3600000, not '0'");
    QTest::newRow("relay fixed:x") << args({"relay", "0", "127.0.0.1", "9", "--framing", "fixed:x"})
                                   << S("--framing fixed:N needs a whole number from 1 to 16777216, not 'x'");
    QTest::newRow("relay --udp") << args({"relay", "--udp", "0", "127.0.0.1", "9", "--framing", "lines"})
                                 << S("--framing applies to TCP");
}

void tst_FramingOption::badSpecExitsTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);

    Proc *proc = m_procs.sockpit(arguments);
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitStatus(), QProcess::NormalExit);
    const QString err = QString::fromUtf8(proc->err);
    QVERIFY2(proc->process->exitCode() == 2, qPrintable(err));
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY2(!err.contains(QLatin1String("listening on")), qPrintable(err));
    QVERIFY(proc->out.isEmpty());
}

QTEST_GUILESS_MAIN(tst_FramingOption)
#include "tst_framingoption.moc"
