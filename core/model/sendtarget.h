#pragma once

#include "event.h"

#include <QHostAddress>

namespace sockpit {

// Where send() puts its bytes.
struct SendTarget
{
    enum class Kind {
        All, // TCP server: every connected client; TCP client/UDP: the one peer / the default target
        Connection, // one connection of a TCP server
        Address, // UDP: an explicit host address and port
        LastPeer, // UDP: whoever sent the most recent datagram
    };
    Kind kind = Kind::All;
    ConnId conn = 0;
    QHostAddress address;
    quint16 port = 0;

    static SendTarget all() { return {}; }
    static SendTarget connection(ConnId id) { return {Kind::Connection, id, {}, 0}; }
    static SendTarget to(const QHostAddress &address, quint16 port)
    {
        return {Kind::Address, 0, address, port};
    }
    static SendTarget lastPeer() { return {Kind::LastPeer, 0, {}, 0}; }
};

} // namespace sockpit
