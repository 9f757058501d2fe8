#include "workspaceactions.h"

#include "appsettings.h"
#include "dialogrunner.h"
#include "filechooser.h"

#include <QAction>
#include <QWidget>

namespace sockpit::ui {

WorkspaceActions::WorkspaceActions(QWidget *window, Capture capture, Open open)
    : QObject(window)
    , m_window(window)
    , m_capture(std::move(capture))
    , m_openTabs(std::move(open))
    , m_open(new QAction(this))
    , m_save(new QAction(this))
    , m_reopen(new QAction(this))
{
    m_open->setObjectName(QStringLiteral("openWorkspace"));
    m_save->setObjectName(QStringLiteral("saveWorkspace"));
    m_reopen->setObjectName(QStringLiteral("reopenTabs"));
    connect(m_open, &QAction::triggered, this, &WorkspaceActions::openWithDialog);
    connect(m_save, &QAction::triggered, this, &WorkspaceActions::saveWithDialog);
    m_reopen->setCheckable(true);
    m_reopen->setChecked(AppSettings::reopenTabs());
    connect(m_reopen, &QAction::triggered, this, [](bool reopen) {
        AppSettings::setReopenTabs(reopen);
        if (!reopen)
            AppSettings::setLastWorkspace(QByteArray()); // nothing of this run is kept
    });
}

void WorkspaceActions::retranslate()
{
    m_open->setText(tr("Open &Workspace…"));
    m_open->setToolTip(tr("Open the tabs a workspace file describes, beside the ones open now"));
    m_save->setText(tr("Save W&orkspace…"));
    m_save->setToolTip(tr("Save this window's tabs (their settings, names and presets; not their logs) "
                          "as a workspace file"));
    m_reopen->setText(tr("Reopen Tabs at Start"));
    m_reopen->setToolTip(tr("Open the tabs this window had when it was closed, the next time Sockpit "
                            "starts"));
}

void WorkspaceActions::remember() const
{
    // Another window may have changed the setting since this one opened.
    if (AppSettings::reopenTabs())
        AppSettings::setLastWorkspace(workspaceToJson(m_capture()));
}

void WorkspaceActions::openWithDialog()
{
    const QString path = FileChooser::openFileName(
        m_window, tr("Open Workspace"), QString(), tr("Sockpit workspace (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    Workspace workspace;
    QString error;
    if (!readWorkspaceFile(path, &workspace, &error)) {
        DialogRunner::warn(m_window, tr("Open Workspace"), error);
        return;
    }
    m_openTabs(workspace);
}

void WorkspaceActions::saveWithDialog()
{
    const QString path = FileChooser::saveFileName(
        m_window, tr("Save Workspace"), QStringLiteral("workspace.json"), tr("Sockpit workspace (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!writeWorkspaceFile(path, m_capture(), &error))
        DialogRunner::warn(m_window, tr("Save Workspace"), error);
}

} // namespace sockpit::ui
