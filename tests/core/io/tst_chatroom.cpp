// A TCP server session run as a chat room (core/io/chatroom.*, chatresponder.*), end to end over
// loopback with plain line clients: what each client receives, names, history, a client that never
// reads, the recording.

#include "chatroom.h"
#include "event.h"
#include "recorder.h"
#include "recordreader.h"
#include "sessiontestutil.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>

#include <sys/socket.h>
#include <unistd.h>

using namespace sockpit;
using namespace sockpit::test;

namespace {

// A line client as telnet or nc would be: writes lines, collects every line it receives.
class LineClient
{
public:
    explicit LineClient(quint16 port) { m_socket.connectToHost(QHostAddress::LocalHost, port); }
    void say(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    // Every complete line received so far, without line endings.
    QList<QByteArray> lines()
    {
        m_buffer += m_socket.readAll();
        qsizetype start = 0;
        qsizetype end;
        while ((end = m_buffer.indexOf('\n', start)) >= 0) {
            QByteArray line = m_buffer.mid(start, end - start);
            start = end + 1;
            if (line.endsWith('\r'))
                line.chop(1);
            m_lines.append(line);
        }
        m_buffer.remove(0, start);
        return m_lines;
    }
    bool has(const QByteArray &line) { return lines().contains(line); }
    // The lines said (not notices) received so far.
    QList<QByteArray> said()
    {
        QList<QByteArray> out;
        for (const QByteArray &line : lines()) {
            if (line.startsWith('<'))
                out.append(line);
        }
        return out;
    }
    // Waits for the welcome notice and returns the name it gives.
    QByteArray waitForName()
    {
        QByteArray name;
        (void)QTest::qWaitFor(
            [&] {
                for (const QByteArray &line : lines()) {
                    if (line.startsWith("* welcome, you are ")) {
                        name = line.mid(19, line.indexOf(';') - 19);
                        return true;
                    }
                }
                return false;
            },
            WaitMs);
        return name;
    }
    QByteArray rawBuffer()
    {
        lines();
        return m_buffer;
    }
    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
    QList<QByteArray> m_lines;
};

SessionConfig chatConfig()
{
    SessionConfig config = serverConfig(QHostAddress::LocalHost);
    config.chat = true;
    return config;
}

} // namespace

class tst_ChatRoom : public QObject
{
    Q_OBJECT

private slots:
    void linesGoToEveryoneButTheSender();
    void crLfClientsAndACrLfRoom();
    void namesAndRenames();
    void badNamesAreRefused_data();
    void badNamesAreRefused();
    void newcomerGetsTheLastTwentyLines();
    void hostTalksToTheRoom();
    void clientThatNeverReadsIsExpelled();
    void clientThatLeavesMidLine();
    void longLineIsCutAndMarked();
    void chineseTextKeepsItsBytes();
    void recordingHoldsEachMessageOnceWithItsName();
};

void tst_ChatRoom::linesGoToEveryoneButTheSender()
{
    Session server;
    QVERIFY(startAndWait(server, chatConfig()));
    // One after another, so that the names follow the order.
    LineClient a(server.localPort());
    const QByteArray nameA = a.waitForName();
    LineClient b(server.localPort());
    const QByteArray nameB = b.waitForName();
    LineClient c(server.localPort());
    const QByteArray nameC = c.waitForName();
    QCOMPARE(nameA, QByteArray("user1"));
    QCOMPARE(nameB, QByteArray("user2"));
    QCOMPARE(nameC, QByteArray("user3"));
    // Joins are announced to those already there.
    QTRY_VERIFY_WITH_TIMEOUT(a.has("* user2 joined") && a.has("* user3 joined"), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(b.has("* user3 joined"), WaitMs);

    a.say("hello\nsecond line\n");
    QTRY_COMPARE_WITH_TIMEOUT(b.said(), (QList<QByteArray> {"<user1> hello", "<user1> second line"}), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(c.said(), (QList<QByteArray> {"<user1> hello", "<user1> second line"}), WaitMs);
    c.say("hi all\n");
    QTRY_VERIFY_WITH_TIMEOUT(a.has("<user3> hi all") && b.has("<user3> hi all"), WaitMs);
    // The sender never gets its own lines back.
    QVERIFY(!a.lines().contains("<user1> hello"));
    QCOMPARE(c.said().size(), 2);

    // Each line passed to a member counts as a message sent.
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().messagesOut,
        qint64(a.lines().size() + b.lines().size() + c.lines().size()), WaitMs);

    b.socket().disconnectFromHost();
    QTRY_VERIFY_WITH_TIMEOUT(a.has("* user2 left") && c.has("* user2 left"), WaitMs);
    QVERIFY(stopAndWait(server));
}

void tst_ChatRoom::crLfClientsAndACrLfRoom()
{
    for (const bool crlfRoom : {false, true}) {
        SessionConfig config = chatConfig();
        if (crlfRoom) {
            config.framing.kind = Framing::Kind::Delimiter;
            config.framing.delimiter = "\r\n";
        }
        Session server;
        QVERIFY(startAndWait(server, config));
        LineClient telnet(server.localPort());
        QVERIFY(!telnet.waitForName().isEmpty());
        LineClient nc(server.localPort());
        QVERIFY(!nc.waitForName().isEmpty());
        // One after the other, so that the history's order is known: the two connections' lines
        // reach the room from their own threads.
        telnet.say("from telnet\r\n");
        const QByteArray ending = crlfRoom ? "\r\n" : "\n";
        // The CR of a CR LF line is not part of the text passed on; the room's own ending follows.
        QTRY_VERIFY_WITH_TIMEOUT(nc.rawBuffer().isEmpty() && nc.has("<user1> from telnet"), WaitMs);
        nc.say("from nc\n");
        QTRY_VERIFY_WITH_TIMEOUT(telnet.has("<user2> from nc"), WaitMs);
        QByteArray raw = "<user1> from telnet" + ending;
        QTcpSocket probe; // a third client sees the exact bytes of the history
        probe.connectToHost(QHostAddress::LocalHost, server.localPort());
        QVERIFY(probe.waitForConnected(WaitMs));
        QByteArray got;
        QTRY_VERIFY_WITH_TIMEOUT((got += probe.readAll()).contains("welcome"), WaitMs);
        QVERIFY2(got.startsWith(QByteArray(raw + "<user2> from nc" + ending)), got.constData());
        QVERIFY(got.endsWith(ending));
        QCOMPARE(got.count('\r'), crlfRoom ? got.count('\n') : 0);
        QVERIFY(stopAndWait(server));
    }
}

void tst_ChatRoom::namesAndRenames()
{
    Session server;
    QVERIFY(startAndWait(server, chatConfig()));
    LineClient a(server.localPort());
    QCOMPARE(a.waitForName(), QByteArray("user1"));
    LineClient b(server.localPort());
    QCOMPARE(b.waitForName(), QByteArray("user2"));

    a.say("/nick alice\n");
    QTRY_VERIFY_WITH_TIMEOUT(a.has("* user1 is now alice") && b.has("* user1 is now alice"), WaitMs);
    a.say("it is me\n");
    QTRY_VERIFY_WITH_TIMEOUT(b.has("<alice> it is me"), WaitMs);

    // A taken name (in any case) is refused to the asker only.
    b.say("/nick ALICE\n");
    QTRY_VERIFY_WITH_TIMEOUT(b.has("* name refused: ALICE is taken"), WaitMs);
    b.say("/nick host\n");
    QTRY_VERIFY_WITH_TIMEOUT(b.has("* name refused: host is taken"), WaitMs);
    b.say("/who\n");
    QTRY_VERIFY_WITH_TIMEOUT(b.has("* here: host, alice, user2"), WaitMs);
    b.say("/dance\n");
    QTRY_VERIFY_WITH_TIMEOUT(b.has("* unknown command /dance (/nick NAME to rename, /who to list)"), WaitMs);
    b.say("/nick 小明\n");
    QTRY_VERIFY_WITH_TIMEOUT(a.has("* user2 is now 小明"), WaitMs);
    b.say("你好\n");
    QTRY_VERIFY_WITH_TIMEOUT(a.has("<小明> 你好"), WaitMs);
    for (const QByteArray &line : a.lines()) {
        QVERIFY2(!line.startsWith("* name refused") && !line.startsWith("* here:")
                && !line.startsWith("* unknown"),
            line.constData());
    }
    // A new client is not given a name someone took.
    a.say("/nick user3\n");
    QTRY_VERIFY_WITH_TIMEOUT(b.has("* alice is now user3"), WaitMs);
    LineClient c(server.localPort());
    QCOMPARE(c.waitForName(), QByteArray("user4"));
    QVERIFY(stopAndWait(server));
}

void tst_ChatRoom::badNamesAreRefused_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("why");
    QTest::newRow("empty") << QByteArray() << QByteArray("a name needs at least one character");
    QTest::newRow("space") << QByteArray("a b")
                           << QByteArray("a name may not hold spaces or control characters");
    QTest::newRow("tab") << QByteArray("a\tb")
                         << QByteArray("a name may not hold spaces or control characters");
    QTest::newRow("angle") << QByteArray("<b>") << QByteArray("a name may not hold < or >");
    QTest::newRow("33") << QByteArray(33, 'x') << QByteArray("a name has at most 32 characters");
    QTest::newRow("ideographic space")
        << QByteArray("a\u3000b") << QByteArray("a name may not hold spaces or control characters");
}

void tst_ChatRoom::badNamesAreRefused()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, why);
    QCOMPARE(ChatRoom::checkName(name), why);
    // 32 characters of Chinese are 96 bytes of UTF-8, and allowed.
    QCOMPARE(ChatRoom::checkName(QString(32, QChar(0x4e2d)).toUtf8()), QByteArray());
    QCOMPARE(ChatRoom::checkName(QByteArray(32, 'x')), QByteArray());

    Session server;
    QVERIFY(startAndWait(server, chatConfig()));
    LineClient a(server.localPort());
    QCOMPARE(a.waitForName(), QByteArray("user1"));
    a.say("/nick " + name + "\n");
    QTRY_VERIFY_WITH_TIMEOUT(a.has("* name refused: " + why), WaitMs);
    a.say("/who\n");
    QTRY_VERIFY_WITH_TIMEOUT(a.has("* here: host, user1"), WaitMs);
    QVERIFY(stopAndWait(server));
}

void tst_ChatRoom::newcomerGetsTheLastTwentyLines()
{
    Session server;
    QVERIFY(startAndWait(server, chatConfig()));
    LineClient a(server.localPort());
    QVERIFY(!a.waitForName().isEmpty());
    QByteArray lines;
    for (int i = 1; i <= 25; ++i)
        lines += "line " + QByteArray::number(i) + '\n';
    a.say(lines);
    // The lines are in the room once a later client hears the last of them.
    LineClient b(server.localPort());
    QTRY_VERIFY_WITH_TIMEOUT(b.said().size() >= 20 || b.has("<user1> line 25"), WaitMs);
    LineClient c(server.localPort());
    QVERIFY(!c.waitForName().isEmpty());
    QList<QByteArray> expected;
    for (int i = 6; i <= 25; ++i)
        expected.append("<user1> line " + QByteArray::number(i));
    QCOMPARE(c.said(), expected);
    // History comes before the welcome.
    QVERIFY(c.lines().indexOf("<user1> line 25") < c.lines().indexOf(c.lines().last()));
    QVERIFY(c.lines().last().startsWith("* welcome, you are user3; here: host, user1, user2, user3"));
    QVERIFY(stopAndWait(server));
}

void tst_ChatRoom::hostTalksToTheRoom()
{
    SessionConfig config = chatConfig();
    config.chatName = QStringLiteral("operator");
    Session server;
    EventLog log(&server);
    QVERIFY(startAndWait(server, config));
    // Said to an empty room: kept for those who join.
    QVERIFY(server.send("anyone?"));
    LineClient a(server.localPort());
    QVERIFY(!a.waitForName().isEmpty());
    QVERIFY(a.has("<operator> anyone?"));
    LineClient b(server.localPort());
    QVERIFY(!b.waitForName().isEmpty());
    QVERIFY(server.send("two\r\nlines\n"));
    QTRY_VERIFY_WITH_TIMEOUT(a.has("<operator> lines") && b.has("<operator> lines"), WaitMs);
    QCOMPARE(a.said(), (QList<QByteArray> {"<operator> anyone?", "<operator> two", "<operator> lines"}));
    a.say("/nick Operator\n");
    QTRY_VERIFY_WITH_TIMEOUT(a.has("* name refused: Operator is taken"), WaitMs);
    // Each line the host said is one out event of the session, named.
    QTRY_COMPARE_WITH_TIMEOUT(log.payload(Direction::Out, 0), QByteArray("anyone?\ntwo\nlines\n"), WaitMs);
    int named = 0;
    for (const Event &event : log.events)
        named += event.dir == Direction::Out && event.name == QLatin1String("operator");
    QCOMPARE(named, 3);
    QVERIFY(stopAndWait(server));
}

void tst_ChatRoom::clientThatNeverReadsIsExpelled()
{
    Session server;
    EventLog log(&server);
    QVERIFY(startAndWait(server, chatConfig()));
    // Joins first and never reads: a small receive buffer, so the room's bound is reached soon.
    const int stuck = rawConnect(QHostAddress::LocalHost, server.localPort(), 4096);
    QVERIFY(stuck >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(server.peers().size(), 1, WaitMs);
    LineClient talker(server.localPort());
    QVERIFY(!talker.waitForName().isEmpty());
    // A reader as fast as nc: its own thread, reading as the bytes come.
    const int listener = rawConnect(QHostAddress::LocalHost, server.localPort());
    QVERIFY(listener >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(server.peers().size(), 3, WaitMs);
    QByteArray heard;
    std::atomic<bool> done {false};
    std::atomic<qint64> heardLines {0};
    const QByteArray lastLine = "<user2> 8191 ";
    const QByteArray leftNotice = "* user1 left (not reading)\n";
    std::thread reader([&] {
        timeval step {0, 100000};
        ::setsockopt(listener, SOL_SOCKET, SO_RCVTIMEO, &step, sizeof step);
        QElapsedTimer clock;
        clock.start();
        char buffer[65536];
        bool sawLast = false;
        bool sawLeft = false;
        // Looks only at what is new (and a line's worth before it), so reading keeps pace.
        while (!(sawLast && sawLeft && heard.endsWith('\n')) && clock.elapsed() < 30000) {
            const ssize_t n = ::recv(listener, buffer, sizeof buffer, 0);
            if (n == 0)
                break;
            if (n < 0)
                continue;
            const qsizetype from = qMax(qsizetype(0), heard.size() - 64);
            heard.append(buffer, n);
            heardLines += std::count(buffer, buffer + n, '\n');
            const QByteArrayView fresh = QByteArrayView(heard).sliced(from);
            sawLast = sawLast || fresh.contains(lastLine);
            sawLeft = sawLeft || fresh.contains(leftNotice);
        }
        done = true;
    });

    // 8 MiB of lines: far more than the room keeps for one client and the kernel buffers hold. Said
    // in pieces the listener keeps up with even on a loaded machine, while the stuck client falls
    // further behind with each.
    const QByteArray text(1000, 'x');
    const int count = 8 * 1024;
    const int piece = 256;
    for (int first = 0; first < count; first += piece) {
        QByteArray lines;
        for (int i = first; i < first + piece; ++i)
            lines += QByteArray::number(i) + ' ' + text + '\n';
        talker.say(lines);
        QTRY_VERIFY_WITH_TIMEOUT(heardLines.load() >= first + piece || done.load(), 30000);
    }
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 40000);
    reader.join();
    ::close(listener);
    // The listener got every line, in order, while the stuck client was put out.
    QList<QByteArray> got;
    for (const QByteArray &line : heard.split('\n')) {
        if (line.startsWith("<user2> "))
            got.append(line);
    }
    QCOMPARE(got.size(), count);
    for (int i = 0; i < count; ++i)
        QCOMPARE(got.at(i), "<user2> " + QByteArray::number(i) + ' ' + text);
    QVERIFY(heard.contains("* user1 left (not reading)\n"));
    QTRY_VERIFY_WITH_TIMEOUT(talker.has("* user1 left (not reading)"), WaitMs);
    const Event *closed = log.find(EventKind::Close, 1);
    QVERIFY2(closed, log.dump().constData());
    QVERIFY2(closed->text.contains(QLatin1String("were waiting for this client to read")),
        qPrintable(closed->text));
    // Nothing more is kept for it: the session's queued bytes return to nothing.
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().queuedBytes, 0, WaitMs);
    ::close(stuck);
    QVERIFY(stopAndWait(server));
}

void tst_ChatRoom::clientThatLeavesMidLine()
{
    Session server;
    QVERIFY(startAndWait(server, chatConfig()));
    LineClient a(server.localPort());
    QVERIFY(!a.waitForName().isEmpty());
    LineClient b(server.localPort());
    QVERIFY(!b.waitForName().isEmpty());
    a.say("complete\nhalf a li");
    QTRY_VERIFY_WITH_TIMEOUT(b.has("<user1> complete"), WaitMs);
    a.socket().abort();
    // What it said before it went is said; then it leaves.
    QTRY_VERIFY_WITH_TIMEOUT(b.has("* user1 left"), WaitMs);
    const QList<QByteArray> lines = b.lines();
    QCOMPARE(lines.indexOf("<user1> half a li") + 1, lines.indexOf("* user1 left"));
    QVERIFY(stopAndWait(server));
}

void tst_ChatRoom::longLineIsCutAndMarked()
{
    Session server;
    QVERIFY(startAndWait(server, chatConfig()));
    LineClient a(server.localPort());
    QVERIFY(!a.waitForName().isEmpty());
    LineClient b(server.localPort());
    QVERIFY(!b.waitForName().isEmpty());
    const QByteArray exact(int(ChatRoom::MaxLine), 'e');
    const QByteArray longer(10000, 'L');
    a.say(exact + "\r\n" + longer + "\nafter\n");
    QTRY_VERIFY_WITH_TIMEOUT(b.has("<user1> after"), WaitMs);
    QCOMPARE(b.said(),
        (QList<QByteArray> {
            "<user1> " + exact, "<user1> " + longer.left(ChatRoom::MaxLine) + " [cut]", "<user1> after"}));
    QVERIFY(stopAndWait(server));
}

void tst_ChatRoom::chineseTextKeepsItsBytes()
{
    Session server;
    QVERIFY(startAndWait(server, chatConfig()));
    LineClient utf8(server.localPort());
    QVERIFY(!utf8.waitForName().isEmpty());
    LineClient gb(server.localPort());
    QVERIFY(!gb.waitForName().isEmpty());
    const QByteArray utf8Text = QStringLiteral("你好，世界").toUtf8();
    // "你好" in GB18030, and a four-byte GB18030 sequence.
    const QByteArray gbText("\xc4\xe3\xba\xc3 \x81\x30\x81\x30", 9);
    utf8.say(utf8Text + "\n");
    gb.say(gbText + "\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(gb.has("<user1> " + utf8Text), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(utf8.has("<user2> " + gbText), WaitMs);
    QVERIFY(stopAndWait(server));
}

void tst_ChatRoom::recordingHoldsEachMessageOnceWithItsName()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("room.jsonl"));
    Session server;
    QString error;
    auto recorder = std::make_shared<Recorder>();
    QVERIFY2(recorder->open(path, &error), qPrintable(error));
    server.setRecorder(recorder);
    QVERIFY(startAndWait(server, chatConfig()));
    LineClient a(server.localPort());
    QVERIFY(!a.waitForName().isEmpty());
    LineClient b(server.localPort());
    QVERIFY(!b.waitForName().isEmpty());
    LineClient c(server.localPort());
    QVERIFY(!c.waitForName().isEmpty());
    a.say("first\n/nick ann\nsecond\n");
    QTRY_VERIFY_WITH_TIMEOUT(b.has("<ann> second") && c.has("<ann> second"), WaitMs);
    QVERIFY(server.send("from the host\n"));
    QTRY_VERIFY_WITH_TIMEOUT(a.has("<host> from the host") && c.has("<host> from the host"), WaitMs);
    QVERIFY(stopAndWait(server));
    recorder->close();

    Recording recording;
    QVERIFY2(readRecordingFile(path, &recording, &error), qPrintable(error));
    QVERIFY(recording.problems.isEmpty());
    QStringList data;
    for (const Event &event : std::as_const(recording.events)) {
        if (event.dir == Direction::In || event.dir == Direction::Out)
            data << QStringLiteral("%1 #%2 %3 %4")
                        .arg(QLatin1String(directionName(event.dir)))
                        .arg(event.conn)
                        .arg(event.name, QString::fromUtf8(event.payload));
    }
    // Each line once; the copies passed to the other clients are not recorded again.
    QCOMPARE(data,
        (QStringList {QStringLiteral("in #1 user1 first\n"), QStringLiteral("in #1 user1 /nick ann\n"),
            QStringLiteral("in #1 ann second\n"), QStringLiteral("out #0 host from the host\n")}));
}

QTEST_MAIN(tst_ChatRoom)
#include "tst_chatroom.moc"
