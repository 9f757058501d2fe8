// sockpit-window: the window, with its flags (`sockpit --help` lists them). The `sockpit` launcher
// (launcher.cpp) runs it when the first word is not a headless command.

#include "appicon.h"
#include "clioptions.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "programentry.h"
#include "sessiontab.h"
#include "windowoptions.h"
#include "workspace.h"

#include <QApplication>
#include <QFile>

#include <cstdlib>
#include <optional>

using namespace sockpit;
using namespace sockpit::cli;

namespace {

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
    ui::setAppIconAfterFirstPaint(window);
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

} // namespace

int main(int argc, char **argv)
{
    prepareProcess();
    return runWindow(argc, argv);
}
