#pragma once

#include "event.h"

#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace sockpit {

class Recorder;

// Where a running session's events go: to its recording in full, and to the display queue the window
// takes a batch from every ~30 ms (a preview of each payload, and past a bound only a count). Keeps the
// recording's back-pressure: while the recorder is behind, stream transports stop reading until it
// catches up. Thread-safe; no method waits for the disk.
class EventSink
{
public:
    EventSink(bool display, bool displayData, int previewBytes);
    ~EventSink();

    // True when in/out events are wanted at all (recording or display); counters are kept regardless.
    bool wantsDataEvents() const
    {
        return m_hasRecorder.load(std::memory_order_relaxed) || (m_display && m_displayData);
    }
    // mayBlock: whether the recording may pause the caller's reading when the disk is slow (TCP), or
    // must drop and count instead (UDP).
    void post(Event &&event, bool mayBlock = true);
    // mayBlock false for events made on the GUI thread.
    void info(ConnId conn, EventKind kind, const QString &text, const QString &peer = {},
        const QString &local = {}, Direction dir = Direction::Info, bool mayBlock = true);
    // An in/out event carrying `payload` (shared, not copied); `upstream` names a relay's target,
    // `name` who said it in a chat room.
    void data(ConnId conn, Direction dir, const QString &peer, const QString &local,
        const QByteArray &payload, bool mayBlock = true, const QString &upstream = {},
        const QString &name = {}, CheckResult check = CheckResult::None);
    // An error event for bytes that could not be sent or kept.
    static Event dropped(ConnId conn, const QString &peer, qint64 len, const QString &text);
    EventBatch takeDisplayBatch(qint64 *notDisplayed);
    // Payload bytes the display queue may hold in whole messages, past their preview, until the window
    // takes the next batch (0, the default: every payload is cut to its preview). A message that does
    // not fit is cut as before, so a flood of big messages costs the window at most this much more.
    void setDisplayWholeBytes(qint64 bytes) { m_wholeBudget.store(bytes, std::memory_order_relaxed); }

    // Recording back-pressure. True while the recording is behind: a stream transport then stops
    // reading (its notifier off; an I/O thread never waits) and asks to be resumed.
    bool readsPaused() const { return m_recordingBehind.load(std::memory_order_relaxed); }
    // Runs fn on context's thread once the recording has caught up (soon, if it already has).
    void resumeWhenRecorded(QObject *context, std::function<void()> fn);
    // Called (through the recorder's drained handler) when the recording has caught up or ended.
    void recordingCaughtUp();

protected:
    // Starts, replaces or (nullptr) ends the recording; `self` keeps the recorder's handlers from
    // reaching a sink that is gone.
    void attachRecorder(
        std::shared_ptr<Recorder> recorder, const QString &sessionName, const std::weak_ptr<EventSink> &self);
    void renameRecording(const QString &sessionName);

private:
    std::shared_ptr<Recorder> m_recorder; // read and swapped with std::atomic_load/atomic_store
    std::atomic<bool> m_hasRecorder {false};
    QMutex m_resumeMutex; // guards m_recordingBehind's changes and m_resumes
    std::atomic<bool> m_recordingBehind {false};
    std::vector<std::pair<QPointer<QObject>, std::function<void()>>> m_resumes;
    const bool m_display;
    const bool m_displayData;
    const int m_previewBytes;

    QMutex m_displayMutex;
    EventBatch m_displayQueue;
    std::atomic<int> m_displayQueued {0}; // m_displayQueue.size(), readable without the lock
    qint64 m_notDisplayed = 0;
    std::atomic<qint64> m_wholeBudget {0};
    qint64 m_wholeQueued = 0; // bytes of whole payloads in m_displayQueue (guarded by m_displayMutex)
};

} // namespace sockpit
