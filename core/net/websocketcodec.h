#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>
#include <vector>

// WebSocket (RFC 6455) as bytes in and bytes out, with no socket of its own: the opening handshake of
// either side, and frames read and written. A connection feeds what it reads and writes what it is
// given; permessage-deflate and other extensions are never offered nor accepted.
namespace sockpit::ws {

enum class Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

// Close codes (RFC 6455, section 7.4.1).
namespace CloseCode {
constexpr quint16 Normal = 1000;
constexpr quint16 GoingAway = 1001;
constexpr quint16 ProtocolError = 1002;
constexpr quint16 Unsupported = 1003;
constexpr quint16 NoStatus = 1005; // never sent: a close frame without a code
constexpr quint16 Abnormal = 1006; // never sent: the connection ended without a close frame
constexpr quint16 InvalidData = 1007;
constexpr quint16 PolicyViolation = 1008;
constexpr quint16 TooBig = 1009;
constexpr quint16 InternalError = 1011;
} // namespace CloseCode

// The most a control frame (close, ping, pong) carries.
constexpr qsizetype MaxControlPayload = 125;
// The most an opening handshake (request or answer) may take, its blank line included.
constexpr qsizetype MaxHandshakeBytes = 16 * 1024;

// "Sec-WebSocket-Accept" for a client's "Sec-WebSocket-Key": base64(SHA-1(key + the RFC's GUID)).
QByteArray acceptKey(QByteArrayView key);
// A new client key: 16 random bytes in base64.
QByteArray newClientKey();

// One whole frame, ready to write. A client masks every frame with `maskKey` (RFC 6455 5.3); a server
// passes none. The payload length takes 7, 16 or 64 bits as it needs.
QByteArray encodeFrame(
    Opcode opcode, QByteArrayView payload, bool fin = true, std::optional<quint32> maskKey = std::nullopt);
// A random masking key for a client's frame.
quint32 newMaskKey();
// A close frame's payload: the code in network order, then the reason in UTF-8, cut at a character's
// boundary to fit MaxControlPayload.
QByteArray closePayload(quint16 code, const QString &reason);
// How a close code reads in the log: "1000 (normal closure)", "4001" for one the RFC leaves to
// applications.
QString closeCodeText(quint16 code);

// The client's side of the opening handshake: request() is sent, then feed() is given what the
// server sends until its answer is whole.
class ClientHandshake
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::ws::ClientHandshake)

public:
    enum class Status { NeedMore, Done, Failed };

    // `host` and `port` make the Host header ("[::1]:8080" for an IPv6 address); `resource` is the
    // path and query asked for ("/" when empty).
    ClientHandshake(
        const QString &host, quint16 port, const QString &resource, QByteArray key = newClientKey());

    QByteArray request() const;
    // Done: the server switched to WebSocket, and *rest gets what came after its answer (the first
    // frames). Failed: error() says why, in words for the log: an answer other than 101 (its status
    // line quoted), a missing or wrong Upgrade, Connection or Sec-WebSocket-Accept header, an extension
    // or subprotocol that was not asked for, or an answer longer than MaxHandshakeBytes.
    Status feed(QByteArrayView bytes, QByteArray *rest);
    QString error() const { return m_error; }

private:
    Status fail(const QString &error);

    QString m_host;
    quint16 m_port;
    QString m_resource;
    QByteArray m_key;
    QByteArray m_buffer;
    QString m_error;
    Status m_status = Status::NeedMore;
};

// The server's side of the opening handshake: feed() is given what the client sends until its request
// is whole; then response() is written, whatever the outcome.
class ServerHandshake
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::ws::ServerHandshake)

public:
    enum class Status { NeedMore, Done, Failed };

    // Done: the request is a valid upgrade (GET, HTTP/1.1 or later, Host, "Upgrade: websocket",
    // "Connection: Upgrade", a key of 16 bytes in base64, version 13); response() is "101 Switching
    // Protocols" with the accept key, and *rest gets what came after the request. Failed: response()
    // is "400 Bad Request" (or "426 Upgrade Required" naming version 13, for another version; "405
    // Method Not Allowed" for another method) whose body says what was wrong, which error() says
    // too; a request longer than MaxHandshakeBytes fails as well.
    Status feed(QByteArrayView bytes, QByteArray *rest);
    QByteArray response() const { return m_response; }
    QString error() const { return m_error; }
    // The path and query the client asked for ("/chat?room=1").
    QString resource() const { return m_resource; }

private:
    Status fail(int status, const QByteArray &reasonPhrase, const QString &error,
        const QByteArray &extraHeaders = {});

    QByteArray m_buffer;
    QByteArray m_response;
    QString m_resource;
    QString m_error;
    Status m_status = Status::NeedMore;
};

// Reads frames as they arrive in any pieces, and puts a message's fragments together.
class FrameReader
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::ws::FrameReader)

public:
    // A server takes only masked frames, a client only unmasked ones.
    enum class Role { Client, Server };

    struct Item
    {
        enum class Kind { Text, Binary, Ping, Pong, Close, Error };
        Kind kind = Kind::Binary;
        // Text and Binary: the whole message (fragments joined, unmasked). Ping and Pong: their
        // payload. Close: the reason's bytes.
        QByteArray payload;
        // Close: the peer's code (NoStatus when its frame had none). Error: the code to close with.
        quint16 code = 0;
        // Error: what was wrong, for the log.
        QString error;
    };

    explicit FrameReader(Role role, qint64 maxMessageBytes = qint64(64) * 1024 * 1024);

    // Appends to *out what these bytes complete: messages, control frames, and at most one Error
    // (reserved bits set, an unknown opcode, a control frame fragmented or over 125 bytes, a
    // continuation with no message begun or a new message inside one, a frame masked or not against
    // the role, a 64-bit length with its top bit set, a close frame of 1 byte or with a code no one
    // may send: ProtocolError; a text message or close reason that is not UTF-8: InvalidData; a
    // message over maxMessageBytes: TooBig). After an Error, or a Close, nothing more is read.
    void feed(const char *data, qsizetype size, std::vector<Item> *out);
    bool stopped() const { return m_stopped; }

private:
    void error(std::vector<Item> *out, quint16 code, const QString &text);
    // What a frame's first two bytes say, checked before the rest of its header arrives; false after
    // an Error.
    bool checkFirstBytes(std::vector<Item> *out);
    // How long the current frame's header is, as far as the bytes so far tell.
    qsizetype headerSize() const;
    // A whole header in m_buffer: the frame's fields taken from it, its length checked.
    bool startFrame(std::vector<Item> *out);
    // A whole payload: a control frame's item, or a message's once its last fragment is in.
    void finishFrame(std::vector<Item> *out);

    const Role m_role;
    const qint64 m_maxMessageBytes;
    // The current frame's header until it is whole, then a control frame's payload so far (a data
    // frame's payload goes straight onto m_message).
    QByteArray m_buffer;
    QByteArray m_message; // the fragments of a message so far
    std::optional<Opcode> m_messageOpcode; // set while a fragmented message is under way
    bool m_stopped = false;
    // The frame being read, once its header is whole.
    bool m_inPayload = false;
    Opcode m_frameOpcode = Opcode::Continuation;
    bool m_frameFin = false;
    bool m_frameMasked = false;
    uchar m_frameMask[4] = {};
    quint64 m_frameLength = 0;
    quint64 m_frameReceived = 0;
};

} // namespace sockpit::ws
