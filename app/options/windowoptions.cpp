#include "windowoptions.h"

#include "endpoint.h"
#include "modetraits.h"
#include "posixsocket.h"

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
    parser.addOption(QCommandLineOption(QStringLiteral("path"),
        WindowCli::tr("Unix modes: the socket's path (a client's: the one to connect to)."),
        QStringLiteral("PATH")));
    parser.addOption(QCommandLineOption(QStringLiteral("start"), WindowCli::tr("Start at once.")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("record"), WindowCli::tr("Record to FILE."), QStringLiteral("FILE")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("workspace"), WindowCli::tr("Open a workspace."), QStringLiteral("FILE")));
    if (!parser.parse(QStringList {QStringLiteral("sockpit")} + arguments))
        return usageError(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return usageError(WindowCli::tr("unknown command '%1' (commands: listen, connect, ping)")
                              .arg(parser.positionalArguments().constFirst()));

    WindowOptions options;
    if (parser.isSet(QStringLiteral("workspace"))) {
        options.workspace = parser.value(QStringLiteral("workspace"));
        if (options.workspace.isEmpty())
            return usageError(WindowCli::tr("--workspace needs a file name"));
        // The file sets up every tab: the flags that set up one session have nothing to set.
        for (const char *flag : {"mode", "bind", "port", "host", "path", "record"}) {
            if (parser.isSet(QString::fromLatin1(flag)))
                return usageError(
                    WindowCli::tr("--workspace cannot be combined with --%1").arg(QString::fromLatin1(flag)));
        }
        options.start = parser.isSet(QStringLiteral("start"));
        Parsed<WindowOptions> result;
        result.options = options;
        return result;
    }
    SessionConfig &config = options.config;
    // The flags carry one port: a relay, which needs its own and its target's, is set up in the window.
    QStringList offered;
    for (const ModeTraits &traits : allModeTraits()) {
        if (!traits.relay)
            offered.append(QString::fromLatin1(traits.name));
    }
    const QString mode = parser.value(QStringLiteral("mode"));
    const std::optional<SessionMode> chosen
        = mode.isEmpty() ? std::optional<SessionMode>(SessionMode::TcpServer) : sessionModeFromName(mode);
    if (!chosen || modeTraits(*chosen).relay)
        return usageError(WindowCli::tr("--mode must be one of %1, not '%2'")
                              .arg(offered.join(QStringLiteral(", ")), mode));
    config.mode = *chosen;
    const ModeTraits &traits = modeTraits(config.mode);

    QString error;
    if (traits.unixPaths) {
        // A Unix socket has a path, not an address and a port.
        for (const char *flag : {"bind", "port", "host"}) {
            if (parser.isSet(QString::fromLatin1(flag)))
                return usageError(WindowCli::tr("--%1 does not apply to --mode %2: use --path")
                                      .arg(QString::fromLatin1(flag), sessionModeName(config.mode)));
        }
    } else if (parser.isSet(QStringLiteral("path"))) {
        return usageError(
            WindowCli::tr("--path applies to the Unix modes (unix-server, unix-client, unix-dgram)"));
    }
    if (parser.isSet(QStringLiteral("path"))) {
        const QString path = parser.value(QStringLiteral("path"));
        if (const QString problem = posix::unixPathError(path); !problem.isEmpty())
            return usageError(WindowCli::tr("--path: %1").arg(problem));
        if (traits.remote == RemoteRole::Connect)
            config.remotePath = path;
        else
            config.localPath = path;
    }
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
        // A mode that connects out has the server's port; the others, their own.
        const bool remote = traits.local == LocalRole::Source;
        if (!parsePort(parser.value(QStringLiteral("port")), &port, &error, !remote))
            return usageError(WindowCli::tr("--port: %1").arg(error));
        if (remote)
            config.port = port;
        else
            config.bindPort = port;
    }
    options.start = parser.isSet(QStringLiteral("start"));
    for (const char *flag : {"mode", "bind", "port", "host", "path", "start"}) {
        if (parser.isSet(QString::fromLatin1(flag)))
            options.configGiven = true;
    }
    // Starting needs what the mode cannot start without: the server to connect to, the host to ping.
    const QString modeName = sessionModeName(config.mode);
    if (options.start && traits.unixPaths && traits.remote != RemoteRole::DefaultTarget
        && config.localPath.isEmpty() && config.remotePath.isEmpty())
        return usageError(WindowCli::tr("--start with --mode %1 needs --path").arg(modeName));
    if (options.start && !traits.unixPaths && traits.remote == RemoteRole::Connect
        && (config.host.isEmpty() || config.port == 0))
        return usageError(WindowCli::tr("--start with --mode %1 needs --host and --port").arg(modeName));
    if (options.start && traits.remote == RemoteRole::Ping && config.host.isEmpty())
        return usageError(WindowCli::tr("--start with --mode %1 needs --host").arg(modeName));
    options.record = parser.value(QStringLiteral("record"));
    if (parser.isSet(QStringLiteral("record")) && options.record.isEmpty())
        return usageError(WindowCli::tr("--record needs a file name"));
    Parsed<WindowOptions> result;
    result.options = options;
    return result;
}

} // namespace sockpit::cli
