#pragma once

#include "session.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace sockpit {
class Recorder;
}

namespace sockpit::ui {

// The window, in its first form: one session started from the command line's flags, its state,
// and a plain-text log of its events. The full window (tabs, composer, peer list) builds on it.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void setSessionConfig(const SessionConfig &config);
    // Records every event of the session to `path`; false (with the reason in `error`) if it cannot.
    bool setRecordPath(const QString &path, QString *error);
    void startSession();
    Session *session() { return &m_session; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void appendEvents(const EventBatch &events, qint64 notDisplayed);
    void updateState();

    Session m_session;
    SessionConfig m_config;
    std::shared_ptr<Recorder> m_recorder;
    QLabel *m_stateLabel;
    QPushButton *m_startButton;
    QPlainTextEdit *m_log;
};

} // namespace sockpit::ui
