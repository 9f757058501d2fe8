#pragma once

#include "framing.h"

#include <QByteArray>
#include <QVector>

namespace sockpit {

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
