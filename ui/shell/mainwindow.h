#pragma once

#include "sessionconfig.h"
#include "workspace.h"

#include <QMainWindow>
#include <QTimer>

class QAction;
class QLabel;
class QMenu;
class QTabWidget;

namespace sockpit::ui {

class RecordingTab;
class SessionTab;
class ViewMenu;
class WorkspaceActions;

// A window of sessions in tabs, with the menus, the status line of the current session, and New
// Window for a second independent window in the same process (a server in one, a client in the other).
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // A new tab with `config`, or with the settings used last when none is given.
    SessionTab *addSessionTab(const SessionConfig *config = nullptr);
    SessionTab *currentTab() const;
    SessionTab *tabAt(int index) const;
    int tabCount() const;
    QTabWidget *tabs() const { return m_tabs; }
    QLabel *statusLabel() const { return m_status; }

    // The session tabs as a workspace keeps them, and a workspace's tabs added after those open now (one
    // tab with the last settings when neither it nor the window has any); the tabs it added.
    Workspace workspace() const;
    QList<SessionTab *> openWorkspace(const Workspace &workspace);
    // The tabs the window had when it was last closed (File > Reopen Tabs at Start), else one tab with
    // the last settings.
    QList<SessionTab *> openLastTabs();
    WorkspaceActions *workspaceActions() const { return m_workspace; }

    // Opens an independent window; it deletes itself when closed.
    static MainWindow *openNewWindow();

    // A read-only tab showing the JSON Lines recording at `path` (read on a thread of its own).
    RecordingTab *openRecording(const QString &path);
    RecordingTab *currentRecordingTab() const;
    QList<SessionTab *> sessionTabs() const;
    // Writes the JSON Lines recording `input` as a pcap file on a thread of its own; pcapExported()
    // follows with an empty error on success.
    void exportPcap(const QString &input, const QString &output);

signals:
    void pcapExported(const QString &output, const QString &error);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void retranslate();
    void updateStatus();
    void updateTitles();
    void updateActions();
    void closeTab(int index);
    void renameTab(int index);
    void recordCurrent();
    void saveLogAs();
    void captureReceived();
    void openRecordingWithDialog();
    void exportPcapWithDialog();
    void refreshRecordingTargets();
    void showAbout();

    QTabWidget *m_tabs;
    QLabel *m_status;
    QTimer m_statusTimer;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_sessionMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    ViewMenu *m_viewMenu = nullptr;
    WorkspaceActions *m_workspace = nullptr;
    QAction *m_newTab = nullptr;
    QAction *m_newWindow = nullptr;
    QAction *m_closeTab = nullptr;
    QAction *m_record = nullptr;
    QAction *m_capture = nullptr;
    QAction *m_saveLog = nullptr;
    QAction *m_openRecording = nullptr;
    QAction *m_exportPcap = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_startStop = nullptr;
    QAction *m_halfClose = nullptr;
    QAction *m_rename = nullptr;
    QAction *m_showCode = nullptr; // Session > Show as Code: the current tab's settings as a program
    QAction *m_runSequence = nullptr; // Session > Run Sequence: a scripted conversation on the session
    QAction *m_conversation = nullptr; // View > Conversation: the current tab's log as a conversation
    QAction *m_quickSend = nullptr; // View > Quick Send Panel: in every tab of the window
    QAction *m_systemCalls = nullptr; // View > System Calls: the logs' system call column
    QAction *m_inspector = nullptr; // View > Message Inspector: the pane under every tab's log
    QAction *m_plot = nullptr; // View > Plot: the current tab's plot of values
    QAction *m_about = nullptr;
};

} // namespace sockpit::ui
