#pragma once

#include "responder.h"

#include <QByteArray>

#include <memory>

namespace sockpit {

// Something outside the I/O threads that must see every byte a session receives, unframed and never
// truncated (a sequence runner waiting for an answer). Called on the I/O threads, so it only hands
// the bytes over; it must not block.
class ReceiveTap
{
public:
    virtual ~ReceiveTap() = default;
    virtual void received(ConnId conn, const QByteArray &bytes) = 0;
    // Connection `conn` will receive no more (the peer finished, or it closed).
    virtual void ended(ConnId conn) = 0;
};

// A tap as the last responder of a connection's pipeline.
class TapResponder final : public Responder
{
public:
    TapResponder(std::shared_ptr<ReceiveTap> tap, ConnId conn)
        : m_tap(std::move(tap))
        , m_conn(conn)
    { }
    void chunk(const QByteArray &bytes, const ReplyTo &to) override
    {
        m_tap->received(to.conn != 0 ? to.conn : m_conn, bytes);
    }
    void finished() override { m_tap->ended(m_conn); }

private:
    std::shared_ptr<ReceiveTap> m_tap;
    ConnId m_conn;
};

} // namespace sockpit
