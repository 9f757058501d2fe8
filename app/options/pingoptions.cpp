// `sockpit ping`: its options (PingOptions, declared in clioptions.h) and its help text.
// Checked through the built program: tests/app/commands/tst_cliarguments.cpp (invalid arguments and their
// exit statuses, --help) and tests/app/commands/tst_pingcommand.cpp (what the options do).

#include "clioptions.h"

#include "endpoint.h"
#include "optionparsing.h"

namespace sockpit::cli {

Parsed<PingOptions> parsePing(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption(
        QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, Cli::tr("Show this help.")));
    parser.addOption(valueOption("count", Cli::tr("Send N echo requests (0: until stopped)."), Cli::tr("N")));
    parser.addOption(valueOption("interval", Cli::tr("Milliseconds between requests."), Cli::tr("MS")));
    parser.addOption(valueOption("size", Cli::tr("Data bytes per request."), Cli::tr("N")));
    parser.addOption(valueOption("timeout", Cli::tr("Milliseconds to wait for each reply."), Cli::tr("MS")));
    parser.addOption(valueOption("record",
        Cli::tr("Record every event to FILE (JSON Lines if it ends in .jsonl, else text)."),
        Cli::tr("FILE")));
    parser.addOption(QCommandLineOption(
        {QStringLiteral("v"), QStringLiteral("verbose")}, Cli::tr("Report every step on standard error.")));
    if (!parser.parse(QStringList {QStringLiteral("sockpit ping")} + arguments))
        return usageError<PingOptions>(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        return helpResult<PingOptions>(pingHelp());

    PingOptions options;
    QString error;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError<PingOptions>(
            Cli::tr("ping needs one HOST, got: '%1'").arg(positional.join(QLatin1Char(' '))));
    options.host = positional.at(0);
    if (!validateHost(options.host, &error))
        return usageError<PingOptions>(error);
    if (options.host.contains(QLatin1Char(':')))
        return usageError<PingOptions>(
            Cli::tr("ping sends ICMP over IPv4 only; '%1' is an IPv6 address").arg(options.host));
    options.verbose = parser.isSet(QStringLiteral("verbose"));
    options.record = parser.value(QStringLiteral("record"));
    if (parser.isSet(QStringLiteral("record")) && options.record.isEmpty())
        return usageError<PingOptions>(Cli::tr("--record needs a file name"));
    struct Range
    {
        const char *flag;
        qint64 min;
        qint64 max;
        int *value;
    };
    for (const Range &range :
        {Range {"count", 0, 1000000, &options.count}, Range {"interval", 1, 86400000, &options.intervalMs},
            Range {"size", 0, 65499, &options.size}, Range {"timeout", 1, 86400000, &options.timeoutMs}}) {
        const QString name = QString::fromLatin1(range.flag);
        if (!parser.isSet(name))
            continue;
        qint64 number = 0;
        if (!parseInteger(
                parser.value(name), QStringLiteral("--") + name, range.min, range.max, &number, &error))
            return usageError<PingOptions>(error);
        *range.value = int(number);
    }
    Parsed<PingOptions> result;
    result.options = options;
    return result;
}

QString pingHelp()
{
    return Cli::tr(
        "Usage: sockpit ping [--count N] [--interval MS] [--size N] [--timeout MS] [--record FILE] [-v] "
        "HOST\n"
        "\n"
        "Sends ICMP echo requests to HOST (IPv4) and prints one line per reply on standard output: the\n"
        "round-trip time, then the reply's IPv4 header (version, total length, TTL, source, destination)\n"
        "and ICMP header (type, code, id, sequence, checksum checked). Requests without a reply in time,\n"
        "and the summary, go to standard error. Needs a raw socket (root or the CAP_NET_RAW capability);\n"
        "elsewhere it uses a ping socket if net.ipv4.ping_group_range allows this user's group.\n"
        "Exit status: 0 when any reply came, 1 when none did or ICMP is not available, 2 invalid arguments.\n"
        "\n"
        "  --count N          Send N requests (default 4; 0: until SIGINT or SIGTERM).\n"
        "  --interval MS      Milliseconds between requests (default 1000).\n"
        "  --size N           Data bytes per request, 0 to 65499 (default 56).\n"
        "  --timeout MS       Milliseconds to wait for each reply (default 2000).\n"
        "  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).\n"
        "  -v, --verbose      Report every step on standard error.\n");
}

} // namespace sockpit::cli
