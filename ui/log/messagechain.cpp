#include "messagechain.h"

namespace sockpit::ui {

namespace {
bool isData(const Event &event)
{
    return event.dir == Direction::In || event.dir == Direction::Out;
}

bool endsConnection(const Event &event)
{
    return event.kind == EventKind::Close || event.kind == EventKind::Reset;
}
} // namespace

qint64 MessageChain::delta(const Event &event)
{
    if (!isData(event)) {
        if (endsConnection(event))
            m_lastMessageUs.remove(event.conn);
        return NoDelta;
    }
    auto it = m_lastMessageUs.find(event.conn);
    if (it == m_lastMessageUs.end()) {
        m_lastMessageUs.insert(event.conn, event.timeUs);
        return NoDelta;
    }
    const qint64 delta = event.timeUs - it.value();
    it.value() = event.timeUs;
    return delta;
}

quint32 MessageChain::link(const Event &event, qint64 seq)
{
    if (!isData(event)) {
        if (endsConnection(event)) {
            m_lastMessageSeq.remove(event.conn << 1);
            m_lastMessageSeq.remove(event.conn << 1 | 1);
        }
        return 0;
    }
    const quint64 key = event.conn << 1 | (event.dir == Direction::Out ? 1 : 0);
    auto it = m_lastMessageSeq.find(key);
    if (it == m_lastMessageSeq.end()) {
        m_lastMessageSeq.insert(key, seq);
        return 0;
    }
    const qint64 distance = seq - it.value();
    it.value() = seq;
    return distance > 0 && distance < qint64(HasNextMessage) ? quint32(distance) : 0;
}

void MessageChain::clear()
{
    m_lastMessageSeq.clear();
    m_lastMessageUs.clear();
}

} // namespace sockpit::ui
