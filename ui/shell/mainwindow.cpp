#include "mainwindow.h"

#include "appsettings.h"
#include "codedialog.h"
#include "composer.h"
#include "dialogrunner.h"
#include "filechooser.h"
#include "logmodel.h"
#include "logview.h"
#include "messageinspector.h"
#include "pcapexport.h"
#include "peerlistview.h"
#include "plotpane.h"
#include "presetpanel.h"
#include "recordformat.h"
#include "recordingtab.h"
#include "sequencedialog.h"
#include "sessioncode.h"
#include "sessionsettingsbar.h"
#include "sessiontab.h"
#include "settingswriter.h"
#include "viewmenu.h"
#include "workspaceactions.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSaveFile>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QThread>
#include <QToolButton>

namespace sockpit::ui {

namespace {
constexpr int StatusRefreshMs = 1000;
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_status(new QLabel(this))
{
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);
    m_status->setTextFormat(Qt::PlainText);
    statusBar()->addPermanentWidget(m_status, 1);
    createActions();
    m_viewMenu = new ViewMenu(this);
    menuBar()->insertMenu(m_helpMenu->menuAction(), m_viewMenu);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_conversation);
    m_viewMenu->addAction(m_quickSend);
    m_viewMenu->addAction(m_systemCalls);
    m_viewMenu->addAction(m_inspector);
    m_viewMenu->addAction(m_plot);

    auto *plus = new QToolButton(this);
    plus->setDefaultAction(m_newTab);
    plus->setAutoRaise(true);
    m_tabs->setCornerWidget(plus, Qt::TopRightCorner);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        updateStatus();
        updateActions();
        refreshRecordingTargets();
    });
    connect(m_tabs->tabBar(), &QTabBar::tabBarDoubleClicked, this, &MainWindow::renameTab);
    m_statusTimer.setInterval(StatusRefreshMs);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    m_statusTimer.start();

    const QByteArray geometry = AppSettings::windowGeometry();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1100, 720);
    retranslate();
}

MainWindow::~MainWindow()
{
    // What closing the window and its tabs saved is on disk before the program goes on to exit.
    SettingsWriter::waitForWrites();
}

MainWindow *MainWindow::openNewWindow()
{
    auto *window = new MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->addSessionTab();
    window->show();
    return window;
}

SessionTab *MainWindow::addSessionTab(const SessionConfig *config)
{
    auto *tab = new SessionTab(m_tabs);
    tab->logView()->model()->setCapacity(AppSettings::logCapacity(LogModel::DefaultCapacity));
    tab->setConfig(config ? *config : AppSettings::lastConfig(AppSettings::lastMode()));
    tab->composer()->setHistory(AppSettings::composerHistory());
    tab->composer()->setChecksum(AppSettings::composerChecksum());
    tab->presetPanel()->setPresets(AppSettings::quickSendPresets());
    tab->presetPanel()->setVisible(m_quickSend->isChecked());
    tab->logView()->setSystemCallsShown(m_systemCalls->isChecked());
    tab->inspector()->setVisible(m_inspector->isChecked());
    const int index = m_tabs->addTab(tab, tab->title());
    m_tabs->setCurrentIndex(index);
    connect(tab, &SessionTab::titleChanged, this, &MainWindow::updateTitles);
    connect(tab, &SessionTab::titleChanged, this, [this, tab] {
        if (tab == currentTab())
            updateActions(); // a new mode may offer other actions (Show as Code)
    });
    connect(tab, &SessionTab::statusChanged, this, [this, tab] {
        if (tab == currentTab()) {
            updateStatus();
            updateActions();
        }
    });
    tab->logView()->setConversationShown(AppSettings::conversationShown());
    connect(tab->logView(), &LogView::conversationShownChanged, this, [this, tab](bool shown) {
        AppSettings::setConversationShown(shown); // the next tab opens the same way
        if (tab == currentTab())
            updateActions();
    });
    connect(tab->session(), &Session::stateChanged, this, &MainWindow::refreshRecordingTargets);
    connect(tab, &SessionTab::titleChanged, this, &MainWindow::refreshRecordingTargets);
    connect(tab->session(), &Session::started, this,
        [tab] { AppSettings::saveConfig(tab->session()->config()); });
    updateActions();
    return tab;
}

Workspace MainWindow::workspace() const
{
    Workspace workspace;
    for (SessionTab *tab : sessionTabs())
        workspace.tabs.append(tab->workspaceTab());
    return workspace;
}

QList<SessionTab *> MainWindow::openWorkspace(const Workspace &workspace)
{
    QList<SessionTab *> opened;
    for (const WorkspaceTab &saved : workspace.tabs) {
        SessionTab *tab = addSessionTab(&saved.config);
        tab->applyWorkspaceTab(saved);
        opened.append(tab);
    }
    if (m_tabs->count() == 0)
        opened.append(addSessionTab());
    else if (!opened.isEmpty())
        m_tabs->setCurrentWidget(opened.constFirst());
    return opened;
}

QList<SessionTab *> MainWindow::openLastTabs()
{
    const QByteArray json = AppSettings::reopenTabs() ? AppSettings::lastWorkspace() : QByteArray();
    Workspace workspace;
    QString error;
    if (!json.isEmpty() && workspaceFromJson(json, &workspace, &error) && !workspace.tabs.isEmpty())
        return openWorkspace(workspace);
    return {addSessionTab()};
}

SessionTab *MainWindow::currentTab() const
{
    return qobject_cast<SessionTab *>(m_tabs->currentWidget());
}

SessionTab *MainWindow::tabAt(int index) const
{
    return qobject_cast<SessionTab *>(m_tabs->widget(index));
}

int MainWindow::tabCount() const
{
    return m_tabs->count();
}

RecordingTab *MainWindow::openRecording(const QString &path)
{
    auto *tab = new RecordingTab(m_tabs);
    tab->setSessionProvider([this] { return sessionTabs(); });
    tab->open(path);
    const int index = m_tabs->addTab(tab, tab->title());
    m_tabs->setTabToolTip(index, path);
    m_tabs->setCurrentIndex(index);
    connect(tab, &RecordingTab::statusChanged, this, [this, tab] {
        if (tab == currentRecordingTab())
            updateStatus();
    });
    updateActions();
    return tab;
}

RecordingTab *MainWindow::currentRecordingTab() const
{
    return qobject_cast<RecordingTab *>(m_tabs->currentWidget());
}

QList<SessionTab *> MainWindow::sessionTabs() const
{
    QList<SessionTab *> tabs;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (SessionTab *tab = tabAt(i))
            tabs.append(tab);
    }
    return tabs;
}

void MainWindow::refreshRecordingTargets()
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *tab = qobject_cast<RecordingTab *>(m_tabs->widget(i)))
            tab->refreshTargets();
    }
}

void MainWindow::openRecordingWithDialog()
{
    const QString path = FileChooser::openFileName(
        this, tr("Open Recording"), QString(), tr("JSON Lines (*.jsonl);;All files (*)"));
    if (!path.isEmpty())
        openRecording(path);
}

void MainWindow::exportPcap(const QString &input, const QString &output)
{
    QPointer<MainWindow> self(this);
    QThread *thread = QThread::create([self, input, output] {
        QString error;
        Recording recording;
        if (readRecordingFile(input, &recording, &error)) {
            QSaveFile file(output);
            PcapSummary summary;
            if (!file.open(QIODevice::WriteOnly))
                error = tr("cannot write %1: %2").arg(output, file.errorString());
            else if (writePcap(recording, &file, &summary, &error) && !file.commit())
                error = tr("cannot write %1: %2").arg(output, file.errorString());
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, output, error] {
                if (self)
                    emit self->pcapExported(output, error);
            },
            Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void MainWindow::exportPcapWithDialog()
{
    QString input;
    if (RecordingTab *recording = currentRecordingTab()) {
        input = recording->path();
    } else if (SessionTab *tab = currentTab()) {
        input = tab->recordingPath();
        if (recordFormatForPath(input) != RecordFormat::JsonLines) {
            QMessageBox box(QMessageBox::Information, tr("Export as pcap"),
                tr("Only a JSON Lines recording can be exported: record this session to a .jsonl file "
                   "first (File > Record to File…)."),
                QMessageBox::Ok, this);
            DialogRunner::exec(&box);
            return;
        }
    }
    if (input.isEmpty())
        return;
    QString suggested = input;
    if (suggested.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive))
        suggested.chop(6);
    const QString output = FileChooser::saveFileName(
        this, tr("Export as pcap"), suggested + QStringLiteral(".pcap"), tr("pcap (*.pcap)"));
    if (output.isEmpty())
        return;
    exportPcap(input, output);
}

void MainWindow::createActions()
{
    m_newTab = new QAction(this);
    m_newTab->setShortcut(QKeySequence::AddTab);
    connect(m_newTab, &QAction::triggered, this, [this] { addSessionTab(); });
    m_newWindow = new QAction(this);
    m_newWindow->setShortcut(QKeySequence::New);
    connect(m_newWindow, &QAction::triggered, this, [] { openNewWindow(); });
    m_closeTab = new QAction(this);
    m_closeTab->setShortcut(QKeySequence::Close);
    connect(m_closeTab, &QAction::triggered, this, [this] { closeTab(m_tabs->currentIndex()); });
    m_record = new QAction(this);
    m_record->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_record, &QAction::triggered, this, &MainWindow::recordCurrent);
    m_capture = new QAction(this);
    connect(m_capture, &QAction::triggered, this, &MainWindow::captureReceived);
    m_openRecording = new QAction(this);
    m_openRecording->setShortcut(QKeySequence::Open);
    connect(m_openRecording, &QAction::triggered, this, &MainWindow::openRecordingWithDialog);
    m_exportPcap = new QAction(this);
    connect(m_exportPcap, &QAction::triggered, this, &MainWindow::exportPcapWithDialog);
    connect(this, &MainWindow::pcapExported, this, [this](const QString &output, const QString &error) {
        if (error.isEmpty())
            statusBar()->showMessage(tr("Exported %1").arg(output), 5000);
        else if (isVisible())
            DialogRunner::warn(this, tr("Export as pcap"), error);
    });
    m_saveLog = new QAction(this);
    m_saveLog->setShortcut(QKeySequence::Save);
    connect(m_saveLog, &QAction::triggered, this, &MainWindow::saveLogAs);
    m_quit = new QAction(this);
    m_quit->setShortcut(QKeySequence::Quit);
    connect(m_quit, &QAction::triggered, qApp, &QApplication::closeAllWindows);
    m_startStop = new QAction(this);
    m_startStop->setShortcut(QKeySequence(Qt::Key_F5));
    connect(m_startStop, &QAction::triggered, this, [this] {
        if (SessionTab *tab = currentTab()) {
            if (tab->session()->state() == Session::State::Idle)
                tab->start();
            else
                tab->stop();
        }
    });
    m_halfClose = new QAction(this);
    connect(m_halfClose, &QAction::triggered, this, [this] {
        if (SessionTab *tab = currentTab())
            tab->halfClose();
    });
    m_rename = new QAction(this);
    m_rename->setShortcut(QKeySequence(Qt::Key_F2));
    connect(m_rename, &QAction::triggered, this, [this] { renameTab(m_tabs->currentIndex()); });
    m_conversation = new QAction(this);
    m_conversation->setObjectName(QStringLiteral("viewConversation"));
    m_conversation->setCheckable(true);
    m_conversation->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    connect(m_conversation, &QAction::triggered, this, [this](bool shown) {
        if (SessionTab *tab = currentTab())
            tab->logView()->setConversationShown(shown);
    });
    m_quickSend = new QAction(this);
    m_quickSend->setObjectName(QStringLiteral("viewQuickSend"));
    m_quickSend->setCheckable(true);
    m_quickSend->setChecked(AppSettings::quickSendShown());
    connect(m_quickSend, &QAction::triggered, this, [this](bool shown) {
        for (int i = 0; i < m_tabs->count(); ++i) {
            if (auto *tab = qobject_cast<SessionTab *>(m_tabs->widget(i)))
                tab->presetPanel()->setVisible(shown);
        }
        AppSettings::setQuickSendShown(shown); // new tabs and windows follow
    });
    m_systemCalls = new QAction(this);
    m_systemCalls->setObjectName(QStringLiteral("viewSystemCalls"));
    m_systemCalls->setCheckable(true);
    m_systemCalls->setChecked(AppSettings::systemCallsShown());
    connect(m_systemCalls, &QAction::triggered, this, [this](bool shown) {
        for (SessionTab *tab : sessionTabs())
            tab->logView()->setSystemCallsShown(shown);
        AppSettings::setSystemCallsShown(shown); // new tabs and windows follow
    });
    m_inspector = new QAction(this);
    m_inspector->setObjectName(QStringLiteral("viewInspector"));
    m_inspector->setCheckable(true);
    m_inspector->setChecked(AppSettings::inspectorShown());
    connect(m_inspector, &QAction::triggered, this, [this](bool shown) {
        for (SessionTab *tab : sessionTabs())
            tab->inspector()->setVisible(shown);
        AppSettings::setInspectorShown(shown); // new tabs and windows follow
    });
    m_plot = new QAction(this);
    m_plot->setObjectName(QStringLiteral("viewPlot"));
    m_plot->setCheckable(true);
    connect(m_plot, &QAction::triggered, this, [this](bool shown) {
        if (SessionTab *tab = currentTab())
            tab->setPlotShown(shown);
    });
    m_showCode = new QAction(this);
    m_showCode->setObjectName(QStringLiteral("showAsCode"));
    connect(m_showCode, &QAction::triggered, this, [this] {
        if (SessionTab *tab = currentTab()) {
            auto *dialog = new CodeDialog(tab->settingsBar()->config(), this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->show();
        }
    });
    m_runSequence = new QAction(this);
    m_runSequence->setObjectName(QStringLiteral("runSequence"));
    connect(m_runSequence, &QAction::triggered, this, [this] {
        if (SessionTab *tab = currentTab()) {
            auto *dialog = new SequenceDialog(tab->session(), this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            // A closed tab takes its session, and the run on it, with it.
            connect(tab, &QObject::destroyed, dialog, &QWidget::close);
            dialog->show();
        }
    });
    m_about = new QAction(this);
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);
    m_workspace = new WorkspaceActions(
        this, [this] { return workspace(); },
        [this](const Workspace &workspace) { openWorkspace(workspace); });

    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addActions({m_newTab, m_newWindow, m_closeTab});
    m_fileMenu->addSeparator();
    m_fileMenu->addActions(
        {m_workspace->openAction(), m_workspace->saveAction(), m_workspace->reopenAction()});
    m_fileMenu->addSeparator();
    m_fileMenu->addActions({m_record, m_capture, m_saveLog});
    m_fileMenu->addSeparator();
    m_fileMenu->addActions({m_openRecording, m_exportPcap});
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quit);
    m_sessionMenu = menuBar()->addMenu(QString());
    m_sessionMenu->addActions({m_startStop, m_halfClose, m_rename});
    m_sessionMenu->addSeparator();
    m_sessionMenu->addActions({m_runSequence, m_showCode});
    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_about);
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("Sockpit"));
    m_fileMenu->setTitle(tr("&File"));
    m_sessionMenu->setTitle(tr("&Session"));
    m_helpMenu->setTitle(tr("&Help"));
    m_newTab->setText(tr("New &Tab"));
    m_newTab->setToolTip(tr("Open another session in a new tab (%1)")
                             .arg(m_newTab->shortcut().toString(QKeySequence::NativeText)));
    m_newWindow->setText(tr("New &Window"));
    m_closeTab->setText(tr("&Close Tab"));
    m_capture->setToolTip(
        tr("Save the bytes received from now on (from the selected client, or from all) to a "
           "file, exactly as they arrive"));
    m_saveLog->setText(tr("&Save Log As…"));
    m_openRecording->setText(tr("&Open Recording…"));
    m_openRecording->setToolTip(tr("Show a JSON Lines recording in a tab of its own, to filter it and "
                                   "resend its messages"));
    m_exportPcap->setText(tr("&Export as pcap…"));
    m_exportPcap->setToolTip(tr("Write the recording of this tab as a pcap file for Wireshark"));
    m_quit->setText(tr("&Quit"));
    m_halfClose->setText(tr("Shut Down &Sending (Half-close)"));
    m_halfClose->setToolTip(tr("Send FIN: the peer sees the end of the data; receiving goes on"));
    m_rename->setText(tr("&Rename Tab…"));
    m_runSequence->setText(tr("Run Se&quence…"));
    m_runSequence->setToolTip(tr("Send and expect messages by a script, each step with its result and time"));
    m_showCode->setText(tr("Show as &Code…"));
    m_showCode->setToolTip(tr("This session's settings as a short Python and C program, written the way "
                              "a lecture on sockets writes them"));
    m_conversation->setText(tr("&Conversation"));
    m_conversation->setToolTip(tr("Show the log as a conversation: lines under who said them, yours on "
                                  "the right (Enter then sends a line)"));
    m_quickSend->setText(tr("&Quick Send Panel"));
    m_quickSend->setToolTip(tr("Show the panel of messages sent with one click beside the composer"));
    m_systemCalls->setText(tr("S&ystem Calls"));
    m_systemCalls->setToolTip(tr("Show in the log the system call behind each row: socket(), bind(), "
                                 "listen(), accept(), connect(), recv(), send(), shutdown(), close()"));
    m_inspector->setText(tr("Message &Inspector"));
    m_inspector->setToolTip(tr("Show the selected row's whole message under the log: hex dump, text, "
                               "and copying it as hex, C, Python or Base64"));
    m_plot->setText(tr("&Plot of Values"));
    m_plot->setToolTip(tr("Show under the log a live plot of numbers found in the received messages "
                          "(choose them with Fields…)"));
    m_about->setText(tr("&About Sockpit"));
    m_viewMenu->retranslate();
    m_workspace->retranslate();
    // Qt gives a tab's close button its tool tip once, in the language of that moment.
    for (int i = 0; i < m_tabs->count(); ++i) {
        for (auto side : {QTabBar::LeftSide, QTabBar::RightSide}) {
            if (QWidget *close = m_tabs->tabBar()->tabButton(i, side))
                close->setToolTip(QTabBar::tr("Close Tab"));
        }
    }
    updateTitles();
    updateActions();
}

void MainWindow::updateActions()
{
    SessionTab *tab = currentTab();
    const bool running = tab && tab->session()->state() != Session::State::Idle;
    m_startStop->setEnabled(tab != nullptr);
    m_startStop->setText(running ? tr("S&top") : tr("S&tart"));
    m_halfClose->setEnabled(tab && tab->session()->state() == Session::State::Running);
    m_record->setText(
        tab && !tab->recordingPath().isEmpty() ? tr("Stop &Recording") : tr("&Record to File…"));
    m_capture->setText(
        tab && tab->isCapturing() ? tr("Stop Saving Received &Bytes") : tr("Save Received &Bytes…"));
    m_closeTab->setEnabled(m_tabs->count() > 0);
    m_conversation->setEnabled(tab != nullptr);
    m_showCode->setEnabled(tab && canShowAsCode(tab->settingsBar()->mode()));
    const SessionMode mode = tab ? tab->settingsBar()->mode() : SessionMode::Icmp;
    m_runSequence->setEnabled(tab
        && (mode == SessionMode::TcpClient || mode == SessionMode::TcpServer || mode == SessionMode::Udp));
    m_conversation->setChecked(tab && tab->logView()->isConversationShown());
    m_plot->setEnabled(tab != nullptr);
    m_plot->setChecked(tab && tab->isPlotShown());
    m_exportPcap->setEnabled(currentRecordingTab() || (tab && !tab->recordingPath().isEmpty()));
}

void MainWindow::updateStatus()
{
    SessionTab *tab = currentTab();
    if (RecordingTab *recording = currentRecordingTab())
        m_status->setText(recording->statusText());
    else
        m_status->setText(tab ? tab->statusText() : QString());
}

void MainWindow::updateTitles()
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (SessionTab *tab = tabAt(i))
            m_tabs->setTabText(i, tab->title());
        else if (auto *recording = qobject_cast<RecordingTab *>(m_tabs->widget(i)))
            m_tabs->setTabText(i, recording->title());
    }
}

void MainWindow::closeTab(int index)
{
    if (auto *recording = qobject_cast<RecordingTab *>(m_tabs->widget(index))) {
        m_tabs->removeTab(index);
        recording->deleteLater(); // stops its reader thread
        updateActions();
        return;
    }
    SessionTab *tab = tabAt(index);
    if (!tab)
        return;
    AppSettings::setComposerHistory(tab->composer()->history());
    AppSettings::setComposerChecksum(tab->composer()->checksum());
    AppSettings::setQuickSendPresets(tab->presetPanel()->presets());
    m_tabs->removeTab(index);
    tab->deleteLater(); // its Session stops its sockets on the I/O threads without waiting
    updateActions();
}

void MainWindow::renameTab(int index)
{
    SessionTab *tab = tabAt(index);
    if (!tab)
        return;
    QInputDialog dialog(this);
    dialog.setWindowTitle(tr("Rename Tab"));
    dialog.setLabelText(tr("Name (empty: automatic):"));
    dialog.setTextValue(tab->title());
    if (DialogRunner::exec(&dialog) == QDialog::Accepted)
        tab->setCustomTitle(dialog.textValue());
}

void MainWindow::recordCurrent()
{
    SessionTab *tab = currentTab();
    if (!tab)
        return;
    if (!tab->recordingPath().isEmpty()) {
        tab->stopRecording();
        updateActions();
        return;
    }
    const QString path = FileChooser::saveFileName(this, tr("Record to File"),
        QStringLiteral("traffic.jsonl"), tr("JSON Lines (*.jsonl);;Text (*.txt *.log)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!tab->startRecording(path, &error))
        DialogRunner::warn(this, tr("Record to File"), error);
    updateActions();
}

void MainWindow::saveLogAs()
{
    if (RecordingTab *recording = currentRecordingTab())
        recording->logView()->saveWithDialog();
    else if (SessionTab *tab = currentTab())
        tab->logView()->saveWithDialog();
}

void MainWindow::captureReceived()
{
    if (SessionTab *tab = currentTab(); tab && tab->isCapturing()) {
        tab->stopCapture();
        updateActions();
        return;
    }
    SessionTab *tab = currentTab();
    if (!tab)
        return;
    // One selected client: its bytes only; otherwise every connection's bytes in arrival order.
    const QVector<ConnId> selected = tab->peerList()->selectedPeers();
    const ConnId conn = selected.size() == 1 ? selected.constFirst() : 0;
    const QString path
        = FileChooser::saveFileName(this, tr("Save Received Bytes"), QStringLiteral("received.bin"));
    if (path.isEmpty())
        return;
    QString error;
    if (!tab->startCapture(path, conn, &error))
        DialogRunner::warn(this, tr("Save Received Bytes"), error);
    updateActions();
}

void MainWindow::showAbout()
{
    // As QMessageBox::about() makes it: the application's icon, and an OK button added when shown.
    QMessageBox box(QMessageBox::Information, tr("About Sockpit"),
        tr("Sockpit %1\n\nTalk over plain sockets: TCP server, TCP client and UDP, with every byte in a "
           "timestamped log.")
            .arg(QCoreApplication::applicationVersion()),
        QMessageBox::NoButton, this);
    const QIcon icon = box.windowIcon();
    box.setIconPixmap(icon.pixmap(icon.actualSize(QSize(64, 64))));
    DialogRunner::exec(&box);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    AppSettings::setWindowGeometry(saveGeometry());
    m_workspace->remember();
    if (SessionTab *tab = currentTab()) {
        AppSettings::setComposerHistory(tab->composer()->history());
        AppSettings::setComposerChecksum(tab->composer()->checksum());
        AppSettings::setQuickSendPresets(tab->presetPanel()->presets());
    }
    QMainWindow::closeEvent(event);
}

} // namespace sockpit::ui
