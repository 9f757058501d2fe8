#include "iochannel.h"

#include "sessioncore.h"

namespace sockpit {

// The creator retained a live reference for this object before creating it; the object adopts it.
IoObject::IoObject(std::shared_ptr<SessionCore> core, QObject *parent)
    : QObject(parent)
    , m_core(std::move(core))
{
    m_core->addObject(this);
}

IoObject::~IoObject()
{
    m_core->removeObject(this);
    m_core->release();
}

void IoObject::failStart(const QString &message, EventKind kind, const QString &peer, const QString &local)
{
    m_core->info(0, kind, message, peer, local, Direction::Error);
    m_core->notifyOwner([message, kind](Session *session) { emit session->failed(message, kind); });
    closeNow();
}

} // namespace sockpit
