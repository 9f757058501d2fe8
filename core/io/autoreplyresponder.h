#pragma once

#include "autoreply.h"
#include "responder.h"

namespace sockpit {

// Answers each message that matches one of the session's auto-reply rules, at once or after the
// rule's delay.
class AutoReplyResponder final : public Responder
{
public:
    AutoReplyResponder(ReplyChannel *channel, const AutoReplyRules &rules);
    bool isEmpty() const { return m_replier.isEmpty(); }
    void message(const Frame &frame, const ReplyTo &to) override;

private:
    ReplyChannel *m_channel;
    AutoReplier m_replier;
};

} // namespace sockpit
