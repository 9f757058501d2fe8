#include "inputpump.h"
#include "sessiontestutil.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <mutex>

#include <sys/stat.h>

using namespace sockpit;
using namespace sockpit::test;

// The input pump feeding a TCP client with a file, received by a server in this process on loopback.
// A file nobody looks at on its way out is handed to the kernel in ranges (sendfile); one that is
// shown or recorded is read and sent as bytes. Either way the server gets every byte, in order.
class tst_InputPump : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fileArrivesWhole_data();
    void fileArrivesWhole();
    void fileLargerThanTheQueueLimitToAnEchoingPeer();
    void rangesAreReadWhenSomeoneLooks();
    void peerGoneWhileAFileIsSent();
    void rangePastTheEndIsReportedNotSent();
    void onlyPlainUnseenStreamsSendFilesUnread();
    void notARegularFileIsReadAsBefore();
    void linesGoOneSendEach();
    void unpacedDatagramsGoInBatches_data();
    void unpacedDatagramsGoInBatches();

private:
    QTemporaryDir m_dir;
};

namespace {

// A server session that keeps every byte it receives.
class Receiver
{
public:
    Receiver()
    {
        session.setDisplayDataEvents(false);
        session.setDataHandler([this](ConnId, const char *data, qsizetype size) {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_bytes.append(data, size);
        });
    }
    QByteArray bytes() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_bytes;
    }
    qsizetype size() const { return bytes().size(); }

    Session session;

private:
    mutable std::mutex m_mutex;
    QByteArray m_bytes;
};

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

int sentEvents(const EventLog &log)
{
    int n = 0;
    for (const Event &event : log.events)
        n += event.dir == Direction::Out && event.kind == EventKind::None;
    return n;
}

InputPump::Source fileSource(const QString &path, qint64 repeat = 1)
{
    InputPump::Source source;
    source.kind = InputPump::Source::Kind::File;
    source.file = path;
    source.repeat = repeat;
    return source;
}

} // namespace

void tst_InputPump::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void tst_InputPump::fileArrivesWhole_data()
{
    QTest::addColumn<bool>("shown");
    QTest::addColumn<qint64>("repeat");
    QTest::newRow("unseen") << false << qint64(1);
    QTest::newRow("unseen, 3 times") << false << qint64(3);
    QTest::newRow("shown") << true << qint64(1);
}

void tst_InputPump::fileArrivesWhole()
{
    QFETCH(bool, shown);
    QFETCH(qint64, repeat);
    // Not a multiple of the chunk, so that the last range is a short one.
    const QByteArray content = pattern(0, 3 * 1024 * 1024 + 12345);
    const QString path = writeFile(m_dir, QStringLiteral("file.bin"), content);
    QVERIFY(!path.isEmpty());

    Receiver receiver;
    QVERIFY(startAndWait(receiver.session, serverConfig(loopback(false))));
    Session client;
    client.setDisplayDataEvents(shown);
    EventLog log(&client);
    QVERIFY(startAndWait(client, clientConfig(loopback(false), receiver.session.localPort())));
    QCOMPARE(client.feed().sendsFilesUnread(), !shown);

    InputPump pump(client.feed(), fileSource(path, repeat), SendTarget::all());
    QSignalSpy ended(&pump, &InputPump::inputEnded);
    QSignalSpy failed(&pump, &InputPump::inputFailed);
    pump.start();
    // Not ended.wait(): the pump may end before the wait begins.
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, WaitMs);
    QCOMPARE(failed.count(), 0);
    const qint64 total = content.size() * repeat;
    QTRY_COMPARE_WITH_TIMEOUT(receiver.size(), total, WaitMs);
    QByteArray expected;
    for (qint64 i = 0; i < repeat; ++i)
        expected += content;
    QVERIFY(receiver.bytes() == expected);
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().bytesOut, total, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().queuedBytes, qint64(0), WaitMs);
    QVERIFY2(log.find(EventKind::Dropped) == nullptr, log.dump().constData());
    if (shown)
        QVERIFY(sentEvents(log) > 0 || log.notDisplayed > 0);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(receiver.session));
}

void tst_InputPump::fileLargerThanTheQueueLimitToAnEchoingPeer()
{
    // A file is handed over whole: its range holds no memory, so neither the connection's queue
    // limit refuses it nor does it hold back reading the echo that comes back meanwhile.
    const QByteArray content = pattern(5, 6 * 1024 * 1024);
    const QString path = writeFile(m_dir, QStringLiteral("echoed.bin"), content);
    QVERIFY(!path.isEmpty());
    SessionConfig echoConfig = serverConfig(loopback(false));
    echoConfig.echo = true;
    Session echo;
    echo.setDisplayDataEvents(false);
    QVERIFY(startAndWait(echo, echoConfig));

    SessionConfig config = clientConfig(loopback(false), echo.localPort());
    config.sendQueueLimit = 64 * 1024;
    Receiver client; // a client that keeps what it receives
    client.session.setDisplayDataEvents(false);
    EventLog log(&client.session);
    QVERIFY(startAndWait(client.session, config));
    QVERIFY(client.session.feed().sendsFilesUnread());
    InputPump pump(client.session.feed(), fileSource(path), SendTarget::all());
    QSignalSpy ended(&pump, &InputPump::inputEnded);
    pump.start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(client.size(), content.size(), 30000);
    QVERIFY(client.bytes() == content);
    QVERIFY2(log.find(EventKind::Dropped) == nullptr, log.dump().constData());
    QTRY_COMPARE_WITH_TIMEOUT(client.session.counters().queuedBytes, qint64(0), WaitMs);
    QVERIFY(stopAndWait(client.session));
    QVERIFY(stopAndWait(echo));
}

void tst_InputPump::peerGoneWhileAFileIsSent()
{
    // The peer closes with most of the file still to come: sendfile() fails, the connection reports
    // it, and the pump ends instead of waiting for a queue that will never drain. The peer reads a
    // little and leaves the rest in the kernel, so the file cannot have gone through before it closes.
    const QByteArray content = pattern(9, 32 * 1024 * 1024);
    const QString path = writeFile(m_dir, QStringLiteral("cut.bin"), content);
    QVERIFY(!path.isEmpty());
    QTcpServer peer;
    QVERIFY(peer.listen(QHostAddress::LocalHost));
    Session client;
    client.setDisplayDataEvents(false);
    EventLog log(&client);
    QVERIFY(startAndWait(client, clientConfig(loopback(false), peer.serverPort())));
    QVERIFY(client.feed().sendsFilesUnread());
    QTRY_VERIFY_WITH_TIMEOUT(peer.hasPendingConnections(), WaitMs);
    QTcpSocket *socket = peer.nextPendingConnection();
    socket->setReadBufferSize(64 * 1024);
    InputPump pump(client.feed(), fileSource(path), SendTarget::all());
    QSignalSpy ended(&pump, &InputPump::inputEnded);
    pump.start();
    QTRY_VERIFY_WITH_TIMEOUT(socket->bytesAvailable() > 0, WaitMs);
    socket->abort(); // unread bytes in the kernel: the peer's side answers with a reset
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().connections, 0, WaitMs);
    QVERIFY(client.counters().bytesOut < content.size());
    // The counters change on the I/O thread at once; events reach the log in the window's next batch.
    QTRY_VERIFY2_WITH_TIMEOUT(
        log.find(EventKind::Reset) || log.find(EventKind::Close), log.dump().constData(), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, WaitMs);
    QVERIFY(stopAndWait(client));
}

void tst_InputPump::rangesAreReadWhenSomeoneLooks()
{
    // A range that reaches a connection while its data is shown (a recording began after the pump
    // chose ranges) is read there and sent as bytes, shown like any other send.
    const QByteArray content = pattern(7, 200 * 1024);
    const QString path = writeFile(m_dir, QStringLiteral("looked.bin"), content);
    QVERIFY(!path.isEmpty());
    QString error;
    const auto file = FileSource::open(path, &error);
    QVERIFY2(file, qPrintable(error));
    QCOMPARE(file->size(), qint64(content.size()));

    Receiver receiver;
    QVERIFY(startAndWait(receiver.session, serverConfig(loopback(false))));
    Session client;
    client.setDisplayPreviewBytes(64 * 1024);
    EventLog log(&client);
    QVERIFY(startAndWait(client, clientConfig(loopback(false), receiver.session.localPort())));
    QVERIFY(!client.feed().sendsFilesUnread());
    QVERIFY(client.feed().sendFile(FileRange {file, 0, 100 * 1024}));
    QVERIFY(client.feed().sendFile(FileRange {file, 100 * 1024, 100 * 1024}));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.size(), content.size(), WaitMs);
    QVERIFY(receiver.bytes() == content);
    QTRY_COMPARE_WITH_TIMEOUT(sentEvents(log), 2, WaitMs);
    qint64 offset = 0;
    for (const Event &event : std::as_const(log.events)) {
        if (event.dir == Direction::Out) {
            QCOMPARE(event.len, qint64(100 * 1024));
            QCOMPARE(event.payload.size(), 64 * 1024);
            QVERIFY(event.payload == content.mid(offset, event.payload.size()));
            offset += event.len;
        }
    }
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(receiver.session));
}

void tst_InputPump::rangePastTheEndIsReportedNotSent()
{
    // The file became shorter than a range queued before: what is missing is reported, not sent,
    // and no longer counted as queued; what follows is sent.
    const QByteArray content = pattern(3, 4096);
    const QString path = writeFile(m_dir, QStringLiteral("short.bin"), content);
    QVERIFY(!path.isEmpty());
    QString error;
    const auto file = FileSource::open(path, &error);
    QVERIFY2(file, qPrintable(error));

    Receiver receiver;
    QVERIFY(startAndWait(receiver.session, serverConfig(loopback(false))));
    Session client;
    client.setDisplayDataEvents(false);
    EventLog log(&client);
    QVERIFY(startAndWait(client, clientConfig(loopback(false), receiver.session.localPort())));
    QVERIFY(client.feed().sendsFilesUnread());
    QVERIFY(client.feed().sendFile(FileRange {file, 1024, 8192})); // 3072 bytes exist
    QVERIFY(client.feed().send(QByteArrayLiteral("after")));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.size(), 3072 + 5, WaitMs);
    QVERIFY(receiver.bytes() == content.mid(1024) + QByteArrayLiteral("after"));
    QTRY_VERIFY_WITH_TIMEOUT(log.find(EventKind::Dropped) != nullptr, WaitMs);
    const Event *dropped = log.find(EventKind::Dropped);
    QCOMPARE(dropped->len, qint64(8192 - 3072));
    QVERIFY2(dropped->text.contains(QLatin1String("short.bin")), qPrintable(dropped->text));
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().queuedBytes, qint64(0), WaitMs);
    QCOMPARE(client.counters().bytesOut, qint64(3072 + 5));
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(receiver.session));
}

void tst_InputPump::onlyPlainUnseenStreamsSendFilesUnread()
{
    Session server;
    server.setDisplayDataEvents(false);
    QVERIFY(startAndWait(server, serverConfig(loopback(false))));
    QVERIFY(server.feed().sendsFilesUnread());
    QVERIFY(stopAndWait(server));

    Session udp;
    udp.setDisplayDataEvents(false);
    QVERIFY(startAndWait(udp, udpConfig(loopback(false))));
    QVERIFY(!udp.feed().sendsFilesUnread());
    QVERIFY(stopAndWait(udp));

    SessionConfig chatConfig = serverConfig(loopback(false));
    chatConfig.chat = true;
    Session chat;
    chat.setDisplayDataEvents(false);
    QVERIFY(startAndWait(chat, chatConfig));
    QVERIFY(!chat.feed().sendsFilesUnread());
    QVERIFY(stopAndWait(chat));

    Session shown;
    QVERIFY(startAndWait(shown, serverConfig(loopback(false))));
    QVERIFY(!shown.feed().sendsFilesUnread());
    QVERIFY(stopAndWait(shown));

    // A WebSocket message is framed and sent as bytes.
    SessionConfig webSocketConfig = serverConfig(loopback(false));
    webSocketConfig.webSocket = true;
    Session webSocket;
    webSocket.setDisplayDataEvents(false);
    QVERIFY(startAndWait(webSocket, webSocketConfig));
    QVERIFY(!webSocket.feed().sendsFilesUnread());
    QVERIFY(stopAndWait(webSocket));
}

void tst_InputPump::notARegularFileIsReadAsBefore()
{
    // A FIFO has no size to send ranges of: it is read until its writer closes it.
    const QString fifo = m_dir.filePath(QStringLiteral("fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    QString error;
    QVERIFY(!FileSource::open(m_dir.path(), &error));
    QCOMPARE(error, QStringLiteral("not a regular file"));
    QVERIFY(!FileSource::open(m_dir.filePath(QStringLiteral("missing")), &error));
    QCOMPARE(error, QStringLiteral("No such file or directory"));

    Receiver receiver;
    QVERIFY(startAndWait(receiver.session, serverConfig(loopback(false))));
    Session client;
    client.setDisplayDataEvents(false);
    QVERIFY(startAndWait(client, clientConfig(loopback(false), receiver.session.localPort())));
    InputPump pump(client.feed(), fileSource(fifo), SendTarget::all());
    QSignalSpy ended(&pump, &InputPump::inputEnded);
    QSignalSpy failed(&pump, &InputPump::inputFailed);
    pump.start(); // blocks in open() until the writer below opens the FIFO
    const QByteArray content = pattern(11, 300 * 1024);
    {
        QFile writer(fifo);
        QVERIFY(writer.open(QIODevice::WriteOnly));
        QCOMPARE(writer.write(content), qint64(content.size()));
    }
    // The pump may have ended while this thread was still writing.
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, WaitMs);
    QCOMPARE(failed.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.size(), content.size(), WaitMs);
    QVERIFY(receiver.bytes() == content);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(receiver.session));
}

void tst_InputPump::unpacedDatagramsGoInBatches_data()
{
    QTest::addColumn<bool>("shown");
    QTest::newRow("unseen") << false;
    QTest::newRow("shown") << true;
}

void tst_InputPump::unpacedDatagramsGoInBatches()
{
    // --repeat N --interval 0 over UDP: the sends reach the socket in batches (sendmmsg), each its
    // own datagram, all of them, in order, each counted and (when shown) logged.
    QFETCH(bool, shown);
    constexpr int Count = 1000;
    Session receiver;
    receiver.setDisplayDataEvents(false);
    std::mutex mutex;
    QByteArrayList datagrams;
    receiver.setDataHandler([&](ConnId, const char *data, qsizetype size) {
        std::lock_guard<std::mutex> lock(mutex);
        datagrams.append(QByteArray(data, size));
    });
    QVERIFY(startAndWait(receiver, udpConfig(loopback(false))));
    SessionConfig config = udpConfig(loopback(false));
    config.host = loopback(false).toString();
    config.port = receiver.localPort();
    Session sender;
    sender.setDisplayDataEvents(shown);
    EventLog log(&sender);
    QVERIFY(startAndWait(sender, config));

    InputPump::Source source;
    source.kind = InputPump::Source::Kind::Bytes;
    source.repeat = Count;
    source.generate = [](qint64 index) { return QByteArray::number(index).rightJustified(8, '0'); };
    InputPump pump(sender.feed(), source, SendTarget::all());
    QSignalSpy ended(&pump, &InputPump::inputEnded);
    pump.start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(sender.counters().bytesOut, qint64(8 * Count), WaitMs);
    QCOMPARE(sender.counters().messagesOut, qint64(Count));
    QTRY_COMPARE_WITH_TIMEOUT(
        [&] {
            std::lock_guard<std::mutex> lock(mutex);
            return datagrams.size();
        }(),
        qsizetype(Count), WaitMs);
    for (int i = 0; i < Count; ++i)
        QCOMPARE(datagrams.at(i), QByteArray::number(i).rightJustified(8, '0'));
    if (shown) {
        QTRY_COMPARE_WITH_TIMEOUT(sentEvents(log) + log.notDisplayed, qint64(Count), WaitMs);
        qint64 index = 0;
        for (const Event &event : std::as_const(log.events)) {
            if (event.dir == Direction::Out && log.notDisplayed == 0)
                QCOMPARE(event.payload, QByteArray::number(index++).rightJustified(8, '0'));
        }
    } else {
        QCOMPARE(sentEvents(log), 0);
    }
    QVERIFY(stopAndWait(sender));
    QVERIFY(stopAndWait(receiver));
}

void tst_InputPump::linesGoOneSendEach()
{
    // Lines mode (a WebSocket's standard input): each line is one send without its line end, empty
    // lines are none, the last line goes at the end without one, and an endless line goes in pieces.
    const QByteArray endless(InputPump::MaxLineBytes + 5, 'x');
    const QString path = writeFile(
        m_dir, QStringLiteral("lines.txt"), "first\r\nsecond\n\n\r\n" + endless + "\nlast, no end");
    QVERIFY(!path.isEmpty());
    Receiver receiver;
    QVERIFY(startAndWait(receiver.session, serverConfig(loopback(false))));
    Session client;
    client.setDisplayPreviewBytes(64);
    EventLog log(&client);
    QVERIFY(startAndWait(client, clientConfig(loopback(false), receiver.session.localPort())));
    QVERIFY(!client.feed().sendsFilesUnread()); // read, so lines can be found
    InputPump::Source source = fileSource(path);
    source.lines = true;
    InputPump pump(client.feed(), source, SendTarget::all());
    QSignalSpy ended(&pump, &InputPump::inputEnded);
    pump.start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, WaitMs);
    const qint64 total = 5 + 6 + endless.size() + 12;
    QTRY_COMPARE_WITH_TIMEOUT(receiver.size(), total, WaitMs);
    // The sends' events reach the log in the next display batch.
    QTRY_COMPARE_WITH_TIMEOUT(sentEvents(log), 5, WaitMs);
    QList<qint64> lengths;
    QList<QByteArray> starts;
    for (const Event &event : std::as_const(log.events)) {
        if (event.dir == Direction::Out) {
            lengths.append(event.len);
            starts.append(event.payload.left(12));
        }
    }
    QCOMPARE(lengths, QList<qint64>({5, 6, InputPump::MaxLineBytes, 5, 12}));
    QCOMPARE(starts, QList<QByteArray>({"first", "second", "xxxxxxxxxxxx", "xxxxx", "last, no end"}));
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(receiver.session));
}

QTEST_GUILESS_MAIN(tst_InputPump)
#include "tst_inputpump.moc"
