// `listen --websocket` and `connect ws://…`/`wss://…` against a WebSocket library nobody here wrote:
// Python's websockets (Debian's python3-websockets, run by Debian's /usr/bin/python3) as the client of
// Sockpit's server and as the server of Sockpit's client, over plain TCP and over TLS. Messages keep
// their kind (text or binary) and their bounds, pings are answered, close codes reach the log, and a
// server that does not upgrade, or a bad URL, ends the command with the documented status.

#include "clitestutil.h"
#include "testpki.h"

#include <QTemporaryDir>
#include <QTest>

using namespace clitest;

namespace {

const QString Python = QStringLiteral("/usr/bin/python3");

// An echo server: prints "port N" once listening, then per connection the path asked for and, per
// message, its kind and text ("got str héllo", "got bytes 000102").
const char EchoServer[] = R"(
import asyncio, ssl, sys, websockets

async def echo(ws, path):
    print("path", path, flush=True)
    async for message in ws:
        kind = type(message).__name__
        shown = message if isinstance(message, str) else message.hex()
        print("got", kind, shown, flush=True)
        await ws.send(message)

async def main():
    context = None
    if len(sys.argv) > 2:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
    async with websockets.serve(echo, "127.0.0.1", 0, ssl=context) as server:
        print("port", server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()

asyncio.run(main())
)";

// A client of an echo server at argv[1]: text, binary (also binary that reads as UTF-8) and a big
// message each come back as sent, a ping gets its pong, then it closes with 4000 "done"; then a
// second connection sends 4 MiB and closes at once: the server's close frame comes after the echo.
const char Client[] = R"(
import asyncio, ssl, sys, websockets

async def main():
    url = sys.argv[1]
    context = None
    if url.startswith("wss:"):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    async with websockets.connect(url, ssl=context, max_size=None) as ws:
        await ws.send("h\u00e9llo")
        answer = await ws.recv()
        print("text", answer == "h\u00e9llo", type(answer).__name__, flush=True)
        await ws.send(b"\x00\x01\xff")
        answer = await ws.recv()
        print("binary", answer == b"\x00\x01\xff", type(answer).__name__, flush=True)
        await ws.send(b"plain")
        answer = await ws.recv()
        print("binary utf8", answer == b"plain", type(answer).__name__, flush=True)
        big = bytes(range(256)) * 2048
        await ws.send(big)
        answer = await ws.recv()
        print("big", answer == big, flush=True)
        pong = await ws.ping(b"hi")
        await asyncio.wait_for(pong, 10)
        print("pong", flush=True)
        await ws.close(code=4000, reason="done")
        print("closed", ws.close_code, flush=True)
    async with websockets.connect(url, ssl=context, max_size=None) as ws:
        await ws.send(bytes(range(256)) * 16384)
        await ws.close()
        print("closed after 4 MiB", ws.close_code, flush=True)

asyncio.run(main())
)";

bool havePythonWebsockets()
{
    QProcess probe;
    probe.start(Python, {S("-c"), S("import websockets")});
    return probe.waitForFinished(20000) && probe.exitStatus() == QProcess::NormalExit
        && probe.exitCode() == 0;
}

quint16 printedPort(const QByteArray &out)
{
    static const QRegularExpression re(QStringLiteral("port (\\d+)"));
    const QRegularExpressionMatch match = re.match(QString::fromUtf8(out));
    return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
}

} // namespace

class tst_WebSocketCommands : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup() { m_procs.killAll(); }
    void pythonClientTalksToListen_data();
    void pythonClientTalksToListen();
    void connectTalksToPythonServer();
    void connectOverTlsTrustsTheGivenCa();
    void serverThatDoesNotUpgradeFailsConnect();
    void runSpeaksMessages();
    void badArguments_data();
    void badArguments();

private:
    QString script(const char *name, const char *text)
    {
        const QString path = m_dir.filePath(S(name));
        return writeFile(path, QByteArray(text)) ? path : QString();
    }
    // The Python echo server (over TLS with the test PKI's server certificate when `tls`); its port.
    quint16 startEchoServer(bool tls, Proc **server)
    {
        QStringList arguments {script("echo_server.py", EchoServer)};
        if (tls)
            arguments << m_pki.serverCert() << m_pki.serverKey();
        *server = m_procs.start(Python, arguments);
        Proc *proc = *server;
        if (!QTest::qWaitFor([proc] { return printedPort(proc->out) != 0 || proc->finished(); }, 20000))
            return 0;
        return printedPort(proc->out);
    }

    Processes m_procs;
    QTemporaryDir m_dir;
    testpki::Pki m_pki;
};

void tst_WebSocketCommands::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (!QFile::exists(Python) || !havePythonWebsockets())
        QSKIP("Python's websockets library is not installed (scripts/setup.sh --test installs it)");
    const QString problem = m_pki.make();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_WebSocketCommands::pythonClientTalksToListen_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("ws") << false;
    QTest::newRow("wss") << true;
}

void tst_WebSocketCommands::pythonClientTalksToListen()
{
    QFETCH(bool, tls);
    QStringList arguments = args({"listen", "--bind", "127.0.0.1", "0", "--websocket", "--echo", "-v"});
    if (tls)
        arguments << S("--tls");
    Proc *server = m_procs.sockpit(arguments);
    QVERIFY(
        QTest::qWaitFor([server] { return listeningPort(server->err) != 0 || server->finished(); }, 20000));
    const quint16 port = listeningPort(server->err);
    QVERIFY2(port != 0, server->err.constData());

    const QString url = QStringLiteral("%1://127.0.0.1:%2/echo").arg(tls ? S("wss") : S("ws")).arg(port);
    Proc *client = m_procs.start(Python, {script("client.py", Client), url});
    QVERIFY(waitEnd(client, 30000));
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QCOMPARE(client->out,
        QByteArray("text True str\nbinary True bytes\nbinary utf8 True bytes\nbig True\npong\nclosed 4000\n"
                   "closed after 4 MiB 1000\n"));

    // Each message on standard output, a line end after it; the log names the ping and the close.
    QTRY_VERIFY_WITH_TIMEOUT(server->out.startsWith("h\xc3\xa9llo\n\x00\x01\xff\n"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(server->err.contains("WebSocket closed by the peer: 4000 \"done\""), 10000);
    QVERIFY2(server->err.contains("WebSocket open: GET /echo"), server->err.constData());
    QVERIFY2(server->err.contains("ping (2 bytes), answered with a pong"), server->err.constData());
    QVERIFY(!server->finished());
}

void tst_WebSocketCommands::connectTalksToPythonServer()
{
    Proc *server = nullptr;
    const quint16 port = startEchoServer(false, &server);
    QVERIFY2(port != 0, server->err.constData());
    const QString url = QStringLiteral("ws://127.0.0.1:%1/echo?x=1").arg(port);

    // Standard input a line at a time: each line is a message, and each answer a line.
    Proc *client = m_procs.sockpit(QStringList {S("connect"), url, S("-v")});
    QVERIFY(client->process->waitForStarted(5000));
    client->process->write("first line\r\nsecond \xe4\xbd\xa0\xe5\xa5\xbd\n\nlast, no end");
    client->process->closeWriteChannel();
    QVERIFY(waitEnd(client, 20000));
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QCOMPARE(client->out, QByteArray("first line\nsecond \xe4\xbd\xa0\xe5\xa5\xbd\nlast, no end\n"));
    QVERIFY2(client->err.contains(QByteArray("WebSocket open: " + url.toUtf8())), client->err.constData());
    QVERIFY2(client->err.contains("WebSocket closed: the peer answered 1000"), client->err.constData());
    QTRY_VERIFY_WITH_TIMEOUT(server->out.contains("got str last, no end\n"), 10000);
    QVERIFY2(server->out.contains("path /echo?x=1\n"), server->out.constData());
    QVERIFY2(server->out.contains("got str first line\ngot str second \xe4\xbd\xa0\xe5\xa5\xbd\n"),
        server->out.constData());

    // Bytes that are not UTF-8 go as a binary message.
    Proc *binaryClient
        = m_procs.sockpit(QStringList {S("connect"), url, S("--hex"), S("--send"), S("00 01 fe ff")});
    QVERIFY(waitEnd(binaryClient, 20000));
    QVERIFY2(binaryClient->process->exitCode() == 0, binaryClient->err.constData());
    QCOMPARE(binaryClient->out, QByteArray("\x00\x01\xfe\xff\n", 5));
    QTRY_VERIFY_WITH_TIMEOUT(server->out.contains("got bytes 0001feff\n"), 10000);
}

void tst_WebSocketCommands::connectOverTlsTrustsTheGivenCa()
{
    Proc *server = nullptr;
    const quint16 port = startEchoServer(true, &server);
    QVERIFY2(port != 0, server->err.constData());
    const QString url = QStringLiteral("wss://localhost:%1/").arg(port);
    Proc *client = m_procs.sockpit(
        QStringList {S("connect"), url, S("--ca"), m_pki.caCert(), S("--send"), S("secret")});
    QVERIFY(waitEnd(client, 20000));
    QVERIFY2(client->process->exitCode() == 0, client->err.constData());
    QCOMPARE(client->out, QByteArray("secret\n"));
    QTRY_VERIFY_WITH_TIMEOUT(server->out.contains("got str secret\n"), 10000);

    // Without the CA the certificate cannot be verified: exit 1, before any WebSocket.
    Proc *untrusting = m_procs.sockpit(QStringList {S("connect"), url, S("--send"), S("secret")});
    QVERIFY(waitEnd(untrusting, 20000));
    QCOMPARE(untrusting->process->exitCode(), 1);
    QVERIFY2(untrusting->err.contains("TLS handshake with"), untrusting->err.constData());
}

void tst_WebSocketCommands::serverThatDoesNotUpgradeFailsConnect()
{
    // Python's own web server answers the upgrade request like any GET: 404 for a missing file.
    Proc *web = m_procs.start(Python,
        {S("-u"), S("-m"), S("http.server"), S("0"), S("--bind"), S("127.0.0.1"), S("--directory"),
            m_dir.path()});
    QVERIFY(QTest::qWaitFor([web] { return printedPort(web->out) != 0 || web->finished(); }, 20000));
    const quint16 port = printedPort(web->out);
    QVERIFY2(port != 0, web->err.constData());
    const QString url = QStringLiteral("ws://127.0.0.1:%1/nothing-here").arg(port);
    Proc *client = m_procs.sockpit(QStringList {S("connect"), url, S("--send"), S("hello")});
    QVERIFY(waitEnd(client, 20000));
    QCOMPARE(client->process->exitCode(), 1);
    QVERIFY2(client->err.contains(QByteArray("WebSocket handshake with " + url.toUtf8() + " failed")),
        client->err.constData());
    QVERIFY2(client->err.contains("404"), client->err.constData());
}

void tst_WebSocketCommands::runSpeaksMessages()
{
    Proc *server = nullptr;
    const quint16 port = startEchoServer(false, &server);
    QVERIFY2(port != 0, server->err.constData());
    const QString sequence = m_dir.filePath(S("sequence.json"));
    QVERIFY(writeFile(sequence,
        R"({"sequence": 1, "steps": [
            {"kind": "send", "text": "hello"}, {"kind": "expect", "match": "exact", "pattern": "hello"},
            {"kind": "send", "hex": "00 ff"}, {"kind": "expect", "match": "hex", "pattern": "00 ff"}]})"));
    Proc *run = m_procs.sockpit(
        QStringList {S("run"), sequence, QStringLiteral("ws://127.0.0.1:%1/seq").arg(port)});
    QVERIFY(waitEnd(run, 20000));
    QVERIFY2(run->process->exitCode() == 0, QByteArray(run->out + run->err).constData());
    QCOMPARE(run->out.count("ok  "), 4);
    QVERIFY2(run->err.contains("every step passed"), run->err.constData());
    QTRY_VERIFY_WITH_TIMEOUT(server->out.contains("got bytes 00ff\n"), 10000);
    QVERIFY2(server->out.contains("path /seq\ngot str hello\n"), server->out.constData());
}

void tst_WebSocketCommands::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no host") << args({"connect", "ws:///path"}) << S("has no host");
    QTest::newRow("bad port") << args({"connect", "ws://127.0.0.1:99999/"}) << S("ws://127.0.0.1:99999/");
    QTest::newRow("udp") << args({"connect", "ws://127.0.0.1:9/", "--udp"})
                         << S("--udp does not apply to WebSocket");
    QTest::newRow("framing") << args({"connect", "ws://127.0.0.1:9/", "--framing", "lines"})
                             << S("--framing does not apply to WebSocket");
    QTest::newRow("tls with ws") << args({"connect", "ws://127.0.0.1:9/", "--tls"}) << S("wss://");
    QTest::newRow("run wss") << args({"run", "seq.json", "wss://127.0.0.1:9/"}) << S("ws:// only");
    QTest::newRow("listen udp") << args({"listen", "0", "--websocket", "--udp"})
                                << S("--websocket needs TCP");
    QTest::newRow("listen unix") << args({"listen", "--unix", "@sockpit-ws-test", "--websocket"})
                                 << S("--websocket does not apply to a Unix socket");
    QTest::newRow("listen chat") << args({"listen", "0", "--websocket", "--chat"}) << S("--chat");
    QTest::newRow("listen framing") << args({"listen", "0", "--websocket", "--framing", "lines"})
                                    << S("--framing does not apply with --websocket");
}

void tst_WebSocketCommands::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    Proc *proc = m_procs.sockpit(arguments);
    QVERIFY(waitEnd(proc, 10000));
    QCOMPARE(proc->process->exitCode(), 2);
    QVERIFY2(QString::fromUtf8(proc->err).contains(message), proc->err.constData());
}

QTEST_GUILESS_MAIN(tst_WebSocketCommands)
#include "tst_websocketcommands.moc"
