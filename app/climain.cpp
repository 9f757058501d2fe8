// sockpit-cli: the headless commands `listen`, `connect`, `relay`, `ping`, `run` and `export-pcap`,
// `--version` and `--help`. The `sockpit` launcher (launcher.cpp) runs it for those words; it links Qt
// Core and Network only, so a command starts without loading the window's libraries.

#include "clioptions.h"
#include "connectcommand.h"
#include "exportpcapcommand.h"
#include "listencommand.h"
#include "pingcommand.h"
#include "programentry.h"
#include "relaycommand.h"
#include "runcommand.h"
#include "translations.h"

#include <QCoreApplication>

using namespace sockpit;
using namespace sockpit::cli;

namespace {

int runHeadless(int argc, char **argv, const QString &command)
{
    QCoreApplication app(argc, argv);
    Translations::installSystemLanguage(); // help and messages in the locale's language
    const QStringList arguments = argumentsOf(argc, argv, 2);
    if (command == QLatin1String("listen")) {
        const auto parsed = parseListen(arguments);
        if (!parsed.options)
            return reportParse(parsed, "sockpit listen");
        ListenCommand listen(*parsed.options);
        if (!listen.start())
            return ExitFailure;
        return listen.exec();
    }
    if (command == QLatin1String("relay")) {
        const auto parsed = parseRelay(arguments);
        if (!parsed.options)
            return reportParse(parsed, "sockpit relay");
        RelayCommand relay(*parsed.options);
        if (!relay.start())
            return ExitFailure;
        return relay.exec();
    }
    if (command == QLatin1String("ping")) {
        const auto parsed = parsePing(arguments);
        if (!parsed.options)
            return reportParse(parsed, "sockpit ping");
        PingCommand ping(*parsed.options);
        if (!ping.start())
            return ExitFailure;
        return ping.exec();
    }
    if (command == QLatin1String("run")) {
        const auto parsed = parseRun(arguments);
        if (!parsed.options)
            return reportParse(parsed, "sockpit run");
        RunCommand run(*parsed.options);
        if (!run.start())
            return ExitFailure;
        return run.exec();
    }
    const auto parsed = parseConnect(arguments);
    if (!parsed.options)
        return reportParse(parsed, "sockpit connect");
    ConnectCommand connectCommand(*parsed.options);
    if (!connectCommand.start())
        return ExitFailure;
    return connectCommand.exec();
}

int runExportPcapCommand(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Translations::installSystemLanguage();
    const auto parsed = parseExportPcap(argumentsOf(argc, argv, 2));
    if (!parsed.options)
        return reportParse(parsed, "sockpit export-pcap");
    return runExportPcap(*parsed.options);
}

} // namespace

int main(int argc, char **argv)
{
    prepareProcess();
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (first == QLatin1String("--version") || first == QLatin1String("-V")) {
        printTo(stdout, QStringLiteral("sockpit %1\n").arg(QStringLiteral(SOCKPIT_VERSION)));
        return ExitOk;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        QCoreApplication app(argc, argv);
        Translations::installSystemLanguage();
        printTo(stdout, mainHelp());
        return ExitOk;
    }
    if (first == QLatin1String("export-pcap"))
        return runExportPcapCommand(argc, argv);
    if (first == QLatin1String("listen") || first == QLatin1String("connect")
        || first == QLatin1String("relay") || first == QLatin1String("ping") || first == QLatin1String("run"))
        return runHeadless(argc, argv, first);
    // Run directly with something else: the window's flags belong to `sockpit` itself.
    QCoreApplication app(argc, argv);
    Translations::installSystemLanguage();
    if (first.isEmpty()) {
        printTo(stderr, mainHelp());
        return ExitUsage;
    }
    printTo(stderr,
        Main::tr("sockpit: '%1' is not a command of this program; run 'sockpit' for the window.\n").arg(first)
            + Main::tr("Try '%1 --help'.\n").arg(QStringLiteral("sockpit")));
    return ExitUsage;
}
