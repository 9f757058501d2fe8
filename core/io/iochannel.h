#pragma once

#include "filesource.h"

#include <QObject>
#include <QThread>
#include <QVector>

// Every descriptor is created, used and closed on the thread of the object that owns it; debug builds
// (the sanitizer run of the tests) check it on each use.
#define SOCKPIT_ASSERT_OWN_THREAD()                                                                          \
    Q_ASSERT_X(QThread::currentThread() == thread(), Q_FUNC_INFO, "descriptor used from a foreign thread")

namespace sockpit {

struct SendTarget;

// Something of a session that lives on an I/O thread (a listener, a connecting client, a connection,
// a UDP socket), as the session's registry sees it. Every method runs on the object's own thread.
class IoObject : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void closeNow() = 0;
};

// An IoObject that carries data: a transport (a TCP or TLS connection, a UDP socket).
class IoChannel : public IoObject
{
    Q_OBJECT
public:
    using IoObject::IoObject;

    // `bytes` were already counted as queued by the caller (the registry, or a responder).
    virtual void sendBytes(const QByteArray &bytes, const SendTarget &target) = 0;
    // A range of a file, counted as queued like sendBytes(). A plain TCP connection hands it to the
    // kernel (sendfile); any other transport reads it and sends the bytes.
    virtual void sendFileRange(const FileRange &range, const SendTarget &target)
    {
        sendBytes(range.read(), target);
    }
    // Several sends at once, in order, counted as queued together (a UDP socket hands them to the
    // kernel in one sendmmsg() call).
    virtual void sendBatch(const QVector<QByteArray> &pieces, const SendTarget &target)
    {
        for (const QByteArray &bytes : pieces)
            sendBytes(bytes, target);
    }
    // Streams only: a datagram transport has no sending side to shut down and no peer's FIN.
    virtual void shutdownWrite() { }
    // Whether the peer's FIN closes the connection once what is queued has gone. Queued like a send,
    // it takes effect after the sends queued before it: a FIN read meanwhile does not close a
    // connection that has them still to send.
    virtual void setCloseAfterPeerFinish(bool on) { Q_UNUSED(on) }
};

} // namespace sockpit
