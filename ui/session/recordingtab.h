#pragma once

#include "event.h"
#include "recordingpayloads.h"
#include "recordreader.h"

#include <QPointer>
#include <QSemaphore>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace sockpit::ui {

class LogView;
class SessionTab;

// A JSON Lines recording opened read-only: its events in the log view (with its filter), the lines
// that could not be read with their numbers, and Resend, which sends the payloads of the selected rows
// to a running session of the window as that session's composer would.
//
// The tab keeps where each event's line starts in the file, and its log's rows only the first
// KeptBytes of each payload: what the log shows, filters or inspects beyond them, and the whole
// payloads Resend sends, are read from the file again (RecordingPayloads). A recording takes in memory
// its rows (a 24-byte record each and the kept bytes) and 8 to 16 bytes an event (a growing vector of
// offsets): 115 bytes an event in all for the 1 GiB recording of docs/benchmarks.md.
//
// The file is read on a thread of its own; the events reach the log in batches of at most
// BatchEvents, one at a time, so the window never has more than a batch's work at once.
class RecordingTab final : public QWidget
{
    Q_OBJECT
public:
    static constexpr int BatchEvents = 1000;
    static constexpr int MaxShownProblems = 1000;
    static constexpr int ResendSliceMs = 20;
    static constexpr int ResendWaitMs = 10; // how often a resend looks again while a slow peer reads
    // Payload bytes a row keeps in memory: a short request whole, the start of anything longer.
    static constexpr int KeptBytes = 64;

    explicit RecordingTab(QWidget *parent = nullptr);
    ~RecordingTab() override;

    // Starts reading `path`; finished() follows (also when the file cannot be opened).
    void open(const QString &path);
    QString path() const { return m_path; }
    QString title() const;
    bool isLoading() const { return m_loading; }
    qint64 eventCount() const { return m_payloads ? m_payloads->eventCount() : 0; }
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
    // Sends the full payloads of the selected data rows, oldest first, to the chosen session, read from
    // the file again; returns how many rows it will send. The work goes in slices of at most
    // ResendSliceMs between which the window answers; resendFinished() follows. First every row is
    // checked: when the file no longer holds a row's event where it was read (another event, another
    // length, other first bytes: the file was changed since), nothing is sent and resendError() says
    // where. Then the rows are read again and sent, no faster than the session's peers read (it waits
    // while the session holds half a send queue); a row changed since its check stops the sending
    // there, as do stopResending(), the session stopping and the log being cleared.
    int resendSelected();
    void stopResending();
    bool isResending() const { return bool(m_resendJob); }
    QString resendError() const { return m_resendError; }
    // The whole payload of the log's data row `row`, read again from `file` (this recording, open for
    // reading). False with *error set when the file no longer holds the row's event there.
    bool payloadAt(int row, QIODevice *file, QByteArray *payload, QString *error) const;

signals:
    void finished();
    void statusChanged();
    // A resend ended: `sent` payloads went to the session (all, or those before resendError()).
    void resendFinished(int sent);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    struct Batch
    {
        EventBatch events;
        QVector<qint64> offsets; // where each event's line starts in the file
        QVector<RecordProblem> problems;
    };
    void read(const QString &path, quint64 generation);
    void deliver(const Batch &batch);
    void finish(const QString &error);
    void retranslate();
    void updateControls();
    void stopReading();
    struct ResendJob;
    void resendSlice();
    void endResend(const QString &error);

    QString m_path;
    LogView *m_log;
    QLabel *m_status;
    QPlainTextEdit *m_problems;
    QLabel *m_targetLabel;
    QComboBox *m_target;
    QPushButton *m_resend;
    std::function<QList<SessionTab *>()> m_provider;
    QList<QPointer<SessionTab>> m_targets;
    // Where the line of every event starts in the file, by the log's sequence number, and the payloads
    // read from there again; the log's payload source.
    std::shared_ptr<RecordingPayloads> m_payloads;
    QString m_resendError;
    std::unique_ptr<ResendJob> m_resendJob;
    quint64 m_resendGeneration = 0; // counts the resends ended, so a slice can tell its own ended
    QTimer *m_resendTimer;
    QStringList m_problemLines;
    qint64 m_problemCount = 0;
    QString m_error;
    bool m_loading = false;
    std::thread m_reader;
    std::atomic<bool> m_cancel {false};
    quint64 m_readGeneration = 0; // counts open(): what a reader queued for an older file is dropped
    QSemaphore m_slots {1}; // batches the reader may hand over before the window took the last
};

} // namespace sockpit::ui
