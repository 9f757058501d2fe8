#pragma once

#include "sessionconfig.h"

#include <QByteArray>
#include <QString>

namespace sockpit::ui {

// "Session > Show as Code": a session's settings as a short program a student can read, run and
// change, written the way a lecture writes socket code (socket, bind, listen, accept, recv, send,
// close), in Python 3 and in C on POSIX sockets. Its comments are translated; what the session does
// that the program does not (TLS, framing, auto-reply rules, a chat room, a client limit...) is named
// at the top, never dropped silently.
//
// What the programs print is fixed, untranslated, one line per step, at once (also into a pipe):
//   TCP server  "listening on ADDR:PORT", then per client "connection from ADDR:PORT",
//               "received: TEXT" per chunk, "closed"
//   TCP client  "connected to ADDR:PORT", then "received: TEXT" per chunk
//   UDP         "bound to ADDR:PORT", "joined GROUP" per multicast group, then
//               "received from ADDR:PORT: TEXT" per datagram
// ADDR of an IPv6 address is in brackets ("[::1]:9000"); PORT is the port the system picked when the
// settings say 0. The server and UDP programs run until Ctrl+C; the client ends when the server
// closes the connection.

// Whether a mode can be shown as code: TCP server, TCP client and UDP; relays and ICMP cannot.
bool canShowAsCode(SessionMode mode);

// What a generated client sends, and a UDP program to its default target: "hello\n".
QByteArray defaultCodeMessage();

// The session as a program; an empty string for a mode canShowAsCode() refuses.
QString sessionAsPython(const SessionConfig &config, const QByteArray &message = defaultCodeMessage());
QString sessionAsC(const SessionConfig &config, const QByteArray &message = defaultCodeMessage());

} // namespace sockpit::ui
