// `sockpit run`: a sequence against a device in the test, over TCP and UDP, through the built program:
// one line per step and exit 0; a failed step named on both outputs and exit 1; a bad file or bad
// arguments exit 2 naming the problem; a file that cannot be read or a refused connection exit 1;
// -v shows the bytes; --record writes what was sent and received.

#include "clitestutil.h"

#include <QNetworkDatagram>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace clitest;

namespace {

// Answers lines: HELLO -> "id=1234\r\n", GET X -> "VALUE X\r\n", anything else -> nothing.
class LineDevice final : public QObject
{
public:
    LineDevice()
    {
        server.listen(QHostAddress::LocalHost, 0);
        connect(&server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *client = server.nextPendingConnection();
            connect(client, &QTcpSocket::readyRead, this, [this, client] {
                buffer += client->readAll();
                qsizetype end;
                while ((end = buffer.indexOf('\n')) >= 0) {
                    const QByteArray line = buffer.left(end).trimmed();
                    buffer.remove(0, end + 1);
                    lines.append(line);
                    if (line == "HELLO")
                        client->write("id=1234\r\n");
                    else if (line.startsWith("GET "))
                        client->write("VALUE " + line.mid(4) + "\r\n");
                }
            });
        });
    }
    QString port() const { return QString::number(server.serverPort()); }

    QTcpServer server;
    QByteArray buffer;
    QList<QByteArray> lines;
};

const QByteArray Conversation = R"js({"steps": [
  {"kind": "send", "text": "HELLO\r\n"},
  {"kind": "expect", "match": "regex", "pattern": "id=(\\d+)"},
  {"kind": "send", "text": "GET {1}\n"},
  {"kind": "expect", "pattern": "VALUE 1234\r\n"},
  {"kind": "close"}
]})js";

} // namespace

class tst_RunCommand : public QObject
{
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_dir.isValid()); }
    void cleanup() { m_procs.killAll(); }

    void everyStepPasses();
    void failedStepExitsOne();
    void badFileExitsTwo_data();
    void badFileExitsTwo();
    void unreadableFileExitsOne();
    void badArgumentsExitTwo_data();
    void badArgumentsExitTwo();
    void refusedExitsOne();
    void verboseShowsBytes();
    void udp();
    void record();
    void help();

private:
    QString file(const char *name, const QByteArray &json)
    {
        const QString path = m_dir.filePath(QString::fromUtf8(name));
        writeFile(path, json);
        return path;
    }

    Processes m_procs;
    QTemporaryDir m_dir;
};

void tst_RunCommand::everyStepPasses()
{
    LineDevice device;
    Proc *proc = m_procs.sockpit({S("run"), file("ok.json", Conversation), S("127.0.0.1"), device.port()});
    QVERIFY(waitEnd(proc, 20000));
    QVERIFY2(proc->process->exitCode() == 0, proc->err.constData());
    const QStringList lines = QString::fromUtf8(proc->out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    const QRegularExpression format(QStringLiteral("^ok   +\\d+\\.\\d ms  \\S+ +\\S.*$"));
    for (const QString &line : lines)
        QVERIFY2(format.match(line).hasMatch(), qPrintable(line));
    QVERIFY2(lines.at(0).endsWith(QLatin1String("  1      send \"HELLO\\r\\n\"")), qPrintable(lines.at(0)));
    QVERIFY2(
        lines.at(1).endsWith(QLatin1String("  2      expect regex \"id=(\\d+)\"")), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(4).endsWith(QLatin1String("  5      close")), qPrintable(lines.at(4)));
    QCOMPARE(device.lines, QList<QByteArray>({"HELLO", "GET 1234"}));
    QVERIFY2(proc->err.contains("every step passed (steps run: 5, time: "), proc->err.constData());
}

void tst_RunCommand::failedStepExitsOne()
{
    LineDevice device;
    const QString path = file("fail.json", R"js({"steps": [
      {"kind": "send", "text": "GET a\n"},
      {"kind": "repeat", "count": 2, "steps": [{"kind": "expect", "pattern": "VALUE a", "timeoutMs": 200}]},
      {"kind": "send", "text": "GET b\n"}]})js");
    Proc *proc = m_procs.sockpit({S("run"), path, S("127.0.0.1"), device.port()});
    QVERIFY(waitEnd(proc, 20000));
    QCOMPARE(proc->process->exitCode(), 1);
    const QStringList lines = QString::fromUtf8(proc->out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(1).startsWith(QLatin1String("ok ")), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).startsWith(QLatin1String("FAIL ")), qPrintable(lines.at(2)));
    QVERIFY2(lines.at(2).contains(
                 QLatin1String(" 2#2.1  expect \"VALUE a\": timed out after 200 ms; arrived \"\\r\\n\"")),
        qPrintable(lines.at(2)));
    QVERIFY2(proc->err.contains("step 2#2.1 (expect \"VALUE a\") failed: timed out after 200 ms"),
        proc->err.constData());
    QCOMPARE(device.lines, QList<QByteArray>({"GET a"})); // step 3 never ran
}

void tst_RunCommand::badFileExitsTwo_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown kind") << QByteArray(R"js({"steps": [{"kind": "close"}, {"kind": "close"},
        {"kind": "sned", "text": "x"}]})js")
                                  << "bad.json: step 3: unknown kind \"sned\"";
    QTest::newRow("not JSON") << QByteArray("{\"steps\": [\n}") << "bad.json: line 2, column";
}

void tst_RunCommand::badFileExitsTwo()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    LineDevice device;
    const QString path = file("bad.json", json);
    Proc *proc = m_procs.sockpit({S("run"), path, S("127.0.0.1"), device.port()});
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 2);
    QVERIFY2(proc->err.contains(message.toUtf8()), proc->err.constData());
    QVERIFY(proc->out.isEmpty());
    QVERIFY(device.lines.isEmpty());
}

void tst_RunCommand::unreadableFileExitsOne()
{
    Proc *proc = m_procs.sockpit({S("run"), m_dir.filePath(S("missing.json")), S("127.0.0.1"), S("9")});
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 1);
    QVERIFY2(proc->err.contains("missing.json"), proc->err.constData());
}

void tst_RunCommand::badArgumentsExitTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no port") << args({"run", "x.json", "127.0.0.1"});
    QTest::newRow("bad port") << args({"run", "x.json", "127.0.0.1", "70000"});
    QTest::newRow("unknown flag") << args({"run", "--sned", "x.json", "127.0.0.1", "9"});
    QTest::newRow("bad timeout") << args({"run", "--timeout", "0", "x.json", "127.0.0.1", "9"});
}

void tst_RunCommand::badArgumentsExitTwo()
{
    QFETCH(QStringList, arguments);
    Proc *proc = m_procs.sockpit(arguments);
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 2);
    QVERIFY2(proc->err.contains("Try 'sockpit run --help'"), proc->err.constData());
}

void tst_RunCommand::refusedExitsOne()
{
    const quint16 port = freeTcpPort();
    Proc *proc
        = m_procs.sockpit({S("run"), file("ok.json", Conversation), S("127.0.0.1"), QString::number(port)});
    QVERIFY(waitEnd(proc, 20000));
    QCOMPARE(proc->process->exitCode(), 1);
    QVERIFY(proc->out.isEmpty());
}

void tst_RunCommand::verboseShowsBytes()
{
    LineDevice device;
    Proc *proc
        = m_procs.sockpit({S("run"), S("-v"), file("ok.json", Conversation), S("127.0.0.1"), device.port()});
    QVERIFY(waitEnd(proc, 20000));
    QVERIFY2(proc->process->exitCode() == 0, proc->err.constData());
    QVERIFY2(proc->out.contains("\n      > \"GET 1234\\n\"\n"), proc->out.constData());
    QVERIFY2(proc->out.contains("\n      < \"\\r\\nVALUE 1234\\r\\n\"\n"), proc->out.constData());
}

void tst_RunCommand::udp()
{
    QUdpSocket device;
    QVERIFY(device.bind(QHostAddress::LocalHost, 0));
    connect(&device, &QUdpSocket::readyRead, &device, [&device] {
        while (device.hasPendingDatagrams()) {
            const QNetworkDatagram datagram = device.receiveDatagram();
            device.writeDatagram(datagram.makeReply("PONG " + datagram.data()));
        }
    });
    const QString path = file("udp.json", R"js({"steps": [
      {"kind": "send", "hex": "01 02 {counter}"}, {"kind": "expect", "match": "hex", "pattern": "50 4f 4e 47 20 01 02 31"},
      {"kind": "send", "text": "b"}, {"kind": "expect", "match": "exact", "pattern": "PONG b"}]})js");
    Proc *proc
        = m_procs.sockpit({S("run"), S("--udp"), path, S("127.0.0.1"), QString::number(device.localPort())});
    QVERIFY(waitEnd(proc, 20000));
    QVERIFY2(proc->process->exitCode() == 0, proc->err.constData());
    QCOMPARE(QString::fromUtf8(proc->out).split(u'\n', Qt::SkipEmptyParts).size(), 4);
}

void tst_RunCommand::record()
{
    LineDevice device;
    const QString recording = m_dir.filePath(S("run.jsonl"));
    Proc *proc = m_procs.sockpit(
        {S("run"), file("ok.json", Conversation), S("127.0.0.1"), device.port(), S("--record"), recording});
    QVERIFY(waitEnd(proc, 20000));
    QVERIFY2(proc->process->exitCode() == 0, proc->err.constData());
    QFile file(recording);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray sent;
    QByteArray received;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QJsonObject event = QJsonDocument::fromJson(line).object();
        const QByteArray bytes = QByteArray::fromHex(event.value(S("hex")).toString().toLatin1());
        if (event.value(S("dir")).toString() == QLatin1String("out"))
            sent += bytes;
        else if (event.value(S("dir")).toString() == QLatin1String("in"))
            received += bytes;
    }
    QCOMPARE(sent, QByteArray("HELLO\r\nGET 1234\n"));
    QCOMPARE(received, QByteArray("id=1234\r\nVALUE 1234\r\n"));
}

void tst_RunCommand::help()
{
    Proc *proc = m_procs.sockpit(args({"run", "--help"}));
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 0);
    QVERIFY(proc->out.startsWith("Usage: sockpit run FILE"));
    Proc *main = m_procs.sockpit(args({"--help"}));
    QVERIFY(waitEnd(main, 10000));
    QVERIFY(main->out.contains("sockpit run     FILE"));
}

QTEST_MAIN(tst_RunCommand)
#include "tst_runcommand.moc"
