// The window's flags open a ready session: `sockpit --mode tcp-server --port N --start --record F`
// listens at once and records every event (run offscreen, as a desktop shortcut or script would).

#include "clitestutil.h"

#include <QNetworkDatagram>
#include <QTemporaryDir>
#include <QUdpSocket>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace clitest;

class tst_WindowFlags : public QObject
{
    Q_OBJECT
private slots:
    void cleanup() { m_processes.killAll(); }
    void serverFlagsListenAndRecord();
    void icmpFlagsPingAndRecord();
    void badFlagsExitTwo_data();
    void badFlagsExitTwo();
    void workspaceStartsEveryTab();
    void badWorkspaceFileIsRefusedWithoutADisplay_data();
    void badWorkspaceFileIsRefusedWithoutADisplay();

private:
    Processes m_processes;
};

namespace {
QList<QJsonObject> readRecord(const QString &path)
{
    QList<QJsonObject> events;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return events;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QJsonDocument document = QJsonDocument::fromJson(line);
        if (document.isObject())
            events.append(document.object());
    }
    return events;
}
} // namespace

void tst_WindowFlags::serverFlagsListenAndRecord()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString record = dir.filePath(QStringLiteral("traffic.jsonl"));
    const quint16 port = freeTcpPort();
    QVERIFY(port != 0);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
    Proc *window = m_processes.start(binary(),
        {S("--mode"), S("tcp-server"), S("--bind"), S("127.0.0.1"), S("--port"), QString::number(port),
            S("--start"), S("--record"), record},
        environment);

    QTRY_VERIFY_WITH_TIMEOUT(tcpAccepts(port), 10000);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    client.write("from a client");
    QVERIFY(client.waitForBytesWritten(5000));

    // The recording is flushed at least every second: the events appear while the window runs.
    auto hasEvent = [&](const char *key, const char *value) {
        for (const QJsonObject &event : readRecord(record)) {
            if (event.value(QString::fromLatin1(key)).toString() == QString::fromLatin1(value))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(hasEvent("event", "listen"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(hasEvent("event", "accept"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(hasEvent("hex", "66726f6d206120636c69656e74"), 10000);
    QVERIFY(!window->finished());
}

void tst_WindowFlags::icmpFlagsPingAndRecord()
{
    const int fd = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
    if (fd < 0)
        QSKIP("a raw ICMP socket needs root or CAP_NET_RAW, which this process does not have");
    ::close(fd);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString record = dir.filePath(QStringLiteral("ping.jsonl"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
    Proc *window = m_processes.start(binary(),
        {S("--mode"), S("icmp"), S("--host"), S("127.0.0.1"), S("--start"), S("--record"), record},
        environment);
    // Four requests a second apart by default; the first reply is recorded within the flush interval.
    const auto replies = [&] {
        int n = 0;
        for (const QJsonObject &event : readRecord(record)) {
            n += event.value(QStringLiteral("event")).toString() == QLatin1String("reply")
                && event.value(QStringLiteral("session")).toString() == QLatin1String("icmp 127.0.0.1")
                && event.value(QStringLiteral("text"))
                       .toString()
                       .contains(QLatin1String("ICMP type 0 (echo reply)"));
        }
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(replies() >= 1, 10000);
    QVERIFY(!window->finished());
}

void tst_WindowFlags::badFlagsExitTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("unknown mode") << args({"--mode", "tcp-thing"});
    QTest::newRow("bad port") << args({"--port", "65536"});
    QTest::newRow("bad bind") << args({"--bind", "not-an-address"});
    QTest::newRow("client without host") << args({"--mode", "tcp-client", "--port", "80", "--start"});
    QTest::newRow("unknown flag") << args({"--frobnicate"});
    QTest::newRow("icmp --start without host") << args({"--mode", "icmp", "--start"});
    QTest::newRow("workspace and mode") << args({"--workspace", "w.json", "--mode", "udp"});
    QTest::newRow("workspace and record") << args({"--workspace", "w.json", "--record", "r.jsonl"});
    QTest::newRow("workspace without file") << args({"--workspace"});
}

void tst_WindowFlags::badFlagsExitTwo()
{
    QFETCH(QStringList, arguments);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    Proc *window = m_processes.start(binary(), arguments, environment);
    QVERIFY(waitEnd(window, 10000));
    QCOMPARE(window->process->exitCode(), 2);
    QVERIFY2(window->err.startsWith("sockpit: "), window->err.constData());
}

void tst_WindowFlags::workspaceStartsEveryTab()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const quint16 tcpPort = freeTcpPort();
    const quint16 udpPort = freeUdpPort();
    QVERIFY(tcpPort != 0 && udpPort != 0);
    const QString path = dir.filePath(S("bench.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"({"workspace": 1, "tabs": [
        {"mode": "tcp-server", "title": "server", "localAddress": "127.0.0.1", "localPort": %1},
        {"mode": "udp", "localAddress": "127.0.0.1", "localPort": %2, "echo": true}]})")
                   .arg(tcpPort)
                   .arg(udpPort)
                   .toUtf8());
    file.close();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(S("QT_QPA_PLATFORM"), S("offscreen"));
    environment.insert(S("XDG_CONFIG_HOME"), dir.path());
    Proc *window = m_processes.start(binary(), {S("--workspace"), path, S("--start")}, environment);

    QTRY_VERIFY_WITH_TIMEOUT(tcpAccepts(tcpPort), 10000);
    // The second tab echoes: a datagram comes back (sent again until the socket is up).
    QUdpSocket udp;
    QVERIFY(udp.bind(QHostAddress::LocalHost, 0));
    QTRY_VERIFY_WITH_TIMEOUT(
        udp.writeDatagram("ping", QHostAddress::LocalHost, udpPort) == 4 && udp.waitForReadyRead(200), 10000);
    QCOMPARE(udp.receiveDatagram().data(), QByteArray("ping"));
    QVERIFY(!window->finished());
}

void tst_WindowFlags::badWorkspaceFileIsRefusedWithoutADisplay_data()
{
    QTest::addColumn<QByteArray>("content"); // empty: no file at all
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("says");
    QTest::newRow("missing") << QByteArray() << 1 << S("cannot read");
    QTest::newRow("not JSON") << QByteArray("{\"tabs\": [") << 2 << S("not valid JSON");
    QTest::newRow("not a workspace") << QByteArray("{\"rules\": []}") << 2 << S("\"tabs\"");
}

void tst_WindowFlags::badWorkspaceFileIsRefusedWithoutADisplay()
{
    QFETCH(QByteArray, content);
    QFETCH(int, status);
    QFETCH(QString, says);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(S("bench.json"));
    if (!content.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *variable : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QString::fromLatin1(variable));
    Proc *window = m_processes.start(binary(), {S("--workspace"), path, S("--start")}, environment);
    QVERIFY(waitEnd(window, 10000));
    QCOMPARE(window->process->exitCode(), status);
    const QString err = QString::fromLocal8Bit(window->err);
    QVERIFY2(err.startsWith(S("sockpit: --workspace: ")) && err.contains(path) && err.contains(says),
        qPrintable(err));
}

QTEST_GUILESS_MAIN(tst_WindowFlags)
#include "tst_windowflags.moc"
