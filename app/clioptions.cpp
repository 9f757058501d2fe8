#include "clioptions.h"

#include "endpoint.h"
#include "payloadencoder.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QtGlobal>

namespace sockpit::cli {

namespace {

// The translation context of the command line's messages.
class Cli
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

template<typename Options> Parsed<Options> usageError(const QString &message)
{
    Parsed<Options> result;
    result.message = message;
    result.exitStatus = ExitUsage;
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
    const QString &text, const QString &flag, qint64 min, qint64 max, qint64 *value, QString *error)
{
    bool ok = false;
    const qint64 number = text.toLongLong(&ok);
    if (!ok || number < min || number > max) {
        *error = Cli::tr("%1 needs a whole number from %2 to %3, not '%4'")
                     .arg(flag)
                     .arg(min)
                     .arg(max)
                     .arg(text);
        return false;
    }
    *value = number;
    return true;
}

bool parseBindAddress(const QString &text, QHostAddress *address, QString *error)
{
    if (!address->setAddress(text)) {
        *error = Cli::tr(
            "--bind needs an IP address of this machine (such as 0.0.0.0, 127.0.0.1 or ::), not '%1'")
                     .arg(text);
        return false;
    }
    return true;
}

QCommandLineOption valueOption(const char *name, const QString &description, const QString &valueName)
{
    return QCommandLineOption(QString::fromLatin1(name), description, valueName);
}

QCommandLineOption flagOption(const char *name, const QString &description)
{
    return QCommandLineOption(QString::fromLatin1(name), description);
}

void addCommonOptions(QCommandLineParser &parser)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption(
        QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, Cli::tr("Show this help.")));
    parser.addOption(flagOption("udp", Cli::tr("Use UDP instead of TCP.")));
    parser.addOption(valueOption("record",
        Cli::tr("Record every event to FILE (JSON Lines if it ends in .jsonl, else text)."),
        Cli::tr("FILE")));
    parser.addOption(QCommandLineOption({QStringLiteral("v"), QStringLiteral("verbose")},
        Cli::tr("Report every connection step on standard error.")));
}

} // namespace

Parsed<ListenOptions> parseListen(const QStringList &arguments)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    parser.addOption(valueOption("bind",
        Cli::tr("Listen on ADDR only (default: all IPv4 interfaces; :: for IPv6 too)."), Cli::tr("ADDR")));
    parser.addOption(flagOption("echo", Cli::tr("Send each received chunk back to its sender.")));
    parser.addOption(valueOption(
        "max-clients", Cli::tr("Accept at most N clients at once; refuse the others."), Cli::tr("N")));
    if (!parser.parse(QStringList {QStringLiteral("sockpit listen")} + arguments))
        return usageError<ListenOptions>(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        return helpResult<ListenOptions>(listenHelp());

    ListenOptions options;
    QString error;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError<ListenOptions>(positional.isEmpty()
                ? Cli::tr("listen needs a PORT (0 lets the system pick one)")
                : Cli::tr("listen takes one PORT, got: %1").arg(positional.join(QLatin1Char(' '))));
    if (!parsePort(positional.at(0), &options.port, &error, true))
        return usageError<ListenOptions>(error);
    options.udp = parser.isSet(QStringLiteral("udp"));
    options.echo = parser.isSet(QStringLiteral("echo"));
    options.verbose = parser.isSet(QStringLiteral("verbose"));
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
    Parsed<ListenOptions> result;
    result.options = options;
    return result;
}

Parsed<ConnectOptions> parseConnect(const QStringList &arguments)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    parser.addOption(valueOption("send",
        Cli::tr("Send TEXT (UTF-8 as typed; hex with --hex) instead of standard input."), Cli::tr("TEXT")));
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
    if (!parser.parse(QStringList {QStringLiteral("sockpit connect")} + arguments))
        return usageError<ConnectOptions>(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        return helpResult<ConnectOptions>(connectHelp());

    ConnectOptions options;
    QString error;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return usageError<ConnectOptions>(
            Cli::tr("connect needs HOST and PORT, got: '%1'").arg(positional.join(QLatin1Char(' '))));
    options.host = positional.at(0);
    if (!validateHost(options.host, &error))
        return usageError<ConnectOptions>(error);
    if (!parsePort(positional.at(1), &options.port, &error, false))
        return usageError<ConnectOptions>(error);
    options.udp = parser.isSet(QStringLiteral("udp"));
    options.verbose = parser.isSet(QStringLiteral("verbose"));
    options.record = parser.value(QStringLiteral("record"));
    if (parser.isSet(QStringLiteral("record")) && options.record.isEmpty())
        return usageError<ConnectOptions>(Cli::tr("--record needs a file name"));

    const bool hasSend = parser.isSet(QStringLiteral("send"));
    const bool hasFile = parser.isSet(QStringLiteral("send-file"));
    if (hasSend && hasFile)
        return usageError<ConnectOptions>(Cli::tr("use either --send or --send-file, not both"));
    if (parser.isSet(QStringLiteral("hex")) && !hasSend)
        return usageError<ConnectOptions>(Cli::tr("--hex applies to the TEXT of --send"));
    if (hasSend) {
        const QString text = parser.value(QStringLiteral("send"));
        const InputMode mode = parser.isSet(QStringLiteral("hex")) ? InputMode::Hex : InputMode::Text;
        const EncodeResult encoded = encodePayload(text, mode);
        if (!encoded.ok())
            return usageError<ConnectOptions>(Cli::tr("--send: %1").arg(encoded.error));
        options.sendBytes = encoded.bytes;
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
    Parsed<ConnectOptions> result;
    result.options = options;
    return result;
}

QString mainHelp()
{
    return Cli::tr(
        "Usage: sockpit [--mode tcp-server|tcp-client|udp] [--bind ADDR] [--port N] [--host HOST] [--start] "
        "[--record FILE]\n"
        "       sockpit listen  [--udp] [--bind ADDR] PORT [--echo] [--max-clients N] [--record FILE]\n"
        "       sockpit connect [--udp] HOST PORT [--send TEXT | --send-file FILE] [--hex] [--wait MS]\n"
        "                       [--timeout MS] [--local-port N] [--repeat N --interval MS] [--record FILE]\n"
        "       sockpit export-pcap IN.jsonl OUT.pcap\n"
        "\n"
        "Talk over plain sockets: a TCP server, a TCP client or a UDP socket.\n"
        "Without a command, sockpit opens its window; the flags pre-fill (and with --start, start) a "
        "session.\n"
        "The commands listen and connect need no display: received bytes go to standard output unchanged,\n"
        "diagnostics to standard error. 'sockpit COMMAND --help' tells more.\n"
        "\n"
        "Options:\n"
        "  -h, --help       Show this help.\n"
        "  --version        Show the version.\n"
        "  --mode MODE      Window: tcp-server, tcp-client or udp.\n"
        "  --bind ADDR      Window: local address.\n"
        "  --port N         Window: local port (server, UDP) or remote port (client).\n"
        "  --host HOST      Window: remote host (client, UDP target).\n"
        "  --start          Window: start the session at once.\n"
        "  --record FILE    Record every event to FILE (JSON Lines if it ends in .jsonl, else text).\n"
        "\n"
        "Exit status: 0 success, 1 the system refused or failed, 2 invalid arguments.\n");
}

QString listenHelp()
{
    return Cli::tr(
        "Usage: sockpit listen [--udp] [--bind ADDR] PORT [--echo] [--max-clients N] [--record FILE] [-v]\n"
        "\n"
        "Listens on PORT (0: the system picks one) and prints 'listening on ADDR:PORT' to standard error.\n"
        "Received bytes go to standard output; standard input goes to every connected client (UDP: to the\n"
        "most recent sender). Runs until SIGINT or SIGTERM; the end of standard input does not stop it.\n"
        "\n"
        "  --udp              Use UDP instead of TCP.\n"
        "  --bind ADDR        Listen on ADDR only (default 0.0.0.0; :: for IPv6 and IPv4).\n"
        "  --echo             Send each received chunk back to its sender.\n"
        "  --max-clients N    Accept at most N clients at once; further ones are closed and logged as "
        "refused.\n"
        "  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).\n"
        "  -v, --verbose      Report every connection step, and the byte totals at the end, on standard "
        "error.\n");
}

QString connectHelp()
{
    return Cli::tr(
        "Usage: sockpit connect [--udp] HOST PORT [--send TEXT | --send-file FILE] [--hex] [--wait MS]\n"
        "                       [--timeout MS] [--local-port N] [--repeat N --interval MS] [--record FILE] "
        "[-v]\n"
        "\n"
        "Connects to HOST:PORT and sends --send TEXT, else --send-file FILE, else standard input. When the\n"
        "input ends, a TCP connection shuts down its sending side and keeps receiving. Received bytes go to\n"
        "standard output. Exits when the peer closes, or once nothing has arrived for --wait MS after the\n"
        "input ended (UDP: 2000 ms by default).\n"
        "\n"
        "  --udp              Use UDP instead of TCP.\n"
        "  --send TEXT        Send TEXT (UTF-8 as typed) instead of standard input.\n"
        "  --hex              TEXT of --send is hex: '48 65 6c', '48656c' or '0x48,0x65'.\n"
        "  --send-file FILE   Send the contents of FILE instead of standard input.\n"
        "  --wait MS          After the input ended, exit once nothing has arrived for MS milliseconds.\n"
        "  --timeout MS       Give up connecting after MS milliseconds (default 10000).\n"
        "  --local-port N     Send from local port N.\n"
        "  --repeat N         Send the payload N times ...\n"
        "  --interval MS      ... MS milliseconds apart, fractions allowed (0: as fast as possible).\n"
        "  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).\n"
        "  -v, --verbose      Report every connection step, and the byte totals at the end, on standard "
        "error.\n");
}

} // namespace sockpit::cli
