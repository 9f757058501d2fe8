#pragma once

#include "chatroom.h"
#include "responder.h"

#include <functional>
#include <memory>

namespace sockpit {

// One connection's seat in its session's chat room: joins when made, says each line the peer sends
// (commands included), and leaves when the stream ends, after saying an unfinished last line.
class ChatResponder final : public Responder
{
public:
    // Called with the member's name when it joins and whenever it changes, so that the recording
    // names who said each message.
    using NameChanged = std::function<void(const QString &name)>;

    ChatResponder(std::shared_ptr<ChatRoom> room, ChatLink *link, ConnId id, NameChanged nameChanged);
    ~ChatResponder() override;

    void message(const Frame &frame, const ReplyTo &to) override;
    void finished() override;

private:
    void setName(const QByteArray &name);

    std::shared_ptr<ChatRoom> m_room;
    const ConnId m_id;
    NameChanged m_nameChanged;
    QByteArray m_name;
    bool m_discarding = false; // the rest of a line that was cut
    bool m_left = false;
};

} // namespace sockpit
