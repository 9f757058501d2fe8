#pragma once

#include "sessionmode.h"

#include <QFlags>
#include <QStringView>

#include <array>
#include <optional>

namespace sockpit {

// What a mode's local address and port fields mean.
enum class LocalRole : quint8 {
    None, // no local address or port of its own (ICMP)
    Listen, // the address and port to bind or listen on: the port is required, 0 lets the system pick
    Source, // where to connect from: both optional
};

// What a mode's remote host (and port) fields mean.
enum class RemoteRole : quint8 {
    None, // no remote host: it waits to be reached
    Connect, // the server to connect to: host and port required
    DefaultTarget, // where sends go unless a peer is chosen: optional, but host and port together
    Forward, // where a relay passes everything on to: host and port required
    Ping, // the IPv4 host echo requests go to: host required, no port; needs a raw or ping socket
};

// Which end of a TLS handshake a mode's own connections take. ByRemoteHost: DTLS on a UDP socket, a
// server of every peer that handshakes with it, or, when a remote host is set, a client of that host
// (tlsRole() in sessionconfig.h tells which).
enum class TlsRole : quint8 { None, Server, Client, ByRemoteHost };

// Where the composer's bytes can go; a send-target list offers them in this order.
enum class SendChoice : quint8 {
    AllPeers = 1 << 0, // every connected client
    DefaultTarget = 1 << 1, // the configured target host:port (offered once one is set)
    LastSender = 1 << 2, // whoever sent the most recent datagram
    OnePeer = 1 << 3, // the one peer the session talks to: a client's server, a ping's host
    SelectedPeers = 1 << 4, // the peers selected in the peer list
};
Q_DECLARE_FLAGS(SendChoices, SendChoice)
Q_DECLARE_OPERATORS_FOR_FLAGS(SendChoices)

// One row of the mode table: what a session mode has and offers. The window, the settings and the
// command line ask this table instead of comparing modes, so a new mode is one new row.
struct ModeTraits
{
    SessionMode mode;
    const char *name; // in settings, on the command line and in recordings: "tcp-server"
    bool datagram; // its messages are datagrams: no framing, files go in datagram-sized pieces
    bool relay; // passes everything between its peers and a target
    LocalRole local;
    RemoteRole remote;
    bool peerList; // lists the peers it talks to
    bool peersAreConnections; // ... and they are TCP connections: counted as clients, can be closed
    SendChoices sendTo; // where a user's send can go
    bool halfClose; // the user can shut down the sending side
    bool reconnect; // may connect again after a drop
    bool connectTimeout; // connects out, within a time limit
    bool socketOptions; // TCP_NODELAY and SO_KEEPALIVE on its one connection
    bool maxClients; // a limit on connected clients
    bool echo; // the echo responder
    bool autoReply; // the auto-reply responder
    bool framing; // splits a byte stream into messages
    TlsRole tls;
    bool multicast; // joins multicast groups
    bool pingOptions; // echo request count, interval, size and timeout
    bool unixPaths; // a Unix domain socket: its local and remote addresses are paths, not host:port
};

constexpr int SessionModeCount = 9;

// The row of `mode`.
const ModeTraits &modeTraits(SessionMode mode);
// Every row, in the order modes are offered to a user.
const std::array<ModeTraits, SessionModeCount> &allModeTraits();
// A server of connections (TCP or Unix stream): the chat room, the listener, its clients in a list.
bool isStreamServer(SessionMode mode);
// A client of one connection (TCP or Unix stream).
bool isStreamClient(SessionMode mode);
// The mode named `name` ("tcp-server", ...), if there is one.
std::optional<SessionMode> sessionModeFromName(QStringView name);

} // namespace sockpit
