#pragma once

namespace sockpit {

// What kind of session one tab or command runs. What each mode offers (fields, send targets, options,
// responders) is its row in the mode table, modetraits.h.
// A relay listens like a server and forwards each connection (TCP) or each sender's datagrams (UDP)
// to the target host:port, logging both directions.
// The Unix modes are the TCP server, the TCP client and UDP over Unix domain sockets: their addresses
// are paths ("/run/app.sock", or "@name" in Linux's abstract namespace).
enum class SessionMode {
    TcpServer,
    TcpClient,
    Udp,
    TcpRelay,
    UdpRelay,
    Icmp,
    UnixServer,
    UnixClient,
    UnixDatagram
};

} // namespace sockpit
