#pragma once

#include "responder.h"

namespace sockpit {

// Sends each received chunk back to its sender only.
class EchoResponder final : public Responder
{
public:
    explicit EchoResponder(ReplyChannel *channel)
        : m_channel(channel)
    { }
    void chunk(const QByteArray &bytes, const ReplyTo &to) override { m_channel->reply(bytes, to); }

private:
    ReplyChannel *m_channel;
};

} // namespace sockpit
