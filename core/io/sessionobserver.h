#pragma once

#include "event.h"

#include <QString>

namespace sockpit {

// What the I/O side of a running session tells the object that owns it (the GUI-thread Session).
// Called on I/O threads: an implementation passes the news on to its own thread. `generation` says
// which run of the owner the news is about, so that a restarted owner can ignore an old run's.
class SessionObserver
{
public:
    virtual ~SessionObserver() = default;

    virtual void sessionStarted(quint64 generation) = 0; // listening, connected or bound
    virtual void sessionFailed(quint64 generation, const QString &reason, EventKind kind) = 0;
    virtual void sessionStopped(quint64 generation) = 0; // every socket closed
    virtual void connectionOpened(quint64 generation, ConnId conn, const QString &peer) = 0;
    virtual void connectionClosed(quint64 generation, ConnId conn, EventKind how, const QString &text) = 0;
};

} // namespace sockpit
