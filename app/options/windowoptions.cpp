#include "windowoptions.h"

#include "endpoint.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace sockpit::cli {

namespace {
class WindowCli
{
    Q_DECLARE_TR_FUNCTIONS(WindowCli)
};

Parsed<WindowOptions> usageError(const QString &message)
{
    Parsed<WindowOptions> result;
    result.message = message;
    result.exitStatus = ExitUsage;
    return result;
}
} // namespace

Parsed<WindowOptions> parseWindow(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(
        QCommandLineOption(QStringLiteral("mode"), WindowCli::tr("Session mode."), QStringLiteral("MODE")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("bind"), WindowCli::tr("Local address."), QStringLiteral("ADDR")));
    parser.addOption(QCommandLineOption(QStringLiteral("port"), WindowCli::tr("Port."), QStringLiteral("N")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("host"), WindowCli::tr("Remote host."), QStringLiteral("HOST")));
    parser.addOption(QCommandLineOption(QStringLiteral("start"), WindowCli::tr("Start at once.")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("record"), WindowCli::tr("Record to FILE."), QStringLiteral("FILE")));
    if (!parser.parse(QStringList {QStringLiteral("sockpit")} + arguments))
        return usageError(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return usageError(WindowCli::tr("unknown command '%1' (commands: listen, connect, ping)")
                              .arg(parser.positionalArguments().constFirst()));

    WindowOptions options;
    SessionConfig &config = options.config;
    const QString mode = parser.value(QStringLiteral("mode"));
    if (mode.isEmpty() || mode == QLatin1String("tcp-server"))
        config.mode = SessionMode::TcpServer;
    else if (mode == QLatin1String("tcp-client"))
        config.mode = SessionMode::TcpClient;
    else if (mode == QLatin1String("udp"))
        config.mode = SessionMode::Udp;
    else if (mode == QLatin1String("icmp"))
        config.mode = SessionMode::Icmp;
    else
        return usageError(
            WindowCli::tr("--mode must be tcp-server, tcp-client, udp or icmp, not '%1'").arg(mode));

    QString error;
    if (parser.isSet(QStringLiteral("bind"))) {
        if (!config.bindAddress.setAddress(parser.value(QStringLiteral("bind"))))
            return usageError(WindowCli::tr("--bind needs an IP address, not '%1'")
                                  .arg(parser.value(QStringLiteral("bind"))));
        config.bindAddressSet = true;
    } else {
        config.bindAddress = QHostAddress::AnyIPv4;
    }
    if (parser.isSet(QStringLiteral("host"))) {
        config.host = parser.value(QStringLiteral("host"));
        if (!validateHost(config.host, &error))
            return usageError(WindowCli::tr("--host: %1").arg(error));
    }
    if (parser.isSet(QStringLiteral("port"))) {
        quint16 port = 0;
        const bool client = config.mode == SessionMode::TcpClient;
        if (!parsePort(parser.value(QStringLiteral("port")), &port, &error, !client))
            return usageError(WindowCli::tr("--port: %1").arg(error));
        if (client)
            config.port = port;
        else
            config.bindPort = port;
    }
    options.start = parser.isSet(QStringLiteral("start"));
    for (const char *flag : {"mode", "bind", "port", "host", "start"}) {
        if (parser.isSet(QString::fromLatin1(flag)))
            options.configGiven = true;
    }
    if (options.start && config.mode == SessionMode::TcpClient && (config.host.isEmpty() || config.port == 0))
        return usageError(WindowCli::tr("--start with --mode tcp-client needs --host and --port"));
    if (options.start && config.mode == SessionMode::Icmp && config.host.isEmpty())
        return usageError(WindowCli::tr("--start with --mode icmp needs --host"));
    options.record = parser.value(QStringLiteral("record"));
    if (parser.isSet(QStringLiteral("record")) && options.record.isEmpty())
        return usageError(WindowCli::tr("--record needs a file name"));
    Parsed<WindowOptions> result;
    result.options = options;
    return result;
}

} // namespace sockpit::cli
