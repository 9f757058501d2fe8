#include "chatresponder.h"

#include "framer.h"

namespace sockpit {

ChatResponder::ChatResponder(
    std::shared_ptr<ChatRoom> room, ChatLink *link, ConnId id, NameChanged nameChanged)
    : m_room(std::move(room))
    , m_id(id)
    , m_nameChanged(std::move(nameChanged))
{
    setName(m_room->join(m_id, link));
}

ChatResponder::~ChatResponder()
{
    finished();
}

void ChatResponder::message(const Frame &frame, const ReplyTo &)
{
    if (m_left)
        return;
    if (m_discarding) {
        m_discarding = !frame.ends;
        return;
    }
    QByteArray line = frame.bytes;
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    // The framing cuts at MaxLine and its line ending; a line that fits the frame may still be longer.
    const bool cut = frame.cut || line.size() > ChatRoom::MaxLine;
    if (cut)
        line.truncate(ChatRoom::MaxLine);
    m_discarding = frame.cut && !frame.ends;
    m_room->say(m_id, line, cut);
    if (line.startsWith('/'))
        setName(m_room->nameOf(m_id));
}

void ChatResponder::finished()
{
    if (m_left)
        return;
    m_left = true;
    m_room->leave(m_id);
}

void ChatResponder::setName(const QByteArray &name)
{
    if (name.isEmpty() || name == m_name)
        return;
    m_name = name;
    if (m_nameChanged)
        m_nameChanged(QString::fromUtf8(name));
}

} // namespace sockpit
