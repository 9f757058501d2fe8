#pragma once

#include "event.h"
#include "recordreader.h"

#include <QPointer>
#include <QSemaphore>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace sockpit::ui {

class LogView;
class SessionTab;

// A JSON Lines recording opened read-only: its events in the log view (with its filter), the lines
// that could not be read with their numbers, and Resend, which sends the payloads of the selected rows
// to a running session of the window as that session's composer would.
//
// The file is read on a thread of its own; the events reach the log in batches of at most
// BatchEvents, one at a time, so the window never has more than a batch's work at once.
class RecordingTab final : public QWidget
{
    Q_OBJECT
public:
    static constexpr int BatchEvents = 1000;
    static constexpr int MaxShownProblems = 1000;

    explicit RecordingTab(QWidget *parent = nullptr);
    ~RecordingTab() override;

    // Starts reading `path`; finished() follows (also when the file cannot be opened).
    void open(const QString &path);
    QString path() const { return m_path; }
    QString title() const;
    bool isLoading() const { return m_loading; }
    qint64 eventCount() const { return m_payloads.size(); }
    qint64 problemCount() const { return m_problemCount; }
    QString problemsText() const; // "line 2: not JSON …", one a line, as shown
    QString errorText() const { return m_error; } // the file could not be read at all
    QString statusText() const;

    LogView *logView() const { return m_log; }
    QComboBox *targetBox() const { return m_target; }
    QPushButton *resendButton() const { return m_resend; }

    // The session tabs Resend can send to; the window passes its own.
    void setSessionProvider(std::function<QList<SessionTab *>()> provider);
    void refreshTargets();
    // Sends the full payloads of the selected data rows, oldest first, to the chosen session; returns
    // how many were sent.
    int resendSelected();

signals:
    void finished();
    void statusChanged();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    struct Batch
    {
        EventBatch events;
        QVector<RecordProblem> problems;
    };
    void read(const QString &path);
    void deliver(const Batch &batch);
    void finish(const QString &error);
    void retranslate();
    void updateControls();
    void stopReading();

    QString m_path;
    LogView *m_log;
    QLabel *m_status;
    QPlainTextEdit *m_problems;
    QLabel *m_targetLabel;
    QComboBox *m_target;
    QPushButton *m_resend;
    std::function<QList<SessionTab *>()> m_provider;
    QList<QPointer<SessionTab>> m_targets;
    // The full payload of every event in the order read (the log keeps the first bytes only), indexed by
    // the log's sequence number.
    QVector<QByteArray> m_payloads;
    qint64 m_sequenceBase = 0; // the index in m_payloads of the log's sequence number 0 (Clear restarts it)
    QStringList m_problemLines;
    qint64 m_problemCount = 0;
    QString m_error;
    bool m_loading = false;
    std::thread m_reader;
    std::atomic<bool> m_cancel {false};
    QSemaphore m_slots {1}; // batches the reader may hand over before the window took the last
};

} // namespace sockpit::ui
