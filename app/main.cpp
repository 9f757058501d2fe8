// sockpit: the window, or with a command word, the headless commands `listen`, `connect`, `relay`,
// `ping` and `run`.

#include "allocatortuning.h"
#include "clioptions.h"
#include "connectcommand.h"
#include "exportpcapcommand.h"
#include "languagemanager.h"
#include "listencommand.h"
#include "mainwindow.h"
#include "pingcommand.h"
#include "posixsocket.h"
#include "relaycommand.h"
#include "runcommand.h"
#include "sessiontab.h"
#include "windowoptions.h"
#include "workspace.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFile>
#include <QIcon>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <optional>

using namespace sockpit;
using namespace sockpit::cli;

namespace {

class Main
{
    Q_DECLARE_TR_FUNCTIONS(Main)
};

void printTo(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

// command: "sockpit listen", "sockpit connect", or "sockpit" for the window's flags.
template<typename Options> int reportParse(const Parsed<Options> &parsed, const char *command)
{
    if (parsed.exitStatus == ExitOk) {
        printTo(stdout, parsed.message); // --help
        return ExitOk;
    }
    printTo(stderr,
        QStringLiteral("sockpit: %1\n").arg(parsed.message)
            + Main::tr("Try '%1 --help'.\n").arg(QString::fromLatin1(command)));
    return parsed.exitStatus;
}

QStringList argumentsOf(int argc, char **argv, int from)
{
    QStringList result;
    for (int i = from; i < argc; ++i)
        result.append(QString::fromLocal8Bit(argv[i]));
    return result;
}

int runHeadless(int argc, char **argv, const QString &command)
{
    QCoreApplication app(argc, argv);
    ui::LanguageManager::applySystemLanguage(); // help and messages in the locale's language
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
    ui::LanguageManager::applySystemLanguage();
    const auto parsed = parseExportPcap(argumentsOf(argc, argv, 2));
    if (!parsed.options)
        return reportParse(parsed, "sockpit export-pcap");
    return runExportPcap(*parsed.options);
}

// Gives the application its icon (the icon theme's, else the built-in one) once the window has painted
// for the first time: looking it up costs about 12 ms that need not stand between the launch and the
// window.
class IconOnFirstPaint final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            watched->removeEventFilter(this);
            QIcon icon;
            for (int size : {16, 32, 48, 64, 128, 256})
                icon.addFile(QStringLiteral(":/icons/%1x%1/apps/sockpit.png").arg(size));
            QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("sockpit"), icon));
            deleteLater();
        }
        return false;
    }
};

bool haveDisplay()
{
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

// Qt ends the process with an abort (and a core dump) when the window system named by DISPLAY,
// WAYLAND_DISPLAY or QT_QPA_PLATFORM cannot be reached. While the application object is built, Qt's
// messages are held back; if building it ends in Qt's fatal message, the user gets what went wrong, the
// display it was about and the headless commands, and exit status 1. Otherwise the held messages are
// passed on as they would have been.
class WindowSystemGuard
{
public:
    WindowSystemGuard() { s_previous = qInstallMessageHandler(&WindowSystemGuard::handle); }
    ~WindowSystemGuard()
    {
        qInstallMessageHandler(s_previous);
        for (const Held &held : std::as_const(s_held)) {
            const QMessageLogContext context(nullptr, 0, nullptr, held.category.constData());
            if (s_previous)
                s_previous(held.type, context, held.message);
        }
        s_held.clear();
    }
    WindowSystemGuard(const WindowSystemGuard &) = delete;
    WindowSystemGuard &operator=(const WindowSystemGuard &) = delete;

private:
    struct Held
    {
        QtMsgType type;
        QByteArray category;
        QString message;
    };

    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (type != QtFatalMsg) {
            s_held.append({type, QByteArray(context.category), message});
            return;
        }
        // Qt's own reason comes first, from the platform plugin ("could not connect to display :5").
        QString reason;
        for (const Held &held : std::as_const(s_held)) {
            if (held.category.startsWith("qt.qpa")) {
                reason = held.message;
                break;
            }
        }
        if (reason.isEmpty())
            reason = message.section(QLatin1Char('.'), 0, 0);
        QStringList named;
        for (const char *variable : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
            if (!qEnvironmentVariableIsEmpty(variable))
                named.append(
                    QStringLiteral("%1=%2").arg(QLatin1String(variable), qEnvironmentVariable(variable)));
        }
        printTo(stderr,
            Main::tr("sockpit: cannot open the window: the display cannot be reached (%1; %2).\n"
                     "The headless commands need none: 'sockpit listen PORT' and "
                     "'sockpit connect HOST PORT' (see 'sockpit --help').\n")
                .arg(named.join(QStringLiteral(", ")), reason));
        std::_Exit(ExitFailure);
    }

    static inline QtMessageHandler s_previous = nullptr;
    static inline QList<Held> s_held;
};

// --workspace FILE, read before the window opens so that a missing or broken file is reported without
// a display: exit 1 when it cannot be read, 2 when it is not a workspace. Its bytes, or no value.
std::optional<QByteArray> readWorkspaceArgument(const QString &path, int *status)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        printTo(
            stderr, Main::tr("sockpit: --workspace: cannot read '%1': %2\n").arg(path, file.errorString()));
        *status = ExitFailure;
        return std::nullopt;
    }
    const QByteArray json = file.readAll();
    ui::Workspace workspace;
    QString error;
    if (!ui::workspaceFromJson(json, &workspace, &error)) {
        printTo(stderr, Main::tr("sockpit: --workspace: %1: %2\n").arg(path, error));
        *status = ExitUsage;
        return std::nullopt;
    }
    return json;
}

// The window's first tabs: the flags' session; else the workspace file's tabs; else those the window
// had when it was last closed (unless the user turned that off); else one tab with the last settings.
QList<ui::SessionTab *> openFirstTabs(
    ui::MainWindow *window, const WindowOptions &options, const std::optional<QByteArray> &workspaceJson)
{
    if (options.configGiven)
        return {window->addSessionTab(&options.config)};
    if (workspaceJson) {
        // Read again now that the window's language is in place: the tabs' problems are shown in it.
        ui::Workspace workspace;
        QString error;
        if (ui::workspaceFromJson(*workspaceJson, &workspace, &error))
            return window->openWorkspace(workspace);
    }
    return window->openLastTabs();
}

int runWindow(int argc, char **argv)
{
    const auto parsed = parseWindow(argumentsOf(argc, argv, 1));
    if (!parsed.options)
        return reportParse(parsed, "sockpit");
    const WindowOptions &options = *parsed.options;
    std::optional<QByteArray> workspaceJson;
    if (!options.workspace.isEmpty()) {
        int status = ExitOk;
        workspaceJson = readWorkspaceArgument(options.workspace, &status);
        if (!workspaceJson)
            return status;
    }
    if (!haveDisplay()) {
        printTo(stderr,
            Main::tr("sockpit: there is no display to open the window on (DISPLAY is not set).\n"
                     "The headless commands need none: 'sockpit listen PORT' and "
                     "'sockpit connect HOST PORT' (see 'sockpit --help').\n"));
        return ExitFailure;
    }
    std::optional<WindowSystemGuard> guard(std::in_place);
    QApplication app(argc, argv);
    guard.reset();
    // The desktop entry (and the icon theme, below) name the window the way the menu does.
    QGuiApplication::setDesktopFileName(QStringLiteral("sockpit"));
    // The window is built in the remembered language and theme (the headless commands stay English:
    // scripts read their messages).
    ui::LanguageManager::applySaved();
    auto *window = new ui::MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    const QList<ui::SessionTab *> tabs = openFirstTabs(window, options, workspaceJson);
    if (!options.record.isEmpty()) {
        QString error;
        if (!tabs.constFirst()->startRecording(options.record, &error)) {
            printTo(stderr, QStringLiteral("sockpit: %1\n").arg(error));
            delete window;
            return ExitFailure;
        }
    }
    window->installEventFilter(new IconOnFirstPaint(window));
    window->show();
    if (options.start) {
        for (ui::SessionTab *tab : tabs) {
            // Each tab shows its own failure; the others start all the same.
            if (workspaceJson)
                tab->startFromWorkspace();
            else
                tab->start();
        }
    }
    return QApplication::exec();
}

// A process started with standard input, output or error closed would otherwise hand those numbers
// to its first sockets, and then read its own socket as "standard input".
void reserveStandardDescriptors()
{
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) == -1)
            ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    }
}

} // namespace

int main(int argc, char **argv)
{
    tuneAllocator();
    reserveStandardDescriptors();
    // Writes to a closed socket or pipe must fail with EPIPE, not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    raiseOpenFileLimit();
    QCoreApplication::setApplicationName(QStringLiteral("Sockpit"));
    QCoreApplication::setOrganizationName(QStringLiteral("Sockpit"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SOCKPIT_VERSION));

    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (first == QLatin1String("--version") || first == QLatin1String("-V")) {
        printTo(stdout, QStringLiteral("sockpit %1\n").arg(QStringLiteral(SOCKPIT_VERSION)));
        return ExitOk;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        QCoreApplication app(argc, argv);
        ui::LanguageManager::applySystemLanguage();
        printTo(stdout, mainHelp());
        return ExitOk;
    }
    if (first == QLatin1String("listen") || first == QLatin1String("connect")
        || first == QLatin1String("relay") || first == QLatin1String("ping") || first == QLatin1String("run"))
        return runHeadless(argc, argv, first);
    if (first == QLatin1String("export-pcap"))
        return runExportPcapCommand(argc, argv);
    return runWindow(argc, argv);
}
