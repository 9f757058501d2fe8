#include "websocketlink.h"

#include "sessionconfig.h"

#include <QStringDecoder>

#include <algorithm>

namespace sockpit {

namespace {

bool isUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    [[maybe_unused]] const QString text = decoder.decode(bytes);
    return !decoder.hasError();
}

QString quotedReason(const QByteArray &reason)
{
    return reason.isEmpty() ? QString() : QStringLiteral(" \"%1\"").arg(QString::fromUtf8(reason));
}

} // namespace

WebSocketLink::WebSocketLink(Role role, const SessionConfig &config, Host *host)
    : m_role(role)
    , m_host(host)
    , m_reader(role == Role::Client ? ws::FrameReader::Role::Client : ws::FrameReader::Role::Server)
{
    if (role == Role::Client) {
        m_url = webSocketUrl(config);
        m_client.emplace(config.host, config.port, config.webSocketResource);
    } else {
        m_server.emplace();
    }
}

void WebSocketLink::start()
{
    if (m_client)
        m_host->writeFrame(m_client->request(), 0);
}

void WebSocketLink::received(const char *data, qsizetype size)
{
    if (m_state != State::Handshake) {
        frames(data, size);
        return;
    }
    QByteArray rest;
    if (m_client) {
        switch (m_client->feed(QByteArrayView(data, size), &rest)) {
        case ws::ClientHandshake::Status::NeedMore:
            return;
        case ws::ClientHandshake::Status::Failed:
            m_state = State::Closed;
            m_host->linkFailed(tr("WebSocket handshake with %1 failed: %2").arg(m_url, m_client->error()));
            return;
        case ws::ClientHandshake::Status::Done:
            m_host->linkNote(EventKind::WebSocket, tr("WebSocket open: %1").arg(m_url), Direction::Info);
            opened(rest);
            return;
        }
        return;
    }
    switch (m_server->feed(QByteArrayView(data, size), &rest)) {
    case ws::ServerHandshake::Status::NeedMore:
        return;
    case ws::ServerHandshake::Status::Failed:
        m_state = State::Closed;
        m_host->writeFrame(m_server->response(), 0);
        m_host->linkFailed(tr("WebSocket handshake failed: %1").arg(m_server->error()));
        return;
    case ws::ServerHandshake::Status::Done:
        m_host->writeFrame(m_server->response(), 0);
        m_host->linkNote(
            EventKind::WebSocket, tr("WebSocket open: GET %1").arg(m_server->resource()), Direction::Info);
        opened(rest);
        return;
    }
}

void WebSocketLink::opened(const QByteArray &rest)
{
    m_state = State::Open;
    const std::vector<Held> held = std::exchange(m_held, {});
    for (const Held &message : held) {
        // Counted down one by one: if the connection fails on the way, it drops what is left.
        m_heldBytes -= message.payload.size();
        writeMessage(message.payload, message.binary);
    }
    if (m_closeWhenOpen)
        sendClose(*m_closeWhenOpen, {});
    if (!rest.isEmpty())
        frames(rest.constData(), rest.size());
}

void WebSocketLink::frames(const char *data, qsizetype size)
{
    if (m_state == State::Closed)
        return;
    std::vector<ws::FrameReader::Item> items;
    m_reader.feed(data, size, &items);
    for (ws::FrameReader::Item &item : items) {
        using Kind = ws::FrameReader::Item::Kind;
        switch (item.kind) {
        case Kind::Text:
        case Kind::Binary:
            if (m_state == State::Open || m_state == State::Closing) {
                m_answering = &item.payload;
                m_answeringBinary = item.kind == Kind::Binary;
                m_host->messageReceived(item.payload);
                m_answering = nullptr;
            }
            break;
        case Kind::Ping:
            m_host->linkNote(EventKind::WebSocket,
                tr("ping (%n byte(s)), answered with a pong", nullptr, int(item.payload.size())),
                Direction::Info);
            if (!m_closeSent)
                m_host->writeFrame(frame(ws::Opcode::Pong, item.payload), 0);
            break;
        case Kind::Pong:
            m_host->linkNote(EventKind::WebSocket, tr("pong (%n byte(s))", nullptr, int(item.payload.size())),
                Direction::Info);
            break;
        case Kind::Close: {
            const QString code = ws::closeCodeText(item.code) + quotedReason(item.payload);
            m_host->linkNote(EventKind::WebSocket,
                m_closeSent ? tr("WebSocket closed: the peer answered %1").arg(code)
                            : tr("WebSocket closed by the peer: %1").arg(code),
                Direction::Info);
            if (!m_closeSent) // answered with the same code; a frame without one gets none back
                sendClose(item.code == ws::CloseCode::NoStatus ? ws::CloseCode::Normal : item.code, {});
            m_state = State::Closed;
            m_host->linkClosed();
            return;
        }
        case Kind::Error:
            m_host->linkNote(EventKind::WebSocket,
                tr("WebSocket protocol error: %1; closing with %2")
                    .arg(item.error, ws::closeCodeText(item.code)),
                Direction::Error);
            if (!m_closeSent)
                sendClose(item.code, item.error);
            m_state = State::Closed;
            m_host->linkClosed();
            return;
        }
    }
}

bool WebSocketLink::send(const QByteArray &payload, std::optional<bool> binary)
{
    if (!binary && m_answering && payload == *m_answering)
        binary = m_answeringBinary; // an echo: binary bytes that happen to be UTF-8 stay binary
    switch (m_state) {
    case State::Handshake:
        if (m_closeWhenOpen)
            return false;
        m_held.push_back({payload, binary});
        m_heldBytes += payload.size();
        return true;
    case State::Open:
        writeMessage(payload, binary);
        return true;
    case State::Closing:
    case State::Closed:
        return false;
    }
    return false;
}

void WebSocketLink::writeMessage(const QByteArray &payload, std::optional<bool> binary)
{
    const bool asBinary = binary ? *binary : !isUtf8(payload);
    const ws::Opcode opcode = asBinary ? ws::Opcode::Binary : ws::Opcode::Text;
    m_host->writeFrame(frame(opcode, payload), payload.size());
}

QByteArray WebSocketLink::frame(ws::Opcode opcode, QByteArrayView payload) const
{
    if (m_role == Role::Client)
        return ws::encodeFrame(opcode, payload, true, ws::newMaskKey());
    return ws::encodeFrame(opcode, payload, true);
}

void WebSocketLink::close(quint16 code, const QString &reason)
{
    if (m_state == State::Handshake) {
        if (!m_closeWhenOpen)
            m_closeWhenOpen = code;
        return;
    }
    if (m_state == State::Open)
        sendClose(code, reason);
}

void WebSocketLink::sendClose(quint16 code, const QString &reason)
{
    if (m_closeSent)
        return;
    m_closeSent = true;
    if (m_state == State::Open)
        m_state = State::Closing;
    m_host->writeFrame(frame(ws::Opcode::Close, ws::closePayload(code, reason)), 0);
}

void WebSocketLink::peerFinished()
{
    if (m_state == State::Handshake) {
        m_state = State::Closed;
        if (m_client) // a server's client that leaves before asking for anything just leaves
            m_host->linkFailed(tr("WebSocket handshake with %1 failed: %2")
                                   .arg(m_url,
                                       tr("the server closed the connection before switching to "
                                          "WebSocket")));
        return;
    }
    if (m_state == State::Open || m_state == State::Closing) {
        m_host->linkNote(EventKind::WebSocket,
            tr("the WebSocket ended without a close frame: %1")
                .arg(ws::closeCodeText(ws::CloseCode::Abnormal)),
            Direction::Error);
    }
    m_state = State::Closed;
}

qint64 WebSocketSentCounter::sent(qint64 bytes)
{
    qint64 payload = 0;
    while (bytes > 0 && !m_frames.empty()) {
        Frame &frame = m_frames.front();
        const qint64 take = std::min(bytes, frame.left);
        const qint64 own = std::min(take, frame.uncounted);
        payload += take - own;
        frame.uncounted -= own;
        frame.left -= take;
        bytes -= take;
        if (frame.left == 0)
            m_frames.pop_front();
    }
    return payload + bytes; // bytes past the frames known (none expected) count as they are
}

} // namespace sockpit
