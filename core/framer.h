#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

namespace sockpit {

// How a TCP connection's byte stream is split into the messages the log and the recording show,
// instead of the arbitrary chunks reads happen to return ("sticky packets"). Frames are lossless:
// each frame keeps its delimiter or length header, so the frames of a connection joined together are
// exactly the bytes that arrived.
struct Framing
{
    enum class Kind {
        Raw, // each read as it arrived (no framing)
        Delimiter, // a message ends with `delimiter` (LF, CR LF, any byte sequence)
        LengthPrefix, // a `prefixSize`-byte length, then that many bytes
        FixedLength, // every `fixedLength` bytes
        IdleGap, // a message ends after `idleGapMs` without bytes (the caller's timer; see Framer)
    };
    Kind kind = Kind::Raw;
    QByteArray delimiter = QByteArrayLiteral("\n");
    int prefixSize = 2; // 1, 2 or 4 bytes
    bool bigEndian = true; // network byte order
    bool lengthIncludesPrefix = false; // whether the length counts the header's own bytes
    int fixedLength = 16;
    int idleGapMs = 20;
    // A message longer than this is cut into pieces of this size, each marked, so a peer can never make
    // a frame (and memory) grow without bound.
    int maxFrame = 64 * 1024;

    // Empty when the settings can be used, else a message a user can act on (translated).
    QString validate() const;
    bool operator==(const Framing &other) const;
    bool operator!=(const Framing &other) const { return !(*this == other); }
};

struct Frame
{
    QByteArray bytes;
    bool cut = false; // the message was longer than maxFrame: this is one piece of it
    bool ends = true; // the message ends with this frame (false for all but the last piece of a cut one)
};

// Splits one connection's stream into frames. Not thread-safe: one per connection, used on its I/O
// thread. Keeps at most maxFrame bytes (plus a length header) of an unfinished message.
class Framer
{
public:
    explicit Framer(const Framing &framing);

    // Appends the frames `data` completes to `out`.
    void feed(const char *data, qsizetype size, QVector<Frame> *out);
    // The unfinished message so far (for an idle gap, or when the connection ends); empties it.
    bool hasPending() const { return !m_buffer.isEmpty(); }
    Frame takePending();
    const Framing &framing() const { return m_framing; }

private:
    void feedDelimited(const char *data, qsizetype size, QVector<Frame> *out);
    void feedLengthPrefixed(const char *data, qsizetype size, QVector<Frame> *out);
    void feedFixed(const char *data, qsizetype size, QVector<Frame> *out);
    void emitBuffer(QVector<Frame> *out, bool cut, bool ends = true);

    const Framing m_framing;
    QByteArray m_buffer;
    bool m_cutting = false; // the pieces so far belong to a message longer than maxFrame
    qint64 m_remaining = -1; // length prefix: payload bytes still to come (-1: reading the header)
};

} // namespace sockpit
