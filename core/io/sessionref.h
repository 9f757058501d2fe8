#pragma once

#include "event.h"

#include <QString>

#include <memory>

namespace sockpit {

class IoObject;
class SessionCore;

// One I/O object's hold on its running session: lists the object with the session, keeps the run
// going while the object lives (the object adopts the "live" reference its creator retained for it),
// and gives the object the session's run state through ->. Lives on the object's thread.
class SessionRef final
{
public:
    SessionRef(std::shared_ptr<SessionCore> core, IoObject *object);
    ~SessionRef();
    SessionRef(const SessionRef &) = delete;
    SessionRef &operator=(const SessionRef &) = delete;

    SessionCore *operator->() const { return m_core.get(); }
    const std::shared_ptr<SessionCore> &shared() const { return m_core; }

    // Reports why the session could not start (or lost its way there) and closes the object.
    void failStart(
        const QString &message, EventKind kind, const QString &peer = {}, const QString &local = {});

private:
    std::shared_ptr<SessionCore> m_core;
    IoObject *m_object;
};

} // namespace sockpit
