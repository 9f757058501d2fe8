#include "sessionref.h"

#include "iochannel.h"
#include "sessioncore.h"

namespace sockpit {

SessionRef::SessionRef(std::shared_ptr<SessionCore> core, IoObject *object)
    : m_core(std::move(core))
    , m_object(object)
{
    m_core->addObject(m_object);
}

SessionRef::~SessionRef()
{
    m_core->removeObject(m_object);
    m_core->release();
}

void SessionRef::failStart(const QString &message, EventKind kind, const QString &peer, const QString &local)
{
    m_core->info(0, kind, message, peer, local, Direction::Error);
    m_core->notifyFailed(message, kind);
    m_object->closeNow();
}

} // namespace sockpit
