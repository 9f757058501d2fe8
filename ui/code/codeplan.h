#pragma once

#include "sessionconfig.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QVector>

namespace sockpit::ui {

enum class CodeLanguage { Python, C };

// The translation context of the generated programs' comments (their output stays English: scripts
// and tests read it).
class CodeText
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::ui::CodeText)
};

// What a generated program does, worked out once from a session's settings for every language: the
// socket's address family, what it binds and talks to, the options it sets, and what of the session
// it leaves out. Addresses are as Sockpit's own sockets would use them.
struct CodePlan
{
    SessionMode mode = SessionMode::TcpServer;
    bool v6 = false; // an AF_INET6 socket
    bool dualStack = false; // bound to "::" with IPV6_V6ONLY off: IPv4 peers too, as ::ffff:a.b.c.d
    bool bind = true; // a client binds only for a source address or port
    QString bindAddress; // numeric, without scope: "0.0.0.0", "::1"
    QString bindScope; // the IPv6 scope (interface name or number) of bindAddress, "" for none
    quint16 bindPort = 0;
    bool hasTarget = false; // TCP client: the server; UDP: a default target
    QString host; // a name or a numeric address (an IPv4 one mapped when the UDP socket is IPv6)
    bool hostIsName = false;
    quint16 port = 0;
    QByteArray message; // what the client, or UDP to its target, sends
    bool echo = false;
    bool noDelay = false;
    bool keepAlive = false;
    int connectTimeoutMs = 0;
    QVector<QHostAddress> groups; // multicast groups this socket can join
    QString multicastInterface; // "" : the interface the routing table picks
    bool interfaceIsIndex = false; // multicastInterface is a number, not a name
    QStringList notReproduced; // translated, for either language
};

CodePlan makeCodePlan(const SessionConfig &config, const QByteArray &message);

// Whether the program joins an IPv6 group (`v6`), or an IPv4 one.
bool joinsGroupOf(const CodePlan &plan, bool v6);

// The program's opening comment text, translated, one paragraph a line: what it does, how to build
// and run it, the line it prints first, and what it does not reproduce.
QStringList codeHeader(const CodePlan &plan, CodeLanguage language);

} // namespace sockpit::ui
