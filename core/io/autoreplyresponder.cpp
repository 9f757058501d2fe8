#include "autoreplyresponder.h"

#include <QTimer>

namespace sockpit {

AutoReplyResponder::AutoReplyResponder(ReplyChannel *channel, const AutoReplyRules &rules)
    : m_channel(channel)
    , m_replier(rules)
{ }

void AutoReplyResponder::message(const Frame &frame, const ReplyTo &to)
{
    const auto answer = m_replier.match(frame.bytes);
    if (!answer)
        return;
    if (answer->delayMs <= 0) {
        m_channel->reply(answer->bytes, to);
        return;
    }
    // Timed on the transport: never fires once it is gone.
    QTimer::singleShot(answer->delayMs, Qt::PreciseTimer, m_channel->replyContext(),
        [channel = m_channel, to, bytes = answer->bytes] { channel->reply(bytes, to); });
}

} // namespace sockpit
