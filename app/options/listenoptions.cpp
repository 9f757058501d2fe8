// `sockpit listen`: its options (ListenOptions, declared in clioptions.h) and its help text.
// Checked through the built program: tests/app/commands/tst_cliarguments.cpp (invalid arguments and their
// exit statuses, --help), tests/app/commands/tst_tlscommands.cpp (the TLS flags),
// tests/app/commands/tst_listencommand.cpp (what each option does) and tests/app/commands/tst_manpage.cpp
// (the help text against the man page).

#include "clioptions.h"

#include "chatroom.h"
#include "endpoint.h"
#include "optionparsing.h"

#include <QCoreApplication>

namespace sockpit::cli {

Parsed<ListenOptions> parseListen(const QStringList &arguments)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    addSocketOptions(parser);
    addUnixOption(parser);
    parser.addOption(valueOption("bind",
        Cli::tr("Listen on ADDR only (default: all IPv4 interfaces; :: for IPv6 too)."), Cli::tr("ADDR")));
    parser.addOption(flagOption("echo", Cli::tr("Send each received chunk back to its sender.")));
    parser.addOption(valueOption(
        "max-clients", Cli::tr("Accept at most N clients at once; refuse the others."), Cli::tr("N")));
    parser.addOption(
        valueOption("join", Cli::tr("UDP: join multicast GROUP (repeatable)."), Cli::tr("GROUP")));
    parser.addOption(valueOption(
        "iface", Cli::tr("UDP: the network interface (name or number) for multicast."), Cli::tr("NAME")));
    addTlsOptions(parser, true);
    parser.addOption(valueOption("rules",
        Cli::tr("Answer matching messages with the auto-reply rules in FILE (JSON, as the window exports "
                "them)."),
        Cli::tr("FILE")));
    addFramingOptions(parser);
    addCheckOptions(parser);
    parser.addOption(
        flagOption("chat", Cli::tr("Run a chat room: each line a client says goes to the others.")));
    parser.addOption(flagOption(
        "websocket", Cli::tr("Speak WebSocket (RFC 6455) with every client: ws://, or wss:// with --tls.")));
    parser.addOption(
        valueOption("name", Cli::tr("With --chat: the name standard input talks as."), Cli::tr("NAME")));
    if (!parser.parse(QStringList {QStringLiteral("sockpit listen")} + arguments))
        return usageError<ListenOptions>(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        return helpResult<ListenOptions>(listenHelp());

    ListenOptions options;
    QString error;
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("unix"))) {
        if (!parseUnixPath(parser, QStringLiteral("listen"),
                {"bind", "join", "iface", "tls", "cert", "key", "ca", "websocket"}, &options.unixPath,
                &error))
            return usageError<ListenOptions>(error);
    } else if (positional.size() != 1) {
        return usageError<ListenOptions>(positional.isEmpty()
                ? Cli::tr("listen needs a PORT (0 lets the system pick one)")
                : Cli::tr("listen takes one PORT, got: %1").arg(positional.join(QLatin1Char(' '))));
    } else if (!parsePort(positional.at(0), &options.port, &error, true)) {
        return usageError<ListenOptions>(error);
    }
    options.udp = parser.isSet(QStringLiteral("udp"));
    options.echo = parser.isSet(QStringLiteral("echo"));
    options.verbose = parser.isSet(QStringLiteral("verbose"));
    options.hexDump = parser.isSet(QStringLiteral("hex-dump"));
    if (!parseSocketOptions(
            parser, options.udp, !options.unixPath.isEmpty(), &options.noDelay, &options.keepAlive, &error))
        return usageError<ListenOptions>(error);
    options.record = parser.value(QStringLiteral("record"));
    if (parser.isSet(QStringLiteral("record")) && options.record.isEmpty())
        return usageError<ListenOptions>(Cli::tr("--record needs a file name"));
    if (parser.isSet(QStringLiteral("bind"))
        && !parseBindAddress(parser.value(QStringLiteral("bind")), &options.bind, &error))
        return usageError<ListenOptions>(error);
    if (parser.isSet(QStringLiteral("max-clients"))) {
        qint64 max = 0;
        if (!parseInteger(parser.value(QStringLiteral("max-clients")), QStringLiteral("--max-clients"), 1,
                1000000, &max, &error))
            return usageError<ListenOptions>(error);
        options.maxClients = int(max);
    }
    if (!parseInterface(parser, options.udp, &options.interfaceName, &error))
        return usageError<ListenOptions>(error);
    bool anyV6Group = false;
    for (const QString &text : parser.values(QStringLiteral("join"))) {
        if (!options.udp)
            return usageError<ListenOptions>(Cli::tr("--join applies to UDP: add --udp"));
        QHostAddress group;
        if (!group.setAddress(text) || !group.isMulticast() || !group.scopeId().isEmpty())
            return usageError<ListenOptions>(
                Cli::tr("--join needs a multicast group address (224.0.0.0/4 or ff00::/8), not '%1'")
                    .arg(text));
        anyV6Group = anyV6Group || group.protocol() == QAbstractSocket::IPv6Protocol;
        options.joinGroups.append(group);
    }
    if (anyV6Group) {
        // An IPv6 group needs an IPv6 socket: without --bind, listen on :: (IPv4 as well).
        if (!parser.isSet(QStringLiteral("bind")))
            options.bind = QHostAddress(QHostAddress::AnyIPv6);
        else if (options.bind.protocol() != QAbstractSocket::IPv6Protocol)
            return usageError<ListenOptions>(
                Cli::tr("--join: an IPv6 group needs an IPv6 --bind address (such as ::), not '%1'")
                    .arg(parser.value(QStringLiteral("bind"))));
    }
    if (!parseTls(parser, true, &options.tls, &error))
        return usageError<ListenOptions>(error);
    if (options.tls.enabled && !options.joinGroups.isEmpty())
        return usageError<ListenOptions>(Cli::tr(
            "--join does not apply with --tls: DTLS runs a session with each peer, not with a group"));
    if (!parseFraming(parser, options.udp, &options.framing, &error))
        return usageError<ListenOptions>(error);
    if (!parseCheck(parser, &options.check, &error))
        return usageError<ListenOptions>(error);
    options.chat = parser.isSet(QStringLiteral("chat"));
    if (parser.isSet(QStringLiteral("name"))) {
        if (!options.chat)
            return usageError<ListenOptions>(Cli::tr("--name applies to a chat room: add --chat"));
        options.chatName = parser.value(QStringLiteral("name"));
        const QByteArray why = ChatRoom::checkName(options.chatName.toUtf8());
        if (!why.isEmpty())
            return usageError<ListenOptions>(
                Cli::tr("--name '%1': %2")
                    .arg(
                        options.chatName, QCoreApplication::translate("sockpit::ChatRoom", why.constData())));
    }
    if (options.chat) {
        if (options.udp)
            return usageError<ListenOptions>(options.unixPath.isEmpty()
                    ? Cli::tr("--chat needs TCP: leave out --udp")
                    : Cli::tr("--chat needs a stream socket: leave out --udp"));
        if (options.echo)
            return usageError<ListenOptions>(
                Cli::tr("--chat and --echo cannot be combined: a room passes each line to the others"));
        const Framing &framing = options.framing;
        const bool lines = framing.kind == Framing::Kind::Raw
            || (framing.kind == Framing::Kind::Delimiter
                && (framing.delimiter == "\n" || framing.delimiter == "\r\n"));
        if (!lines)
            return usageError<ListenOptions>(Cli::tr(
                "--chat splits lines: --framing can only be lines (the room ends its lines with LF) or "
                "lines:crlf (CR LF)"));
    }
    options.webSocket = parser.isSet(QStringLiteral("websocket"));
    if (options.webSocket) {
        if (options.udp)
            return usageError<ListenOptions>(Cli::tr("--websocket needs TCP: leave out --udp"));
        if (options.chat)
            return usageError<ListenOptions>(Cli::tr("--websocket and --chat cannot be combined"));
        if (parser.isSet(QStringLiteral("framing")))
            return usageError<ListenOptions>(
                Cli::tr("--framing does not apply with --websocket: each WebSocket message is a message "
                        "already"));
    }
    if (const int status = parseRules(parser, &options.rules, &error); status == ExitFailure)
        return systemError<ListenOptions>(error);
    else if (status == ExitUsage)
        return usageError<ListenOptions>(error);
    Parsed<ListenOptions> result;
    result.options = options;
    return result;
}

QString listenHelp()
{
    return Cli::tr(
        "Usage: sockpit listen [--udp] [--bind ADDR] PORT [--echo] [--max-clients N] [--record FILE] [-v] "
        "[-x]\n"
        "       sockpit listen --unix [--udp] PATH [--echo] [--max-clients N] [--record FILE] [-v] [-x]\n"
        "                      [--join GROUP]... [--iface NAME]\n"
        "                      [--tls [--cert FILE --key FILE] [--ca FILE]] [--websocket]\n"
        "                      [--rules FILE] [--framing SPEC [--max-frame N]] [--chat [--name NAME]]\n"
        "                      [--check NAME[:le|:be] [--check-skip FIRST[,LAST]]]\n"
        "\n"
        "Listens on PORT (0: the system picks one) and prints 'listening on ADDR:PORT' to standard error;\n"
        "with --unix, on the Unix socket PATH ('listening on PATH').\n"
        "Received bytes go to standard output; standard input goes to every connected client (UDP: to the\n"
        "most recent sender). Runs until SIGINT or SIGTERM; the end of standard input does not stop it.\n"
        "\n"
        "  --udp              Use UDP instead of TCP (with --unix: a datagram socket).\n"
        "  --nodelay on|off   TCP_NODELAY: on (the default) sends each piece at once; off lets TCP gather\n"
        "                     small pieces (Nagle's algorithm).\n"
        "  --keepalive        SO_KEEPALIVE: TCP probes a connection that stays idle, and ends it once the\n"
        "                     peer is gone.\n"
        "  -U, --unix         PATH is a Unix domain socket: a file (a socket file nobody listens on any\n"
        "                     more is replaced, and the file is removed at the end) or @name, an\n"
        "                     abstract name. Clients are shown by their process: 'pid 4242, uid 1000'.\n"
        "  --bind ADDR        Listen on ADDR only (default 0.0.0.0; :: for IPv6 and IPv4).\n"
        "  --echo             Send each received chunk back to its sender.\n"
        "  --max-clients N    Accept at most N clients at once; further ones are closed and logged as "
        "refused.\n"
        "  --join GROUP       UDP: join multicast GROUP (repeatable); an IPv6 group without --bind listens "
        "on "
        "::.\n"
        "  --iface NAME       UDP: join on, and send multicast by, interface NAME (a name or a number).\n"
        "  --rules FILE       Answer each received message (chunk, --framing message, or datagram) that\n"
        "                     matches a rule of FILE, a JSON file as the window's rules editor exports it.\n"
        "  --framing SPEC     TCP: split received bytes into the messages --record writes and --rules\n"
        "                     answers (standard output still gets the bytes unchanged). SPEC is one of:\n"
        "%1"
        "  --max-frame N      With --framing: a longer message is recorded in pieces of N bytes, each\n"
        "                     marked (default 65536).\n"
        "  --check NAME       Check the check value at the end of each received message (chunk, --framing\n"
        "                     message, or datagram), NAME[:le|:be] as for --checksum; each bad one is\n"
        "                     reported on standard error (and recorded), and the count at the end.\n"
        "  --check-skip FIRST[,LAST]\n"
        "                     With --check: FIRST bytes before the covered ones and LAST bytes after the\n"
        "                     check value are left out (a --framing delimiter always is).\n"
        "  --chat             TCP: run a chat room. Each line a client sends (LF or CR LF) goes to every\n"
        "                     other client as '<NAME> text'; clients start as userN and rename with\n"
        "                     '/nick NAME'; '/who' lists who is there; joins, leaves and renames are\n"
        "                     announced as '* ...' lines; a newcomer gets the last 20 lines said. Standard\n"
        "                     input talks to the room. A client that stops reading is disconnected once\n"
        "                     1 MiB waits for it. With --framing lines:crlf the room ends lines with CR LF.\n"
        "  --name NAME        With --chat: the name standard input talks as (default host).\n"
        "  --websocket        TCP: speak WebSocket (RFC 6455) with every client, any path (with --tls:\n"
        "                     wss). Each message received goes to standard output with a line end after\n"
        "                     it; each line of standard input is one message, text when it is UTF-8 and\n"
        "                     binary otherwise. Pings are answered; handshakes and close codes are logged.\n"
        "  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).\n"
        "  -v, --verbose      Report every connection step, and the byte totals at the end, on standard "
        "error.\n"
        "  -x, --hex-dump     Also print every byte received and sent as a hex dump on standard error:\n"
        "                     a '<' (received) or '>' (sent) line with the time, connection and peer,\n"
        "                     then 16 bytes a line with their offset and ASCII.\n"
        "  --tls              Serve TLS (with --udp: DTLS). Without --cert/--key a self-signed certificate "
        "is\n"
        "                     made for this run and its SHA-256 fingerprint printed to standard error.\n"
        "  --cert FILE        The server's certificate (PEM or DER; a PEM file may add its chain).\n"
        "  --key FILE         The private key of --cert (unencrypted RSA or EC, PEM or DER).\n"
        "  --ca FILE          Ask clients for a certificate and accept only those the CAs in FILE issued.\n")
        .arg(framingSpecHelp());
}

} // namespace sockpit::cli
