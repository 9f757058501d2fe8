#pragma once

#include "event.h"

#include <QObject>
#include <QThread>

#include <memory>

// Every descriptor is created, used and closed on the thread of the object that owns it; debug builds
// (the sanitizer run of the tests) check it on each use.
#define SOCKPIT_ASSERT_OWN_THREAD()                                                                          \
    Q_ASSERT_X(QThread::currentThread() == thread(), Q_FUNC_INFO, "descriptor used from a foreign thread")

namespace sockpit {

class SessionCore;
struct SendTarget;

// Something of a session that lives on an I/O thread (a listener, a connecting client, a connection,
// a UDP socket). It holds one of the session's "live" references: when the last one is gone, the
// session has stopped. Every method runs on the object's own thread.
class IoObject : public QObject
{
    Q_OBJECT
public:
    IoObject(std::shared_ptr<SessionCore> core, QObject *parent);
    ~IoObject() override;

    virtual void closeNow() = 0;

protected:
    // Reports why the session could not start (or lost its way there) and closes this object.
    void failStart(
        const QString &message, EventKind kind, const QString &peer = {}, const QString &local = {});

    std::shared_ptr<SessionCore> m_core;
};

// An IoObject that carries data: a TCP connection or a UDP socket.
class IoChannel : public IoObject
{
    Q_OBJECT
public:
    using IoObject::IoObject;

    // `bytes` were already counted as queued by the caller (Session::send).
    virtual void sendBytes(const QByteArray &bytes, const SendTarget &target) = 0;
    virtual void shutdownWrite() = 0;
    virtual void applyCloseAfterPeerFinish() = 0;
};

} // namespace sockpit
