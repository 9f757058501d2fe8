// The command line: parseListen, parseConnect and parseWindow on any arguments, one argument a line;
// a first line "listen", "connect" or "window" picks the parser, anything else runs all three on every
// line. Checked: the result is either options that keep their documented ranges, or a message with
// exit status 2 (0 for --help, with the help text).

#include "clioptions.h"
#include "endpoint.h"
#include "fuzzinput.h"
#include "posixsocket.h"
#include "windowoptions.h"

#include <QList>

#include <cmath>

using namespace sockpit;
using namespace sockpit::cli;
using sockpit::fuzz::check;

namespace {

template<typename Options> bool checkShape(const Parsed<Options> &parsed, const QString &help)
{
    if (parsed.options) {
        check(parsed.exitStatus == ExitOk && parsed.message.isEmpty(), "options with a message or a failure");
        return true;
    }
    check(!parsed.message.isEmpty(), "no options and no message");
    check(parsed.exitStatus == ExitUsage || (parsed.exitStatus == ExitOk && parsed.message == help),
        "refused with an exit status other than 2, or 0 without the help");
    return false;
}

void checkListen(const QStringList &arguments)
{
    const Parsed<ListenOptions> parsed = parseListen(arguments);
    if (!checkShape(parsed, listenHelp()))
        return;
    const ListenOptions &options = *parsed.options;
    check(options.maxClients >= 0 && options.maxClients <= 1000000, "listen: --max-clients out of range");
    if (!options.unixPath.isEmpty()) {
        check(posix::unixPathError(options.unixPath).isEmpty(), "listen: a Unix path unixPathError refuses");
        return;
    }
    check(!options.bind.isNull(), "listen: no bind address");
}

void checkConnect(const QStringList &arguments)
{
    const Parsed<ConnectOptions> parsed = parseConnect(arguments);
    if (!checkShape(parsed, connectHelp()))
        return;
    const ConnectOptions &options = *parsed.options;
    QString error;
    if (options.unixPath.isEmpty()) {
        check(validateHost(options.host, &error), "connect: a host validateHost refuses");
        check(options.port != 0, "connect: port 0");
    } else {
        // --unix PATH names the peer instead of a host and a port.
        check(posix::unixPathError(options.unixPath).isEmpty(), "connect: a Unix path unixPathError refuses");
        check(options.host.isEmpty(), "connect: a host beside --unix");
    }
    check(options.waitMs >= -1 && options.waitMs <= 86400000, "connect: --wait out of range");
    check(options.timeoutMs >= 1 && options.timeoutMs <= 86400000, "connect: --timeout out of range");
    check(
        options.repeat >= 1 && options.repeat <= Q_INT64_C(1000000000000), "connect: --repeat out of range");
    check(std::isfinite(options.intervalMs) && options.intervalMs >= 0 && options.intervalMs <= 86400000,
        "connect: --interval out of range");
    check(!(options.sendBytes && !options.sendFile.isEmpty()), "connect: both --send and --send-file");
}

void checkWindow(const QStringList &arguments)
{
    const Parsed<WindowOptions> parsed = parseWindow(arguments);
    if (!parsed.options) {
        check(
            !parsed.message.isEmpty() && parsed.exitStatus == ExitUsage, "window: refused without a message");
        return;
    }
    const WindowOptions &options = *parsed.options;
    QString error;
    check(options.config.host.isEmpty() || validateHost(options.config.host, &error), "window: bad host");
    check(!options.start || options.config.mode != SessionMode::TcpClient
            || (!options.config.host.isEmpty() && options.config.port != 0),
        "window: --start of a client without host and port");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString all = fuzz::fromWtf8(data, size);
    QStringList lines = all.split(u'\n');
    const QString command = lines.constFirst();
    if (command == QLatin1String("listen") || command == QLatin1String("connect")
        || command == QLatin1String("window")) {
        lines.removeFirst();
    }
    if (command != QLatin1String("connect") && command != QLatin1String("window"))
        checkListen(lines);
    if (command != QLatin1String("listen") && command != QLatin1String("window"))
        checkConnect(lines);
    if (command != QLatin1String("listen") && command != QLatin1String("connect"))
        checkWindow(lines);
    return 0;
}
