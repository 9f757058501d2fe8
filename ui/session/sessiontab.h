#pragma once

#include "session.h"
#include "workspace.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <memory>

class QComboBox;
class QSplitter;

namespace sockpit {
class InputPump;
class RawCapture;
class Recorder;
} // namespace sockpit

namespace sockpit::ui {

class Composer;
class LogView;
class MessageInspector;
class PeerListView;
class PlotPane;
class PresetPanel;
class SendTargetBox;
class SessionSettingsBar;
class TlsTrustPrompt;

// One session in a tab: its settings on top, its peers on the left, its log in the middle and the
// composer below. It owns the Session and wires the widgets to it; each widget owns its own concern.
class SessionTab final : public QWidget
{
    Q_OBJECT
public:
    explicit SessionTab(QWidget *parent = nullptr);
    ~SessionTab() override;

    Session *session() { return &m_session; }
    SessionSettingsBar *settingsBar() const { return m_settings; }
    LogView *logView() const { return m_log; }
    MessageInspector *inspector() const { return m_inspector; }
    Composer *composer() const { return m_composer; }
    PresetPanel *presetPanel() const { return m_presets; }
    PeerListView *peerList() const { return m_peers; }
    PlotPane *plotPane() const { return m_plot; }
    // The plot of the session's values under the log (View > Plot); hidden until asked for.
    void setPlotShown(bool shown);
    bool isPlotShown() const;
    QComboBox *sendTargetBox() const;

    void setConfig(const SessionConfig &config);
    bool startRecording(const QString &path, QString *error);
    void stopRecording();
    QString recordingPath() const;
    // Saves the raw bytes received from `conn` (0: every connection) to `path`.
    bool startCapture(const QString &path, ConnId conn, QString *error);
    void stopCapture();
    bool isCapturing() const;

    QString title() const;
    void setCustomTitle(const QString &title);
    // The tab as a workspace keeps it (settings, name, presets; not its log), and back. Applying one
    // shows its problems in the log and the status line.
    WorkspaceTab workspaceTab() const;
    void applyWorkspaceTab(const WorkspaceTab &tab);
    // `sockpit --workspace FILE --start`: starts, unless the workspace gave this tab values it could not
    // use (a default in their place would start something else than meant); then says so in the log.
    void startFromWorkspace();
    QString statusText() const; // counters, rates, peers and recording, for the status bar

public slots:
    void start();
    void stop();
    void halfClose();
    bool sendBytes(const QByteArray &bytes); // false: sent to no one (the log says why)
    void sendFile(const QString &path);

signals:
    void titleChanged();
    void statusChanged();

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void retranslate();
    void onStateChanged(Session::State state);
    void onStopped();
    void onFailed(const QString &reason);
    void refreshPeers();
    void updateRates();
    void updateReachable();
    void updateSendTargets();
    // How the conversation reads this session's traffic, and whether Enter sends (a chat).
    void updateConversation();
    // What the log's system call column needs to know of the session's settings: set as it starts, not
    // as a mode is picked, so the rows shown keep their calls while the user looks at other modes.
    void updateSystemCalls();
    // Gives the running session the options it can take without a restart, as the bar has them now.
    void applyLiveOptions();
    void logNote(const QString &text, Direction dir = Direction::Info);

    Session m_session;
    std::shared_ptr<Recorder> m_recorder;
    std::shared_ptr<RawCapture> m_capture;
    std::unique_ptr<InputPump> m_filePump;
    SessionSettingsBar *m_settings;
    PeerListView *m_peers;
    QSplitter *m_peerSplitter; // the clients list beside the log
    bool m_peerSplitterMoved = false; // by the user: then the tab no longer sizes the clients list
    LogView *m_log;
    MessageInspector *m_inspector;
    QSplitter *m_inspectorSplitter; // the log above the inspector
    PlotPane *m_plot;
    Composer *m_composer;
    PresetPanel *m_presets;
    SendTargetBox *m_sendTarget;
    QTimer m_peerTimer;
    QTimer m_rateTimer;
    QTimer m_reconnectTimer;
    QTimer m_liveOptionsTimer; // a pause after the last change: a delimiter is typed a key at a time
    QElapsedTimer m_rateClock;
    SessionCounters m_lastCounters;
    double m_rateIn = 0;
    double m_rateOut = 0;
    int m_reconnectDelayMs = 0;
    bool m_userStopped = false;
    QString m_customTitle;
    QString m_lastError;
    TlsTrustPrompt *m_trustPrompt = nullptr;
    bool m_applyingConfig = false;
    bool m_workspaceProblems = false; // applyWorkspaceTab() had problems to show
};

} // namespace sockpit::ui
