#pragma once

#include "workspace.h"

#include <QObject>

#include <functional>

class QAction;
class QWidget;

namespace sockpit::ui {

// File > Open Workspace…, Save Workspace… and Reopen Tabs at Start: the dialogs and the setting, on
// the window's two functions that take its tabs apart and put them together.
class WorkspaceActions final : public QObject
{
    Q_OBJECT
public:
    using Capture = std::function<Workspace()>;
    using Open = std::function<void(const Workspace &)>;
    WorkspaceActions(QWidget *window, Capture capture, Open open);

    QAction *openAction() const { return m_open; }
    QAction *saveAction() const { return m_save; }
    QAction *reopenAction() const { return m_reopen; }
    void retranslate();
    // When the window closes: its tabs, for the next start (unless the user turned that off).
    void remember() const;

private:
    void openWithDialog();
    void saveWithDialog();

    QWidget *m_window;
    Capture m_capture;
    Open m_openTabs;
    QAction *m_open;
    QAction *m_save;
    QAction *m_reopen;
};

} // namespace sockpit::ui
