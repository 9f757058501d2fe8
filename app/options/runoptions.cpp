// `sockpit run`: its options (RunOptions, declared in clioptions.h) and its help text.
// Checked through the built program: tests/app/commands/tst_runcommand.cpp (arguments, exit statuses,
// output) and tests/app/commands/tst_manpage.cpp (the help text against the man page).

#include "clioptions.h"

#include "endpoint.h"
#include "optionparsing.h"
#include "posixsocket.h"
#include "sequenceformat.h"

namespace sockpit::cli {

Parsed<RunOptions> parseRun(const QStringList &arguments)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    addSocketOptions(parser);
    addProxyOption(parser);
    addUnixOption(parser);
    parser.addOption(valueOption(
        "timeout", Cli::tr("Give up connecting after MS milliseconds (default 10000)."), Cli::tr("MS")));
    if (!parser.parse(QStringList {QStringLiteral("sockpit run")} + arguments))
        return usageError<RunOptions>(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        return helpResult<RunOptions>(runHelp());

    RunOptions options;
    QString error;
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("unix"))) {
        if (positional.size() != 2)
            return usageError<RunOptions>(
                Cli::tr("run --unix needs FILE and PATH, got: '%1'").arg(positional.join(QLatin1Char(' '))));
        options.file = positional.at(0);
        options.unixPath = positional.at(1);
        if (const QString problem = posix::unixPathError(options.unixPath); !problem.isEmpty())
            return usageError<RunOptions>(problem);
    } else if (positional.size() == 2 && isWebSocketUrl(positional.at(1))) {
        options.file = positional.at(0);
        bool secure = false;
        if (!parseWebSocketUrl(
                positional.at(1), &options.host, &options.port, &options.webSocketResource, &secure, &error))
            return usageError<RunOptions>(error);
        if (secure)
            return usageError<RunOptions>(Cli::tr("run speaks ws:// only, not wss:// (connect has TLS)"));
        if (parser.isSet(QStringLiteral("udp")))
            return usageError<RunOptions>(
                Cli::tr("--%1 does not apply to WebSocket (a ws:// or wss:// URL): each WebSocket message is "
                        "a message already")
                    .arg(QStringLiteral("udp")));
        options.webSocket = true;
    } else {
        if (positional.size() != 3)
            return usageError<RunOptions>(
                Cli::tr("run needs FILE, HOST and PORT, got: '%1'").arg(positional.join(QLatin1Char(' '))));
        options.file = positional.at(0);
        options.host = positional.at(1);
        if (!validateHost(options.host, &error))
            return usageError<RunOptions>(error);
        if (!parsePort(positional.at(2), &options.port, &error, false))
            return usageError<RunOptions>(error);
    }
    options.udp = parser.isSet(QStringLiteral("udp"));
    options.verbose = parser.isSet(QStringLiteral("verbose"));
    options.hexDump = parser.isSet(QStringLiteral("hex-dump"));
    if (!parseSocketOptions(
            parser, options.udp, !options.unixPath.isEmpty(), &options.noDelay, &options.keepAlive, &error))
        return usageError<RunOptions>(error);
    if (!parseProxy(parser, options.udp, !options.unixPath.isEmpty(), &options.proxy, &error))
        return usageError<RunOptions>(error);
    options.record = parser.value(QStringLiteral("record"));
    if (parser.isSet(QStringLiteral("record")) && options.record.isEmpty())
        return usageError<RunOptions>(Cli::tr("--record needs a file name"));
    if (parser.isSet(QStringLiteral("timeout"))) {
        qint64 number = 0;
        if (!parseInteger(parser.value(QStringLiteral("timeout")), QStringLiteral("--timeout"), 1, 86400000,
                &number, &error))
            return usageError<RunOptions>(error);
        options.timeoutMs = int(number);
    }
    bool unreadable = false;
    if (!loadSequenceFile(options.file, &options.sequence, &error, &unreadable)) {
        const QString message = QStringLiteral("%1: %2").arg(options.file, error);
        return unreadable ? systemError<RunOptions>(message) : usageError<RunOptions>(message);
    }
    Parsed<RunOptions> result;
    result.options = options;
    return result;
}

QString runHelp()
{
    return Cli::tr(
        "Usage: sockpit run FILE [--udp] HOST PORT [--timeout MS] [--record FILE] [-v] [-x]\n"
        "       sockpit run FILE --unix [--udp] PATH [--timeout MS] [--record FILE] [-v] [-x]\n"
        "       sockpit run FILE ws://HOST[:PORT][/PATH] [--timeout MS] [--record FILE] [-v] [-x]\n"
        "\n"
        "Connects to HOST:PORT (TCP, or UDP with --udp) and runs the sequence in FILE (JSON: send, expect,\n"
        "delay, repeat, half-close and close steps; see \"Sequence format\" in the README). Prints one line\n"
        "per step on standard output:\n"
        "  ok       0.1 ms  1      send \"READ\\r\\n\"\n"
        "  FAIL  5000.2 ms  2      expect \"OK\": timed out after 5000 ms; arrived \"ERR\\r\\n\"\n"
        "The first failed step ends the run. Received bytes are not printed, except with -v.\n"
        "With a ws:// URL it speaks WebSocket: each send is one message, and expects read the messages\n"
        "received one after another.\n"
        "Exit status: 0 every step passed, 1 a step failed, the connection failed or FILE cannot be read,\n"
        "2 invalid arguments or FILE is not a valid sequence.\n"
        "\n"
        "  --udp              Use UDP instead of TCP (with --unix: a datagram socket).\n"
        "  --nodelay on|off   TCP_NODELAY: on (the default) sends each piece at once; off lets TCP gather\n"
        "                     small pieces (Nagle's algorithm).\n"
        "  --keepalive        SO_KEEPALIVE: TCP probes a connection that stays idle, and ends it once the\n"
        "                     peer is gone.\n"
        "  --proxy URL        Connect through a proxy, which resolves HOST itself: socks5://HOST:PORT\n"
        "                     (SOCKS5) or http://HOST:PORT (HTTP CONNECT), with USER:PASSWORD@ before\n"
        "                     HOST when it asks for them.\n"
        "  -U, --unix         Connect to the Unix domain socket PATH (@name: an abstract name) instead of\n"
        "                     HOST PORT.\n"
        "  --timeout MS       Give up connecting after MS milliseconds (default 10000).\n"
        "  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).\n"
        "  -v, --verbose      Also print what each step sent and received, and every connection step on\n"
        "                     standard error.\n"
        "  -x, --hex-dump     Also print every byte received and sent as a hex dump on standard error:\n"
        "                     a '<' (received) or '>' (sent) line with the time, connection and peer,\n"
        "                     then 16 bytes a line with their offset and ASCII.\n");
}

} // namespace sockpit::cli
