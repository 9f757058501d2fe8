#pragma once

#include "modetraits.h"
#include "session.h"
#include "sessionconfig.h"
#include "sessionoptionspopup.h"

#include <QHash>
#include <QStringList>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace sockpit::ui {

class LocalAddressBox;

// The top row of a session: mode, addresses, ports and options, checked as the user types, and the
// button that starts and stops the session. It only edits a SessionConfig; the tab runs the session.
class SessionSettingsBar final : public QWidget
{
    Q_OBJECT
public:
    explicit SessionSettingsBar(QWidget *parent = nullptr);

    SessionConfig config() const; // what the fields say now, the options included
    // The same for showing it (titles, the log's kind of view, the send target) without building the
    // options popup: until it is built the options are those last set, picked per mode as config()
    // picks them, but not checked or tidied by its fields. What starts a session uses config().
    SessionConfig draftConfig() const;
    SessionMode mode() const;
    void setConfig(const SessionConfig &config); // pre-fill (command-line flags, restored settings)
    // Client: reconnect after a drop (the tab runs the back-off; SessionConfig has no such field).
    bool reconnectEnabled() const;
    void setReconnectEnabled(bool enabled);
    bool isValid() const; // every visible field valid, the options' included
    // Idle: fields editable, the button starts; Starting/Running: fields locked, the button stops;
    // Stopping: the button is disabled until the session is idle again.
    void setState(Session::State state);
    Session::State state() const { return m_state; }
    // Shown under the row while a server listens: where it can be reached and who can connect.
    void setReachableAt(const QStringList &endpoints, bool allInterfaces);
    // The local port the session got: shown in its field while the session runs when the field asked
    // for any (0 or empty); the field says what was asked for again once the session is idle.
    // config() keeps reporting what was asked for.
    void setPortInUse(quint16 port);

    QPushButton *startButton() const { return m_startButton; }
    // The options behind the Options button. They are built on first use, or from the event loop once
    // the bar has painted, whichever comes first: a window's first tab shows without waiting for them.
    SessionOptionsPopup *optionsPopup() const;
    QAction *halfCloseAction() const { return m_halfCloseAction; }

signals:
    void startRequested();
    void stopRequested();
    void modeChanged(sockpit::SessionMode mode);
    void halfCloseRequested(); // client: shut down the sending side, keep receiving
    // While the session runs: echo, the client limit, framing or the rules changed (see config()).
    void liveOptionsChanged();
    void optionsPopupBuilt(sockpit::ui::SessionOptionsPopup *popup); // once, when it is made

protected:
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Problem
    {
        QWidget *field;
        QString message;
        bool missing; // a required field left empty: not an error to shout about, but no start
    };

    void retranslate();
    SessionConfig fieldsConfig() const; // config() but for the options
    void buildOptions();
    void setOptionsFrom(const SessionConfig &config);
    static QString modeText(SessionMode mode);
    static QString startText(RemoteRole remote); // what the start button says
    void updateTextsForMode();
    void onModeChanged();
    void revalidate();
    QVector<Problem> problems() const;
    void updateButton();
    void updateReachableText();
    void onStartClicked();

    QComboBox *m_mode;
    QLabel *m_localLabel;
    LocalAddressBox *m_local;
    QLabel *m_localPortLabel;
    QLineEdit *m_localPort; // server/UDP: the port to bind
    QLabel *m_sourcePortLabel;
    QLineEdit *m_sourcePort; // client: optional source port
    QLabel *m_localPathLabel;
    QLineEdit *m_localPath; // a Unix server's or datagram socket's path
    QLabel *m_remotePathLabel;
    QLineEdit *m_remotePath; // a Unix client's path, or a Unix datagram socket's default target
    QLabel *m_hostLabel;
    QLineEdit *m_host;
    QLabel *m_remotePortLabel;
    QLineEdit *m_remotePort;
    QToolButton *m_optionsButton;
    QToolButton *m_halfCloseButton;
    QAction *m_halfCloseAction;
    QPushButton *m_startButton;
    QLabel *m_errorLabel;
    QLabel *m_reachableLabel;
    SessionOptionsPopup *m_options = nullptr; // built on first use (optionsPopup())
    // What the popup is given until it exists: the options of the last setConfig(), and Reconnect.
    SessionConfig m_pendingOptions;
    bool m_pendingReconnect = false;
    bool m_optionsQueued = false; // its building waits for the event loop

    QHash<QWidget *, QString> m_toolTips; // each field's own tooltip, shown when it has no error
    Session::State m_state = Session::State::Idle;
    QString m_firstProblem; // why the session cannot start, for the button's tooltip
    bool m_halfClosed = false;
    QStringList m_reachable;
    bool m_reachableAll = false;
    QLineEdit *m_pickedPortField = nullptr; // showing the port the system picked
    QString m_requestedPort; // what that field said before
};

} // namespace sockpit::ui
