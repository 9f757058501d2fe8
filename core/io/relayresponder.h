#pragma once

#include "responder.h"

#include <functional>

namespace sockpit {

// A relay's other side: each chunk read here is written there (for a datagram relay, the side that
// belongs to the datagram's sender, which `from` names).
class RelayResponder final : public Responder
{
public:
    using Forward = std::function<void(const QByteArray &bytes, const ReplyTo &from)>;
    explicit RelayResponder(Forward forward)
        : m_forward(std::move(forward))
    { }
    void chunk(const QByteArray &bytes, const ReplyTo &from) override { m_forward(bytes, from); }

private:
    Forward m_forward;
};

} // namespace sockpit
