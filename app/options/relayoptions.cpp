// `sockpit relay`: its options (RelayOptions, declared in clioptions.h) and its help text.
// Checked through the built program: tests/app/commands/tst_cliarguments.cpp (invalid arguments and their
// exit statuses), tests/app/commands/tst_relaycommand.cpp (what the options do) and
// tests/app/commands/tst_manpage.cpp (the help text against the man page).

#include "clioptions.h"

#include "endpoint.h"
#include "optionparsing.h"

namespace sockpit::cli {

Parsed<RelayOptions> parseRelay(const QStringList &arguments)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    addSocketOptions(parser);
    parser.addOption(valueOption("bind",
        Cli::tr("Listen on ADDR only (default: all IPv4 interfaces; :: for IPv6 too)."), Cli::tr("ADDR")));
    parser.addOption(valueOption("timeout",
        Cli::tr("Give up connecting to the target after MS milliseconds (default 10000)."), Cli::tr("MS")));
    addFramingOptions(parser);
    if (!parser.parse(QStringList {QStringLiteral("sockpit relay")} + arguments))
        return usageError<RelayOptions>(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        return helpResult<RelayOptions>(relayHelp());

    RelayOptions options;
    QString error;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 3)
        return usageError<RelayOptions>(
            Cli::tr("relay needs PORT, HOST and PORT (listen here, forward there), got: '%1'")
                .arg(positional.join(QLatin1Char(' '))));
    if (!parsePort(positional.at(0), &options.port, &error, true))
        return usageError<RelayOptions>(error);
    options.host = positional.at(1);
    if (!validateHost(options.host, &error))
        return usageError<RelayOptions>(error);
    if (!parsePort(positional.at(2), &options.targetPort, &error, false))
        return usageError<RelayOptions>(error);
    options.udp = parser.isSet(QStringLiteral("udp"));
    options.verbose = parser.isSet(QStringLiteral("verbose"));
    options.hexDump = parser.isSet(QStringLiteral("hex-dump"));
    if (!parseSocketOptions(parser, options.udp, false, &options.noDelay, &options.keepAlive, &error))
        return usageError<RelayOptions>(error);
    options.record = parser.value(QStringLiteral("record"));
    if (parser.isSet(QStringLiteral("record")) && options.record.isEmpty())
        return usageError<RelayOptions>(Cli::tr("--record needs a file name"));
    if (parser.isSet(QStringLiteral("bind"))
        && !parseBindAddress(parser.value(QStringLiteral("bind")), &options.bind, &error))
        return usageError<RelayOptions>(error);
    if (parser.isSet(QStringLiteral("timeout"))) {
        qint64 timeout = 0;
        if (!parseInteger(parser.value(QStringLiteral("timeout")), QStringLiteral("--timeout"), 1, 3600000,
                &timeout, &error))
            return usageError<RelayOptions>(error);
        options.timeoutMs = int(timeout);
    }
    if (!parseFraming(parser, options.udp, &options.framing, &error))
        return usageError<RelayOptions>(error);
    Parsed<RelayOptions> result;
    result.options = options;
    return result;
}

QString relayHelp()
{
    return Cli::tr(
        "Usage: sockpit relay [--udp] [--bind ADDR] PORT HOST PORT [--timeout MS] [--record FILE] [-v] [-x]\n"
        "                     [--framing SPEC [--max-frame N]]\n"
        "\n"
        "Listens on the first PORT (0: the system picks one; 'listening on ADDR:PORT' goes to standard\n"
        "error) and forwards every connection (UDP: every sender's datagrams) to HOST:PORT, and the\n"
        "answers back. Put it between a device and its server to watch what they say: --record FILE\n"
        "keeps both directions, each event naming both peers ('--record /dev/stdout' shows them as\n"
        "text). Runs until SIGINT or SIGTERM.\n"
        "\n"
        "  --udp              Relay UDP datagrams instead of TCP connections.\n"
        "  --nodelay on|off   TCP_NODELAY: on (the default) sends each piece at once; off lets TCP gather\n"
        "                     small pieces (Nagle's algorithm).\n"
        "  --keepalive        SO_KEEPALIVE: TCP probes a connection that stays idle, and ends it once the\n"
        "                     peer is gone.\n"
        "  --bind ADDR        Listen on ADDR only (default 0.0.0.0; :: for IPv6 and IPv4).\n"
        "  --timeout MS       Give up connecting to HOST:PORT for a client after MS milliseconds\n"
        "                     (default 10000); that client is closed, the relay goes on.\n"
        "  --framing SPEC     TCP: split received bytes into the messages --record writes, both ways\n"
        "                     (the bytes are forwarded unchanged). SPEC is one of:\n"
        "%1"
        "  --max-frame N      With --framing: a longer message is recorded in pieces of N bytes, each\n"
        "                     marked (default 65536).\n"
        "  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).\n"
        "  -v, --verbose      Report every connection step, and the byte totals at the end, on standard "
        "error.\n"
        "  -x, --hex-dump     Also print every byte received and sent as a hex dump on standard error:\n"
        "                     a '<' (received) or '>' (sent) line with the time, connection and peer,\n"
        "                     then 16 bytes a line with their offset and ASCII.\n")
        .arg(framingSpecHelp());
}

} // namespace sockpit::cli
