#pragma once

#include "event.h"
#include "websocketcodec.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <deque>
#include <optional>
#include <vector>

namespace sockpit {

struct SessionConfig;

// A connection's WebSocket layer (SessionConfig::webSocket), between the bytes a TCP or TLS connection
// reads and writes and the session's messages: its side's opening handshake, each message sent as one
// frame (text when it is UTF-8, binary otherwise; masked by a client) and each message received whole,
// pings answered with pongs, and the closing handshake. It owns no socket: its connection is the Host.
// Used on the connection's I/O thread only.
class WebSocketLink
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::WebSocketLink)

public:
    class Host
    {
    public:
        virtual ~Host() = default;
        // Writes `bytes` after everything queued before; `payloadBytes` of them (at their end) are a
        // message's payload, already counted as queued, the rest is the link's own (handshake, frame
        // headers, control frames).
        virtual void writeFrame(const QByteArray &bytes, qint64 payloadBytes) = 0;
        // A whole message; an echo of it sent while this runs goes back as the same kind (text or
        // binary).
        virtual void messageReceived(const QByteArray &payload) = 0;
        virtual void linkNote(EventKind kind, const QString &text, Direction dir) = 0;
        // Nothing more will be written: the closing handshake is done (or a close frame was sent after
        // a protocol error). The connection finishes sending, then shuts its side down.
        virtual void linkClosed() = 0;
        // The opening handshake failed, or the peer left in the middle of it: `reason` says why; the
        // connection ends (a server once its answer is written).
        virtual void linkFailed(const QString &reason) = 0;
    };

    enum class Role { Client, Server };

    WebSocketLink(Role role, const SessionConfig &config, Host *host);

    // A client sends its opening request.
    void start();
    // What the connection read.
    void received(const char *data, qsizetype size);
    // A message to send (counted as queued by the caller): written as a frame once the opening
    // handshake is done, held until then. False once the link is closing: the caller refuses it.
    // `binary`: the kind to send it as; unset, text when it is UTF-8 and binary otherwise, except that
    // an echo of the message being delivered goes back as the kind it came as.
    bool send(const QByteArray &payload, std::optional<bool> binary = std::nullopt);
    // Begins the closing handshake with `code` (held until the opening handshake is done, if it is
    // not yet). The link closes once the peer answers it.
    void close(quint16 code, const QString &reason = {});
    // The peer finished sending (TCP FIN) or the connection ended: a link still open ended without a
    // close frame, which is logged; a client still waiting for the server's answer has failed.
    void peerFinished();
    bool isOpen() const { return m_state == State::Open; }
    // Nothing more will go over the link (the closing handshake is done, or it failed or ended).
    bool isClosed() const { return m_state == State::Closed; }
    // A close frame went out and the peer's answer is awaited.
    bool isClosing() const { return m_state == State::Closing; }
    // Held messages' bytes (they count as queued).
    qint64 heldBytes() const { return m_heldBytes; }

private:
    enum class State { Handshake, Open, Closing, Closed };
    void opened(const QByteArray &rest);
    void frames(const char *data, qsizetype size);
    void sendClose(quint16 code, const QString &reason);
    void writeMessage(const QByteArray &payload, std::optional<bool> binary);
    QByteArray frame(ws::Opcode opcode, QByteArrayView payload) const;

    const Role m_role;
    Host *const m_host;
    State m_state = State::Handshake;
    QString m_url; // client: ws://host:port/resource
    std::optional<ws::ClientHandshake> m_client;
    std::optional<ws::ServerHandshake> m_server;
    ws::FrameReader m_reader;
    struct Held
    {
        QByteArray payload;
        std::optional<bool> binary;
    };
    std::vector<Held> m_held;
    qint64 m_heldBytes = 0;
    std::optional<quint16> m_closeWhenOpen;
    // While a received message is delivered: it and whether it was binary.
    const QByteArray *m_answering = nullptr;
    bool m_answeringBinary = false;
    bool m_closeSent = false;
};

// Which bytes a connection that writes through a buffer (TLS) counts as sent: frames are written in
// order, and of each only the message's payload counts.
class WebSocketSentCounter
{
public:
    void frameWritten(qint64 size, qint64 payloadBytes) { m_frames.push_back({size, size - payloadBytes}); }
    // `bytes` more went out: how many of them were payload.
    qint64 sent(qint64 bytes);

private:
    struct Frame
    {
        qint64 left; // bytes of the frame still to go
        qint64 uncounted; // of those, the leading ones that are the frame's own
    };
    std::deque<Frame> m_frames;
};

} // namespace sockpit
