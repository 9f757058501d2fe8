#include "modetraits.h"

#include <QLatin1String>

namespace sockpit {

namespace {

using L = LocalRole;
using R = RemoteRole;
using T = TlsRole;
using S = SendChoice;

// clang-format off
const std::array<ModeTraits, SessionModeCount> Table {{
//   mode                    name          datagram relay  local      remote             peerList conns
//   sendTo                                                  halfClose reconnect timeout sockopts maxClients
//   echo   autoReply framing tls        multicast ping   unix
    {SessionMode::TcpServer, "tcp-server", false,   false, L::Listen, R::None,          true,    true,
     S::AllPeers | S::SelectedPeers,                         false,    false,    false,  false,   true,
     true,  true,     true,   T::Server, false,    false, false},
    {SessionMode::TcpClient, "tcp-client", false,   false, L::Source, R::Connect,       false,   false,
     S::OnePeer,                                             true,     true,     true,   true,    false,
     false, true,     true,   T::Client, false,    false, false},
    {SessionMode::Udp,       "udp",        true,    false, L::Listen, R::DefaultTarget, true,    false,
     S::DefaultTarget | S::LastSender | S::SelectedPeers,    false,    false,    false,  false,   false,
     true,  true,     false,  T::ByRemoteHost, true, false, false},
    // A relay passes bytes on untouched: no echo, no auto-replies; what is typed goes to its clients.
    {SessionMode::TcpRelay,  "tcp-relay",  false,   true,  L::Listen, R::Forward,       true,    true,
     S::AllPeers,                                            false,    false,    true,   false,   true,
     false, false,    true,   T::None,   false,    false, false},
    {SessionMode::UdpRelay,  "udp-relay",  true,    true,  L::Listen, R::Forward,       true,    false,
     S::LastSender,                                          false,    false,    false,  false,   false,
     false, false,    false,  T::None,   false,    false, false},
    {SessionMode::Icmp,      "icmp",       false,   false, L::None,   R::Ping,          false,   false,
     S::OnePeer,                                             false,    false,    false,  false,   false,
     false, false,    false,  T::None,   false,    true, false},
    // The Unix modes: a stream server and client, and datagrams, as their TCP and UDP rows but
    // without TLS, socket options, a source address or multicast.
    {SessionMode::UnixServer, "unix-server", false, false, L::Listen, R::None,          true,    true,
     S::AllPeers | S::SelectedPeers,                         false,    false,    false,  false,   true,
     true,  true,     true,   T::None,   false,    false, true},
    {SessionMode::UnixClient, "unix-client", false, false, L::None,   R::Connect,       false,   false,
     S::OnePeer,                                             true,     true,     true,   false,   false,
     false, true,     true,   T::None,   false,    false, true},
    {SessionMode::UnixDatagram, "unix-dgram", true,  false, L::Listen, R::DefaultTarget, true,    false,
     S::DefaultTarget | S::LastSender | S::SelectedPeers,    false,    false,    false,  false,   false,
     true,  true,     false,  T::None,   false,    false, true},
}};
// clang-format on

} // namespace

const ModeTraits &modeTraits(SessionMode mode)
{
    const auto row = std::size_t(mode);
    return row < Table.size() ? Table[row] : Table[0];
}

const std::array<ModeTraits, SessionModeCount> &allModeTraits()
{
    return Table;
}

bool isStreamServer(SessionMode mode)
{
    return mode == SessionMode::TcpServer || mode == SessionMode::UnixServer;
}

bool isStreamClient(SessionMode mode)
{
    return mode == SessionMode::TcpClient || mode == SessionMode::UnixClient;
}

std::optional<SessionMode> sessionModeFromName(QStringView name)
{
    for (const ModeTraits &traits : Table) {
        if (name == QLatin1String(traits.name))
            return traits.mode;
    }
    return std::nullopt;
}

} // namespace sockpit
