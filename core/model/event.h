#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace sockpit {

// Identifies one connection within a session; 0 means the session itself (bind, listen, ...).
using ConnId = quint64;

enum class Direction { In, Out, Info, Error };

// The step of a socket's life an info/error event stands for. Names are part of the record format.
enum class EventKind {
    None, // a data event (in/out)
    Bind,
    Listen,
    Accept,
    Connect,
    Resolve,
    HalfClose, // the peer sent FIN
    ShutdownWrite, // we sent FIN
    Close,
    Reset,
    Refused,
    Timeout,
    Dropped, // data that could not be queued or recorded
    Cut, // a received message longer than the framing's maximum, shown in pieces
    Stop,
    Error,
    Join, // a multicast group joined
    Leave, // a multicast group left
    Reply, // an ICMP message answering an echo request
    Tls, // a TLS handshake: its outcome (protocol and cipher) or why it failed
    Checksum, // a received message whose check value is wrong
    WebSocket, // a WebSocket handshake's outcome, a close frame, a ping or pong, a protocol error
};
constexpr EventKind LastEventKind = EventKind::WebSocket;

// Whether a received message carried the check value the session expects (ChecksumCheck): None when
// nothing is checked, or for a piece of a longer message.
enum class CheckResult : quint8 { None, Ok, Bad };

// One thing that happened in a session: the unit of the log, the recording and the display.
struct Event
{
    qint64 timeUs = 0; // microseconds since the Unix epoch (system clock)
    ConnId conn = 0;
    Direction dir = Direction::Info;
    EventKind kind = EventKind::None;
    QString peer; // "127.0.0.1:53122", "[::1]:9000"
    QString local;
    QString upstream; // relay sessions only
    QString name; // chat rooms: who said the message, by the name they had when they said it
    QString text; // human-readable message of an info/error event, through tr()
    CheckResult check = CheckResult::None; // in: the session's checksum check (not recorded)
    qint64 len = 0; // bytes the event stands for (may exceed payload.size() in display copies)
    QByteArray payload; // in/out: the bytes, in full unless this is a truncated display copy
};

using EventBatch = QVector<Event>;

qint64 nowMicroseconds();
const char *directionName(Direction dir); // "in", "out", "info", "error"
const char *eventKindName(EventKind kind); // "accept", "half-close", ...

} // namespace sockpit

Q_DECLARE_METATYPE(sockpit::Event)
Q_DECLARE_METATYPE(sockpit::EventBatch)
