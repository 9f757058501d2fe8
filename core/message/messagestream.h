#pragma once

#include "framer.h"

#include <functional>
#include <memory>

class QTimer;

namespace sockpit {

// A connection's received byte stream as the messages of the session's framing: the Framer, the timer
// that ends a message when the bytes pause (idle-gap framing), and the mark on the first piece of a
// message too long for one frame. Used on the connection's I/O thread, which must run an event loop
// for the idle gap.
class MessageStream
{
public:
    // Called for each frame as it completes; `cutStarts` marks the first piece of a message longer
    // than the framing's maxFrame.
    using Deliver = std::function<void(const Frame &frame, bool cutStarts)>;

    // Null for raw framing: each read is a message of its own and needs no stream.
    static std::unique_ptr<MessageStream> create(const Framing &framing, Deliver deliver);
    ~MessageStream();

    // Delivers the frames `data` completes, and (idle gap) restarts the timer while a message is
    // unfinished: the gap counts from the last byte.
    void feed(const char *data, qsizetype size);
    // Delivers the unfinished message: at an idle gap, or when the stream ends.
    void flush();
    const Framing &framing() const { return m_framer.framing(); }

private:
    MessageStream(const Framing &framing, Deliver deliver);
    void deliver(const QVector<Frame> &frames);

    Framer m_framer;
    Deliver m_deliver;
    std::unique_ptr<QTimer> m_idleTimer; // idle-gap framing only
    bool m_inCutMessage = false;
};

} // namespace sockpit
