#pragma once

#include "sessionconfig.h"

#include <QMainWindow>
#include <QTimer>

class QAction;
class QLabel;
class QMenu;
class QTabWidget;

namespace sockpit::ui {

class SessionTab;

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

    // Opens an independent window; it deletes itself when closed.
    static MainWindow *openNewWindow();

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createViewMenu();
    void updateViewMenu();
    void retranslate();
    void updateStatus();
    void updateTitles();
    void updateActions();
    void closeTab(int index);
    void renameTab(int index);
    void recordCurrent();
    void saveLogAs();
    void captureReceived();
    void showAbout();

    QTabWidget *m_tabs;
    QLabel *m_status;
    QTimer m_statusTimer;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_sessionMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_themeMenu = nullptr;
    QAction *m_newTab = nullptr;
    QAction *m_newWindow = nullptr;
    QAction *m_closeTab = nullptr;
    QAction *m_record = nullptr;
    QAction *m_capture = nullptr;
    QAction *m_saveLog = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_startStop = nullptr;
    QAction *m_halfClose = nullptr;
    QAction *m_rename = nullptr;
    QAction *m_about = nullptr;
};

} // namespace sockpit::ui
