#pragma once

#include "responder.h"

#include <functional>

namespace sockpit {

// A relay's other side: each chunk read here is written there.
class RelayResponder final : public Responder
{
public:
    explicit RelayResponder(std::function<void(const QByteArray &)> forward)
        : m_forward(std::move(forward))
    { }
    void chunk(const QByteArray &bytes, const ReplyTo &) override { m_forward(bytes); }

private:
    std::function<void(const QByteArray &)> m_forward;
};

} // namespace sockpit
