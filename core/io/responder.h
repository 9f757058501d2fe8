#pragma once

#include "framer.h"
#include "posixsocket.h"

#include <QByteArray>
#include <QObject>

#include "event.h"

namespace sockpit {

// Where an answer to a received message goes: the connection it came in on and, for a datagram,
// the address that sent it.
struct ReplyTo
{
    ConnId conn = 0;
    SocketAddress from; // datagrams only
};

// The transport side of answering: sends through the same bounded, counted and logged path as a
// user's send. Implemented by each transport.
class ReplyChannel
{
public:
    virtual ~ReplyChannel() = default;
    virtual void reply(const QByteArray &bytes, const ReplyTo &to) = 0;
    // The object delayed answers are timed on: they are dropped when it goes.
    virtual QObject *replyContext() = 0;
};

// Something that acts on what a peer sent, hung off the receive pipeline (echo, auto-reply, the
// relay's other side). Runs on the transport's I/O thread, in the order the pipeline was given.
class Responder
{
public:
    virtual ~Responder() = default;
    // Each read or datagram, as it arrived.
    virtual void chunk(const QByteArray &bytes, const ReplyTo &to)
    {
        Q_UNUSED(bytes);
        Q_UNUSED(to);
    }
    // Each message of the session's framing (each chunk when there is no framing); a message longer
    // than the framing's maximum comes in pieces, each marked cut.
    virtual void message(const Frame &frame, const ReplyTo &to)
    {
        Q_UNUSED(frame);
        Q_UNUSED(to);
    }
    // The stream ended, after its last message.
    virtual void finished() { }
};

} // namespace sockpit
