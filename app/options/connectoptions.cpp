// `sockpit connect`: its options (ConnectOptions, declared in clioptions.h) and its help text.
// Checked through the built program: tests/app/commands/tst_cliarguments.cpp (invalid arguments and their
// exit statuses, --help), tests/app/commands/tst_tlscommands.cpp (the TLS flags),
// tests/app/commands/tst_connectcommand.cpp (what each option does) and tests/app/commands/tst_manpage.cpp
// (the help text against the man page).

#include "clioptions.h"

#include "endpoint.h"
#include "optionparsing.h"
#include "payloadencoder.h"

#include <QtGlobal>

namespace sockpit::cli {

Parsed<ConnectOptions> parseConnect(const QStringList &arguments)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    addSocketOptions(parser);
    addProxyOption(parser);
    addUnixOption(parser);
    parser.addOption(valueOption("send",
        Cli::tr("Send TEXT (UTF-8 as typed; hex with --hex; macros such as {counter} and {time}) instead "
                "of standard input."),
        Cli::tr("TEXT")));
    parser.addOption(valueOption(
        "send-file", Cli::tr("Send the contents of FILE instead of standard input."), Cli::tr("FILE")));
    parser.addOption(
        flagOption("hex", Cli::tr("TEXT of --send is hex: '48 65 6c', '48656c' or '0x48,0x65'.")));
    parser.addOption(valueOption("wait",
        Cli::tr("After the input ended, exit once nothing has arrived for MS milliseconds."), Cli::tr("MS")));
    parser.addOption(valueOption(
        "timeout", Cli::tr("Give up connecting after MS milliseconds (default 10000)."), Cli::tr("MS")));
    parser.addOption(valueOption("local-port", Cli::tr("Send from local port N."), Cli::tr("N")));
    parser.addOption(
        valueOption("repeat", Cli::tr("Send the --send/--send-file payload N times."), Cli::tr("N")));
    parser.addOption(valueOption("interval",
        Cli::tr("Milliseconds between repeats, fractions allowed (0: as fast as possible)."), Cli::tr("MS")));
    parser.addOption(valueOption("iface",
        Cli::tr("UDP: the network interface (name or number) multicast datagrams leave by."),
        Cli::tr("NAME")));
    addTlsOptions(parser, false);
    parser.addOption(valueOption("checksum",
        Cli::tr("Append a check value to the payload: crc16-modbus, crc16-ibm3740, crc16-xmodem, "
                "crc16-kermit, crc32, sum8 or xor8, optionally with :le or :be."),
        Cli::tr("NAME")));
    parser.addOption(valueOption("rules",
        Cli::tr("Answer matching messages with the auto-reply rules in FILE (JSON, as the window exports "
                "them)."),
        Cli::tr("FILE")));
    addFramingOptions(parser);
    addCheckOptions(parser);
    if (!parser.parse(QStringList {QStringLiteral("sockpit connect")} + arguments))
        return usageError<ConnectOptions>(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        return helpResult<ConnectOptions>(connectHelp());

    ConnectOptions options;
    QString error;
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("unix"))) {
        if (!parseUnixPath(parser, QStringLiteral("connect"),
                {"local-port", "iface", "tls", "cert", "key", "ca", "insecure"}, &options.unixPath, &error))
            return usageError<ConnectOptions>(error);
    } else if (positional.size() == 1 && isWebSocketUrl(positional.at(0))) {
        bool secure = false;
        if (!parseWebSocketUrl(
                positional.at(0), &options.host, &options.port, &options.webSocketResource, &secure, &error))
            return usageError<ConnectOptions>(error);
        options.webSocket = true;
        options.tls.enabled = secure;
        if (parser.isSet(QStringLiteral("tls")))
            return usageError<ConnectOptions>(
                Cli::tr("--tls does not go with a WebSocket URL: wss:// is WebSocket over TLS"));
        for (const char *name : {"udp", "framing", "max-frame"}) {
            if (parser.isSet(QString::fromLatin1(name)))
                return usageError<ConnectOptions>(
                    Cli::tr("--%1 does not apply to WebSocket (a ws:// or wss:// URL): each WebSocket "
                            "message is a message already")
                        .arg(QString::fromLatin1(name)));
        }
    } else {
        if (positional.size() != 2)
            return usageError<ConnectOptions>(
                Cli::tr("connect needs HOST and PORT, got: '%1'").arg(positional.join(QLatin1Char(' '))));
        options.host = positional.at(0);
        if (!validateHost(options.host, &error))
            return usageError<ConnectOptions>(error);
        if (!parsePort(positional.at(1), &options.port, &error, false))
            return usageError<ConnectOptions>(error);
    }
    options.udp = parser.isSet(QStringLiteral("udp"));
    options.verbose = parser.isSet(QStringLiteral("verbose"));
    options.hexDump = parser.isSet(QStringLiteral("hex-dump"));
    if (!parseSocketOptions(
            parser, options.udp, !options.unixPath.isEmpty(), &options.noDelay, &options.keepAlive, &error))
        return usageError<ConnectOptions>(error);
    if (!parseProxy(parser, options.udp, !options.unixPath.isEmpty(), &options.proxy, &error))
        return usageError<ConnectOptions>(error);
    options.record = parser.value(QStringLiteral("record"));
    if (parser.isSet(QStringLiteral("record")) && options.record.isEmpty())
        return usageError<ConnectOptions>(Cli::tr("--record needs a file name"));
    if (!parseTls(parser, false, &options.tls, &error, options.tls.enabled))
        return usageError<ConnectOptions>(error);

    const bool hasSend = parser.isSet(QStringLiteral("send"));
    const bool hasFile = parser.isSet(QStringLiteral("send-file"));
    if (hasSend && hasFile)
        return usageError<ConnectOptions>(Cli::tr("use either --send or --send-file, not both"));
    if (parser.isSet(QStringLiteral("hex")) && !hasSend)
        return usageError<ConnectOptions>(Cli::tr("--hex applies to the TEXT of --send"));
    if (hasSend) {
        const QString text = parser.value(QStringLiteral("send"));
        const InputMode mode = parser.isSet(QStringLiteral("hex")) ? InputMode::Hex : InputMode::Text;
        if (text.contains(QLatin1Char('{'))) {
            // Checked now (exit 2), expanded for each send.
            if (mode == InputMode::Hex) {
                const QString problem = MacroExpander::validate(text, MacroExpander::Mode::Hex);
                if (!problem.isEmpty())
                    return usageError<ConnectOptions>(Cli::tr("--send: %1").arg(problem));
            }
            options.sendMacros = text;
            options.sendHex = mode == InputMode::Hex;
            MacroExpander check;
            options.sendBytes = expandSendMacros(check, text, mode == InputMode::Hex);
        } else {
            const EncodeResult encoded = encodePayload(text, mode);
            if (!encoded.ok())
                return usageError<ConnectOptions>(Cli::tr("--send: %1").arg(encoded.error));
            options.sendBytes = encoded.bytes;
        }
    }
    if (parser.isSet(QStringLiteral("checksum"))) {
        if (!parseChecksumSpec(parser.value(QStringLiteral("checksum")), &options.checksum, &error))
            return usageError<ConnectOptions>(Cli::tr("--checksum: %1").arg(error));
        // Standard input is a stream without message boundaries: there is nothing to put it after.
        if (!hasSend && !hasFile)
            return usageError<ConnectOptions>(Cli::tr("--checksum needs --send or --send-file"));
        if (options.sendBytes)
            options.sendBytes = appendChecksum(*options.sendBytes, options.checksum);
    }
    if (hasFile) {
        options.sendFile = parser.value(QStringLiteral("send-file"));
        if (options.sendFile.isEmpty())
            return usageError<ConnectOptions>(Cli::tr("--send-file needs a file name"));
    }

    qint64 number = 0;
    if (parser.isSet(QStringLiteral("wait"))) {
        if (!parseInteger(
                parser.value(QStringLiteral("wait")), QStringLiteral("--wait"), 0, 86400000, &number, &error))
            return usageError<ConnectOptions>(error);
        options.waitMs = int(number);
    }
    if (parser.isSet(QStringLiteral("timeout"))) {
        if (!parseInteger(parser.value(QStringLiteral("timeout")), QStringLiteral("--timeout"), 1, 86400000,
                &number, &error))
            return usageError<ConnectOptions>(error);
        options.timeoutMs = int(number);
    }
    if (parser.isSet(QStringLiteral("local-port"))
        && !parsePort(parser.value(QStringLiteral("local-port")), &options.localPort, &error, false))
        return usageError<ConnectOptions>(Cli::tr("--local-port: %1").arg(error));
    if (parser.isSet(QStringLiteral("repeat"))) {
        if (!hasSend && !hasFile)
            return usageError<ConnectOptions>(Cli::tr("--repeat needs --send or --send-file"));
        if (!parseInteger(parser.value(QStringLiteral("repeat")), QStringLiteral("--repeat"), 1,
                Q_INT64_C(1000000000000), &options.repeat, &error))
            return usageError<ConnectOptions>(error);
    }
    if (parser.isSet(QStringLiteral("interval"))) {
        if (!parser.isSet(QStringLiteral("repeat")))
            return usageError<ConnectOptions>(Cli::tr("--interval needs --repeat"));
        bool ok = false;
        const QString text = parser.value(QStringLiteral("interval"));
        options.intervalMs = text.toDouble(&ok);
        if (!ok || options.intervalMs < 0 || options.intervalMs > 86400000 || !qIsFinite(options.intervalMs))
            return usageError<ConnectOptions>(
                Cli::tr("--interval needs a number of milliseconds (0 or more), not '%1'").arg(text));
    }
    if (!parseInterface(parser, options.udp, &options.interfaceName, &error))
        return usageError<ConnectOptions>(error);
    if (!parseFraming(parser, options.udp, &options.framing, &error))
        return usageError<ConnectOptions>(error);
    if (!parseCheck(parser, &options.check, &error))
        return usageError<ConnectOptions>(error);
    if (const int status = parseRules(parser, &options.rules, &error); status == ExitFailure)
        return systemError<ConnectOptions>(error);
    else if (status == ExitUsage)
        return usageError<ConnectOptions>(error);
    Parsed<ConnectOptions> result;
    result.options = options;
    return result;
}

QString connectHelp()
{
    return Cli::tr(
        "Usage: sockpit connect [--udp] HOST PORT [--send TEXT | --send-file FILE] [--hex] [--wait MS]\n"
        "                       [--timeout MS] [--local-port N] [--repeat N --interval MS] [--record FILE] "
        "[-v]\n"
        "                       [--iface NAME]\n"
        "                       [--tls [--ca FILE | --insecure] [--cert FILE --key FILE]]\n"
        "                       [--checksum NAME[:le|:be]] [--rules FILE]\n"
        "                       [--framing SPEC [--max-frame N]]\n"
        "                       [--check NAME[:le|:be] [--check-skip FIRST[,LAST]]]\n"
        "       sockpit connect --unix [--udp] PATH [--send TEXT | --send-file FILE] ...\n"
        "       sockpit connect ws://HOST[:PORT][/PATH] | wss://HOST[:PORT][/PATH] [--send TEXT] ...\n"
        "\n"
        "Connects to HOST:PORT and sends --send TEXT, else --send-file FILE, else standard input. When the\n"
        "input ends, a TCP connection shuts down its sending side and keeps receiving. Received bytes go to\n"
        "standard output. Exits when the peer closes, or once nothing has arrived for --wait MS after the\n"
        "input ended (UDP: 2000 ms by default). UDP sockets may always send to broadcast addresses.\n"
        "With a ws:// or wss:// URL (wss: over TLS, with the TLS flags) it speaks WebSocket: each line of\n"
        "standard input (or --send TEXT) is one message, text when it is UTF-8 and binary otherwise, and\n"
        "each message received is written with a line end after it. WebSocket has no half-close: once\n"
        "nothing has arrived for --wait MS (1000 by default) after the input ended, it closes with code "
        "1000.\n"
        "\n"
        "  --udp              Use UDP instead of TCP (with --unix: a datagram socket).\n"
        "  --nodelay on|off   TCP_NODELAY: on (the default) sends each piece at once; off lets TCP gather\n"
        "                     small pieces (Nagle's algorithm).\n"
        "  --keepalive        SO_KEEPALIVE: TCP probes a connection that stays idle, and ends it once the\n"
        "                     peer is gone.\n"
        "  --proxy URL        Connect through a proxy, which resolves HOST itself: socks5://HOST:PORT\n"
        "                     (SOCKS5) or http://HOST:PORT (HTTP CONNECT), with USER:PASSWORD@ before\n"
        "                     HOST when it asks for them.\n"
        "  -U, --unix         Connect to the Unix domain socket PATH (@name: an abstract name) instead\n"
        "                     of HOST PORT. With --udp, datagrams go to PATH from an abstract name the\n"
        "                     system picks, so answers can come back.\n"
        "  --send TEXT        Send TEXT (UTF-8 as typed) instead of standard input. Macros are expanded\n"
        "                     for each send: {counter} (1, 2, ...), {time}, {time:FORMAT}, {random:N},\n"
        "                     {hex:HEX}; other braces are sent as typed.\n"
        "  --hex              TEXT of --send is hex: '48 65 6c', '48656c' or '0x48,0x65'.\n"
        "  --send-file FILE   Send the contents of FILE instead of standard input.\n"
        "  --wait MS          After the input ended, exit once nothing has arrived for MS milliseconds.\n"
        "  --timeout MS       Give up connecting after MS milliseconds (default 10000).\n"
        "  --local-port N     Send from local port N.\n"
        "  --repeat N         Send the payload N times ...\n"
        "  --interval MS      ... MS milliseconds apart, fractions allowed (0: as fast as possible).\n"
        "  --iface NAME       UDP: multicast datagrams leave by interface NAME (a name or a number).\n"
        "  --checksum NAME    Append a check value to the --send/--send-file payload: crc16-modbus,\n"
        "                     crc16-ibm3740 (alias crc16-ccitt-false), crc16-xmodem, crc16-kermit,\n"
        "                     crc32, sum8 or xor8; ':le' or ':be' picks the byte order (default: low\n"
        "                     byte first for crc16-modbus, high byte first for the others).\n"
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
        "  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).\n"
        "  -v, --verbose      Report every connection step, and the byte totals at the end, on standard "
        "error.\n"
        "  -x, --hex-dump     Also print every byte received and sent as a hex dump on standard error:\n"
        "                     a '<' (received) or '>' (sent) line with the time, connection and peer,\n"
        "                     then 16 bytes a line with their offset and ASCII.\n"
        "  --tls              Talk TLS, verifying the server's certificate and name against the system's\n"
        "                     CAs. TLS cannot half-close: when the input ends, the connection stays open\n"
        "                     until the peer closes it or --wait MS passes. With --udp: DTLS, each\n"
        "                     datagram (at most 16384 bytes) a record, after a handshake within --timeout.\n"
        "  --ca FILE          Trust the CAs (or self-signed certificates) in FILE instead of the system's.\n"
        "  --insecure         Do not verify the server's certificate.\n"
        "  --cert FILE        A client certificate to present, with --key FILE its private key.\n")
        .arg(framingSpecHelp());
}

QByteArray expandSendMacros(MacroExpander &macros, const QString &text, bool hex)
{
    if (hex)
        return macros.expand(text, MacroExpander::Mode::Hex).bytes;
    // TEXT is sent as typed, without escapes: its backslashes are doubled for the expander, which
    // reads its literal text with escapes.
    QString literal = text;
    literal.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    return macros.expandKnown(literal, {}).bytes;
}

} // namespace sockpit::cli
