#pragma once

#include "event.h"
#include "sessionmode.h"

#include <QString>

namespace sockpit::ui {

// What the log needs to know of its session to name the system calls behind its rows.
struct SystemCallContext
{
    SessionMode mode = SessionMode::TcpServer;
    bool known = false; // false (a recording's log): rows name what they can without the mode
    bool clientBinds = false; // a client that binds a source address first: socket() is on the bind row
};

// The system call that made a row, as a lecture on sockets writes it, with the arguments that
// mattered: "socket(AF_INET, SOCK_STREAM), bind(0.0.0.0:9000)", "listen(SOMAXCONN)",
// "accept4(SOCK_NONBLOCK)", "connect(127.0.0.1:9000)", "recv()", "sendto()", "recv() = 0",
// "shutdown(SHUT_WR)", "close()". The calls are the ones Sockpit makes. Empty for rows no one call makes
// (a TLS handshake, a note) and where the context leaves the call in doubt (a recording's data rows, a
// relay's data rows, which pass through two sockets).
QString systemCall(EventKind kind, Direction dir, const QString &peer, const QString &local,
    const QString &upstream, const SystemCallContext &context);

// What that call did, in a sentence for the row's tool tip (translated); empty when systemCall() is.
QString systemCallHelp(EventKind kind, Direction dir, const SystemCallContext &context);

} // namespace sockpit::ui
