#pragma once

// What the parsers of the headless commands share: the translation context of their messages, the
// results they return, the checks of numbers, addresses and interface names, and the options that
// several commands take (--help, --udp, --record, --verbose, the TLS flags, --framing and --rules).

#include "checksumspec.h"
#include "clioptions.h"
#include "framing.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>

#include <initializer_list>

namespace sockpit::cli {

// What a parser returns when it stops early: invalid arguments (exit 2), a refusal of the system such
// as a file that cannot be read (exit 1), or the help text (exit 0).
template<typename Options> Parsed<Options> usageError(const QString &message)
{
    Parsed<Options> result;
    result.message = message;
    result.exitStatus = ExitUsage;
    return result;
}

template<typename Options> Parsed<Options> systemError(const QString &message)
{
    Parsed<Options> result;
    result.message = message;
    result.exitStatus = ExitFailure;
    return result;
}

template<typename Options> Parsed<Options> helpResult(const QString &help)
{
    Parsed<Options> result;
    result.message = help;
    result.exitStatus = ExitOk;
    return result;
}

// A whole number within [min, max]; the flag name goes into the message.
bool parseInteger(
    const QString &text, const QString &flag, qint64 min, qint64 max, qint64 *value, QString *error);

// --bind: an IP address; false with *error for exit status 2.
bool parseBindAddress(const QString &text, QHostAddress *address, QString *error);

// --iface: an interface name or number as the kernel spells them; whether it exists is the system's
// answer (exit 1), not the arguments' (exit 2).
bool parseInterface(const QCommandLineParser &parser, bool udp, QString *name, QString *error);

// An option named `name` that takes a value, and one that does not.
QCommandLineOption valueOption(const char *name, const QString &description, const QString &valueName);
QCommandLineOption flagOption(const char *name, const QString &description);

// -h/--help, --udp, --record FILE, -v/--verbose and -x/--hex-dump, with single-dash words read as long
// options.
void addCommonOptions(QCommandLineParser &parser);
// -U/--unix: the address is a Unix socket path (with --udp: a datagram socket).
void addUnixOption(QCommandLineParser &parser);
// With --unix: the one positional argument as a Unix socket path into *path, after checking that no
// flag in `inetOnly` (names without dashes) is set; false with *error for exit status 2.
bool parseUnixPath(const QCommandLineParser &parser, const QString &command,
    std::initializer_list<const char *> inetOnly, QString *path, QString *error);
// --nodelay on|off and --keepalive, for the commands whose connections are TCP.
void addSocketOptions(QCommandLineParser &parser);
// Both, refused with --udp and with --unix; false with *error for exit status 2.
bool parseSocketOptions(const QCommandLineParser &parser, bool udp, bool unixSocket, bool *noDelay,
    bool *keepAlive, QString *error);
// --proxy URL, for the commands that connect out over TCP.
void addProxyOption(QCommandLineParser &parser);
// --proxy checked: a socks5:// or http:// URL, not with --udp or --unix; false with *error for exit 2.
bool parseProxy(
    const QCommandLineParser &parser, bool udp, bool unixSocket, ProxySettings *proxy, QString *error);
// --tls, --cert, --key, --ca and --insecure, described for a server or for a client.
void addTlsOptions(QCommandLineParser &parser, bool server);

// The TLS flags (with --udp: DTLS), checked against each other; false with *error for exit status 2.
// `implied`: TLS is on without --tls (a wss:// URL), and the other flags apply to it.
bool parseTls(
    const QCommandLineParser &parser, bool server, TlsSettings *tls, QString *error, bool implied = false);

// Whether a positional argument is a WebSocket URL (ws:// or wss://, in any case).
bool isWebSocketUrl(const QString &text);
// A ws:// or wss:// URL: its host (an IPv6 address without brackets), port (80 or 443 when it has
// none), the path and query to ask for ("/" when it has no path), and whether it is wss (TLS). False
// with *error for exit status 2.
bool parseWebSocketUrl(
    const QString &text, QString *host, quint16 *port, QString *resource, bool *secure, QString *error);

// --framing SPEC and --max-frame N, for the commands whose TCP connections can be split into messages.
void addFramingOptions(QCommandLineParser &parser);
// The help texts' list of --framing SPECs, one a line, indented to sit under --framing.
QString framingSpecHelp();

// One --framing SPEC: raw, lines, lines:crlf, delim:TEXT (text with escapes: \r \n \t \xNN),
// length:SIZE[:be|:le][:incl], fixed:N or idle:MS. Sets the kind and its settings in *framing (the
// other fields stay as they are); false with *error (without the "--framing" prefix) for exit status 2.
bool parseFramingSpec(const QString &spec, Framing *framing, QString *error);

// --framing and --max-frame together, checked against each other and against --udp (datagrams are
// messages already) and by Framing::validate(); false with *error for exit status 2.
bool parseFraming(const QCommandLineParser &parser, bool udp, Framing *framing, QString *error);

// --check NAME[:le|:be] and --check-skip FIRST[,LAST]: check the check value of each received message.
void addCheckOptions(QCommandLineParser &parser);
// Both, checked against each other; false with *error for exit status 2.
bool parseCheck(const QCommandLineParser &parser, ChecksumCheck *check, QString *error);

// --rules FILE: ExitOk with the rules in *rules (none when the flag is absent), ExitFailure when FILE
// cannot be read, ExitUsage when the flag has no file name or FILE does not hold valid rules.
int parseRules(const QCommandLineParser &parser, AutoReplyRules *rules, QString *error);

} // namespace sockpit::cli
