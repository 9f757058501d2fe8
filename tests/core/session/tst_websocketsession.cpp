// WebSocket sessions end to end on loopback: a WebSocket server and client Session talking messages
// (whole, whatever their size, text or binary), echo per message, what is sent before the opening
// handshake is done, the closing handshake both ways; and a raw peer that speaks the protocol by hand
// to see pings answered, close codes logged, protocol errors closed with their code and bad upgrades
// refused with an HTTP answer.

#include "sessiontestutil.h"
#include "websocketcodec.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace sockpit;
using namespace sockpit::test;

namespace {

SessionConfig wsServer()
{
    SessionConfig config = serverConfig(loopback(false));
    config.webSocket = true;
    return config;
}

SessionConfig wsClient(quint16 port, const QString &resource = QStringLiteral("/chat?room=1"))
{
    SessionConfig config = clientConfig(loopback(false), port);
    config.webSocket = true;
    config.webSocketResource = resource;
    return config;
}

QList<QByteArray> messages(const EventLog &log, Direction dir)
{
    QList<QByteArray> list;
    for (const Event &e : log.events) {
        if (e.dir == dir)
            list.append(e.payload);
    }
    return list;
}

bool hasText(const EventLog &log, EventKind kind, const QString &part, Direction dir = Direction::Info)
{
    for (const Event &e : log.events) {
        if (e.kind == kind && e.dir == dir && e.text.contains(part))
            return true;
    }
    return false;
}

// A peer that speaks WebSocket by hand over a blocking socket, as a client (its frames masked).
class RawClient
{
public:
    explicit RawClient(quint16 port)
        : m_fd(rawConnect(loopback(false), port))
    { }
    ~RawClient()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool connected() const { return m_fd >= 0; }
    // Sends `request` and reads up to the end of the answer's header; the answer's header.
    QByteArray handshake(const QByteArray &request)
    {
        send(request);
        while (!m_buffer.contains("\r\n\r\n") && readSome()) { }
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return m_buffer;
        const QByteArray header = m_buffer.left(end + 4);
        m_buffer.remove(0, end + 4);
        return header;
    }
    void send(const QByteArray &bytes)
    {
        ::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL);
    }
    void shutdownSending() { ::shutdown(m_fd, SHUT_WR); }
    void sendFrame(ws::Opcode opcode, const QByteArray &payload, bool masked = true)
    {
        send(ws::encodeFrame(
            opcode, payload, true, masked ? std::optional<quint32>(0x12345678) : std::nullopt));
    }
    // The next frames the server sends, read until one arrives (or the connection ends).
    std::vector<ws::FrameReader::Item> nextItems()
    {
        std::vector<ws::FrameReader::Item> items;
        if (!m_buffer.isEmpty()) {
            m_reader.feed(m_buffer.constData(), m_buffer.size(), &items);
            m_buffer.clear();
        }
        while (items.empty() && readSome()) {
            m_reader.feed(m_buffer.constData(), m_buffer.size(), &items);
            m_buffer.clear();
        }
        return items;
    }
    // True once the server has closed its side (EOF), within WaitMs.
    bool endOfStream()
    {
        while (readSome()) { }
        return m_eof;
    }

private:
    bool readSome()
    {
        pollfd p {m_fd, POLLIN, 0};
        if (::poll(&p, 1, WaitMs) <= 0)
            return false;
        char buffer[65536];
        const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), 0);
        if (n <= 0) {
            m_eof = n == 0;
            return false;
        }
        m_buffer.append(buffer, n);
        return true;
    }

    int m_fd;
    QByteArray m_buffer;
    ws::FrameReader m_reader {ws::FrameReader::Role::Client};
    bool m_eof = false;
};

QByteArray upgradeRequest(quint16 port)
{
    return ws::ClientHandshake(QStringLiteral("127.0.0.1"), port, QStringLiteral("/raw"),
        QByteArrayLiteral("dGhlIHNhbXBsZSBub25jZQ=="))
        .request();
}

} // namespace

class tst_WebSocketSession : public QObject
{
    Q_OBJECT

private slots:
    void messagesBothWaysWhole();
    void echoAnswersEachMessage();
    void sentBeforeTheHandshakeIsHeld();
    void closingHandshakeFromTheClient();
    void pingsAnsweredAndCloseCodesLogged();
    void protocolErrorClosesWithItsCode();
    void badUpgradeGetsAnHttpAnswer();
    void clientFailsWhenTheServerDoesNotUpgrade();
    void clientFailsWhenTheServerLeavesMidHandshake();
    void peerThatLeavesWithoutACloseFrameIsClosed();
};

void tst_WebSocketSession::messagesBothWaysWhole()
{
    Session server;
    server.setDisplayWholeBytes(qint64(64) << 20); // the log gets whole messages, not previews
    EventLog serverLog(&server);
    QVERIFY(startAndWait(server, wsServer()));
    QVERIFY(server.name().startsWith(QStringLiteral("ws-server ")));
    Session client;
    EventLog clientLog(&client);
    QVERIFY(startAndWait(client, wsClient(server.localPort())));
    QCOMPARE(
        client.name(), QStringLiteral("ws-client ws://127.0.0.1:%1/chat?room=1").arg(server.localPort()));
    QTRY_VERIFY_WITH_TIMEOUT(
        hasText(clientLog, EventKind::WebSocket, QStringLiteral("WebSocket open")), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        hasText(serverLog, EventKind::WebSocket, QStringLiteral("GET /chat?room=1")), WaitMs);

    // A message bigger than any read is still one message; binary stays binary.
    const QByteArray big = pattern(0, 3 * 1024 * 1024 + 17);
    QVERIFY(client.send("hello", SendTarget::all()));
    QVERIFY(client.send(big, SendTarget::all()));
    QVERIFY(client.send("\xe4\xbd\xa0\xe5\xa5\xbd", SendTarget::all()));
    QTRY_COMPARE_WITH_TIMEOUT(messages(serverLog, Direction::In).size(), 3, WaitMs);
    const QList<QByteArray> in = messages(serverLog, Direction::In);
    QCOMPARE(in.at(0), QByteArray("hello"));
    QVERIFY(in.at(1) == big);
    QCOMPARE(in.at(2), QByteArray("\xe4\xbd\xa0\xe5\xa5\xbd"));
    // Counters count messages' bytes, not the frames around them.
    const qint64 total = 5 + big.size() + 6;
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, total, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().bytesOut, total, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().queuedBytes, qint64(0), WaitMs);

    QVERIFY(server.send("hi there", SendTarget::all()));
    QTRY_COMPARE_WITH_TIMEOUT(messages(clientLog, Direction::In), QList<QByteArray>({"hi there"}), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesOut, qint64(8), WaitMs);
    QCOMPARE(client.counters().bytesIn, qint64(8));
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

void tst_WebSocketSession::echoAnswersEachMessage()
{
    Session server;
    SessionConfig config = wsServer();
    config.echo = true;
    QVERIFY(startAndWait(server, config));
    Session client;
    EventLog clientLog(&client);
    QVERIFY(startAndWait(client, wsClient(server.localPort())));
    for (const char *text : {"one", "two", "three"})
        QVERIFY(client.send(QByteArray(text), SendTarget::all()));
    QTRY_COMPARE_WITH_TIMEOUT(
        messages(clientLog, Direction::In), QList<QByteArray>({"one", "two", "three"}), WaitMs);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

void tst_WebSocketSession::sentBeforeTheHandshakeIsHeld()
{
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startAndWait(server, wsServer()));
    Session client;
    EventLog clientLog(&client);
    // Sent on `started` (the TCP connection), before the server's answer can have come: held, then
    // sent once the link is open, in order.
    connect(&client, &Session::started, &client, [&client] {
        client.send("first", SendTarget::all());
        client.send("second", SendTarget::all());
    });
    QVERIFY(startAndWait(client, wsClient(server.localPort())));
    QTRY_COMPARE_WITH_TIMEOUT(
        messages(serverLog, Direction::In), QList<QByteArray>({"first", "second"}), WaitMs);
    const int open = clientLog.indexOf(EventKind::WebSocket);
    QVERIFY(open >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().queuedBytes, qint64(0), WaitMs);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

void tst_WebSocketSession::closingHandshakeFromTheClient()
{
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startAndWait(server, wsServer()));
    Session client;
    EventLog clientLog(&client);
    QVERIFY(startAndWait(client, wsClient(server.localPort())));
    QVERIFY(client.send("bye soon", SendTarget::all()));
    client.feed().shutdownWrite(); // the end of the input: a close frame, 1000
    QTRY_VERIFY_WITH_TIMEOUT(
        hasText(serverLog, EventKind::WebSocket, QStringLiteral("closed by the peer: 1000")), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        hasText(clientLog, EventKind::WebSocket, QStringLiteral("the peer answered 1000")), WaitMs);
    QCOMPARE(messages(serverLog, Direction::In), QList<QByteArray>({"bye soon"}));
    // The server closes the TCP connection (RFC 6455, 7.1.1), then both sides are done.
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().connections, 0, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().connections, 0, WaitMs);
    QVERIFY2(serverLog.count(EventKind::Error) == 0, serverLog.dump().constData());
    QVERIFY(
        !hasText(clientLog, EventKind::WebSocket, QStringLiteral("without a close frame"), Direction::Error));
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

void tst_WebSocketSession::pingsAnsweredAndCloseCodesLogged()
{
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startAndWait(server, wsServer()));
    RawClient raw(server.localPort());
    QVERIFY(raw.connected());
    const QByteArray answer = raw.handshake(upgradeRequest(server.localPort()));
    QVERIFY2(answer.startsWith("HTTP/1.1 101 "), answer.constData());
    QVERIFY(answer.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));

    raw.sendFrame(ws::Opcode::Ping, "are you there");
    std::vector<ws::FrameReader::Item> items = raw.nextItems();
    QCOMPARE(items.size(), size_t(1));
    QCOMPARE(items.front().kind, ws::FrameReader::Item::Kind::Pong);
    QCOMPARE(items.front().payload, QByteArray("are you there"));
    QTRY_VERIFY_WITH_TIMEOUT(
        hasText(serverLog, EventKind::WebSocket, QStringLiteral("ping (13 byte")), WaitMs);

    raw.sendFrame(ws::Opcode::Close, ws::closePayload(4001, QStringLiteral("done here")));
    items = raw.nextItems();
    QCOMPARE(items.size(), size_t(1));
    QCOMPARE(items.front().kind, ws::FrameReader::Item::Kind::Close);
    QCOMPARE(items.front().code, quint16(4001)); // answered with the peer's code
    QVERIFY(raw.endOfStream()); // and the server closed its side
    QTRY_VERIFY_WITH_TIMEOUT(
        hasText(serverLog, EventKind::WebSocket, QStringLiteral("closed by the peer: 4001 \"done here\"")),
        WaitMs);
    QVERIFY(stopAndWait(server));
}

void tst_WebSocketSession::protocolErrorClosesWithItsCode()
{
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startAndWait(server, wsServer()));
    RawClient raw(server.localPort());
    QVERIFY(raw.connected());
    QVERIFY(raw.handshake(upgradeRequest(server.localPort())).startsWith("HTTP/1.1 101 "));
    raw.sendFrame(ws::Opcode::Text, "not masked", false); // a client must mask
    const std::vector<ws::FrameReader::Item> items = raw.nextItems();
    QCOMPARE(items.size(), size_t(1));
    QCOMPARE(items.front().kind, ws::FrameReader::Item::Kind::Close);
    QCOMPARE(items.front().code, ws::CloseCode::ProtocolError);
    QVERIFY(raw.endOfStream());
    QTRY_VERIFY_WITH_TIMEOUT(
        hasText(serverLog, EventKind::WebSocket, QStringLiteral("protocol error"), Direction::Error), WaitMs);
    QVERIFY(messages(serverLog, Direction::In).isEmpty());
    QVERIFY(stopAndWait(server));
}

void tst_WebSocketSession::badUpgradeGetsAnHttpAnswer()
{
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startAndWait(server, wsServer()));
    RawClient raw(server.localPort());
    QVERIFY(raw.connected());
    const QByteArray answer = raw.handshake("GET /page HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 400 "), answer.constData());
    QVERIFY(raw.endOfStream());
    QTRY_VERIFY_WITH_TIMEOUT(hasText(serverLog, EventKind::WebSocket,
                                 QStringLiteral("WebSocket handshake failed"), Direction::Error),
        WaitMs);
    // The server goes on: a proper client still gets in.
    Session client;
    QVERIFY(startAndWait(client, wsClient(server.localPort())));
    QVERIFY(client.send("after", SendTarget::all()));
    QTRY_COMPARE_WITH_TIMEOUT(messages(serverLog, Direction::In), QList<QByteArray>({"after"}), WaitMs);
    QVERIFY(stopAndWait(client));
    QVERIFY(stopAndWait(server));
}

void tst_WebSocketSession::clientFailsWhenTheServerDoesNotUpgrade()
{
    // A web server that knows no WebSocket: it answers 404 to the upgrade request.
    QTcpServer web;
    QVERIFY(web.listen(QHostAddress::LocalHost));
    connect(&web, &QTcpServer::newConnection, &web, [&web] {
        QTcpSocket *socket = web.nextPendingConnection();
        auto request = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, socket, [socket, request] {
            *request += socket->readAll();
            if (request->contains("\r\n\r\n"))
                socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        });
    });
    Session client;
    EventLog clientLog(&client);
    QSignalSpy failed(&client, &Session::failed);
    client.start(wsClient(web.serverPort(), QStringLiteral("/nothing")));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, WaitMs);
    const QString reason = failed.first().first().toString();
    QVERIFY2(reason.contains(QStringLiteral("WebSocket handshake with ws://127.0.0.1:%1/nothing failed")
                                 .arg(web.serverPort())),
        qPrintable(reason));
    QVERIFY2(reason.contains(QStringLiteral("404 Not Found")), qPrintable(reason));
    QVERIFY(stopAndWait(client));
}

void tst_WebSocketSession::clientFailsWhenTheServerLeavesMidHandshake()
{
    // A server that reads the request and closes without a word; what was sent meanwhile was held.
    QTcpServer rude;
    QVERIFY(rude.listen(QHostAddress::LocalHost));
    connect(&rude, &QTcpServer::newConnection, &rude, [&rude] {
        QTcpSocket *socket = rude.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            socket->readAll();
            socket->disconnectFromHost();
        });
    });
    Session client;
    connect(&client, &Session::started, &client, [&client] { client.send("held", SendTarget::all()); });
    QSignalSpy failed(&client, &Session::failed);
    client.start(wsClient(rude.serverPort(), QStringLiteral("/")));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, WaitMs);
    const QString reason = failed.first().first().toString();
    QVERIFY2(reason.contains(QStringLiteral("closed the connection before switching to WebSocket")),
        qPrintable(reason));
    QTRY_COMPARE_WITH_TIMEOUT(client.counters().queuedBytes, qint64(0), WaitMs);
    QVERIFY(stopAndWait(client));
}

void tst_WebSocketSession::peerThatLeavesWithoutACloseFrameIsClosed()
{
    // WebSocket has no half-close: a client's FIN without a close frame means it has gone, and the
    // server closes its side too instead of keeping a dead connection listed.
    Session server;
    EventLog serverLog(&server);
    QVERIFY(startAndWait(server, wsServer()));
    RawClient raw(server.localPort());
    QVERIFY(raw.connected());
    QVERIFY(raw.handshake(upgradeRequest(server.localPort())).startsWith("HTTP/1.1 101 "));
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().connections, 1, WaitMs);
    raw.shutdownSending();
    QVERIFY(raw.endOfStream());
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().connections, 0, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(hasText(serverLog, EventKind::WebSocket,
                                 QStringLiteral("ended without a close frame: 1006"), Direction::Error),
        WaitMs);
    QVERIFY(stopAndWait(server));
}

QTEST_GUILESS_MAIN(tst_WebSocketSession)
#include "tst_websocketsession.moc"
